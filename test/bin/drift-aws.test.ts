// `inferguard drift aws` end to end: the real readers against the AWS simulator, a local snapshot folder,
// and a loopback webhook. A live change made in the simulator's store between runs is reported as exactly
// that change.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSimServer } from '../../sim/core/server';
import { awsScenarios } from '../../sim/aws/index';
import { simulatorClientEnv } from '../../sim/aws/client-env';
import { ids } from '../../sim/aws/ids';
import { awsRouter } from '../../sim/aws/router';
import { AwsStore } from '../../sim/aws/store';
import type { DriftResult } from '../../bin/cli/drift';
import type { ConfigurationComparison } from '../../bin/cli/drift-iac';
import type { Inventory } from '../../policies/model';
import type { RetryPolicy } from '../../checker/drift/notify/retry';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateBucketCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { startHttpReceiver, type HttpReceiver } from '../support/http-receiver';
import { startMoto } from '../support/moto';
import { runCli, tempDir } from './cli-harness';

const SDK_ENV = simulatorClientEnv(undefined, 'us-east-1');
const ML_KEY = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const noWait: RetryPolicy = { attempts: 3, firstDelayMs: 1, sleep: async () => undefined };

describe('inferguard drift aws against the simulator', () => {
  let store: AwsStore;
  let sim: Awaited<ReturnType<typeof startSimServer>>;
  let receiver: HttpReceiver;
  const saved = { ...process.env };

  beforeAll(async () => {
    for (const name of ['AWS_PROFILE', 'AWS_SESSION_TOKEN', 'AWS_ENDPOINT_URL', 'AWS_DEFAULT_REGION']) delete process.env[name];
    Object.assign(process.env, SDK_ENV);
    // The simulator as startAwsSimulator builds it, keeping the store so the test can change a live resource.
    store = new AwsStore(awsScenarios.demo.build());
    sim = await startSimServer(awsRouter(store, { strictS3Regions: true }), { host: '127.0.0.1', port: 0, requestId: ids.requestId });
    receiver = await startHttpReceiver();
  });
  afterAll(async () => {
    await Promise.all([sim.close(), receiver.close()]);
    process.env = saved;
  });

  const drift = (cwd: string, ...flags: string[]) =>
    runCli(['drift', 'aws', '--endpoint-url', sim.url, '--regions', 'us-east-1,eu-west-1', '--quiet', '--notify-webhook', receiver.url, ...flags], {
      env: SDK_ENV,
      cwd,
      deps: { drift: { retry: noWait } },
    });
  const json = (run: { stdout: string }) => JSON.parse(run.stdout) as DriftResult;

  it('stores a baseline first, then reports no drift and calls the webhook zero times while nothing changes', async () => {
    const cwd = tempDir();
    const first = await drift(cwd);
    expect(first.stdout).toMatch(/no previous snapshot in .*stored a baseline snapshot/);
    expect(first.code).toBe(0);
    const second = await drift(cwd, '--format', 'json');
    expect(second.code).toBe(0);
    const result = json(second);
    expect(result.previous).not.toBeNull();
    expect(result.posture?.changed).toBe(false);
    expect(result.drifted).toBe(false);
    expect(receiver.requests).toHaveLength(0);
    // Two snapshots, neither replaced (same clock in the harness: the second gets a sequence suffix).
    expect(readdirSync(join(cwd, '.inferguard', 'snapshots'))).toEqual(['2026-03-01T12-00-00.000Z-aws.json', '2026-03-01T12-00-00.000Z~01-aws.json']);
  });

  it('reports key rotation turned off as exactly one new failure, and notifies the webhook once', async () => {
    const cwd = tempDir();
    expect((await drift(cwd)).code).toBe(0);
    const key = store.region('us-east-1').kms.keys.get(ML_KEY.split('/')[1]);
    if (key === undefined) throw new Error('demo key missing');
    key.rotationEnabled = false;
    store.touch();
    try {
      const before = receiver.requests.length;
      const run = await drift(cwd, '--format', 'json');
      expect(run.code).toBe(1);
      const { posture } = json(run);
      expect(posture?.newFailures.map((c) => [c.controlId, c.resourceId, c.previous, c.current])).toEqual([['key-rotation-enabled', ML_KEY, 'ok', 'fail']]);
      for (const list of ['resolvedFailures', 'newUnknowns', 'resolvedUnknowns', 'appeared', 'vanished', 'unseen', 'leftScope', 'expiredWaivers', 'newGaps', 'resolvedGaps'] as const) expect(posture?.[list]).toEqual([]);
      const sent = receiver.requests.slice(before);
      expect(sent).toHaveLength(1);
      expect(JSON.parse(sent[0].body)).toMatchObject({ schemaVersion: 1, provider: 'aws', summary: ['1 new failure'] });
      // The next run compares with the changed state: no drift again.
      expect((await drift(cwd)).code).toBe(0);
    } finally {
      key.rotationEnabled = true;
      store.touch();
    }
  });

  it('reports an image digest swapped for a tag as exactly that change, in the human summary', async () => {
    const cwd = tempDir();
    expect((await drift(cwd)).code).toBe(0);
    const model = store.region('us-east-1').sagemaker.models.get('fraud-detector-model');
    const container = model?.PrimaryContainer;
    if (container?.Image === undefined) throw new Error('demo model missing');
    const pinned = container.Image;
    container.Image = `${pinned.split('@')[0]}:latest`;
    store.touch();
    try {
      const run = await drift(cwd);
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(/posture drift since .*: 1 new failure\./);
      expect(run.stdout).toMatch(/image-pinned-by-digest on endpoint fraud-detector \(\w+; was passing, now failing\)/);
      expect(run.stdout.match(/^ {4}\S/gm)).toHaveLength(1);
    } finally {
      container.Image = pinned;
      store.touch();
    }
  });

  it('reports a read that used to work and now fails as new unknowns (never as passing), exit 1', async () => {
    const cwd = tempDir();
    expect((await drift(cwd)).code).toBe(0);
    sim.setFaults([{ service: 'kms', operation: 'GetKeyRotationStatus', fault: 'AccessDenied' }]);
    try {
      const run = await drift(cwd, '--format', 'json');
      expect(run.code).toBe(1);
      const { posture, incomplete } = json(run);
      expect(incomplete).toBe(true);
      expect(posture?.newGaps.every((g) => g.operation === 'GetKeyRotationStatus')).toBe(true);
      expect(posture?.newUnknowns.map((c) => [c.controlId, c.resourceId, c.previous])).toContainEqual(['key-rotation-enabled', ML_KEY, 'ok']);
      expect(posture?.newUnknowns.every((c) => c.current === 'unknown')).toBe(true);
      expect(posture?.resolvedFailures).toEqual([]);
    } finally {
      sim.setFaults([]);
    }
  });

  it('renders the current audit in the audit formats and sends the summary to stderr', async () => {
    const cwd = tempDir();
    const run = await runCli(['drift', 'aws', '--endpoint-url', sim.url, '--regions', 'us-east-1', '--format', 'sarif'], { env: SDK_ENV, cwd });
    expect(JSON.parse(run.stdout).version).toBe('2.1.0');
    expect(run.stderr).toMatch(/stored a baseline snapshot/);
  });

  it('refuses a corrupt previous snapshot, naming the file, and writes nothing', async () => {
    const cwd = tempDir();
    expect((await drift(cwd)).code).toBe(0);
    const folder = join(cwd, '.inferguard', 'snapshots');
    const [name] = readdirSync(folder);
    writeFileSync(join(folder, name), readFileSync(join(folder, name), 'utf8').slice(0, 1000));
    const run = await drift(cwd);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(join(folder, name));
    expect(run.stderr).toMatch(/corrupt or truncated.*No new snapshot was written/);
    expect(readdirSync(folder)).toEqual([name]);
  });

  it('keeps only the newest --retain snapshots', async () => {
    const cwd = tempDir();
    for (let i = 0; i < 3; i += 1) expect((await drift(cwd, '--retain', '2')).code).toBe(0);
    expect(readdirSync(join(cwd, '.inferguard', 'snapshots'))).toEqual(['2026-03-01T12-00-00.000Z~01-aws.json', '2026-03-01T12-00-00.000Z~02-aws.json']);
  });

  describe('--iac (configuration drift)', () => {
    const TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Key:
    Type: AWS::KMS::Key
    Properties:
      EnableKeyRotation: true
`;

    it('reads the IaC with the scan adapters and hands declared and live inventories to the comparison; its drift is drift (exit 1, notified)', async () => {
      const cwd = tempDir();
      writeFileSync(join(cwd, 'stack.yaml'), TEMPLATE);
      const seen: { declared: Inventory; live: Inventory }[] = [];
      const compareConfiguration = (declared: Inventory, live: Inventory): ConfigurationComparison => {
        seen.push({ declared, live });
        return { drifted: true, summary: ['key rotation: declared on, live off'], result: { changes: 1 } };
      };
      const before = receiver.requests.length;
      const run = await runCli(['drift', 'aws', '--endpoint-url', sim.url, '--regions', 'us-east-1', '--quiet', '--format', 'json', '--iac', 'stack.yaml', '--notify-webhook', receiver.url], {
        env: SDK_ENV,
        cwd,
        deps: { drift: { compareConfiguration, retry: noWait } },
      });
      expect(run.code).toBe(1);
      expect(seen).toHaveLength(1);
      expect(seen[0].declared.source).toBe('template');
      expect(seen[0].declared.resources.map((r) => r.kind)).toEqual(['key']);
      expect(seen[0].live.source).toBe('live');
      const result = json(run);
      expect(result.previous).toBeNull();
      expect(result.configuration).toEqual({ changes: 1 });
      expect(receiver.requests.length).toBe(before + 1);
      expect(JSON.parse(receiver.requests.at(-1)?.body ?? '{}')).toMatchObject({ configuration: { changes: 1 }, summary: ['configuration drift', 'key rotation: declared on, live off'] });
    });

    it('refuses IaC it cannot find before any API call', async () => {
      const run = await runCli(['drift', 'aws', '--endpoint-url', sim.url, '--regions', 'us-east-1', '--iac', 'missing.yaml'], {
        env: SDK_ENV,
        deps: { drift: { compareConfiguration: () => ({ drifted: false, summary: [], result: null }) } },
      });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/--iac missing\.yaml: no such file or folder/);
    });
  });

  it('publishes drift to an SNS topic at AWS_ENDPOINT_URL_SNS (moto), and nothing when there is no change', async () => {
    const moto = await startMoto();
    const key = store.region('us-east-1').kms.keys.get(ML_KEY.split('/')[1]);
    if (key === undefined) throw new Error('demo key missing');
    try {
      const client = new SNSClient({ region: 'us-east-1', endpoint: moto.url });
      const { TopicArn = '' } = await client.send(new CreateTopicCommand({ Name: 'inferguard-drift' }));
      await client.send(new SubscribeCommand({ TopicArn, Protocol: 'http', Endpoint: `${receiver.url}/sns` }));
      client.destroy();
      const cwd = tempDir();
      const run = (...flags: string[]) =>
        runCli(['drift', 'aws', '--endpoint-url', sim.url, '--regions', 'us-east-1,eu-west-1', '--quiet', '--notify-sns-topic', TopicArn, ...flags], {
          env: { ...SDK_ENV, AWS_ENDPOINT_URL_SNS: moto.url },
          cwd,
          deps: { drift: { retry: noWait } },
        });
      const snsDeliveries = () => receiver.requests.filter((r) => r.path.endsWith('/sns') && JSON.parse(r.body).Type === 'Notification');
      expect((await run()).code).toBe(0);
      expect((await run()).code).toBe(0);
      expect(snsDeliveries()).toHaveLength(0);
      key.rotationEnabled = false;
      store.touch();
      const drifted = await run();
      expect(drifted.code).toBe(1);
      expect(drifted.stdout).toMatch(/sns: delivered/);
      const [delivery] = snsDeliveries();
      expect(JSON.parse(JSON.parse(delivery.body).Message)).toMatchObject({ schemaVersion: 1, summary: ['1 new failure'] });
    } finally {
      key.rotationEnabled = true;
      store.touch();
      await moto.stop();
    }
  });

  it('keeps its snapshots in S3 (moto at AWS_ENDPOINT_URL_S3), create-only, and compares with the newest there', async () => {
    const moto = await startMoto();
    const key = store.region('us-east-1').kms.keys.get(ML_KEY.split('/')[1]);
    if (key === undefined) throw new Error('demo key missing');
    try {
      const s3 = new S3Client({ region: 'us-east-1', endpoint: moto.url, forcePathStyle: true });
      await s3.send(new CreateBucketCommand({ Bucket: 'inferguard-snapshots' }));
      const run = () =>
        runCli(['drift', 'aws', '--endpoint-url', sim.url, '--regions', 'us-east-1,eu-west-1', '--quiet', '--format', 'json', '--store', 's3://inferguard-snapshots/drift/aws'], {
          env: { ...SDK_ENV, AWS_ENDPOINT_URL_S3: moto.url },
          cwd: tempDir(),
        });
      expect((await run()).code).toBe(0);
      key.rotationEnabled = false;
      store.touch();
      const drifted = await run();
      expect(drifted.code).toBe(1);
      const result = json(drifted);
      expect(result.snapshot).toMatch(/^s3:\/\/inferguard-snapshots\/drift\/aws\/.*-aws\.json$/);
      expect(result.posture?.newFailures.map((c) => c.controlId)).toEqual(['key-rotation-enabled']);
      const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'inferguard-snapshots', Prefix: 'drift/aws/' }));
      expect(listed.Contents?.map((o) => o.Key)).toHaveLength(2);
      s3.destroy();
    } finally {
      key.rotationEnabled = true;
      store.touch();
      await moto.stop();
    }
  });

  it('reports a notification it could not deliver, on stderr and in the summary, and keeps the snapshot', async () => {
    const cwd = tempDir();
    expect((await drift(cwd)).code).toBe(0);
    const key = store.region('us-east-1').kms.keys.get(ML_KEY.split('/')[1]);
    if (key === undefined) throw new Error('demo key missing');
    key.rotationEnabled = false;
    store.touch();
    receiver.answerWith(503, 503, 503);
    try {
      const run = await drift(cwd);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/drift notification \(webhook\) not delivered after 3 attempts: webhook answered HTTP 503/);
      expect(run.stdout).toMatch(/Notifications:\n {2}webhook: NOT DELIVERED after 3 attempts/);
      expect(readdirSync(join(cwd, '.inferguard', 'snapshots'))).toHaveLength(2);
    } finally {
      receiver.answerWith();
      key.rotationEnabled = true;
      store.touch();
    }
  });

  it('reports a narrowed scope as a scope change; resources of the region no longer audited are out of scope, not vanished', async () => {
    const cwd = tempDir();
    expect((await drift(cwd)).code).toBe(0);
    const run = await runCli(['drift', 'aws', '--endpoint-url', sim.url, '--regions', 'us-east-1', '--quiet', '--format', 'json'], { env: SDK_ENV, cwd });
    expect(run.code).toBe(1);
    const { posture } = json(run);
    expect(posture?.scope).toEqual({ accountsAdded: [], accountsRemoved: [], regionsAdded: [], regionsRemoved: ['eu-west-1'] });
    expect(posture?.vanished).toEqual([]);
    expect(posture?.leftScope.map((r) => r.name)).toContain('churn-predictor');
    expect(posture?.newFailures).toEqual([]);
    expect(posture?.resolvedFailures).toEqual([]);
  });

  it('documents its exit codes in --help and refuses bad notification options', async () => {
    const help = await runCli(['drift', 'aws', '--help']);
    expect(help.stdout).toMatch(/0 {2}no change/);
    expect(help.stdout).toMatch(/1 {2}drift found/);
    expect(help.stdout).toMatch(/3 {2}no drift found, but the audit is incomplete/);
    const noCloud = await runCli(['drift']);
    expect(noCloud.code).toBe(2);
    expect(noCloud.stderr).toMatch(/Name the cloud: inferguard drift <cloud>, one of aws/);
    const noSecret = await runCli(['drift', 'aws', '--notify-webhook', 'http://127.0.0.1:9/x', '--webhook-secret-env', 'NOT_SET_ANYWHERE'], { env: SDK_ENV });
    expect(noSecret.code).toBe(2);
    expect(noSecret.stderr).toMatch(/NOT_SET_ANYWHERE is not set/);
    const badTopic = await runCli(['drift', 'aws', '--notify-sns-topic', 'my-topic'], { env: SDK_ENV });
    expect(badTopic.code).toBe(2);
    const badStore = await runCli(['drift', 'aws', '--store', 's4://bucket/prefix'], { env: SDK_ENV });
    expect(badStore.code).toBe(2);
    expect(badStore.stderr).toMatch(/s3:\/\/BUCKET\[\/PREFIX\]; gs:\/\/BUCKET/);
  });
});
