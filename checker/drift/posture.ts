// Posture drift: what changed in the baseline's verdicts between two snapshots of the same scope.
// Pure: two snapshots in, the changes out.
import { severityRank, type Severity } from '../../policies/control';
import type { Finding } from '../../policies/evaluate';
import type { CoverageGap, ResourceKind } from '../../policies/model';
import type { Waiver } from '../../policies/waivers';
import type { Snapshot } from './snapshot';

/**
 * A finding as drift sees it: `waived` whatever its status when a waiver covers it; `ok` for pass and
 * not_applicable; `absent` when the run has no such finding (the resource did not exist, or was not judged).
 */
export type FindingState = 'fail' | 'unknown' | 'ok' | 'waived' | 'absent';

export interface FindingChange {
  readonly controlId: string;
  readonly resourceId: string;
  readonly resourceName: string;
  readonly resourceKind: ResourceKind;
  readonly severity: Finding['severity'];
  readonly previous: FindingState;
  readonly current: FindingState;
  /** The current run's message, or the previous one's when the finding is gone. */
  readonly message: string;
}

export interface ResourceChange {
  readonly id: string;
  readonly name: string;
  readonly kind: string;
}

export interface ScopeChange {
  readonly accountsAdded: readonly string[];
  readonly accountsRemoved: readonly string[];
  readonly regionsAdded: readonly string[];
  readonly regionsRemoved: readonly string[];
}

export interface PostureDrift {
  /** Now failing (unwaived), and not before: newly failing, a new resource that fails, or a waiver that stopped covering it. */
  readonly newFailures: readonly FindingChange[];
  /** Failing before, now passing, not applicable or waived. A failure that became unknown is not resolved (see newUnknowns). */
  readonly resolvedFailures: readonly FindingChange[];
  /** Now unknown (a read that used to work fails, or a new resource cannot be read), and not before. */
  readonly newUnknowns: readonly FindingChange[];
  /** Unknown before, now known (passing, failing, not applicable) or waived. */
  readonly resolvedUnknowns: readonly FindingChange[];
  readonly appeared: readonly ResourceChange[];
  /** In the previous inventory and not in this complete one: gone. */
  readonly vanished: readonly ResourceChange[];
  /**
   * In the previous inventory and not in this one, while this run had failed reads: they may be gone or
   * merely unread (a failed listing hides what it would have listed), so they are not called vanished.
   */
  readonly unseen: readonly ResourceChange[];
  /** Accounts and regions audited now and not before, or before and not now (the options or what the credential lists changed). */
  readonly scope: ScopeChange;
  /**
   * Resources of the previous run in an account or region this run no longer audits, and, when the scope
   * narrowed, missing resources without a region (read, perhaps, only for something now out of scope):
   * neither vanished nor unseen.
   */
  readonly leftScope: readonly ResourceChange[];
  /** Waivers expired now that had not expired at the previous run. */
  readonly expiredWaivers: readonly Waiver[];
  readonly newGaps: readonly CoverageGap[];
  readonly resolvedGaps: readonly CoverageGap[];
  /** This run had failed reads. */
  readonly incomplete: boolean;
  /** Any list above is non-empty. */
  readonly changed: boolean;
}

function stateOf(finding: Finding | undefined): FindingState {
  if (finding === undefined) return 'absent';
  if (finding.waiver !== undefined) return 'waived';
  if (finding.status === 'fail' || finding.status === 'unknown') return finding.status;
  return 'ok';
}

const findingKey = (f: Pick<Finding, 'resourceId' | 'controlId'>) => `${f.resourceId}\u0000${f.controlId}`;
const gapKey = (g: CoverageGap) => [g.service, g.operation, g.resourceId ?? '', g.region ?? '', g.errorCode].join('\u0000');

function byKey<T>(items: readonly T[], key: (item: T) => string): Map<string, T> {
  return new Map(items.map((item) => [key(item), item]));
}

export interface CompareOptions {
  /** Changes of findings below this severity are left out (resources, waivers and reads are always compared). */
  readonly failOn?: Severity;
}

