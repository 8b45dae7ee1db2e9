// The registry of controls. Every file in this folder (but this one) is one control; a test keeps them in step.
import type { z } from 'zod';
import type { AnyControl, Control } from '../control';
import type { ResourceKind } from '../model';
import artifactStoreCustomerKey from './artifact-store-customer-key';
import artifactStorePrivate from './artifact-store-private';
import artifactStoreTlsOnly from './artifact-store-tls-only';
import dataCaptureCustomerKey from './data-capture-customer-key';
import deploymentDedicatedIdentity from './deployment-dedicated-identity';
import endpointCallerAuthentication from './endpoint-caller-authentication';
import endpointMultipleInstances from './endpoint-multiple-instances';
import endpointPrivateApiPath from './endpoint-private-api-path';
import endpointPublicAccessDisabled from './endpoint-public-access-disabled';
import endpointRequestLogging from './endpoint-request-logging';
import endpointStorageCustomerKey from './endpoint-storage-customer-key';
import firewallNoPublicIngress from './firewall-no-public-ingress';
import identityLeastPrivilege from './identity-least-privilege';
import imagePinnedByDigest from './image-pinned-by-digest';
import imagePrivateRegistry from './image-private-registry';
import imageRepositoryImmutableTags from './image-repository-immutable-tags';
import imageRepositoryNotPublic from './image-repository-not-public';
import imageRepositoryScanOnPush from './image-repository-scan-on-push';
import keyNotPublic from './key-not-public';
import keyRotationEnabled from './key-rotation-enabled';
import keyStoreHardened from './key-store-hardened';
import modelMonitoringScheduled from './model-monitoring-scheduled';
import modelNetworkIsolation from './model-network-isolation';
import modelPrivateNetwork from './model-private-network';
import networkOutboundRestricted from './network-outbound-restricted';
import projectServicePerimeter from './project-service-perimeter';
import workspaceCustomerKey from './workspace-customer-key';
import workspacePrivateAccess from './workspace-private-access';

/** Forgets a control's own subject and parameter types: evaluate() hands it only resources of its subject and parameters parsed by its own schema. */
const asAnyControl = <K extends ResourceKind, P extends z.ZodType>(control: Control<K, P>): AnyControl => control as unknown as AnyControl;

const registered: AnyControl[] = [
  asAnyControl(artifactStoreCustomerKey),
  asAnyControl(artifactStorePrivate),
  asAnyControl(artifactStoreTlsOnly),
  asAnyControl(dataCaptureCustomerKey),
  asAnyControl(deploymentDedicatedIdentity),
  asAnyControl(endpointCallerAuthentication),
  asAnyControl(endpointMultipleInstances),
  asAnyControl(endpointPrivateApiPath),
  asAnyControl(endpointPublicAccessDisabled),
  asAnyControl(endpointRequestLogging),
  asAnyControl(endpointStorageCustomerKey),
  asAnyControl(firewallNoPublicIngress),
  asAnyControl(identityLeastPrivilege),
  asAnyControl(imagePinnedByDigest),
  asAnyControl(imagePrivateRegistry),
  asAnyControl(imageRepositoryImmutableTags),
  asAnyControl(imageRepositoryNotPublic),
  asAnyControl(imageRepositoryScanOnPush),
  asAnyControl(keyNotPublic),
  asAnyControl(keyRotationEnabled),
  asAnyControl(keyStoreHardened),
  asAnyControl(modelMonitoringScheduled),
  asAnyControl(modelNetworkIsolation),
  asAnyControl(modelPrivateNetwork),
  asAnyControl(networkOutboundRestricted),
  asAnyControl(projectServicePerimeter),
  asAnyControl(workspaceCustomerKey),
  asAnyControl(workspacePrivateAccess),
];

/** Every control, sorted by id. */
export const allControls: readonly AnyControl[] = [...registered].sort((a, b) => a.id.localeCompare(b.id));

const byId = new Map(allControls.map((c) => [c.id, c]));

export function findControl(id: string): AnyControl | undefined {
  return byId.get(id);
}
