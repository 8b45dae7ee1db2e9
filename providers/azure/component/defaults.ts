// Secure defaults for SecureAzureMlEndpoint, as pure functions: each returns fresh settings, creates no
// resource, and names the inferguard control each value satisfies (CONTROLS.md ids where the judgement is the
// same as on AWS; new provider-neutral ids where it is new). Precedence, lowest to highest: these defaults,
// then the user's overrides, then the few values the component sets to wire its parts together (`mergeSettings`).

/**
 * Merges settings in a fixed order: `defaults`, then the user's `overrides`, then `wiring` (values the
 * component needs to connect its resources). A key the user sets to `undefined` keeps the default.
 */
export function mergeSettings<T extends object>(defaults: T, overrides?: Partial<T>, wiring?: Partial<T>): T {
  const defined = (value: Partial<T> | undefined): Partial<T> =>
    Object.fromEntries(Object.entries(value ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;
  return { ...defaults, ...defined(overrides), ...defined(wiring) };
}

export type PublicNetworkAccess = 'Enabled' | 'Disabled';
/** `Microsoft.MachineLearningServices/workspaces` `managedNetwork.isolationMode`. */
export type IsolationMode = 'AllowOnlyApprovedOutbound' | 'AllowInternetOutbound' | 'Disabled';
/** `onlineEndpoints` `properties.authMode`: Key = non-expiring shared keys; AMLToken / AADToken = expiring tokens. */
export type EndpointAuthMode = 'AADToken' | 'AMLToken' | 'Key';

// ---------------------------------------------------------------------------------------------
// Workspace
// ---------------------------------------------------------------------------------------------

export interface WorkspaceSettings {
  readonly publicNetworkAccess: PublicNetworkAccess;
  readonly allowPublicAccessWhenBehindVnet: boolean;
  readonly v1LegacyMode: boolean;
  readonly isolationMode: IsolationMode;
  readonly customerManagedKey: boolean;
  readonly privateEndpoint: boolean;
  readonly hbiWorkspace: boolean;
}

export function defaultWorkspaceSettings(): WorkspaceSettings {
  return {
    // workspace-private-access: the workspace answers only through its private endpoint.
    publicNetworkAccess: 'Disabled',
    // workspace-private-access: no public path even when the workspace sits behind a network.
    allowPublicAccessWhenBehindVnet: false,
    // v1 legacy mode blocks the v2 APIs that managed online endpoints and the managed network use.
    v1LegacyMode: false,
    // network-outbound-restricted: the managed network lets compute reach only approved destinations.
    isolationMode: 'AllowOnlyApprovedOutbound',
    // workspace-customer-key: workspace data (run history, indices, metadata) encrypted with the customer key.
    customerManagedKey: true,
    // workspace-private-access: a private endpoint (groupId amlworkspace) with its private DNS zones.
    privateEndpoint: true,
    // Less diagnostic data sent to Microsoft and encrypted scratch disks; can only be set at creation.
    hbiWorkspace: true,
  };
}

// ---------------------------------------------------------------------------------------------
// Key Vault and key
// ---------------------------------------------------------------------------------------------

export interface KeyVaultSettings {
  readonly enableSoftDelete: boolean;
  readonly softDeleteRetentionInDays: number;
  readonly enablePurgeProtection: boolean;
  readonly enableRbacAuthorization: boolean;
  readonly publicNetworkAccess: PublicNetworkAccess;
  readonly networkDefaultAction: 'Allow' | 'Deny';
  readonly sku: 'standard' | 'premium';
}

export function defaultKeyVaultSettings(): KeyVaultSettings {
  return {
    // key-store-hardened: deleted keys stay recoverable (and Azure Machine Learning refuses a key without it).
    enableSoftDelete: true,
    softDeleteRetentionInDays: 90,
    // key-store-hardened: nobody can purge the key before the retention ends (required for workspace encryption).
    enablePurgeProtection: true,
    // key-store-hardened: data-plane access through Azure RBAC role assignments, not vault access policies.
    enableRbacAuthorization: true,
    // key-store-hardened: no access from public networks; trusted Azure services (the workspace) still reach it.
    publicNetworkAccess: 'Disabled',
    networkDefaultAction: 'Deny',
    sku: 'standard',
  };
}

export interface KeySettings {
  readonly kty: 'RSA' | 'RSA-HSM';
  readonly keySize: 2048 | 3072 | 4096;
  /** Rotate automatically; `rotateAfter` and `expiresAfter` are ISO 8601 durations (`P365D`, `P18M`, `P2Y`). */
  readonly rotationEnabled: boolean;
  readonly rotateAfter: string;
  readonly expiresAfter: string;
  readonly notifyBeforeExpiry: string;
}

export function defaultKeySettings(): KeySettings {
  return {
    kty: 'RSA',
    keySize: 3072,
    // key-rotation-enabled: a new key version every 365 days (the control's default maximum), automatically.
    rotationEnabled: true,
    rotateAfter: 'P365D',
    // Each version expires two years after creation, long after its successor exists; notify 30 days before.
    expiresAfter: 'P730D',
    notifyBeforeExpiry: 'P30D',
  };
}

// ---------------------------------------------------------------------------------------------
// Online endpoint and deployment
// ---------------------------------------------------------------------------------------------

export interface EndpointSettings {
  readonly publicNetworkAccess: PublicNetworkAccess;
  readonly authMode: EndpointAuthMode;
}

export function defaultEndpointSettings(): EndpointSettings {
  return {
    // endpoint-public-access-disabled: scoring only through the workspace's private endpoint.
    publicNetworkAccess: 'Disabled',
    // endpoint-caller-authentication: callers present Microsoft Entra ID tokens (expiring, per identity,
    // authorized by the score/action RBAC permission); no shared keys exist.
    authMode: 'AADToken',
  };
}

export interface DeploymentSettings {
  readonly instanceType: string;
  readonly instanceCount: number;
  /**
   * Legacy network isolation only: Azure ignores it once the workspace uses a managed network, so it is
   * left unset by default and refused with a managed network.
   */
  readonly egressPublicNetworkAccess: PublicNetworkAccess | undefined;
}

export function defaultDeploymentSettings(): DeploymentSettings {
  return {
    instanceType: 'Standard_DS3_v2',
    // endpoint-multiple-instances: two instances, so one failure or update leaves the endpoint serving.
    instanceCount: 2,
    egressPublicNetworkAccess: undefined,
  };
}

// ---------------------------------------------------------------------------------------------
// Request logging
// ---------------------------------------------------------------------------------------------

export interface LoggingSettings {
  /** A diagnostic setting on the endpoint that sends its traffic log (AmlOnlineEndpointTrafficLog) to Log Analytics. */
  readonly requestLogging: boolean;
  /** An existing Log Analytics workspace to send to; a new one is created when absent. */
  readonly logAnalyticsWorkspaceId: string | undefined;
  /** Retention of the Log Analytics workspace the component creates (30 to 730 days). */
  readonly retentionInDays: number;
}

export function defaultLoggingSettings(): LoggingSettings {
  return {
    // endpoint-request-logging: every scoring request (caller, time, status, latency) recorded in Log Analytics.
    requestLogging: true,
    logAnalyticsWorkspaceId: undefined,
    retentionInDays: 90,
  };
}

/** The diagnostic-log category of an online endpoint's scoring requests. */
export const ENDPOINT_TRAFFIC_LOG_CATEGORY = 'AmlOnlineEndpointTrafficLog';

// ---------------------------------------------------------------------------------------------
// Network (used when the caller gives no subnet for the private endpoint)
// ---------------------------------------------------------------------------------------------

export interface NetworkSettings {
  readonly addressPrefix: string;
  readonly privateEndpointSubnetPrefix: string;
}

export function defaultNetworkSettings(): NetworkSettings {
  return { addressPrefix: '10.42.0.0/16', privateEndpointSubnetPrefix: '10.42.1.0/24' };
}

/** The private DNS zones the workspace's private endpoint needs (Azure public cloud). */
export const WORKSPACE_PRIVATE_DNS_ZONES: readonly string[] = ['privatelink.api.azureml.ms', 'privatelink.notebooks.azure.net'];

/** The private link sub-resource of a workspace. */
export const WORKSPACE_PRIVATE_LINK_GROUP_ID = 'amlworkspace';

// ---------------------------------------------------------------------------------------------
// Identity: built-in roles, each with Microsoft's documentation of why inference needs it
// ---------------------------------------------------------------------------------------------

export interface BuiltInRole {
  readonly name: string;
  /** The role definition's GUID (the same in every subscription). */
  readonly id: string;
  /** Why the identity needs it, and where Microsoft says so. */
  readonly reason: string;
}

// identity-least-privilege: data-plane reader roles only, each scoped to the single resource it reads.
export const INFERENCE_ROLES = {
  // https://learn.microsoft.com/azure/machine-learning/concept-endpoints-online-auth ("Automatic role assignment
  // for endpoint identity": online endpoints need ACR pull on the workspace's registry; none is assigned to a UAI).
  acrPull: {
    name: 'AcrPull',
    id: '7f951dda-4ed3-4680-a7ca-43fe172d538d',
    reason: 'pull the inference image from the container registry (scope: that registry)',
  },
  // Same page: "Storage Blob Data Reader permission on the default datastore of the workspace".
  storageBlobDataReader: {
    name: 'Storage Blob Data Reader',
    id: '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1',
    reason: "read the model files from the workspace's default storage (scope: that storage account)",
  },
  // https://learn.microsoft.com/azure/machine-learning/concept-customer-managed-keys (the identity of a service
  // encrypted with a customer key needs get, wrapKey and unwrapKey) and
  // https://learn.microsoft.com/azure/key-vault/general/rbac-guide (this role: read metadata, wrap and unwrap keys).
  keyVaultCryptoServiceEncryptionUser: {
    name: 'Key Vault Crypto Service Encryption User',
    id: 'e147488a-f6f5-4113-8e2d-b22465e65bf6',
    reason: 'wrap and unwrap the workspace data key with the customer key (scope: that key only)',
  },
} as const satisfies Record<string, BuiltInRole>;

/** Built-in roles that grant control over resources or access: never for an inference identity. */
export const BROAD_ROLES: readonly BuiltInRole[] = [
  { name: 'Owner', id: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635', reason: 'full control, including granting access' },
  { name: 'Contributor', id: 'b24988ac-6180-42a0-ab88-20f7382dd24c', reason: 'full control of resources' },
  { name: 'User Access Administrator', id: '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9', reason: 'grants access to others' },
];

/** `/subscriptions/{s}/providers/Microsoft.Authorization/roleDefinitions/{guid}` for a subscription id. */
export function roleDefinitionId(subscriptionId: string, role: BuiltInRole): string {
  return `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${role.id}`;
}
