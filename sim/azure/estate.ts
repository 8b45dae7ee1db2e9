// The estate reads of the ARM simulator: a management group's descendants, the one Azure Resource Graph query the
// auditor sends (matched, not interpreted: this is no KQL engine; any other query is a 400 as Resource Graph answers an
// invalid one), Resource Graph's per-user quota headers, and ARM's per-subscription read budget (429 + Retry-After).
import { randomUUID } from 'node:crypto';
import { jsonResponse, type ArmRequest, type ArmResponse } from './http';
import type { AzureStore } from './store';

/** The query the simulator answers, as the auditor sends it (whitespace aside). */
export const SIMULATED_WORKSPACE_QUERY = "resources | where type =~ 'microsoft.machinelearningservices/workspaces' | summarize workspaces = count() by subscriptionId";
/** Resource Graph's documented ceiling of subscriptions in one request. */
export const SIMULATED_GRAPH_MAX_SUBSCRIPTIONS = 1000;
const WORKSPACE_TYPE = 'Microsoft.MachineLearningServices/workspaces';

const normalize = (query: string): string => query.trim().replace(/\s+/g, ' ');

export interface ResourceGraphSimOptions {
  /** Queries a user may send per window before a 429; Microsoft's example is 15 per 5 seconds. */
  readonly quota?: { readonly queries: number; readonly windowMs: number };
  /** Workspace ids Resource Graph has not indexed yet (it is eventually consistent): ARM serves them, the graph not. */
  readonly notYetIndexed?: readonly string[];
}

function graphError(status: number, code: string, message: string, headers: Readonly<Record<string, string>> = {}): ArmResponse {
  // Resource Graph's error body: a generic BadRequest whose details say what was wrong.
  return jsonResponse(
    status,
    { error: { code: status === 429 ? 'RateLimiting' : 'BadRequest', message: `Please provide below info when asking for support: timestamp = ${new Date().toISOString()}, correlationId = ${randomUUID()}.`, details: [{ code, message }] } },
    headers,
  );
}

