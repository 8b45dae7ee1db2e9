// `inferguard drift aws --iac cdk.out` with every real part: the example app synthesized by the real CDK,
// "deployed" into the AWS simulator with CloudFormation's physical ids and tags, and the CLI comparing the
// cloud assembly with what the live readers read. The unchanged deployment drifts nowhere; key rotation
// turned off live is reported as that fact, both as posture drift and as configuration drift.
import { startSimServer } from '../../sim/core/server';
import { simulatorClientEnv } from '../../sim/aws/client-env';
import { ids } from '../../sim/aws/ids';
import { awsRouter } from '../../sim/aws/router';
import { AwsStore } from '../../sim/aws/store';
import { deployTemplateInventory } from '../../sim/aws/scenarios/from-inventory';
import { readCloudFormation } from '../../providers/aws/template/index';
import { buildExampleApp, EXAMPLE_ACCOUNT, EXAMPLE_REGION } from '../../stacks/aws/example-app';
import type { DriftResult } from '../../bin/cli/drift';
import type { ConfigurationDrift } from '../../checker/drift/configuration';
import { scratchDir } from '../support/scratch';
import { runCli, tempDir } from './cli-harness';

const SDK_ENV = simulatorClientEnv(undefined, EXAMPLE_REGION);

describe('inferguard drift aws --iac against a deployment of the example app', () => {
  let store: AwsStore;
  let sim: Awaited<ReturnType<typeof startSimServer>>;
  let cdkOut: string;
  let keyArn: string;
  const saved = { ...process.env };

  beforeAll(async () => {
    for (const name of ['AWS_PROFILE', 'AWS_SESSION_TOKEN', 'AWS_ENDPOINT_URL', 'AWS_DEFAULT_REGION']) delete process.env[name];
    Object.assign(process.env, SDK_ENV);
    cdkOut = scratchDir('inferguard-drift-iac-');
    buildExampleApp({ outdir: cdkOut }).app.synth();
    const deployed = deployTemplateInventory(await readCloudFormation(cdkOut, {}), { account: EXAMPLE_ACCOUNT, region: EXAMPLE_REGION });
    keyArn = [...deployed.physicalIds].find(([id]) => id.includes('/Key'))?.[1] ?? '';
    store = new AwsStore(deployed.scenario);
    sim = await startSimServer(awsRouter(store, { strictS3Regions: true }), { host: '127.0.0.1', port: 0, requestId: ids.requestId });
  }, 120_000);
  afterAll(async () => {
    await sim.close();
    process.env = saved;
  });

  const drift = (cwd: string) =>
    runCli(['drift', 'aws', '--endpoint-url', sim.url, '--regions', EXAMPLE_REGION, '--quiet', '--format', 'json', '--iac', cdkOut], { env: SDK_ENV, cwd });

  it('finds no configuration drift while the deployment is as declared, then exactly the key rotation turned off', async () => {
    expect(keyArn).toMatch(/^arn:aws:kms:/);
    const cwd = tempDir();
    const first = await drift(cwd);
    expect(first.code).toBe(0);
    const baseline = JSON.parse(first.stdout) as DriftResult;
    const unchanged = baseline.configuration as ConfigurationDrift;
    expect(unchanged.summary).toMatchObject({ drifted: 0, differences: 0 });
    expect(unchanged.summary.matched).toBeGreaterThan(5);

    const key = store.region(EXAMPLE_REGION).kms.keys.get(keyArn.split('/')[1]);
    if (key === undefined) throw new Error(`deployed key ${keyArn} missing`);
    key.rotationEnabled = false;
    store.touch();
    const second = await drift(cwd);
    expect(second.code).toBe(1);
    const result = JSON.parse(second.stdout) as DriftResult;
    expect(result.posture?.newFailures.map((c) => [c.controlId, c.resourceId])).toEqual([['key-rotation-enabled', keyArn]]);
    const configuration = result.configuration as ConfigurationDrift;
    expect(configuration.resources.flatMap((r) => r.differences.map((d) => [r.liveId, d.path, d.declared, d.live, d.controlIds]))).toEqual([
      [keyArn, 'rotationPeriodDays', 365, null, ['key-rotation-enabled']],
    ]);
  });
});
