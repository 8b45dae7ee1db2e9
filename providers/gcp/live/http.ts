// Google REST calls for the live audit: one bearer token (GOOGLE_OAUTH_ACCESS_TOKEN as is, otherwise
// Application Default Credentials through google-auth-library, loaded only then), each API's base URL
// or the one `--endpoint-url`, a timeout per attempt, retries on 429/5xx, Google's error body read into
// a code, and a 200 trusted only when it has the documented shape (zod).
import type { z } from 'zod';
import type { FailureDescription } from '../../collect/context';

/** The Google APIs the readers call. */
export type GoogleApi = 'aiplatform' | 'cloudkms' | 'accesscontextmanager' | 'cloudresourcemanager' | 'bigquery' | 'cloudasset';

/** A failed call: `code` is Google's canonical status (PERMISSION_DENIED ...), `HTTP_<n>`, `Timeout` or `InvalidResponse`. */
export class GoogleCallError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly httpStatus?: number,
  ) {
    super(message);
    this.name = 'GoogleCallError';
  }
}

export class GcpAuditOptionsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GcpAuditOptionsError';
  }
}

export function describeGoogleFailure(error: unknown): FailureDescription {
  if (error instanceof GoogleCallError) return { code: error.code, message: error.message.split('\n')[0].slice(0, 300) };
  const message = error instanceof Error ? error.message : String(error);
  return { code: error instanceof Error && error.name ? error.name : 'UnknownError', message: message.split('\n')[0].slice(0, 300) || 'no message' };
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** `--endpoint-url`: https anywhere, plain http only to this machine (a token must not cross a network in clear). */
export function checkEndpointUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new GcpAuditOptionsError(`--endpoint-url: "${value}" is not a URL; expected e.g. https://private.googleapis.com or http://127.0.0.1:8085.`);
  }
  if (url.protocol === 'https:') return value.replace(/\/+$/, '');
  if (url.protocol === 'http:' && LOOPBACK.has(url.hostname)) return value.replace(/\/+$/, '');
  throw new GcpAuditOptionsError(
    `--endpoint-url: ${url.protocol}//${url.host} refused: the access token would travel unencrypted. Use https://, or plain http:// only to 127.0.0.1, localhost or [::1].`,
  );
}

/** Where each API lives; Vertex AI's regional resources are served by the region's own host. */
function googleBaseUrl(api: GoogleApi, location: string | undefined): string {
  if (api === 'aiplatform' && location !== undefined && location !== 'global') return `https://${location}-aiplatform.googleapis.com`;
  return `https://${api}.googleapis.com`;
}

/** The headers that authorize a request: the bearer token and, when one is set, the quota project. */
export type AccessTokenSource = () => Promise<Readonly<Record<string, string>>>;

/**
 * GOOGLE_OAUTH_ACCESS_TOKEN as is, or Application Default Credentials (read-only scope). The quota
 * project (GOOGLE_CLOUD_QUOTA_PROJECT, or the ADC file's quota_project_id) goes in x-goog-user-project:
 * Access Context Manager refuses user credentials without one.
 */
export function defaultTokenSource(env: Readonly<Record<string, string | undefined>>): AccessTokenSource {
  const fixed = env.GOOGLE_OAUTH_ACCESS_TOKEN?.trim();
  const quotaProject = env.GOOGLE_CLOUD_QUOTA_PROJECT?.trim();
  const quota: Record<string, string> = quotaProject ? { 'x-goog-user-project': quotaProject } : {};
  if (fixed) return async () => ({ authorization: `Bearer ${fixed}`, ...quota });
  let auth: import('google-auth-library').GoogleAuth | undefined;
  return async () => {
    if (auth === undefined) {
      const { GoogleAuth } = require('google-auth-library') as typeof import('google-auth-library');
      auth = new GoogleAuth({ scopes: ['https://www.googleapis.com/auth/cloud-platform.read-only'] });
    }
    const headers: Record<string, string> = {};
    (await auth.getRequestHeaders()).forEach((value, name) => (headers[name.toLowerCase()] = value));
    if (!headers.authorization) throw new GoogleCallError('CredentialsMissing', 'Application Default Credentials gave no access token');
    return { ...headers, ...quota };
  };
}

export interface GoogleClientSettings {
  readonly endpointUrl?: string;
  readonly requestTimeoutMs: number;
  /** Attempts per call, counting the first (429 and 5xx are retried). */
  readonly maxAttempts: number;
  readonly token: AccessTokenSource;
  /** Base delay of the exponential back-off between attempts. */
  readonly retryDelayMs?: number;
}

const RETRIED = new Set([429, 500, 502, 503, 504]);

export interface GoogleRequest<S extends z.ZodType> {
  readonly api: GoogleApi;
  /** Path after the base URL, starting with `/v1/` (BigQuery: `/bigquery/v2/`). */
  readonly path: string;
  readonly query?: Readonly<Record<string, string | undefined>>;
  readonly method?: 'GET' | 'POST';
  /** Sent as JSON (POST). */
  readonly body?: unknown;
  /** Regional host for Vertex AI. */
  readonly location?: string;
  /** What a 200 must look like. */
  readonly shape: S;
  /**
   * More patience than the client's default for an API with a low quota (Cloud Asset Inventory's
   * searchAllResources: 400 a minute per consumer project, 1,500 per organization): extra attempts, and
   * the back-off's base delay multiplied.
   */
  readonly patience?: { readonly extraAttempts: number; readonly delayFactor: number };
}

