// The interface a simulated cloud plugs into the shared server (sim/core/server.ts).
//
// The server owns the socket, latency, the fault plan and the call log; a router owns the cloud's
// wire protocol. For each request the router says which call it is (service, operation, region) and
// how to answer it: normally, or with the cloud's own error for an error fault. Faults that break
// the response itself (Malformed, Empty, Foreign, Timeout) are the server's, the same for every cloud.
//
//   AWS (sim/aws/router.ts): by the SigV4 credential scope (service/region), then the protocol's operation.
//   ARM (sim/azure): by path `/subscriptions/{id}/.../providers/{Namespace}/{type}/...` and `api-version`;
//     error faults answer `{"error":{"code","message"}}` (AuthorizationFailed 403, TooManyRequests 429, InternalServerError 500).
//   Google APIs (sim/gcp): by path `/v1/projects/{project}/locations/{location}/...`;
//     error faults answer `{"error":{"code","message","status","details"}}` (403 PERMISSION_DENIED, 429 RESOURCE_EXHAUSTED, 500 INTERNAL).
// `pathRouter` (sim/core/path-router.ts) does the path matching for the last two.
import type { SimRequest, SimResponse } from './http';

/** Faults answered with the cloud's own error response (as opposed to a broken or missing one). */
export const ERROR_FAULTS = ['AccessDenied', 'Throttling', 'InternalError'] as const;
export type ErrorFault = (typeof ERROR_FAULTS)[number];

/** What the call log and fault rules name a call by. */
export interface CallIdentity {
  /** AWS: the SigV4 signing name (`kms`); ARM: the resource provider; Google: the API (`aiplatform`). */
  readonly service: string;
  readonly operation: string;
  /** Region or location; '' when the call has none. */
  readonly region: string;
  /** The account the call is served for (AWS: the caller's account id), when the router knows it. */
  readonly account?: string;
}

/** A request the router recognised as one of its calls. */
export interface RoutedCall extends CallIdentity {
  /** The normal answer (success or the API's own error, e.g. not found). */
  answer(): SimResponse;
  /** The cloud's error response for an injected error fault, in its wire shape. */
  fault(fault: ErrorFault): SimResponse;
}

export type Routing =
  | { readonly kind: 'call'; readonly call: RoutedCall }
  /** Not a call the router serves (unsigned, unknown service or operation): answered as is, never faulted. */
  | { readonly kind: 'refused'; readonly identity: CallIdentity; readonly response: SimResponse };

/** Services and their operations, to check fault rules against before they are armed. */
export type FaultCatalog = ReadonlyMap<string, readonly string[]>;

export interface SimRouter {
  /** Sent as the `server` header, e.g. `inferguard-aws-simulator`. */
  readonly serverName: string;
  readonly catalog: FaultCatalog;
  route(request: SimRequest, requestId: string): Routing;
}
