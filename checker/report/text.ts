// Small text helpers shared by the reporters.
import type { Status } from '../../policies/control';
import type { WaiverRef } from '../../policies/evaluate';
import type { CoverageGap, Evidence, InactiveMember } from '../../policies/model';
import type { Waiver } from '../../policies/waivers';
import type { Report } from '../run';

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

/** Past this many, a scope names its count rather than every id (an organization has hundreds). */
const IDS_NAMED = 5;

function ids(noun: string, values: readonly string[]): string {
  if (values.length <= IDS_NAMED) return values.join(', ');
  return `${values.length} ${noun}s (${values.slice(0, IDS_NAMED).join(', ')}, …)`;
}

/** What a report covers, for people: accounts, regions and, for organization-wide runs, the estate and shards. */
export function describeCoverage(report: Pick<Report, 'scope' | 'estate'>): { accounts?: string; regions?: string; estate?: string } {
  const { scope, estate } = report;
  const missing = estate ? estate.shardCount - estate.shards.length : 0;
  return {
    ...(scope.accounts.length ? { accounts: ids('account', scope.accounts) } : {}),
    ...(scope.regions.length ? { regions: ids('region', scope.regions) } : {}),
    ...(estate
      ? {
          estate:
            (estate.shardCount === 1
              ? `${estate.discovered.length} discovered`
              : `shard${estate.shards.length === 1 ? '' : 's'} ${estate.shards.join(', ')} of ${estate.shardCount} over ${estate.discovered.length} discovered${missing > 0 ? ` (${missing} shard${missing === 1 ? '' : 's'} not covered)` : ''}`) +
            describeInactive(estate.inactive ?? []),
        }
      : {}),
  };
}

/** Members left out by their state, named with it: `; 2 inactive, not audited: 1111… SUSPENDED, …`. */
function describeInactive(inactive: readonly InactiveMember[]): string {
  if (inactive.length === 0) return '';
  const named = inactive.slice(0, IDS_NAMED).map((m) => `${m.id} ${m.state}`);
  return `; ${inactive.length} inactive, not audited: ${named.join(', ')}${inactive.length > IDS_NAMED ? ', …' : ''}`;
}
