// Merging shard reports: the merge of an organization's shards is the report of one run over the whole
// estate; merging is order-independent and idempotent; a shard no report covers is a gap naming its
// accounts; reports that cannot be one are refused.
import { DISAGREEMENT_PATH, DISAGREEMENT_SOURCE, NOT_IN_SHARD, ReportMergeError, SHARD_MISSING, mergeReports, type NamedReport } from '../../../checker/report/merge';
import { render as renderJson } from '../../../checker/report/json';
import { render as renderOcsf } from '../../../checker/report/ocsf';
import { formats, FORMAT_NAMES } from '../../../checker/report/index';
import { compareText, exitCodeFor, type Report } from '../../../checker/run';
import type { CoverageGap } from '../../../policies/model';
import { shardOf } from '../../../providers/collect/estate';
import { describeErrors, validateOcsfComplianceFinding } from './schemas/validate';
import { ACCOUNTS, UNREADABLE_ACCOUNT, accountsOfShard, shardReport, wholeEstateReport } from './shard-reports';

const named = (...reports: Report[]): NamedReport[] => reports.map((report, i) => ({ location: `shard-${i + 1}.json`, report }));
const merge = (...reports: Report[]) => mergeReports(named(...reports)).report;
const bytes = (report: Report) => renderJson(report);

const gapKey = (g: CoverageGap) => JSON.stringify([g.service, g.operation, g.resourceId ?? '', g.region ?? '', g.errorCode, g.message]);
const sortedGaps = (gaps: readonly CoverageGap[]) => [...gaps].sort((a, b) => compareText(gapKey(a), gapKey(b)));

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

/** What a report says, without what only a run has (its timings) and with its gaps in merge's order. */
function content(report: Report) {
  const { timing: _timing, ...rest } = report;
  const byId = (a: { id: string }, b: { id: string }) => compareText(a.id, b.id);
  return {
    ...rest,
    scope: { accounts: [...report.scope.accounts].sort(), regions: [...report.scope.regions].sort() },
    gaps: sortedGaps(report.gaps),
    expiredWaivers: [...report.expiredWaivers].sort(byId),
    unusedWaivers: [...report.unusedWaivers].sort(byId),
  };
}

