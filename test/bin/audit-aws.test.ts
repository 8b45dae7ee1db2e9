// `inferguard audit aws` end to end: the real readers, over HTTP, against the local simulator.
import type { Report } from '../../checker/run';
import { awsScenarios, startAwsSimulator, type RunningAwsSimulator } from '../../sim/aws/index';
import { simulatorClientEnv } from '../../sim/aws/client-env';
import { runCli } from './cli-harness';

// Every AWS client points at 127.0.0.1 with fake static credentials; never the metadata service.
const SDK_ENV = simulatorClientEnv(undefined, 'us-east-1');

describe('inferguard audit aws against the simulator (demo scenario)', () => {
  let sim: RunningAwsSimulator;
  const saved = { ...process.env };

  beforeAll(async () => {
    for (const name of ['AWS_PROFILE', 'AWS_SESSION_TOKEN', 'AWS_ENDPOINT_URL', 'AWS_DEFAULT_REGION']) delete process.env[name];
    Object.assign(process.env, SDK_ENV);
    sim = await startAwsSimulator(awsScenarios.demo.build(), { host: '127.0.0.1', port: 0 });
  });

  afterAll(async () => {
    await sim.close();
    process.env = saved;
  });

  const audit = (...flags: string[]) =>
    runCli(['audit', 'aws', '--endpoint-url', sim.url, '--regions', 'us-east-1,eu-west-1', '--format', 'json', '--quiet', ...flags], { env: SDK_ENV });

  it('exits 1 with failing findings, and the serverless endpoint is not failed on VPC or isolation', async () => {
    sim.setFaults([]);
    const run = await audit();
    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout) as Report;
    expect(run.code).toBe(1);
    expect(report.gaps).toEqual([]);
    expect(report.scope.regions).toEqual(expect.arrayContaining(['us-east-1', 'eu-west-1']));

    const of = (endpoint: string, controlId: string) =>
      report.findings.find((f) => f.resourceKind === 'endpoint' && f.resourceName === endpoint && f.controlId === controlId);
    expect(of('legacy-recommender', 'model-network-isolation')?.status).toBe('fail');
    expect(of('fraud-detector', 'model-network-isolation')?.status).toBe('pass');
    for (const control of ['model-network-isolation', 'model-private-network']) {
      expect(of('chat-serverless', control)?.status).toBe('not_applicable');
    }
    expect(report.findings.filter((f) => f.status === 'unknown')).toEqual([]);
  });

  it('gives unknown results and says the audit is incomplete when the auditor is denied a read', async () => {
    sim.setFaults([{ service: 'sagemaker', operation: 'DescribeModel', fault: 'AccessDenied' }]);
    try {
      const run = await audit();
      // The demo account still has confirmed failures elsewhere: 1 wins over 3; the gaps are in the report.
      expect(run.code).toBe(1);
      const report = JSON.parse(run.stdout) as Report;
      expect(report.gaps.length).toBeGreaterThan(0);
      expect(report.gaps.every((g) => g.operation === 'DescribeModel')).toBe(true);
      expect(report.findings.some((f) => f.status === 'unknown')).toBe(true);
      // Denied facts are never passes: the models' isolation cannot be known.
      const isolation = report.findings.filter((f) => f.controlId === 'model-network-isolation' && f.resourceName !== 'chat-serverless');
      expect(isolation.every((f) => f.status !== 'pass')).toBe(true);
    } finally {
      sim.setFaults([]);
    }
  });

  it('turns a hung endpoint into a gap within --request-timeout-ms, and reports everything else', async () => {
    sim.setFaults([{ service: 'kms', operation: 'GetKeyPolicy', fault: 'Timeout' }]);
    try {
      // Long enough that the calls that answer are never cut on a loaded machine (jest runs three workers).
      const run = await audit('--request-timeout-ms', '2000');
      const report = JSON.parse(run.stdout) as Report;
      expect(report.gaps.length).toBeGreaterThan(0);
      expect(report.gaps.every((g) => g.operation === 'GetKeyPolicy' && /Timeout/i.test(`${g.errorCode} ${g.message}`))).toBe(true);
      const keyPolicies = report.findings.filter((f) => f.controlId === 'key-not-public');
      expect(keyPolicies.length).toBeGreaterThan(0);
      expect(keyPolicies.every((f) => f.status !== 'pass')).toBe(true);
      expect(report.findings.some((f) => f.controlId === 'model-network-isolation' && f.status === 'fail')).toBe(true);
      expect(sim.calls().some((c) => c.fault === 'Timeout')).toBe(true);
    } finally {
      sim.setFaults([]);
    }
  });

  it('never echoes credentials written into --endpoint-url, in progress lines or the report', async () => {
    const url = new URL(sim.url);
    url.username = 'auditor';
    url.password = 'Pa55w0rd-x';
    sim.setFaults([{ service: 'sagemaker', operation: 'DescribeModel', fault: 'AccessDenied' }]);
    try {
      const run = await runCli(['audit', 'aws', '--endpoint-url', url.toString(), '--regions', 'us-east-1', '--format', 'json'], { env: SDK_ENV });
      expect(run.code).toBe(1);
      expect(JSON.parse(run.stdout).gaps.length).toBeGreaterThan(0);
      expect(run.stderr).toContain(`at http://***@${url.host}/`);
      expect(`${run.stdout}${run.stderr}`).not.toContain('Pa55w0rd-x');
    } finally {
      sim.setFaults([]);
    }
  });

  it('audits as a role with --role-arn, and says why when it cannot be assumed (exit 3) or is given half (exit 2)', async () => {
    sim.setFaults([]);
    const account = awsScenarios.demo.build().account;
    const assumed = await audit('--role-arn', `arn:aws:iam::${account}:role/fraud-detector-execution`, '--role-session-name', 'security-team');
    expect(assumed.code).toBe(1);
    expect(JSON.parse(assumed.stdout).gaps).toEqual([]);

    const refused = await audit('--role-arn', `arn:aws:iam::${account}:role/not-there`);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain(`could not assume arn:aws:iam::${account}:role/not-there (AccessDenied`);
    expect(refused.stdout).toBe('');

    const half = await audit('--external-id', 'abc');
    expect(half.code).toBe(2);
    expect(half.stderr).toContain('--external-id and --role-session-name go with --role-arn');
  });
});

