// Synthesizes a CDK stack to a temporary cloud assembly and scans it with the CLI, as a user would
// (`cdk synth` then `inferguard scan cdk.out --format json`), naming resources by construct path
// (`Realtime/Key`) rather than by hashed logical id.
import { CfnResource, Stack, type App } from 'aws-cdk-lib';
import type { Status } from '../../../policies/control';
import { runCli } from '../../bin/cli-harness';
import { scratchDir } from '../../support/scratch';

export interface ReportFinding {
  readonly controlId: string;
  readonly status: Status;
  readonly resourceId: string;
  readonly message: string;
}

export interface Scan {
  readonly code: number;
  readonly stderr: string;
  readonly findings: readonly ReportFinding[];
  readonly gaps: readonly unknown[];
  /** The control ids of the construct's synth warnings (`[ack: inferguard:<control-id>]`), sorted. */
  readonly warnings: readonly string[];
  /** The construct path, relative to the stack, of a finding's resource (`Realtime/Key`). */
  readonly pathOf: (finding: ReportFinding) => string;
}

export function assemblyDir(): string {
  return scratchDir('inferguard-scan-');
}

/** Construct path relative to the stack, without CDK's trailing `/Resource` or `/Default`. */
function relativePath(stack: Stack, resource: CfnResource): string {
  return resource.node.path.slice(stack.node.path.length + 1).replace(/\/(Resource|Default)$/, '');
}

/** Template resource id (`STACK/LogicalId`, as the scan names it) -> construct path. */
function constructPaths(stack: Stack): Map<string, string> {
  const resources = stack.node.findAll().filter((c): c is CfnResource => CfnResource.isCfnResource(c) && Stack.of(c) === stack);
  return new Map(resources.map((r) => [`${stack.stackName}/${stack.resolve(r.logicalId) as string}`, relativePath(stack, r)]));
}

function parseReport(stdout: string): { findings: ReportFinding[]; gaps: unknown[] } {
  const report: unknown = JSON.parse(stdout);
  if (typeof report !== 'object' || report === null || !('findings' in report) || !Array.isArray(report.findings) || !('gaps' in report) || !Array.isArray(report.gaps)) {
    throw new Error(`inferguard scan --format json printed no report with findings and gaps: ${stdout.slice(0, 200)}`);
  }
  return { findings: report.findings as ReportFinding[], gaps: report.gaps };
}

/**
 * Synthesizes `app` (whose outdir must be a fresh folder) and scans the whole assembly in process. Resources are
 * named by their path in their own stack (the example's foundation and endpoint stacks have no path in common).
 */
export async function synthAndScan(app: App, _stack?: Stack): Promise<Scan> {
  const assembly = app.synth();
  const stacks = app.node.findAll().filter((c): c is Stack => Stack.isStack(c));
  const warnings = stacks
    .flatMap((stack) => assembly.getStackArtifact(stack.artifactId).messages)
    .filter((m) => m.level === 'warning')
    .flatMap((m) => /\[ack: inferguard:([a-z-]+)\]/.exec(String(m.entry.data))?.[1] ?? [])
    .sort();
  const run = await runCli(['scan', app.outdir, '--format', 'json']);
  const { findings, gaps } = parseReport(run.stdout);
  const paths = new Map(stacks.flatMap((stack) => [...constructPaths(stack)]));
  const pathOf = (finding: ReportFinding) => {
    const found = paths.get(finding.resourceId);
    if (found === undefined) throw new Error(`finding ${finding.controlId} names ${finding.resourceId}, which is no resource of the app's stacks`);
    return found;
  };
  return { code: run.code, stderr: run.stderr, findings, gaps, warnings, pathOf };
}

/** `control @ construct path` for every finding with the status, sorted: the exact shape tests compare. */
export function resultsWithStatus(scan: Scan, status: Status): string[] {
  return scan.findings
    .filter((f) => f.status === status)
    .map((f) => `${f.controlId} @ ${scan.pathOf(f)}`)
    .sort();
}
