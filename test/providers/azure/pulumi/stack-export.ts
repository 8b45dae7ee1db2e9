// A scenario's ARM resources as the Pulumi resource states azure-native records for them (a `pulumi stack export`).
import { PULUMI_TYPES } from '../../../../providers/azure/pulumi/index';
import type { ArmResource, AzureScenario } from '../../../../sim/azure';

export type Json = Record<string, unknown>;

function segment(id: string, name: string): string {
  const parts = id.split('/');
  const at = parts.findIndex((part) => part.toLowerCase() === name.toLowerCase());
  return parts[at + 1];
}

function pulumiIdentity(identity: unknown): Json | undefined {
  if (typeof identity !== 'object' || identity === null) return undefined;
  const { type, userAssignedIdentities } = identity as Json;
  return { type, ...(userAssignedIdentities ? { userAssignedIdentities: Object.keys(userAssignedIdentities as Json) } : {}) };
}

/** The Pulumi resource state azure-native records for an ARM resource: its inputs in Pulumi's shape, and its outputs. */
export function pulumiState(resource: ArmResource): Json | undefined {
  const properties = (resource.properties ?? {}) as Json;
  const resourceGroupName = segment(resource.id, 'resourceGroups');
  const urn = (type: string) => `urn:pulumi:prod::ml::${type}::${resource.name}`;
  const state = (type: string, inputs: Json, outputs: Json = {}) => ({ urn: urn(type), custom: true, id: resource.id, type, inputs, outputs: { id: resource.id, name: resource.name, ...outputs } });
  switch (resource.type) {
    case 'Microsoft.MachineLearningServices/workspaces': {
      const { privateEndpointConnections, provisioningState, workspaceId, ...settable } = properties;
      const flattened = (privateEndpointConnections as Json[]).map((c) => ({ id: c.id, name: c.name, ...(c.properties as Json) }));
      return state(PULUMI_TYPES.workspace, { resourceGroupName, workspaceName: resource.name, location: resource.location, identity: pulumiIdentity(resource.identity), sku: resource.sku, ...settable }, { privateEndpointConnections: flattened, workspaceId });
    }
    case 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints':
      return state(PULUMI_TYPES.endpoint, {
        resourceGroupName,
        workspaceName: segment(resource.id, 'workspaces'),
        endpointName: resource.name,
        location: resource.location,
        kind: resource.kind,
        identity: pulumiIdentity(resource.identity),
        properties: { authMode: properties.authMode, publicNetworkAccess: properties.publicNetworkAccess, traffic: properties.traffic },
      });
    case 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments': {
      const { provisioningState, ...settable } = properties;
      return state(PULUMI_TYPES.deployment, {
        resourceGroupName,
        workspaceName: segment(resource.id, 'workspaces'),
        endpointName: segment(resource.id, 'onlineEndpoints'),
        deploymentName: resource.name,
        location: resource.location,
        sku: resource.sku,
        properties: settable,
      });
    }
    case 'Microsoft.MachineLearningServices/workspaces/environments/versions': {
      const { provisioningState, ...settable } = properties;
      return state(PULUMI_TYPES.environment, { resourceGroupName, workspaceName: segment(resource.id, 'workspaces'), name: segment(resource.id, 'environments'), version: resource.name, properties: settable });
    }
    case 'Microsoft.Insights/diagnosticSettings': {
      const { workspaceId, storageAccountId, logs, metrics } = properties;
      const resourceUri = resource.id.replace(/\/providers\/microsoft\.insights\/diagnosticSettings\/[^/]+$/i, '');
      // azure-native leaves out an empty destination.
      return state(PULUMI_TYPES.diagnosticSetting, { resourceUri, name: resource.name, ...(workspaceId ? { workspaceId } : {}), ...(storageAccountId ? { storageAccountId } : {}), logs, metrics });
    }
    case 'Microsoft.KeyVault/vaults': {
      const { provisioningState, vaultUri, ...settable } = properties;
      return state(PULUMI_TYPES.vault, { resourceGroupName, vaultName: resource.name, location: resource.location, properties: settable });
    }
    case 'Microsoft.KeyVault/vaults/keys': {
      const { kty, keySize, keyOps, rotationPolicy } = properties;
      return state(PULUMI_TYPES.key, { resourceGroupName, vaultName: segment(resource.id, 'vaults'), keyName: resource.name, properties: { kty, keySize, keyOps, rotationPolicy } });
    }
    case 'Microsoft.ManagedIdentity/userAssignedIdentities':
      return state(PULUMI_TYPES.identity, { resourceGroupName, resourceName: resource.name, location: resource.location }, { principalId: properties.principalId, clientId: properties.clientId });
    case 'Microsoft.Authorization/roleAssignments':
      return state(PULUMI_TYPES.roleAssignment, { principalId: properties.principalId, principalType: properties.principalType, roleDefinitionId: properties.roleDefinitionId, scope: properties.scope });
    default:
      return undefined;
  }
}

export function stackExport(scenario: AzureScenario): Json {
  return { version: 3, deployment: { manifest: { time: '2026-01-15T09:30:00Z', magic: '', version: 'v3.248.0' }, secrets_providers: { type: 'passphrase' }, resources: scenario.resources.flatMap((r) => pulumiState(r) ?? []) } };
}

