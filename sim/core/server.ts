// The simulator's HTTP server, the same for every cloud: one port, a router that knows the cloud's
// wire protocol (sim/core/router.ts), latency added with a timer, injected faults, and a call log.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { FaultPlan, type FaultKind, type FaultRule } from './faults';
import { RateLimiter, type RateLimits } from './rate-limits';
import { bodyText, type SimRequest, type SimResponse } from './http';
import { releasableWaits } from './waits';
import type { CallIdentity, RoutedCall, SimRouter } from './router';

export interface SimServerOptions {
  /** Address to listen on; 127.0.0.1 by default. */
  readonly host?: string;
  /** Port to listen on; 0 (any free port) by default. */
  readonly port?: number;
  /** Delay added to every call, with a timer (not a busy loop). */
  readonly latencyMs?: number;
  /** Fault rules in force from the start (see `setFaults`). */
  readonly faults?: readonly FaultRule[];
  /** How long a Timeout fault holds a response open before dropping the connection; 30 s by default. */
  readonly timeoutMs?: number;
  /** Largest request body accepted; 16 MiB by default. */
  readonly maxBodyBytes?: number;
  /** A request id per call, for the router's responses; random UUIDs by default. */
  readonly requestId?: () => string;
  /** Per-(account, region, service, operation) request rates; calls over them get the cloud's throttling error. */
  readonly rateLimits?: RateLimits;
}

export interface CallRecord extends CallIdentity {
  /** HTTP status sent; 0 when the call was held open and dropped (Timeout fault). */
  readonly status: number;
  /** The fault injected into this call, if one was. */
  readonly fault?: FaultKind;
  /** Set when the call exceeded its rate limit and was answered with the cloud's throttling error. */
  readonly throttled?: true;
}

export interface RunningSimServer {
  /** `http://127.0.0.1:PORT`: give it to SDK clients as their endpoint. */
  readonly url: string;
  readonly port: number;
  /** Every call so far, in the order the responses were decided. */
  calls(): CallRecord[];
  resetCalls(): void;
  /** Replaces the fault rules and their counters. */
  setFaults(rules: readonly FaultRule[]): void;
  close(): Promise<void>;
}

interface Outcome {
  readonly response?: SimResponse;
  readonly status: number;
  readonly fault?: FaultKind;
  /** Hold the connection open instead of answering. */
  readonly hold?: boolean;
  readonly throttled?: true;
}

/** What a captive portal or an expired-session proxy answers instead of the API: 200 and a sign-in page. */
export const FOREIGN_BODY =
  '<!DOCTYPE html>\n<html><head><title>Sign in</title></head><body><form method="post" action="/login"><h1>Sign in to continue</h1>' +
  '<input name="username"><input name="password" type="password"><button>Sign in</button></form></body></html>\n';

/** What `resourceContains` searches: the path and the body, form-decoded when it is a form. */
function resourceText(request: SimRequest): string {
  const text = bodyText(request);
  let decoded = text;
  try {
    decoded = decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    // A body that is not percent-encoded is searched as it is.
  }
  return `${request.path} ${decoded}`;
}

/** A response cut in half: well-formed HTTP whose payload no parser accepts. */
function malformed(response: SimResponse): SimResponse {
  const full = Buffer.isBuffer(response.body) ? response.body : Buffer.from(response.body, 'utf8');
  const half = full.subarray(0, Math.floor(full.length / 2));
  return { ...response, status: 200, body: half.length > 0 ? half : Buffer.from('<<truncated', 'utf8') };
}

/** How each fault turns a call into an outcome, as data. */
const faultOutcomes: Readonly<Record<FaultKind, (call: RoutedCall) => Omit<Outcome, 'fault'>>> = {
  AccessDenied: (call) => answered(call.fault('AccessDenied')),
  Throttling: (call) => answered(call.fault('Throttling')),
  InternalError: (call) => answered(call.fault('InternalError')),
  Malformed: (call) => ({ response: malformed(call.answer()), status: 200 }),
  // The API's own headers (content type, request id) with nothing after them.
  Empty: (call) => ({ response: { ...call.answer(), status: 200, body: '' }, status: 200 }),
  Foreign: () => ({ response: { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body: FOREIGN_BODY }, status: 200 }),
  Timeout: () => ({ status: 0, hold: true }),
};

function answered(response: SimResponse): Outcome {
  return { response, status: response.status };
}

