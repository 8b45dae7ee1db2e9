// The fault matrix: every read the auditor's policy allows, broken in every way a network or a hostile
// middlebox breaks it, against a compliant account. For each (operation, fault): the failed read is a
// listed coverage gap, no result that depends on it is `pass`, everything that does not depend on it is
// still reported as before, and the run exits 3 (incomplete) — never 0, and never 1 on a compliant account.
// The table (operation x fault -> gaps, false passes, exit) is written to a temporary folder
// (or to $INFERGUARD_FAULT_MATRIX_OUT).
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DEFAULT_FAIL_ON } from '../../../../bin/cli/options';
import { exitCodeFor, runAudit, type Report } from '../../../../checker/run';
import { defaultBaseline } from '../../../../policies/baseline';
import type { Finding } from '../../../../policies/evaluate';
import { collectAwsInventory } from '../../../../providers/aws/live/index';
import { iamActionFor } from '../../../../providers/aws/live/iam-actions';
import { parsePolicyDocument } from '../../../../providers/aws/platform';
import { startAwsSimulator, type FaultKind } from '../../../../sim/aws/index';
import { US, compliantScenario } from './scenario';
import { isolateAwsEnvironment } from './support';

isolateAwsEnvironment();

type Simulator = Awaited<ReturnType<typeof startAwsSimulator>>;

/** Throttling is never lifted (no `times`): the SDK's retries run out. */
const FAULTS: readonly FaultKind[] = ['AccessDenied', 'Throttling', 'InternalError', 'Timeout', 'Malformed', 'Empty', 'Foreign'];
/**
 * The Timeout column: far above a healthy simulator call on a busy machine, so only the held call times
 * out; one attempt, as the Throttling column already runs the SDK's retries out. The other columns use a
 * timeout no call comes near.
 */
const TIMEOUT_CELL = { requestTimeoutMs: 1_000, maxAttempts: 1 };
const OTHER_CELLS = { requestTimeoutMs: 10_000, maxAttempts: 2 };
const NOW = new Date('2026-06-01T00:00:00Z');

/**
 * Which reads take their input from an operation's answer (the ids it names): a finding that relies on
 * any of them may change, or vanish, when the operation fails. Stated per operation, as the readers chain them.
 */
const FEEDS: Readonly<Record<string, readonly string[]>> = {
  'sagemaker:ListEndpoints': ['*'],
  'sagemaker:DescribeEndpoint': ['*'],
  'sagemaker:DescribeEndpointConfig': ['*'],
  'sagemaker:DescribeModel': ['iam:*', 'ecr:*', 'ec2:*', 's3:*', 'kms:*'],
  'ec2:DescribeSecurityGroups': ['ec2:*'],
  'ec2:DescribeVpcEndpoints': ['ec2:*'],
  'ecr:DescribeRepositories': ['ecr:*', 'kms:*'],
  'iam:ListRolePolicies': ['iam:GetRolePolicy'],
  'iam:ListAttachedRolePolicies': ['iam:GetPolicy', 'iam:GetPolicyVersion'],
  'iam:GetPolicy': ['iam:GetPolicyVersion'],
  'kms:DescribeKey': ['kms:*'],
  's3:GetBucketEncryption': ['kms:*'],
};

function affectedBy(operation: string): (source: string) => boolean {
  const patterns = [operation, ...(FEEDS[operation] ?? [])];
  return (source) => patterns.some((p) => p === '*' || p === source || (p.endsWith(':*') && source.startsWith(p.slice(0, -1))));
}

const keyOf = (f: Finding) => `${f.controlId} ${f.resourceId}`;
const cites = (f: Finding, matches: (source: string) => boolean) => f.evidence.some((e) => matches(e.source));

interface Cell {
  readonly operation: string;
  readonly fault: FaultKind;
  readonly gapsForOperation: number;
  readonly gaps: number;
  readonly falsePasses: string[];
  /** Findings that do not depend on the read but changed status or vanished. */
  readonly lost: string[];
  readonly exit: number;
}

let sim: Simulator;
let clean: Report;
/** `service:Operation` of every call a clean audit makes, e.g. `s3:GetPublicAccessBlock`. */
let operations: string[];
const cells: Cell[] = [];

async function auditReport(settings: { requestTimeoutMs: number; maxAttempts: number }): Promise<Report> {
  const inventory = await collectAwsInventory({ regions: [US], endpointUrl: sim.url, concurrency: 8, ...settings });
  return runAudit({ inventory, baseline: defaultBaseline(), waivers: [], now: NOW });
}

beforeAll(async () => {
  sim = await startAwsSimulator(compliantScenario(), { timeoutMs: 10_000 });
  clean = await auditReport(OTHER_CELLS);
  operations = [...new Set(sim.calls().map((c) => `${c.service}:${c.operation}`))].sort();
});

