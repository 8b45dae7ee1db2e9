// Built-in Azure role definitions the scenarios use, with their documented permissions: the table lives with the
// Azure adapters (providers/azure/built-in-roles.ts); here, their ARM JSON.
import { type BuiltInRoleDefinition } from '../../providers/azure/built-in-roles';

export { BUILT_IN_ROLES, type BuiltInRoleDefinition, type RolePermissions } from '../../providers/azure/built-in-roles';

/** The ARM JSON of a built-in role definition as read at `scope` (its id carries the subscription when there is one). */
export function roleDefinitionJson(role: BuiltInRoleDefinition, subscriptionId: string | undefined): Record<string, unknown> {
  const prefix = subscriptionId === undefined ? '' : `/subscriptions/${subscriptionId}`;
  return {
    id: `${prefix}/providers/Microsoft.Authorization/roleDefinitions/${role.id}`,
    name: role.id,
    type: 'Microsoft.Authorization/roleDefinitions',
    properties: {
      roleName: role.roleName,
      type: 'BuiltInRole',
      description: role.description,
      assignableScopes: ['/'],
      permissions: [{ ...role.permissions }],
      createdOn: '2015-02-02T21:55:09.8806423Z',
      updatedOn: '2024-01-01T00:00:00.0000000Z',
      createdBy: null,
      updatedBy: null,
    },
  };
}
