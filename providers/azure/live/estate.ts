// The Azure estate an audit covers: the subscriptions named with --subscription, those under a management group
// (ManagementGroups_GetDescendants, recursive), or every subscription the credential lists; then Azure Resource Graph
// finds, in one query per thousand subscriptions, which of them hold Azure Machine Learning workspaces at all, so a
// subscription without any costs no call of its own.
//
// Soundness of the narrowing. Resource Graph answers only what the caller may read, and it is eventually consistent
// (a workspace created minutes ago can be missing; Microsoft documents updates within minutes, not at once). So it
// narrows only subscriptions the credential listed (it can see them; the auditor role, assigned on a subscription or a
// management group above it, grants workspaces/read there), never subscriptions named by hand or ones the listing did
// not show (those are read directly, and a failure is a gap naming them). `--no-resource-graph` reads every
// subscription directly: sound at any freshness, one Workspaces_ListBySubscription call per subscription more.
// When Resource Graph itself fails (403, throttled past the retries, an answer without its documented shape), the
// subscriptions of that query are read directly: coverage stays complete, so it is progress output, not a gap.
import { z } from 'zod';
import type { CallSite, CollectionContext, Read } from '../../collect/context';
import type { InactiveMember } from '../../../policies/model';
import { ArmClient, describeArmFailure } from './arm';
import { descendantShape, listPage, resourceGraphPage, subscriptionShape, type ArmDescendant } from './shapes';

export const ESTATE_API_VERSIONS = {
  /** Microsoft.Resources (Subscriptions_List). */
  subscriptions: '2022-12-01',
  /** Microsoft.Management (ManagementGroups_GetDescendants): the current stable version of the REST reference. */
  managementGroups: '2023-04-01',
  /** Microsoft.ResourceGraph (Resources): the current stable version of the REST reference. */
  resourceGraph: '2024-04-01',
} as const;

/** The one Resource Graph query the auditor sends: how many workspaces each subscription holds. */
export const WORKSPACES_BY_SUBSCRIPTION_QUERY = "resources | where type =~ 'microsoft.machinelearningservices/workspaces' | summarize workspaces = count() by subscriptionId";

/** Resource Graph takes at most this many subscriptions in one request (Microsoft's troubleshooting guide, "Too many subscriptions"). */
export const RESOURCE_GRAPH_SUBSCRIPTIONS_PER_QUERY = 1000;

/**
 * Subscription states whose resources run (Microsoft's "Azure subscription states"): Warned and PastDue are still
 * active, so their endpoints still serve traffic and are audited. Disabled and Deleted subscriptions are not (their
 * resources are deallocated): they are left out of the estate, as the listing has always done.
 */
export const AUDITED_SUBSCRIPTION_STATES = ['Enabled', 'Warned', 'PastDue'] as const;

/** The longest wait Resource Graph's quota headers can impose before the next query. */
const MAX_QUOTA_WAIT_MS = 60_000;

export interface EstateScope {
  /** --subscription: audited as named, never narrowed. */
  readonly subscriptions: readonly string[];
  /** --management-group: the subscriptions below this group, at any depth. */
  readonly managementGroup?: string;
}

export interface DiscoveredEstate {
  /** Every subscription in scope, in discovery order. */
  readonly subscriptions: readonly string[];
  /** Those the credential's own listing showed (enabled): Resource Graph may narrow these. */
  readonly listed: ReadonlySet<string>;
  /** Listed in scope but Disabled or Deleted: left out, and named in the report. */
  readonly inactive: readonly InactiveMember[];
}

const workspaceCountRow = z.object({ subscriptionId: z.string().min(1), workspaces: z.number() }).passthrough();
const graphPage = resourceGraphPage(workspaceCountRow);

export type EstateNotice = (phase: string, done: number, total: number) => void;

/**
 * Types a subscription has among a group's descendants: `Microsoft.Management/managementGroups/subscriptions` in the
 * REST reference's example for 2023-04-01 (GetDescendants.json), `/subscriptions` in its field description.
 */
const SUBSCRIPTION_DESCENDANT_TYPES = ['microsoft.management/managementgroups/subscriptions', '/subscriptions', 'microsoft.resources/subscriptions'];
const SUBSCRIPTION_ID_PATH = /^\/subscriptions\/([^/]+)$/i;

