import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:net';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { NOTIFICATION_SCHEMA_VERSION, type DriftNotification } from '../../../../checker/drift/notify/message';
import { sendNotifications } from '../../../../checker/drift/notify/index';
import type { RetryPolicy } from '../../../../checker/drift/notify/retry';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER } from '../../../../checker/drift/notify/webhook';
import type { PostureDrift } from '../../../../checker/drift/posture';
import { startMoto, type RunningMoto } from '../../../support/moto';
import { startHttpReceiver, type HttpReceiver } from '../../../support/http-receiver';

const NOW = new Date('2026-03-01T12:00:00Z');

const posture: PostureDrift = {
  newFailures: [
    { controlId: 'key-rotation-enabled', resourceId: 'arn:aws:kms:us-east-1:111122223333:key/k1', resourceName: 'k1', resourceKind: 'key', severity: 'medium', previous: 'ok', current: 'fail', message: 'Rotation is off.' },
  ],
  resolvedFailures: [],
  newUnknowns: [],
  resolvedUnknowns: [],
  appeared: [],
  vanished: [],
  unseen: [],
  scope: { accountsAdded: [], accountsRemoved: [], regionsAdded: [], regionsRemoved: [] },
  leftScope: [],
  expiredWaivers: [],
  newGaps: [],
  resolvedGaps: [],
  incomplete: false,
  changed: true,
};

const message: DriftNotification = {
  schemaVersion: NOTIFICATION_SCHEMA_VERSION,
  event: 'inferguard.drift',
  tool: { name: 'inferguard', version: '0.0.0' },
  provider: 'aws',
  scope: { accounts: ['111122223333'], regions: ['us-east-1'] },
  takenAt: NOW.toISOString(),
  previousTakenAt: '2026-02-28T12:00:00.000Z',
  snapshot: '/store/2026-03-01T12-00-00.000Z-aws.json',
  summary: ['1 new failure'],
  posture,
};

/** Records the waits instead of waiting. */
function fakeRetry(attempts = 4): RetryPolicy & { waits: number[] } {
  const waits: number[] = [];
  return { attempts, firstDelayMs: 1000, waits, sleep: async (ms) => void waits.push(ms) };
}

