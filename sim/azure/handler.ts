// The ARM simulator as one request handler: (request) => response, with its own store, fault plan, latency
// and request log. It serves GETs only (an auditor reads), follows ARM's rules for api-version, bearer
// tokens, absolute `nextLink` paging and error bodies, and answers each documented list and get.
import { randomUUID } from 'node:crypto';
import { releasableWaits } from '../core/waits';
import { armErrors } from './errors';
import { AzureFaultPlan, type AzureFaultKind, type AzureFaultRule } from './faults';
import { header, jsonResponse, type ArmRequest, type ArmResponse } from './http';
import { descendantsOf, resourceGraphHandler, SubscriptionReadBudget, type ResourceGraphSimOptions } from './estate';
import { ESTATE_OPERATIONS, SUBSCRIPTION_OPERATIONS, parseArmPath, servedType, type ParsedPath } from './resources';
import type { ArmResource, AzureScenario, SimResourceGroup, SimSubscription } from './scenario';
import { AzureStore } from './store';

export interface AzureSimOptions {
  /** Delay added to every call, with a timer. */
  readonly latencyMs?: number;
  /** Items per page of every list; 100 by default. */
  readonly pageSize?: number;
  readonly faults?: readonly AzureFaultRule[];
  /** How long a Hang fault holds a call before dropping the connection; 30 s by default. */
  readonly hangMs?: number;
  /** The Retry-After (seconds) of a Throttled answer; 1 by default. */
  readonly retryAfterSeconds?: number;
  /** Object id of the caller, as AuthorizationFailed messages name it. */
  readonly callerObjectId?: string;
  /** Scheme, host and port for absolute nextLinks; by default `http://` and the request's Host header. */
  readonly baseUrl?: string;
  /** ARM's read budget per subscription: beyond it a read is a 429 SubscriptionRequestsThrottled with Retry-After. Default: none. */
  readonly subscriptionReads?: { readonly perSecond: number; readonly burst: number };
  /** Azure Resource Graph: its per-user quota, and workspaces it has not indexed yet. */
  readonly resourceGraph?: ResourceGraphSimOptions;
}

export interface AzureCallRecord {
  readonly method: string;
  readonly path: string;
  /** ARM operation id (`Workspaces_Get`), or `unknown` when no served operation matched. */
  readonly operation: string;
  /** The RBAC action the call needs (`Microsoft.MachineLearningServices/workspaces/read`). */
  readonly action: string;
  readonly apiVersion?: string;
  /** Status sent; 0 when the connection was dropped (Hang). */
  readonly status: number;
  readonly fault?: AzureFaultKind;
}

export interface AzureArmHandler {
  handle(request: ArmRequest): Promise<ArmResponse>;
  calls(): AzureCallRecord[];
  resetCalls(): void;
  setFaults(rules: readonly AzureFaultRule[]): void;
  /** Releases calls held by latency or a Hang fault (they end with a dropped connection). */
  close(): void;
}

interface Route {
  /** GET unless said otherwise (Resource Graph queries are POSTs that read). */
  readonly method?: 'POST';
  readonly operation: string;
  readonly action: string;
  readonly subscriptionId?: string;
  readonly answer: () => ArmResponse;
}

const API_VERSION = /^\d{4}-\d{2}-\d{2}(-preview)?$/;

const SIGN_IN_PAGE =
  '<!DOCTYPE html><html><head><title>Sign in to your account</title></head><body><form method="post" action="/common/login"><input type="email" name="loginfmt"></form></body></html>';

function skipTokenOffset(token: string | null): number | undefined {
  if (token === null) return 0;
  const offset = Number(Buffer.from(token, 'base64url').toString('utf8'));
  return Number.isInteger(offset) && offset >= 0 ? offset : undefined;
}

function encodePath(path: string): string {
  return path
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}

function subscriptionJson(subscription: SimSubscription, tenantId: string): Record<string, unknown> {
  return {
    id: `/subscriptions/${subscription.subscriptionId}`,
    authorizationSource: 'RoleBased',
    managedByTenants: [],
    subscriptionId: subscription.subscriptionId,
    tenantId,
    displayName: subscription.displayName,
    state: subscription.state ?? 'Enabled',
    subscriptionPolicies: { locationPlacementId: 'Public_2014-09-01', quotaId: 'PayAsYouGo_2014-09-01', spendingLimit: 'Off' },
  };
}