function descendantKind(entity: ArmDescendant): 'subscription' | 'group' | 'unknown' {
  const type = entity.type.toLowerCase();
  if (type === 'microsoft.management/managementgroups') return 'group';
  if (SUBSCRIPTION_DESCENDANT_TYPES.includes(type) || SUBSCRIPTION_ID_PATH.test(entity.id)) return 'subscription';
  return 'unknown';
}

/** The subscription id, from the fully qualified id where it has one (`/subscriptions/<id>`), else the name. */
function subscriptionIdOf(entity: ArmDescendant): string {
  return (SUBSCRIPTION_ID_PATH.exec(entity.id)?.[1] ?? entity.name).toLowerCase();
}

export class AzureEstate {
  constructor(
    private readonly ctx: CollectionContext,
    private readonly arm: ArmClient,
    private readonly notice: EstateNotice,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  ) {}

  async discover(scope: EstateScope): Promise<DiscoveredEstate> {
    if (scope.subscriptions.length > 0) return { subscriptions: [...new Set(scope.subscriptions.map((id) => id.toLowerCase()))], listed: new Set(), inactive: [] };
    const listing = await this.listSubscriptions();
    if (scope.managementGroup === undefined) {
      if (listing.status !== 'ok') return { subscriptions: [], listed: new Set(), inactive: [] };
      return { subscriptions: listing.audited, listed: new Set(listing.audited), inactive: [...listing.skipped].map(([id, state]) => ({ id, state })) };
    }
    const below = await this.descendantSubscriptions(scope.managementGroup);
    if (listing.status !== 'ok') return { subscriptions: below, listed: new Set(), inactive: [] };
    // Below the group and not audited by state (Disabled, Deleted): left out. Below it and not listed at all: the
    // credential cannot see it, so it is read directly and its failure is a gap that names it.
    const subscriptions = below.filter((id) => !listing.skipped.has(id));
    const audited = new Set(listing.audited);
    const inactive = below.flatMap((id) => {
      const state = listing.skipped.get(id);
      return state === undefined ? [] : [{ id, state }];
    });
    return { subscriptions, listed: new Set(subscriptions.filter((id) => audited.has(id))), inactive };
  }

  /**
   * Of `candidates` (listed subscriptions), those Resource Graph sees no workspace in: they are audited with nothing
   * found. A query that fails leaves its subscriptions to be read directly.
   */
  async withoutWorkspaces(candidates: readonly string[]): Promise<Set<string>> {
    const empty = new Set<string>();
    const batches: string[][] = [];
    for (let i = 0; i < candidates.length; i += RESOURCE_GRAPH_SUBSCRIPTIONS_PER_QUERY) batches.push(candidates.slice(i, i + RESOURCE_GRAPH_SUBSCRIPTIONS_PER_QUERY));
    let unread = 0;
    for (const batch of batches) {
      const counts = await this.workspaceCounts(batch);
      if (counts === undefined) {
        unread += batch.length;
        continue;
      }
      for (const id of batch) if (!counts.has(id)) empty.add(id);
    }
    if (unread > 0) this.notice('subscriptions read directly (Resource Graph query failed)', unread, candidates.length);
    return empty;
  }

  /** Workspace counts by subscription (lower case) for one batch, or undefined when the query failed. */
  private async workspaceCounts(subscriptions: readonly string[]): Promise<Map<string, number> | undefined> {
    const counts = new Map<string, number>();
    const requested = new Set(subscriptions);
    const url = this.arm.url('/providers/Microsoft.ResourceGraph/resources', ESTATE_API_VERSIONS.resourceGraph);
    let skipToken: string | undefined;
    try {
      do {
        const options = { resultFormat: 'objectArray', $top: RESOURCE_GRAPH_SUBSCRIPTIONS_PER_QUERY, ...(skipToken ? { $skipToken: skipToken } : {}) };
        const { body, headers } = await this.arm.post(url, { subscriptions, query: WORKSPACES_BY_SUBSCRIPTION_QUERY, options }, graphPage);
        // A truncated answer without a token to go on is not the whole answer.
        if (String(body.resultTruncated).toLowerCase() === 'true' && !body.$skipToken) return undefined;
        for (const row of body.data) {
          const id = row.subscriptionId.toLowerCase();
          if (requested.has(id) && row.workspaces > 0) counts.set(id, row.workspaces);
        }
        skipToken = body.$skipToken ?? undefined;
        await this.honourQuota(headers('x-ms-user-quota-remaining'), headers('x-ms-user-quota-resets-after'));
      } while (skipToken);
      return counts;
    } catch (error) {
      const { code, message } = describeArmFailure(error);
      this.notice(`Resource Graph failed (${code}: ${message.slice(0, 120)}); reading each subscription`, 0, subscriptions.length);
      return undefined;
    }
  }

