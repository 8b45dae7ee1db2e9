import type { AwsScenario } from '../../sim/aws/scenario';
import { createServer, type Server } from 'node:net';
import type { FaultRule } from '../../sim/aws/faults';
import type { AwsCliDeps, AwsSimOptions } from '../../bin/cli/providers/aws';
import { runCli } from './cli-harness';

const emptyRegion = {
  sagemaker: { endpoints: [], endpointConfigs: [], models: [], monitoringSchedules: [] },
  kms: { keys: [] },
  ec2: { vpcEndpoints: [], securityGroups: [] },
  ecr: { repositories: [] },
};
const scenario: AwsScenario = {
  account: '111122223333',
  regions: { 'eu-west-1': emptyRegion, 'us-east-1': emptyRegion },
  iam: { roles: [], managedPolicies: [] },
  s3: { buckets: [] },
};

/** A simulator double that records how it was started and whether it was closed. */
function fakeSim() {
  const started: { scenario: AwsScenario; options: AwsSimOptions }[] = [];
  let closed = 0;
  const deps: Partial<AwsCliDeps> = {
    awsScenarios: () => ({
      demo: { description: 'A small account with typical mistakes', build: () => scenario },
      empty: { description: 'Nothing deployed', build: () => scenario },
    }),
    startAwsSimulator: async (s, options) => {
      started.push({ scenario: s, options });
      return { url: `http://127.0.0.1:${options.port ?? 0}`, port: options.port ?? 0, close: async () => void (closed += 1) };
    },
  };
  return { deps, started, closed: () => closed };
}

describe('inferguard sim', () => {
  it('serves the demo scenario on 127.0.0.1:4566 and prints the environment to use', async () => {
    const sim = fakeSim();
    const run = await runCli(['sim'], { deps: sim.deps });
    expect(run.code).toBe(0);
    expect(sim.started[0].options).toMatchObject({ host: '127.0.0.1', port: 4566 });
    for (const line of [
      'export AWS_ENDPOINT_URL=http://127.0.0.1:4566',
      'export AWS_ACCESS_KEY_ID=test',
      'export AWS_SECRET_ACCESS_KEY=test',
      'export AWS_REGION=eu-west-1',
      'export AWS_EC2_METADATA_DISABLED=true',
    ]) {
      expect(run.stderr).toContain(line);
    }
    expect(run.stdout).toBe('');
  });

  it('runs until asked to stop, then closes the simulator', async () => {
    const sim = fakeSim();
    let stop: (signal: string) => void = () => undefined;
    const running = runCli(['sim', '--port', '0'], { deps: sim.deps, waitForStop: () => new Promise((resolve) => (stop = resolve)) });
    await new Promise((resolve) => setImmediate(resolve));
    expect(sim.started).toHaveLength(1);
    expect(sim.closed()).toBe(0);
    stop('SIGTERM');
    const run = await running;
    expect(run.code).toBe(0);
    expect(sim.closed()).toBe(1);
    expect(run.stderr).toContain('simulator stopped (SIGTERM)');
  });

  it('passes latency and parsed fault rules to the simulator', async () => {
    const sim = fakeSim();
    await runCli(['sim', '--latency-ms', '25', '--fault', 'kms:GetKeyPolicy=AccessDenied', '--fault', 's3=Throttling,everyNth=3'], { deps: sim.deps });
    const expected: FaultRule[] = [
      { service: 'kms', operation: 'GetKeyPolicy', fault: 'AccessDenied' },
      { service: 's3', fault: 'Throttling', everyNth: 3 },
    ];
    expect(sim.started[0].options).toMatchObject({ latencyMs: 25, faults: expected });
  });

  it('exits 2 for a fault rule it cannot read, with the parser\'s advice', async () => {
    const sim = fakeSim();
    const run = await runCli(['sim', '--fault', 'kms:GetKeyPolicy=Explode'], { deps: sim.deps });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--fault kms:GetKeyPolicy=Explode: Unknown fault "Explode"');
    expect(sim.started).toHaveLength(0);
  });

  it('exits 2 for an unknown scenario, listing the known ones', async () => {
    const sim = fakeSim();
    const run = await runCli(['sim', '--scenario', 'dmeo'], { deps: sim.deps });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--scenario dmeo: no such scenario. Choose one of: demo, empty');
  });

  it('lists the scenarios on stdout', async () => {
    const run = await runCli(['sim', '--list-scenarios'], { deps: fakeSim().deps });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('demo   A small account with typical mistakes\nempty  Nothing deployed\n');
  });

  it('serves the same with the cloud named: sim aws', async () => {
    const sim = fakeSim();
    const run = await runCli(['sim', 'aws', '--port', '4577'], { deps: sim.deps });
    expect(run.code).toBe(0);
    expect(sim.started[0].options).toMatchObject({ host: '127.0.0.1', port: 4577 });
    expect(run.stderr).toContain('AWS simulator serving scenario "demo"');
    expect(run.stderr).toContain('  inferguard audit aws\n');
  });

  it('exits 2 for a cloud that is not registered, listing those that are', async () => {
    const sim = fakeSim();
    const run = await runCli(['sim', 'gcp'], { deps: sim.deps });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('inferguard: error: Unknown cloud "gcp" for sim. Registered: aws.');
    expect(sim.started).toHaveLength(0);
  });

  it('exits 2 with a --port hint when the port is taken (the real simulator)', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen({ host: '127.0.0.1', port: 0 }, resolve));
    const address = blocker.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    try {
      const run = await runCli(['sim', '--port', String(port)]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`inferguard: error: Port ${port} on 127.0.0.1 is already in use: stop what is listening there, or choose another port with --port N (--port 0 picks a free one).`);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('shows its own options with defaults and its own exit codes in --help', async () => {
    const run = await runCli(['sim', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('--port <port>');
    expect(run.stdout).toContain('(default: 4566)');
    expect(run.stdout).toContain('Empty, Foreign');
    expect(run.stdout).toMatch(/Exit codes:\n {2}0 {2}stopped with Ctrl-C[\s\S]*2 {2}usage error: unknown cloud or scenario, a bad --fault rule, or the port is in use/);
    expect(run.stdout).not.toContain('--fail-on');
    expect(run.stdout).not.toContain('the audit could not complete');
  });
});