afterAll(async () => {
  await sim.close();
  if (cells.length === 0) return;
  const out = process.env.INFERGUARD_FAULT_MATRIX_OUT ?? join(mkdtempSync(join(tmpdir(), 'inferguard-fault-matrix-')), 'fault-matrix.md');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, table(cells));
});

function table(rows: readonly Cell[]): string {
  const header = `| operation | ${FAULTS.join(' | ')} |\n|---|${FAULTS.map(() => '---').join('|')}|\n`;
  const ops = [...new Set(rows.map((r) => r.operation))];
  const line = (op: string) =>
    `| ${op} | ${FAULTS.map((fault) => {
      const cell = rows.find((r) => r.operation === op && r.fault === fault);
      return cell ? `${cell.gapsForOperation}/${cell.gaps} gaps, ${cell.falsePasses.length} false pass, exit ${cell.exit}` : '-';
    }).join(' | ')} |\n`;
  return `Cells: gaps of the faulted operation/all gaps, false passes, exit code (compliant account: 0 without faults).\n\n${header}${ops.map(line).join('')}`;
}

describe('the clean audit the matrix breaks', () => {
  it('is complete and compliant: no gap, no unknown, no fail, exit 0', () => {
    expect(clean.gaps).toEqual([]);
    expect(clean.findings.filter((f) => f.status !== 'pass' && f.status !== 'not_applicable').map((f) => `${keyOf(f)}: ${f.message}`)).toEqual([]);
    expect(exitCodeFor(clean, DEFAULT_FAIL_ON)).toBe(0);
  });

  it('makes every call the auditor policy allows, and no other', () => {
    const policy = parsePolicyDocument(readFileSync(join(__dirname, '../../../../providers/aws/live/auditor-policy.json'), 'utf8'), 'auditor-policy');
    const allowed = policy.flatMap((s) => s.actions).sort();
    expect([...new Set(operations.map((op) => iamActionFor(...(op.split(':') as [string, string]))))].sort()).toEqual(allowed);
  });
});

describe.each(FAULTS)('%s on', (fault) => {
  // Every operation of a clean audit; listed in the test's name so a failure says which cell.
  const ops = () => operations;
  it('every read: a listed gap, no false pass, everything else still reported, exit 3', async () => {
    const failures: string[] = [];
    for (const operation of ops()) {
      const [service, name] = operation.split(':');
      sim.setFaults([{ service, operation: name, fault }]);
      const report = await auditReport(fault === 'Timeout' ? TIMEOUT_CELL : OTHER_CELLS);
      sim.setFaults([]);

      const direct = (source: string) => source === operation;
      const affected = affectedBy(operation);
      const after = new Map(report.findings.map((f) => [keyOf(f), f]));
      const before = new Map(clean.findings.map((f) => [keyOf(f), f]));
      // A pass is false when it relies on the broken read, or when it was not a pass before the fault.
      const falsePasses = [
        ...clean.findings.filter((f) => cites(f, direct) && after.get(keyOf(f))?.status === 'pass').map(keyOf),
        ...report.findings.filter((f) => f.status === 'pass' && (cites(f, direct) || before.get(keyOf(f))?.status !== 'pass')).map(keyOf),
      ];
      const lost = clean.findings
        .filter((f) => !cites(f, affected) && after.get(keyOf(f))?.status !== f.status)
        .map((f) => `${keyOf(f)}: ${f.status} -> ${after.get(keyOf(f))?.status ?? 'not reported'}`);
      const cell: Cell = {
        operation,
        fault,
        gapsForOperation: report.gaps.filter((g) => `${g.service}:${g.operation}` === operation).length,
        gaps: report.gaps.length,
        falsePasses: [...new Set(falsePasses)],
        lost,
        exit: exitCodeFor(report, DEFAULT_FAIL_ON),
      };
      cells.push(cell);
      if (cell.gapsForOperation === 0) failures.push(`${operation}: no gap listed (gaps: ${report.gaps.map((g) => `${g.service}:${g.operation} ${g.errorCode}`).join(', ') || 'none'})`);
      if (cell.falsePasses.length > 0) failures.push(`${operation}: false pass ${cell.falsePasses.join(', ')}`);
      if (cell.lost.length > 0) failures.push(`${operation}: no longer reported as before: ${cell.lost.join(', ')}`);
      if (cell.exit !== 3) failures.push(`${operation}: exit ${cell.exit}, expected 3`);
    }
    expect(operations.length).toBeGreaterThan(0);
    expect(failures).toEqual([]);
  }, 300_000);
});
