// The S3 snapshot store against moto's server (an S3 implementation we did not write). moto 5.2.1 honours
// `If-None-Match: *` on PutObject (412 PreconditionFailed when the key exists) and ListObjectsV2 MaxKeys
// with continuation tokens. Refusals come from a second moto with IAM enforced: there, moto's SigV4 check
// rejects any query string holding a `/` (it verifies against the decoded query), so that instance serves
// only the calls without one (PutObject, GetObject), which are the calls the refusal test makes.
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { S3SnapshotStore } from '../../../../checker/drift/stores/s3';
import { openSnapshotStore } from '../../../../checker/drift/stores/open';
import type { S3Location } from '../../../../checker/drift/stores/locations';
import { startMoto, type RunningMoto } from '../../../support/moto';
import { startMotoWithIam, type MotoCredentials, type RunningMotoWithIam } from '../../../support/moto-iam';
import { freePort } from '../../../support/child-server';
import { snapshotStoreContract } from './contract';

const BUCKET = 'drift-snapshots';
const ANY_CREDENTIALS: MotoCredentials = { accessKeyId: 'test', secretAccessKey: 'test' };
let moto: RunningMoto;
let motoIam: RunningMotoWithIam;
let reader: MotoCredentials;
let closedPort: number;
const started = Date.now();

beforeAll(async () => {
  [moto, motoIam, closedPort] = await Promise.all([startMoto(), startMotoWithIam(), freePort()]);
  await new S3Client({ region: 'us-east-1', endpoint: moto.url, forcePathStyle: true, credentials: ANY_CREDENTIALS }).send(new CreateBucketCommand({ Bucket: BUCKET }));
  await new S3Client({ region: 'us-east-1', endpoint: motoIam.url, forcePathStyle: true, credentials: motoIam.admin }).send(new CreateBucketCommand({ Bucket: BUCKET }));
  reader = await motoIam.createUser('snapshot-reader', {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: 's3:ListBucket', Resource: `arn:aws:s3:::${BUCKET}` },
      { Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${BUCKET}/*` },
    ],
  });
}, 60_000);

afterAll(async () => {
  await Promise.all([moto?.stop(), motoIam?.stop()]);
  // The contract's cost on this backend, for the report.
  process.stdout.write(`s3 (moto) store tests: ${Date.now() - started} ms including two moto starts\n`);
});

function location(bucket: string, parts: readonly string[]): S3Location {
  return { kind: 's3', bucket, prefix: parts.length === 0 ? '' : `${parts.join('/')}/` };
}

function store(url: string, bucket: string, parts: readonly string[], credentials: MotoCredentials, pageSize?: number): S3SnapshotStore {
  return new S3SnapshotStore(location(bucket, parts), {
    endpointUrl: url,
    region: 'us-east-1',
    ...(pageSize === undefined ? {} : { pageSize }),
    clientConfig: { credentials },
  });
}

describe('S3SnapshotStore on moto', () => {
  snapshotStoreContract(() => ({
    store: (parts, pageSize) => store(moto.url, BUCKET, parts, ANY_CREDENTIALS, pageSize),
    pageSize: 20,
    deniedStores: (parts) => ({ writer: store(motoIam.url, BUCKET, parts, motoIam.admin), reader: store(motoIam.url, BUCKET, parts, reader) }),
    deniedWriteMentions: ['s3:PutObject', `arn:aws:s3:::${BUCKET}/t-`],
    unreachableStore: () =>
      new S3SnapshotStore(location(BUCKET, ['x']), { endpointUrl: `http://127.0.0.1:${closedPort}`, region: 'us-east-1', clientConfig: { credentials: ANY_CREDENTIALS, maxAttempts: 1 } }),
    missingContainerStore: () => ({ store: store(moto.url, 'no-such-drift-bucket', ['x'], ANY_CREDENTIALS), name: 'no-such-drift-bucket' }),
  }));

  test('moto answers a create-only PutObject over an existing key as S3 does: 412 PreconditionFailed', async () => {
    const s3 = new S3Client({ region: 'us-east-1', endpoint: moto.url, forcePathStyle: true, credentials: ANY_CREDENTIALS });
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'raw/taken.json', Body: 'first', IfNoneMatch: '*' }));
    await expect(s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'raw/taken.json', Body: 'second', IfNoneMatch: '*' }))).rejects.toMatchObject({
      name: 'PreconditionFailed',
      $metadata: expect.objectContaining({ httpStatusCode: 412 }),
    });
    const kept = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'raw/taken.json' }));
    expect(await kept.Body?.transformToString()).toBe('first');
  });

  test("opened from s3:// with AWS_ENDPOINT_URL_S3, credentials from the SDK's default chain", async () => {
    const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' });
    try {
      const opened = await openSnapshotStore(`s3://${BUCKET}/opened/prod`, { AWS_ENDPOINT_URL_S3: moto.url, AWS_REGION: 'us-east-1' });
      const ref = await opened.write('2026-12-02.json', new Uint8Array(Buffer.from('{}')));
      expect(ref.location).toBe(`s3://${BUCKET}/opened/prod/2026-12-02.json`);
      expect(await store(moto.url, BUCKET, ['opened', 'prod'], ANY_CREDENTIALS).list()).toEqual([ref]);
    } finally {
      for (const [name, value] of [['AWS_ACCESS_KEY_ID', saved.id], ['AWS_SECRET_ACCESS_KEY', saved.secret]] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });

  test('the description and locations are s3:// URLs', async () => {
    const s = store(moto.url, BUCKET, ['desc', 'job'], ANY_CREDENTIALS);
    expect(s.description).toBe(`s3://${BUCKET}/desc/job`);
    const ref = await s.write('one.json', new Uint8Array([1, 2, 3]));
    expect(ref.location).toBe(`s3://${BUCKET}/desc/job/one.json`);
  });

  test('a listing past S3\'s own 1,000-key page is complete', async () => {
    const s = store(moto.url, BUCKET, ['thousand'], ANY_CREDENTIALS);
    const names = Array.from({ length: 1_005 }, (_, i) => `${String(i).padStart(5, '0')}.json`);
    for (let i = 0; i < names.length; i += 25) await Promise.all(names.slice(i, i + 25).map((name) => s.write(name, new Uint8Array([1]))));
    expect((await s.list()).map((ref) => ref.name)).toEqual(names);
  }, 120_000);

  test('credentials the endpoint does not know are denied, saying where credentials come from', async () => {
    const s = store(motoIam.url, BUCKET, ['creds'], { accessKeyId: 'AKIANOTAREALKEY00000', secretAccessKey: 'wrong' });
    await expect(s.read({ name: 'x.json', location: '' })).rejects.toMatchObject({ code: 'denied', message: expect.stringContaining("SDK's default chain") });
  });
});
