// `audit aws` / `drift aws` options for organization-wide runs: what they pass to the estate audit, and a
// usage error (exit 2) naming what is wrong and how to fix it for every contradiction.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { realAwsDeps, type AwsCliDeps, type AwsEstateCollectOptions } from '../../bin/cli/providers/aws';
import type { Report } from '../../checker/run';
import type { Inventory } from '../../policies/model';
import { simulatorClientEnv } from '../../sim/aws/client-env';
import { ORGANIZATION_AUDITOR_ROLE, ORGANIZATION_MANAGEMENT_ACCOUNT, ORGANIZATION_UNITS, organizationScenario, planMembers, startAwsSimulator, type RunningAwsSimulator } from '../../sim/aws/index';
import { runCli, tempDir } from './cli-harness';

const ENV = { AWS_REGION: 'us-east-1' };

function fakeEstate(): { received: AwsEstateCollectOptions[]; collectAwsEstate: AwsCliDeps['collectAwsEstate']; collectAwsInventory: AwsCliDeps['collectAwsInventory'] } {
  const received: AwsEstateCollectOptions[] = [];
  const empty = (options: { regions: string[] }): Inventory => ({ provider: 'aws', source: 'live', scope: { accounts: [], regions: options.regions }, resources: [], gaps: [] });
  return {
    received,
    collectAwsEstate: async (options) => {
      received.push(options);
      return { ...empty({ regions: [...options.regions] }), estate: { discovered: ['111111111111'], shardCount: options.shard?.count ?? 1, shards: [options.shard?.index ?? 1] } };
    },
    collectAwsInventory: async () => {
      throw new Error('a single-account audit was not expected');
    },
  };
}

const audit = (flags: string[], deps = fakeEstate()) => runCli(['audit', 'aws', '--quiet', '--format', 'json', ...flags], { env: ENV, deps });

describe('audit aws --organization / --accounts: options passed on', () => {
  it('passes the organization, its OUs (repeated or comma-separated), the role, the shard and both budgets', async () => {
    const fake = fakeEstate();
    const run = await audit(
      ['--organization', '--include-management-account', '--ou', 'ou-ab12-aaaaaaaa', '--ou', 'ou-ab12-bbbbbbbb,r-ab12', '--role-name', 'InferguardAuditor', '--external-id', 'ext-123', '--role-session-name', 'nightly-audit', '--shard', '2/3', '--account-concurrency', '8', '--concurrency', '5'],
      fake,
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(fake.received).toEqual([
      expect.objectContaining({
        source: { organization: { organizationalUnits: ['ou-ab12-aaaaaaaa', 'ou-ab12-bbbbbbbb', 'r-ab12'], includeManagementAccount: true } },
        roleName: 'InferguardAuditor',
        externalId: 'ext-123',
        sessionName: 'nightly-audit',
        shard: { index: 2, count: 3 },
        accountConcurrency: 8,
        concurrency: 5,
        regions: ['us-east-1'],
      }),
    ]);
    expect(JSON.parse(run.stdout).estate).toEqual({ discovered: ['111111111111'], shardCount: 3, shards: [2] });
  });

  it('reads --accounts from a list, a file of lines (with comments) or a JSON array file; duplicates once', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'accounts.txt'), '# prod\n111111111111\n\n222222222222  # dev\n111111111111\n');
    writeFileSync(join(dir, 'accounts.json'), '["333333333333", "444444444444"]');
    const fake = fakeEstate();
    await audit(['--accounts', '111111111111, 222222222222', '--role-name', 'InferguardAuditor'], fake);
    await audit(['--accounts', `@${join(dir, 'accounts.txt')}`, '--role-name', 'InferguardAuditor'], fake);
    await audit(['--accounts', `@${join(dir, 'accounts.json')}`, '--role-name', 'InferguardAuditor'], fake);
    expect(fake.received.map((o) => o.source)).toEqual([
      { accounts: ['111111111111', '222222222222'] },
      { accounts: ['111111111111', '222222222222'] },
      { accounts: ['333333333333', '444444444444'] },
    ]);
    // The default account budget when none is given.
    expect(fake.received[0].accountConcurrency).toBe(4);
  });

  it('gives drift aws the same options', async () => {
    const fake = fakeEstate();
    const run = await runCli(['drift', 'aws', '--quiet', '--format', 'json', '--store', tempDir(), '--accounts', '111111111111', '--role-name', 'InferguardAuditor', '--shard', '1/2'], { env: ENV, deps: fake });
    expect(run.stderr).toBe('');
    expect(fake.received).toEqual([expect.objectContaining({ source: { accounts: ['111111111111'] }, shard: { index: 1, count: 2 } })]);
  });
});

