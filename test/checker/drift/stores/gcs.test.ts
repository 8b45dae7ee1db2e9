// The GCS snapshot store against the project's Cloud Storage JSON API simulator (sim/gcs): the registries
// hold no GCS emulator we may run, so the simulator follows the JSON API reference and the real client
// library talks to it. The store runs in a child Node.js process (test/support/store-in-child.ts says why).
import type { GcsStoreOptions } from '../../../../checker/drift/stores/gcs';
import type { GcsLocation } from '../../../../checker/drift/stores/locations';
import { gcsWorld, startGcsSimulator } from '../../../../sim/gcs';
import type { RunningSimServer } from '../../../../sim/core/server';
import { startStoreChild, type StoreChild } from '../../../support/store-in-child';
import { freePort } from '../../../support/child-server';
import { snapshotStoreContract } from './contract';

const BUCKET = 'drift-snapshots';
let sim: RunningSimServer;
let child: StoreChild;
let closedPort: number;
const world = gcsWorld([BUCKET], new Map([['reader-token', ['storage.objects.list', 'storage.objects.get'] as const]]));
const started = Date.now();

beforeAll(async () => {
  [sim, closedPort] = await Promise.all([startGcsSimulator(world), freePort()]);
  child = startStoreChild('checker/drift/stores/gcs.ts', 'GcsSnapshotStore');
});

afterAll(async () => {
  await Promise.all([sim?.close(), child?.stop()]);
  process.stdout.write(`gcs (sim/gcs) store tests: ${Date.now() - started} ms\n`);
});

function config(bucket: string, parts: readonly string[], accessToken: string | undefined, pageSize?: number): [GcsLocation, GcsStoreOptions] {
  return [
    { kind: 'gcs', bucket, prefix: parts.length === 0 ? '' : `${parts.join('/')}/` },
    { apiEndpoint: sim.url, ...(accessToken === undefined ? {} : { accessToken }), ...(pageSize === undefined ? {} : { pageSize }) },
  ];
}

function store(bucket: string, parts: readonly string[], accessToken: string | undefined, pageSize?: number) {
  return child.store(config(bucket, parts, accessToken, pageSize), `gs://${bucket}/${parts.join('/')}`);
}

describe('GcsSnapshotStore on sim/gcs', () => {
  snapshotStoreContract(() => ({
    store: (parts, pageSize) => store(BUCKET, parts, 'writer-token', pageSize),
    pageSize: 20,
    deniedStores: (parts) => ({ writer: store(BUCKET, parts, 'writer-token'), reader: store(BUCKET, parts, 'reader-token') }),
    deniedWriteMentions: ['storage.objects.create', 'roles/storage.objectCreator', `bucket ${BUCKET}`],
    unreachableStore: () =>
      child.store(
        [
          { kind: 'gcs', bucket: BUCKET, prefix: 'x/' },
          { apiEndpoint: `http://127.0.0.1:${closedPort}`, accessToken: 'writer-token', storageOptions: { retryOptions: { autoRetry: false } } },
        ],
        `gs://${BUCKET}/x`,
      ),
    missingContainerStore: () => ({ store: store('no-such-drift-bucket', ['x'], 'writer-token'), name: 'no-such-drift-bucket' }),
  }));

  test('the description and locations are gs:// URLs', async () => {
    expect(await child.description(config(BUCKET, ['desc', 'job'], 'writer-token'))).toBe(`gs://${BUCKET}/desc/job`);
    const ref = await store(BUCKET, ['desc', 'job'], 'writer-token').write('one.json', new Uint8Array([1, 2, 3]));
    expect(ref.location).toBe(`gs://${BUCKET}/desc/job/one.json`);
  });

  test('a write is one upload request; a refused second write is one more, and the object keeps its bytes', async () => {
    const s = store(BUCKET, ['calls'], 'writer-token');
    sim.resetCalls();
    const ref = await s.write('one.json', new Uint8Array([1]));
    expect(sim.calls().map((call) => `${call.operation} ${call.status}`)).toEqual(['objects.insert 200']);
    sim.resetCalls();
    await expect(s.write('one.json', new Uint8Array([2]))).rejects.toMatchObject({ code: 'exists' });
    // The 412, then the read-back that tells a retried create of the same bytes from another run's snapshot.
    expect(sim.calls().map((call) => `${call.operation} ${call.status}`)).toEqual(['objects.insert 412', 'objects.get 200']);
    expect([...(await s.read(ref))]).toEqual([1]);
  });

  test('without a token the caller is anonymous and refused, saying where credentials come from', async () => {
    await expect(store(BUCKET, ['anon'], undefined).list()).rejects.toMatchObject({ code: 'denied', message: expect.stringContaining('GOOGLE_OAUTH_ACCESS_TOKEN') });
  });

  test('with STORAGE_EMULATOR_HOST in its environment the client sends JSON API calls without /storage/v1, and they are served', async () => {
    const withEmulatorHost = startStoreChild('checker/drift/stores/gcs.ts', 'GcsSnapshotStore', { STORAGE_EMULATOR_HOST: sim.url });
    try {
      const s = withEmulatorHost.store(config(BUCKET, ['emulator-host'], 'writer-token'), `gs://${BUCKET}/emulator-host`);
      const ref = await s.write('one.json', new Uint8Array([7]));
      expect(await s.list()).toEqual([ref]);
      expect([...(await s.read(ref))]).toEqual([7]);
    } finally {
      await withEmulatorHost.stop();
    }
  });

  test("a listing past GCS's own 1,000-entry page is complete", async () => {
    const s = store(BUCKET, ['thousand'], 'writer-token');
    const names = Array.from({ length: 1_005 }, (_, i) => `${String(i).padStart(5, '0')}.json`);
    // Seeded in the simulator's state directly: the writes themselves are tested above, the listing here.
    const objects = world.buckets.get(BUCKET);
    for (const name of names) objects?.set(`thousand/${name}`, { data: Buffer.from('{}'), generation: '1', contentType: 'application/json', created: new Date().toISOString() });
    sim.resetCalls();
    expect((await s.list()).map((ref) => ref.name)).toEqual(names);
    expect(sim.calls().filter((call) => call.operation === 'objects.list')).toHaveLength(2);
  });
});
