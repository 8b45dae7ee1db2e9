// The organization job's three Lambda entry points, one bundle: `listAccounts` (once per run: the organization's
// accounts, written to the bucket with a report of the listing's own gaps), `runShard` (one Distributed Map item:
// `inferguard audit|drift aws --accounts @file --role-name ... --shard i/n`, its report written to the run's prefix)
// and `mergeShards` (`inferguard merge` over the reports the shards wrote and the listing's report; a shard that wrote
// none is a gap in the merged report). The construct sets the environment; the event only names the run (the execution's name) and the shard, so whoever can invoke a function
// cannot point it at another bucket, role or account list.
import { mkdirSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { main } from '../../../bin/inferguard';
import { toolInfo } from '../../../checker/package-info';
import { parseReport } from '../../../checker/report/read';
import { summarize, type Report } from '../../../checker/run';
import { defaultBaseline } from '../../../policies/baseline';
import type { CoverageGap, EstateCoverage } from '../../../policies/model';
import { partitionEstate } from '../../collect/estate';
import { ORGANIZATIONS_MAX_ATTEMPTS, OrganizationListingError, listOrganizationAccounts, organizationsListing, type OrganizationsListing } from '../live/organization';

/** The environment variables the construct sets on the functions. */
export const ORGANIZATION_JOB_ENV = {
  bucket: 'INFERGUARD_ORG_BUCKET',
  prefix: 'INFERGUARD_ORG_PREFIX',
  mode: 'INFERGUARD_ORG_MODE',
  shardCount: 'INFERGUARD_ORG_SHARD_COUNT',
  roleName: 'INFERGUARD_ORG_ROLE_NAME',
  externalId: 'INFERGUARD_ORG_EXTERNAL_ID',
  sessionName: 'INFERGUARD_ORG_SESSION_NAME',
  regions: 'INFERGUARD_ORG_REGIONS',
  organizationalUnits: 'INFERGUARD_ORG_OUS',
  excludeAccounts: 'INFERGUARD_ORG_EXCLUDE_ACCOUNTS',
  retain: 'INFERGUARD_ORG_RETAIN',
  topicArn: 'INFERGUARD_ORG_SNS_TOPIC_ARN',
} as const;

export type OrganizationJobMode = 'audit' | 'drift';
type Env = Readonly<Record<string, string | undefined>>;

/** A required setting is missing or malformed: the deployment is wrong, not the accounts it audits. */
export class OrganizationJobConfigurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OrganizationJobConfigurationError';
  }
}

const DEPLOY_HINT = 'Deploy the job with ShardedOrganizationAudit, which sets it.';

function required(env: Env, name: string): string {
  const value = env[name];
  if (!value) throw new OrganizationJobConfigurationError(`${name} is not set. ${DEPLOY_HINT}`);
  return value;
}

