// Azure built-in role definitions inferguard knows by id, with their documented permissions
// (https://learn.microsoft.com/azure/role-based-access-control/built-in-roles). Same GUID in every subscription.
// The Pulumi reader resolves a role assignment's built-in role here (a stack holds no definition for it);
// the ARM simulator serves the same definitions.

export interface RolePermissions {
  readonly actions: readonly string[];
  readonly notActions: readonly string[];
  readonly dataActions: readonly string[];
  readonly notDataActions: readonly string[];
}

export interface BuiltInRoleDefinition {
  readonly id: string;
  readonly roleName: string;
  readonly description: string;
  readonly permissions: RolePermissions;
}

const permissions = (actions: string[], dataActions: string[] = [], notActions: string[] = []): RolePermissions => ({ actions, notActions, dataActions, notDataActions: [] });

export const BUILT_IN_ROLES = {
  owner: {
    id: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
    roleName: 'Owner',
    description: 'Grants full access to manage all resources, including the ability to assign roles in Azure RBAC.',
    permissions: permissions(['*']),
  },
  contributor: {
    id: 'b24988ac-6180-42a0-ab88-20f7382dd24c',
    roleName: 'Contributor',
    description: 'Grants full access to manage all resources, but does not allow you to assign roles in Azure RBAC, manage assignments in Azure Blueprints, or share image galleries.',
    permissions: permissions(['*'], [], ['Microsoft.Authorization/*/Delete', 'Microsoft.Authorization/*/Write', 'Microsoft.Authorization/elevateAccess/Action', 'Microsoft.Blueprint/blueprintAssignments/write', 'Microsoft.Blueprint/blueprintAssignments/delete', 'Microsoft.Compute/galleries/share/action']),
  },
  reader: {
    id: 'acdd72a7-3385-48ef-bd42-f606fba81ae7',
    roleName: 'Reader',
    description: 'View all resources, but does not allow you to make any changes.',
    permissions: permissions(['*/read']),
  },
  userAccessAdministrator: {
    id: '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9',
    roleName: 'User Access Administrator',
    description: 'Lets you manage user access to Azure resources.',
    permissions: permissions(['*/read', 'Microsoft.Authorization/*', 'Microsoft.Support/*']),
  },
  acrPull: {
    id: '7f951dda-4ed3-4680-a7ca-43fe172d538d',
    roleName: 'AcrPull',
    description: 'acr pull',
    permissions: permissions(['Microsoft.ContainerRegistry/registries/pull/read']),
  },
  storageBlobDataReader: {
    id: '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1',
    roleName: 'Storage Blob Data Reader',
    description: 'Allows for read access to Azure Storage blob containers and data',
    permissions: permissions(
      ['Microsoft.Storage/storageAccounts/blobServices/containers/read', 'Microsoft.Storage/storageAccounts/blobServices/generateUserDelegationKey/action'],
      ['Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read'],
    ),
  },
  keyVaultCryptoServiceEncryptionUser: {
    id: 'e147488a-f6f5-4113-8e2d-b22465e65bf6',
    roleName: 'Key Vault Crypto Service Encryption User',
    description: 'Read metadata of keys and perform wrap/unwrap operations. Only works for key vaults that use the \'Azure role-based access control\' permission model.',
    permissions: permissions(
      ['Microsoft.EventGrid/eventSubscriptions/write', 'Microsoft.EventGrid/eventSubscriptions/read', 'Microsoft.EventGrid/eventSubscriptions/delete'],
      ['Microsoft.KeyVault/vaults/keys/read', 'Microsoft.KeyVault/vaults/keys/wrap/action', 'Microsoft.KeyVault/vaults/keys/unwrap/action'],
    ),
  },
} as const satisfies Record<string, BuiltInRoleDefinition>;

const byGuid = new Map<string, BuiltInRoleDefinition>(Object.values(BUILT_IN_ROLES).map((role) => [role.id.toLowerCase(), role]));

/** The built-in role a roleDefinitionId (`.../roleDefinitions/{guid}` or the bare GUID) names, if inferguard knows it. */
export function builtInRole(roleDefinitionId: string): BuiltInRoleDefinition | undefined {
  return byGuid.get((roleDefinitionId.split('/').pop() ?? '').toLowerCase());
}
