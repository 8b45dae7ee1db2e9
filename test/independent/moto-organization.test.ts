// Done-means check of the organization-wide audit: moto (an AWS-compatible endpoint we did not write) holds
// an AWS Organization seeded by boto3, each member with its own endpoints and the auditor role, created
// through credentials assumed into the member. `inferguard audit aws --organization` must report every
// active member's endpoints with the right verdicts, skip the closed account, and list a member whose role
// cannot be assumed as a gap while still reporting the others.
//
// moto assumes any role whatever its trust policy says, so the one denial is answered by a recording proxy
// in front of moto (AWS's AccessDenied, in STS's own error shape); the proxy also shows which calls the
// caller's own credentials make, which organization-caller-policy.json must allow exactly.
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Report } from '../../checker/run';
import { parsePolicyDocument } from '../../providers/aws/platform';
import { simulatorClientEnv } from '../../sim/aws/client-env';
import { runCli, tempDir } from '../bin/cli-harness';
import { startCallRecorder, type AwsError, type RecordedCall, type RunningRecorder } from '../support/aws-call-recorder';
import { startMoto, type RunningMoto } from '../support/moto';

const run = promisify(execFile);
const AUDITOR_POLICY = join(__dirname, '../../providers/aws/live/auditor-policy.json');
const CALLER_POLICY = join(__dirname, '../../providers/aws/live/organization-caller-policy.json');
/** moto's default account: the key "test" signs as the management account, which created the organization. */
const CALLER_KEY = 'test';
/** sts:GetCallerIdentity needs no permission (AWS: "No permissions are required to perform this operation"). */
const NEEDS_NO_PERMISSION = ['sts:GetCallerIdentity'];

interface Seeded {
  management: string;
  root: string;
  ml: string;
  prodOu: string;
  accounts: Record<'sandbox' | 'dev' | 'locked' | 'closed' | 'prod', string>;
}

let moto: RunningMoto;
let recorder: RunningRecorder;
let seeded: Seeded;
/** What the proxy answers itself; the locked account's role is always refused. */
let extraDenial: (call: RecordedCall) => AwsError | undefined = () => undefined;
const env = simulatorClientEnv(undefined, 'us-east-1');

beforeAll(async () => {
  // The SDK reads its credentials and region from the process environment.
  Object.assign(process.env, env);
  moto = await startMoto();
  const { stdout } = await run('python3', [join(__dirname, 'seed_moto_organization.py'), moto.url, AUDITOR_POLICY]);
  seeded = JSON.parse(stdout);
  recorder = await startCallRecorder(moto.url, (call) => {
    if (call.operation === 'AssumeRole' && call.parameters.RoleArn?.includes(`::${seeded.accounts.locked}:`)) {
      return { status: 403, code: 'AccessDenied', message: `User: arn:aws:iam::${seeded.management}:user/test is not authorized to perform: sts:AssumeRole on resource: ${call.parameters.RoleArn}` };
    }
    return extraDenial(call);
  });
}, 120_000);

afterAll(async () => {
  await recorder?.close();
  await moto?.stop();
});

async function audit(...flags: string[]): Promise<{ code: number; stderr: string; report: Report; calls: readonly RecordedCall[] }> {
  recorder.reset();
  const result = await runCli(['audit', 'aws', '--endpoint-url', recorder.url, '--regions', 'us-east-1', '--format', 'json', '--role-name', 'InferguardAuditor', ...flags], { env });
  return { code: result.code, stderr: result.stderr, report: result.stdout ? (JSON.parse(result.stdout) as Report) : (undefined as unknown as Report), calls: recorder.calls() };
}

function statusOf(report: Report, account: string, endpoint: string, controlId: string): string | undefined {
  const arn = `arn:aws:sagemaker:us-east-1:${account}:endpoint/${endpoint}`;
  const matches = report.findings.filter((f) => f.controlId === controlId && f.resourceId === arn);
  if (matches.length > 1) throw new Error(`${matches.length} ${controlId} findings for ${arn}`);
  return matches[0]?.status;
}

function endpointAccounts(report: Report): string[] {
  return [...new Set(report.findings.filter((f) => f.resourceKind === 'endpoint').map((f) => f.resourceId.split(':')[4]))].sort();
}

const callerCalls = (calls: readonly RecordedCall[]) => [...new Set(calls.filter((c) => c.accessKeyId === CALLER_KEY).map((c) => `${c.service}:${c.operation}`))].sort();

