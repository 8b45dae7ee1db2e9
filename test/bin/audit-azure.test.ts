// `inferguard audit azure` end to end: the real ARM readers, over HTTP, against the ARM simulator.
import type { Report } from '../../checker/run';
import { main } from '../../bin/inferguard';
import { realDeps } from '../../bin/cli/deps';
import type { CliIo } from '../../bin/cli/io';
import { azureProvider, azureSimulatorClientEnv } from '../../bin/cli/providers/azure';
import { realProviderDeps, registeredProviders } from '../../bin/cli/providers/index';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ESTATE_ROOT_GROUP, demoScenario, estateScenario, startAzureSimulator, type RunningAzureSimulator } from '../../sim/azure/index';
import { NOW } from '../checker/sample-report';
import { tempDir } from './cli-harness';

async function runAzureCli(argv: string[], env: Record<string, string>, providers = [azureProvider()]): Promise<{ code: number; stdout: string; stderr: string }> {
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
  const code = await main(argv, io, realDeps(providers));
  return { code, stdout, stderr };
}

describe('inferguard audit azure against the simulator (demo scenario)', () => {
  let sim: RunningAzureSimulator;
  beforeAll(async () => {
    sim = await startAzureSimulator(demoScenario());
  });
  afterAll(() => sim.close());

  const audit = (...flags: string[]) => runAzureCli(['audit', 'azure', '--endpoint-url', sim.url, '--format', 'json', '--quiet', ...flags], azureSimulatorClientEnv());

  it('reads every Azure resource of the demo scenario and reports each one, with no failed read', async () => {
    sim.setFaults([]);
    const run = await audit();
    const report = JSON.parse(run.stdout) as Report;
    expect(report.provider).toBe('azure');
    expect(report.gaps).toEqual([]);
    expect(report.scope.accounts).toHaveLength(2);
    const names = new Set(report.findings.map((f) => `${f.resourceKind}:${f.resourceName}`));
    for (const name of ['workspace:churn-ws', 'workspace:fraud-ws', 'endpoint:churn', 'endpoint:fraud', 'key-store:fraudkv', 'key:churn-key', 'identity:fraud-endpoint-identity']) expect(names).toContain(name);
    expect([1, 3]).toContain(run.code);
  });

  it('exits 1 with the non-compliant endpoint failed and the compliant one passed', async () => {
    sim.setFaults([]);
    const run = await audit();
    const report = JSON.parse(run.stdout) as Report;
    expect(run.code).toBe(1);
    const of = (endpoint: string, controlId: string) => report.findings.find((f) => f.resourceKind === 'endpoint' && f.resourceName === endpoint && f.controlId === controlId)?.status;
    for (const control of ['endpoint-caller-authentication', 'endpoint-public-access-disabled']) {
      expect(of('fraud', control)).toBe('fail');
      expect(of('churn', control)).toBe('pass');
    }
  });

  it('a 403 on one workspace: the gap is listed, the audit says it is incomplete or failing, the other workspace is still reported', async () => {
    sim.setFaults([{ operation: '*', pathContains: '/workspaces/fraud-ws', fault: 'AuthorizationFailed' }]);
    try {
      const run = await audit();
      expect([1, 3]).toContain(run.code);
      const report = JSON.parse(run.stdout) as Report;
      expect(report.gaps).toEqual([expect.objectContaining({ operation: 'OnlineEndpoints_List', errorCode: 'AuthorizationFailed', resourceId: expect.stringMatching(/workspaces\/fraud-ws$/) })]);
      const endpoints = new Set(report.findings.filter((f) => f.resourceKind === 'endpoint').map((f) => f.resourceName));
      expect([...endpoints]).toEqual(['churn']);
      const table = await runAzureCli(['audit', 'azure', '--endpoint-url', sim.url, '--subscription', '0b1f6471-1bf0-4dda-aec3-222222222222'], azureSimulatorClientEnv());
      // The denied workspace's own settings come from the subscription listing and fail: 1 wins over 3, the gap is still named.
      expect(table.code).toBe(1);
      expect(table.stdout + table.stderr).toMatch(/AuthorizationFailed/);
    } finally {
      sim.setFaults([]);
    }
  });

  it('refuses plain http to a remote host as a usage error (exit 2)', async () => {
    const run = await runAzureCli(['audit', 'azure', '--endpoint-url', 'http://arm.example.test'], azureSimulatorClientEnv());
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/plain http/);
  });
});