function hhmmss(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(Math.floor(seconds / 3600))}:${pad(Math.floor((seconds % 3600) / 60))}:${pad(seconds % 60)}`;
}

/** POST /providers/Microsoft.ResourceGraph/resources: answers the auditor's workspace count query from the store. */
export function resourceGraphHandler(store: AzureStore, options: ResourceGraphSimOptions = {}): (request: ArmRequest) => ArmResponse {
  const quota = options.quota ?? { queries: 15, windowMs: 5_000 };
  const hidden = new Set((options.notYetIndexed ?? []).map((id) => id.toLowerCase()));
  let windowStart = Date.now();
  let used = 0;
  return (request) => {
    const now = Date.now();
    if (now - windowStart >= quota.windowMs) {
      windowStart = now;
      used = 0;
    }
    const resetsAfter = hhmmss(windowStart + quota.windowMs - now);
    if (used >= quota.queries) {
      const retryAfter = String(Math.max(1, Math.ceil((windowStart + quota.windowMs - now) / 1000)));
      return graphError(429, 'RateLimiting', 'Client application has been throttled and should not attempt to repeat the request until an amount of time has elapsed.', {
        'retry-after': retryAfter,
        'x-ms-user-quota-remaining': '0',
        'x-ms-user-quota-resets-after': resetsAfter,
      });
    }
    used += 1;
    const quotaHeaders = { 'x-ms-user-quota-remaining': String(quota.queries - used), 'x-ms-user-quota-resets-after': resetsAfter };
    let body: { query?: unknown; subscriptions?: unknown; options?: { $top?: unknown; $skipToken?: unknown } };
    try {
      body = JSON.parse(Buffer.isBuffer(request.body) ? request.body.toString('utf8') : (request.body ?? '')) as typeof body;
    } catch {
      return graphError(400, 'InvalidRequestContent', 'The request content is not valid JSON.', quotaHeaders);
    }
    if (typeof body.query !== 'string') return graphError(400, 'InvalidRequestContent', 'The request must have a query.', quotaHeaders);
    if (normalize(body.query) !== normalize(SIMULATED_WORKSPACE_QUERY))
      return graphError(400, 'InvalidQuery', `Query is invalid. The simulator answers one query only: ${SIMULATED_WORKSPACE_QUERY}`, quotaHeaders);
    const requested = Array.isArray(body.subscriptions) ? body.subscriptions : store.listSubscriptions().map((s) => s.subscriptionId);
    if (!requested.every((id): id is string => typeof id === 'string')) return graphError(400, 'InvalidRequestContent', 'subscriptions must be a list of subscription ids.', quotaHeaders);
    if (requested.length > SIMULATED_GRAPH_MAX_SUBSCRIPTIONS)
      return graphError(400, 'TooManySubscriptions', `A query may name at most ${SIMULATED_GRAPH_MAX_SUBSCRIPTIONS} subscriptions; got ${requested.length}.`, quotaHeaders);
    const rows = requested.flatMap((id) => {
      const subscription = store.subscription(id);
      if (subscription === undefined) return [];
      const workspaces = store.listInScope(WORKSPACE_TYPE, subscription.subscriptionId).filter((ws) => !hidden.has(ws.id.toLowerCase())).length;
      return workspaces > 0 ? [{ subscriptionId: subscription.subscriptionId, workspaces }] : [];
    });
    const top = typeof body.options?.$top === 'number' && body.options.$top > 0 ? Math.min(body.options.$top, 1000) : 100;
    const token = typeof body.options?.$skipToken === 'string' ? body.options.$skipToken : undefined;
    const offset = token === undefined ? 0 : Number(Buffer.from(token, 'base64url').toString('utf8'));
    if (!Number.isInteger(offset) || offset < 0) return graphError(400, 'InvalidSkipToken', `The skip token '${token ?? ''}' is not valid.`, quotaHeaders);
    const data = rows.slice(offset, offset + top);
    const more = offset + top < rows.length;
    return jsonResponse(
      200,
      { totalRecords: rows.length, count: data.length, data, facets: [], resultTruncated: 'false', ...(more ? { $skipToken: Buffer.from(String(offset + top), 'utf8').toString('base64url') } : {}) },
      quotaHeaders,
    );
  };
}

/** Every entity below the group, breadth first, as ManagementGroups_GetDescendants lists them; undefined for an unknown group. */
export function descendantsOf(store: AzureStore, groupName: string): Record<string, unknown>[] | undefined {
  const groups = store.managementGroups();
  const root = groups.find((group) => group.name.toLowerCase() === groupName.toLowerCase());
  if (root === undefined) return undefined;
  const groupId = (name: string) => `/providers/Microsoft.Management/managementGroups/${name}`;
  const entities: Record<string, unknown>[] = [];
  const queue = [root.name];
  while (queue.length > 0) {
    const parent = queue.shift() as string;
    for (const group of groups.filter((g) => g.parent?.toLowerCase() === parent.toLowerCase())) {
      entities.push({ id: groupId(group.name), type: 'Microsoft.Management/managementGroups', name: group.name, properties: { displayName: group.displayName, parent: { id: groupId(parent) } } });
      queue.push(group.name);
    }
    for (const subscription of store.listSubscriptions().filter((s) => s.managementGroup?.toLowerCase() === parent.toLowerCase())) {
      entities.push({
        id: `/subscriptions/${subscription.subscriptionId}`,
        // As the REST reference's GetDescendants example (2023-04-01) writes a subscription.
        type: 'Microsoft.Management/managementGroups/subscriptions',
        name: subscription.subscriptionId,
        properties: { displayName: subscription.displayName, parent: { id: groupId(parent) } },
      });
    }
  }
  return entities;
}

/**
 * ARM's read budget per subscription as a token bucket (ARM meters reads per subscription and principal): `perSecond`
 * tokens a second up to `burst`; a read with no token left is a 429 whose Retry-After says when one will be.
 */
export class SubscriptionReadBudget {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
  ) {
    if (!(perSecond > 0) || !(burst >= 1)) throw new Error(`a subscription read budget needs perSecond > 0 and burst >= 1, not ${perSecond}/${burst}.`);
  }

  /** Takes a token for the subscription: undefined when granted, else the seconds until one is. */
  take(subscriptionId: string, now = Date.now()): number | undefined {
    const key = subscriptionId.toLowerCase();
    const bucket = this.buckets.get(key) ?? { tokens: this.burst, at: now };
    bucket.tokens = Math.min(this.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.perSecond);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return undefined;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / this.perSecond));
  }
}
