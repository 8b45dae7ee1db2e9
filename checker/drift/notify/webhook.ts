// Drift notifications to an HTTP(S) webhook: a JSON POST, optionally signed with HMAC-SHA256 over
// `<timestamp>.<body>` so the receiver can check who sent it and refuse replays of old deliveries.
import { createHmac } from 'node:crypto';
import { PermanentNotifyError } from './retry';

export const SIGNATURE_HEADER = 'x-inferguard-signature';
export const TIMESTAMP_HEADER = 'x-inferguard-timestamp';
const ATTEMPT_TIMEOUT_MS = 10_000;

/** `sha256=<hex>` of HMAC-SHA256(secret, `${timestamp}.${body}`); the receiver computes the same and compares in constant time. */
export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export interface WebhookTarget {
  readonly url: string;
  /** The signing secret, when the run was given one. */
  readonly secret?: string;
}

/** An error with its causes ("fetch failed: connect ECONNREFUSED 127.0.0.1:9"); fetch's errors may come from another realm, so no instanceof. */
function describeFailure(error: unknown): string {
  const parts: string[] = [];
  for (let current = error, depth = 0; current !== undefined && current !== null && depth < 3; depth += 1) {
    const { message, cause } = current as { message?: unknown; cause?: unknown };
    parts.push(typeof message === 'string' ? message : String(current));
    current = cause;
  }
  return parts.join(': ');
}

/** One delivery attempt. Throws PermanentNotifyError for answers a retry cannot fix (4xx other than 408/429). */
export async function postWebhook(target: WebhookTarget, body: string, now: Date): Promise<void> {
  const timestamp = String(Math.floor(now.getTime() / 1000));
  const headers: Record<string, string> = { 'content-type': 'application/json', [TIMESTAMP_HEADER]: timestamp };
  if (target.secret !== undefined) headers[SIGNATURE_HEADER] = webhookSignature(target.secret, timestamp, body);
  let response: Response;
  try {
    response = await fetch(target.url, { method: 'POST', headers, body, signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS), redirect: 'error' });
  } catch (error) {
    throw new Error(`webhook request failed (${describeFailure(error)})`);
  }
  await response.arrayBuffer().catch(() => undefined);
  if (response.ok) return;
  const message = `webhook answered HTTP ${response.status}`;
  if (response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429) throw new PermanentNotifyError(message);
  throw new Error(message);
}
