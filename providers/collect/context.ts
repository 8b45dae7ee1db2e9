// Provider-neutral collection machinery every live reader (AWS, Azure, GCP) shares during one audit:
// one concurrency limiter for all calls, reads that end as a value, a documented absence or a coverage
// gap (never an exception), paging, read-once memoization, and progress counting. No SDK is imported
// here: each provider's context adds its clients and says how to read its SDK's errors.
import pLimit from 'p-limit';
import type { CoverageGap } from '../../policies/model';

/**
 * Per-attempt limit on connecting and on waiting for an answer, for every cloud's clients when the
 * caller gives none: a hung endpoint must end as a coverage gap, never stall a scheduled job. Read
 * APIs answer in well under a second.
 */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

/** Where a call went: the coverage gap names the same place when it fails. */
export interface CallSite {
  readonly service: string;
  readonly operation: string;
  readonly resourceId?: string;
  readonly region?: string;
}

/** The outcome of one read: a value, a documented "does not exist" answer, or a failure. */
export type Read<T> =
  | { readonly status: 'ok'; readonly value: T }
  | { readonly status: 'absent'; readonly errorCode: string }
  | { readonly status: 'failed'; readonly errorCode: string; readonly reason: string };

export type ProgressListener = (event: { phase: string; done: number; total: number; region?: string }) => void;

/** What a failed call is called in a gap: the provider's error code and a one-line message. */
export interface FailureDescription {
  readonly code: string;
  readonly message: string;
}

/** How a provider's SDK errors are read; each provider passes its own (AWS reads `Code`, the SDK's wrapper, ...). */
export type DescribeFailure = (error: unknown) => FailureDescription;

/** The generic reading: the error's name as its code and the first line of its message. */
export const describeFailure: DescribeFailure = (error) => {
  if (typeof error !== 'object' || error === null) return { code: 'UnknownError', message: String(error).split('\n')[0].slice(0, 300) || 'no message' };
  // Duck-typed rather than `instanceof Error`: errors from Node's own modules may come from another realm.
  const { name, message } = error as { name?: unknown; message?: unknown };
  return {
    code: typeof name === 'string' && name ? name : 'UnknownError',
    message: (typeof message === 'string' ? message : String(error)).split('\n')[0].slice(0, 300) || 'no message',
  };
};

export interface CollectionOptions {
  /** Calls in flight at most, across all readers. */
  readonly concurrency: number;
  readonly onProgress?: ProgressListener;
  readonly describeFailure?: DescribeFailure;
}

export class CollectionContext {
  /** Calls in flight at most, across all readers. */
  readonly concurrency: number;
  private readonly limit: pLimit.Limit;
  private readonly gapList: CoverageGap[] = [];
  private readonly counters = new Map<string, { done: number; total: number; region?: string }>();
  private readonly onProgress?: ProgressListener;
  private readonly describe: DescribeFailure;

  constructor(options: CollectionOptions) {
    this.concurrency = options.concurrency;
    this.limit = pLimit(options.concurrency);
    this.onProgress = options.onProgress;
    this.describe = options.describeFailure ?? describeFailure;
  }

  get gaps(): readonly CoverageGap[] {
    return this.gapList;
  }

  /**
   * Sends one request through the shared limiter. The SDK retries inside (adaptive mode); whatever
   * still fails becomes a coverage gap and a `failed` read — never an exception. Error codes listed in
   * `absentCodes` are the API's documented "not configured" answers and are returned as `absent`.
   */
  async call<T>(site: CallSite, send: () => Promise<T>, absentCodes: readonly string[] = []): Promise<Read<T>> {
    try {
      return { status: 'ok', value: await this.limit(send) };
    } catch (error) {
      const { code: errorCode, message } = this.describe(error);
      if (absentCodes.includes(errorCode)) return { status: 'absent', errorCode };
      return this.fail(site, errorCode, message);
    }
  }

