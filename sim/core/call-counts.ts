// The call log summed per (account, service, operation): what a benchmark reads to see how many calls
// each account cost and how many of them its rate limits throttled.
import type { CallRecord } from './server';

export interface CallCount {
  /** '' for calls the router served for no account (refused or unsigned requests). */
  readonly account: string;
  readonly service: string;
  readonly operation: string;
  readonly calls: number;
  /** Answered with the throttling error because the call exceeded its rate limit. */
  readonly throttled: number;
  /** Answered with an injected fault. */
  readonly faulted: number;
}

/** Counts sorted by account, service and operation. */
export function countCalls(records: readonly CallRecord[]): CallCount[] {
  const counts = new Map<string, { account: string; service: string; operation: string; calls: number; throttled: number; faulted: number }>();
  for (const record of records) {
    const account = record.account ?? '';
    const key = `${account}|${record.service}|${record.operation}`;
    const count = counts.get(key) ?? { account, service: record.service, operation: record.operation, calls: 0, throttled: 0, faulted: 0 };
    count.calls += 1;
    if (record.throttled) count.throttled += 1;
    if (record.fault !== undefined) count.faulted += 1;
    counts.set(key, count);
  }
  return [...counts.values()].sort((a, b) => a.account.localeCompare(b.account) || a.service.localeCompare(b.service) || a.operation.localeCompare(b.operation));
}
