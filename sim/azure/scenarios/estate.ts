// An estate of many subscriptions under a management group hierarchy, few of which hold Azure ML workspaces: for
// discovery (descendants, Resource Graph narrowing), shard and benchmark tests.
//
//   <tenant root group>                 (the tenant root group's id is the tenant id, as in Azure)
//   ├── platform                        every 4th subscription from 1
//   └── ml
//       └── ml-prod                     every 4th subscription from 2 and 3
//   (root itself)                       every 4th subscription from 0
import type { AzureScenario, SimManagementGroup, SimSubscription } from '../scenario';
import { guidFrom } from './builders';
import { assemble, compliantPart, nonCompliantPart, SIM_TENANT_ID, type Part } from './seeded';

export interface EstateScenarioOptions {
  /** Subscriptions in the tenant. */
  readonly subscriptions: number;
  /** Of them, how many hold a workspace (the first ones, alternately compliant and not). */
  readonly withWorkspaces: number;
  /** Subscriptions (by index) in another state than Enabled. */
  readonly states?: Readonly<Record<number, NonNullable<SimSubscription['state']>>>;
}

export const ESTATE_ROOT_GROUP = SIM_TENANT_ID;
const GROUPS: readonly SimManagementGroup[] = [
  { name: ESTATE_ROOT_GROUP, displayName: 'Tenant Root Group' },
  { name: 'platform', displayName: 'Platform', parent: ESTATE_ROOT_GROUP },
  { name: 'ml', displayName: 'Machine learning', parent: ESTATE_ROOT_GROUP },
  { name: 'ml-prod', displayName: 'Machine learning production', parent: 'ml' },
];
const GROUP_OF_INDEX = [ESTATE_ROOT_GROUP, 'platform', 'ml-prod', 'ml-prod'];

export function estateSubscriptionId(index: number): string {
  return guidFrom(`estate-subscription:${index}`);
}

export function estateScenario(options: EstateScenarioOptions): AzureScenario {
  const { subscriptions, withWorkspaces } = options;
  if (!Number.isInteger(subscriptions) || subscriptions < 1) throw new Error(`subscriptions must be a whole number of at least 1, not ${String(subscriptions)}.`);
  if (!Number.isInteger(withWorkspaces) || withWorkspaces < 0 || withWorkspaces > subscriptions)
    throw new Error(`withWorkspaces must be a whole number from 0 to ${subscriptions}, not ${String(withWorkspaces)}.`);
  const parts: Part[] = [];
  for (let index = 0; index < withWorkspaces; index += 1) {
    const build = index % 2 === 0 ? compliantPart : nonCompliantPart;
    parts.push(build(estateSubscriptionId(index), `ml-${String(index).padStart(4, '0')}`, `e${index}`));
  }
  const assembled = assemble(`estate-${subscriptions}-${withWorkspaces}`, parts);
  const all: SimSubscription[] = Array.from({ length: subscriptions }, (_, index) => ({
    subscriptionId: estateSubscriptionId(index),
    displayName: `Subscription ${index}`,
    managementGroup: GROUP_OF_INDEX[index % GROUP_OF_INDEX.length],
    ...(options.states?.[index] ? { state: options.states[index] } : {}),
  }));
  return { ...assembled, subscriptions: all, managementGroups: GROUPS };
}