/** The request body, or `undefined` when it is larger than `limit` (the rest is read and dropped so a 413 can be sent). */
async function readBody(message: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of message) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size <= limit) chunks.push(buffer);
  }
  return size > limit ? undefined : Buffer.concat(chunks);
}

export async function startSimServer(router: SimRouter, options: SimServerOptions = {}): Promise<RunningSimServer> {
  const plan = new FaultPlan(router.catalog, options.faults ?? []);
  const limiter = options.rateLimits === undefined ? undefined : new RateLimiter(options.rateLimits);
  const latencyMs = options.latencyMs ?? 0;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const maxBodyBytes = options.maxBodyBytes ?? 16 * 1024 * 1024;
  const newRequestId = options.requestId ?? randomUUID;
  if (!Number.isFinite(latencyMs) || latencyMs < 0) throw new Error(`latencyMs must be a number of milliseconds >= 0, not ${String(latencyMs)}.`);
  let log: CallRecord[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const held = new Set<ServerResponse>();
  let closing = false;

  // Pending latency waits, so close() can release them instead of leaving handlers parked.
  const { wait, releaseAll: releaseWaits } = releasableWaits();

  const send = (res: ServerResponse, response: SimResponse): void => {
    if (res.destroyed || res.headersSent) return;
    const body = Buffer.isBuffer(response.body) ? response.body : Buffer.from(response.body, 'utf8');
    res.writeHead(response.status, { ...response.headers, 'content-length': String(body.length), server: router.serverName, date: new Date().toUTCString() });
    res.end(body);
  };

  const hold = (res: ServerResponse): void => {
    held.add(res);
    const timer = setTimeout(() => {
      timers.delete(timer);
      held.delete(res);
      res.destroy();
    }, timeoutMs);
    timers.add(timer);
    res.on('close', () => held.delete(res));
  };

  const decide = (request: SimRequest, requestId: string): { identity: CallIdentity; run: () => Outcome } => {
    const routing = router.route(request, requestId);
    if (routing.kind === 'refused') return { identity: routing.identity, run: () => answered(routing.response) };
    const { call } = routing;
    const identity: CallIdentity = { service: call.service, operation: call.operation, region: call.region, ...(call.account === undefined ? {} : { account: call.account }) };
    // The rate is measured as calls arrive, before the injected latency, as a service counts them.
    const withinLimit = limiter === undefined || limiter.take(identity);
    return {
      identity,
      run: () => {
        if (!withinLimit) return { ...answered(call.fault('Throttling')), throttled: true };
        const fault = plan.match({ service: call.service, operation: call.operation, ...(call.account === undefined ? {} : { account: call.account }), resource: () => resourceText(request) });
        return fault === undefined ? answered(call.answer()) : { ...faultOutcomes[fault](call), fault };
      },
    };
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const requestId = newRequestId();
    const body = await readBody(req, maxBodyBytes);
    const url = new URL(req.url ?? '/', 'http://localhost');
    let path = url.pathname;
    try {
      path = decodeURIComponent(url.pathname);
    } catch {
      // Keep the raw path; the router reports what it cannot find.
    }
    const request: SimRequest = { method: req.method ?? 'GET', path, query: url.searchParams, headers: req.headers, body: body ?? Buffer.alloc(0) };
    const decision = decide(request, requestId);
    await wait(latencyMs);
    if (closing) return;
    const outcome: Outcome = body === undefined ? answered(tooLarge(requestId, maxBodyBytes)) : decision.run();
    log.push({ ...decision.identity, status: outcome.status, ...(outcome.fault === undefined ? {} : { fault: outcome.fault }), ...(outcome.throttled ? { throttled: true } : {}) });
    if (outcome.hold) hold(res);
    else if (outcome.response !== undefined) send(res, outcome.response);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      send(res, { status: 500, headers: { 'content-type': 'text/plain' }, body: `simulator failure: ${message}` });
    });
  });
  // Longer than any client keeps an idle connection (undici 4 s): the client lets it go first, so a loaded machine
  // never reuses a socket the server is closing at that moment (ECONNRESET in a test).
  server.keepAliveTimeout = 65_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 0, backlog: 4096 }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    calls: () => [...log],
    resetCalls: () => {
      log = [];
    },
    setFaults: (rules) => plan.replace(rules),
    close: async () => {
      closing = true;
      releaseWaits();
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const res of held) res.destroy();
      held.clear();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

function tooLarge(requestId: string, limit: number): SimResponse {
  return { status: 413, headers: { 'content-type': 'text/plain', 'x-request-id': requestId }, body: `RequestEntityTooLarge: the request body is larger than ${limit} bytes.` };
}
