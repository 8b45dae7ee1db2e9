// `inferguard merge`: joins the reports of an organization's shards (or of any runs over one provider and
// baseline) into one report with one summary, every gap, and the exit code of the whole.
//
// Merging is order-independent and idempotent: the result is a function of the set of inputs (every list
// is sorted, every choice made on content), and merging a merged report again with any of its inputs
// gives it back. What merge itself concludes (a shard no input covers) is recomputed on every merge from
// the estate the inputs carry, never carried over, so a later merge that includes the shard drops it.
import type { Status } from '../../policies/control';
import { allControls } from '../../policies/controls/index';
import type { Finding } from '../../policies/evaluate';
import { mergeEstateCoverage, type CoverageGap, type EstateCoverage } from '../../policies/model';
import type { Waiver } from '../../policies/waivers';
import { shardOf } from '../../providers/collect/estate';
import { toolInfo, type ToolInfo } from '../package-info';
import { STATUSES, byResourceThenControl, compareText, summarize, type Report, type ReportControl } from '../run';
import { withStableKeys } from './json';

/** The service and operation of the gaps merge itself states. */
export const MERGE_GAP_SERVICE = 'inferguard';
export const MERGE_GAP_OPERATION = 'merge';
/** A shard of the estate that no merged report covers: its accounts were not audited. */
export const SHARD_MISSING = 'ShardReportMissing';
/**
 * An id one shard's discovery found that the report of the shard it hashes into does not list (it joined the
 * estate between the shards' runs): no shard audited it. Carried over by later merges like any gap, since a
 * merged report no longer says which shard discovered what.
 */
export const NOT_IN_SHARD = 'NotDiscoveredByItsShard';
/** The evidence merge adds to a finding whose inputs disagreed: the other statuses they gave. */
export const DISAGREEMENT_SOURCE = 'inferguard merge';
export const DISAGREEMENT_PATH = 'status in other reports';

/** One input, with the name the user gave it (every error names it). */
export interface NamedReport {
  readonly location: string;
  readonly report: Report;
}

export interface MergeOptions {
  /** The number of shards the caller expects (`--shards n`): checked against the inputs, and shards none covers are gaps. */
  readonly expectedShards?: number;
  /** The inferguard writing the merged report; this one by default. */
  readonly tool?: ToolInfo;
}

export interface MergeResult {
  readonly report: Report;
  /** The shards of the estate no input covers (each also a gap in the report). */
  readonly missingShards: readonly number[];
  /** `controlId resourceId` of findings whose inputs gave different statuses (the worst was kept). */
  readonly disagreements: readonly string[];
}

/** The inputs cannot be one report (different providers, baselines, shard counts, settings). */
export class ReportMergeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReportMergeError';
  }
}

function canonical(value: unknown): string {
  return JSON.stringify(withStableKeys(value));
}

/** Refuses inputs that differ in `what`; the message lists each value with the files that have it. */
function requireSame(inputs: readonly NamedReport[], what: string, valueOf: (report: Report) => string | undefined, fix: string): string | undefined {
  const byValue = new Map<string | undefined, string[]>();
  for (const { location, report } of inputs) byValue.set(valueOf(report), [...(byValue.get(valueOf(report)) ?? []), location]);
  if (byValue.size > 1) {
    const listed = [...byValue.entries()].map(([value, locations]) => `${value === undefined ? `no ${what}` : `${what} ${value}`} (${locations.join(', ')})`);
    throw new ReportMergeError(`cannot merge reports of different ${what}s: ${listed.join('; ')}. ${fix}`);
  }
  return inputs[0] ? valueOf(inputs[0].report) : undefined;
}

