// The simulator's HTTP server: one port for every service. It reads the service and region from the
// SigV4 credential scope (signatures are not checked), adds latency, injects faults, and logs each call.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FaultPlan, type FaultKind, type FaultRule } from './faults';
import { bodyText, credentialScope, type SimRequest, type SimResponse } from './http';
import { ids } from './ids';
import type { ErrorFault } from './protocols/protocol';
import type { AwsScenario } from './scenario';
import { services } from './services/index';
import type { ContextBase, SimService } from './services/service';
import { AwsStore } from './store';
import { element, escapeXml } from './xml';

export interface AwsSimOptions {
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
  /**
   * Answer S3 bucket requests signed for another region than the bucket's with 301 PermanentRedirect and
   * `x-amz-bucket-region`, as S3 does (the SDK follows it with `followRegionRedirects: true`). On by default.
   */
  readonly strictS3Regions?: boolean;
  /** Largest request body accepted; 16 MiB by default. */
  readonly maxBodyBytes?: number;
}

export interface CallRecord {
  /** SigV4 signing name, `unknown` when the request was not signed. */
  readonly service: string;
  readonly operation: string;
  readonly region: string;
  /** HTTP status sent; 0 when the call was held open and dropped (Timeout fault). */
  readonly status: number;
  /** The fault injected into this call, if one was. */
  readonly fault?: FaultKind;
}

export interface RunningAwsSimulator {
  /** `http://127.0.0.1:PORT`: give it to SDK clients as `endpoint`. */
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
}

const SERVER_HEADER = 'inferguard-aws-simulator';

function unsignedResponse(requestId: string): SimResponse {
  const error = element('Type', 'Sender') + element('Code', 'MissingAuthenticationToken') + element('Message', 'Request is missing Authentication Token: sign it with SigV4 (any access key works; the signature is not checked).');
  return { status: 403, headers: { 'content-type': 'text/xml' }, body: element('ErrorResponse', element('Error', error) + element('RequestId', requestId)) };
}

function unknownServiceResponse(service: string, requestId: string): SimResponse {
  const message = `The simulator does not serve "${escapeXml(service)}". It serves: ${[...services.keys()].join(', ')}.`;
  const error = element('Type', 'Sender') + element('Code', 'UnrecognizedService') + element('Message', message);
  return { status: 400, headers: { 'content-type': 'text/xml' }, body: element('ErrorResponse', element('Error', error) + element('RequestId', requestId)) };
}

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

/** What a captive portal or a proxy in front of the wrong host answers: a 200 that is not the service's answer. */
const FOREIGN_PAGE = '<!DOCTYPE html><html><head><title>Sign in</title></head><body><form method="post"><input name="user"></form></body></html>';

function errorFault(fault: ErrorFault): (service: SimService, operation: string, request: SimRequest, base: ContextBase) => Outcome {
  return (service, operation, _request, base) => {
    const response = service.fault(fault, operation, base);
    return { response, status: response.status, fault };
  };
}

/** How each fault turns a call into an outcome, as data. */
const faultOutcomes: Readonly<Record<FaultKind, (service: SimService, operation: string, request: SimRequest, base: ContextBase) => Outcome>> = {
  AccessDenied: errorFault('AccessDenied'),
  Throttling: errorFault('Throttling'),
  InternalError: errorFault('InternalError'),
  Malformed: (service, operation, request, base) => ({ response: malformed(service.invoke(operation, request, base)), status: 200, fault: 'Malformed' }),
  // The operation still runs (its headers are kept, as a real answer's would be); only the body is replaced.
  Empty: (service, operation, request, base) => ({ response: { ...service.invoke(operation, request, base), status: 200, body: '' }, status: 200, fault: 'Empty' }),
  Foreign: () => ({ response: { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body: FOREIGN_PAGE }, status: 200, fault: 'Foreign' }),
  Timeout: () => ({ status: 0, fault: 'Timeout', hold: true }),
};

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

