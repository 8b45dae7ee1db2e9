// Request-rate limits as clouds enforce them: a token bucket per (account, region, service, operation),
// so one account calling fast is throttled while the others are not. A call over its limit gets the
// cloud's own throttling error (the router's Throttling fault: ThrottlingException, TooManyRequests, ...).

export interface RateLimit {
  /** Sustained calls per second the bucket refills at. */
  readonly perSecond: number;
  /** Calls that may arrive at once on a full bucket; `perSecond` (at least 1) when absent. */
  readonly burst?: number;
}

export interface RateLimits {
  /** The limit of every API not named in `apis`; no limit when absent. */
  readonly default?: RateLimit;
  /** Limits by `service` or `service:Operation` (the more specific wins), e.g. `sts:AssumeRole`, `organizations`. */
  readonly apis?: Readonly<Record<string, RateLimit>>;
}

export interface RateLimitedCall {
  /** The account (subscription, project) the call is served for; calls without one share a bucket. */
  readonly account?: string;
  readonly region: string;
  readonly service: string;
  readonly operation: string;
}

interface Bucket {
  tokens: number;
  updatedMs: number;
}

function checkLimit(limit: RateLimit, where: string): RateLimit {
  if (!Number.isFinite(limit.perSecond) || limit.perSecond <= 0) throw new Error(`Rate limit ${where}: perSecond must be a number above 0, not ${String(limit.perSecond)}.`);
  if (limit.burst !== undefined && (!Number.isFinite(limit.burst) || limit.burst < 1)) throw new Error(`Rate limit ${where}: burst must be at least 1, not ${String(limit.burst)}.`);
  return limit;
}

/** Token buckets, created on first use; `take` says whether a call arriving now is within its limit. */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly limits: RateLimits,
    private readonly now: () => number = () => performance.now(),
  ) {
    if (limits.default !== undefined) checkLimit(limits.default, 'default');
    for (const [api, limit] of Object.entries(limits.apis ?? {})) checkLimit(limit, api);
  }

  private limitOf(call: RateLimitedCall): RateLimit | undefined {
    const apis = this.limits.apis ?? {};
    return apis[`${call.service}:${call.operation}`] ?? apis[call.service] ?? this.limits.default;
  }

  /** Takes a token for `call`; false when its bucket is empty (the call is throttled). */
  take(call: RateLimitedCall): boolean {
    const limit = this.limitOf(call);
    if (limit === undefined) return true;
    const capacity = limit.burst ?? Math.max(1, limit.perSecond);
    const key = `${call.account ?? ''}|${call.region}|${call.service}|${call.operation}`;
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: capacity, updatedMs: now };
    bucket.tokens = Math.min(capacity, bucket.tokens + ((now - bucket.updatedMs) / 1000) * limit.perSecond);
    bucket.updatedMs = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}