describe('mergeReports: shards of an organization', () => {
  const whole = wholeEstateReport();
  const shards = [1, 2, 3].map((i) => shardReport(i, 3));

  it('the shards really split the estate: each holds some accounts, and none holds all findings', () => {
    for (const i of [1, 2, 3]) expect(accountsOfShard(i, 3).length).toBeGreaterThan(0);
    expect(new Set([1, 2, 3].flatMap((i) => accountsOfShard(i, 3)))).toEqual(new Set(ACCOUNTS));
    for (const shard of shards) expect(shard.findings.length).toBeLessThan(whole.findings.length);
    expect(whole.summary.byStatus.fail).toBeGreaterThan(0);
    expect(whole.summary.waived).toBeGreaterThan(0);
  });

  it('the merge of the shards is the report of one run over the whole estate: findings, summary, gaps, waivers, controls', () => {
    const merged = merge(...shards);
    expect(merged.findings).toEqual(whole.findings);
    expect(merged.summary).toEqual(whole.summary);
    expect(merged.gaps).toEqual(sortedGaps(whole.gaps));
    expect(merged.gaps.some((g) => g.operation === 'AssumeRole' && g.resourceId === UNREADABLE_ACCOUNT)).toBe(true);
    expect(merged.controls).toEqual(whole.controls);
    expect(merged.expiredWaivers).toEqual(whole.expiredWaivers);
    // WVR-ONE names one account's endpoint: unused in two shards, used in the third, so used in the whole.
    expect(shards.filter((s) => s.unusedWaivers.some((w) => w.id === 'WVR-ONE'))).toHaveLength(2);
    expect(whole.unusedWaivers.map((w) => w.id)).toEqual(['WVR-UNUSED']);
    expect(merged.unusedWaivers).toEqual(whole.unusedWaivers);
    expect(merged.scope).toEqual(content(whole).scope);
    expect(merged.estate).toEqual({ discovered: [...ACCOUNTS].sort(), shardCount: 3, shards: [1, 2, 3] });
    expect(merged.timing).toBeUndefined();
    expect(exitCodeFor(merged, 'low')).toBe(exitCodeFor(whole, 'low'));
  });

  it('two shards give exactly the (control, resource, status) set of the single run', () => {
    const triples = (r: Report) => r.findings.map((f) => `${f.controlId} ${f.resourceId} ${f.status}`).sort();
    expect(triples(merge(shardReport(1, 2), shardReport(2, 2)))).toEqual(triples(whole));
  });

  it('is order-independent: every permutation of three shards gives the same bytes', () => {
    const outputs = new Set(permutations(shards).map((order) => bytes(merge(...order))));
    expect(outputs.size).toBe(1);
  });

  it('is idempotent: merge(merge(a, b), b) is merge(a, b), and merge(a, a) is merge(a); a whole-estate report merged with itself is itself', () => {
    const [a, b, c] = shards;
    const ab = merge(a, b);
    expect(bytes(merge(ab, b))).toBe(bytes(ab));
    expect(bytes(merge(ab, a, b))).toBe(bytes(ab));
    expect(bytes(merge(merge(ab, c), merge(b, c)))).toBe(bytes(merge(a, b, c)));
    // A shard merged with itself is that shard, plus the gaps of the shards it does not cover.
    expect(bytes(merge(a, a))).toBe(bytes(merge(a)));
    expect(content(merge(a)).gaps.filter((g) => g.errorCode !== SHARD_MISSING)).toEqual(content(a).gaps);
    const whole = wholeEstateReport();
    expect(content(merge(whole, whole))).toEqual(content(whole));
  });

  it('takes the latest input time as the merged report time', () => {
    const later = shardReport(2, 3, { now: new Date('2026-03-01T12:30:00Z') });
    expect(merge(shards[0], later, shards[2]).generatedAt).toBe('2026-03-01T12:30:00.000Z');
  });
});

describe('mergeReports: missing shards', () => {
  it('a shard no report covers is a gap naming the accounts that hash into it, and the merge is incomplete (exit 3)', () => {
    const clean = { clean: true, allReadable: true };
    expect(exitCodeFor(merge(shardReport(1, 3, clean), shardReport(2, 3, clean), shardReport(3, 3, clean)), 'low')).toBe(0);
    const result = mergeReports(named(shardReport(1, 3, clean), shardReport(3, 3, clean)));
    expect(result.missingShards).toEqual([2]);
    const missing = result.report.gaps.filter((g) => g.errorCode === SHARD_MISSING);
    expect(missing).toHaveLength(1);
    expect(missing[0]).toMatchObject({ service: 'inferguard', operation: 'merge', resourceId: 'shard 2/3' });
    const shardTwo = accountsOfShard(2, 3, clean);
    expect(shardTwo.length).toBeGreaterThan(0);
    for (const account of shardTwo) expect(missing[0].message).toContain(account);
    for (const account of ACCOUNTS.filter((a) => !shardTwo.includes(a))) expect(missing[0].message).not.toContain(account);
    expect(result.report.summary.gaps).toBe(1);
    expect(result.report.estate?.shards).toEqual([1, 3]);
    expect(exitCodeFor(result.report, 'low')).toBe(3);
  });

  it('the gap is recomputed on every merge: merging the missing shard in later drops it', () => {
    const partial = merge(shardReport(1, 3), shardReport(3, 3));
    expect(partial.gaps.filter((g) => g.errorCode === SHARD_MISSING)).toHaveLength(1);
    const complete = merge(partial, shardReport(2, 3));
    expect(complete.gaps.filter((g) => g.errorCode === SHARD_MISSING)).toEqual([]);
    expect(bytes(complete)).toBe(bytes(merge(...[1, 2, 3].map((i) => shardReport(i, 3)))));
    expect(bytes(merge(partial, shardReport(1, 3)))).toBe(bytes(partial));
  });

  it('--shards states the count: a report of another count is refused, and every shard of it that is absent is a gap', () => {
    const result = mergeReports(named(shardReport(2, 4)), { expectedShards: 4 });
    expect(result.missingShards).toEqual([1, 3, 4]);
    for (const shard of [1, 3, 4]) {
      const gap = result.report.gaps.find((g) => g.resourceId === `shard ${shard}/4`);
      expect(gap?.errorCode).toBe(SHARD_MISSING);
      for (const account of ACCOUNTS.filter((a) => shardOf(a, 4) === shard)) expect(gap?.message).toContain(account);
    }
    expect(() => mergeReports(named(shardReport(1, 3)), { expectedShards: 4 })).toThrow(/--shards 4, but shard-1\.json is shard 1\/3/);
    expect(() => mergeReports(named(wholeEstateReport({ allReadable: true })), { expectedShards: 1 })).not.toThrow();
  });
});

