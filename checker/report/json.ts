// The Report as JSON, with a stable key order so two runs over the same resources diff cleanly.
import type { Report } from '../run';

/** Report keys: what was audited first, the bulky lists last. */
const TOP_LEVEL_ORDER = [
  'reportVersion', 'tool', 'generatedAt', 'provider', 'source', 'target', 'scope', 'estate', 'baseline', 'summary', 'timing',
  'gaps', 'expiredWaivers', 'unusedWaivers', 'findings', 'controls',
];

/**
 * Keys inside the report: listed keys come first, in this order, at whatever depth they appear;
 * any other key (raw evidence values, for instance) follows in code-point order.
 */
const NESTED_ORDER = [
  // tool, scope
  'name', 'version', 'accounts', 'regions',
  // estate
  'discovered', 'shardCount', 'shards', 'inactive', 'state',
  // summary
  'findings', 'resources', 'byStatus', 'bySeverity', 'waived', 'gaps',
  // statuses and severities, in the order people read them
  'fail', 'unknown', 'pass', 'not_applicable', 'critical', 'high', 'medium', 'low', 'info',
  // timing
  'collectSeconds', 'evaluateSeconds', 'controlSeconds',
  // finding
  'controlId', 'title', 'severity', 'status', 'provider', 'resourceId', 'resourceName', 'resourceKind', 'account', 'region',
  'message', 'evidence', 'waiver',
  // evidence
  'source', 'path', 'value',
  // coverage gap
  'service', 'operation', 'errorCode',
  // control and waiver
  'id', 'control', 'resource', 'subject', 'providers', 'rationale', 'remediation', 'iac', 'live', 'frameworks', 'nist80053r5', 'mitreAtlas',
  'equivalents', 'tool', 'compensatingControls', 'parameters', 'reason', 'approvedBy', 'expires',
];

function comparator(order: readonly string[]): (a: string, b: string) => number {
  const rank = new Map(order.map((key, index) => [key, index]));
  return (a, b) => {
    const ra = rank.get(a) ?? Number.MAX_SAFE_INTEGER;
    const rb = rank.get(b) ?? Number.MAX_SAFE_INTEGER;
    if (ra !== rb) return ra - rb;
    return a < b ? -1 : a > b ? 1 : 0;
  };
}
const compareTopLevel = comparator(TOP_LEVEL_ORDER);
const compareNested = comparator(NESTED_ORDER);

function stable(value: unknown, depth: number): unknown {
  if (Array.isArray(value)) return value.map((item) => stable(item, depth + 1));
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object' && value !== null) {
    const compare = depth === 0 ? compareTopLevel : compareNested;
    const entries = Object.entries(value).sort(([a], [b]) => compare(a, b));
    return Object.fromEntries(entries.map(([k, v]) => [k, stable(v, depth + 1)]));
  }
  return value;
}

/** A copy of `value` whose objects have their keys in the stable order. */
export function withStableKeys(value: unknown): unknown {
  return stable(value, 0);
}

/** The report as JSON carries it: per-finding timings stay out (one number per finding; JUnit has them). */
export function jsonReport(report: Report): Report {
  if (!report.timing) return report;
  const { findingSeconds: _perFinding, ...timing } = report.timing;
  return { ...report, timing };
}

export function render(report: Report): string {
  return `${JSON.stringify(withStableKeys(jsonReport(report)), null, 2)}\n`;
}
