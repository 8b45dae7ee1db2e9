// Builders for ARM resource bodies in the shapes of Microsoft's REST reference examples
// (/work/shared/reference/azure-examples): field names, casing and nesting as ARM returns them from a GET.
import { createHash } from 'node:crypto';
import type { ArmResource } from '../scenario';

const CREATED = '2026-01-15T09:30:00.0000000Z';
const CREATED_EPOCH = 1768469400;

/** A stable GUID derived from text, so scenarios are the same on every run. */
export function guidFrom(text: string): string {
  const hex = createHash('sha1').update(text).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

function systemData(): Record<string, unknown> {
  return { createdAt: CREATED, createdBy: 'ml-platform@contoso.com', createdByType: 'User', lastModifiedAt: CREATED, lastModifiedBy: 'ml-platform@contoso.com', lastModifiedByType: 'User' };
}

export function resourceGroupId(subscriptionId: string, resourceGroup: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}`;
}

export interface Placement {
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly location: string;
  readonly tenantId: string;
}

// ---------------------------------------------------------------------------------------------
// Managed identity
// ---------------------------------------------------------------------------------------------

export function userAssignedIdentity(at: Placement, name: string): ArmResource {
  return {
    id: `${resourceGroupId(at.subscriptionId, at.resourceGroup)}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}`,
    name,
    type: 'Microsoft.ManagedIdentity/userAssignedIdentities',
    location: at.location,
    tags: {},
    properties: { tenantId: at.tenantId, principalId: guidFrom(`principal:${name}`), clientId: guidFrom(`client:${name}`) },
  };
}

export function principalIdOf(identity: ArmResource): string {
  return String((identity.properties as Record<string, unknown>).principalId);
}

// ---------------------------------------------------------------------------------------------
// Key Vault
// ---------------------------------------------------------------------------------------------

export interface VaultOptions {
  readonly enablePurgeProtection: boolean;
  readonly enableRbacAuthorization: boolean;
  readonly publicNetworkAccess: 'Enabled' | 'Disabled';
  readonly networkDefaultAction?: 'Allow' | 'Deny';
}

export function vault(at: Placement, name: string, options: VaultOptions): ArmResource {
  const properties: Record<string, unknown> = {
    sku: { family: 'A', name: 'standard' },
    tenantId: at.tenantId,
    accessPolicies: options.enableRbacAuthorization
      ? []
      : [{ tenantId: at.tenantId, objectId: guidFrom(`admin:${name}`), permissions: { keys: ['get', 'list', 'create', 'wrapKey', 'unwrapKey'], secrets: ['get', 'list', 'set'], certificates: [] } }],
    enabledForDeployment: false,
    enabledForDiskEncryption: false,
    enabledForTemplateDeployment: false,
    enableSoftDelete: true,
    softDeleteRetentionInDays: 90,
    enableRbacAuthorization: options.enableRbacAuthorization,
    // ARM omits enablePurgeProtection unless it was turned on (it can never be turned off again).
    ...(options.enablePurgeProtection ? { enablePurgeProtection: true } : {}),
    ...(options.networkDefaultAction === undefined ? {} : { networkAcls: { bypass: 'AzureServices', defaultAction: options.networkDefaultAction, ipRules: [], virtualNetworkRules: [] } }),
    vaultUri: `https://${name}.vault.azure.net/`,
    provisioningState: 'Succeeded',
    publicNetworkAccess: options.publicNetworkAccess,
  };
  return {
    id: `${resourceGroupId(at.subscriptionId, at.resourceGroup)}/providers/Microsoft.KeyVault/vaults/${name}`,
    name,
    type: 'Microsoft.KeyVault/vaults',
    location: at.location,
    tags: {},
    systemData: systemData(),
    properties,
  };
}

export interface KeyOptions {
  /** ISO 8601 duration after creation at which a new version is made, when the key rotates automatically. */
  readonly rotateAfter?: string;
  readonly expiresAfter?: string;
  /** Purge protection on the vault makes the recovery level `Recoverable`. */
  readonly purgeProtected: boolean;
}

