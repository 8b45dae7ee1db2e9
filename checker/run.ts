// One audit run: evaluate the baseline over an inventory, apply waivers, and describe the result
// as a Report that every reporter renders. Pure: no I/O besides reading the tool's own version
// (and the monotonic clock, for the timings JUnit reports).
import { performance } from 'node:perf_hooks';
import { SEVERITIES, severityRank, type Equivalent, type Remediation, type Severity, type Status } from '../policies/control';
import { evaluate, type Baseline, type Finding } from '../policies/evaluate';
import type { CoverageGap, EstateCoverage, Inventory, InventorySource, Provider, ResourceKind } from '../policies/model';
import { remediationFor } from '../policies/remediation';
import { applyWaivers, type Waiver } from '../policies/waivers';
import { toolInfo, type ToolInfo } from './package-info';

export const STATUSES: readonly Status[] = ['fail', 'unknown', 'pass', 'not_applicable'];

/** Control metadata as a report carries it: data only, remediation for the audited provider. */
export interface ReportControl {
  readonly id: string;
  readonly title: string;
  /** The severity the baseline assigns. */
  readonly severity: Severity;
  readonly subject: ResourceKind;
  readonly rationale: string;
  readonly remediation: Remediation;
  readonly frameworks: { readonly nist80053r5: readonly string[]; readonly mitreAtlas: readonly string[] };
  readonly equivalents: readonly Equivalent[];
  readonly compensatingControls: readonly string[];
}

export interface ReportSummary {
  readonly findings: number;
  readonly resources: number;
  /** Findings not covered by a waiver, by status. */
  readonly byStatus: Readonly<Record<Status, number>>;
  /** Findings not covered by a waiver, by severity then status. */
  readonly bySeverity: Readonly<Record<Severity, Readonly<Record<Status, number>>>>;
  /** Findings covered by a waiver (whatever their status). */
  readonly waived: number;
  readonly gaps: number;
}

export interface Report {
  /** Bumped when the JSON shape changes incompatibly, for tools that merge or diff reports. */
  readonly reportVersion: 1;
  readonly tool: ToolInfo;
  readonly generatedAt: string;
  readonly provider: Provider;
  readonly source: InventorySource;
  /** What was read: a template path for a scan; absent for a live audit (see `scope`). */
  readonly target?: string;
  readonly scope: { readonly accounts: readonly string[]; readonly regions: readonly string[] };
  /** Organization-wide runs: the estate discovered and the shards of it this report covers. */
  readonly estate?: EstateCoverage;
  readonly baseline: string;
  readonly controls: readonly ReportControl[];
  /** Every finding, waived ones included and marked; sorted by resource, then control. */
  readonly findings: readonly Finding[];
  /** Reads that failed: coverage is incomplete while this is non-empty. */
  readonly gaps: readonly CoverageGap[];
  /** Waivers past their expiry date: they no longer apply. */
  readonly expiredWaivers: readonly Waiver[];
  /** Waivers that matched no finding: stale, or a typo in the control id or pattern. */
  readonly unusedWaivers: readonly Waiver[];
  readonly summary: ReportSummary;
  /** How long the run took; absent in a report that was not produced by a run (a merged one). */
  readonly timing?: ReportTiming;
}

/** Wall-clock durations measured by the run, in seconds. */
export interface ReportTiming {
  /** Reading the inventory (the API calls, or parsing the template), when the caller measured it. */
  readonly collectSeconds?: number;
  /** Judging every resource with every control. */
  readonly evaluateSeconds: number;
  /** Per control id: the time its judgements took, all resources together. */
  readonly controlSeconds: Readonly<Record<string, number>>;
  /**
   * Per finding, aligned with `findings` (same index): the time that one judgement took. Left out
   * of the JSON format (one number per finding, and no help in diffing two runs).
   */
  readonly findingSeconds?: readonly number[];
}

