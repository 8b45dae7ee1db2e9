// `npm run bench:org`: an organization-wide audit of the simulated AWS Organization, as 1, 2 and 4
// concurrent shard processes of the real CLI (`audit aws --organization --shard i/n`) plus `merge`,
// against a simulator in its own process with injected latency and per-account rate limits. Prints wall
// time per shard count, calls per account and throttled calls (the simulator's counters), the ratio to
// one shard, the CPU time the shards and the simulator used, and the projection for 1,000 accounts x 4
// regions on the AWS engine with the model behind it.
//
// The projection model (also printed with the numbers it used):
//   k       calls per audited account-region, measured here (every member call: SageMaker, KMS, IAM, EC2,
//           S3, ECR; global IAM/S3 reads are counted per region too, which over-estimates a little).
//   s       SageMaker calls per account-region, measured here (the API with the tightest assumed limit).
//   t       time one account-region took here: the one-shard report's own collect time
//           (`timing.collectSeconds`, process start left out) / ceil(accounts tried / accounts at once) / regions.
//   L, l    latency of one control-plane call from a Lambda in the region, ASSUMED 100 ms (not a documented
//           number), and the latency injected here.
//   c, a    calls per account in flight (--concurrency) and accounts a shard audits at once (--account-concurrency).
//   t_aws   = t + k x (L - l) / c: the time measured here with the extra latency of each call added.
//   F       a shard's fixed cost measured here: wall minus collect time (node start, SDK load, evaluation,
//           writing the report); it stands in for a Lambda's start (a cold start is not included).
//   A, G    accounts and regions (1,000 and 4); N shards = Lambda invocations of the Distributed Map.
//   One shard:  T_shard = ceil(A/20) x L + ceil(A / N / a) x G x max(t_aws, s / R_sagemaker)
//     (ListAccounts pages of 20: every shard lists the whole organization; an account-region is bound by
//     its own SageMaker rate only, since every account has its own buckets).
//   The organization-wide bounds, shared by every shard:
//     Organizations: N x ceil(A/20) ListAccounts calls against R_organizations -> T_org = N x ceil(A/20) / R_org
//     STS:           A AssumeRole calls from the management account against R_sts -> T_sts = A / R_sts
//   Total ~= F + max(T_shard, T_org, T_sts) + T_merge, with N chosen so F + T_shard stays under Lambda's
//   900 s timeout, and N <= the Distributed Map's parallel child executions (10,000 by default).
//
// Rate limits (per account and region; the simulator enforces the same ones in this run):
//   SageMaker Describe*/List*: AWS does not publish per-API TPS for the SageMaker control plane (calls over
//     it get ThrottlingException "Rate exceeded", per account and region). ASSUMED 10/s, burst 20.
//   STS AssumeRole: throttled per caller account with a token bucket (AWS Security Blog, "How to monitor and
//     query IAM resources at scale - Part 2"; repost.aws "iam-sts-throttling-error": the rates cannot be
//     raised); the number is not on the IAM and STS quotas page found here. ASSUMED 100/s, burst 100.
//   Organizations ListAccounts: the Organizations user guide (orgs_reference_limits.html) has a "Throttling
//     limits" section whose numbers could not be read here; the service answers TooManyRequestsException.
//     ASSUMED 2/s, burst 5, for the whole organization (it is hosted in us-east-1 only).
//   Step Functions Distributed Map: up to 10,000 parallel child workflow executions when MaxConcurrency is
//     not set (Step Functions developer guide, state-map-distributed). Lambda: 900 s maximum timeout and
//     1,000 concurrent executions per region by default (Lambda quotas page; not re-read here).
import { fork, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { simulatorClientEnv } from '../../sim/aws/client-env';
import { ORGANIZATION_AUDITOR_ROLE, ORGANIZATION_MANAGEMENT_ACCOUNT, planMembers, type CallCount, type OrganizationScenarioOptions, type RateLimits } from '../../sim/aws';
import { CPU_FILE_VARIABLE, type CpuSeconds } from './cpu-on-exit';
import { nextMessage, positiveInt } from './child';
import type { OrgSimStart } from './org-sim-process';

export const ASSUMED_RATE_LIMITS = {
  sagemaker: { perSecond: 10, burst: 20 },
  sts: { perSecond: 100, burst: 100 },
  organizations: { perSecond: 2, burst: 5 },
} as const;

const SIM_RATE_LIMITS: RateLimits = {
  apis: {
    sagemaker: ASSUMED_RATE_LIMITS.sagemaker,
    'sts:AssumeRole': ASSUMED_RATE_LIMITS.sts,
    organizations: ASSUMED_RATE_LIMITS.organizations,
  },
};

const PROJECTION = { accounts: 1000, regions: 4, awsLatencyMs: 100, lambdaTimeoutS: 900, distributedMapMaxChildren: 10_000 } as const;

const CLI = join(__dirname, '..', '..', 'bin', 'inferguard.js');
const CPU_ON_EXIT = join(__dirname, 'cpu-on-exit.js');

interface Options {
  readonly members: number;
  readonly regions: string[];
  readonly endpointsPerRegion: number;
  readonly latencyMs: number;
  readonly shards: number[];
  readonly concurrency: number;
  readonly accountConcurrency: number;
}

interface Exited {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI; with `cpuFile`, the process writes its CPU time there as it exits. */
function run(args: readonly string[], env: NodeJS.ProcessEnv, cpuFile?: string): Promise<Exited> {
  return new Promise((resolve, reject) => {
    const node = cpuFile ? ['--require', CPU_ON_EXIT, CLI] : [CLI];
    const child = spawn(process.execPath, [...node, ...args], { env: cpuFile ? { ...env, [CPU_FILE_VARIABLE]: cpuFile } : env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Fails with what is missing when the CLI does not offer the organization audit and merge yet. */
async function checkCliContract(env: NodeJS.ProcessEnv): Promise<void> {
  const audit = await run(['audit', 'aws', '--help'], env);
  const missing = ['--organization', '--role-name', '--account-concurrency', '--shard', '--format', '--output'].filter((flag) => !audit.stdout.includes(flag));
  const merge = await run(['merge', '--help'], env);
  const problems = [
    ...(audit.code !== 0 ? [`\`inferguard audit aws --help\` failed (exit ${audit.code}): ${audit.stderr.trim()}`] : missing.length > 0 ? [`\`inferguard audit aws\` has no ${missing.join(', ')}`] : []),
    ...(merge.code !== 0 ? [`\`inferguard merge\` is not a command yet (exit ${merge.code}): ${merge.stderr.trim().split('\n')[0]}`] : []),
  ];
  if (problems.length > 0) {
    throw new Error(
      `bench:org needs the organization-wide audit CLI (${CLI}):\n  - ${problems.join('\n  - ')}\n` +
        'Build the branch that adds `audit aws --organization --role-name --shard` and `inferguard merge FILE... --format json --output FILE` (npm run build), then run again.',
    );
  }
}

interface ReportFile {
  readonly findings?: readonly { readonly controlId?: string; readonly resourceId?: string; readonly status?: string }[];
  readonly gaps?: readonly unknown[];
  readonly timing?: { readonly collectSeconds?: number };
}

function findingSet(path: string): Set<string> {
  const report = JSON.parse(readFileSync(path, 'utf8')) as ReportFile;
  return new Set((report.findings ?? []).map((f) => `${f.controlId}|${f.resourceId}|${f.status}`));
}

interface ShardRun {
  readonly shards: number;
  readonly auditWallMs: number;
  readonly mergeWallMs: number;
  readonly exitCodes: readonly (number | null)[];
  /** The slowest shard's own collect time (its report's timing.collectSeconds). */
  readonly collectSeconds: number;
  readonly counts: readonly CallCount[];
  readonly findings: Set<string>;
  readonly gaps: number;
  /** User + system CPU seconds of every shard process together (start, collection, evaluation, report). */
  readonly shardCpuSeconds: number;
  /** User + system CPU seconds the simulator spent serving the run. */
  readonly simulatorCpuSeconds: number;
}

function cpuTotal(cpu: CpuSeconds): number {
  return cpu.user + cpu.system;
}

async function runShards(options: Options, scenario: OrganizationScenarioOptions, shards: number, dir: string): Promise<ShardRun> {
  const sim = fork(join(__dirname, 'org-sim-process.js'), { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  try {
    const start: OrgSimStart = { scenario, latencyMs: options.latencyMs, rateLimits: SIM_RATE_LIMITS };
    sim.send(start);
    const { url } = await nextMessage<{ url: string }>(sim);
    const env: NodeJS.ProcessEnv = { ...process.env, ...simulatorClientEnv(undefined, options.regions[0]), AWS_PROFILE: '', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
    const outputs = Array.from({ length: shards }, (_, i) => join(dir, `shards-${shards}-part-${i + 1}.json`));
    const cpuFiles = outputs.map((output) => `${output}.cpu.json`);
    const started = performance.now();
    const results = await Promise.all(
      outputs.map((output, i) =>
        run(
          ['audit', 'aws', '--organization', '--role-name', ORGANIZATION_AUDITOR_ROLE, '--endpoint-url', url, '--regions', options.regions.join(','), '--concurrency', String(options.concurrency), '--account-concurrency', String(options.accountConcurrency), '--shard', `${i + 1}/${shards}`, '--format', 'json', '--output', output],
          env,
          cpuFiles[i],
        ),
      ),
    );
    const auditWallMs = performance.now() - started;
    // 0 ok, 1 failing findings, 3 incomplete (the members without the role are gaps): a report was written.
    const broken = results.filter((r) => r.code !== 0 && r.code !== 1 && r.code !== 3);
    if (broken.length > 0) throw new Error(`a shard failed (exit ${broken[0].code}): ${broken[0].stderr.trim()}`);
    const merged = join(dir, `shards-${shards}-merged.json`);
    const mergeStarted = performance.now();
    const merge = await run(['merge', ...outputs, '--shards', String(shards), '--format', 'json', '--output', merged], env);
    const mergeWallMs = performance.now() - mergeStarted;
    if (merge.code !== 0 && merge.code !== 1 && merge.code !== 3) throw new Error(`merge failed (exit ${merge.code}): ${merge.stderr.trim()}`);
    sim.send('counts');
    const { counts, cpu } = await nextMessage<{ counts: CallCount[]; cpu: CpuSeconds }>(sim);
    const shardCpuSeconds = cpuFiles.reduce((sum, file) => sum + cpuTotal(JSON.parse(readFileSync(file, 'utf8')) as CpuSeconds), 0);
    const report = JSON.parse(readFileSync(merged, 'utf8')) as ReportFile;
    const collectSeconds = Math.max(...outputs.map((output) => (JSON.parse(readFileSync(output, 'utf8')) as ReportFile).timing?.collectSeconds ?? Number.NaN));
    return { shards, auditWallMs, mergeWallMs, exitCodes: results.map((r) => r.code), collectSeconds, counts, findings: findingSet(merged), gaps: report.gaps?.length ?? 0, shardCpuSeconds, simulatorCpuSeconds: cpuTotal(cpu) };
  } finally {
    sim.send('stop');
  }
}

interface AccountCalls {
  readonly calls: number;
  readonly throttled: number;
}

function perAccount(counts: readonly CallCount[], filter: (c: CallCount) => boolean = () => true): Map<string, AccountCalls> {
  const out = new Map<string, AccountCalls>();
  for (const c of counts.filter(filter)) {
    const prev = out.get(c.account) ?? { calls: 0, throttled: 0 };
    out.set(c.account, { calls: prev.calls + c.calls, throttled: prev.throttled + c.throttled });
  }
  return out;
}

function stats(values: readonly number[]): string {
  if (values.length === 0) return 'n/a';
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return `mean ${mean.toFixed(1)}, min ${Math.min(...values)}, max ${Math.max(...values)}`;
}

function project(options: Options, one: ShardRun, audited: readonly string[], tried: number): string[] {
  const memberCalls = perAccount(one.counts, (c) => audited.includes(c.account));
  const sagemakerCalls = perAccount(one.counts, (c) => audited.includes(c.account) && c.service === 'sagemaker');
  const total = [...memberCalls.values()].reduce((a, b) => a + b.calls, 0);
  const k = total / (audited.length * options.regions.length);
  const s = [...sagemakerCalls.values()].reduce((a, b) => a + b.calls, 0) / (audited.length * options.regions.length);
  if (!Number.isFinite(one.collectSeconds)) throw new Error('the one-shard report has no timing.collectSeconds: cannot separate the calls from the process start');
  const startS = one.auditWallMs / 1000 - one.collectSeconds;
  const a = options.accountConcurrency;
  const t = one.collectSeconds / Math.ceil(tried / a) / options.regions.length;
  const { accounts: A, regions: G, awsLatencyMs, lambdaTimeoutS, distributedMapMaxChildren } = PROJECTION;
  const L = awsLatencyMs / 1000;
  const tAws = t + (k * (L - options.latencyMs / 1000)) / options.concurrency;
  const cpuPerAccountRegion = one.shardCpuSeconds / (audited.length * options.regions.length);
  const pages = Math.ceil(A / 20);
  const shardSeconds = (N: number) => pages * L + Math.ceil(A / N / a) * G * Math.max(tAws, s / ASSUMED_RATE_LIMITS.sagemaker.perSecond);
  const orgSeconds = (N: number) => (N * pages) / ASSUMED_RATE_LIMITS.organizations.perSecond;
  const stsSeconds = A / ASSUMED_RATE_LIMITS.sts.perSecond;
  // Merging is dominated by the process start at these sizes; the merge branch measured 19,000 findings in 0.65 s.
  const mergeSeconds = one.mergeWallMs / 1000;
  const lines = [
    '',
    `Projection: ${A} accounts x ${G} regions on Step Functions Distributed Map, N Lambda shards in parallel`,
    `  measured here: k = ${k.toFixed(1)} calls and s = ${s.toFixed(1)} SageMaker calls per account-region; t = ${t.toFixed(2)} s per account-region at ${options.latencyMs} ms latency; F = ${startS.toFixed(1)} s fixed per shard; merge ${mergeSeconds.toFixed(1)} s`,
    `  CPU (one shard): ${one.shardCpuSeconds.toFixed(2)} s user+sys = ${cpuPerAccountRegion.toFixed(3)} s per audited account-region (start, collection, evaluation and report); the simulator used ${one.simulatorCpuSeconds.toFixed(2)} s.`,
    `    A shard is one Node thread auditing a = ${a} accounts at once: when it is CPU-bound, t is about a x the collection's share of that CPU, and more accounts at once do not lower it`,
    `  assumed: L = ${awsLatencyMs} ms per AWS call, so t_aws = t + k x (L - l) / c = ${tAws.toFixed(2)} s per account-region (c = ${options.concurrency} calls per account, a = ${a} accounts at once per shard)`,
    `  rate limits: SageMaker ${ASSUMED_RATE_LIMITS.sagemaker.perSecond}/s per account-region (assumed), STS AssumeRole ${ASSUMED_RATE_LIMITS.sts.perSecond}/s for the management account (assumed), Organizations ${ASSUMED_RATE_LIMITS.organizations.perSecond}/s (assumed)`,
    `  T_shard = ceil(A/20) x L + ceil(A/N/a) x G x max(t_aws, s / R_sagemaker); T_org = N x ceil(A/20) / R_org; T_sts = A / R_sts = ${stsSeconds.toFixed(0)} s; total = F + max(T_shard, T_org, T_sts) + T_merge`,
    '  shards  T_shard_s  T_org_s  total_s  fits_lambda_900s',
  ];
  for (const N of [1, 10, 25, 50, 100, 250, 500, 1000].filter((n) => n <= distributedMapMaxChildren)) {
    const tShard = shardSeconds(N);
    const totalS = startS + Math.max(tShard, orgSeconds(N), stsSeconds) + mergeSeconds;
    lines.push(`  ${String(N).padStart(6)}  ${tShard.toFixed(0).padStart(9)}  ${orgSeconds(N).toFixed(0).padStart(7)}  ${totalS.toFixed(0).padStart(7)}  ${startS + tShard < lambdaTimeoutS ? 'yes' : 'no'}`);
  }
  lines.push('  Listing is the shared bottleneck as N grows (every shard lists the whole organization): pass the account list in the Map items instead of listing per shard, and T_org drops to one listing.');
  return lines;
}

async function main(): Promise<void> {
  const options = new Command()
    .name('bench:org')
    .option('--members <n>', 'member accounts in the organization', positiveInt, 40)
    .option('--regions <list>', 'regions each member holds endpoints in', 'us-east-1,eu-west-1')
    .option('--endpoints-per-region <n>', 'endpoints per member and region', positiveInt, 3)
    .option('--latency-ms <n>', 'latency injected on every API call', positiveInt, 20)
    .option('--shards <list>', 'shard counts to measure, comma-separated', '1,2,4')
    .option('--concurrency <n>', 'concurrent API calls per audited account (the CLI\'s --concurrency)', positiveInt, 4)
    .option('--account-concurrency <n>', 'accounts each shard audits at once (the CLI\'s --account-concurrency)', positiveInt, 4)
    .parse()
    .opts<{ members: number; regions: string; endpointsPerRegion: number; latencyMs: number; shards: string; concurrency: number; accountConcurrency: number }>();
  const parsed: Options = { ...options, regions: options.regions.split(',').map((r) => r.trim()).filter(Boolean), shards: options.shards.split(',').map(positiveInt) };
  const scenario: OrganizationScenarioOptions = { members: parsed.members, regions: parsed.regions, endpointsPerRegion: parsed.endpointsPerRegion, suspended: 1, withoutAuditorRole: 1 };
  const plans = planMembers(scenario);
  const audited = plans.filter((p) => p.kind === 'audited').map((p) => p.account);
  await checkCliContract({ ...process.env, AWS_EC2_METADATA_DISABLED: 'true' });

  console.log(`organization: ${plans.length} members (${audited.length} audited, 1 without ${ORGANIZATION_AUDITOR_ROLE}, 1 suspended) x ${parsed.regions.length} regions x ${parsed.endpointsPerRegion} endpoints; latency ${parsed.latencyMs} ms; ${parsed.concurrency} calls per account x ${parsed.accountConcurrency} accounts at once per shard`);
  console.log(`rate limits per account and region: SageMaker ${ASSUMED_RATE_LIMITS.sagemaker.perSecond}/s (burst ${ASSUMED_RATE_LIMITS.sagemaker.burst}), STS AssumeRole ${ASSUMED_RATE_LIMITS.sts.perSecond}/s, Organizations ${ASSUMED_RATE_LIMITS.organizations.perSecond}/s (burst ${ASSUMED_RATE_LIMITS.organizations.burst})`);
  console.log('shards  audit_wall_s  merge_s  total_s  ratio_to_1  calls  calls_per_audited_account  throttled  mgmt_calls  gaps  exit_codes  same_findings_as_1  shards_cpu_s  sim_cpu_s');
  const dir = mkdtempSync(join(tmpdir(), 'inferguard-bench-org-'));
  const runs: ShardRun[] = [];
  try {
    for (const shards of parsed.shards) {
      const r = await runShards(parsed, scenario, shards, dir);
      runs.push(r);
      const base = runs[0];
      const calls = r.counts.reduce((a, c) => a + c.calls, 0);
      const throttled = r.counts.reduce((a, c) => a + c.throttled, 0);
      const members = perAccount(r.counts, (c) => audited.includes(c.account));
      const mgmt = perAccount(r.counts, (c) => c.account === ORGANIZATION_MANAGEMENT_ACCOUNT).get(ORGANIZATION_MANAGEMENT_ACCOUNT)?.calls ?? 0;
      const totalMs = r.auditWallMs + r.mergeWallMs;
      const same = r === base ? '-' : [...r.findings].every((f) => base.findings.has(f)) && r.findings.size === base.findings.size ? 'yes' : 'NO';
      console.log(
        [
          String(shards).padStart(6),
          (r.auditWallMs / 1000).toFixed(2).padStart(13),
          (r.mergeWallMs / 1000).toFixed(2).padStart(8),
          (totalMs / 1000).toFixed(2).padStart(8),
          (totalMs / (base.auditWallMs + base.mergeWallMs)).toFixed(2).padStart(11),
          String(calls).padStart(6),
          stats([...members.values()].map((m) => m.calls)).padStart(26),
          String(throttled).padStart(10),
          String(mgmt).padStart(11),
          String(r.gaps).padStart(5),
          r.exitCodes.join(',').padStart(11),
          same.padStart(19),
          r.shardCpuSeconds.toFixed(2).padStart(13),
          r.simulatorCpuSeconds.toFixed(2).padStart(10),
        ].join(' '),
      );
    }
    const one = runs.find((r) => r.shards === 1) ?? runs[0];
    for (const line of project(parsed, one, audited, plans.filter((p) => p.kind !== 'suspended').length)) console.log(line);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