const list = (value: string | undefined): string[] => (value ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');

export function jobMode(env: Env): OrganizationJobMode {
  const mode = env[ORGANIZATION_JOB_ENV.mode] ?? 'audit';
  if (mode !== 'audit' && mode !== 'drift') throw new OrganizationJobConfigurationError(`${ORGANIZATION_JOB_ENV.mode} is "${mode}": it must be audit or drift. ${DEPLOY_HINT}`);
  return mode;
}

export function shardCountOf(env: Env): number {
  const raw = required(env, ORGANIZATION_JOB_ENV.shardCount);
  if (!/^[1-9][0-9]*$/.test(raw)) throw new OrganizationJobConfigurationError(`${ORGANIZATION_JOB_ENV.shardCount} is "${raw}": it must be a whole number of shards, 1 or more.`);
  return Number(raw);
}

/** Where one run keeps its files: `<prefix>/runs/<run id>/...`. */
export function runKeys(prefix: string, runId: string) {
  const run = `${prefix}/runs/${runId}`;
  return {
    accounts: `${run}/accounts.txt`,
    /** A report holding only the listing's gaps (pages or OUs Organizations did not answer), merged with the shards'. */
    listing: `${run}/listing.json`,
    shardsPrefix: `${run}/shards/`,
    shard: (index: number, count: number) => `${run}/shards/${index}-of-${count}.json`,
    merged: `${run}/merged.json`,
    mergedOcsf: `${run}/merged.ocsf.json`,
  };
}

/** The drift snapshots of one shard: its scope is stable (a hash of each account id), so its history is too. */
export function shardStorePrefix(prefix: string, index: number, count: number): string {
  return `${prefix}/snapshots/shard-${index}-of-${count}`;
}

/** Step Functions execution names: 1-80 characters; the job accepts the safe subset Scheduler and the console use. */
const RUN_ID = /^[A-Za-z0-9_.-]{1,80}$/;

export interface RunEvent {
  readonly runId: string;
}
export interface ShardEvent extends RunEvent {
  readonly shard: number;
}

function runIdOf(event: unknown): string {
  const runId = typeof event === 'object' && event !== null ? (event as Record<string, unknown>).runId : undefined;
  if (typeof runId !== 'string' || !RUN_ID.test(runId)) {
    throw new OrganizationJobConfigurationError(`The event's runId is ${JSON.stringify(runId)}: it must be the execution's name (1-80 of letters, digits, _ . -). The state machine passes $$.Execution.Name.`);
  }
  return runId;
}

export function parseShardEvent(event: unknown, shardCount: number): ShardEvent {
  const runId = runIdOf(event);
  const shard = (event as Record<string, unknown>).shard;
  if (typeof shard !== 'number' || !Number.isInteger(shard) || shard < 1 || shard > shardCount) {
    throw new OrganizationJobConfigurationError(`The event's shard is ${JSON.stringify(shard)}: it must be a whole number from 1 to ${shardCount} (the job's shard count).`);
  }
  return { runId, shard };
}

/** The CLI arguments of one shard: audit (or drift) every account of the list that hashes to this shard. */
export function shardArguments(env: Env, event: ShardEvent, files: { readonly accounts: string; readonly output: string }): string[] {
  const mode = jobMode(env);
  const count = shardCountOf(env);
  const args = [mode, 'aws', '--accounts', `@${files.accounts}`, '--role-name', required(env, ORGANIZATION_JOB_ENV.roleName)];
  const externalId = env[ORGANIZATION_JOB_ENV.externalId];
  if (externalId) args.push('--external-id', externalId);
  const sessionName = env[ORGANIZATION_JOB_ENV.sessionName];
  if (sessionName) args.push('--role-session-name', sessionName);
  args.push('--shard', `${event.shard}/${count}`);
  const regions = env[ORGANIZATION_JOB_ENV.regions];
  if (regions) args.push('--regions', regions);
  if (mode === 'drift') {
    const bucket = required(env, ORGANIZATION_JOB_ENV.bucket);
    args.push('--store', `s3://${bucket}/${shardStorePrefix(required(env, ORGANIZATION_JOB_ENV.prefix), event.shard, count)}`);
    const retain = env[ORGANIZATION_JOB_ENV.retain];
    if (retain) {
      if (!/^[1-9][0-9]*$/.test(retain)) throw new OrganizationJobConfigurationError(`${ORGANIZATION_JOB_ENV.retain} is "${retain}": it must be a whole number of snapshots to keep, 1 or more.`);
      args.push('--retain', retain);
    }
    // Drift is news per shard: the CLI publishes what changed in its accounts; the merge reports the whole.
    const topicArn = env[ORGANIZATION_JOB_ENV.topicArn];
    if (topicArn) args.push('--notify-sns-topic', topicArn);
    // `drift --format json` is the drift; `audit-json` is this run's audit report, which `merge` joins.
    args.push('--format', 'audit-json', '--output', files.output);
  } else {
    args.push('--format', 'json', '--output', files.output);
  }
  return args;
}

/**
 * The `merge` arguments: every report (the shards' found and the listing's), the count expected (absent shards become
 * gaps), one merged report in `format`.
 */
export function mergeArguments(reports: readonly string[], shardCount: number, format: 'json' | 'ocsf', output: string): string[] {
  return ['merge', ...reports, '--shards', String(shardCount), '--format', format, '--output', output];
}

// ------------------------------------------------------------------------------------------------------------------
// The handlers. Their I/O (S3, Organizations, the CLI) is injectable for tests; Lambda calls them with none.
// ------------------------------------------------------------------------------------------------------------------

export interface JobDependencies {
  readonly s3: Pick<S3Client, 'send'>;
  readonly organizations: OrganizationsListing;
  readonly run: (argv: readonly string[]) => Promise<number>;
  readonly env: Env;
  /** Scratch space (Lambda: /tmp). */
  readonly workDir: string;
}

function realDependencies(): JobDependencies {
  return {
    s3: new S3Client({}),
    organizations: organizationsListing(new OrganizationsClient({ retryMode: 'adaptive', maxAttempts: ORGANIZATIONS_MAX_ATTEMPTS })),
    run: (argv) => main(argv),
    env: process.env,
    workDir: tmpdir(),
  };
}

async function download(deps: JobDependencies, bucket: string, key: string, file: string): Promise<void> {
  const out = await deps.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  if (!out.Body) throw new Error(`s3://${bucket}/${key} has no body`);
  writeFileSync(file, await out.Body.transformToByteArray());
}

async function upload(deps: JobDependencies, bucket: string, key: string, body: Buffer | string, contentType: string): Promise<void> {
  await deps.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType }));
}

