// A provider's snapshot history inside a store: naming, the newest one, writing a new one, retention.
// Names sort oldest first: `2026-12-02T19-22-06.123Z-aws.json`; a second snapshot taken in the same
// millisecond gets `~01`, `~02`, ... after the time, which still sorts after the first.
import type { Provider } from '../../policies/model';
import { SnapshotStoreError, type SnapshotRef, type SnapshotStore } from './store';
import { parseSnapshot, serializeSnapshot, type Snapshot } from './snapshot';

const MAX_SAME_MILLISECOND = 99;

export function snapshotName(takenAt: string, provider: Provider, sequence = 0): string {
  const stamp = new Date(takenAt).toISOString().replace(/:/g, '-');
  return `${stamp}${sequence === 0 ? '' : `~${String(sequence).padStart(2, '0')}`}-${provider}.json`;
}

/** This provider's snapshots in the store, oldest first. Other files (other providers' snapshots) are left alone. */
export async function providerSnapshots(store: SnapshotStore, provider: Provider): Promise<SnapshotRef[]> {
  return (await store.list()).filter((ref) => ref.name.endsWith(`-${provider}.json`));
}

export interface StoredSnapshot {
  readonly ref: SnapshotRef;
  readonly snapshot: Snapshot;
}

/** The newest snapshot of `provider`, parsed; undefined when there is none. Throws SnapshotFormatError or SnapshotStoreError. */
export async function latestSnapshot(store: SnapshotStore, provider: Provider): Promise<StoredSnapshot | undefined> {
  const refs = await providerSnapshots(store, provider);
  const ref = refs.at(-1);
  if (ref === undefined) return undefined;
  return { ref, snapshot: parseSnapshot(await store.read(ref), ref.location) };
}

/** Stores `snapshot` under a new name (never over an existing one). */
export async function writeSnapshot(store: SnapshotStore, snapshot: Snapshot): Promise<SnapshotRef> {
  const body = serializeSnapshot(snapshot);
  for (let sequence = 0; ; sequence += 1) {
    try {
      return await store.write(snapshotName(snapshot.takenAt, snapshot.provider, sequence), body);
    } catch (error) {
      if (!(error instanceof SnapshotStoreError && error.code === 'exists') || sequence >= MAX_SAME_MILLISECOND) throw error;
    }
  }
}

/** Keeps the newest `retain` snapshots of `provider` and removes the older ones; returns those removed. */
export async function applyRetention(store: SnapshotStore, provider: Provider, retain: number): Promise<SnapshotRef[]> {
  const refs = await providerSnapshots(store, provider);
  const excess = refs.slice(0, Math.max(0, refs.length - retain));
  for (const ref of excess) await store.remove(ref);
  return excess;
}