  /** Resource Graph's own quota (Microsoft's "Guidance for throttled requests"): none left, wait for its reset. */
  private async honourQuota(remaining: string | undefined, resetsAfter: string | undefined): Promise<void> {
    if (remaining === undefined || Number(remaining) > 0) return;
    const match = /^(\d+):(\d{2}):(\d{2})$/.exec(resetsAfter ?? '');
    if (!match) return;
    const waitMs = ((Number(match[1]) * 60 + Number(match[2])) * 60 + Number(match[3])) * 1000;
    await this.sleep(Math.min(waitMs, MAX_QUOTA_WAIT_MS));
  }

  /** Subscriptions_List: the ids audited (by state, lower case) and those left out by state. */
  private async listSubscriptions(): Promise<{ status: 'ok'; audited: string[]; skipped: Map<string, string> } | { status: 'failed' }> {
    const site: CallSite = { service: 'Microsoft.Resources', operation: 'Subscriptions_List' };
    const read = await this.pages(site, this.arm.url('/subscriptions', ESTATE_API_VERSIONS.subscriptions), subscriptionShape);
    if (read.status !== 'ok') return { status: 'failed' };
    const audited: string[] = [];
    const skipped = new Map<string, string>();
    for (const subscription of read.value) {
      const id = subscription.subscriptionId.toLowerCase();
      const state = subscription.state ?? 'Enabled';
      if ((AUDITED_SUBSCRIPTION_STATES as readonly string[]).some((audited) => audited.toLowerCase() === state.toLowerCase())) audited.push(id);
      else skipped.set(id, state);
    }
    if (skipped.size > 0) this.notice('subscriptions left out (Disabled or Deleted)', skipped.size, read.value.length);
    return { status: 'ok', audited, skipped };
  }

  /** Every subscription below the management group, at any depth (descendants are already recursive). */
  private async descendantSubscriptions(groupId: string): Promise<string[]> {
    const path = `/providers/Microsoft.Management/managementGroups/${encodeURIComponent(groupId)}/descendants`;
    const site: CallSite = { service: 'Microsoft.Management', operation: 'ManagementGroups_GetDescendants', resourceId: `/providers/Microsoft.Management/managementGroups/${groupId}` };
    const read = await this.pages(site, this.arm.url(path, ESTATE_API_VERSIONS.managementGroups), descendantShape);
    if (read.status !== 'ok') return [];
    const ids: string[] = [];
    for (const entity of read.value) {
      const kind = descendantKind(entity);
      if (kind === 'subscription') ids.push(subscriptionIdOf(entity));
      // An entity neither a group nor a subscription may be a subscription written in a way we do not know: it is not
      // audited, so it is a gap that names it rather than a silent hole in the estate.
      else if (kind === 'unknown') this.ctx.fail({ ...site, resourceId: entity.id }, 'UnrecognizedDescendant', `the descendants of ${groupId} include "${entity.id}" of type "${entity.type}", neither a management group nor a subscription: it is not audited`);
    }
    return [...new Set(ids)];
  }

  private pages<T>(site: CallSite, firstUrl: string, item: z.ZodType<T>): Promise<Read<T[]>> {
    const shape = listPage(item);
    return this.ctx.callPages<T>(site, async (nextLink) => {
      const page = (await this.arm.get(nextLink ?? firstUrl, shape)) as { value: T[]; nextLink?: string | null };
      return { items: page.value, next: page.nextLink || undefined };
    });
  }
}