export interface AccountsListed {
  readonly runId: string;
  readonly accountCount: number;
  /** Listing calls that failed after others answered: the accounts they would have listed are not audited (merged report gaps). */
  readonly listingGaps: number;
  /** The Distributed Map's items: 1..n. */
  readonly shards: readonly number[];
}

/** Where the list function runs and what it may call, for a listing that got no answer at all. */
const LIST_ROLE_ADVICE =
  'The list function calls Organizations as its role (ListRole) in the stack\'s account: deploy ShardedOrganizationAudit in the management account or a delegated administrator account for AWS Organizations, and check organizationalUnitIds';

/**
 * The listing as a report `inferguard merge` takes with the shards' reports: its gaps, and an estate covering no shard
 * (`shards: []`) that states the accounts listed and the inactive ones left out, so the merged report names them as the
 * CLI's does; no finding, no control; the shards' provider, source and baseline (they run without --config). Written on
 * every run, empty or not, so the merge step always reads it and a missing one is an error, not a silence.
 */
export function listingReport(listing: { readonly gaps: readonly CoverageGap[]; readonly estate: EstateCoverage }, now: Date): Report {
  const { gaps, estate } = listing;
  return {
    reportVersion: 1,
    tool: toolInfo(),
    generatedAt: now.toISOString(),
    provider: 'aws',
    source: 'live',
    scope: { accounts: [], regions: [] },
    estate: { ...estate, shards: [] },
    baseline: defaultBaseline().name,
    controls: [],
    findings: [],
    gaps: [...gaps],
    expiredWaivers: [],
    unusedWaivers: [],
    summary: summarize([], gaps.length),
  };
}

/**
 * Lists the organization's accounts once (the CLI's listing: each OU read once, inactive accounts left out, a page that
 * failed after others answered a gap), writes them (one id per line) where every shard reads them, and writes the
 * listing's gaps as a report the merge step joins. A listing that got no answer, or no account to audit, fails the step.
 */
