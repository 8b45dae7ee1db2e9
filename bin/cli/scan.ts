import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { FORMAT_NAMES } from '../../checker/report/index';
import type { CliContext } from './context';
import { AuditError, UsageError, firstSentence } from './errors';
import { configOption, failOnOption, formatOption, outputOption } from './options';
import { auditAndReport, type ReportFlags } from './report-flow';

export async function runScan(ctx: CliContext, path: string, flags: ReportFlags & { readonly parameters?: string }): Promise<number> {
  const absolute = resolve(ctx.io.cwd, path);
  if (!existsSync(absolute)) {
    throw new UsageError(`${path}: no such file or folder. Give a CloudFormation template (.json, .yaml) or a cdk.out folder.`);
  }
  return auditAndReport(
    ctx,
    flags,
    async (progress) => {
      progress.phase(`Reading ${path}`);
      try {
        const parametersFile = flags.parameters === undefined ? undefined : resolve(ctx.io.cwd, flags.parameters);
        const inventory = await ctx.deps.readCloudFormation(absolute, { parametersFile });
        progress.done(`${inventory.resources.length} resources`);
        return inventory;
      } catch (error) {
        if (error instanceof UsageError || error instanceof AuditError) throw error;
        throw new AuditError(`Could not read ${path}: ${firstSentence(error)}`, { cause: error });
      }
    },
    path,
  );
}

export function registerScan(program: Command, ctx: CliContext): void {
  program
    .command('scan')
    .description('check a CloudFormation template or a cdk.out folder against the baseline, before deploying')
    .argument('<path>', 'template file (.json, .yaml, .yml) or cdk.out folder')
    .addOption(formatOption(FORMAT_NAMES, 'table'))
    .addOption(outputOption())
    .addOption(configOption())
    .addOption(failOnOption())
    .option('--parameters <file>', 'parameter values of the deployment: CloudFormation CLI JSON ([{ParameterKey, ParameterValue}]) or Key=Value pairs')
    .option('--quiet', 'no progress or log lines on stderr')
    .action(async (path: string, flags: ReportFlags & { parameters?: string }) => {
      ctx.exitCode = await runScan(ctx, path, flags);
    });
}