export function mergeReports(inputs: readonly NamedReport[], options: MergeOptions = {}): MergeResult {
  if (inputs.length === 0) throw new ReportMergeError('no reports to merge');
  const provider = requireSame(inputs, 'provider', (r) => r.provider, 'Merge each cloud\'s shards separately.') as Report['provider'];
  const source = requireSame(inputs, 'source', (r) => r.source, 'Merge live audits with live audits, scans with scans.') as Report['source'];
  const baseline = requireSame(inputs, 'baseline', (r) => r.baseline, 'Run every shard with the same --config.') as string;
  const target = requireSame(inputs, 'target', (r) => r.target, 'Merge the shards of one audit.');

  const estate = mergedEstate(inputs, options.expectedShards);
  const missingShards = estate ? missingShardsOf(estate) : [];
  const { findings, disagreements } = mergeFindings(inputs.flatMap((i) => i.report.findings));
  const waivers = mergeWaivers(inputs);
  const gaps = sortGaps(
    uniqueByContent([
      ...inputs.flatMap((i) => i.report.gaps).filter((g) => !isShardMissingGap(g)),
      ...(estate ? missingShards.map((shard) => shardMissingGap(estate, shard)) : []),
      ...(estate ? undiscoveredGaps(inputs, estate) : []),
    ]),
  );
  const report: Report = {
    reportVersion: 1,
    tool: options.tool ?? toolInfo(),
    generatedAt: latest(inputs.map((i) => i.report.generatedAt)),
    provider,
    source,
    ...(target === undefined ? {} : { target }),
    scope: {
      accounts: sortedUnion(inputs.map((i) => i.report.scope.accounts)),
      regions: sortedUnion(inputs.map((i) => i.report.scope.regions)),
    },
    ...(estate ? { estate } : {}),
    baseline,
    controls: mergeControls(inputs),
    findings,
    gaps,
    expiredWaivers: waivers.expired,
    unusedWaivers: waivers.unused,
    summary: summarize(findings, gaps.length),
  };
  return { report, missingShards, disagreements };
}

function sortedUnion(lists: readonly (readonly string[])[]): string[] {
  return [...new Set(lists.flat())].sort(compareText);
}

function latest(times: readonly string[]): string {
  return new Date(Math.max(...times.map((t) => Date.parse(t)))).toISOString();
}

function uniqueByContent<T>(items: readonly T[]): T[] {
  const seen = new Map<string, T>();
  for (const item of items) {
    const key = canonical(item);
    if (!seen.has(key)) seen.set(key, item);
  }
  return [...seen.values()];
}

// ---- the estate and its shards

function mergedEstate(inputs: readonly NamedReport[], expectedShards: number | undefined): EstateCoverage | undefined {
  const sharded = inputs.filter((i) => i.report.estate !== undefined);
  if (expectedShards !== undefined) {
    const other = sharded.filter((i) => i.report.estate?.shardCount !== expectedShards);
    if (other.length > 0) {
      throw new ReportMergeError(
        `--shards ${expectedShards}, but ${other.map((i) => `${i.location} is shard ${i.report.estate?.shards.join(',')}/${i.report.estate?.shardCount}`).join('; ')}: give the shard count every shard ran with.`,
      );
    }
    if (sharded.length === 0) {
      throw new ReportMergeError(
        `--shards ${expectedShards}, but no report is a shard (none carries an estate: they were not written by an organization-wide audit or with --shard i/n).`,
      );
    }
  }
  try {
    return mergeEstateCoverage(sharded.map((i) => i.report.estate as EstateCoverage));
  } catch (error) {
    const counts = sharded.map((i) => `${i.location}: ${i.report.estate?.shardCount}`).join(', ');
    throw new ReportMergeError(`${error instanceof Error ? error.message : String(error)} (shard counts: ${counts})`);
  }
}

function missingShardsOf(estate: EstateCoverage): number[] {
  const covered = new Set(estate.shards);
  return Array.from({ length: estate.shardCount }, (_, i) => i + 1).filter((shard) => !covered.has(shard));
}

function isShardMissingGap(gap: CoverageGap): boolean {
  return gap.service === MERGE_GAP_SERVICE && gap.operation === MERGE_GAP_OPERATION && gap.errorCode === SHARD_MISSING;
}

/** The gap for a shard no input covers, naming the discovered ids that hash into it: they were not audited. */
function shardMissingGap(estate: EstateCoverage, shard: number): CoverageGap {
  const ids = estate.discovered.filter((id) => shardOf(id, estate.shardCount) === shard);
  const label = `shard ${shard}/${estate.shardCount}`;
  const what =
    ids.length > 0
      ? `its ${ids.length === 1 ? 'account, subscription or project was' : `${ids.length} accounts, subscriptions or projects were`} not audited: ${ids.join(', ')}`
      : 'no id the other shards discovered hashes into it, but its own discovery may have found more';
  return {
    service: MERGE_GAP_SERVICE,
    operation: MERGE_GAP_OPERATION,
    resourceId: label,
    errorCode: SHARD_MISSING,
    message: `No report of ${label} was merged (the shard failed or its report is missing), so ${what}. Run the shard again and merge its report.`,
  };
}

