// What the simulator serves: the ARM resource types, their operation ids (as in Microsoft's REST specs) and the
// permission (action) each read needs, plus a parser from an ARM path to (scope, type, name).

export interface ServedType {
  /** Canonical ARM type, e.g. `Microsoft.MachineLearningServices/workspaces/onlineEndpoints`. */
  readonly type: string;
  /** The Azure RBAC action a caller needs to read it. */
  readonly action: string;
  readonly get: string;
  /** List under the parent resource (child types), or at any scope (extension types). */
  readonly list?: string;
  readonly listBySubscription?: string;
  readonly listByResourceGroup?: string;
  /** Extension resources (role assignments and definitions) exist at any scope. */
  readonly extension?: boolean;
}

export const SERVED_TYPES: readonly ServedType[] = [
  {
    type: 'Microsoft.MachineLearningServices/workspaces',
    action: 'Microsoft.MachineLearningServices/workspaces/read',
    get: 'Workspaces_Get',
    listBySubscription: 'Workspaces_ListBySubscription',
    listByResourceGroup: 'Workspaces_ListByResourceGroup',
  },
  {
    type: 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints',
    action: 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints/read',
    get: 'OnlineEndpoints_Get',
    list: 'OnlineEndpoints_List',
  },
  {
    type: 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments',
    action: 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments/read',
    get: 'OnlineDeployments_Get',
    list: 'OnlineDeployments_List',
  },
  {
    type: 'Microsoft.MachineLearningServices/workspaces/environments/versions',
    action: 'Microsoft.MachineLearningServices/workspaces/environments/versions/read',
    get: 'EnvironmentVersions_Get',
  },
  {
    type: 'Microsoft.MachineLearningServices/workspaces/privateEndpointConnections',
    action: 'Microsoft.MachineLearningServices/workspaces/privateEndpointConnections/read',
    get: 'PrivateEndpointConnections_Get',
    list: 'PrivateEndpointConnections_List',
  },
  {
    type: 'Microsoft.KeyVault/vaults',
    action: 'Microsoft.KeyVault/vaults/read',
    get: 'Vaults_Get',
    listBySubscription: 'Vaults_ListBySubscription',
    listByResourceGroup: 'Vaults_ListByResourceGroup',
  },
  { type: 'Microsoft.KeyVault/vaults/keys', action: 'Microsoft.KeyVault/vaults/keys/read', get: 'Keys_Get', list: 'Keys_List' },
  {
    type: 'Microsoft.Network/privateEndpoints',
    action: 'Microsoft.Network/privateEndpoints/read',
    get: 'PrivateEndpoints_Get',
    listBySubscription: 'PrivateEndpoints_ListBySubscription',
    listByResourceGroup: 'PrivateEndpoints_List',
  },
  {
    type: 'Microsoft.ManagedIdentity/userAssignedIdentities',
    action: 'Microsoft.ManagedIdentity/userAssignedIdentities/read',
    get: 'UserAssignedIdentities_Get',
    listBySubscription: 'UserAssignedIdentities_ListBySubscription',
    listByResourceGroup: 'UserAssignedIdentities_ListByResourceGroup',
  },
  {
    type: 'Microsoft.Authorization/roleAssignments',
    action: 'Microsoft.Authorization/roleAssignments/read',
    get: 'RoleAssignments_Get',
    list: 'RoleAssignments_ListForScope',
    extension: true,
  },
  {
    type: 'Microsoft.Insights/diagnosticSettings',
    action: 'Microsoft.Insights/diagnosticSettings/read',
    get: 'DiagnosticSettings_Get',
    list: 'DiagnosticSettings_List',
    extension: true,
  },
  {
    type: 'Microsoft.Authorization/roleDefinitions',
    action: 'Microsoft.Authorization/roleDefinitions/read',
    get: 'RoleDefinitions_Get',
    list: 'RoleDefinitions_List',
    extension: true,
  },
];

/** Subscriptions and resource groups (Microsoft.Resources), which have paths of their own. */
export const SUBSCRIPTION_OPERATIONS = {
  listSubscriptions: { operation: 'Subscriptions_List', action: 'Microsoft.Resources/subscriptions/read' },
  getSubscription: { operation: 'Subscriptions_Get', action: 'Microsoft.Resources/subscriptions/read' },
  listResourceGroups: { operation: 'ResourceGroups_List', action: 'Microsoft.Resources/subscriptions/resourceGroups/read' },
  getResourceGroup: { operation: 'ResourceGroups_Get', action: 'Microsoft.Resources/subscriptions/resourceGroups/read' },
} as const;

