// `scan <path>`: hands the path to the first registered template/plan reader that takes it.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { FORMAT_NAMES } from '../../checker/report/index';
import type { CliContext } from './context';
import { AuditError, UsageError, firstSentence } from './errors';
import { REPORT_EXIT_CODES_HELP, configOption, failOnOption, formatOption, outputOption, quietOption } from './options';
import type { TemplateAdapter } from './registry';
import { auditAndReport, type ReportFlags } from './report-flow';

function adapters(ctx: CliContext): TemplateAdapter[] {
  return ctx.deps.providers.flatMap((p) => p.templates ?? []);
}

function whatScanReads(ctx: CliContext): string {
  return adapters(ctx)
    .map((a) => a.describes)
    .join('; or ');
}

export async function runScan(ctx: CliContext, path: string, flags: ReportFlags & Readonly<Record<string, unknown>>): Promise<number> {
  const absolute = resolve(ctx.io.cwd, path);
  if (!existsSync(absolute)) {
    throw new UsageError(`${path}: no such file or folder. Give ${whatScanReads(ctx)}.`);
  }
  const adapter = adapters(ctx).find((a) => a.accepts(absolute));
  if (adapter === undefined) throw new UsageError(`${path}: not something inferguard scans. Give ${whatScanReads(ctx)}.`);
  return auditAndReport(
    ctx,
    flags,
    async (progress) => {
      progress.phase(`Reading ${path}`);
      try {
        const inventory = await adapter.read(absolute, flags);
        progress.done(`${inventory.resources.length} resources`);
        return inventory;
      } catch (error) {
        if (error instanceof UsageError || error instanceof AuditError) throw error;
        throw new AuditError(`Could not read ${path}: ${firstSentence(error)}`, { cause: error });
      }
    },
    { target: path, inputs: [{ label: `the scanned ${path}`, path }] },
  );
}

export function registerScan(program: Command, ctx: CliContext): void {
  const command = program.command('scan');
  for (const adapter of adapters(ctx)) adapter.addOptions?.(command);
  command
    .description('check a template or plan against the baseline, before deploying')
    .argument('<path>', whatScanReads(ctx))
    .addOption(formatOption(FORMAT_NAMES, 'table'))
    .addOption(outputOption())
    .addOption(configOption())
    .addOption(failOnOption())
    .addOption(quietOption())
    .addHelpText('after', REPORT_EXIT_CODES_HELP)
    .action(async (path: string, flags: ReportFlags & Record<string, unknown>) => {
      ctx.exitCode = await runScan(ctx, path, flags);
    });
}
