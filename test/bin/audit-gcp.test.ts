// `inferguard audit gcp` end to end: the real REST readers, over HTTP, against the GCP simulator's demo.
import { main } from '../../bin/inferguard';
import { realDeps } from '../../bin/cli/deps';
import type { CliIo } from '../../bin/cli/io';
import { registeredProviders, realProviderDeps } from '../../bin/cli/providers/index';
import type { Report } from '../../checker/run';
import { ESTATE_ORGANIZATION, gcpScenarios, generateGcpOrganization, startGcpSimulator, type RunningGcpSimulator } from '../../sim/gcp/index';
import { NOW } from '../checker/sample-report';
import { tempDir } from './cli-harness';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

// A fixed token: no Application Default Credentials and never the metadata server.
const ENV = { GOOGLE_OAUTH_ACCESS_TOKEN: 'inferguard-test-token' };

async function runCli(argv: string[], env: Record<string, string | undefined> = ENV) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text), isTTY: false },
    env,
    cwd: tempDir(),
    now: () => NOW,
    waitForStop: () => Promise.resolve('SIGINT'),
  };
  const code = await main(argv, io, realDeps(registeredProviders(realProviderDeps())));
  return { code, stdout, stderr };
}

describe('inferguard audit gcp against the simulator (demo scenario)', () => {
  let sim: RunningGcpSimulator;
  beforeAll(async () => {
    sim = await startGcpSimulator(gcpScenarios.demo.build().world, { host: '127.0.0.1', port: 0 });
  });
  afterAll(() => sim.close());

  const audit = (...flags: string[]) => runCli(['audit', 'gcp', '--endpoint-url', sim.url, '--project', 'ml-prod,ml-dev', '--project', 'ml-locked', '--format', 'json', ...flags]);

  const demoReport = async (): Promise<{ code: number; report: Report }> => {
    const run = await audit('--quiet');
    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout) as Report;
    expect(report.provider).toBe('gcp');
    expect(report.scope.accounts).toEqual(['ml-prod', 'ml-dev', 'ml-locked']);
    expect(report.scope.regions).toEqual(['europe-west4', 'us-central1']);
    // The denied access policy is a listed gap.
    expect(report.gaps).toEqual([expect.objectContaining({ service: 'accesscontextmanager', operation: 'accessPolicies.list', errorCode: 'PERMISSION_DENIED', resourceId: 'organizations/987654321' })]);
    return { code: run.code, report };
  };

  it('exits 1 on the non-compliant project, and the denied project\'s perimeter is unknown', async () => {
    const { code, report } = await demoReport();
    expect(code).toBe(1);
    const of = (resourceId: string, controlId: string) => report.findings.find((f) => f.resourceId === resourceId && f.controlId === controlId)?.status;
    const fails = report.findings.filter((f) => f.status === 'fail');
    expect(fails.length).toBeGreaterThan(0);
    // The compliant project (ml-prod, number 111111111111) fails nothing.
    expect(fails.filter((f) => f.resourceId.includes('ml-prod') || f.resourceId.includes('111111111111'))).toEqual([]);
    expect(fails.some((f) => f.resourceId.includes('222222222222'))).toBe(true);
    expect(of('projects/ml-locked', 'project-service-perimeter')).toBe('unknown');
    expect(of('projects/ml-dev', 'project-service-perimeter')).toBe('fail');
    expect(of('projects/ml-prod', 'project-service-perimeter')).toBe('pass');
    expect(of('projects/222222222222/locations/us-central1/endpoints/2000000002', 'endpoint-public-access-disabled')).toBe('fail');
    expect(of('projects/111111111111/locations/europe-west4/endpoints/1234567890', 'endpoint-public-access-disabled')).toBe('pass');
  });

  it('reports progress on stderr and a table by default', async () => {
    const run = await runCli(['audit', 'gcp', '--endpoint-url', sim.url, '--project', 'ml-prod']);
    // The compliant project: every control passes or does not apply, nothing is unknown (its Models and logging dataset are read).
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('Google Cloud project ml-prod');
    expect(run.stdout).toContain('0 fail, 0 unknown');
    const listed = await runCli(['audit', 'gcp', '--endpoint-url', sim.url, '--project', 'ml-prod', '--show-passed']);
    expect(listed.stdout).toContain('fraud-scoring');
  });

  it('refuses plain http to another host and a bad project id (exit 2)', async () => {
    const insecure = await runCli(['audit', 'gcp', '--endpoint-url', 'http://192.0.2.1:8080', '--project', 'ml-prod']);
    expect(insecure.code).toBe(2);
    expect(insecure.stderr).toMatch(/unencrypted/);
    const bad = await runCli(['audit', 'gcp', '--endpoint-url', sim.url, '--project', 'ML_Prod']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("'ML_Prod'");
  });

  it('exits 3 when a project cannot be read at all, still reporting the others', async () => {
    sim.setFaults([{ service: 'aiplatform', resourceContains: 'ml-prod', fault: 'AccessDenied' }]);
    try {
      const run = await runCli(['audit', 'gcp', '--endpoint-url', sim.url, '--project', 'ml-prod', '--format', 'json', '--quiet']);
      expect(run.code).toBe(3);
      const report = JSON.parse(run.stdout) as Report;
      expect(report.gaps.map((g) => g.operation)).toEqual(['projects.locations.list']);
      expect(report.findings.some((f) => f.resourceId === 'projects/ml-prod')).toBe(true);
    } finally {
      sim.setFaults([]);
    }
  });

  it('scans a Google Cloud stack export through the GCP reader, not the CloudFormation one', async () => {
    const dir = tempDir();
    const path = join(dir, 'stack.json');
    const keyRing = 'projects/ml-prod/locations/europe-west4/keyRings/vertex';
    const resource = (type: string, name: string, inputs: Record<string, unknown>) => ({ urn: `urn:pulumi:prod::vertex::${type}::${name}`, custom: true, type, id: name, inputs, outputs: {} });
    writeFileSync(
      path,
      JSON.stringify({
        version: 3,
        deployment: {
          resources: [
            resource('gcp:kms/keyRing:KeyRing', 'vertex', { name: 'vertex', location: 'europe-west4', project: 'ml-prod' }),
            resource('gcp:kms/cryptoKey:CryptoKey', 'endpoint', { name: 'endpoint', keyRing, rotationPeriod: '31536000s' }),
          ],
        },
      }),
    );
    const run = await runCli(['scan', path, '--format', 'json', '--quiet']);
    expect(run.code).not.toBe(2);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.provider).toBe('gcp');
    expect(report.source).toBe('plan');
    expect(report.findings.map((f) => f.resourceId)).toContain(`${keyRing}/cryptoKeys/endpoint`);
  });
});