/**
 * The estate's own reads, at tenant scope: a management group's descendants (Microsoft.Management, action as in the
 * provider's operations list) and an Azure Resource Graph query (operation id `Resources` in the REST spec, a POST
 * that reads).
 */
export const ESTATE_OPERATIONS = {
  managementGroupDescendants: { operation: 'ManagementGroups_GetDescendants', action: 'Microsoft.Management/managementGroups/descendants/read' },
  resourceGraphQuery: { operation: 'Resources', action: 'Microsoft.ResourceGraph/resources/read' },
} as const;

const tenantOperations = [...Object.values(SUBSCRIPTION_OPERATIONS), ...Object.values(ESTATE_OPERATIONS)];

/** Every action a read through the simulator can need: what an auditor role must grant. */
export function servedActions(): string[] {
  return [...new Set([...tenantOperations.map((op) => op.action), ...SERVED_TYPES.map((served) => served.action)])].sort();
}

/** Every operation id the simulator answers. */
export function servedOperations(): string[] {
  const fromTypes = SERVED_TYPES.flatMap((served) => [served.get, served.list, served.listBySubscription, served.listByResourceGroup]);
  return [...tenantOperations.map((op) => op.operation), ...fromTypes.filter((op): op is string => op !== undefined)].sort();
}

const servedByLowerType = new Map(SERVED_TYPES.map((served) => [served.type.toLowerCase(), served]));

export function servedType(type: string): ServedType | undefined {
  return servedByLowerType.get(type.toLowerCase());
}

export type ParsedPath =
  | { readonly kind: 'subscriptions' }
  | { readonly kind: 'subscription'; readonly subscriptionId: string }
  | { readonly kind: 'resourceGroups'; readonly subscriptionId: string }
  | { readonly kind: 'resourceGroup'; readonly subscriptionId: string; readonly resourceGroup: string }
  | {
      readonly kind: 'provider';
      /** Everything before `/providers/{namespace}`: `''`, `/subscriptions/{s}`, `/subscriptions/{s}/resourceGroups/{rg}`, or a resource id. */
      readonly scope: string;
      readonly subscriptionId?: string;
      readonly resourceGroup?: string;
      readonly namespace: string;
      /** `{namespace}/{type}[/{childType}...]` as the request spelled it. */
      readonly type: string;
      /** Names along the path; one fewer than the type segments for a collection. */
      readonly names: readonly string[];
      readonly collection: boolean;
    }
  | { readonly kind: 'unknown' };

/** Reads an ARM path (case-insensitive keywords, as ARM treats them). */
export function parseArmPath(path: string): ParsedPath {
  const trimmed = path.replace(/\/+$/, '');
  const segments = trimmed.split('/').slice(1);
  const lower = segments.map((segment) => segment.toLowerCase());
  const providersAt = lower.lastIndexOf('providers');
  if (providersAt < 0) {
    if (lower.length === 1 && lower[0] === 'subscriptions') return { kind: 'subscriptions' };
    if (lower[0] !== 'subscriptions' || segments[1] === undefined) return { kind: 'unknown' };
    const subscriptionId = segments[1];
    if (lower.length === 2) return { kind: 'subscription', subscriptionId };
    if (lower[2] === 'resourcegroups' && lower.length === 3) return { kind: 'resourceGroups', subscriptionId };
    if (lower[2] === 'resourcegroups' && lower.length === 4) return { kind: 'resourceGroup', subscriptionId, resourceGroup: segments[3] };
    return { kind: 'unknown' };
  }
  const scopeSegments = segments.slice(0, providersAt);
  const rest = segments.slice(providersAt + 1);
  if (rest.length < 2) return { kind: 'unknown' };
  const [namespace, ...typeAndNames] = rest;
  const typeSegments = typeAndNames.filter((_, index) => index % 2 === 0);
  const names = typeAndNames.filter((_, index) => index % 2 === 1);
  const scopeLower = scopeSegments.map((segment) => segment.toLowerCase());
  const subscriptionId = scopeLower[0] === 'subscriptions' ? scopeSegments[1] : undefined;
  const resourceGroup = scopeLower[2] === 'resourcegroups' ? scopeSegments[3] : undefined;
  return {
    kind: 'provider',
    scope: scopeSegments.length === 0 ? '' : `/${scopeSegments.join('/')}`,
    ...(subscriptionId === undefined ? {} : { subscriptionId }),
    ...(resourceGroup === undefined ? {} : { resourceGroup }),
    namespace,
    type: [namespace, ...typeSegments].join('/'),
    names,
    collection: typeSegments.length > names.length,
  };
}