export async function startAwsSimulator(scenario: AwsScenario, options: AwsSimOptions = {}): Promise<RunningAwsSimulator> {
  const store = new AwsStore(scenario);
  const plan = new FaultPlan(options.faults ?? []);
  const latencyMs = options.latencyMs ?? 0;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const strictS3Regions = options.strictS3Regions ?? true;
  const maxBodyBytes = options.maxBodyBytes ?? 16 * 1024 * 1024;
  if (!Number.isFinite(latencyMs) || latencyMs < 0) throw new Error(`latencyMs must be a number of milliseconds >= 0, not ${String(latencyMs)}.`);
  let log: CallRecord[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const held = new Set<ServerResponse>();
  let closing = false;

  // Pending latency waits, so close() can release them instead of leaving handlers parked.
  const waiting = new Map<NodeJS.Timeout, () => void>();
  const wait = (ms: number): Promise<void> =>
    ms <= 0
      ? Promise.resolve()
      : new Promise((resolve) => {
          const timer = setTimeout(() => {
            waiting.delete(timer);
            resolve();
          }, ms);
          waiting.set(timer, resolve);
        });

  const send = (res: ServerResponse, response: SimResponse): void => {
    if (res.destroyed || res.headersSent) return;
    const body = Buffer.isBuffer(response.body) ? response.body : Buffer.from(response.body, 'utf8');
    res.writeHead(response.status, { ...response.headers, 'content-length': String(body.length), server: SERVER_HEADER, date: new Date().toUTCString() });
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

  const decide = (request: SimRequest, requestId: string): { record: Omit<CallRecord, 'status' | 'fault'>; run: () => Outcome } => {
    const scope = credentialScope(request);
    if (scope === undefined) {
      return { record: { service: 'unknown', operation: 'unknown', region: '' }, run: () => ({ response: unsignedResponse(requestId), status: 403 }) };
    }
    const service = services.get(scope.service);
    if (service === undefined) {
      return { record: { service: scope.service, operation: 'unknown', region: scope.region }, run: () => ({ response: unknownServiceResponse(scope.service, requestId), status: 400 }) };
    }
    const operation = service.identify(request);
    const record = { service: scope.service, operation: operation ?? 'unknown', region: scope.region };
    if (operation === undefined || !service.hasOperation(operation)) {
      return { record, run: () => outcomeOf(service.unknownOperation(operation, requestId)) };
    }
    const base: ContextBase = { store, region: scope.region, requestId, strictS3Regions };
    return {
      record,
      run: () => {
        const fault = plan.match({ service: scope.service, operation, resource: () => resourceText(request) });
        return fault === undefined ? outcomeOf(service.invoke(operation, request, base)) : faultOutcomes[fault](service, operation, request, base);
      },
    };
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const requestId = ids.requestId();
    const body = await readBody(req, maxBodyBytes);
    const url = new URL(req.url ?? '/', 'http://localhost');
    let path = url.pathname;
    try {
      path = decodeURIComponent(url.pathname);
    } catch {
      // Keep the raw path; the service reports what it cannot find.
    }
    const request: SimRequest = { method: req.method ?? 'GET', path, query: url.searchParams, headers: req.headers, body: body ?? Buffer.alloc(0) };
    const decision = decide(request, requestId);
    await wait(latencyMs);
    if (closing) return;
    const outcome: Outcome =
      body === undefined
        ? { response: tooLarge(requestId, maxBodyBytes), status: 413 }
        : decision.run();
    log.push({ ...decision.record, status: outcome.status, ...(outcome.fault === undefined ? {} : { fault: outcome.fault }) });
    if (outcome.hold) hold(res);
    else if (outcome.response !== undefined) send(res, outcome.response);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      send(res, { status: 500, headers: { 'content-type': 'text/plain' }, body: `simulator failure: ${message}` });
    });
  });
  server.keepAliveTimeout = 5_000;

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
      for (const [timer, release] of waiting) {
        clearTimeout(timer);
        release();
      }
      waiting.clear();
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

function outcomeOf(response: SimResponse): Outcome {
  return { response, status: response.status };
}

function tooLarge(requestId: string, limit: number): SimResponse {
  return { status: 413, headers: { 'content-type': 'text/plain', 'x-amzn-requestid': requestId }, body: `RequestEntityTooLarge: the request body is larger than ${limit} bytes.` };
}