export interface AuditInput {
  readonly inventory: Inventory;
  readonly baseline: Baseline;
  readonly waivers: readonly Waiver[];
  readonly now: Date;
  readonly target?: string;
  /** Seconds the caller spent reading the inventory, reported with the run's own timings. */
  readonly collectSeconds?: number;
}

/** Seconds per judgement: control id -> resource id -> seconds (ids shared with the inventory, not copied). */
type JudgementSeconds = Map<string, Map<string, number>>;

/** The baseline with every control's `evaluate` wrapped to record how long each judgement takes. */
function timedBaseline(baseline: Baseline, seconds: JudgementSeconds): Baseline {
  return {
    ...baseline,
    entries: baseline.entries.map((entry) => {
      const byResource = seconds.get(entry.control.id) ?? new Map<string, number>();
      seconds.set(entry.control.id, byResource);
      return {
        ...entry,
        control: {
          ...entry.control,
          evaluate: (resource, parameters, inventory) => {
            const start = performance.now();
            try {
              return entry.control.evaluate(resource, parameters, inventory);
            } finally {
              byResource.set(resource.id, (performance.now() - start) / 1000);
            }
          },
        },
      };
    }),
  };
}

export function runAudit({ inventory, baseline, waivers, now, target, collectSeconds }: AuditInput): Report {
  const judgementSeconds: JudgementSeconds = new Map();
  const started = performance.now();
  const evaluated = evaluate(inventory, timedBaseline(baseline, judgementSeconds));
  const evaluateSeconds = (performance.now() - started) / 1000;
  const waived = applyWaivers(evaluated, [...waivers], now, inventory.resources);
  const findings = [...waived.findings].sort(byResourceThenControl);
  const findingSeconds = findings.map((f) => judgementSeconds.get(f.controlId)?.get(f.resourceId) ?? 0);
  const controlSeconds: Record<string, number> = {};
  findings.forEach((f, i) => (controlSeconds[f.controlId] = (controlSeconds[f.controlId] ?? 0) + findingSeconds[i]));
  return {
    reportVersion: 1,
    tool: toolInfo(),
    generatedAt: now.toISOString(),
    provider: inventory.provider,
    source: inventory.source,
    ...(target === undefined ? {} : { target }),
    scope: { accounts: [...inventory.scope.accounts], regions: [...inventory.scope.regions] },
    ...(inventory.estate ? { estate: inventory.estate } : {}),
    baseline: baseline.name,
    controls: reportControls(baseline, inventory.provider),
    findings,
    gaps: [...inventory.gaps],
    expiredWaivers: [...waived.expired],
    unusedWaivers: [...waived.unused],
    summary: summarize(findings, inventory.gaps.length),
    timing: { ...(collectSeconds === undefined ? {} : { collectSeconds }), evaluateSeconds, controlSeconds, findingSeconds },
  };
}

function reportControls(baseline: Baseline, provider: Provider): ReportControl[] {
  return baseline.entries
    .filter(({ control }) => control.providers.includes(provider))
    .map(({ control, severity, parameters }) => ({
      id: control.id,
      title: control.title,
      severity,
      subject: control.subject,
      rationale: control.rationale,
      remediation: remediationFor(control, provider, parameters),
      frameworks: { nist80053r5: [...control.frameworks.nist80053r5], mitreAtlas: [...control.frameworks.mitreAtlas] },
      equivalents: [...control.equivalents],
      compensatingControls: [...(control.compensatingControls ?? [])],
    }));
}

/** The order of a report's findings: by resource, then control (code-point order). */
export function byResourceThenControl(a: Finding, b: Finding): number {
  return compareText(a.resourceId, b.resourceId) || compareText(a.controlId, b.controlId);
}