describe('audit aws: option errors say what is wrong and how to fix it (exit 2)', () => {
  it.each([
    [['--shard', '1/2'], /--shard splits an estate of accounts: add --organization .* or --accounts <ids\|@file>, with --role-name/],
    [['--organization', '--accounts', '111111111111', '--role-name', 'R'], /--organization and --accounts both choose the accounts: give one/],
    [['--ou', 'ou-ab12-aaaaaaaa', '--role-name', 'R'], /--ou narrows --organization .*: add --organization/],
    [['--organization'], /--organization and --accounts need --role-name NAME/],
    [['--accounts', '111111111111'], /need --role-name NAME/],
    [['--role-name', 'InferguardAuditor'], /--role-name names the role to assume in each account of --organization or --accounts: add one of them, or use --role-arn/],
    [['--organization', '--role-name', 'R', '--role-arn', 'arn:aws:iam::111111111111:role/R'], /--role-arn audits one account: with --organization or --accounts give --role-name/],
    [['--accounts', '111111111111', '--role-name', 'R', '--include-management-account'], /--include-management-account goes with --organization/],
    [['--account-concurrency', '4'], /--account-concurrency goes with --organization or --accounts/],
    [['--external-id', 'x-123'], /--external-id and --role-session-name go with --role-arn or --role-name/],
    [['--accounts', '11111111111,abc', '--role-name', 'R'], /'11111111111', 'abc': AWS account ids are 12 digits/],
    [['--accounts', '@/nonexistent/accounts.txt', '--role-name', 'R'], /Cannot read the account list \/nonexistent\/accounts.txt .*one per line or as a JSON array/],
    [['--accounts', '@/dev/zero', '--role-name', 'R'], /Cannot read the account list \/dev\/zero \(it is not a regular file\)/],
    [['--accounts', '@/tmp', '--role-name', 'R'], /Cannot read the account list \/tmp \(it is a folder\)/],
    [['--accounts', ',', '--role-name', 'R'], /No account ids: give 12-digit ids/],
    [['--organization', '--role-name', 'R', '--account-concurrency', '0'], /Expected a whole number from 1 to 32/],
  ])('%j', async (flags, message) => {
    const fake = fakeEstate();
    const run = await audit(flags, fake);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(fake.received).toEqual([]);
  });

  it('rejects a JSON account file that is not an array of id strings', async () => {
    const file = join(tempDir(), 'accounts.json');
    writeFileSync(file, '[111111111111]');
    const run = await audit(['--accounts', `@${file}`, '--role-name', 'R']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/must be a JSON array of account id strings/);
  });

  // Checked by the estate audit itself before any call: the real one runs here, with no endpoint to reach.
  it.each([
    [['--organization', '--ou', 'ou-bad', '--role-name', 'InferguardAuditor'], /--ou: "ou-bad" is not an organizational unit id \(ou-xxxx-xxxxxxxx\) or root id/],
    [['--organization', '--role-name', 'role/with/path'], /--role-name "role\/with\/path" is not an IAM role name: .*the name only/],
    [['--accounts', '111111111111', '--role-name', 'R', '--role-session-name', 'a b'], /--role-session-name "a b" must be 2 to 64 characters/],
  ])('%j (checked before any call)', async (flags, message) => {
    const run = await runCli(['audit', 'aws', '--quiet', '--endpoint-url', 'http://127.0.0.1:9', ...flags], { env: ENV, deps: { collectAwsEstate: realAwsDeps().collectAwsEstate } });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });
});