/** A loopback port with nothing listening. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('webhook notifications', () => {
  let receiver: HttpReceiver;
  beforeEach(async () => {
    receiver = await startHttpReceiver();
  });
  afterEach(() => receiver.close());

  it('POSTs the versioned JSON body with a signature the receiver can verify', async () => {
    const secret = 'test-signing-secret';
    const results = await sendNotifications({ webhook: { url: receiver.url, secret } }, message, () => NOW, fakeRetry());
    expect(results).toEqual([{ channel: 'webhook', ok: true, attempts: 1 }]);
    expect(receiver.requests).toHaveLength(1);
    const [request] = receiver.requests;
    expect(request.method).toBe('POST');
    expect(request.headers['content-type']).toBe('application/json');
    const body = JSON.parse(request.body) as DriftNotification;
    expect(body.schemaVersion).toBe(1);
    expect(body.posture.newFailures[0].controlId).toBe('key-rotation-enabled');

    // What a receiver does (NOTIFICATIONS.md): recompute over `<timestamp>.<raw body>`, compare in constant time, check the age.
    const timestamp = String(request.headers[TIMESTAMP_HEADER]);
    expect(Number(timestamp)).toBe(NOW.getTime() / 1000);
    const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(`${timestamp}.${request.body}`).digest('hex')}`);
    const given = Buffer.from(String(request.headers[SIGNATURE_HEADER]));
    expect(given.length === expected.length && timingSafeEqual(given, expected)).toBe(true);
    // A replay of the body under another timestamp does not verify.
    const replayed = createHmac('sha256', secret).update(`${Number(timestamp) + 600}.${request.body}`).digest('hex');
    expect(`sha256=${replayed}`).not.toBe(given.toString());
  });

  it('sends no signature header without a secret', async () => {
    await sendNotifications({ webhook: { url: receiver.url } }, message, () => NOW, fakeRetry());
    expect(receiver.requests[0].headers[SIGNATURE_HEADER]).toBeUndefined();
  });

  it('retries a failing receiver with growing waits, then succeeds', async () => {
    receiver.answerWith(503, 500);
    const retry = fakeRetry();
    const results = await sendNotifications({ webhook: { url: receiver.url } }, message, () => NOW, retry);
    expect(results).toEqual([{ channel: 'webhook', ok: true, attempts: 3 }]);
    expect(retry.waits).toEqual([1000, 2000]);
    expect(receiver.requests).toHaveLength(3);
  });

  it('gives up after the bounded attempts and says why', async () => {
    receiver.answerWith(500, 500, 500, 500, 500);
    const retry = fakeRetry(4);
    const [result] = await sendNotifications({ webhook: { url: receiver.url } }, message, () => NOW, retry);
    expect(result).toEqual({ channel: 'webhook', ok: false, attempts: 4, error: 'webhook answered HTTP 500' });
    expect(retry.waits).toEqual([1000, 2000, 4000]);
  });

  it('does not retry a request the receiver refuses (4xx)', async () => {
    receiver.answerWith(401);
    const [result] = await sendNotifications({ webhook: { url: receiver.url } }, message, () => NOW, fakeRetry());
    expect(result).toMatchObject({ ok: false, attempts: 1, error: 'webhook answered HTTP 401' });
  });

  it('reports an unreachable receiver after retrying', async () => {
    const port = await closedPort();
    const [result] = await sendNotifications({ webhook: { url: `http://127.0.0.1:${port}/x` } }, message, () => NOW, fakeRetry(2));
    expect(result.ok).toBe(false);
    expect(result.attempts).toBe(2);
    expect(result.error).toMatch(/webhook request failed.*ECONNREFUSED/);
  });
});

describe('SNS notifications against moto', () => {
  let moto: RunningMoto;
  let receiver: HttpReceiver;
  const saved = { ...process.env };
  beforeAll(async () => {
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_REGION: 'us-east-1' });
    delete process.env.AWS_PROFILE;
    [moto, receiver] = await Promise.all([startMoto(), startHttpReceiver()]);
  });
  afterAll(async () => {
    await Promise.all([moto?.stop(), receiver?.close()]);
    process.env = saved;
  });

  it('publishes the notification to the topic (moto delivers it to a loopback HTTP subscriber)', async () => {
    const client = new SNSClient({ region: 'us-east-1', endpoint: moto.url });
    const { TopicArn } = await client.send(new CreateTopicCommand({ Name: 'inferguard-drift' }));
    await client.send(new SubscribeCommand({ TopicArn, Protocol: 'http', Endpoint: receiver.url }));
    client.destroy();
    const before = receiver.requests.length;
    const results = await sendNotifications({ sns: { topicArn: TopicArn ?? '', endpoint: moto.url } }, message, () => NOW, fakeRetry());
    expect(results).toEqual([{ channel: 'sns', ok: true, attempts: 1 }]);
    const delivered = receiver.requests.slice(before).map((r) => JSON.parse(r.body) as { Type: string; Message: string; Subject?: string });
    const notification = delivered.find((d) => d.Type === 'Notification');
    expect(notification).toBeDefined();
    expect(notification?.Subject).toBe('inferguard drift: aws 111122223333');
    expect((JSON.parse(notification?.Message ?? '{}') as DriftNotification).posture.newFailures[0].resourceName).toBe('k1');
  });

  it('does not retry a topic that does not exist, and says so', async () => {
    const retry = fakeRetry();
    const [result] = await sendNotifications({ sns: { topicArn: 'arn:aws:sns:us-east-1:123456789012:no-such-topic', endpoint: moto.url } }, message, () => NOW, retry);
    expect(result.ok).toBe(false);
    expect(result.attempts).toBe(1);
    expect(result.error).toMatch(/SNS Publish failed: NotFound/);
  });
});
