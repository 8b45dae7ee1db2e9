// The GCP example stack: one SecureVertexEndpoint from the `inferguard:*` stack settings (documented in
// README.md next to this file). bin/pulumi-app.ts calls it when `inferguard:cloud` is `gcp`.
import * as pulumi from '@pulumi/pulumi';
import { SecureVertexEndpoint } from '../../providers/gcp/component/secure-vertex-endpoint';
import type { SecureVertexEndpointProps, ServicePerimeterProps } from '../../providers/gcp/component/props';

export const GCP_EXAMPLE_NAME = 'inferguard-vertex';

/** The perimeter settings: create in an access policy, join an existing perimeter, or (explicitly) none. */
function perimeterFrom(config: pulumi.Config): ServicePerimeterProps {
  const accessPolicy = config.get('gcpAccessPolicy');
  const existingPerimeter = config.get('gcpExistingPerimeter');
  const enabled = config.getBoolean('gcpPerimeter') ?? true;
  const dryRun = config.getBoolean('gcpPerimeterDryRun');
  return { enabled, ...(accessPolicy ? { accessPolicy } : {}), ...(existingPerimeter ? { existingPerimeter } : {}), ...(dryRun === undefined ? {} : { dryRun }) };
}

export function exampleProps(config: pulumi.Config = new pulumi.Config('inferguard')): SecureVertexEndpointProps {
  const network = config.get('gcpNetwork');
  const modelArtifactBucket = config.get('gcpModelBucket');
  const allowlist = config.get('gcpPscAllowlist');
  return {
    projectId: config.require('gcpProject'),
    projectNumber: config.require('gcpProjectNumber'),
    region: config.get('gcpRegion') ?? 'europe-west4',
    displayName: config.get('gcpEndpointDisplayName') ?? GCP_EXAMPLE_NAME,
    // A network means VPC peering, which takes the place of Private Service Connect.
    ...(network ? { network, privateServiceConnect: { enabled: false } } : {}),
    ...(allowlist && !network ? { privateServiceConnect: { projectAllowlist: allowlist.split(',').map((p) => p.trim()).filter((p) => p !== '') } } : {}),
    ...(modelArtifactBucket ? { modelArtifactBucket } : {}),
    servicePerimeter: perimeterFrom(config),
  };
}

export function createGcpExample(): Record<string, pulumi.Output<unknown> | unknown> {
  const endpoint = new SecureVertexEndpoint(GCP_EXAMPLE_NAME, exampleProps());
  return {
    endpointId: endpoint.endpoint.name,
    endpointResourceName: endpoint.endpoint.id,
    keyName: endpoint.keyName,
    servingServiceAccountEmail: endpoint.servingServiceAccountEmail,
    loggingDataset: endpoint.loggingDataset?.datasetId,
    servicePerimeter: endpoint.servicePerimeter?.name,
  };
}
