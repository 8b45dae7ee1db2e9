import { MAX_SHARDS, ShardError, parseShard, partitionEstate, shardFromEnvironment, shardOf } from '../../../providers/collect/estate';
import { mergeEstateCoverage } from '../../../policies/model';

const accounts = Array.from({ length: 400 }, (_, i) => String(100000000000 + i * 7919));

describe('parseShard', () => {
  it('reads i/n numbered from 1', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    expect(parseShard(' 1 / 1 ')).toEqual({ index: 1, count: 1 });
  });
  it.each(['0/4', '5/4', '1/0', 'two/4', '1-4', '', `1/${MAX_SHARDS + 1}`])('refuses %p with what would be right', (text) => {
    expect(() => parseShard(text)).toThrow(ShardError);
    expect(() => parseShard(text)).toThrow(/--shard/);
  });
});

describe('shardFromEnvironment', () => {
  it('turns Cloud Run\'s task index (from 0) into a shard numbered from 1', () => {
    expect(shardFromEnvironment({ CLOUD_RUN_TASK_INDEX: '0', CLOUD_RUN_TASK_COUNT: '3' })).toEqual({ index: 1, count: 3 });
    expect(shardFromEnvironment({ CLOUD_RUN_TASK_INDEX: '2', CLOUD_RUN_TASK_COUNT: '3' })).toEqual({ index: 3, count: 3 });
  });
  it('reads Kubernetes and AWS Batch indexes with INFERGUARD_SHARD_COUNT, and INFERGUARD_SHARD first', () => {
    expect(shardFromEnvironment({ JOB_COMPLETION_INDEX: '1', INFERGUARD_SHARD_COUNT: '2' })).toEqual({ index: 2, count: 2 });
    expect(shardFromEnvironment({ AWS_BATCH_JOB_ARRAY_INDEX: '0', INFERGUARD_SHARD_COUNT: '2' })).toEqual({ index: 1, count: 2 });
    expect(shardFromEnvironment({ INFERGUARD_SHARD: '3/5', CLOUD_RUN_TASK_INDEX: '0', CLOUD_RUN_TASK_COUNT: '3' })).toEqual({ index: 3, count: 5 });
  });
  it('names what is missing', () => {
    expect(() => shardFromEnvironment({})).toThrow(/found no task index/);
    expect(() => shardFromEnvironment({ JOB_COMPLETION_INDEX: '1' })).toThrow(/INFERGUARD_SHARD_COUNT/);
    expect(() => shardFromEnvironment({ CLOUD_RUN_TASK_INDEX: 'x', CLOUD_RUN_TASK_COUNT: '2' })).toThrow(/task index from 0/);
    expect(() => shardFromEnvironment({ CLOUD_RUN_TASK_INDEX: '3', CLOUD_RUN_TASK_COUNT: '3' })).toThrow(/numbered 1 to 3/);
  });
});

describe('partitionEstate', () => {
  it('splits the estate into disjoint shards that together cover it, each roughly even', () => {
    const parts = [1, 2, 3, 4].map((index) => partitionEstate(accounts, { index, count: 4 }).selected);
    expect(parts.flat().sort()).toEqual([...accounts].sort());
    expect(new Set(parts.flat()).size).toBe(accounts.length);
    for (const part of parts) expect(part.length).toBeGreaterThan(60); // 100 expected; a skewed hash would starve a shard
  });
  it('keeps every account in its shard when others join the estate', () => {
    const before = partitionEstate(accounts, { index: 3, count: 4 }).selected;
    const grown = partitionEstate([...accounts, '999999999991', '999999999992', '999999999993'], { index: 3, count: 4 }).selected;
    expect(grown.filter((id) => accounts.includes(id))).toEqual(before);
  });
  it('does not depend on discovery order', () => {
    expect(shardOf('123456789012', 8)).toBe(shardOf('123456789012', 8));
    const reversed = partitionEstate([...accounts].reverse(), { index: 2, count: 4 }).selected;
    expect([...reversed].sort()).toEqual([...partitionEstate(accounts, { index: 2, count: 4 }).selected].sort());
  });
  it('states the whole estate and the shard it covers; without a shard, all of it', () => {
    const part = partitionEstate(['b', 'a', 'a'], { index: 1, count: 2 });
    expect(part.coverage).toEqual({ discovered: ['a', 'b'], shardCount: 2, shards: [1] });
    expect(partitionEstate(['b', 'a'], undefined)).toEqual({ selected: ['b', 'a'], coverage: { discovered: ['a', 'b'], shardCount: 1, shards: [1] } });
  });
});

describe('mergeEstateCoverage', () => {
  it('joins shards of one split, in any order, idempotently', () => {
    const one = partitionEstate(accounts, { index: 1, count: 2 }).coverage;
    const two = partitionEstate(accounts, { index: 2, count: 2 }).coverage;
    const merged = mergeEstateCoverage([two, one]);
    expect(merged).toEqual(mergeEstateCoverage([one, two]));
    expect(mergeEstateCoverage([merged!, one])).toEqual(merged);
    expect(merged?.shards).toEqual([1, 2]);
  });
  it('names each inactive member once, sorted, whichever shards stated it', () => {
    const inactive = [
      { id: '999999999999', state: 'SUSPENDED' },
      { id: '100000000000', state: 'CLOSED' },
      { id: '999999999999', state: 'SUSPENDED' },
    ];
    const one = partitionEstate(accounts, { index: 1, count: 2 }, inactive).coverage;
    const two = partitionEstate(accounts, { index: 2, count: 2 }, inactive.slice(1)).coverage;
    expect(one.inactive).toEqual([inactive[1], inactive[0]]);
    expect(mergeEstateCoverage([two, one])?.inactive).toEqual([inactive[1], inactive[0]]);
    // None: no field, so reports of estates without inactive members read as before.
    expect(partitionEstate(accounts, undefined).coverage).not.toHaveProperty('inactive');
  });
  it('refuses runs that split the estate differently', () => {
    expect(() => mergeEstateCoverage([partitionEstate(accounts, { index: 1, count: 2 }).coverage, partitionEstate(accounts, { index: 1, count: 3 }).coverage])).toThrow(/same --shard/);
  });
});
