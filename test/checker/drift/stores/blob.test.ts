// The Blob Storage snapshot store against Azurite (Microsoft's Blob emulator, independent of inferguard),
// reached through AZURE_STORAGE_CONNECTION_STRING as Azure tools do. Refusals use a container SAS that
// grants read and list only, which Azurite enforces.
import { BlobServiceClient, ContainerSASPermissions, StorageSharedKeyCredential, generateBlobSASQueryParameters } from '@azure/storage-blob';
import { BlobSnapshotStore } from '../../../../checker/drift/stores/blob';
import { openSnapshotStore } from '../../../../checker/drift/stores/open';
import type { BlobLocation } from '../../../../checker/drift/stores/locations';
import { AZURITE_ACCOUNT, AZURITE_KEY, startAzurite, type RunningAzurite } from '../../../support/azurite';
import { freePort } from '../../../support/child-server';
import { snapshotStoreContract } from './contract';

const CONTAINER = 'drift-snapshots';
let azurite: RunningAzurite;
let readOnlyConnectionString: string;
let closedPort: number;
const started = Date.now();

beforeAll(async () => {
  [azurite, closedPort] = await Promise.all([startAzurite(), freePort()]);
  await BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient(CONTAINER).create();
  const sas = generateBlobSASQueryParameters(
    { containerName: CONTAINER, permissions: ContainerSASPermissions.parse('rl'), expiresOn: new Date(Date.now() + 3_600_000) },
    new StorageSharedKeyCredential(AZURITE_ACCOUNT, AZURITE_KEY),
  ).toString();
  readOnlyConnectionString = `BlobEndpoint=${azurite.serviceUrl};SharedAccessSignature=${sas}`;
}, 60_000);

afterAll(async () => {
  await azurite?.stop();
  process.stdout.write(`blob (Azurite) store tests: ${Date.now() - started} ms including Azurite start\n`);
});

function location(container: string, parts: readonly string[]): BlobLocation {
  return { kind: 'blob', serviceUrl: azurite.serviceUrl, account: AZURITE_ACCOUNT, container, prefix: parts.length === 0 ? '' : `${parts.join('/')}/` };
}

function store(container: string, parts: readonly string[], connectionString: string, pageSize?: number): BlobSnapshotStore {
  return new BlobSnapshotStore(location(container, parts), { connectionString, ...(pageSize === undefined ? {} : { pageSize }) });
}

describe('BlobSnapshotStore on Azurite', () => {
  snapshotStoreContract(() => ({
    store: (parts, pageSize) => store(CONTAINER, parts, azurite.connectionString, pageSize),
    pageSize: 20,
    deniedStores: (parts) => ({ writer: store(CONTAINER, parts, azurite.connectionString), reader: store(CONTAINER, parts, readOnlyConnectionString) }),
    deniedWriteMentions: ['Storage Blob Data Contributor', `container ${CONTAINER}`, 'blobs/add/action'],
    unreachableStore: () =>
      new BlobSnapshotStore(
        { kind: 'blob', serviceUrl: `http://127.0.0.1:${closedPort}/${AZURITE_ACCOUNT}`, account: AZURITE_ACCOUNT, container: CONTAINER, prefix: 'x/' },
        { connectionString: azurite.connectionString.replace(azurite.serviceUrl, `http://127.0.0.1:${closedPort}/${AZURITE_ACCOUNT}`), pipelineOptions: { retryOptions: { maxTries: 1 } } },
      ),
    missingContainerStore: () => ({ store: store('no-such-container', ['x'], azurite.connectionString), name: 'no-such-container' }),
  }));

  test('Azurite answers a create-only upload over an existing blob as Azure does: 409 BlobAlreadyExists', async () => {
    const blob = BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient(CONTAINER).getBlockBlobClient('raw/taken.json');
    await blob.upload('first', 5, { conditions: { ifNoneMatch: '*' } });
    await expect(blob.upload('second', 6, { conditions: { ifNoneMatch: '*' } })).rejects.toMatchObject({ statusCode: 409, code: 'BlobAlreadyExists' });
    expect((await blob.downloadToBuffer()).toString()).toBe('first');
  });

  test('opened from its URL with AZURE_STORAGE_CONNECTION_STRING, as the CLI opens it', async () => {
    const opened = await openSnapshotStore(`${azurite.serviceUrl}/${CONTAINER}/opened/prod`, { AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString });
    const ref = await opened.write('2026-12-02.json', new Uint8Array(Buffer.from('{}')));
    expect(ref.location).toBe(`${azurite.serviceUrl}/${CONTAINER}/opened/prod/2026-12-02.json`);
    expect(await store(CONTAINER, ['opened', 'prod'], azurite.connectionString).list()).toEqual([ref]);
  });

  test('the description and locations are the blob URLs', async () => {
    const s = store(CONTAINER, ['desc', 'job'], azurite.connectionString);
    expect(s.description).toBe(`${azurite.serviceUrl}/${CONTAINER}/desc/job`);
    const ref = await s.write('one.json', new Uint8Array([1, 2, 3]));
    expect(ref.location).toBe(`${azurite.serviceUrl}/${CONTAINER}/desc/job/one.json`);
  });

  test('a connection string for another account or endpoint is refused before any call', async () => {
    const other = azurite.connectionString.replace(azurite.serviceUrl, 'http://127.0.0.1:1/otheraccount');
    await expect(store(CONTAINER, ['x'], other).list()).rejects.toMatchObject({ message: expect.stringContaining('points at http://127.0.0.1:1/otheraccount') });
  });

  // Azurite answers a wrong key with 403 AuthorizationFailure (Azure: AuthenticationFailed); both end as 'denied'.
  test('a wrong account key is denied, saying where credentials come from', async () => {
    const wrongKey = azurite.connectionString.replace(AZURITE_KEY, Buffer.from('not the key').toString('base64'));
    await expect(store(CONTAINER, ['x'], wrongKey).list()).rejects.toMatchObject({ code: 'denied', message: expect.stringContaining('AZURE_STORAGE_CONNECTION_STRING') });
  });
});
