// A router for clouds whose REST APIs name the call in the path (Azure Resource Manager, Google APIs),
// for sim/azure and sim/gcp to build on: routes as path templates, and the cloud's own error bodies.
import type { SimRequest, SimResponse } from './http';
import type { CallIdentity, ErrorFault, FaultCatalog, Routing, SimRouter } from './router';

export interface PathRoute {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';
  /** Segments in braces match any one segment: `/subscriptions/{subscriptionId}/providers/Microsoft.MachineLearningServices/workspaces`. */
  readonly path: string;
  /** The name fault rules and the call log use: ARM's resource provider, Google's API. */
  readonly service: string;
  /** ARM's operation id (`Workspaces_List`), Google's method (`projects.locations.endpoints.list`). */
  readonly operation: string;
  /** The path parameter that names the region or location, if any. */
  readonly regionParameter?: string;
  answer(params: Readonly<Record<string, string>>, request: SimRequest, requestId: string): SimResponse;
}

export interface PathRouterOptions {
  readonly serverName: string;
  readonly routes: readonly PathRoute[];
  /** The cloud's error response for an injected error fault (ARM `{"error":{"code","message"}}`, Google `{"error":{"code","message","status","details"}}`). */
  errorResponse(fault: ErrorFault, call: CallIdentity, requestId: string): SimResponse;
  /** The answer to a request no route matches. */
  notFound(request: SimRequest, requestId: string): SimResponse;
}

/** The path's parameters when `template` matches it; literal segments compare case-insensitively (as ARM does). */
export function matchPath(template: string, path: string): Record<string, string> | undefined {
  const want = template.split('/').filter((s) => s !== '');
  const got = path.split('/').filter((s) => s !== '');
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i += 1) {
    const parameter = /^\{(\w+)\}$/.exec(want[i]);
    if (parameter) params[parameter[1]] = got[i];
    else if (want[i].toLowerCase() !== got[i].toLowerCase()) return undefined;
  }
  return params;
}

export function pathRouter(options: PathRouterOptions): SimRouter {
  const catalog = new Map<string, string[]>();
  for (const route of options.routes) catalog.set(route.service, [...(catalog.get(route.service) ?? []), route.operation]);
  return {
    serverName: options.serverName,
    catalog: catalog satisfies FaultCatalog,
    route(request, requestId): Routing {
      for (const route of options.routes) {
        if (route.method !== request.method) continue;
        const params = matchPath(route.path, request.path);
        if (params === undefined) continue;
        const identity: CallIdentity = { service: route.service, operation: route.operation, region: route.regionParameter ? (params[route.regionParameter] ?? '') : '' };
        return {
          kind: 'call',
          call: { ...identity, answer: () => route.answer(params, request, requestId), fault: (fault) => options.errorResponse(fault, identity, requestId) },
        };
      }
      return { kind: 'refused', identity: { service: 'unknown', operation: `${request.method} ${request.path}`, region: '' }, response: options.notFound(request, requestId) };
    },
  };
}
