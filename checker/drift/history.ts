// A snapshot history inside a store: naming, the newest one, writing a new one, retention. A history is a
// series: one per provider, and one per shard of an organization-wide run (`aws-shard-2-of-4`), since each
// shard sees only its part of the estate and must be compared with its own past, whatever store it shares.
// Names sort oldest first: `2026-12-02T19-22-06.123Z-aws.json`; a second snapshot taken in the same
// millisecond gets `~01`, `~02`, ... after the time, which still sorts after the first.
import { SnapshotStoreError, type SnapshotRef, type SnapshotStore } from './store';
import { parseSnapshot, serializeSnapshot, type Snapshot } from './snapshot';

const MAX_SAME_MILLISECOND = 99;

/** The history a snapshot belongs to: its provider, and its shard when the run covered one shard of several. */
export function snapshotSeries(snapshot: Pick<Snapshot, 'provider' | 'estate'>): string {
  const estate = snapshot.estate;
  if (!estate || estate.shardCount === 1) return snapshot.provider;
  return `${snapshot.provider}-shard-${estate.shards.join('.')}-of-${estate.shardCount}`;
}

export function snapshotName(takenAt: string, series: string, sequence = 0): string {
  const stamp = new Date(takenAt).toISOString().replace(/:/g, '-');
  return `${stamp}${sequence === 0 ? '' : `~${String(sequence).padStart(2, '0')}`}-${series}.json`;
}

/** The series' snapshots in the store, oldest first. Other files (other providers' or shards' snapshots) are left alone. */
export async function seriesSnapshots(store: SnapshotStore, series: string): Promise<SnapshotRef[]> {
  return (await store.list()).filter((ref) => ref.name.endsWith(`-${series}.json`));
}

export interface StoredSnapshot {
  readonly ref: SnapshotRef;
  readonly snapshot: Snapshot;
}

/** The newest snapshot of the series, parsed; undefined when there is none. Throws SnapshotFormatError or SnapshotStoreError. */
export async function latestSnapshot(store: SnapshotStore, series: string): Promise<StoredSnapshot | undefined> {
  const refs = await seriesSnapshots(store, series);
  const ref = refs.at(-1);
  if (ref === undefined) return undefined;
  return { ref, snapshot: parseSnapshot(await store.read(ref), ref.location) };
}

/** Stores `snapshot` under a new name (never over an existing one). */
export async function writeSnapshot(store: SnapshotStore, snapshot: Snapshot): Promise<SnapshotRef> {
  const body = serializeSnapshot(snapshot);
  for (let sequence = 0; ; sequence += 1) {
    try {
      return await store.write(snapshotName(snapshot.takenAt, snapshotSeries(snapshot), sequence), body);
    } catch (error) {
      if (!(error instanceof SnapshotStoreError && error.code === 'exists') || sequence >= MAX_SAME_MILLISECOND) throw error;
    }
  }
}

/** Keeps the newest `retain` snapshots of the series and removes the older ones; returns those removed. */
export async function applyRetention(store: SnapshotStore, series: string, retain: number): Promise<SnapshotRef[]> {
  const refs = await seriesSnapshots(store, series);
  const excess = refs.slice(0, Math.max(0, refs.length - retain));
  for (const ref of excess) await store.remove(ref);
  return excess;
}