/** Gaps for ids some shard discovered that the reports of the shard they hash into never saw. */
function undiscoveredGaps(inputs: readonly NamedReport[], estate: EstateCoverage): CoverageGap[] {
  const seenByShard = new Map<number, Set<string>>();
  for (const { report } of inputs) {
    for (const shard of report.estate?.shards ?? []) {
      const seen = seenByShard.get(shard) ?? new Set<string>();
      for (const id of report.estate?.discovered ?? []) seen.add(id);
      seenByShard.set(shard, seen);
    }
  }
  const gaps: CoverageGap[] = [];
  for (const id of estate.discovered) {
    const shard = shardOf(id, estate.shardCount);
    const seen = seenByShard.get(shard);
    // A shard no report covers is already a gap naming this id.
    if (seen === undefined || seen.has(id)) continue;
    const finders = inputs.filter((i) => i.report.estate?.discovered.includes(id)).flatMap((i) => i.report.estate?.shards ?? []);
    const label = `shard ${shard}/${estate.shardCount}`;
    gaps.push({
      service: MERGE_GAP_SERVICE,
      operation: MERGE_GAP_OPERATION,
      resourceId: id,
      errorCode: NOT_IN_SHARD,
      message: `${id} was discovered by the run of shard ${[...new Set(finders)].sort((a, b) => a - b).join(', ')} but belongs to ${label}, whose report does not list it (it joined the estate between the shards' runs): it was not audited. Run ${label} again and merge its report.`,
    });
  }
  return gaps;
}

const GAP_KEYS = ['service', 'operation', 'resourceId', 'region', 'errorCode', 'message'] as const;

function sortGaps(gaps: readonly CoverageGap[]): CoverageGap[] {
  return [...gaps].sort((a, b) => {
    for (const key of GAP_KEYS) {
      const order = compareText(a[key] ?? '', b[key] ?? '');
      if (order !== 0) return order;
    }
    return compareText(canonical(a), canonical(b));
  });
}

// ---- findings

const statusRank = (status: Status): number => STATUSES.indexOf(status);

function isDisagreementNote(evidence: Finding['evidence'][number]): boolean {
  return evidence.source === DISAGREEMENT_SOURCE && evidence.path === DISAGREEMENT_PATH;
}

/**
 * One finding per (control, resource). When inputs disagree (a shared resource read by two shards, one
 * read failing; a resource that changed between the shards' runs), the worst status is kept (fail,
 * unknown, pass, not_applicable; an unwaived finding before a waived one; then the smallest by content,
 * so the choice never depends on input order), and the other statuses are added to its evidence.
 * A disagreement is not a gap: both reads succeeded, and the kept verdict is the conservative one.
 */
function mergeFindings(all: readonly Finding[]): { findings: Finding[]; disagreements: string[] } {
  const groups = new Map<string, Finding[]>();
  for (const finding of all) {
    const key = `${finding.controlId} ${finding.resourceId}`;
    const group = groups.get(key);
    if (group) group.push(finding);
    else groups.set(key, [finding]);
  }
  const findings: Finding[] = [];
  const disagreements: string[] = [];
  for (const [key, group] of groups) {
    const statuses = new Set<Status>();
    const candidates = group.map((finding) => {
      statuses.add(finding.status);
      for (const note of finding.evidence.filter(isDisagreementNote)) {
        for (const status of Array.isArray(note.value) ? note.value : []) if (STATUSES.includes(status as Status)) statuses.add(status as Status);
      }
      const evidence = finding.evidence.filter((e) => !isDisagreementNote(e));
      return evidence.length === finding.evidence.length ? finding : { ...finding, evidence };
    });
    const kept = worstOf(candidates);
    const others = STATUSES.filter((s) => s !== kept.status && statuses.has(s));
    if (others.length === 0) {
      findings.push(kept);
    } else {
      disagreements.push(key);
      findings.push({ ...kept, evidence: [...kept.evidence, { source: DISAGREEMENT_SOURCE, path: DISAGREEMENT_PATH, value: others }] });
    }
  }
  return { findings: findings.sort(byResourceThenControl), disagreements: disagreements.sort(compareText) };
}

