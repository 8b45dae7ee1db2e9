// `inferguard drift azure` and `inferguard drift gcp` end to end against their simulators: a live change
// made in the simulator's scenario between runs is reported as exactly that change; no change, no webhook.
import { main } from '../../bin/inferguard';
import { realDeps } from '../../bin/cli/deps';
import type { DriftResult } from '../../bin/cli/drift';
import type { CliIo } from '../../bin/cli/io';
import { azureSimulatorClientEnv } from '../../bin/cli/providers/azure';
import { realProviderDeps, registeredProviders } from '../../bin/cli/providers/index';
import type { RetryPolicy } from '../../checker/drift/notify/retry';
import { demoScenario, startAzureSimulator, type RunningAzureSimulator } from '../../sim/azure/index';
import { gcpScenarios, startGcpSimulator, type RunningGcpSimulator } from '../../sim/gcp/index';
import { startHttpReceiver, type HttpReceiver } from '../support/http-receiver';
import { tempDir } from './cli-harness';

const noWait: RetryPolicy = { attempts: 3, firstDelayMs: 1, sleep: async () => undefined };

/** Every run one minute after the previous, as a scheduled job's would be. */
let clock = Date.parse('2026-03-01T12:00:00Z');

async function runCli(argv: string[], env: Record<string, string>, cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text), isTTY: false },
    env,
    cwd,
    now: () => new Date((clock += 60_000)),
    waitForStop: () => Promise.resolve('SIGINT'),
  };
  const code = await main(argv, io, { ...realDeps(registeredProviders(realProviderDeps())), drift: { retry: noWait } });
  return { code, stdout, stderr };
}

const json = (run: { stdout: string }) => JSON.parse(run.stdout) as DriftResult;
const EMPTY_LISTS = ['resolvedFailures', 'newUnknowns', 'resolvedUnknowns', 'appeared', 'vanished', 'unseen', 'leftScope', 'expiredWaivers', 'newGaps', 'resolvedGaps'] as const;

let receiver: HttpReceiver;
beforeAll(async () => {
  receiver = await startHttpReceiver();
});
afterAll(() => receiver.close());

describe('inferguard drift azure against the simulator', () => {
  const scenario = demoScenario();
  let sim: RunningAzureSimulator;
  beforeAll(async () => {
    sim = await startAzureSimulator(scenario);
  });
  afterAll(() => sim.close());

  const drift = (cwd: string, ...flags: string[]) =>
    runCli(['drift', 'azure', '--endpoint-url', sim.url, '--quiet', '--format', 'json', '--notify-webhook', receiver.url, ...flags], azureSimulatorClientEnv(), cwd);

  it('reports no drift, and calls the webhook zero times, when nothing changed', async () => {
    const cwd = tempDir();
    const before = receiver.requests.length;
    const first = await drift(cwd);
    expect(first.code).toBe(0);
    expect(json(first).previous).toBeNull();
    const second = await drift(cwd);
    expect(second.code).toBe(0);
    expect(json(second).posture?.changed).toBe(false);
    expect(receiver.requests.length).toBe(before);
  });

  it('reports an endpoint opened to the public network as exactly that change', async () => {
    const cwd = tempDir();
    expect((await drift(cwd)).code).toBe(0);
    const endpoint = scenario.resources.find((r) => r.type.endsWith('/onlineEndpoints') && r.name === 'churn');
    const properties = endpoint?.properties as Record<string, unknown> | undefined;
    if (properties === undefined) throw new Error('demo endpoint missing');
    properties.publicNetworkAccess = 'Enabled';
    try {
      const before = receiver.requests.length;
      const run = await drift(cwd);
      expect(run.code).toBe(1);
      const { posture } = json(run);
      expect(posture?.newFailures.map((c) => [c.controlId, c.resourceName, c.previous, c.current])).toEqual([['endpoint-public-access-disabled', 'churn', 'ok', 'fail']]);
      for (const list of EMPTY_LISTS) expect(posture?.[list]).toEqual([]);
      expect(receiver.requests.length).toBe(before + 1);
    } finally {
      properties.publicNetworkAccess = 'Disabled';
    }
  });

  it('reports a read that used to work and now fails, and what it hid as unseen rather than vanished, exit 1; then incomplete with exit 3', async () => {
    const cwd = tempDir();
    expect((await drift(cwd)).code).toBe(0);
    sim.setFaults([{ operation: '*', pathContains: '/workspaces/churn-ws', fault: 'AuthorizationFailed' }]);
    try {
      const run = await drift(cwd);
      expect(run.code).toBe(1);
      const { posture, incomplete } = json(run);
      expect(incomplete).toBe(true);
      expect(posture?.newGaps.length).toBeGreaterThan(0);
      // The endpoint listing fails: its endpoint is not in the inventory, and drift must not call it deleted.
      expect(posture?.vanished).toEqual([]);
      expect(posture?.unseen.map((r) => `${r.kind}:${r.name}`)).toContain('endpoint:churn');
      expect(posture?.newFailures).toEqual([]);
      // The same failed reads again: nothing new, but the audit is still incomplete.
      const again = await drift(cwd);
      expect(again.code).toBe(3);
      expect(json(again).posture?.changed).toBe(false);
    } finally {
      sim.setFaults([]);
    }
  });
});

describe('inferguard drift gcp against the simulator', () => {
  const world = gcpScenarios.demo.build().world;
  let sim: RunningGcpSimulator;
  beforeAll(async () => {
    sim = await startGcpSimulator(world, { host: '127.0.0.1', port: 0 });
  });
  afterAll(() => sim.close());

  const ENV = { GOOGLE_OAUTH_ACCESS_TOKEN: 'inferguard-test-token' };
  const drift = (cwd: string, ...flags: string[]) =>
    runCli(['drift', 'gcp', '--endpoint-url', sim.url, '--project', 'ml-prod,ml-dev,ml-locked', '--quiet', '--format', 'json', '--notify-webhook', receiver.url, ...flags], ENV, cwd);

  it('stores a baseline of an incomplete audit with exit 3, then reports no drift and calls the webhook zero times', async () => {
    const cwd = tempDir();
    const before = receiver.requests.length;
    // The demo's ml-locked access policy is unreadable: the audit is incomplete.
    const first = await drift(cwd);
    expect(first.code).toBe(3);
    expect(json(first).previous).toBeNull();
    const second = await drift(cwd);
    expect(second.code).toBe(3);
    expect(json(second).posture?.changed).toBe(false);
    expect(receiver.requests.length).toBe(before);
  });

  it('reports key rotation turned off as exactly that change', async () => {
    const cwd = tempDir();
    await drift(cwd);
    const key = world.cryptoKeys.find((k) => k.key.name.includes('/projects/ml-prod/') || k.key.name.startsWith('projects/ml-prod/'))?.key;
    if (key === undefined) throw new Error('demo key missing');
    const { rotationPeriod, nextRotationTime } = key;
    delete key.rotationPeriod;
    delete key.nextRotationTime;
    try {
      const before = receiver.requests.length;
      const run = await drift(cwd);
      expect(run.code).toBe(1);
      const { posture } = json(run);
      expect(posture?.newFailures.map((c) => [c.controlId, c.resourceId, c.previous, c.current])).toEqual([['key-rotation-enabled', key.name, 'ok', 'fail']]);
      for (const list of EMPTY_LISTS) expect(posture?.[list]).toEqual([]);
      expect(receiver.requests.length).toBe(before + 1);
    } finally {
      Object.assign(key, { rotationPeriod, nextRotationTime });
    }
  });
});
