// A simulated tenant: subscriptions, resource groups and the ARM JSON of every resource, exactly as ARM
// returns it from a GET (builders in scenarios/builders.ts produce the documented shapes).

/** An ARM resource body: `id`, `name`, `type`, and whatever else the resource type documents. */
export interface ArmResource {
  readonly id: string;
  readonly name: string;
  readonly type: string;
  readonly [field: string]: unknown;
}

export interface SimSubscription {
  readonly subscriptionId: string;
  readonly displayName: string;
  readonly state?: 'Enabled' | 'Disabled' | 'Warned' | 'PastDue' | 'Deleted';
  /** The management group it sits in directly (ManagementGroups_GetDescendants); none: only in the listing. */
  readonly managementGroup?: string;
}

/** A management group of the tenant's hierarchy; `parent` is another group's name (none for the root). */
export interface SimManagementGroup {
  readonly name: string;
  readonly displayName: string;
  readonly parent?: string;
}

export interface SimResourceGroup {
  readonly subscriptionId: string;
  readonly name: string;
  readonly location: string;
}

export interface AzureScenario {
  readonly name: string;
  readonly tenantId: string;
  readonly subscriptions: readonly SimSubscription[];
  readonly managementGroups?: readonly SimManagementGroup[];
  readonly resourceGroups: readonly SimResourceGroup[];
  /** Every resource, role assignments included (their ids carry their scope). */
  readonly resources: readonly ArmResource[];
}