/** Code-point order: the same on every machine, whatever its locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function zeroByStatus(): Record<Status, number> {
  return { fail: 0, unknown: 0, pass: 0, not_applicable: 0 };
}

export function summarize(findings: readonly Finding[], gaps: number): ReportSummary {
  const byStatus = zeroByStatus();
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, zeroByStatus()])) as Record<Severity, Record<Status, number>>;
  let waived = 0;
  for (const f of findings) {
    if (f.waiver) {
      waived += 1;
      continue;
    }
    byStatus[f.status] += 1;
    bySeverity[f.severity][f.status] += 1;
  }
  return {
    findings: findings.length,
    resources: new Set(findings.map((f) => f.resourceId)).size,
    byStatus,
    bySeverity,
    waived,
    gaps,
  };
}

function atOrAbove(severity: Severity, threshold: Severity): boolean {
  return severityRank(severity) >= severityRank(threshold);
}

/** Findings that fail the run: status fail, not waived, severity at or above `failOn`. */
export function failingFindings(report: Report, failOn: Severity): Finding[] {
  return report.findings.filter((f) => f.status === 'fail' && !f.waiver && atOrAbove(f.severity, failOn));
}

/** Findings no control could decide (unknown), not waived, at or above `failOn`. */
export function undecidedFindings(report: Report, failOn: Severity): Finding[] {
  return report.findings.filter((f) => f.status === 'unknown' && !f.waiver && atOrAbove(f.severity, failOn));
}

export const EXIT_CODES = {
  /** No failing finding at or above --fail-on, and the audit is complete. */
  ok: 0,
  /** Failing findings at or above --fail-on. */
  failing: 1,
  /** Usage or configuration error (decided before any audit runs). */
  usage: 2,
  /** The audit could not complete: reads failed, or a control could not decide. */
  incomplete: 3,
} as const;

export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];

/** Why a report is incomplete, one line per reason; empty when it is complete. */
export function incompleteReasons(report: Report, failOn: Severity): string[] {
  const reasons: string[] = [];
  if (report.gaps.length > 0) reasons.push(`${plural(report.gaps.length, 'read')} failed, so some resources or settings were not checked`);
  const undecided = undecidedFindings(report, failOn).length;
  if (undecided > 0) reasons.push(`${plural(undecided, 'result')} at or above ${failOn} could not be decided (unknown)`);
  return reasons;
}

/**
 * The process exit code for a finished audit.
 *
 * Failing (1) wins over incomplete (3): a confirmed violation is the first thing a gate must act on,
 * whatever else could not be read, and it is what ARCHITECTURE.md's "1 failing findings" promises.
 * 3 then means "no confirmed violation, but the audit cannot vouch for what it could not read", so 0
 * always means complete and clean. The gaps stay in every report and in the stderr summary, so a
 * scheduled job still tells "fix the auditor's access" from "fix the resources".
 *
 * Unwaived `unknown` results at or above `failOn` also make the audit incomplete: unknown is never
 * pass, and exit 0 would be one. A waiver can acknowledge an unknown that is expected.
 */
export function exitCodeFor(report: Report, failOn: Severity): ExitCode {
  if (failingFindings(report, failOn).length > 0) return EXIT_CODES.failing;
  if (incompleteReasons(report, failOn).length > 0) return EXIT_CODES.incomplete;
  return EXIT_CODES.ok;
}

/** One line for stderr that says why the run ends with its exit code. */
export function explainExit(report: Report, failOn: Severity): string {
  const code = exitCodeFor(report, failOn);
  const failing = failingFindings(report, failOn).length;
  const incomplete = incompleteReasons(report, failOn);
  const alsoIncomplete = incomplete.length > 0 ? `; the audit is also incomplete: ${incomplete.join('; ')}` : '';
  switch (code) {
    case EXIT_CODES.failing:
      return `exit ${code}: ${plural(failing, 'failing finding')} at or above ${failOn}${alsoIncomplete}.`;
    case EXIT_CODES.incomplete:
      return `exit ${code}: the audit is incomplete: ${incomplete.join('; ')}.`;
    default:
      return `exit ${code}: no failing finding at or above ${failOn}.`;
  }
}

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