describe('audit aws --organization against moto seeded with an organization by boto3', () => {
  let whole: Awaited<ReturnType<typeof audit>>;
  beforeAll(async () => {
    whole = await audit('--organization');
  }, 120_000);

  it('covers every ACTIVE member account, not the closed one, and not the management account', () => {
    const { accounts } = seeded;
    expect(whole.report.estate).toEqual({
      discovered: [accounts.sandbox, accounts.dev, accounts.locked, accounts.prod].sort(),
      shardCount: 1,
      shards: [1],
      // moto marks the closed account SUSPENDED: named with that state, not audited.
      inactive: [{ id: accounts.closed, state: 'SUSPENDED' }],
    });
    expect(endpointAccounts(whole.report)).toEqual([accounts.sandbox, accounts.dev, accounts.prod].sort());
    expect([...whole.report.scope.accounts].sort()).toEqual([accounts.sandbox, accounts.dev, accounts.prod].sort());
  });

  it('with --include-management-account, audits the management account too, through the same role', async () => {
    const { report, calls } = await audit('--organization', '--include-management-account');
    expect(report.estate?.discovered).toContain(seeded.management);
    expect(report.scope.accounts).toContain(seeded.management);
    expect(calls.some((c) => c.operation === 'AssumeRole' && c.parameters.RoleArn === `arn:aws:iam::${seeded.management}:role/InferguardAuditor`)).toBe(true);
  });

  it.each([
    ['sandbox', 'scoring', 'endpoint-storage-customer-key', 'pass'],
    ['sandbox', 'scoring', 'endpoint-multiple-instances', 'pass'],
    ['dev', 'scoring', 'endpoint-storage-customer-key', 'fail'],
    ['dev', 'scoring', 'endpoint-multiple-instances', 'fail'],
    ['prod', 'scoring', 'endpoint-storage-customer-key', 'pass'],
    ['prod', 'scoring', 'endpoint-multiple-instances', 'pass'],
    ['prod', 'batch', 'endpoint-storage-customer-key', 'fail'],
    ['prod', 'batch', 'endpoint-multiple-instances', 'fail'],
  ] as const)('%s: endpoint %s, %s is %s', (account, endpoint, controlId, status) => {
    expect(statusOf(whole.report, seeded.accounts[account], endpoint, controlId)).toBe(status);
  });

  it('lists the account whose role cannot be assumed as a gap naming it, with the fix, and exits 1 for the failures elsewhere', () => {
    const assumeGaps = whole.report.gaps.filter((g) => g.service === 'sts');
    expect(assumeGaps).toEqual([
      expect.objectContaining({ operation: 'AssumeRole', resourceId: seeded.accounts.locked, errorCode: 'AccessDenied', message: expect.stringMatching(/Deploy the read-only auditor role/) }),
    ]);
    expect(statusOf(whole.report, seeded.accounts.locked, 'scoring', 'endpoint-storage-customer-key')).toBeUndefined();
    expect(whole.code).toBe(1);
  });

  it('assumes each role by its ARN in the caller partition, with the audit session name, through the caller credentials', () => {
    const assumed = whole.calls.filter((c) => c.operation === 'AssumeRole').map((c) => c.parameters.RoleArn).sort();
    expect(assumed).toEqual(whole.report.estate!.discovered.map((id) => `arn:aws:iam::${id}:role/InferguardAuditor`).sort());
    expect(whole.calls.filter((c) => c.operation === 'AssumeRole').every((c) => c.accessKeyId === CALLER_KEY && c.parameters.RoleSessionName === 'inferguard-audit')).toBe(true);
    // Everything else is read with the members' assumed credentials.
    expect(callerCalls(whole.calls)).toEqual(['organizations:DescribeOrganization', 'organizations:ListAccounts', 'sts:AssumeRole', 'sts:GetCallerIdentity']);
  });

  it('with --ou, audits only the accounts under that OU at any depth', async () => {
    const { code, report, calls } = await audit('--organization', '--ou', seeded.ml);
    const { accounts } = seeded;
    expect(report.estate?.discovered).toEqual([accounts.dev, accounts.locked, accounts.prod].sort());
    expect(endpointAccounts(report)).toEqual([accounts.dev, accounts.prod].sort());
    expect(code).toBe(1);
    expect(callerCalls(calls)).toEqual(['organizations:DescribeOrganization', 'organizations:ListAccountsForParent', 'organizations:ListOrganizationalUnitsForParent', 'sts:AssumeRole', 'sts:GetCallerIdentity']);
  });

  it('with --accounts @file, audits exactly those accounts and calls no Organizations API', async () => {
    const file = join(tempDir(), 'accounts.json');
    writeFileSync(file, JSON.stringify([seeded.accounts.sandbox, seeded.accounts.prod]));
    const { report, calls } = await audit('--accounts', `@${file}`);
    expect(report.estate?.discovered).toEqual([seeded.accounts.sandbox, seeded.accounts.prod].sort());
    expect(endpointAccounts(report)).toEqual([seeded.accounts.sandbox, seeded.accounts.prod].sort());
    expect(report.gaps).toEqual(report.gaps.filter((g) => g.service !== 'sts' && g.service !== 'organizations'));
    expect(calls.some((c) => c.service === 'organizations')).toBe(false);
  });

  it('exits 3 with the fix when the organization cannot be listed at all', async () => {
    extraDenial = (call) => (call.operation === 'ListAccounts' ? { status: 400, code: 'AccessDeniedException', message: 'You don\'t have permissions to access this resource.' } : undefined);
    try {
      const { code, stderr } = await audit('--organization');
      expect(code).toBe(3);
      expect(stderr).toMatch(/could not list the organization's accounts \(organizations:ListAccounts failed with AccessDeniedException/);
      expect(stderr).toMatch(/management account or a delegated administrator/);
    } finally {
      extraDenial = () => undefined;
    }
  });

  it('organization-caller-policy.json allows exactly the calls the caller makes, and the role it assumes', async () => {
    const ou = await audit('--organization', '--ou', seeded.ml);
    const used = new Set([...callerCalls(whole.calls), ...callerCalls(ou.calls)].filter((a) => !NEEDS_NO_PERMISSION.includes(a)));
    const statements = parsePolicyDocument(readFileSync(CALLER_POLICY, 'utf8'), 'organization-caller-policy');
    const allowed = statements.flatMap((s) => s.actions);
    expect([...allowed].sort()).toEqual([...used].sort());
    for (const s of statements) expect(s).toMatchObject({ effect: 'Allow', conditions: [] });
    const assume = statements.find((s) => s.actions.includes('sts:AssumeRole'))!;
    // Only the auditor role, in any account and partition: the same role name as --role-name.
    expect(assume.resources).toEqual(['arn:*:iam::*:role/InferguardAuditor']);
    expect(statements.filter((s) => s !== assume).every((s) => s.actions.every((a) => /^organizations:(List|Describe)[A-Za-z]+$/.test(a)))).toBe(true);
  });
});
