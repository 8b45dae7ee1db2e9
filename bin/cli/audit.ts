// `audit <cloud>`: one subcommand per registered cloud, with that cloud's own options and the
// options every audit shares.
import type { Command } from 'commander';
import { FORMAT_NAMES } from '../../checker/report/index';
import type { CliContext } from './context';
import { UsageError } from './errors';
import {
  REPORT_EXIT_CODES_HELP,
  concurrencyOption,
  configOption,
  failOnOption,
  formatOption,
  outputOption,
  quietOption,
  requestTimeoutOption,
  resolveShard,
  shardOption,
} from './options';
import { progressTally } from './progress-events';
import { providerFor, type CloudProvider, type ProviderAudit } from './registry';
import { auditAndReport, type ReportFlags } from './report-flow';

export interface AuditFlags extends ReportFlags {
  readonly concurrency: number;
  readonly requestTimeoutMs: number;
}

export async function runProviderAudit(ctx: CliContext, audit: ProviderAudit, flags: AuditFlags & Readonly<Record<string, unknown>>): Promise<number> {
  const { env } = ctx.io;
  const target = audit.describeTarget(flags, env);
  const shard = resolveShard(flags.shard, env);
  const describe = progressTally();
  return auditAndReport(ctx, flags, async (progress) => {
    progress.phase(`Reading ${target}`);
    const inventory = await audit.collect(flags, { concurrency: flags.concurrency, requestTimeoutMs: flags.requestTimeoutMs, onProgress: (event) => progress.update(describe(event)), ...(shard ? { shard } : {}) }, env);
    progress.done(`${inventory.resources.length} resources, ${inventory.gaps.length} failed reads`);
    return inventory;
  });
}

function registerProviderAudit(parent: Command, ctx: CliContext, provider: CloudProvider & { audit: ProviderAudit }): void {
  const command = parent.command(provider.name).description(provider.audit.description);
  provider.audit.addOptions(command);
  command
    .addOption(concurrencyOption())
    .addOption(requestTimeoutOption())
    .addOption(shardOption())
    .addOption(formatOption(FORMAT_NAMES, 'table'))
    .addOption(outputOption())
    .addOption(configOption())
    .addOption(failOnOption())
    .addOption(quietOption())
    .option('--show-passed', 'table: list passing and not-applicable results too (counted per resource by default)')
    .addHelpText('after', REPORT_EXIT_CODES_HELP)
    .action(async (flags: AuditFlags & Record<string, unknown>) => {
      ctx.exitCode = await runProviderAudit(ctx, provider.audit, flags);
    });
}

export function registerAudit(program: Command, ctx: CliContext): void {
  const auditable = ctx.deps.providers.filter((p): p is CloudProvider & { audit: ProviderAudit } => p.audit !== undefined);
  const names = auditable.map((p) => p.name).join(', ');
  const audit = program
    .command('audit')
    .description(`audit live cloud resources against the baseline (clouds: ${names})`)
    .argument('[cloud]', `the cloud to audit: ${names}`)
    // An unregistered cloud reaches the action below with its options, to be named in the error.
    .allowUnknownOption()
    .allowExcessArguments()
    .action((cloud: string | undefined) => {
      if (cloud === undefined) throw new UsageError(`Name the cloud to audit: inferguard audit <cloud>, one of ${names} (see inferguard audit <cloud> --help).`);
      providerFor(ctx.deps.providers, cloud, 'audit', 'audit');
    });
  for (const provider of auditable) registerProviderAudit(audit, ctx, provider);
}