export function comparePosture(previous: Snapshot, current: Snapshot, options: CompareOptions = {}): PostureDrift {
  const threshold = options.failOn === undefined ? -Infinity : severityRank(options.failOn);
  const before = byKey(previous.findings, findingKey);
  const after = byKey(current.findings, findingKey);
  const previousIds = new Set(previous.resources.map((r) => r.id));
  const currentIds = new Set(current.resources.map((r) => r.id));

  const newFailures: FindingChange[] = [];
  const resolvedFailures: FindingChange[] = [];
  const newUnknowns: FindingChange[] = [];
  const resolvedUnknowns: FindingChange[] = [];
  const judge = (was: Finding | undefined, now: Finding | undefined) => {
    const p = stateOf(was);
    const c = stateOf(now);
    // Most findings do not change: decide before building anything.
    if (p === c) return;
    const shown = (now ?? was) as Finding;
    if (severityRank(shown.severity) < threshold) return;
    const change: FindingChange = {
      controlId: shown.controlId,
      resourceId: shown.resourceId,
      resourceName: shown.resourceName,
      resourceKind: shown.resourceKind,
      severity: shown.severity,
      previous: p,
      current: c,
      message: shown.message,
    };
    if (c === 'fail') newFailures.push(change);
    if (c === 'unknown') newUnknowns.push(change);
    // A finding that is gone with its resource is reported as a vanished resource, not as resolved.
    if (c === 'absent') return;
    if (p === 'fail' && (c === 'ok' || c === 'waived')) resolvedFailures.push(change);
    if (p === 'unknown') resolvedUnknowns.push(change);
  };
  for (const [key, was] of before) judge(was, after.get(key));
  for (const [key, now] of after) if (!before.has(key)) judge(undefined, now);

  const resourceChange = (r: Snapshot['resources'][number]): ResourceChange => ({ id: r.id, name: r.name, kind: r.kind });
  const previouslyExpired = new Set(previous.waivers.expired.map((w) => w.id));
  const gapsBefore = byKey(previous.gaps, gapKey);
  const gapsAfter = byKey(current.gaps, gapKey);

  const incomplete = current.gaps.length > 0;
  const accounts = new Set(current.scope.accounts);
  const regions = new Set(current.scope.regions);
  const without = (a: readonly string[], b: readonly string[]) => a.filter((x) => !b.includes(x));
  const narrowed = without(previous.scope.accounts, current.scope.accounts).length > 0 || without(previous.scope.regions, current.scope.regions).length > 0;
  // A global resource (an IAM role) may have been read only because something now out of scope used it.
  const inScope = (r: Snapshot['resources'][number]) =>
    (r.account === undefined || accounts.has(r.account)) && (r.region === undefined ? !narrowed : regions.has(r.region));
  const gone = previous.resources.filter((r) => !currentIds.has(r.id));
  const missing = gone.filter(inScope).map(resourceChange);
  const drift = {
    newFailures,
    resolvedFailures,
    newUnknowns,
    resolvedUnknowns,
    appeared: current.resources.filter((r) => !previousIds.has(r.id)).map(resourceChange),
    vanished: incomplete ? [] : missing,
    unseen: incomplete ? missing : [],
    leftScope: gone.filter((r) => !inScope(r)).map(resourceChange),
    expiredWaivers: current.waivers.expired.filter((w) => !previouslyExpired.has(w.id)),
    newGaps: current.gaps.filter((g) => !gapsBefore.has(gapKey(g))),
    resolvedGaps: previous.gaps.filter((g) => !gapsAfter.has(gapKey(g))),
  };
  const scope: ScopeChange = {
    accountsAdded: without(current.scope.accounts, previous.scope.accounts),
    accountsRemoved: without(previous.scope.accounts, current.scope.accounts),
    regionsAdded: without(current.scope.regions, previous.scope.regions),
    regionsRemoved: without(previous.scope.regions, current.scope.regions),
  };
  const changed = [...Object.values(drift), ...Object.values(scope)].some((list) => list.length > 0);
  return { ...drift, scope, incomplete, changed };
}
