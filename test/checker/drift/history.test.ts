import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyRetention, latestSnapshot, snapshotName, snapshotSeries, writeSnapshot } from '../../../checker/drift/history';
import { snapshotOf, type Snapshot } from '../../../checker/drift/snapshot';
import { LocalSnapshotStore } from '../../../checker/drift/stores/local';
import { partitionEstate } from '../../../providers/collect/estate';
import { sampleInventory, sampleReport } from '../sample-report';

const ESTATE = ['111111111111', '222222222222', '333333333333', '444444444444'];

function snapshotAt(takenAt: string, shard?: { index: number; count: number }): Snapshot {
  const inventory = sampleInventory();
  const snapshot = snapshotOf(sampleReport({ inventory }), inventory);
  return { ...snapshot, takenAt, ...(shard ? { estate: partitionEstate(ESTATE, shard).coverage } : {}) };
}

describe('snapshot series', () => {
  it('names an unsharded run by its provider, as before, and a shard by provider and shard', () => {
    expect(snapshotSeries(snapshotAt('2026-12-01T00:00:00.000Z'))).toBe('aws');
    expect(snapshotSeries(snapshotAt('2026-12-01T00:00:00.000Z', { index: 1, count: 1 }))).toBe('aws');
    expect(snapshotSeries(snapshotAt('2026-12-01T00:00:00.000Z', { index: 2, count: 4 }))).toBe('aws-shard-2-of-4');
    expect(snapshotName('2026-12-01T00:00:00.000Z', 'aws-shard-2-of-4')).toBe('2026-12-01T00-00-00.000Z-aws-shard-2-of-4.json');
  });

  it('keeps each shard\'s history apart in a shared store: a shard is compared with its own past only', async () => {
    const store = new LocalSnapshotStore(mkdtempSync(join(tmpdir(), 'inferguard-series-')));
    await writeSnapshot(store, snapshotAt('2026-12-01T00:00:00.000Z', { index: 1, count: 2 }));
    await writeSnapshot(store, snapshotAt('2026-12-01T00:00:01.000Z', { index: 2, count: 2 }));
    await writeSnapshot(store, snapshotAt('2026-12-01T00:00:02.000Z'));
    const first = await latestSnapshot(store, 'aws-shard-1-of-2');
    expect(first?.snapshot.takenAt).toBe('2026-12-01T00:00:00.000Z');
    expect(first?.snapshot.estate?.shards).toEqual([1]);
    expect((await latestSnapshot(store, 'aws-shard-2-of-2'))?.snapshot.takenAt).toBe('2026-12-01T00:00:01.000Z');
    expect((await latestSnapshot(store, 'aws'))?.snapshot.takenAt).toBe('2026-12-01T00:00:02.000Z');
    expect(await latestSnapshot(store, 'aws-shard-1-of-4')).toBeUndefined();
  });

  it('applies retention to one series and leaves the others', async () => {
    const store = new LocalSnapshotStore(mkdtempSync(join(tmpdir(), 'inferguard-series-')));
    for (const second of [0, 1, 2]) await writeSnapshot(store, snapshotAt(`2026-12-01T00:00:0${second}.000Z`, { index: 1, count: 2 }));
    await writeSnapshot(store, snapshotAt('2026-12-01T00:00:05.000Z', { index: 2, count: 2 }));
    const removed = await applyRetention(store, 'aws-shard-1-of-2', 1);
    expect(removed.map((ref) => ref.name)).toEqual(['2026-12-01T00-00-00.000Z-aws-shard-1-of-2.json', '2026-12-01T00-00-01.000Z-aws-shard-1-of-2.json']);
    expect((await store.list()).map((ref) => ref.name)).toEqual(['2026-12-01T00-00-02.000Z-aws-shard-1-of-2.json', '2026-12-01T00-00-05.000Z-aws-shard-2-of-2.json']);
  });
});