export class GoogleRestClient {
  /** Requests sent, attempts included: the audit's cost, reported by the benchmark. */
  requests = 0;
  /**
   * When each API may be called again after a 429: one project's throttled call holds back the calls
   * every other project makes to the same API (quotas count per consumer project, not per audited one),
   * instead of each retrying into the same exhausted quota.
   */
  private readonly coolDownUntil = new Map<GoogleApi, number>();

  constructor(private readonly settings: GoogleClientSettings) {}

  async send<S extends z.ZodType>(request: GoogleRequest<S>): Promise<z.infer<S>> {
    const base = this.settings.endpointUrl ?? googleBaseUrl(request.api, request.location);
    const url = new URL(`${base}${request.path}`);
    for (const [key, value] of Object.entries(request.query ?? {})) if (value !== undefined && value !== '') url.searchParams.set(key, value);
    const authorization = await this.settings.token();
    const maxAttempts = this.settings.maxAttempts + (request.patience?.extraAttempts ?? 0);
    const baseDelay = (this.settings.retryDelayMs ?? 200) * (request.patience?.delayFactor ?? 1);
    for (let attempt = 1; ; attempt++) {
      await this.coolDown(request.api);
      try {
        return await this.attempt(url, request, authorization);
      } catch (error) {
        const retry = error instanceof GoogleCallError && (error.code === 'Timeout' || (error.httpStatus !== undefined && RETRIED.has(error.httpStatus)));
        if (!retry || attempt >= maxAttempts) throw error;
        const delay = baseDelay * 2 ** (attempt - 1) * (0.5 + Math.random() / 2);
        if (error.httpStatus === 429) this.coolDownUntil.set(request.api, Math.max(this.coolDownUntil.get(request.api) ?? 0, Date.now() + delay));
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  private async coolDown(api: GoogleApi): Promise<void> {
    const wait = (this.coolDownUntil.get(api) ?? 0) - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }

  private async attempt<S extends z.ZodType>(url: URL, request: GoogleRequest<S>, authorization: Readonly<Record<string, string>>): Promise<z.infer<S>> {
    this.requests += 1;
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, {
        method: request.method ?? 'GET',
        headers: { ...authorization, accept: 'application/json', ...(request.body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(request.body !== undefined ? { body: JSON.stringify(request.body) } : {}),
        signal: AbortSignal.timeout(this.settings.requestTimeoutMs),
      });
      text = await response.text();
    } catch (error) {
      const name = error instanceof Error ? error.name : '';
      if (name === 'TimeoutError' || name === 'AbortError') throw new GoogleCallError('Timeout', `no answer within ${this.settings.requestTimeoutMs} ms`);
      const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
      throw new GoogleCallError('NetworkError', `${error instanceof Error ? error.message : String(error)}${cause}`);
    }
    const body = parseJson(text);
    if (!response.ok) throw errorOf(response.status, body, text);
    if (body === undefined) throw new GoogleCallError('InvalidResponse', `HTTP ${response.status} answer is not JSON (${describeText(text)})`);
    const parsed = request.shape.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new GoogleCallError('InvalidResponse', `answer lacks the documented shape: ${issue ? `${issue.path.join('.') || '(body)'}: ${issue.message}` : 'unexpected body'}`);
    }
    return parsed.data;
  }
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function describeText(text: string): string {
  if (text.trim() === '') return 'empty body';
  return `starts "${text.trim().slice(0, 40).replace(/\s+/g, ' ')}"`;
}

/** BigQuery's older error reasons (`errors[].reason`), for an answer that carries no canonical `status`. */
const REASON_STATUS: Readonly<Record<string, string>> = { notFound: 'NOT_FOUND', accessDenied: 'PERMISSION_DENIED' };

/**
 * Google's error body `{"error":{"code","message","status"}}` (BigQuery adds `errors[{reason}]` and may
 * leave `status` out), or the HTTP status when the body is anything else.
 */
function errorOf(status: number, body: unknown, text: string): GoogleCallError {
  const error = typeof body === 'object' && body !== null ? (body as { error?: unknown }).error : undefined;
  if (typeof error === 'object' && error !== null) {
    const { status: code, message, errors } = error as { status?: unknown; message?: unknown; errors?: unknown };
    const text = typeof message === 'string' && message ? message : `HTTP ${status}`;
    if (typeof code === 'string' && code) return new GoogleCallError(code, text, status);
    const reason = Array.isArray(errors) && typeof errors[0] === 'object' && errors[0] !== null ? (errors[0] as { reason?: unknown }).reason : undefined;
    const mapped = typeof reason === 'string' ? REASON_STATUS[reason] : undefined;
    if (mapped) return new GoogleCallError(mapped, text, status);
  }
  return new GoogleCallError(`HTTP_${status}`, `HTTP ${status} (${describeText(text)})`, status);
}
