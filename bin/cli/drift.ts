// `drift <cloud>`: audit, store a snapshot, compare with the previous one (posture drift) and, with
// --iac, with the declared configuration; tell the team when something changed. One subcommand per
// cloud that has a live audit, with the same options as `audit <cloud>`.
import { performance } from 'node:perf_hooks';
import { isAbsolute, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import type { Severity } from '../../policies/control';
import type { Inventory } from '../../policies/model';
import { emit } from '../../checker/output';
import { createProgress, type Progress } from '../../checker/progress';
import { FORMAT_NAMES, formats, renderOptionsFor, type FormatName } from '../../checker/report/index';
import { EXIT_CODES, plural, runAudit, type Report } from '../../checker/run';
import { applyRetention, latestSnapshot, snapshotSeries, writeSnapshot, type StoredSnapshot } from '../../checker/drift/history';
import { NOTIFICATION_SCHEMA_VERSION, type DriftNotification } from '../../checker/drift/notify/message';
import { hasChannels, sendNotifications, type DeliveryResult, type NotifyChannels, type RetryPolicy } from '../../checker/drift/notify/index';
import { DEFAULT_RETRY } from '../../checker/drift/notify/retry';
import { topicRegion } from '../../checker/drift/notify/sns';
import { comparePosture, type FindingChange, type PostureDrift } from '../../checker/drift/posture';
import { SnapshotFormatError, snapshotOf, type Snapshot } from '../../checker/drift/snapshot';
import { SnapshotStoreError, type SnapshotRef, type SnapshotStore } from '../../checker/drift/store';
import { openSnapshotStore } from '../../checker/drift/stores/open';
import type { CliContext } from './context';
import { readDeclaredInventory, realCompareConfiguration, type CompareConfiguration, type ConfigurationComparison } from './drift-iac';
import { AuditError, UsageError, errorMessage } from './errors';
import {
  concurrencyOption,
  configOption,
  failOnOption,
  formatOption,
  integerParser,
  nonEmpty,
  outputOption,
  quietOption,
  requestTimeoutOption,
  resolveShard,
  shardOption,
} from './options';
import { progressTally } from './progress-events';
import { providerFor, type CloudProvider, type ProviderAudit } from './registry';
import { checkOutputPath, configInput, loadSettings, type RunInput } from './report-flow';

/** What `drift` calls outside itself; tests replace any of them through CliDeps.drift. */
export interface DriftDeps {
  openStore(location: string, env: Readonly<Record<string, string | undefined>>): Promise<SnapshotStore>;
  /** Undefined while this build has no configuration-drift comparison: `--iac` is then refused. */
  readonly compareConfiguration: CompareConfiguration;
  readonly retry: RetryPolicy;
}

export function realDriftDeps(): DriftDeps {
  return { openStore: openSnapshotStore, compareConfiguration: realCompareConfiguration(), retry: DEFAULT_RETRY };
}

export const DEFAULT_STORE = '.inferguard/snapshots';

/** `summary` and `json` show the drift; the rest render the current audit as `audit <cloud>` would (`audit-json` is its JSON). */
const AUDIT_FORMATS = FORMAT_NAMES.map((name) => (name === 'json' ? 'audit-json' : name));
const DRIFT_FORMATS = ['summary', 'json', ...AUDIT_FORMATS];

export const DRIFT_EXIT_CODES_HELP = `
Exit codes (for a scheduler to alert on):
  0  no change since the previous snapshot (or a first, baseline snapshot), and every read worked
  1  drift found: posture changed (new or resolved failures at or above --fail-on, new or resolved
     unknowns, resources appeared, vanished or not seen, accounts or regions added to or gone from
     the scope, waivers expired, reads newly failing or working again),
     or with --iac, live configuration differs from the IaC
  2  usage or configuration error, or the snapshot store holds an unreadable, foreign or newer snapshot
     (nothing is written; the message names the file)
  3  no drift found, but the audit is incomplete (reads failed): unread resources may have changed
A failed notification is reported on stderr and in the summary; the snapshot is stored before any is sent.`;

interface DriftFlags {
  readonly format: string;
  readonly output?: string;
  readonly config?: string;
  readonly failOn: Severity;
  readonly quiet?: boolean;
  readonly showPassed?: boolean;
  readonly concurrency: number;
  readonly requestTimeoutMs: number;
  readonly store: string;
  readonly retain?: number;
  readonly iac?: string;
  readonly notifyWebhook?: string;
  readonly webhookSecretEnv?: string;
  readonly notifySnsTopic?: string;
}

/** The drift result, as `--format json` prints it. */
export interface DriftResult {
  readonly driftVersion: 1;
  readonly provider: Report['provider'];
  readonly scope: Report['scope'];
  readonly takenAt: string;
  /** Where this run's snapshot is stored. */
  readonly snapshot: string;
  /** The snapshot compared with; null on a first (baseline) run. */
  readonly previous: { readonly takenAt: string; readonly snapshot: string } | null;
  readonly posture: PostureDrift | null;
  readonly configuration: unknown;
  readonly drifted: boolean;
  readonly incomplete: boolean;
  readonly notifications: readonly DeliveryResult[];
  /** Snapshots removed by --retain. */
  readonly removed: readonly string[];
}

function parseWebhookUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    // The URL may hold a token in its path: never echo it.
    throw new UsageError('--notify-webhook: expected an http:// or https:// URL.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`--notify-webhook: expected an http:// or https:// URL, not ${url.protocol}//.`);
  return value;
}

function parseTopicArn(value: string): string {
  if (topicRegion(value) === undefined) throw new UsageError(`--notify-sns-topic ${value}: expected an SNS topic ARN, e.g. arn:aws:sns:us-east-1:123456789012:inferguard-drift.`);
  return value;
}

function notifyChannels(flags: DriftFlags, env: Readonly<Record<string, string | undefined>>): NotifyChannels {
  let secret: string | undefined;
  if (flags.webhookSecretEnv !== undefined) {
    if (flags.notifyWebhook === undefined) throw new UsageError('--webhook-secret-env signs webhook deliveries; give --notify-webhook URL too.');
    secret = env[flags.webhookSecretEnv];
    if (secret === undefined || secret === '') throw new UsageError(`--webhook-secret-env ${flags.webhookSecretEnv}: the environment variable ${flags.webhookSecretEnv} is not set or empty; set it to the webhook's signing secret.`);
  }
  const snsEndpoint = env.AWS_ENDPOINT_URL_SNS ?? env.AWS_ENDPOINT_URL;
  return {
    ...(flags.notifyWebhook === undefined ? {} : { webhook: { url: flags.notifyWebhook, ...(secret === undefined ? {} : { secret }) } }),
    ...(flags.notifySnsTopic === undefined ? {} : { sns: { topicArn: flags.notifySnsTopic, ...(snsEndpoint ? { endpoint: snsEndpoint } : {}) } }),
  };
}

function isUrl(location: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(location);
}

async function openStore(deps: DriftDeps, location: string, cwd: string, env: Readonly<Record<string, string | undefined>>): Promise<SnapshotStore> {
  const resolved = isUrl(location) || isAbsolute(location) ? location : resolve(cwd, location);
  let store: SnapshotStore;
  try {
    store = await deps.openStore(resolved, env);
  } catch (error) {
    throw new UsageError(errorMessage(error));
  }
  // Fails before the audit when the store cannot even be listed (a wrong bucket, a folder we may not read).
  try {
    await store.list();
  } catch (error) {
    throw new UsageError(`--store ${location}: ${errorMessage(error)}`);
  }
  return store;
}

function describeScope(scope: Snapshot['scope']): string {
  return `accounts ${scope.accounts.join(', ') || '(none)'}, regions ${scope.regions.join(', ') || '(none)'}`;
}

/** The previous snapshot, or a usage error that names the file when it cannot be used. */
async function previousSnapshot(store: SnapshotStore, current: Snapshot): Promise<StoredSnapshot | undefined> {
  let previous: StoredSnapshot | undefined;
  try {
    previous = await latestSnapshot(store, snapshotSeries(current));
  } catch (error) {
    if (error instanceof SnapshotFormatError || error instanceof SnapshotStoreError) throw new UsageError(`${error.message} No new snapshot was written.`);
    throw error;
  }
  return previous;
}

const STATE_WORDS: Record<FindingChange['previous'], string> = { fail: 'failing', unknown: 'unknown', ok: 'passing', waived: 'waived', absent: 'new' };

function changeLine(change: FindingChange): string {
  return `    ${change.controlId} on ${change.resourceKind} ${change.resourceName} (${change.severity}; was ${STATE_WORDS[change.previous]}, now ${STATE_WORDS[change.current]}): ${change.message.split('\n')[0]}`;
}

/** One line per kind of change, each followed by its items: the human summary and the notification's lines. */
function postureLines(posture: PostureDrift): { headline: string[]; detail: string[] } {
  const headline: string[] = [];
  const detail: string[] = [];
  const section = <T>(items: readonly T[], noun: string, line: (item: T) => string) => {
    if (items.length === 0) return;
    headline.push(plural(items.length, noun));
    detail.push(`  ${plural(items.length, noun)}:`, ...items.map(line));
  };
  section(posture.newFailures, 'new failure', changeLine);
  section(posture.resolvedFailures, 'resolved failure', changeLine);
  section(posture.newUnknowns, 'new unknown', changeLine);
  section(posture.resolvedUnknowns, 'resolved unknown', changeLine);
  section(posture.appeared, 'resource appeared', (r) => `    ${r.kind} ${r.name} (${r.id})`);
  section(posture.vanished, 'resource vanished', (r) => `    ${r.kind} ${r.name} (${r.id})`);
  section(posture.unseen, 'resource not seen (reads failed: gone or unread)', (r) => `    ${r.kind} ${r.name} (${r.id})`);
  const { accountsAdded, accountsRemoved, regionsAdded, regionsRemoved } = posture.scope;
  const scopeParts = [
    ...accountsAdded.map((a) => `+account ${a}`),
    ...accountsRemoved.map((a) => `-account ${a}`),
    ...regionsAdded.map((r) => `+region ${r}`),
    ...regionsRemoved.map((r) => `-region ${r}`),
  ];
  section(scopeParts.length > 0 ? [scopeParts.join(', ')] : [], 'scope change', (line) => `    ${line}`);
  section(posture.leftScope, 'resource no longer in scope', (r) => `    ${r.kind} ${r.name} (${r.id})`);
  section(posture.expiredWaivers, 'waiver expired', (w) => `    ${w.id} (${w.control} on ${w.resource}, expired ${w.expires})`);
  section(posture.newGaps, 'newly failing read', (g) => `    ${g.service}:${g.operation}${g.region ? ` in ${g.region}` : ''}${g.resourceId ? ` on ${g.resourceId}` : ''}: ${g.errorCode}`);
  section(posture.resolvedGaps, 'read working again', (g) => `    ${g.service}:${g.operation}${g.region ? ` in ${g.region}` : ''}${g.resourceId ? ` on ${g.resourceId}` : ''}`);
  return { headline, detail };
}

function deliveryLine(delivery: DeliveryResult): string {
  return delivery.ok
    ? `  ${delivery.channel}: delivered${delivery.attempts > 1 ? ` (attempt ${delivery.attempts})` : ''}`
    : `  ${delivery.channel}: NOT DELIVERED after ${plural(delivery.attempts, 'attempt')}: ${delivery.error}`;
}

interface Outcome {
  readonly cloud: string;
  readonly store: SnapshotStore;
  readonly ref: SnapshotRef;
  readonly previous: StoredSnapshot | undefined;
  readonly report: Report;
  readonly posture: PostureDrift | undefined;
  readonly configuration: ConfigurationComparison | undefined;
  readonly deliveries: readonly DeliveryResult[];
  readonly removed: readonly SnapshotRef[];
  readonly drifted: boolean;
}

function summaryText(o: Outcome): string {
  const lines: string[] = [];
  const scope = describeScope(o.report.scope);
  if (o.previous === undefined) {
    lines.push(`inferguard drift ${o.cloud}: no previous snapshot in ${o.store.description}; stored a baseline snapshot (${scope}). The next run compares with it.`);
  } else if (o.posture?.changed) {
    const { headline, detail } = postureLines(o.posture);
    lines.push(`inferguard drift ${o.cloud}: posture drift since ${o.previous.snapshot.takenAt} (${scope}): ${headline.join(', ')}.`, ...detail);
  } else {
    lines.push(`inferguard drift ${o.cloud}: no posture drift since ${o.previous.snapshot.takenAt} (${scope}; ${plural(o.report.findings.length, 'finding')} compared).`);
  }
  if (o.configuration !== undefined) {
    lines.push(o.configuration.drifted ? 'Configuration drift (live differs from the IaC):' : 'No configuration drift: live matches the IaC.', ...o.configuration.summary.map((line) => `  ${line}`));
  }
  if (o.report.gaps.length > 0) lines.push(`Incomplete: ${plural(o.report.gaps.length, 'read')} failed in this run; what they would have read is unknown.`);
  lines.push(`Snapshot stored: ${o.ref.location}`);
  if (o.removed.length > 0) lines.push(`Retention: removed ${plural(o.removed.length, 'older snapshot')}.`);
  if (o.deliveries.length > 0) lines.push('Notifications:', ...o.deliveries.map(deliveryLine));
  return `${lines.join('\n')}\n`;
}

function driftResult(o: Outcome): DriftResult {
  return {
    driftVersion: 1,
    provider: o.report.provider,
    scope: o.report.scope,
    takenAt: o.report.generatedAt,
    snapshot: o.ref.location,
    previous: o.previous === undefined ? null : { takenAt: o.previous.snapshot.takenAt, snapshot: o.previous.ref.location },
    posture: o.posture ?? null,
    configuration: o.configuration?.result ?? null,
    drifted: o.drifted,
    incomplete: o.report.gaps.length > 0,
    notifications: o.deliveries,
    removed: o.removed.map((r) => r.location),
  };
}

function notification(o: Outcome, posture: PostureDrift): DriftNotification {
  return {
    schemaVersion: NOTIFICATION_SCHEMA_VERSION,
    event: 'inferguard.drift',
    tool: o.report.tool,
    provider: o.report.provider,
    scope: o.report.scope,
    takenAt: o.report.generatedAt,
    previousTakenAt: o.previous?.snapshot.takenAt ?? '',
    snapshot: o.ref.location,
    summary: [...postureLines(posture).headline, ...(o.configuration?.drifted ? ['configuration drift', ...o.configuration.summary] : [])],
    posture,
    ...(o.configuration === undefined ? {} : { configuration: o.configuration.result }),
  };
}

const EMPTY_POSTURE: PostureDrift = {
  newFailures: [],
  resolvedFailures: [],
  newUnknowns: [],
  resolvedUnknowns: [],
  appeared: [],
  vanished: [],
  unseen: [],
  scope: { accountsAdded: [], accountsRemoved: [], regionsAdded: [], regionsRemoved: [] },
  leftScope: [],
  expiredWaivers: [],
  newGaps: [],
  resolvedGaps: [],
  incomplete: false,
  changed: false,
};

async function collect(ctx: CliContext, audit: ProviderAudit, flags: DriftFlags & Readonly<Record<string, unknown>>, progress: Progress): Promise<Inventory> {
  const describe = progressTally();
  const shard = resolveShard(flags.shard, ctx.io.env);
  progress.phase(`Reading ${audit.describeTarget(flags, ctx.io.env)}`);
  try {
    const inventory = await audit.collect(flags, { concurrency: flags.concurrency, requestTimeoutMs: flags.requestTimeoutMs, onProgress: (event) => progress.update(describe(event)), ...(shard ? { shard } : {}) }, ctx.io.env);
    progress.done(`${inventory.resources.length} resources, ${inventory.gaps.length} failed reads`);
    return inventory;
  } catch (error) {
    progress.done('failed');
    throw error;
  }
}

export async function runDrift(ctx: CliContext, provider: CloudProvider & { audit: ProviderAudit }, flags: DriftFlags & Readonly<Record<string, unknown>>): Promise<number> {
  const { io } = ctx;
  const deps: DriftDeps = { ...realDriftDeps(), ...ctx.deps.drift };
  const inputs: RunInput[] = [
    ...configInput(flags.config),
    ...(flags.iac === undefined ? [] : [{ label: `--iac ${flags.iac}`, path: flags.iac }]),
    // A report written into the snapshot folder could be taken for a snapshot.
    ...(isUrl(flags.store) ? [] : [{ label: `the snapshot store ${flags.store}`, path: flags.store }]),
  ];
  checkOutputPath(io.cwd, flags.output, inputs);
  const channels = notifyChannels(flags, io.env);
  const compare = flags.iac === undefined ? undefined : deps.compareConfiguration;
  const settings = loadSettings(ctx, flags.config);
  const store = await openStore(deps, flags.store, io.cwd, io.env);
  // Read the IaC before the audit: a template we cannot read fails the run before any API call.
  const declared = flags.iac === undefined ? undefined : await readDeclaredInventory(provider, flags.iac, io.cwd);

  const progress = createProgress(io.stderr, { quiet: flags.quiet });
  const started = performance.now();
  const inventory = await collect(ctx, provider.audit, flags, progress);
  const report = runAudit({ inventory, baseline: settings.baseline, waivers: settings.waivers, now: io.now(), collectSeconds: (performance.now() - started) / 1000 });
  const snapshot = snapshotOf(report, inventory);

  const previous = await previousSnapshot(store, snapshot);
  let ref: SnapshotRef;
  try {
    ref = await writeSnapshot(store, snapshot);
  } catch (error) {
    throw new AuditError(`Could not store the snapshot in ${store.description}: ${errorMessage(error)}`);
  }
  progress.log(`Snapshot stored: ${ref.location}`);
  let removed: SnapshotRef[] = [];
  if (flags.retain !== undefined) {
    try {
      removed = await applyRetention(store, snapshotSeries(snapshot), flags.retain);
    } catch (error) {
      // The new snapshot is stored; a failed clean-up is worth saying, not worth failing the run.
      io.stderr.write(`inferguard: warning: retention (--retain ${flags.retain}) failed: ${errorMessage(error)}\n`);
    }
  }

  const posture = previous === undefined ? undefined : comparePosture(previous.snapshot, snapshot, { failOn: flags.failOn });
  const configuration = compare === undefined || declared === undefined ? undefined : compare(declared, inventory);
  const drifted = (posture?.changed ?? false) || (configuration?.drifted ?? false);
  const partial: Outcome = { cloud: provider.name, store, ref, previous, report, posture, configuration, deliveries: [], removed, drifted };

  let deliveries: DeliveryResult[] = [];
  if (drifted && hasChannels(channels)) {
    deliveries = await sendNotifications(channels, notification(partial, posture ?? EMPTY_POSTURE), () => io.now(), deps.retry);
    for (const failed of deliveries.filter((d) => !d.ok)) io.stderr.write(`inferguard: error: drift notification (${failed.channel}) not delivered after ${plural(failed.attempts, 'attempt')}: ${failed.error}\n`);
  }
  const outcome: Outcome = { ...partial, deliveries };

  const summary = summaryText(outcome);
  const render = (): string => {
    if (flags.format === 'summary') return summary;
    if (flags.format === 'json') return `${JSON.stringify(driftResult(outcome), null, 2)}\n`;
    const name = (flags.format === 'audit-json' ? 'json' : flags.format) as FormatName;
    return formats[name](report, renderOptionsFor({ stream: flags.output === undefined ? io.stdout : undefined, env: io.env, cwd: io.cwd, showPassed: flags.showPassed }));
  };
  const written = emit(() => ctx.redact(render()), { output: flags.output, cwd: io.cwd, stdout: io.stdout });
  // The summary goes to stderr when stdout or the file holds something else.
  if ((flags.format !== 'summary' || written !== undefined) && !flags.quiet) io.stderr.write(summary);

  if (drifted) return EXIT_CODES.failing;
  return report.gaps.length > 0 ? EXIT_CODES.incomplete : EXIT_CODES.ok;
}

/** The shared --fail-on, with what it means here. */
function driftFailOnOption(): Option {
  const option = failOnOption();
  option.description = 'changes of findings below this severity are listed but are not drift (no exit 1, no notification)';
  return option;
}

function registerProviderDrift(parent: Command, ctx: CliContext, provider: CloudProvider & { audit: ProviderAudit }): void {
  const command = parent.command(provider.name).description(`audit ${provider.title}, store a snapshot and report what changed since the previous one`);
  provider.audit.addOptions(command);
  command
    .addOption(concurrencyOption())
    .addOption(requestTimeoutOption())
    .addOption(shardOption())
    .addOption(formatOption(DRIFT_FORMATS, 'summary'))
    .addOption(outputOption())
    .addOption(configOption())
    .addOption(driftFailOnOption())
    .addOption(quietOption())
    .option('--show-passed', 'table: list passing and not-applicable results too')
    .addOption(new Option('--store <location>', 'where snapshots are kept: a folder (created if missing), s3://BUCKET/PREFIX, gs://BUCKET/PREFIX or https://ACCOUNT.blob.core.windows.net/CONTAINER/PREFIX').default(DEFAULT_STORE).argParser(nonEmpty('The snapshot store')))
    .addOption(new Option('--retain <n>', 'after a successful write, keep only the newest n snapshots of this cloud (default: keep all)').argParser(integerParser(1, 1_000_000)))
    .addOption(new Option('--iac <path>', "compare live resources with this IaC (a CloudFormation template or cdk.out, a Pulumi stack export or preview JSON): configuration drift").argParser(nonEmpty('The --iac path')))
    .addOption(new Option('--notify-webhook <url>', 'POST a JSON notification (see checker/drift/notify/NOTIFICATIONS.md) when drift is found').argParser(parseWebhookUrl))
    .addOption(new Option('--webhook-secret-env <name>', 'sign webhook deliveries with HMAC-SHA256 using the secret in this environment variable').argParser(nonEmpty('The variable name')))
    .addOption(new Option('--notify-sns-topic <arn>', 'publish the notification to this SNS topic when drift is found').argParser(parseTopicArn))
    .addHelpText(
      'after',
      `
Formats: summary (default) and json show the drift; ${AUDIT_FORMATS.join(', ')} render this run's audit as \`audit ${provider.name}\` would (audit-json is its JSON). With another format than summary, or --output, the summary goes to stderr.
${DRIFT_EXIT_CODES_HELP}`,
    )
    .action(async (flags: DriftFlags & Record<string, unknown>) => {
      ctx.exitCode = await runDrift(ctx, provider, flags);
    });
}

export function registerDrift(program: Command, ctx: CliContext): void {
  const auditable = ctx.deps.providers.filter((p): p is CloudProvider & { audit: ProviderAudit } => p.audit !== undefined);
  const names = auditable.map((p) => p.name).join(', ');
  const drift = program
    .command('drift')
    .description(`audit, store a snapshot and report what changed since the last one (clouds: ${names})`)
    .argument('[cloud]', `the cloud to check: ${names}`)
    .allowUnknownOption()
    .allowExcessArguments()
    .action((cloud: string | undefined) => {
      if (cloud === undefined) throw new UsageError(`Name the cloud: inferguard drift <cloud>, one of ${names} (see inferguard drift <cloud> --help).`);
      providerFor(ctx.deps.providers, cloud, 'audit', 'drift');
    });
  for (const provider of auditable) registerProviderDrift(drift, ctx, provider);
}