function resourceGroupJson(group: SimResourceGroup): Record<string, unknown> {
  return {
    id: `/subscriptions/${group.subscriptionId}/resourceGroups/${group.name}`,
    name: group.name,
    type: 'Microsoft.Resources/resourceGroups',
    location: group.location,
    properties: { provisioningState: 'Succeeded' },
  };
}

function roleDefinitionMatches(filter: string | null, definition: Record<string, unknown>): boolean | undefined {
  if (filter === null) return true;
  const properties = definition.properties as Record<string, unknown>;
  const roleName = /^roleName eq '([^']*)'$/i.exec(filter.trim());
  if (roleName !== null) return String(properties.roleName).toLowerCase() === roleName[1].toLowerCase();
  const type = /^type eq '(BuiltInRole|CustomRole)'$/i.exec(filter.trim());
  if (type !== null) return String(properties.type).toLowerCase() === type[1].toLowerCase();
  return undefined;
}

/** Role assignment `$filter`s ARM documents: atScope(), principalId eq '{id}', assignedTo('{id}'), and atScope() and assignedTo('{id}'). */
function roleAssignmentFilter(filter: string | null): { atScope: boolean; principalId?: string } | undefined {
  if (filter === null || filter.trim() === '') return { atScope: false };
  const text = filter.trim();
  if (/^atScope\(\)$/i.test(text)) return { atScope: true };
  const principal = /^principalId eq '([^']+)'$/i.exec(text);
  if (principal !== null) return { atScope: false, principalId: principal[1] };
  const assigned = /^(atScope\(\) and )?assignedTo\('([^']+)'\)$/i.exec(text);
  if (assigned !== null) return { atScope: assigned[1] !== undefined, principalId: assigned[2] };
  return undefined;
}

/**
 * What a list answers for each item. Keys_List answers a summary of each key (attributes and keyUri, as in
 * Microsoft's listKeys example): kty, key size and the rotation policy come only from Keys_Get.
 */
function listView(type: string, resource: ArmResource): ArmResource {
  if (type !== 'Microsoft.KeyVault/vaults/keys') return resource;
  const properties = (resource.properties ?? {}) as Record<string, unknown>;
  return { name: resource.name, type: resource.type, id: resource.id, location: resource.location, properties: { attributes: properties.attributes, keyUri: properties.keyUri } };
}

