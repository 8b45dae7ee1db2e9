// Organization-wide runs: the estate (every account, subscription or project discovery found) is split into
// shards that separate processes audit, and `inferguard merge` joins their reports. Membership is a stable
// hash of the id, so an account joining the estate never moves the others to another shard: each shard's
// drift history stays comparable from night to night.
import { createHash } from 'node:crypto';
import { sortedInactive, type EstateCoverage, type InactiveMember } from '../../policies/model';

/** One shard of `count`, numbered from 1 (as `--shard 2/4` reads). */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** More shards than this is a typo, not an estate: no batch engine runs them at once. */
export const MAX_SHARDS = 10_000;

export class ShardError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ShardError';
  }
}

/** `i/n` with 1 <= i <= n; throws ShardError saying what is wrong and what would be right. */
export function parseShard(text: string): Shard {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!match) throw new ShardError(`--shard takes i/n, such as 2/4 (the second of four shards), got "${text}"`);
  const index = Number(match[1]);
  const count = Number(match[2]);
  if (count < 1 || count > MAX_SHARDS) throw new ShardError(`--shard ${text}: the number of shards must be 1 to ${MAX_SHARDS}`);
  if (index < 1 || index > count) throw new ShardError(`--shard ${text}: shards are numbered 1 to ${count}`);
  return { index, count };
}

/**
 * The shard a batch engine assigned this task, from its environment: Cloud Run jobs
 * (CLOUD_RUN_TASK_INDEX from 0, CLOUD_RUN_TASK_COUNT), Kubernetes indexed jobs and AWS Batch array jobs
 * (JOB_COMPLETION_INDEX or AWS_BATCH_JOB_ARRAY_INDEX from 0, with INFERGUARD_SHARD_COUNT), or INFERGUARD_SHARD=i/n.
 */
export function shardFromEnvironment(env: Readonly<Record<string, string | undefined>>): Shard {
  if (env.INFERGUARD_SHARD) return parseShard(env.INFERGUARD_SHARD);
  const fromZero = (indexName: string, countName: string): Shard | undefined => {
    const index = env[indexName];
    if (index === undefined) return undefined;
    const count = env[countName];
    if (count === undefined) throw new ShardError(`--shard auto: ${indexName} is set but ${countName} is not; set ${countName} to the number of tasks`);
    if (!/^\d+$/.test(index.trim())) throw new ShardError(`--shard auto: ${indexName} must be a task index from 0, got "${index}"`);
    return parseShard(`${Number(index) + 1}/${count}`);
  };
  const found =
    fromZero('CLOUD_RUN_TASK_INDEX', 'CLOUD_RUN_TASK_COUNT') ??
    fromZero('JOB_COMPLETION_INDEX', 'INFERGUARD_SHARD_COUNT') ??
    fromZero('AWS_BATCH_JOB_ARRAY_INDEX', 'INFERGUARD_SHARD_COUNT');
  if (found) return found;
  throw new ShardError(
    '--shard auto found no task index: it reads CLOUD_RUN_TASK_INDEX/CLOUD_RUN_TASK_COUNT (Cloud Run jobs), JOB_COMPLETION_INDEX or AWS_BATCH_JOB_ARRAY_INDEX with INFERGUARD_SHARD_COUNT, or INFERGUARD_SHARD=i/n; or pass --shard i/n',
  );
}

/** The shard (1-based) an estate id belongs to: the first 48 bits of its SHA-256, modulo the count. */
export function shardOf(id: string, count: number): number {
  const digest = createHash('sha256').update(id, 'utf8').digest();
  return (digest.readUIntBE(0, 6) % count) + 1;
}

/** The part of a discovered estate one run audits, and the coverage its report states. */
export interface EstatePart {
  /** The ids this run audits, in discovery order. */
  readonly selected: readonly string[];
  readonly coverage: EstateCoverage;
}

/**
 * Splits the discovered estate; without a shard the run covers it whole (one shard of one). Every shard
 * states the whole list of `inactive` members, as it states the whole list discovered.
 */
export function partitionEstate(discovered: readonly string[], shard: Shard | undefined, inactive: readonly InactiveMember[] = []): EstatePart {
  const estate = [...new Set(discovered)];
  const { index, count } = shard ?? { index: 1, count: 1 };
  const left = sortedInactive(inactive);
  return {
    selected: estate.filter((id) => shardOf(id, count) === index),
    coverage: { discovered: [...estate].sort(), shardCount: count, shards: [index], ...(left.length > 0 ? { inactive: left } : {}) },
  };
}