describe('inferguard audit gcp --organization against the simulator (a generated organization)', () => {
  let sim: RunningGcpSimulator;
  const world = generateGcpOrganization({ projects: 24, withEndpoints: 4 });
  const organization = ESTATE_ORGANIZATION.split('/')[1];
  beforeAll(async () => {
    sim = await startGcpSimulator(world, { host: '127.0.0.1', port: 0 });
  });
  afterAll(() => sim.close());

  const audit = async (...flags: string[]): Promise<{ code: number; report: Report }> => {
    const run = await runCli(['audit', 'gcp', '--endpoint-url', sim.url, '--organization', organization, '--format', 'json', '--quiet', ...flags]);
    expect(run.stderr).toBe('');
    return { code: run.code, report: JSON.parse(run.stdout) as Report };
  };
  const results = (report: Report): string[] => report.findings.map((f) => `${f.controlId} ${f.resourceId} ${f.status}`);

  it('audits every project of the organization, and shards 1/2 + 2/2 give exactly the unsharded (control, resource, status) set', async () => {
    const whole = await audit();
    expect(whole.code).toBe(1);
    expect(whole.report.scope.accounts).toHaveLength(24);
    expect(whole.report.estate).toEqual(expect.objectContaining({ shardCount: 1, shards: [1] }));
    const first = await audit('--shard', '1/2');
    const second = await audit('--shard', '2/2');
    expect(first.report.estate).toEqual(expect.objectContaining({ shardCount: 2, shards: [1] }));
    expect(second.report.estate).toEqual(expect.objectContaining({ shardCount: 2, shards: [2] }));
    expect(first.report.scope.accounts.length).toBeGreaterThan(0);
    expect(second.report.scope.accounts.length).toBeGreaterThan(0);
    const union = [...new Set([...results(first.report), ...results(second.report)])].sort();
    expect(union).toEqual([...new Set(results(whole.report))].sort());
    // Both verdicts are present: the estate has compliant and non-compliant endpoints.
    expect(union.some((r) => r.endsWith(' pass'))).toBe(true);
    expect(union.some((r) => r.endsWith(' fail'))).toBe(true);
  });

  it('shards an explicit --project list, and reads CLOUD_RUN_TASK_INDEX with --shard auto', async () => {
    const projects = world.projects.slice(0, 6).map((p) => p.projectId);
    const explicit = ['audit', 'gcp', '--endpoint-url', sim.url, '--project', projects.join(','), '--format', 'json', '--quiet'];
    const first = JSON.parse((await runCli([...explicit, '--shard', 'auto'], { ...ENV, CLOUD_RUN_TASK_INDEX: '0', CLOUD_RUN_TASK_COUNT: '2' })).stdout) as Report;
    const second = JSON.parse((await runCli([...explicit, '--shard', '2/2'])).stdout) as Report;
    expect(first.estate).toEqual({ discovered: [...projects].sort(), shardCount: 2, shards: [1] });
    expect([...first.scope.accounts, ...second.scope.accounts].sort()).toEqual([...projects].sort());
  });

  it('refuses an organization id that is not a number (exit 2)', async () => {
    const run = await runCli(['audit', 'gcp', '--endpoint-url', sim.url, '--organization', 'acme']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--organization');
  });
});
