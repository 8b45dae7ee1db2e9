// The GCP simulator's router: Google's paths over sim/core's path router, bearer tokens required,
// custom verbs (`name:getIamPolicy`) matched as a last path segment, and Google's error bodies for faults.
import { header, type SimRequest } from '../core/http';
import { pathRouter } from '../core/path-router';
import type { ErrorFault, SimRouter } from '../core/router';
import { GCP_ROUTES, buildRoutes, permissionOf, resourceOfPath } from './routes';
import { errorInfo, errorResponse, permissionDenied } from './wire';
import type { GcpWorld } from './world';

export const GCP_SERVER_NAME = 'inferguard-gcp-simulator';

/** The custom methods served; `…/cryptoKeys/k:getIamPolicy` is matched as `…/cryptoKeys/k/:getIamPolicy`. */
const VERBS = /:(getIamPolicy|getAncestry|searchAllResources)$/;

function withVerbSegment(request: SimRequest): SimRequest {
  return VERBS.test(request.path) ? { ...request, path: request.path.replace(VERBS, '/:$1') } : request;
}

const faultBodies: Readonly<Record<ErrorFault, (service: string, operation: string, requestId: string, resource: string) => ReturnType<typeof errorResponse>>> = {
  AccessDenied: (service, operation, requestId, resource) => permissionDenied(permissionOf(service, operation) ?? `${service}.unknown`, resource, service, requestId),
  Throttling: (service, _operation, requestId) =>
    errorResponse(
      'RESOURCE_EXHAUSTED',
      `Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute' of service '${service}.googleapis.com'.`,
      requestId,
      [errorInfo('RATE_LIMIT_EXCEEDED', 'googleapis.com', { service: `${service}.googleapis.com`, quota_metric: `${service}.googleapis.com/read_requests`, quota_limit: 'ReadRequestsPerMinutePerProject' })],
    ),
  InternalError: (_service, _operation, requestId) => errorResponse('INTERNAL', 'Internal error encountered.', requestId),
};

export interface GcpRouterOptions {
  /**
   * Calls per second each project answers before 429 RESOURCE_EXHAUSTED (a per-project quota), counted
   * over the last second for every call whose path names the project; no limit when absent.
   */
  readonly perProjectCallsPerSecond?: number;
}

/** The project a call's path names (`/v1/projects/ID/...`, by id or number), for the per-project quota. */
function projectKey(world: GcpWorld, path: string): string | undefined {
  const named = /\/projects\/([^/:]+)/.exec(path)?.[1];
  if (named === undefined) return undefined;
  return world.projects.find((p) => p.projectId === named || p.projectNumber === named)?.projectId ?? named;
}

function quotaExceeded(service: string, project: string, requestId: string) {
  return errorResponse('RESOURCE_EXHAUSTED', `Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute per project' of service '${service}.googleapis.com' for project '${project}'.`, requestId, [
    errorInfo('RATE_LIMIT_EXCEEDED', 'googleapis.com', { service: `${service}.googleapis.com`, quota_metric: `${service}.googleapis.com/read_requests`, quota_limit: 'ReadRequestsPerMinutePerProject', consumer: `projects/${project}` }),
  ]);
}

export function gcpRouter(world: GcpWorld, options: GcpRouterOptions = {}): SimRouter {
  const recent = new Map<string, number[]>();
  /** True when this call goes over its project's quota (and then it is not counted). */
  const overQuota = (path: string): string | undefined => {
    const limit = options.perProjectCallsPerSecond;
    if (limit === undefined) return undefined;
    const project = projectKey(world, path);
    if (project === undefined) return undefined;
    const now = Date.now();
    const window = (recent.get(project) ?? []).filter((at) => now - at < 1000);
    if (window.length >= limit) {
      recent.set(project, window);
      return project;
    }
    window.push(now);
    recent.set(project, window);
    return undefined;
  };
  const inner = pathRouter({
    serverName: GCP_SERVER_NAME,
    routes: buildRoutes(world),
    // Replaced per request below, where the resource the call names is known.
    errorResponse: (fault, call, requestId) => faultBodies[fault](call.service, call.operation, requestId, ''),
    notFound: (request, requestId) => errorResponse('NOT_FOUND', `Method not found: ${request.method} ${request.path}.`, requestId),
  });
  return {
    serverName: inner.serverName,
    catalog: inner.catalog,
    route(request, requestId) {
      const routing = inner.route(withVerbSegment(request), requestId);
      const authorization = header(request, 'authorization') ?? '';
      if (routing.kind === 'call' && !/^Bearer \S+$/.test(authorization)) {
        return {
          kind: 'refused',
          identity: { service: routing.call.service, operation: routing.call.operation, region: routing.call.region },
          response: errorResponse(
            'UNAUTHENTICATED',
            'Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
            requestId,
            [errorInfo('CREDENTIALS_MISSING', 'googleapis.com', { service: `${routing.call.service}.googleapis.com`, method: routing.call.operation })],
          ),
        };
      }
      if (routing.kind === 'refused') return routing;
      const { call } = routing;
      const throttled = overQuota(request.path);
      return {
        kind: 'call',
        call: {
          ...call,
          ...(throttled === undefined ? {} : { answer: () => quotaExceeded(call.service, throttled, requestId) }),
          fault: (fault) => faultBodies[fault](call.service, call.operation, requestId, resourceOfPath(request, call.operation)),
        },
      };
    },
  };
}

/** Every permission some served call needs. */
export function servedPermissions(): string[] {
  return [...new Set(GCP_ROUTES.map((route) => route.permission))].sort();
}