export function createAzureArmHandler(scenario: AzureScenario, options: AzureSimOptions = {}): AzureArmHandler {
  const store = new AzureStore(scenario);
  const plan = new AzureFaultPlan(options.faults ?? []);
  const latencyMs = options.latencyMs ?? 0;
  const pageSize = options.pageSize ?? 100;
  const hangMs = options.hangMs ?? 30_000;
  const retryAfterSeconds = options.retryAfterSeconds ?? 1;
  const callerObjectId = options.callerObjectId ?? '11111111-2222-3333-4444-555555555555';
  if (!Number.isFinite(latencyMs) || latencyMs < 0) throw new Error(`latencyMs must be a number of milliseconds >= 0, not ${String(latencyMs)}.`);
  if (!Number.isInteger(pageSize) || pageSize < 1) throw new Error(`pageSize must be a whole number of at least 1, not ${String(pageSize)}.`);
  const budget = options.subscriptionReads === undefined ? undefined : new SubscriptionReadBudget(options.subscriptionReads.perSecond, options.subscriptionReads.burst);
  const graph = resourceGraphHandler(store, options.resourceGraph);
  let log: AzureCallRecord[] = [];
  const { wait, releaseAll: releaseWaits } = releasableWaits();

  const page = (items: readonly unknown[], request: ArmRequest, extra: Record<string, unknown> = {}): ArmResponse => {
    const token = request.query.get('$skipToken');
    const offset = skipTokenOffset(token);
    if (offset === undefined) return armErrors.invalidSkipToken(token ?? '');
    const value = items.slice(offset, offset + pageSize);
    const body: Record<string, unknown> = { value, ...extra };
    if (offset + pageSize < items.length) {
      const query = new URLSearchParams(request.query);
      query.set('$skipToken', Buffer.from(String(offset + pageSize), 'utf8').toString('base64url'));
      const base = options.baseUrl ?? `http://${header(request, 'host') ?? '127.0.0.1'}`;
      body.nextLink = `${base}${encodePath(request.path)}?${query.toString()}`;
    }
    return jsonResponse(200, body);
  };

  const get = (resource: ArmResource | Record<string, unknown> | undefined, notFound: () => ArmResponse): ArmResponse =>
    resource === undefined ? notFound() : jsonResponse(200, resource);

  const unknownRoute = (parsed: ParsedPath, request: ArmRequest): Route => {
    const apiVersion = request.query.get('api-version') ?? '';
    const type = parsed.kind === 'provider' ? parsed.type : request.path;
    const namespace = parsed.kind === 'provider' ? parsed.namespace : 'Microsoft.Resources';
    return { operation: 'unknown', action: `${type}/read`, answer: () => armErrors.invalidResourceType(type.split('/').slice(1).join('/') || type, namespace, apiVersion) };
  };

  /** The scope a provider path names must exist: subscription, then resource group. */
  const scopeError = (subscriptionId: string | undefined, resourceGroup: string | undefined): ArmResponse | undefined => {
    if (subscriptionId === undefined) return undefined;
    if (store.subscription(subscriptionId) === undefined) return armErrors.subscriptionNotFound(subscriptionId);
    if (resourceGroup !== undefined && store.resourceGroup(subscriptionId, resourceGroup) === undefined) return armErrors.resourceGroupNotFound(resourceGroup);
    return undefined;
  };

  /** Tenant-scope reads of the estate: a management group's descendants, a Resource Graph query. */
  const estateRoute = (request: ArmRequest): Route | undefined => {
    const descendants = /^\/providers\/Microsoft\.Management\/managementGroups\/([^/]+)\/descendants\/?$/i.exec(request.path);
    if (descendants !== null) {
      const { operation, action } = ESTATE_OPERATIONS.managementGroupDescendants;
      const group = descendants[1];
      // ARM answers a group the caller cannot see, and one that does not exist, alike: not authorized "or the scope is invalid".
      const answer = (): ArmResponse => {
        const found = descendantsOf(store, group);
        return found === undefined ? armErrors.authorizationFailed(callerObjectId, action, request.path) : page(found, request);
      };
      return { operation, action, answer };
    }
    if (/^\/providers\/Microsoft\.ResourceGraph\/resources\/?$/i.test(request.path)) {
      const { operation, action } = ESTATE_OPERATIONS.resourceGraphQuery;
      return { method: 'POST', operation, action, answer: () => graph(request) };
    }
    return undefined;
  };

  const route = (request: ArmRequest): Route => {
    const estate = estateRoute(request);
    if (estate !== undefined) return estate;
    const parsed = parseArmPath(request.path);
    switch (parsed.kind) {
      case 'subscriptions': {
        const { operation, action } = SUBSCRIPTION_OPERATIONS.listSubscriptions;
        const all = store.listSubscriptions().map((subscription) => subscriptionJson(subscription, store.tenantId));
        return { operation, action, answer: () => page(all, request, { count: { type: 'Total', value: all.length } }) };
      }
      case 'subscription': {
        const { operation, action } = SUBSCRIPTION_OPERATIONS.getSubscription;
        const found = store.subscription(parsed.subscriptionId);
        return { operation, action, subscriptionId: parsed.subscriptionId, answer: () => get(found && subscriptionJson(found, store.tenantId), () => armErrors.subscriptionNotFound(parsed.subscriptionId)) };
      }
      case 'resourceGroups': {
        const { operation, action } = SUBSCRIPTION_OPERATIONS.listResourceGroups;
        return {
          operation,
          action,
          subscriptionId: parsed.subscriptionId,
          answer: () => scopeError(parsed.subscriptionId, undefined) ?? page(store.resourceGroups(parsed.subscriptionId).map(resourceGroupJson), request),
        };
      }
      case 'resourceGroup': {
        const { operation, action } = SUBSCRIPTION_OPERATIONS.getResourceGroup;
        const found = store.resourceGroup(parsed.subscriptionId, parsed.resourceGroup);
        return {
          operation,
          action,
          subscriptionId: parsed.subscriptionId,
          answer: () => scopeError(parsed.subscriptionId, undefined) ?? get(found && resourceGroupJson(found), () => armErrors.resourceGroupNotFound(parsed.resourceGroup)),
        };
      }
      case 'unknown':
        return unknownRoute(parsed, request);
      case 'provider':
        return providerRoute(parsed, request);
    }
  };

  const providerRoute = (parsed: Extract<ParsedPath, { kind: 'provider' }>, request: ArmRequest): Route => {
    const served = servedType(parsed.type);
    if (served === undefined) return unknownRoute(parsed, request);
    const { subscriptionId, resourceGroup } = parsed;
    const base = { action: served.action, ...(subscriptionId === undefined ? {} : { subscriptionId }) };
    const inScope = (answer: () => ArmResponse): (() => ArmResponse) => () => scopeError(subscriptionId, resourceGroup) ?? answer();

    if (served.type === 'Microsoft.Insights/diagnosticSettings') {
      // DiagnosticSettings_List answers every setting of the resource in one body (the collection has no nextLink).
      const [targetNamespace = '', ...targetPath] = (parsed.scope.split('/providers/').pop() ?? '').split('/');
      const target = (): ArmResponse | undefined => (store.get(parsed.scope) === undefined ? armErrors.resourceNotFound(targetNamespace, targetPath.join('/'), resourceGroup) : undefined);
      if (parsed.collection) {
        return { ...base, operation: served.list ?? served.get, answer: inScope(() => target() ?? jsonResponse(200, { value: store.extensionsOn(parsed.scope, served.type) })) };
      }
      const id = `${parsed.scope}/providers/${served.type}/${parsed.names[parsed.names.length - 1]}`;
      return { ...base, operation: served.get, answer: inScope(() => target() ?? get(store.get(id), () => armErrors.resourceNotFound('Microsoft.Insights', `diagnosticSettings/${parsed.names[parsed.names.length - 1]}`, resourceGroup))) };
    }
    if (served.extension) {
      const isAssignments = served.type === 'Microsoft.Authorization/roleAssignments';
      if (parsed.collection) {
        const operation = served.list ?? served.get;
        if (isAssignments) {
          return {
            ...base,
            operation,
            answer: inScope(() => {
              const filter = roleAssignmentFilter(request.query.get('$filter'));
              if (filter === undefined) return armErrors.invalidFilter(request.query.get('$filter') ?? '');
              const found = store
                .roleAssignments(parsed.scope, filter.atScope)
                .filter((assignment) => filter.principalId === undefined || String((assignment.properties as Record<string, unknown>).principalId).toLowerCase() === filter.principalId.toLowerCase());
              return page(found, request);
            }),
          };
        }
        return {
          ...base,
          operation,
          answer: inScope(() => {
            const filter = request.query.get('$filter');
            const definitions = store.roleDefinitions(subscriptionId);
            if (roleDefinitionMatches(filter, definitions[0]) === undefined) return armErrors.invalidFilter(filter ?? '');
            return page(definitions.filter((definition) => roleDefinitionMatches(filter, definition) === true), request);
          }),
        };
      }
      const name = parsed.names[parsed.names.length - 1];
      if (isAssignments) {
        const id = `${parsed.scope}/providers/Microsoft.Authorization/roleAssignments/${name}`;
        return { ...base, operation: served.get, answer: inScope(() => get(store.get(id), () => armErrors.roleNotFound('RoleAssignmentNotFound', name))) };
      }
      const definition = store.roleDefinitions(subscriptionId).find((candidate) => String(candidate.name).toLowerCase() === name.toLowerCase());
      return { ...base, operation: served.get, answer: inScope(() => get(definition, () => armErrors.roleNotFound('RoleDefinitionDoesNotExist', name))) };
    }

    const typeSegments = parsed.type.split('/').slice(1);
    const notFound = (): ArmResponse => {
      const path = typeSegments.map((segment, index) => (parsed.names[index] === undefined ? segment : `${segment}/${parsed.names[index]}`)).join('/');
      return armErrors.resourceNotFound(parsed.namespace, path, resourceGroup);
    };
    if (!parsed.collection) {
      return { ...base, operation: served.get, answer: inScope(() => get(store.get(request.path), notFound)) };
    }
    if (parsed.names.length === 0) {
      // A top-level collection: by resource group, or across the subscription.
      const atGroup = resourceGroup !== undefined && /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+$/i.test(parsed.scope);
      const atSubscription = resourceGroup === undefined && /^\/subscriptions\/[^/]+$/i.test(parsed.scope);
      const operation = atGroup ? served.listByResourceGroup : atSubscription ? served.listBySubscription : undefined;
      if (operation === undefined || subscriptionId === undefined) return unknownRoute(parsed, request);
      return { ...base, operation, answer: inScope(() => page(store.listInScope(served.type, subscriptionId, atGroup ? resourceGroup : undefined), request)) };
    }
    if (served.list === undefined) return unknownRoute(parsed, request);
    const parentId = request.path.replace(/\/[^/]+\/?$/, '');
    return {
      ...base,
      operation: served.list,
      answer: inScope(() => (store.get(parentId) === undefined ? notFound() : page(store.listChildren(parentId, served.type).map((child) => listView(served.type, child)), request))),
    };
  };

  const faultResponse = async (fault: AzureFaultKind, request: ArmRequest, chosen: Route): Promise<ArmResponse> => {
    switch (fault) {
      case 'AuthorizationFailed':
        return armErrors.authorizationFailed(callerObjectId, chosen.action, request.path);
      case 'Throttled':
        return armErrors.throttled(chosen.subscriptionId ?? 'tenant', retryAfterSeconds);
      case 'InternalError':
        return armErrors.internal(randomUUID());
      case 'Hang':
        await wait(hangMs);
        return { status: 0, headers: {}, body: '', dropConnection: true };
      case 'Truncated': {
        const full = chosen.answer();
        return { ...full, status: 200, body: full.body.slice(0, Math.max(1, Math.floor(full.body.length / 2))) };
      }
      case 'EmptyBody':
        return { status: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, body: '' };
      case 'ForeignBody':
        return { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body: SIGN_IN_PAGE };
      case 'ForeignJson':
        return jsonResponse(200, {});
    }
  };

  const decide = async (request: ArmRequest): Promise<{ response: ArmResponse; record: Omit<AzureCallRecord, 'status'> }> => {
    const apiVersion = request.query.get('api-version') ?? undefined;
    const chosen = route(request);
    const record = {
      method: request.method,
      path: request.path,
      operation: chosen.operation,
      action: chosen.action,
      ...(apiVersion === undefined ? {} : { apiVersion }),
    };
    if (request.method.toUpperCase() !== (chosen.method ?? 'GET')) return { response: armErrors.methodNotAllowed(request.method), record };
    const authorization = header(request, 'authorization');
    if (authorization === undefined) return { response: armErrors.missingAuthorization(), record };
    if (!/^Bearer \S+$/.test(authorization)) return { response: armErrors.invalidAuthorization(), record };
    if (apiVersion === undefined || apiVersion === '') return { response: armErrors.missingApiVersion(), record };
    if (!API_VERSION.test(apiVersion)) return { response: armErrors.invalidApiVersion(apiVersion), record };
    const fault = chosen.operation === 'unknown' ? undefined : plan.match(chosen.operation, request.path);
    if (fault !== undefined) return { response: await faultResponse(fault, request, chosen), record: { ...record, fault } };
    const retryAfter = budget !== undefined && chosen.subscriptionId !== undefined ? budget.take(chosen.subscriptionId) : undefined;
    if (retryAfter !== undefined && chosen.subscriptionId !== undefined) return { response: armErrors.throttled(chosen.subscriptionId, retryAfter), record: { ...record, fault: 'Throttled' } };
    return { response: chosen.answer(), record };
  };

  return {
    handle: async (request) => {
      await wait(latencyMs);
      const { response, record } = await decide(request);
      const requestId = randomUUID();
      const withIds: ArmResponse = response.dropConnection
        ? response
        : {
            ...response,
            headers: {
              'cache-control': 'no-cache',
              'x-ms-request-id': requestId,
              'x-ms-correlation-request-id': header(request, 'x-ms-correlation-request-id') ?? requestId,
              ...response.headers,
            },
          };
      log.push({ ...record, status: withIds.status });
      return withIds;
    },
    calls: () => [...log],
    resetCalls: () => {
      log = [];
    },
    setFaults: (rules) => plan.replace(rules),
    close: () => releaseWaits(),
  };
}