describe('inferguard audit azure --management-group, sharded', () => {
  let sim: RunningAzureSimulator;
  beforeAll(async () => {
    sim = await startAzureSimulator(estateScenario({ subscriptions: 12, withWorkspaces: 4 }));
  });
  afterAll(() => sim.close());
  const audit = async (...flags: string[]) => {
    const run = await runAzureCli(['audit', 'azure', '--endpoint-url', sim.url, '--format', 'json', '--quiet', '--management-group', ESTATE_ROOT_GROUP, ...flags], azureSimulatorClientEnv());
    return { ...run, report: JSON.parse(run.stdout) as Report };
  };
  const triples = (report: Report) => report.findings.map((f) => `${f.controlId} ${f.resourceId} ${f.status}`);

  it('--shard 1/2 and 2/2 report disjoint subscriptions whose findings together are the whole run\'s, each stating its coverage', async () => {
    const whole = await audit();
    const first = await audit('--shard', '1/2');
    const second = await audit('--shard', '2/2');
    expect(whole.report.estate).toEqual(expect.objectContaining({ shardCount: 1, shards: [1] }));
    expect(whole.report.estate?.discovered).toHaveLength(12);
    expect(first.report.estate).toEqual({ discovered: whole.report.estate?.discovered, shardCount: 2, shards: [1] });
    expect(second.report.estate).toEqual({ discovered: whole.report.estate?.discovered, shardCount: 2, shards: [2] });
    expect([...first.report.scope.accounts, ...second.report.scope.accounts].sort()).toEqual([...whole.report.scope.accounts].sort());
    expect(new Set([...triples(first.report), ...triples(second.report)])).toEqual(new Set(triples(whole.report)));
    expect(whole.code).toBe(1);
  });

  it('--no-resource-graph reads each subscription and reports the same', async () => {
    sim.resetCalls();
    const direct = await audit('--no-resource-graph');
    expect(sim.calls().filter((c) => c.operation === 'Resources')).toEqual([]);
    expect(sim.calls().filter((c) => c.operation === 'Workspaces_ListBySubscription')).toHaveLength(12);
    expect(new Set(triples(direct.report))).toEqual(new Set(triples((await audit()).report)));
  });

  it('--management-group with --subscription is a usage error (exit 2)', async () => {
    const run = await runAzureCli(['audit', 'azure', '--endpoint-url', sim.url, '--management-group', 'ml', '--subscription', '00000000-0000-0000-0000-000000000000'], azureSimulatorClientEnv());
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('both name the scope');
  });
});

describe('inferguard sim azure', () => {
  it('serves a scenario through the registry, with its fault rules, and prints the client environment', async () => {
    const run = await runAzureCli(['sim', 'azure', '--scenario', 'non-compliant', '--port', '0', '--fault', 'Workspaces_ListBySubscription=Throttled,times=1'], {});
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/Azure Resource Manager simulator serving scenario "non-compliant"/);
    expect(run.stdout + run.stderr).toMatch(/INFERGUARD_AZURE_ACCESS_TOKEN/);
  });

  it('refuses a fault rule it cannot read, saying how to write one', async () => {
    const run = await runAzureCli(['sim', 'azure', '--fault', 'Workspaces_Gett=AuthorizationFailed'], {});
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/Unknown operation "Workspaces_Gett".*Workspaces_Get,/);
  });
});

describe('inferguard scan of a Pulumi file, with every cloud registered', () => {
  it('reads a Pulumi preview as Azure (before the CloudFormation reader, which takes any file)', async () => {
    const file = join(tempDir(), 'preview.json');
    const newState = {
      urn: 'urn:pulumi:dev::ml::azure-native:machinelearningservices:OnlineEndpoint::fraud',
      type: 'azure-native:machinelearningservices:OnlineEndpoint',
      custom: true,
      inputs: { resourceGroupName: 'ml-dev', workspaceName: 'fraud-ws', endpointName: 'fraud', properties: { authMode: 'Key', publicNetworkAccess: 'Enabled' } },
      outputs: {},
    };
    writeFileSync(file, JSON.stringify({ config: {}, steps: [{ op: 'create', urn: newState.urn, provider: '', newState }], diagnostics: [], duration: 1, changeSummary: { create: 1 } }));
    const run = await runAzureCli(['scan', file, '--format', 'json', '--quiet'], {}, [...registeredProviders(realProviderDeps())]);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.provider).toBe('azure');
    expect(report.source).toBe('plan');
    expect(report.findings.some((f) => f.resourceKind === 'endpoint' && f.resourceName === 'fraud')).toBe(true);
  });
});

