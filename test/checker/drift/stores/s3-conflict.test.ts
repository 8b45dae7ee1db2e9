// S3's answer to two conditional writes of one key in flight at once: 409 ConditionalRequestConflict,
// "retry the request" (S3 conditional writes documentation). moto never answers it, so a loopback stub
// answers PutObject the way S3 does, with S3's XML error body.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { S3SnapshotStore } from '../../../../checker/drift/stores/s3';

let server: Server;
let url: string;
let conflictsLeft = 0;
const puts: { ifNoneMatch: string | undefined }[] = [];

const CONFLICT =
  '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>ConditionalRequestConflict</Code><Message>A conflicting operation occurred. If using PutObject you can retry the request.</Message><RequestId>stub</RequestId></Error>';

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (req.method !== 'PUT') {
        res.writeHead(501).end();
        return;
      }
      puts.push({ ifNoneMatch: req.headers['if-none-match'] as string | undefined });
      if (conflictsLeft > 0) {
        conflictsLeft -= 1;
        res.writeHead(409, { 'content-type': 'application/xml', 'x-amz-request-id': 'stub' }).end(CONFLICT);
        return;
      }
      res.writeHead(200, { etag: '"0cc175b9c0f1b6a831c399e269772661"', 'x-amz-request-id': 'stub' }).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function store(): S3SnapshotStore {
  return new S3SnapshotStore({ kind: 's3', bucket: 'drift-snapshots', prefix: 'p/' }, { endpointUrl: url, region: 'us-east-1', clientConfig: { credentials: { accessKeyId: 'test', secretAccessKey: 'test' } } });
}

beforeEach(() => {
  puts.length = 0;
});

test('a write that meets one conflict is retried, still create-only, and succeeds', async () => {
  conflictsLeft = 1;
  const ref = await store().write('a.json', new Uint8Array([1]));
  expect(ref.location).toBe('s3://drift-snapshots/p/a.json');
  expect(puts).toEqual([{ ifNoneMatch: '*' }, { ifNoneMatch: '*' }]);
});

test('a write that keeps meeting conflicts gives up after three attempts as unwritable', async () => {
  conflictsLeft = 10;
  await expect(store().write('b.json', new Uint8Array([1]))).rejects.toMatchObject({ code: 'unwritable', message: expect.stringContaining('ConditionalRequestConflict (HTTP 409)') });
  expect(puts).toHaveLength(3);
  conflictsLeft = 0;
});
