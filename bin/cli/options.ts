// Parsers for flag values. Each throws commander's InvalidArgumentError, which commander turns into
// "option '--flag <value>' argument 'bad' is invalid. <our message>" and exit 2.
import { InvalidArgumentError, Option } from 'commander';
import { SEVERITIES, type Severity } from '../../policies/control';
import { DEFAULT_REQUEST_TIMEOUT_MS } from '../../providers/collect/context';
import { ShardError, parseShard, shardFromEnvironment, type Shard } from '../../providers/collect/estate';
import { UsageError } from './errors';

/** AWS region names: us-east-1, eu-central-2, us-gov-west-1, cn-northwest-1, ap-southeast-5. */
const AWS_REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

export function parseRegionList(value: string): string[] {
  const regions = [...new Set(value.split(',').map((r) => r.trim()).filter((r) => r !== ''))];
  if (regions.length === 0) throw new InvalidArgumentError('Give at least one region, e.g. --regions us-east-1,eu-west-1.');
  const bad = regions.filter((r) => !AWS_REGION.test(r));
  if (bad.length > 0) {
    throw new InvalidArgumentError(`${bad.map((r) => `'${r}'`).join(', ')} is not an AWS region name; expected names like us-east-1 or eu-west-2, separated by commas.`);
  }
  return regions;
}

/**
 * The regions to audit: --regions, else AWS_REGION, else AWS_DEFAULT_REGION (the AWS CLI's own
 * order). An empty list leaves the choice to the SDK's region chain (the profile's region); the
 * reader then fails with a usage error that says how to set one if there is none.
 */
export function resolveRegions(flag: readonly string[] | undefined, env: Readonly<Record<string, string | undefined>>): string[] {
  if (flag) return [...flag];
  for (const name of ['AWS_REGION', 'AWS_DEFAULT_REGION']) {
    const value = env[name]?.trim();
    if (!value) continue;
    try {
      return parseRegionList(value);
    } catch (error) {
      throw new UsageError(`${name}=${value} is not valid: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return [];
}

export function integerParser(min: number, max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(`Expected a whole number from ${min} to ${max}.`);
    }
    return n;
  };
}

/**
 * Throws UsageError rather than InvalidArgumentError: commander repeats a rejected value in its
 * message, and an endpoint URL may carry credentials (http://user:secret@host).
 */
export function parseEndpointUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError('--endpoint-url: expected an http:// or https:// URL, e.g. http://127.0.0.1:4566.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`--endpoint-url: expected an http:// or https:// URL, not ${url.protocol}//.`);
  }
  return value;
}

export function nonEmpty(what: string): (value: string) => string {
  return (value) => {
    if (value.trim() === '') throw new InvalidArgumentError(`${what} cannot be empty.`);
    return value;
  };
}

/** Appends every occurrence of a repeatable flag, each checked by `parse`. */
export function repeatable<T>(parse: (value: string) => T): (value: string, previous: T[] | undefined) => T[] {
  return (value, previous) => [...(previous ?? []), parse(value)];
}

export const DEFAULT_FAIL_ON: Severity = 'low';

export function failOnOption(): Option {
  return new Option('--fail-on <severity>', 'exit 1 when a failing finding has this severity or higher')
    .choices(SEVERITIES)
    .default(DEFAULT_FAIL_ON);
}

export function formatOption(names: readonly string[], fallback: string): Option {
  return new Option('--format <format>', 'output format').choices(names).default(fallback);
}

export function outputOption(): Option {
  return new Option('--output <file>', 'write to this file (atomically) instead of stdout').argParser(nonEmpty('The output file name'));
}

export function configOption(): Option {
  return new Option('--config <file>', 'baseline settings and waivers (YAML or JSON)').argParser(nonEmpty('The config file name'));
}

export function quietOption(): Option {
  return new Option('--quiet', 'no progress or log lines on stderr');
}

export const DEFAULT_CONCURRENCY = 16;
export const MAX_CONCURRENCY = 64;

export function concurrencyOption(): Option {
  return new Option('--concurrency <n>', `parallel API calls, 1 to ${MAX_CONCURRENCY}`).argParser(integerParser(1, MAX_CONCURRENCY)).default(DEFAULT_CONCURRENCY);
}

export function requestTimeoutOption(): Option {
  return new Option('--request-timeout-ms <ms>', 'give up on a request (connecting or waiting for the answer) after this long; the read becomes a gap')
    .argParser(integerParser(100, 600_000))
    .default(DEFAULT_REQUEST_TIMEOUT_MS);
}

/** The exit codes of the commands that judge resources (audit, scan). */
export const REPORT_EXIT_CODES_HELP = `
Exit codes:
  0  no failing finding at or above --fail-on, and nothing left unknown
  1  failing findings at or above --fail-on
  2  usage or configuration error
  3  the audit could not complete: reads failed, or results at or above --fail-on are unknown,
     and nothing failed (1 wins over 3: a confirmed failure comes first; gaps stay in the report)`;

/** `--shard i/n|auto`, as typed; resolveShard turns it into a shard once the environment is known. */
export function shardOption(): Option {
  return new Option(
    '--shard <i/n|auto>',
    'audit one shard of the discovered estate (accounts, subscriptions or projects, split by a stable hash of the id); auto reads the batch engine\'s task index (CLOUD_RUN_TASK_INDEX, JOB_COMPLETION_INDEX, AWS_BATCH_JOB_ARRAY_INDEX) or INFERGUARD_SHARD; join the shards\' JSON reports with inferguard merge',
  ).argParser((value: string) => {
    if (value === 'auto') return value;
    try {
      parseShard(value);
    } catch (error) {
      throw new InvalidArgumentError((error as Error).message);
    }
    return value;
  });
}

/** The shard `--shard` names: parsed, or read from the batch engine's environment for `auto`. */
export function resolveShard(value: unknown, env: Readonly<Record<string, string | undefined>>): Shard | undefined {
  if (value === undefined) return undefined;
  try {
    return value === 'auto' ? shardFromEnvironment(env) : parseShard(String(value));
  } catch (error) {
    if (error instanceof ShardError) throw new UsageError(error.message);
    throw error;
  }
}
