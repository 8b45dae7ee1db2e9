// The clouds the CLI knows, as data: each registers what it brings (a live audit with its own options,
// template/plan readers for `scan`, a simulator with scenarios and fault rules). Shared commands
// dispatch through this list and never name a cloud. Adding a cloud is one entry in providers/index.ts.
import type { Command } from 'commander';
import type { ProgressListener } from '../../providers/collect/context';
import type { Shard } from '../../providers/collect/estate';
import type { Inventory } from '../../policies/model';
import { UsageError } from './errors';

/** Options every live audit takes, whatever the cloud. */
export interface CommonAuditOptions {
  /** Calls in flight at most. */
  readonly concurrency: number;
  /** Per request: a hung call becomes a coverage gap instead of stalling the run. */
  readonly requestTimeoutMs: number;
  readonly onProgress: ProgressListener;
  /**
   * `--shard i/n`: audit only the ids of the discovered estate that hash to this shard
   * (providers/collect/estate.ts partitionEstate) and state the coverage on the inventory.
   */
  readonly shard?: Shard;
}

export interface ProviderAudit {
  /** One line for `audit --help`. */
  readonly description: string;
  /** Adds this cloud's own options (regions, profile, endpoint, ...) to `audit <cloud>`. */
  addOptions(command: Command): void;
  /** The progress line's subject, e.g. "AWS resources in us-east-1"; flags as commander parsed them. */
  describeTarget(flags: Readonly<Record<string, unknown>>, env: Readonly<Record<string, string | undefined>>): string;
  /** Reads the live inventory. Throws UsageError for bad options, AuditError when it cannot run at all. */
  collect(flags: Readonly<Record<string, unknown>>, common: CommonAuditOptions, env: Readonly<Record<string, string | undefined>>): Promise<Inventory>;
}

/** A reader `scan` may hand a path to. */
export interface TemplateAdapter {
  /** What it reads, for messages: "a CloudFormation template (.json, .yaml, .yml) or a cdk.out folder". */
  readonly describes: string;
  /** Whether this adapter reads `path` (an existing file or folder). */
  accepts(path: string): boolean;
  /** Adds options this reader takes to `scan` (e.g. a parameters file), if any. */
  addOptions?(command: Command): void;
  /**
   * A template that cannot be parsed or understood throws UsageError. `flags`: `scan`'s options as parsed;
   * paths among them are relative to `context.cwd`.
   */
  read(path: string, flags: Readonly<Record<string, unknown>>, context: { readonly cwd: string }): Promise<Inventory>;
}

export interface SimScenarioInfo {
  readonly description: string;
}

export interface StartedSimulator {
  readonly url: string;
  readonly port: number;
  /** What is served, for the banner: `scenario "demo" (account ..., regions ...)`. */
  readonly summary: string;
  /** Environment that points this cloud's CLI and SDKs at the simulator. */
  readonly clientEnv: Readonly<Record<string, string>>;
  close(): Promise<void>;
}

export interface SimStartOptions {
  readonly host: string;
  readonly port: number;
  readonly latencyMs?: number;
  /** Fault rules as the user wrote them, each already accepted by `checkFault`. */
  readonly faults: readonly string[];
}

export interface ProviderSimulator {
  scenarios(): Readonly<Record<string, SimScenarioInfo>>;
  /** Throws an Error saying what is wrong with a `--fault` rule. */
  checkFault(rule: string): void;
  /** Rejects with `code: 'EADDRINUSE'` when the port is taken. */
  start(scenario: string, options: SimStartOptions): Promise<StartedSimulator>;
}

export interface CloudProvider {
  /** The name on the command line: `audit aws`, `sim aws`. */
  readonly name: string;
  /** For people: "AWS". */
  readonly title: string;
  readonly audit?: ProviderAudit;
  readonly templates?: readonly TemplateAdapter[];
  readonly simulator?: ProviderSimulator;
}

/** The provider called `name` that offers `what`, or a usage error listing those that do. */
export function providerFor<K extends 'audit' | 'simulator'>(
  providers: readonly CloudProvider[],
  name: string,
  what: K,
  usage: string,
): CloudProvider & Required<Pick<CloudProvider, K>> {
  const offering = providers.filter((p): p is CloudProvider & Required<Pick<CloudProvider, K>> => p[what] !== undefined);
  const found = offering.find((p) => p.name === name);
  if (found) return found;
  throw new UsageError(`Unknown cloud "${name}" for ${usage}. Registered: ${offering.map((p) => p.name).join(', ') || 'none'}.`);
}