describe('mergeReports: an account that joined between the shards\' runs', () => {
  // Shard 1's discovery ran later and found a new account that hashes into shard 2, whose discovery ran before it joined.
  const NEW_ACCOUNT = '999900001111';
  const clean = { clean: true, allReadable: true };
  const first = shardReport(1, 3, clean);
  const laterFirst: Report = { ...first, estate: { ...first.estate!, discovered: [...first.estate!.discovered, NEW_ACCOUNT].sort() } };
  const others = [shardReport(2, 3, clean), shardReport(3, 3, clean)];

  it('is a gap naming it: no shard audited it', () => {
    expect(shardOf(NEW_ACCOUNT, 3)).toBe(2);
    const merged = merge(laterFirst, ...others);
    const gaps = merged.gaps.filter((g) => g.errorCode === NOT_IN_SHARD);
    expect(gaps).toHaveLength(1);
    expect(gaps[0].resourceId).toBe(NEW_ACCOUNT);
    expect(gaps[0].message).toMatch(/discovered by the run of shard 1 but belongs to shard 2\/3, whose report does not list it/);
    expect(merged.estate?.discovered).toContain(NEW_ACCOUNT);
    expect(exitCodeFor(merged, 'low')).toBe(3);
    expect(exitCodeFor(merge(first, ...others), 'low')).toBe(0);
  });

  it('stays in later merges of the merged report (which no longer says which shard discovered what), order-independently', () => {
    const merged = merge(laterFirst, ...others);
    expect(bytes(merge(merged, others[0]))).toBe(bytes(merged));
    expect(bytes(merge(others[1], laterFirst, others[0]))).toBe(bytes(merged));
  });
});

describe('mergeReports: reports that disagree', () => {
  const whole = wholeEstateReport({ allReadable: true });
  const target = whole.findings.find((f) => f.status === 'pass');
  if (!target) throw new Error('the fixture has a passing finding');
  const failingCopy: Report = {
    ...whole,
    findings: whole.findings.map((f) => (f === target ? { ...f, status: 'fail', message: 'changed between the runs' } : f)),
  };

  it('keeps the worst status, whatever the order, and names the other status in its evidence', () => {
    const one = mergeReports(named(whole, failingCopy));
    const other = mergeReports(named(failingCopy, whole));
    expect(bytes(one.report)).toBe(bytes(other.report));
    expect(one.disagreements).toEqual([`${target.controlId} ${target.resourceId}`]);
    const kept = one.report.findings.find((f) => f.controlId === target.controlId && f.resourceId === target.resourceId);
    expect(kept?.status).toBe('fail');
    expect(kept?.evidence.at(-1)).toEqual({ source: DISAGREEMENT_SOURCE, path: DISAGREEMENT_PATH, value: ['pass'] });
    expect(one.report.summary.byStatus.fail).toBe(whole.summary.byStatus.fail + 1);
    expect(one.report.gaps).toEqual(sortedGaps(whole.gaps));
  });

  it('stays idempotent with the note: merging the merge with either input again changes nothing', () => {
    const merged = merge(whole, failingCopy);
    expect(bytes(merge(merged, whole))).toBe(bytes(merged));
    expect(bytes(merge(merged, failingCopy))).toBe(bytes(merged));
    expect(bytes(merge(merged, merged))).toBe(bytes(merged));
  });

  it('keeps one copy of a resource two shards both report (a shared bucket), without a note when they agree', () => {
    const result = mergeReports(named(whole, { ...whole, generatedAt: '2026-03-01T11:00:00.000Z' }));
    expect(result.disagreements).toEqual([]);
    expect(result.report.findings).toEqual(whole.findings);
  });
});

