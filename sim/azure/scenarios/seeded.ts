// Seeded scenarios: a compliant workspace and endpoint (what SecureAzureMlEndpoint provisions), a non-compliant
// one (public endpoint, key auth, no customer key, key without rotation, Owner on the resource group), both
// together in two subscriptions, and a generator of many workspaces for paging and benchmarks.
import { BUILT_IN_ROLES } from '../role-definitions';
import type { ArmResource, AzureScenario, SimResourceGroup, SimSubscription } from '../scenario';
import {
  diagnosticSetting,
  environmentVersion,
  guidFrom,
  key,
  logAnalyticsWorkspaceId,
  onlineDeployment,
  onlineEndpoint,
  principalIdOf,
  privateEndpoint,
  resourceGroupId,
  roleAssignment,
  userAssignedIdentity,
  vault,
  workspace,
  type Placement,
} from './builders';

export const SIM_TENANT_ID = '72f988bf-0000-4000-8000-00000000a2e1';
export const COMPLIANT_SUBSCRIPTION_ID = '0b1f6471-1bf0-4dda-aec3-111111111111';
export const NON_COMPLIANT_SUBSCRIPTION_ID = '0b1f6471-1bf0-4dda-aec3-222222222222';
const LOCATION = 'westeurope';
/** The digest of the compliant scenario's inference image (in the workspace's own registry). */
export const SIM_IMAGE_DIGEST = `sha256:${'4f53cda1'.repeat(8)}`;

export interface Part {
  readonly subscription: SimSubscription;
  readonly group: SimResourceGroup;
  readonly resources: ArmResource[];
}

function placement(subscriptionId: string, resourceGroup: string): Placement {
  return { subscriptionId, resourceGroup, location: LOCATION, tenantId: SIM_TENANT_ID };
}

function registryId(at: Placement, name: string): string {
  return `${resourceGroupId(at.subscriptionId, at.resourceGroup)}/providers/Microsoft.ContainerRegistry/registries/${name}`;
}

function storageId(workspaceResource: ArmResource): string {
  return String((workspaceResource.properties as Record<string, unknown>).storageAccount);
}

/** A workspace and endpoint as SecureAzureMlEndpoint's defaults make them. */
export function compliantPart(subscriptionId = COMPLIANT_SUBSCRIPTION_ID, resourceGroup = 'ml-prod', prefix = 'churn'): Part {
  const at = placement(subscriptionId, resourceGroup);
  const keyIdentity = userAssignedIdentity(at, `${prefix}-key-identity`);
  const endpointIdentity = userAssignedIdentity(at, `${prefix}-endpoint-identity`);
  const keyVault = vault(at, `${prefix}kv`, { enablePurgeProtection: true, enableRbacAuthorization: true, publicNetworkAccess: 'Disabled', networkDefaultAction: 'Deny' });
  const workspaceKey = key(keyVault, `${prefix}-key`, { rotateAfter: 'P365D', expiresAfter: 'P730D', purgeProtected: true });
  const workspaceId = `${resourceGroupId(subscriptionId, resourceGroup)}/providers/Microsoft.MachineLearningServices/workspaces/${prefix}-ws`;
  const endpointPe = privateEndpoint(at, `${prefix}-ws-pe`, workspaceId, 'amlworkspace', 'Approved');
  const registry = registryId(at, `${prefix}acr`);
  const ws = workspace(at, `${prefix}-ws`, {
    publicNetworkAccess: 'Disabled',
    isolationMode: 'AllowOnlyApprovedOutbound',
    keyVaultId: keyVault.id,
    customerKey: { vaultId: keyVault.id, keyIdentifier: String((workspaceKey.properties as Record<string, unknown>).keyUriWithVersion), identityId: keyIdentity.id },
    privateEndpoint: { id: endpointPe.id, status: 'Approved' },
    containerRegistryId: registry,
  });
  const endpoint = onlineEndpoint(ws, prefix, { authMode: 'AADToken', publicNetworkAccess: 'Disabled', identityId: endpointIdentity.id, traffic: { default: 100 } });
  const environment = environmentVersion(ws, `${prefix}-image`, SIM_IMAGE_DIGEST.slice('sha256:'.length, 'sha256:'.length + 12), {
    image: `${prefix}acr.azurecr.io/${prefix}-scorer@${SIM_IMAGE_DIGEST}`,
  });
  const deployment = onlineDeployment(endpoint, 'default', {
    instanceCount: 2,
    // ARM reports its default for this legacy field; the managed network makes it irrelevant.
    egressPublicNetworkAccess: 'Enabled',
    environmentId: environment.id,
    modelId: `${ws.id}/models/${prefix}/versions/1`,
  });
  const trafficLog = diagnosticSetting(endpoint, 'inference-traffic', { workspaceId: logAnalyticsWorkspaceId(at, `${prefix}-logs`), logs: [{ category: 'AmlOnlineEndpointTrafficLog', enabled: true }] });
  const resources = [
    keyIdentity,
    endpointIdentity,
    keyVault,
    workspaceKey,
    endpointPe,
    ws,
    endpoint,
    environment,
    deployment,
    trafficLog,
    roleAssignment(subscriptionId, workspaceKey.id, BUILT_IN_ROLES.keyVaultCryptoServiceEncryptionUser.id, principalIdOf(keyIdentity)),
    roleAssignment(subscriptionId, storageId(ws), BUILT_IN_ROLES.storageBlobDataReader.id, principalIdOf(endpointIdentity)),
    roleAssignment(subscriptionId, registry, BUILT_IN_ROLES.acrPull.id, principalIdOf(endpointIdentity)),
  ];
  return { subscription: { subscriptionId, displayName: 'ML production' }, group: { subscriptionId, name: resourceGroup, location: LOCATION }, resources };
}

