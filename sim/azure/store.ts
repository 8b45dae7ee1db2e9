// The simulator's state: resources indexed by lower-case id (ARM ids are case-insensitive), read-only.
import { BUILT_IN_ROLES, roleDefinitionJson } from './role-definitions';
import type { ArmResource, AzureScenario, SimManagementGroup, SimResourceGroup, SimSubscription } from './scenario';

const ROLE_ASSIGNMENTS = 'microsoft.authorization/roleassignments';

function lower(text: string): string {
  return text.toLowerCase();
}

/** True when `inner` is `outer` or lies below it (on a path-segment boundary). */
export function scopeContains(outer: string, inner: string): boolean {
  const o = lower(outer).replace(/\/+$/, '');
  const i = lower(inner).replace(/\/+$/, '');
  return o === '' || o === '/' || i === o || i.startsWith(`${o}/`);
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

export class AzureStore {
  readonly tenantId: string;
  private readonly subscriptions: readonly SimSubscription[];
  private readonly groups: readonly SimResourceGroup[];
  private readonly hierarchy: readonly SimManagementGroup[];
  private readonly byId = new Map<string, ArmResource>();
  /** Resources by lower-case type, each with its lower-case id: lists scan only their own type (thousands of resources). */
  private readonly byType = new Map<string, { readonly resource: ArmResource; readonly id: string }[]>();

  constructor(scenario: AzureScenario) {
    this.tenantId = scenario.tenantId;
    this.subscriptions = scenario.subscriptions;
    this.groups = scenario.resourceGroups;
    this.hierarchy = scenario.managementGroups ?? [];
    for (const resource of scenario.resources) {
      this.add(resource);
      // A workspace's private endpoint connections are readable as child resources too.
      if (lower(resource.type) === 'microsoft.machinelearningservices/workspaces') {
        const connections = record(resource.properties)?.privateEndpointConnections;
        if (Array.isArray(connections)) for (const connection of connections) this.add(connection as ArmResource);
      }
    }
  }

  private add(resource: ArmResource): void {
    const key = lower(resource.id);
    if (this.byId.has(key)) throw new Error(`Scenario has two resources with id ${resource.id}: ids must be unique (case-insensitive).`);
    this.byId.set(key, resource);
    const type = lower(resource.type);
    const ofType = this.byType.get(type) ?? [];
    ofType.push({ resource, id: key });
    this.byType.set(type, ofType);
  }

  private ofType(type: string): readonly { readonly resource: ArmResource; readonly id: string }[] {
    return this.byType.get(lower(type)) ?? [];
  }

  managementGroups(): readonly SimManagementGroup[] {
    return this.hierarchy;
  }

  listSubscriptions(): readonly SimSubscription[] {
    return this.subscriptions;
  }

  subscription(subscriptionId: string): SimSubscription | undefined {
    return this.subscriptions.find((subscription) => lower(subscription.subscriptionId) === lower(subscriptionId));
  }

  resourceGroups(subscriptionId: string): SimResourceGroup[] {
    return this.groups.filter((group) => lower(group.subscriptionId) === lower(subscriptionId));
  }

  resourceGroup(subscriptionId: string, name: string): SimResourceGroup | undefined {
    return this.resourceGroups(subscriptionId).find((group) => lower(group.name) === lower(name));
  }

  get(id: string): ArmResource | undefined {
    return this.byId.get(lower(id).replace(/\/+$/, ''));
  }

  /** Top-level resources of `type` in a subscription, or in one of its resource groups. */
  listInScope(type: string, subscriptionId: string, resourceGroup?: string): ArmResource[] {
    const prefix = resourceGroup === undefined ? `/subscriptions/${lower(subscriptionId)}/` : `/subscriptions/${lower(subscriptionId)}/resourcegroups/${lower(resourceGroup)}/`;
    return this.ofType(type)
      .filter((entry) => entry.id.startsWith(prefix))
      .map((entry) => entry.resource);
  }

  /** Direct children of `parentId` of `type` (e.g. a workspace's onlineEndpoints). */
  listChildren(parentId: string, type: string): ArmResource[] {
    const segment = type.split('/').pop() ?? type;
    const prefix = `${lower(parentId)}/${lower(segment)}/`;
    return this.ofType(type)
      .filter((entry) => entry.id.startsWith(prefix) && !entry.id.slice(prefix.length).includes('/'))
      .map((entry) => entry.resource);
  }

  /** Extension resources of `type` (diagnostic settings) on the resource `scope`. */
  extensionsOn(scope: string, type: string): ArmResource[] {
    const prefix = `${lower(scope).replace(/\/+$/, '')}/providers/${lower(type)}/`;
    return this.ofType(type)
      .filter((entry) => entry.id.startsWith(prefix) && !entry.id.slice(prefix.length).includes('/'))
      .map((entry) => entry.resource);
  }

  /** Role assignments relevant to `scope`: at or above it, and (unless `atScopeOnly`) below it too. */
  roleAssignments(scope: string, atScopeOnly: boolean): ArmResource[] {
    return this.ofType(ROLE_ASSIGNMENTS).map((entry) => entry.resource).filter((resource) => {
      const assignmentScope = String(record(resource.properties)?.scope ?? '');
      return scopeContains(assignmentScope, scope) || (!atScopeOnly && scopeContains(scope, assignmentScope));
    });
  }

  /** Built-in role definitions as read within `subscriptionId` (or at tenant scope). */
  roleDefinitions(subscriptionId: string | undefined): Record<string, unknown>[] {
    return Object.values(BUILT_IN_ROLES).map((role) => roleDefinitionJson(role, subscriptionId));
  }
}
