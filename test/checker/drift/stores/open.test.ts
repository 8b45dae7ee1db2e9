// Store locations: which store each form opens, what a bad one is told, and that opening one cloud's
// store loads no other cloud's SDK.
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { buildSync } from 'esbuild';
import { BlobSnapshotStore } from '../../../../checker/drift/stores/blob';
import { GcsSnapshotStore, gcsEndpoint, gcsOptionsFromEnv } from '../../../../checker/drift/stores/gcs';
import { LocalSnapshotStore } from '../../../../checker/drift/stores/local';
import { openSnapshotStore, StoreLocationError } from '../../../../checker/drift/stores/open';
import { SnapshotStoreError } from '../../../../checker/drift/store';
import { S3SnapshotStore, s3OptionsFromEnv } from '../../../../checker/drift/stores/s3';
import { scratchDir } from '../../../support/scratch';

const REPO = resolve(__dirname, '..', '..', '..', '..');

describe('openSnapshotStore', () => {
  test.each([
    ['s3://drift-bucket/jobs/prod', S3SnapshotStore, 's3://drift-bucket/jobs/prod'],
    ['s3://drift-bucket', S3SnapshotStore, 's3://drift-bucket'],
    ['s3://drift-bucket/jobs/', S3SnapshotStore, 's3://drift-bucket/jobs'],
    ['gs://drift_bucket/a/b/', GcsSnapshotStore, 'gs://drift_bucket/a/b'],
    ['https://driftacct.blob.core.windows.net/snapshots/prod', BlobSnapshotStore, 'https://driftacct.blob.core.windows.net/snapshots/prod'],
    ['https://driftacct.blob.core.chinacloudapi.cn/snapshots', BlobSnapshotStore, 'https://driftacct.blob.core.chinacloudapi.cn/snapshots'],
    ['http://127.0.0.1:10000/devstoreaccount1/snapshots/p', BlobSnapshotStore, 'http://127.0.0.1:10000/devstoreaccount1/snapshots/p'],
  ])('%s opens the right store', async (location, kind, description) => {
    const store = await openSnapshotStore(location, {});
    expect(store).toBeInstanceOf(kind);
    expect(store.description).toBe(description);
  });

  test('anything without a scheme is a local folder', async () => {
    const folder = join(scratchDir('open-store-'), 'snapshots');
    const store = await openSnapshotStore(folder, {});
    expect(store).toBeInstanceOf(LocalSnapshotStore);
    for (const path of ['./snapshots', 'C:\\drift\\snapshots', 'snapshots']) expect(await openSnapshotStore(path, {})).toBeInstanceOf(LocalSnapshotStore);
  });

  test.each([
    ['s3://', 'no bucket after s3://'],
    ['s3:///prefix', 'no bucket after s3://'],
    ['gs://', 'no bucket after gs://'],
    ['s3://Drift_Bucket/x', '"Drift_Bucket" is not a bucket name'],
    ['s3://bucket/a//b', 'empty, "." or ".." segment'],
    ['s3://bucket/a/../b', 'empty, "." or ".." segment'],
    ['s4://bucket/x', 'unknown scheme "s4://"'],
    ['s3:bucket', '"s3:" is followed by no //'],
    ['http://storage.example.com/acct/container', 'plain http:// to storage.example.com refused'],
    ['https://storage.example.com/container', 'storage.example.com is not a Blob Storage host'],
    ['https://driftacct.blob.core.windows.net', 'no container after the account'],
    ['https://driftacct.blob.core.windows.net/c?sv=2024&sig=x', 'put a SAS token in AZURE_STORAGE_CONNECTION_STRING'],
    ['http://127.0.0.1:10000/devstoreaccount1', 'no container after the account'],
    ['azblob://driftacct/container/prefix', 'https://ACCOUNT.blob.core.windows.net/CONTAINER/PREFIX'],
    ['file:///var/snapshots', 'write a local folder as a path'],
    ['   ', 'empty'],
  ])('%s is refused: %s', async (location, problem) => {
    const refusal = openSnapshotStore(location, {});
    await expect(refusal).rejects.toBeInstanceOf(StoreLocationError);
    await expect(refusal).rejects.toBeInstanceOf(SnapshotStoreError);
    await expect(refusal).rejects.toMatchObject({ location, code: 'other' });
    await expect(refusal).rejects.toThrow(problem);
    // Every refusal lists the forms that are accepted.
    await expect(refusal).rejects.toThrow('Accepted forms: s3://BUCKET[/PREFIX]; gs://BUCKET[/PREFIX]; https://ACCOUNT.blob.core.windows.net/CONTAINER[/PREFIX]');
  });

  test('a KMS key for a store that is not S3 is refused', async () => {
    await expect(openSnapshotStore('./snapshots', {}, { s3KmsKeyId: 'alias/drift' })).rejects.toThrow('a KMS key applies to an s3:// store only');
  });

  test('STORAGE_EMULATOR_HOST over plain http to another machine is refused', async () => {
    await expect(openSnapshotStore('gs://drift-bucket', { STORAGE_EMULATOR_HOST: 'storage.example.com:9023' })).rejects.toMatchObject({
      name: 'SnapshotStoreError',
      message: expect.stringContaining('plain http to storage.example.com refused'),
    });
  });

  test("opening one cloud's store loads no other cloud's SDK", () => {
    const bundle = join(scratchDir('open-bundle-'), 'open.js');
    buildSync({ entryPoints: [join(REPO, 'checker/drift/stores/open.ts')], bundle: true, platform: 'node', format: 'cjs', packages: 'external', outfile: bundle, logLevel: 'error' });
    const loaded = (location: string): string[] => {
      const script = `
        const { openSnapshotStore } = require(${JSON.stringify(bundle)});
        openSnapshotStore(${JSON.stringify(location)}, {}).then(() => {
          const sdks = Object.keys(require.cache).map((path) => (/node_modules\\/(@aws-sdk\\/client-s3|@azure\\/storage-blob|@azure\\/identity|@google-cloud\\/storage)\\//.exec(path) || [])[1]).filter(Boolean);
          process.stdout.write(JSON.stringify([...new Set(sdks)].sort()));
        });`;
      return JSON.parse(execFileSync(process.execPath, ['-e', script], { env: { ...process.env, NODE_PATH: join(REPO, 'node_modules') }, encoding: 'utf8' })) as string[];
    };
    expect(loaded('s3://drift-bucket/p')).toEqual(['@aws-sdk/client-s3']);
    expect(loaded('https://driftacct.blob.core.windows.net/snapshots')).toEqual(['@azure/storage-blob']);
    expect(loaded('gs://drift-bucket/p')).toEqual(['@google-cloud/storage']);
    expect(loaded('./snapshots')).toEqual([]);
  }, 60_000);
});