export async function listAccounts(event: unknown, deps: JobDependencies = realDependencies()): Promise<AccountsListed> {
  const runId = runIdOf(event);
  const { env } = deps;
  const count = shardCountOf(env);
  const bucket = required(env, ORGANIZATION_JOB_ENV.bucket);
  const keys = runKeys(required(env, ORGANIZATION_JOB_ENV.prefix), runId);
  const organizationalUnitIds = list(env[ORGANIZATION_JOB_ENV.organizationalUnits]);
  const excluded = new Set(list(env[ORGANIZATION_JOB_ENV.excludeAccounts]));
  const listing = await listOrganizationAccounts(deps.organizations, organizationalUnitIds).catch((error: unknown) => {
    // The CLI's advice (its caller policy, --accounts) is not the job's: say where the job must be deployed.
    throw error instanceof OrganizationListingError ? new OrganizationListingError(error.failure, LIST_ROLE_ADVICE) : error;
  });
  const ids = listing.active.filter((id) => !excluded.has(id)).sort();
  if (ids.length === 0) {
    const where = organizationalUnitIds.length === 0 ? 'the organization' : organizationalUnitIds.join(', ');
    const first = listing.gaps[0];
    const failed = first === undefined ? '' : ` ${listing.gaps.length} listing call(s) failed, the first: organizations:${first.operation} on ${first.resourceId ?? where} (${first.errorCode}: ${first.message}).`;
    throw new Error(`No active account found in ${where} (after exclusions): nothing to audit.${failed} Check the organizational unit ids and excludeAccountIds.`);
  }
  await upload(deps, bucket, keys.accounts, `${ids.join('\n')}\n`, 'text/plain');
  const estate = partitionEstate(ids, { index: 1, count }, listing.inactive).coverage;
  await upload(deps, bucket, keys.listing, `${JSON.stringify(listingReport({ gaps: listing.gaps, estate }, new Date()), null, 2)}\n`, 'application/json');
  return { runId, accountCount: ids.length, listingGaps: listing.gaps.length, shards: Array.from({ length: count }, (_, i) => i + 1) };
}

export interface ShardDone {
  readonly shard: number;
  readonly exitCode: number;
  readonly reportKey: string;
}

/** Exit codes after which the report was written: 0 clean, 1 findings (audit) or drift (drift), 3 incomplete (gaps). */
export const REPORTED_EXIT_CODES: readonly number[] = [0, 1, 3];

/**
 * One shard. A usage error (exit 2) or a run that wrote no report throws: the map item fails after its retries, no
 * report exists for it, and the merge lists the shard as a gap.
 */
export async function runShard(event: unknown, deps: JobDependencies = realDependencies()): Promise<ShardDone> {
  const { env } = deps;
  const count = shardCountOf(env);
  const shardEvent = parseShardEvent(event, count);
  const bucket = required(env, ORGANIZATION_JOB_ENV.bucket);
  const keys = runKeys(required(env, ORGANIZATION_JOB_ENV.prefix), shardEvent.runId);
  const dir = join(deps.workDir, `inferguard-${shardEvent.runId}-shard-${shardEvent.shard}`);
  mkdirSync(dir, { recursive: true });
  const files = { accounts: join(dir, 'accounts.txt'), output: join(dir, 'report.json') };
  await download(deps, bucket, keys.accounts, files.accounts);
  const exitCode = await deps.run(shardArguments(env, shardEvent, files));
  if (!REPORTED_EXIT_CODES.includes(exitCode) || !existsSync(files.output)) {
    throw new Error(`inferguard ${jobMode(env)} aws (shard ${shardEvent.shard}/${count}) ended with exit code ${exitCode}${existsSync(files.output) ? '' : ' and wrote no report'}; see the log lines above. The merge lists this shard as a gap.`);
  }
  const reportKey = keys.shard(shardEvent.shard, count);
  await upload(deps, bucket, reportKey, readFileSync(files.output), 'application/json');
  return { shard: shardEvent.shard, exitCode, reportKey };
}

export interface MergeDone {
  readonly runId: string;
  readonly exitCode: number;
  readonly shardReports: number;
  readonly shardCount: number;
  /** Gaps of the account listing, carried into the merged report. */
  readonly listingGaps: number;
  readonly reportKey: string;
  readonly ocsfKey: string;
  /** Whether the state machine publishes `message` to the topic. */
  readonly notify: boolean;
  readonly message: string;
}