describe('mergeReports: reports that cannot be one', () => {
  const report = shardReport(1, 3);
  const refusal = (inputs: NamedReport[]) => {
    try {
      mergeReports(inputs);
    } catch (error) {
      if (error instanceof ReportMergeError) return error.message;
      throw error;
    }
    throw new Error('expected a ReportMergeError');
  };

  it.each([
    ['providers', { provider: 'azure' }, /different providers: provider aws \(a\.json\); provider azure \(b\.json\)/],
    ['baselines', { baseline: 'default + strict.yaml' }, /different baselines: .*default \+ strict\.yaml \(b\.json\).*same --config/],
    ['sources', { source: 'template' }, /different sources/],
    ['shard counts', { estate: { discovered: [...ACCOUNTS], shardCount: 2, shards: [1] } }, /different numbers of shards \(3, 2\).*a\.json: 3, b\.json: 2/],
  ])('refuses reports of different %s, naming the files', (_what, change, message) => {
    expect(refusal([{ location: 'a.json', report }, { location: 'b.json', report: { ...report, ...change } as Report }])).toMatch(message);
  });

  it('refuses reports whose controls differ (shards run with different settings)', () => {
    const changed = { ...report, controls: report.controls.map((c, i) => (i === 0 ? { ...c, severity: c.severity === 'info' ? 'low' : 'info' } : c)) } as Report;
    expect(refusal([{ location: 'a.json', report }, { location: 'b.json', report: changed }])).toMatch(new RegExp(`control ${report.controls[0].id} differs between a\\.json and b\\.json`));
  });

  it('refuses reports whose waivers of one id differ', () => {
    const changed = { ...report, unusedWaivers: report.unusedWaivers.map((w) => ({ ...w, resource: 'something-else' })) };
    expect(report.unusedWaivers.length).toBeGreaterThan(0);
    expect(refusal([{ location: 'a.json', report }, { location: 'b.json', report: changed }])).toMatch(/waiver .* differs between a\.json and b\.json/);
  });

  it('refuses nothing to merge', () => {
    expect(refusal([])).toMatch(/no reports/);
  });
});

describe('a merged report in every format', () => {
  const merged = merge(shardReport(1, 3), shardReport(3, 3));

  it.each(FORMAT_NAMES)('renders as %s', (format) => {
    const text = formats[format](merged, { width: 100, color: false });
    expect(text.length).toBeGreaterThan(0);
    expect(text).toContain(format === 'ocsf' || format === 'ocsf-jsonl' ? 'Compliance Finding' : 'shard 2/3');
  });

  it('its OCSF events are valid OCSF 1.1.0 Compliance Findings, one per finding', () => {
    const events = JSON.parse(renderOcsf(merged)) as unknown[];
    expect(events).toHaveLength(merged.findings.length);
    for (const event of events) {
      const valid = validateOcsfComplianceFinding(event);
      expect(describeErrors(validateOcsfComplianceFinding.errors)).toEqual([]);
      expect(valid).toBe(true);
    }
  });
});