export function key(vaultResource: ArmResource, name: string, options: KeyOptions): ArmResource {
  const vaultName = vaultResource.name;
  const version = guidFrom(`key-version:${vaultResource.id}/${name}`).replace(/-/g, '');
  const lifetimeActions = [
    ...(options.rotateAfter === undefined ? [] : [{ trigger: { timeAfterCreate: options.rotateAfter }, action: { type: 'rotate' } }]),
    { trigger: { timeBeforeExpiry: 'P30D' }, action: { type: 'notify' } },
  ];
  return {
    id: `${vaultResource.id}/keys/${name}`,
    name,
    type: 'Microsoft.KeyVault/vaults/keys',
    location: vaultResource.location,
    tags: {},
    properties: {
      attributes: { enabled: true, created: CREATED_EPOCH, updated: CREATED_EPOCH, recoveryLevel: options.purgeProtected ? 'Recoverable' : 'Recoverable+Purgeable', exportable: false },
      kty: 'RSA',
      keyOps: ['wrapKey', 'unwrapKey'],
      keySize: 3072,
      keyUri: `https://${vaultName}.vault.azure.net/keys/${name}`,
      keyUriWithVersion: `https://${vaultName}.vault.azure.net/keys/${name}/${version}`,
      ...(options.rotateAfter === undefined && options.expiresAfter === undefined
        ? {}
        : { rotationPolicy: { attributes: { created: CREATED_EPOCH, updated: CREATED_EPOCH, ...(options.expiresAfter === undefined ? {} : { expiryTime: options.expiresAfter }) }, lifetimeActions } }),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Private endpoints
// ---------------------------------------------------------------------------------------------

export function privateEndpoint(at: Placement, name: string, targetId: string, groupId: string, status: 'Approved' | 'Pending' | 'Rejected'): ArmResource {
  const id = `${resourceGroupId(at.subscriptionId, at.resourceGroup)}/providers/Microsoft.Network/privateEndpoints/${name}`;
  const connection = {
    id: `${id}/privateLinkServiceConnections/${name}-connection`,
    name: `${name}-connection`,
    type: 'Microsoft.Network/privateEndpoints/privateLinkServiceConnections',
    properties: {
      provisioningState: 'Succeeded',
      privateLinkServiceId: targetId,
      groupIds: [groupId],
      requestMessage: status === 'Approved' ? '' : 'Please approve my connection.',
      privateLinkServiceConnectionState: { status, description: status === 'Approved' ? 'Auto-Approved' : 'Awaiting approval', actionsRequired: 'None' },
    },
  };
  return {
    id,
    name,
    type: 'Microsoft.Network/privateEndpoints',
    location: at.location,
    tags: {},
    properties: {
      provisioningState: 'Succeeded',
      privateLinkServiceConnections: status === 'Approved' ? [connection] : [],
      manualPrivateLinkServiceConnections: status === 'Approved' ? [] : [connection],
      subnet: { id: `${resourceGroupId(at.subscriptionId, at.resourceGroup)}/providers/Microsoft.Network/virtualNetworks/ml-vnet/subnets/private-endpoints` },
      networkInterfaces: [{ id: `${resourceGroupId(at.subscriptionId, at.resourceGroup)}/providers/Microsoft.Network/networkInterfaces/${name}.nic.${guidFrom(id).slice(0, 8)}` }],
      customDnsConfigs: [],
      applicationSecurityGroups: [],
      ipConfigurations: [],
      customNetworkInterfaceName: '',
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Machine Learning workspace, online endpoints and deployments
// ---------------------------------------------------------------------------------------------

export interface WorkspaceOptions {
  readonly publicNetworkAccess: 'Enabled' | 'Disabled';
  readonly allowPublicAccessWhenBehindVnet?: boolean;
  readonly isolationMode: 'AllowOnlyApprovedOutbound' | 'AllowInternetOutbound' | 'Disabled';
  readonly keyVaultId: string;
  /** Customer-managed key: the vault, the key version and the identity the workspace uses for it. */
  readonly customerKey?: { readonly vaultId: string; readonly keyIdentifier: string; readonly identityId: string };
  readonly privateEndpoint?: { readonly id: string; readonly status: 'Approved' | 'Pending' | 'Rejected' };
  readonly containerRegistryId?: string;
}

export function workspace(at: Placement, name: string, options: WorkspaceOptions): ArmResource {
  const id = `${resourceGroupId(at.subscriptionId, at.resourceGroup)}/providers/Microsoft.MachineLearningServices/workspaces/${name}`;
  const identityName = options.customerKey?.identityId.split('/').pop() ?? '';
  const userAssigned =
    options.customerKey === undefined ? undefined : { [options.customerKey.identityId]: { clientId: guidFrom(`client:${identityName}`), principalId: guidFrom(`principal:${identityName}`) } };
  const connections =
    options.privateEndpoint === undefined
      ? []
      : [
          {
            name: `${name}.${guidFrom(options.privateEndpoint.id).slice(0, 8)}`,
            type: 'Microsoft.MachineLearningServices/workspaces/privateEndpointConnections',
            id: `${id}/privateEndpointConnections/${name}.${guidFrom(options.privateEndpoint.id).slice(0, 8)}`,
            properties: {
              privateEndpoint: { id: options.privateEndpoint.id },
              privateLinkServiceConnectionState: {
                description: options.privateEndpoint.status === 'Approved' ? 'Auto-Approved' : 'Awaiting approval',
                actionsRequired: 'None',
                status: options.privateEndpoint.status,
              },
              provisioningState: 'Succeeded',
            },
          },
        ];
  return {
    name,
    type: 'Microsoft.MachineLearningServices/workspaces',
    id,
    identity: {
      type: userAssigned === undefined ? 'SystemAssigned' : 'SystemAssigned,UserAssigned',
      principalId: guidFrom(`principal:${id}`),
      tenantId: at.tenantId,
      ...(userAssigned === undefined ? {} : { userAssignedIdentities: userAssigned }),
    },
    location: at.location,
    kind: 'Default',
    sku: { name: 'Basic', tier: 'Basic' },
    systemData: systemData(),
    tags: {},
    properties: {
      description: '',
      allowPublicAccessWhenBehindVnet: options.allowPublicAccessWhenBehindVnet ?? false,
      applicationInsights: `${resourceGroupId(at.subscriptionId, at.resourceGroup)}/providers/microsoft.insights/components/${name}-insights`,
      ...(options.containerRegistryId === undefined ? {} : { containerRegistry: options.containerRegistryId }),
      discoveryUrl: `https://${at.location}.api.azureml.ms/discovery`,
      ...(options.customerKey === undefined
        ? {}
        : {
            encryption: {
              identity: { userAssignedIdentity: options.customerKey.identityId },
              keyVaultProperties: { identityClientId: '', keyIdentifier: options.customerKey.keyIdentifier, keyVaultArmId: options.customerKey.vaultId },
              status: 'Enabled',
            },
          }),
      friendlyName: name,
      hbiWorkspace: options.customerKey !== undefined,
      keyVault: options.keyVaultId,
      managedNetwork: {
        isolationMode: options.isolationMode,
        networkId: guidFrom(`network:${id}`),
        outboundRules: {},
        status: { sparkReady: false, status: options.isolationMode === 'Disabled' ? 'Inactive' : 'Active' },
      },
      privateEndpointConnections: connections,
      privateLinkCount: connections.length,
      provisioningState: 'Succeeded',
      publicNetworkAccess: options.publicNetworkAccess,
      serviceProvisionedResourceGroup: `${name}_${guidFrom(id).replace(/-/g, '').slice(0, 16)}`,
      sharedPrivateLinkResources: [],
      storageAccount: `${resourceGroupId(at.subscriptionId, at.resourceGroup)}/providers/Microsoft.Storage/storageAccounts/${name.replace(/[^a-z0-9]/gi, '').toLowerCase()}st`,
      v1LegacyMode: false,
      workspaceId: guidFrom(`workspace-id:${id}`),
    },
  };
}

export interface OnlineEndpointOptions {
  readonly authMode: 'AADToken' | 'AMLToken' | 'Key';
  readonly publicNetworkAccess: 'Enabled' | 'Disabled';
  readonly identityId?: string;
  readonly traffic?: Readonly<Record<string, number>>;
}

export function onlineEndpoint(workspaceResource: ArmResource, name: string, options: OnlineEndpointOptions): ArmResource {
  const location = String(workspaceResource.location);
  const tenantId = String((workspaceResource.identity as Record<string, unknown>).tenantId);
  const identityName = options.identityId?.split('/').pop() ?? '';
  return {
    id: `${workspaceResource.id}/onlineEndpoints/${name}`,
    name,
    type: 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints',
    properties: {
      description: '',
      properties: {},
      scoringUri: `https://${name}.${location}.inference.ml.azure.com/score`,
      swaggerUri: `https://${name}.${location}.inference.ml.azure.com/swagger.json`,
      authMode: options.authMode,
      provisioningState: 'Succeeded',
      publicNetworkAccess: options.publicNetworkAccess,
      traffic: { ...(options.traffic ?? { blue: 100 }) },
      mirrorTraffic: {},
    },
    systemData: systemData(),
    tags: {},
    location,
    kind: 'Managed',
    identity:
      options.identityId === undefined
        ? { type: 'SystemAssigned', principalId: guidFrom(`principal:${workspaceResource.id}/${name}`), tenantId }
        : { type: 'UserAssigned', tenantId, userAssignedIdentities: { [options.identityId]: { principalId: guidFrom(`principal:${identityName}`), clientId: guidFrom(`client:${identityName}`) } } },
  };
}

export interface DeploymentOptions {
  readonly instanceType?: string;
  readonly instanceCount: number;
  readonly egressPublicNetworkAccess: 'Enabled' | 'Disabled';
  readonly environmentId: string;
  readonly modelId: string;
}

export function onlineDeployment(endpointResource: ArmResource, name: string, options: DeploymentOptions): ArmResource {
  return {
    id: `${endpointResource.id}/deployments/${name}`,
    name,
    type: 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments',
    properties: {
      description: '',
      properties: {},
      environmentId: options.environmentId,
      environmentVariables: {},
      scaleSettings: { scaleType: 'Default' },
      requestSettings: { maxQueueWait: 'PT0.5S', requestTimeout: 'PT5S', maxConcurrentRequestsPerInstance: 1 },
      appInsightsEnabled: false,
      egressPublicNetworkAccess: options.egressPublicNetworkAccess,
      livenessProbe: { failureThreshold: 30, successThreshold: 1, timeout: 'PT2S', period: 'PT10S', initialDelay: 'PT10S' },
      readinessProbe: { failureThreshold: 30, successThreshold: 1, timeout: 'PT2S', period: 'PT10S', initialDelay: 'PT10S' },
      provisioningState: 'Succeeded',
      instanceType: options.instanceType ?? 'Standard_DS3_v2',
      model: options.modelId,
      endpointComputeType: 'Managed',
    },
    systemData: systemData(),
    tags: {},
    location: endpointResource.location,
    kind: 'Managed',
    sku: { name: 'Default', tier: 'Standard', capacity: options.instanceCount },
  };
}

/** An environment version: a prebuilt image, or a Docker build context (EnvironmentVersions_Get's body). */
export type EnvironmentSource = { readonly image: string } | { readonly build: { readonly contextUri: string; readonly dockerfilePath: string } };

export function environmentVersion(workspaceResource: ArmResource, name: string, version: string, source: EnvironmentSource): ArmResource {
  return {
    id: `${workspaceResource.id}/environments/${name}/versions/${version}`,
    name: version,
    type: 'Microsoft.MachineLearningServices/workspaces/environments/versions',
    systemData: systemData(),
    properties: {
      description: '',
      tags: {},
      properties: {},
      isArchived: false,
      isAnonymous: false,
      environmentType: 'UserCreated',
      ...('image' in source ? { image: source.image } : { build: { ...source.build } }),
      osType: 'Linux',
      autoRebuild: 'Disabled',
      inferenceConfig: { livenessRoute: { path: '/', port: 5001 }, readinessRoute: { path: '/', port: 5001 }, scoringRoute: { path: '/score', port: 5001 } },
      provisioningState: 'Succeeded',
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Diagnostic settings (Microsoft.Insights, 2021-05-01-preview)
// ---------------------------------------------------------------------------------------------

export interface DiagnosticSettingOptions {
  /** Log Analytics workspace id; `''` when the setting sends elsewhere (ARM answers an empty string). */
  readonly workspaceId?: string;
  readonly storageAccountId?: string;
  readonly logs: readonly ({ readonly category: string; readonly enabled: boolean } | { readonly categoryGroup: string; readonly enabled: boolean })[];
}

export function diagnosticSetting(target: ArmResource, name: string, options: DiagnosticSettingOptions): ArmResource {
  return {
    id: `${target.id}/providers/microsoft.insights/diagnosticSettings/${name}`,
    type: 'Microsoft.Insights/diagnosticSettings',
    name,
    properties: {
      ...(options.storageAccountId === undefined ? {} : { storageAccountId: options.storageAccountId }),
      workspaceId: options.workspaceId ?? '',
      metrics: [{ category: 'AllMetrics', enabled: false, retentionPolicy: { enabled: false, days: 0 } }],
      logs: options.logs.map((log) => ({ ...('category' in log ? { category: log.category, categoryGroup: null } : { category: null, categoryGroup: log.categoryGroup }), enabled: log.enabled, retentionPolicy: { enabled: false, days: 0 } })),
      logAnalyticsDestinationType: null,
    },
  };
}

export function logAnalyticsWorkspaceId(at: Placement, name: string): string {
  return `${resourceGroupId(at.subscriptionId, at.resourceGroup)}/providers/Microsoft.OperationalInsights/workspaces/${name}`;
}

// ---------------------------------------------------------------------------------------------
// Role assignments
// ---------------------------------------------------------------------------------------------

export function roleAssignment(subscriptionId: string, scope: string, roleDefinitionGuid: string, principalId: string, principalType: 'ServicePrincipal' | 'User' | 'Group' = 'ServicePrincipal'): ArmResource {
  const name = guidFrom(`assignment:${scope}:${roleDefinitionGuid}:${principalId}`);
  return {
    properties: {
      roleDefinitionId: `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${roleDefinitionGuid}`,
      principalId,
      principalType,
      scope,
      condition: null,
      conditionVersion: null,
      createdOn: CREATED,
      updatedOn: CREATED,
      createdBy: guidFrom('creator'),
      updatedBy: guidFrom('creator'),
      delegatedManagedIdentityResourceId: null,
      description: null,
    },
    id: `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`,
    type: 'Microsoft.Authorization/roleAssignments',
    name,
  };
}