const EXIT_MEANING: Record<number, string> = {
  0: 'no failing finding, every read worked',
  1: 'failing findings',
  3: 'incomplete: some accounts, shards or reads are gaps',
};

/**
 * Merges every shard report the run wrote, and the listing's report (its gaps). Audit mode notifies on failing findings
 * or gaps; drift mode only on gaps (each shard already published its own drift).
 */
export async function mergeShards(event: unknown, deps: JobDependencies = realDependencies()): Promise<MergeDone> {
  const runId = runIdOf(event);
  const { env } = deps;
  const count = shardCountOf(env);
  const bucket = required(env, ORGANIZATION_JOB_ENV.bucket);
  const keys = runKeys(required(env, ORGANIZATION_JOB_ENV.prefix), runId);
  const found: string[] = [];
  let token: string | undefined;
  do {
    const page = await deps.s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: keys.shardsPrefix, ContinuationToken: token }));
    found.push(...(page.Contents ?? []).flatMap((o) => (o.Key?.endsWith('.json') ? [o.Key] : [])));
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token !== undefined);
  if (found.length === 0) throw new Error(`No shard of run ${runId} wrote a report (s3://${bucket}/${keys.shardsPrefix}): all ${count} shards failed; see the shard function's logs.`);
  const dir = join(deps.workDir, `inferguard-${runId}-merge`);
  mkdirSync(dir, { recursive: true });
  const shardReports = await Promise.all(
    found.sort().map(async (key, i) => {
      const file = join(dir, `shard-${i}.json`);
      await download(deps, bucket, key, file);
      return file;
    }),
  );
  // Without the listing's report the merge could not say whether Organizations listed every account.
  const listingFile = join(dir, 'listing.json');
  try {
    await download(deps, bucket, keys.listing, listingFile);
  } catch (error) {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    throw new Error(
      `The account listing's report s3://${bucket}/${keys.listing} could not be read (${reason}): the merged report could not state the listing's gaps. The list step writes it on every run; run the job again.`,
      { cause: error },
    );
  }
  const listingGaps = parseReport(readFileSync(listingFile), `s3://${bucket}/${keys.listing}`).gaps.length;
  const reports = [...shardReports, listingFile];
  const merged = join(dir, 'merged.json');
  const mergedOcsf = join(dir, 'merged.ocsf.json');
  const exitCode = await deps.run(mergeArguments(reports, count, 'json', merged));
  if (!REPORTED_EXIT_CODES.includes(exitCode) || !existsSync(merged)) throw new Error(`inferguard merge ended with exit code ${exitCode}; see the log lines above.`);
  const ocsfExit = await deps.run(mergeArguments(reports, count, 'ocsf', mergedOcsf));
  if (!REPORTED_EXIT_CODES.includes(ocsfExit) || !existsSync(mergedOcsf)) throw new Error(`inferguard merge --format ocsf ended with exit code ${ocsfExit}; see the log lines above.`);
  await upload(deps, bucket, keys.merged, readFileSync(merged), 'application/json');
  await upload(deps, bucket, keys.mergedOcsf, readFileSync(mergedOcsf), 'application/json');
  const mode = jobMode(env);
  const notify = mode === 'audit' ? exitCode !== 0 : exitCode === 3;
  const message =
    `inferguard organization ${mode} ${runId}: exit ${exitCode} (${EXIT_MEANING[exitCode] ?? 'unexpected'}); ` +
    `${found.length} of ${count} shard reports merged${found.length < count ? ' (the missing shards are gaps in the report)' : ''}` +
    `${listingGaps > 0 ? `; the account listing has ${listingGaps} gap(s) (accounts Organizations did not list were not audited)` : ''}. ` +
    `Report: s3://${bucket}/${keys.merged} (OCSF: s3://${bucket}/${keys.mergedOcsf}).`;
  return { runId, exitCode, shardReports: found.length, shardCount: count, listingGaps, reportKey: keys.merged, ocsfKey: keys.mergedOcsf, notify, message };
}
