// Small text helpers shared by the reporters.
import type { Status } from '../../policies/control';
import type { WaiverRef } from '../../policies/evaluate';
import type { CoverageGap, Evidence } from '../../policies/model';
import type { Waiver } from '../../policies/waivers';

export const STATUS_LABELS: Readonly<Record<Status, string>> = {
  fail: 'FAIL',
  unknown: 'UNKNOWN',
  pass: 'PASS',
  not_applicable: 'N/A',
};

/** `path = value` with the value as compact JSON, cut at `max` characters. */
export function formatEvidence(item: Evidence, max = 200): string {
  const value = item.value === undefined ? 'undefined' : JSON.stringify(item.value) ?? String(item.value);
  const shown = value.length > max ? `${value.slice(0, max - 1)}…` : value;
  return `${item.source} ${item.path} = ${shown}`;
}

export function describeWaiverRef(waiver: WaiverRef): string {
  return `waiver ${waiver.id}: ${waiver.reason} (approved by ${waiver.approvedBy}, expires ${waiver.expires})`;
}

export function describeWaiver(waiver: Waiver): string {
  return `waiver ${waiver.id} (${waiver.control} on ${waiver.resource}): ${waiver.reason} (approved by ${waiver.approvedBy}, expires ${waiver.expires})`;
}

export function describeGap(gap: CoverageGap): string {
  const where = [gap.resourceId, gap.region].filter((part) => part !== undefined && part !== '').join(' in ');
  return `${gap.service}:${gap.operation}${where ? ` (${where})` : ''}: ${gap.errorCode}: ${gap.message}`;
}

/** Characters XML 1.0 cannot carry at all (not even escaped): other control characters and lone surrogates. */
const NOT_XML_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function xmlSafe(text: string): string {
  return text.replace(NOT_XML_CHARS, '\uFFFD');
}

/**
 * An account or region as a report should show it: a template without a bound environment has
 * placeholders such as `${AWS.AccountId}`, which are no account at all.
 */
export function concrete(value: string | undefined): string | undefined {
  return value === undefined || value === '' || value.includes('${') ? undefined : value;
}
