// `merge <report.json...>`: joins the JSON reports of an organization's shards into one report, rendered in
// any format, with the exit code of the whole. The work is checker/report/merge.ts; this reads the files.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { createProgress } from '../../checker/progress';
import { FORMAT_NAMES } from '../../checker/report/index';
import { ReportMergeError, mergeReports, type NamedReport } from '../../checker/report/merge';
import { ReportFormatError, parseReport } from '../../checker/report/read';
import { plural } from '../../checker/run';
import { MAX_SHARDS } from '../../providers/collect/estate';
import type { CliContext } from './context';
import { AuditError, UsageError, errorMessage } from './errors';
import { REPORT_EXIT_CODES_HELP, failOnOption, formatOption, integerParser, outputOption, quietOption } from './options';
import { checkOutputPath, writeReport, type ReportFlags } from './report-flow';

export interface MergeFlags extends ReportFlags {
  readonly shards?: number;
  readonly allowMissing?: boolean;
}

const MISSING_HELP = 'in a batch pipeline, where a failed shard writes no report, pass --allow-missing (with --shards n): each shard no report covers becomes a gap naming its accounts';

/** Reads one input; undefined when it does not exist and --allow-missing is set. */
function readInput(ctx: CliContext, path: string, allowMissing: boolean): NamedReport | undefined {
  const absolute = resolve(ctx.io.cwd, path);
  if (!existsSync(absolute)) {
    if (allowMissing) return undefined;
    throw new UsageError(`${path}: no such file. Name the JSON reports the shards wrote; ${MISSING_HELP}.`);
  }
  if (statSync(absolute).isDirectory()) throw new UsageError(`${path} is a folder: name the report files in it (e.g. ${path}/*.json).`);
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(absolute);
  } catch (error) {
    throw new UsageError(`${path}: cannot be read (${errorMessage(error).split('\n')[0]}).`);
  }
  try {
    return { location: path, report: parseReport(bytes, path) };
  } catch (error) {
    if (error instanceof ReportFormatError) throw new UsageError(error.message);
    throw error;
  }
}

export async function runMerge(ctx: CliContext, paths: readonly string[], flags: MergeFlags): Promise<number> {
  const { io } = ctx;
  checkOutputPath(
    io.cwd,
    flags.output,
    paths.map((path) => ({ label: `the input report ${path}`, path })),
  );
  const progress = createProgress(io.stderr, { quiet: flags.quiet });
  progress.phase(`Merging ${plural(paths.length, 'report')}`);
  const inputs: NamedReport[] = [];
  const absent: string[] = [];
  for (const path of paths) {
    const input = readInput(ctx, path, flags.allowMissing === true);
    if (input) inputs.push(input);
    else absent.push(path);
  }
  if (inputs.length === 0) {
    progress.done('failed');
    throw new AuditError(`none of the reports exists (${absent.join(', ')}): every shard failed or wrote nowhere, so nothing was audited. Run the shards again.`);
  }
  let merged;
  try {
    merged = mergeReports(inputs, flags.shards === undefined ? {} : { expectedShards: flags.shards });
  } catch (error) {
    progress.done('failed');
    if (error instanceof ReportMergeError) throw new UsageError(error.message);
    throw error;
  }
  const { report, missingShards, disagreements } = merged;
  if (absent.length > 0 && report.estate === undefined) {
    progress.done('failed');
    throw new UsageError(
      `${absent.join(', ')}: no such file, and the other reports carry no estate (they are not shards), so what the missing report would have covered cannot be stated as a gap. Name only reports that exist.`,
    );
  }
  progress.done(`${report.summary.byStatus.fail} fail, ${report.summary.byStatus.unknown} unknown, ${report.summary.waived} waived, ${plural(report.gaps.length, 'gap')}`);
  if (absent.length > 0) {
    progress.log(`${plural(absent.length, 'report')} missing (${absent.join(', ')}); ${missingShards.length > 0 ? `the shards no report covers are gaps in the report` : 'the other reports cover every shard'}.`);
  }
  if (missingShards.length > 0 && report.estate) {
    progress.log(`${plural(missingShards.length, 'shard')} of ${report.estate.shardCount} missing (${missingShards.join(', ')}): their accounts were not audited; see the gaps.`);
    if (report.unusedWaivers.length > 0) progress.log('The waivers listed as unused may be used by the missing shards\' resources.');
  }
  if (disagreements.length > 0) {
    progress.log(`${plural(disagreements.length, 'finding')} differed between reports; the worst status was kept, the others are in its evidence ("status in other reports").`);
  }
  return writeReport(ctx, flags, report, progress);
}

export function registerMerge(program: Command, ctx: CliContext): void {
  program
    .command('merge')
    .description('join the JSON reports of an audit\'s shards into one report: one summary, every gap (a shard no report covers is one), the exit code of the whole')
    .argument('<reports...>', 'JSON reports written by inferguard audit <cloud> --format json (or by merge)')
    .addOption(
      new Option('--shards <n>', 'the number of shards the audit was split into: every report must be a shard of that many, and a shard no report covers is a gap').argParser(integerParser(1, MAX_SHARDS)),
    )
    .addOption(new Option('--allow-missing', 'a report that does not exist is a missing shard (a gap in the merged report), not an error'))
    .addOption(formatOption(FORMAT_NAMES, 'table'))
    .addOption(outputOption())
    .addOption(failOnOption())
    .addOption(quietOption())
    .option('--show-passed', 'table: list passing and not-applicable results too (counted per resource by default)')
    .addHelpText('after', REPORT_EXIT_CODES_HELP)
    .action(async (paths: string[], flags: MergeFlags) => {
      ctx.exitCode = await runMerge(ctx, paths, flags);
    });
}