/** The worst of findings of one (control, resource): by status, then unwaived first, then the smallest by content. */
function worstOf(candidates: readonly Finding[]): Finding {
  if (candidates.length === 1) return candidates[0];
  return candidates
    .map((finding) => ({ finding, text: canonical(finding) }))
    .sort(
      (a, b) =>
        statusRank(a.finding.status) - statusRank(b.finding.status) ||
        Number(a.finding.waiver !== undefined) - Number(b.finding.waiver !== undefined) ||
        compareText(a.text, b.text),
    )[0].finding;
}

// ---- waivers and controls

/**
 * Expired waivers: those expired in any input. Unused: those no input used. A shard leaves a waiver
 * unused when the resource it names is in another shard, so only a waiver no shard used is unused.
 */
function mergeWaivers(inputs: readonly NamedReport[]): { expired: Waiver[]; unused: Waiver[] } {
  const seen = new Map<string, { text: string; location: string }>();
  const check = (waiver: { id: string; reason: string; approvedBy: string; expires: string }, location: string) => {
    const text = canonical({ id: waiver.id, reason: waiver.reason, approvedBy: waiver.approvedBy, expires: waiver.expires });
    const first = seen.get(waiver.id);
    if (first === undefined) seen.set(waiver.id, { text, location });
    else if (first.text !== text) {
      throw new ReportMergeError(`waiver ${waiver.id} differs between ${first.location} and ${location} (reason, approver or expiry): run every shard with the same --config.`);
    }
  };
  const full = new Map<string, { text: string; location: string }>();
  const checkFull = (waiver: Waiver, location: string) => {
    check(waiver, location);
    const text = canonical(waiver);
    const first = full.get(waiver.id);
    if (first === undefined) full.set(waiver.id, { text, location });
    else if (first.text !== text) {
      throw new ReportMergeError(`waiver ${waiver.id} differs between ${first.location} and ${location} (control or resource pattern): run every shard with the same --config.`);
    }
  };
  const used = new Set<string>();
  for (const { location, report } of inputs) {
    for (const waiver of [...report.expiredWaivers, ...report.unusedWaivers]) checkFull(waiver, location);
    for (const finding of report.findings) {
      if (finding.waiver) {
        check(finding.waiver, location);
        used.add(finding.waiver.id);
      }
    }
  }
  const expired = uniqueById(inputs.flatMap((i) => i.report.expiredWaivers));
  const expiredIds = new Set(expired.map((w) => w.id));
  const unused = uniqueById(inputs.flatMap((i) => i.report.unusedWaivers)).filter((w) => !used.has(w.id) && !expiredIds.has(w.id));
  return { expired, unused };
}

/** Each id once (mergeWaivers has checked that one id is one waiver), sorted by id. */
function uniqueById<T extends { readonly id: string }>(items: readonly T[]): T[] {
  return [...new Map(items.map((item) => [item.id, item] as const)).values()].sort((a, b) => compareText(a.id, b.id));
}

const CATALOGUE_ORDER = new Map(allControls.map((control, index) => [control.id, index]));

/** Every input's controls, each id once; one id described differently means different settings. */
function mergeControls(inputs: readonly NamedReport[]): ReportControl[] {
  const byId = new Map<string, { control: ReportControl; text: string; location: string }>();
  for (const { location, report } of inputs) {
    for (const control of report.controls) {
      const text = canonical(control);
      const first = byId.get(control.id);
      if (first === undefined) byId.set(control.id, { control, text, location });
      else if (first.text !== text) {
        throw new ReportMergeError(
          `control ${control.id} differs between ${first.location} and ${location} (severity ${first.control.severity} and ${control.severity}, or its parameters or text): run every shard with the same --config and the same inferguard.`,
        );
      }
    }
  }
  const rank = (id: string) => CATALOGUE_ORDER.get(id) ?? Number.MAX_SAFE_INTEGER;
  return [...byId.values()].map((entry) => entry.control).sort((a, b) => rank(a.id) - rank(b.id) || compareText(a.id, b.id));
}
