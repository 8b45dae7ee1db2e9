// The behaviour every snapshot store promises (checker/drift/store.ts), run against each backend's
// emulator: create-only writes, complete listings across pages, retention removal, refused access.
import { randomUUID } from 'node:crypto';
import { SnapshotStoreError, type SnapshotStore } from '../../../../checker/drift/store';

export interface ContractBackend {
  /** A store at a fresh, empty prefix (`parts` joined under a per-test root), listing `pageSize` names per page. */
  store(prefixParts: readonly string[], pageSize?: number): SnapshotStore;
  /** The page size to test paging with: small, so a few dozen writes span several pages. */
  readonly pageSize: number;
  /** Two stores on one prefix: `writer` may write and read, `reader` may read but not write. */
  deniedStores(prefixParts: readonly string[]): { readonly writer: SnapshotStore; readonly reader: SnapshotStore };
  /** Words the 'denied' message of a refused write must contain (the permission or role to grant). */
  readonly deniedWriteMentions: readonly string[];
  /** A store whose endpoint does not answer (a closed port on loopback), with the client's retries off. */
  unreachableStore(): SnapshotStore;
  /** A store whose bucket or container (`name`) does not exist. */
  missingContainerStore(): { readonly store: SnapshotStore; readonly name: string };
}

const bytes = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'utf8'));
const text = (data: Uint8Array): string => Buffer.from(data).toString('utf8');

async function storeError(promise: Promise<unknown>): Promise<SnapshotStoreError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof SnapshotStoreError) return error;
    throw new Error(`expected a SnapshotStoreError, got ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
  }
  throw new Error('expected a SnapshotStoreError, but the call succeeded');
}

export function snapshotStoreContract(backend: () => ContractBackend): void {
  // Every test writes under its own prefix so the tests do not see each other's snapshots.
  const fresh = (...parts: string[]): string[] => [`t-${randomUUID().slice(0, 8)}`, ...parts];

  test('an empty store lists nothing', async () => {
    expect(await backend().store(fresh()).list()).toEqual([]);
  });

  test('a written snapshot is listed and read back byte for byte', async () => {
    const store = backend().store(fresh('drift'));
    const body = bytes(`{"schema":1,"findings":[]}\n\u00e9\u0000end`);
    const ref = await store.write('2026-12-02T19-22-06.123Z-aws.json', body);
    expect(ref.name).toBe('2026-12-02T19-22-06.123Z-aws.json');
    expect(ref.location).toContain('drift/2026-12-02T19-22-06.123Z-aws.json');
    expect(await store.list()).toEqual([ref]);
    expect(Buffer.from(await store.read(ref)).equals(Buffer.from(body))).toBe(true);
  });

  test('a second write of the same name is refused and the first survives byte for byte', async () => {
    const store = backend().store(fresh());
    const first = await store.write('2026-01-01T00-00-00.000Z-aws.json', bytes('first run'));
    const refused = await storeError(store.write('2026-01-01T00-00-00.000Z-aws.json', bytes('second run, different bytes')));
    expect(refused.code).toBe('exists');
    expect(refused.message).toContain('2026-01-01T00-00-00.000Z-aws.json');
    expect(refused.location).toBe(first.location);
    expect(text(await store.read(first))).toBe('first run');
    expect(await store.list()).toEqual([first]);
  });

  test('rewriting the same bytes under a name (a retried create) is accepted and stores one snapshot', async () => {
    const store = backend().store(fresh());
    const first = await store.write('a.json', bytes('same'));
    expect(await store.write('a.json', bytes('same'))).toEqual(first);
    expect(await store.list()).toEqual([first]);
  });

  test('a listing spanning several pages returns every snapshot once, oldest first', async () => {
    const { pageSize } = backend();
    const store = backend().store(fresh(), pageSize);
    const count = pageSize * 2 + 3;
    const names = Array.from({ length: count }, (_, i) => `2026-12-02T${String(i).padStart(4, '0')}.json`);
    // Written out of order: the listing sorts them.
    const shuffled = [...names].sort((a, b) => (a.endsWith('1.json') === b.endsWith('1.json') ? 0 : a.endsWith('1.json') ? -1 : 1));
    for (let i = 0; i < shuffled.length; i += 8) await Promise.all(shuffled.slice(i, i + 8).map((name) => store.write(name, bytes(name))));
    const listed = await store.list();
    expect(listed.map((ref) => ref.name)).toEqual(names);
  }, 60_000);

  test('only the snapshots directly under the prefix are listed, never deeper ones or neighbours', async () => {
    const root = fresh();
    const store = backend().store([...root, 'jobs']);
    await store.write('mine.json', bytes('mine'));
    await backend().store([...root, 'jobs', 'deeper']).write('nested.json', bytes('nested'));
    await backend().store([...root, 'jobs-other']).write('neighbour.json', bytes('neighbour'));
    expect((await store.list()).map((ref) => ref.name)).toEqual(['mine.json']);
  });

  test('retention removes one snapshot; reading it after is not-found; removing it again is harmless', async () => {
    const store = backend().store(fresh());
    const old = await store.write('2026-01-01.json', bytes('old'));
    const kept = await store.write('2026-02-01.json', bytes('kept'));
    await store.remove(old);
    expect(await store.list()).toEqual([kept]);
    const gone = await storeError(store.read(old));
    expect(gone.code).toBe('not-found');
    expect(gone.location).toBe(old.location);
    await store.remove(old);
    expect(text(await store.read(kept))).toBe('kept');
  });

  test('names that are not one plain path segment are refused before any call', async () => {
    const store = backend().store(fresh());
    for (const name of ['', 'a/b.json', '.partial.json', 'tab\there.json']) {
      const refused = await storeError(store.write(name, bytes('x')));
      expect(refused.message).toContain('not a snapshot name');
    }
    expect(await store.list()).toEqual([]);
  });

  test('a write the identity may not make is denied, naming what to grant; what was stored stays readable', async () => {
    const { writer, reader } = backend().deniedStores(fresh());
    const stored = await writer.write('kept.json', bytes('kept'));
    expect(text(await reader.read(stored))).toBe('kept');
    const denied = await storeError(reader.write('new.json', bytes('new')));
    expect(denied.code).toBe('denied');
    expect(denied.location).toContain('new.json');
    for (const words of backend().deniedWriteMentions) expect(denied.message).toContain(words);
    expect(text(await writer.read(stored))).toBe('kept');
    await expect(writer.read({ name: 'new.json', location: denied.location })).rejects.toMatchObject({ code: 'not-found' });
  });

  test('an endpoint that does not answer makes listing unreadable and writing unwritable, naming the location', async () => {
    const store = backend().unreachableStore();
    const listing = await storeError(store.list());
    expect(listing.code).toBe('unreadable');
    expect(listing.location).toBe(store.description);
    expect(listing.message).toContain(`Could not list snapshots in ${store.description}`);
    const writing = await storeError(store.write('a.json', bytes('a')));
    expect(writing.code).toBe('unwritable');
    expect(writing.location).toContain('a.json');
  });

  test('a bucket or container that does not exist is not-found, naming it', async () => {
    const { store, name } = backend().missingContainerStore();
    const failed = await storeError(store.list());
    expect(failed.code).toBe('not-found');
    expect(failed.message).toContain(name);
    expect(failed.location).toBe(store.description);
  });
}