  /**
   * Follows a paginated API to its last page, each request through `call`; the first page that fails
   * ends the read. `page` sends the request for one token and returns its items and the next token.
   */
  async callPages<T>(site: CallSite, page: (token: string | undefined) => Promise<{ items: readonly T[]; next: string | undefined }>): Promise<Read<T[]>> {
    const items: T[] = [];
    let token: string | undefined;
    do {
      const read = await this.call(site, () => page(token));
      if (read.status !== 'ok') return read;
      items.push(...read.value.items);
      token = read.value.next;
    } while (token);
    return { status: 'ok', value: items };
  }

  /** Records a gap for a read that returned something unusable (e.g. an unparseable policy document). */
  fail(site: CallSite, errorCode: string, message: string): { status: 'failed'; errorCode: string; reason: string } {
    this.gapList.push({
      service: site.service,
      operation: site.operation,
      ...(site.resourceId !== undefined ? { resourceId: site.resourceId } : {}),
      ...(site.region !== undefined ? { region: site.region } : {}),
      errorCode,
      message,
    });
    const target = site.resourceId ? ` ${site.resourceId}` : site.region ? ` in ${site.region}` : '';
    return { status: 'failed', errorCode, reason: `${site.service}:${site.operation}${target} failed with ${errorCode}: ${message}` };
  }

  /** Progress: `expect` grows a phase's total, `advance` counts one item done. */
  expect(phase: string, count: number, region?: string): void {
    const key = `${phase}\u0000${region ?? ''}`;
    const counter = this.counters.get(key) ?? { done: 0, total: 0, region };
    counter.total += count;
    this.counters.set(key, counter);
    this.emit(phase, counter);
  }

  advance(phase: string, region?: string): void {
    const counter = this.counters.get(`${phase}\u0000${region ?? ''}`);
    if (!counter) return;
    counter.done += 1;
    this.emit(phase, counter);
  }

  private emit(phase: string, counter: { done: number; total: number; region?: string }): void {
    this.onProgress?.({ phase, done: counter.done, total: counter.total, ...(counter.region ? { region: counter.region } : {}) });
  }
}

/** Memoizes one promise per key: a shared resource is read once however many endpoints use it. */
export class Once<T> {
  private readonly promises = new Map<string, Promise<T>>();

  get(key: string, load: () => Promise<T>): Promise<T> {
    let promise = this.promises.get(key);
    if (!promise) {
      promise = load();
      this.promises.set(key, promise);
    }
    return promise;
  }

  has(key: string): boolean {
    return this.promises.has(key);
  }

  /** Every value, including those whose loading started while waiting for the others. */
  async all(): Promise<T[]> {
    let size = -1;
    while (size !== this.promises.size) {
      size = this.promises.size;
      await Promise.all(this.promises.values());
    }
    return Promise.all(this.promises.values());
  }

  get size(): number {
    return this.promises.size;
  }
}

/**
 * One instance per distinct value, compared as JSON: the facts thousands of endpoints state alike (the
 * same key, role, isolation setting or network) then take memory once. Only for plain JSON data, and
 * only where values repeat: every distinct value is remembered, with its JSON, for the whole audit.
 */
export class Canonical {
  private readonly values = new Map<string, unknown>();

  of<T>(value: T): T {
    const key = JSON.stringify(value);
    if (this.values.has(key)) return this.values.get(key) as T;
    this.values.set(key, value);
    return value;
  }
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

/**
 * Runs `work` on each item as `items` yields it, at most `width` at a time, and resolves when all are
 * done. Unlike mapping every item to a promise at once, only `width` items are ever in progress.
 */
export async function forEachConcurrently<T>(items: AsyncGenerator<T, void, undefined>, width: number, work: (item: T) => Promise<void>): Promise<void> {
  const worker = async (): Promise<void> => {
    // An async generator queues concurrent next() calls, so each item goes to exactly one worker.
    for (let next = await items.next(); !next.done; next = await items.next()) await work(next.value);
  };
  await Promise.all(Array.from({ length: width }, worker));
}