/** Every mistake at once: public endpoint, key auth, no customer key, key without rotation, Owner on the resource group. */
export function nonCompliantPart(subscriptionId = NON_COMPLIANT_SUBSCRIPTION_ID, resourceGroup = 'ml-dev', prefix = 'fraud'): Part {
  const at = placement(subscriptionId, resourceGroup);
  const endpointIdentity = userAssignedIdentity(at, `${prefix}-endpoint-identity`);
  const keyVault = vault(at, `${prefix}kv`, { enablePurgeProtection: false, enableRbacAuthorization: false, publicNetworkAccess: 'Enabled' });
  const staleKey = key(keyVault, `${prefix}-key`, { purgeProtected: false });
  const ws = workspace(at, `${prefix}-ws`, { publicNetworkAccess: 'Enabled', isolationMode: 'Disabled', keyVaultId: keyVault.id });
  const endpoint = onlineEndpoint(ws, prefix, { authMode: 'Key', publicNetworkAccess: 'Enabled', identityId: endpointIdentity.id });
  // A public base image by tag: neither from a private registry nor pinned by digest.
  const environment = environmentVersion(ws, `${prefix}-env`, '3', { image: 'mcr.microsoft.com/azureml/minimal-ubuntu22.04-py39-cpu-inference:latest' });
  const deployment = onlineDeployment(endpoint, 'blue', {
    instanceCount: 1,
    egressPublicNetworkAccess: 'Enabled',
    environmentId: environment.id,
    modelId: `${ws.id}/models/${prefix}/versions/3`,
  });
  // Console logs only, to a storage account: requests are not logged.
  const consoleOnly = diagnosticSetting(endpoint, 'console', { storageAccountId: `${resourceGroupId(subscriptionId, resourceGroup)}/providers/Microsoft.Storage/storageAccounts/${prefix}logs`, logs: [{ category: 'AmlOnlineEndpointConsoleLog', enabled: true }, { category: 'AmlOnlineEndpointTrafficLog', enabled: false }] });
  const resources = [
    endpointIdentity,
    keyVault,
    staleKey,
    ws,
    endpoint,
    environment,
    deployment,
    consoleOnly,
    roleAssignment(subscriptionId, resourceGroupId(subscriptionId, resourceGroup), BUILT_IN_ROLES.owner.id, principalIdOf(endpointIdentity)),
  ];
  return { subscription: { subscriptionId, displayName: 'ML development' }, group: { subscriptionId, name: resourceGroup, location: LOCATION }, resources };
}

export function assemble(name: string, parts: readonly Part[]): AzureScenario {
  const subscriptions = new Map<string, SimSubscription>();
  for (const part of parts) subscriptions.set(part.subscription.subscriptionId, part.subscription);
  return {
    name,
    tenantId: SIM_TENANT_ID,
    subscriptions: [...subscriptions.values()],
    resourceGroups: parts.map((part) => part.group),
    resources: parts.flatMap((part) => part.resources),
  };
}

export function compliantScenario(): AzureScenario {
  return assemble('compliant', [compliantPart()]);
}

export function nonCompliantScenario(): AzureScenario {
  return assemble('non-compliant', [nonCompliantPart()]);
}

/** Both, in two subscriptions of one tenant. */
export function demoScenario(): AzureScenario {
  return assemble('demo', [compliantPart(), nonCompliantPart()]);
}

/**
 * `workspaces` workspaces (alternately compliant and not) spread over `subscriptions` subscriptions, each in its own
 * resource group with one endpoint: for paging tests and benchmarks.
 */
export function generatedScenario(workspaces: number, subscriptions = 1): AzureScenario {
  if (!Number.isInteger(workspaces) || workspaces < 1) throw new Error(`workspaces must be a whole number of at least 1, not ${String(workspaces)}.`);
  if (!Number.isInteger(subscriptions) || subscriptions < 1) throw new Error(`subscriptions must be a whole number of at least 1, not ${String(subscriptions)}.`);
  const parts: Part[] = [];
  for (let index = 0; index < workspaces; index += 1) {
    const subscriptionId = guidFrom(`generated-subscription:${index % subscriptions}`);
    const build = index % 2 === 0 ? compliantPart : nonCompliantPart;
    parts.push(build(subscriptionId, `ml-${String(index).padStart(4, '0')}`, `m${index}`));
  }
  return assemble(`generated-${workspaces}`, parts);
}

export const AZURE_SCENARIOS: Readonly<Record<string, () => AzureScenario>> = {
  compliant: compliantScenario,
  'non-compliant': nonCompliantScenario,
  demo: demoScenario,
  // Imported lazily: scenarios/estate.ts builds on this module.
  estate: () => (require('./estate') as typeof import('./estate')).estateScenario({ subscriptions: 200, withWorkspaces: 10 }),
};