describe('audit aws --organization against the simulator\'s organization', () => {
  const members = planMembers({ members: 9 });
  const audited = members.filter((m) => m.kind === 'audited').map((m) => m.account);
  const noRole = members.filter((m) => m.kind === 'no-auditor-role').map((m) => m.account);
  const suspended = members.filter((m) => m.kind === 'suspended').map((m) => m.account);
  const SDK_ENV = simulatorClientEnv(undefined, 'us-east-1');
  const saved = { ...process.env };
  let sim: RunningAwsSimulator;

  beforeAll(async () => {
    for (const name of ['AWS_PROFILE', 'AWS_SESSION_TOKEN', 'AWS_ENDPOINT_URL', 'AWS_DEFAULT_REGION']) delete process.env[name];
    Object.assign(process.env, SDK_ENV);
    sim = await startAwsSimulator(organizationScenario({ members: 9 }), { host: '127.0.0.1', port: 0 });
  });

  afterAll(async () => {
    await sim.close();
    process.env = saved;
  });

  const orgAudit = async (...flags: string[]) => {
    const run = await runCli(['audit', 'aws', '--endpoint-url', sim.url, '--regions', 'us-east-1,eu-west-1', '--format', 'json', '--quiet', '--role-name', ORGANIZATION_AUDITOR_ROLE, ...flags], { env: SDK_ENV });
    return { code: run.code, stderr: run.stderr, report: JSON.parse(run.stdout) as Report };
  };
  const triples = (report: Report) => report.findings.map((f) => `${f.controlId} ${f.resourceId} ${f.status}`);
  const endpointAccounts = (report: Report) => [...new Set(report.findings.filter((f) => f.resourceKind === 'endpoint').map((f) => f.resourceId.split(':')[4]))].sort();

  it('reports every audited member\'s endpoints, lists the member without the role as a gap, skips suspended ones and the management account', async () => {
    const { code, report } = await orgAudit('--organization');
    // The suspended members are named with their state: the report accounts for every member listed.
    const inactive = [...suspended].sort().map((id) => ({ id, state: 'SUSPENDED' }));
    expect(inactive.length).toBeGreaterThan(0);
    expect(report.estate).toEqual({ discovered: [...audited, ...noRole].sort(), shardCount: 1, shards: [1], inactive });
    expect(endpointAccounts(report)).toEqual([...audited].sort());
    for (const account of [...suspended, ORGANIZATION_MANAGEMENT_ACCOUNT]) expect(report.estate?.discovered).not.toContain(account);
    expect(report.gaps).toEqual(noRole.map((account) => expect.objectContaining({ service: 'sts', operation: 'AssumeRole', resourceId: account, errorCode: 'AccessDenied' })));
    // secure-0 passes what the demo's compliant endpoint passes; legacy-1 fails it; in every audited account and region.
    for (const account of audited) {
      for (const region of ['us-east-1', 'eu-west-1']) {
        const status = (endpoint: string, control: string) => report.findings.find((f) => f.controlId === control && f.resourceId === `arn:aws:sagemaker:${region}:${account}:endpoint/${endpoint}`)?.status;
        expect([status('secure-0', 'endpoint-storage-customer-key'), status('legacy-1', 'endpoint-storage-customer-key')]).toEqual(['pass', 'fail']);
        expect([status('secure-0', 'model-network-isolation'), status('legacy-1', 'model-network-isolation')]).toEqual(['pass', 'fail']);
      }
    }
    expect(code).toBe(1);
  });

  it('--shard 1/2 and 2/2 together cover exactly the single run: the same (control, resource, status) set, the same gaps', async () => {
    const whole = await orgAudit('--organization');
    const first = await orgAudit('--organization', '--shard', '1/2');
    const second = await orgAudit('--organization', '--shard', '2/2');
    const firstAccounts = new Set(first.report.scope.accounts);
    expect(second.report.scope.accounts.filter((a) => firstAccounts.has(a))).toEqual([]);
    expect(first.report.scope.accounts.length).toBeGreaterThan(0);
    expect(second.report.scope.accounts.length).toBeGreaterThan(0);
    expect(new Set([...triples(first.report), ...triples(second.report)])).toEqual(new Set(triples(whole.report)));
    expect(triples(first.report).length + triples(second.report).length).toBe(triples(whole.report).length);
    expect([...first.report.gaps, ...second.report.gaps].map((g) => g.resourceId).sort()).toEqual(whole.report.gaps.map((g) => g.resourceId).sort());
    expect(first.report.estate).toEqual({ ...whole.report.estate, shardCount: 2, shards: [1] });
    expect(second.report.estate).toEqual({ ...whole.report.estate, shardCount: 2, shards: [2] });

    // Through `inferguard merge`, as a pipeline would: the shards' JSON files joined give the single run.
    const folder = tempDir();
    const files = [first, second].map((shard, i) => {
      const file = join(folder, `shard-${i + 1}.json`);
      writeFileSync(file, JSON.stringify(shard.report));
      return file;
    });
    const merged = await runCli(['merge', '--quiet', '--format', 'json', '--shards', '2', ...[...files].reverse()], { env: SDK_ENV });
    const mergedReport = JSON.parse(merged.stdout) as Report;
    expect(new Set(triples(mergedReport))).toEqual(new Set(triples(whole.report)));
    expect(triples(mergedReport)).toHaveLength(triples(whole.report).length);
    expect(mergedReport.summary).toEqual(whole.report.summary);
    expect(mergedReport.gaps.map((g) => g.resourceId)).toEqual(whole.report.gaps.map((g) => g.resourceId));
    expect(merged.code).toBe(whole.code);

    // A shard that wrote no report is a gap naming its accounts, never a silent hole.
    const partial = await runCli(['merge', '--quiet', '--format', 'json', '--shards', '2', '--allow-missing', files[0], join(folder, 'never-written.json')], { env: SDK_ENV });
    const partialReport = JSON.parse(partial.stdout) as Report;
    const missing = partialReport.gaps.find((g) => g.errorCode === 'ShardReportMissing');
    expect(missing?.resourceId).toBe('shard 2/2');
    for (const account of second.report.scope.accounts) expect(missing?.message).toContain(account);
    expect(partial.code).toBe(1);
  });

  it('exits 3 when the only account listed cannot be assumed: nothing failed, the audit is incomplete', async () => {
    const { code, report } = await orgAudit('--accounts', noRole[0]);
    expect(report.findings).toEqual([]);
    expect(report.gaps).toEqual([expect.objectContaining({ service: 'sts', resourceId: noRole[0] })]);
    expect(code).toBe(3);
  });

  it('names the account in a gap inside it, and counts accounts on stderr as they finish', async () => {
    sim.setFaults([{ service: 'sagemaker', operation: 'ListMonitoringSchedules', fault: 'AccessDenied' }]);
    try {
      const run = await runCli(['audit', 'aws', '--endpoint-url', sim.url, '--regions', 'us-east-1', '--format', 'json', '--role-name', ORGANIZATION_AUDITOR_ROLE, '--accounts', audited.slice(0, 2).join(',')], { env: SDK_ENV, isTTY: true });
      const gaps = (JSON.parse(run.stdout) as Report).gaps.filter((g) => g.operation === 'ListMonitoringSchedules');
      expect(gaps.map((g) => g.message.slice(0, 'account '.length + 12)).sort()).toEqual(audited.slice(0, 2).map((a) => `account ${a}`).sort());
      expect(run.stderr).toMatch(/accounts 2\/2/);
    } finally {
      sim.setFaults([]);
    }
  });

  it('--ou audits the accounts under an OU and its nested OUs only', async () => {
    const { report } = await orgAudit('--organization', '--ou', ORGANIZATION_UNITS.workloads);
    const underWorkloads = members.filter((m) => m.kind !== 'suspended' && (m.parentId === ORGANIZATION_UNITS.workloads || m.parentId === ORGANIZATION_UNITS.production)).map((m) => m.account);
    expect(report.estate?.discovered).toEqual([...underWorkloads].sort());
  });

  it('lists the organization once and assumes each role once, whatever the account concurrency', async () => {
    sim.resetCalls();
    await orgAudit('--organization', '--account-concurrency', '3');
    const count = (service: string, operation: string) => sim.calls().filter((c) => c.service === service && c.operation === operation).length;
    expect(count('organizations', 'DescribeOrganization')).toBe(1);
    expect(count('organizations', 'ListAccounts')).toBe(1);
    expect(count('sts', 'GetCallerIdentity')).toBe(1);
    expect(count('sts', 'AssumeRole')).toBe(audited.length + noRole.length);
  });
});
