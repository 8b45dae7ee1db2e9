// A read-only ARM client on @azure/core-rest-pipeline: a bearer token on every call, the pipeline's retry
// policy (429 Retry-After, transient 5xx and connection errors), a timeout per call, absolute nextLink paging
// kept on the ARM host, and a response trusted only when it parses and has the documented shape.
import {
  createDefaultHttpClient,
  createEmptyPipeline,
  createPipelineRequest,
  defaultRetryPolicy,
  type HttpClient,
  type Pipeline,
  type PipelinePolicy,
} from '@azure/core-rest-pipeline';
import type { ZodType } from 'zod';
import type { FailureDescription } from '../../collect/context';
import { isLoopback } from './clouds';

/** Gives the bearer token for one call. */
export type TokenSource = () => Promise<string>;

/** A failed ARM read, named by ARM's error code (`AuthorizationFailed`, `ResourceNotFound`) or by what was wrong with the answer. */
export class ArmReadError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'ArmReadError';
  }
}

export function describeArmFailure(error: unknown): FailureDescription {
  if (error instanceof ArmReadError) return { code: error.code, message: error.message };
  const { name, code, message } = (typeof error === 'object' && error !== null ? error : {}) as { name?: unknown; code?: unknown; message?: unknown };
  const text = (typeof message === 'string' ? message : String(error)).split('\n')[0].slice(0, 300) || 'no message';
  if (name === 'AbortError' || /timed? ?out|aborted/i.test(text)) return { code: 'Timeout', message: text };
  return { code: typeof code === 'string' && code ? code : typeof name === 'string' && name ? name : 'UnknownError', message: text };
}

export interface ArmClientOptions {
  readonly baseUrl: URL;
  readonly token: TokenSource;
  readonly timeoutMs: number;
  readonly maxRetries: number;
  readonly httpClient?: HttpClient;
}

/** Sets `Authorization: Bearer` itself: the SDK's bearer policy refuses plain http, which a loopback simulator needs. */
function bearerPolicy(token: TokenSource): PipelinePolicy {
  return {
    name: 'inferguardBearer',
    async sendRequest(request, next) {
      request.headers.set('authorization', `Bearer ${await token()}`);
      return next(request);
    },
  };
}

/**
 * Backoff shared by every call to one subscription: ARM meters reads per subscription, so when one call is told to
 * wait (429 with Retry-After), the others to that subscription wait too instead of spending their retries on the same
 * empty budget. Placed after the retry policy, it sees every attempt.
 */
export function subscriptionBackoffPolicy(now: () => number = Date.now): PipelinePolicy {
  const pausedUntil = new Map<string, number>();
  return {
    name: 'inferguardSubscriptionBackoff',
    async sendRequest(request, next) {
      const subscription = /^\/subscriptions\/([^/]+)/i.exec(new URL(request.url).pathname)?.[1]?.toLowerCase();
      const until = subscription === undefined ? undefined : pausedUntil.get(subscription);
      if (until !== undefined && until > now()) await new Promise((resolve) => setTimeout(resolve, until - now()));
      const response = await next(request);
      const retryAfter = Number(response.headers.get('retry-after'));
      if (subscription !== undefined && response.status === 429 && Number.isFinite(retryAfter) && retryAfter > 0) {
        pausedUntil.set(subscription, Math.max(pausedUntil.get(subscription) ?? 0, now() + retryAfter * 1000));
      }
      return response;
    },
  };
}

export class ArmClient {
  private readonly pipeline: Pipeline;
  private readonly httpClient: HttpClient;

  constructor(private readonly options: ArmClientOptions) {
    this.pipeline = createEmptyPipeline();
    this.pipeline.addPolicy(defaultRetryPolicy({ maxRetries: options.maxRetries }), { phase: 'Retry' });
    this.pipeline.addPolicy(subscriptionBackoffPolicy(), { afterPhase: 'Retry' });
    this.pipeline.addPolicy(bearerPolicy(options.token));
    this.httpClient = options.httpClient ?? createDefaultHttpClient();
  }

  /** `path` is an ARM path (`/subscriptions/...`); the api-version is added. */
  url(path: string, apiVersion: string, query: Record<string, string> = {}): string {
    const url = new URL(this.options.baseUrl.href.replace(/\/+$/, '') + path);
    url.searchParams.set('api-version', apiVersion);
    for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
    return url.href;
  }

  /** GETs `url` and returns its body when it has `shape`; anything else throws ArmReadError. */
  async get<T>(url: string, shape: ZodType<T>): Promise<T> {
    return (await this.send('GET', url, shape)).body;
  }

  /**
   * POSTs a read-only query (Azure Resource Graph) and returns its body when it has `shape`, with the answer's headers
   * (Resource Graph states its remaining quota in them).
   */
  post<T>(url: string, requestBody: unknown, shape: ZodType<T>): Promise<{ body: T; headers: (name: string) => string | undefined }> {
    return this.send('POST', url, shape, JSON.stringify(requestBody));
  }

  private async send<T>(method: 'GET' | 'POST', url: string, shape: ZodType<T>, requestBody?: string): Promise<{ body: T; headers: (name: string) => string | undefined }> {
    const target = new URL(url);
    if (target.origin !== this.options.baseUrl.origin)
      throw new ArmReadError('ForeignLink', `refused to follow ${target.origin}: only ${this.options.baseUrl.origin} receives the token`);
    const request = createPipelineRequest({ url, method, timeout: this.options.timeoutMs, allowInsecureConnection: isLoopback(target), ...(requestBody === undefined ? {} : { body: requestBody }) });
    if (requestBody !== undefined) request.headers.set('content-type', 'application/json');
    const response = await this.pipeline.sendRequest(this.httpClient, request);
    const text = response.bodyAsText ?? '';
    if (response.status !== 200) {
      const error = parseJson(text) as { error?: { code?: unknown; message?: unknown } } | undefined;
      const code = typeof error?.error?.code === 'string' ? error.error.code : `HTTP${response.status}`;
      const message = typeof error?.error?.message === 'string' ? error.error.message : `ARM answered ${response.status}`;
      throw new ArmReadError(code, message.split('\n')[0].slice(0, 300), response.status);
    }
    const body = parseJson(text);
    if (body === undefined) throw new ArmReadError('InvalidResponse', `ARM answered 200 with a body that is not JSON (${describeBody(text)}): not trusted`);
    const parsed = shape.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ArmReadError('UnexpectedShape', `ARM answered 200 without the documented shape (${issue ? `${issue.path.join('.') || 'body'}: ${issue.message}` : 'invalid'}): not trusted`);
    }
    return { body: parsed.data, headers: (name) => response.headers.get(name) };
  }
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function describeBody(text: string): string {
  if (text.trim() === '') return 'empty';
  return `starts ${JSON.stringify(text.trim().slice(0, 40))}`;
}