describe('the SDK conventions read from the environment', () => {
  test('S3: AWS_ENDPOINT_URL_S3 before AWS_ENDPOINT_URL, neither when AWS_IGNORE_CONFIGURED_ENDPOINT_URLS is true', () => {
    expect(s3OptionsFromEnv({ AWS_ENDPOINT_URL: 'http://127.0.0.1:1', AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:2', AWS_REGION: 'eu-west-1' })).toEqual({ endpointUrl: 'http://127.0.0.1:2', region: 'eu-west-1' });
    expect(s3OptionsFromEnv({ AWS_ENDPOINT_URL: 'http://127.0.0.1:1', AWS_DEFAULT_REGION: 'eu-west-2' })).toEqual({ endpointUrl: 'http://127.0.0.1:1', region: 'eu-west-2' });
    expect(s3OptionsFromEnv({ AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:2', AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' })).toEqual({});
  });

  test('GCS: STORAGE_EMULATOR_HOST as host:port or URL, GOOGLE_OAUTH_ACCESS_TOKEN as is', () => {
    expect(gcsOptionsFromEnv({ STORAGE_EMULATOR_HOST: '127.0.0.1:9023', GOOGLE_OAUTH_ACCESS_TOKEN: ' ya29.token ' })).toEqual({ apiEndpoint: 'http://127.0.0.1:9023', accessToken: 'ya29.token' });
    expect(gcsEndpoint('http://localhost:4443/storage/v1/')).toBe('http://localhost:4443');
    expect(gcsEndpoint('https://storage.example.internal')).toBe('https://storage.example.internal');
    expect(() => gcsEndpoint('ftp://127.0.0.1')).toThrow('ftp: is not http or https');
  });
});
