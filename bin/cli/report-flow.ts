// The part `audit`, `scan` and `merge` share: settings, inventory, run, report, exit code.
import { closeSync, existsSync, openSync, realpathSync, rmSync, statSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import type { Severity } from '../../policies/control';
import type { Inventory } from '../../policies/model';
import { emit } from '../../checker/output';
import { createProgress, type Progress } from '../../checker/progress';
import { formats, renderOptionsFor, type FormatName } from '../../checker/report/index';
import { exitCodeFor, explainExit, plural, runAudit, type Report } from '../../checker/run';
import type { CliContext } from './context';
import { UsageError, errorMessage } from './errors';

export interface ReportFlags {
  readonly format: FormatName;
  readonly output?: string;
  readonly config?: string;
  readonly failOn: Severity;
  readonly quiet?: boolean;
  readonly showPassed?: boolean;
}

/** A file the run reads, which the report must never overwrite. */
export interface RunInput {
  /** How the user named it, e.g. `--config inferguard.yaml`. */
  readonly label: string;
  readonly path: string;
}

/** The real path of `path`, following links, also when the file itself does not exist yet. */
function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    const folder = dirname(path);
    return folder === path ? path : join(realPath(folder), basename(path));
  }
}

function isWithin(path: string, folder: string): boolean {
  const rel = relative(folder, path);
  return rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep) && rel !== '..');
}

/** Creates and removes a file in `folder`: the only sure test that the report can be written there. */
function probeWritable(folder: string): string | undefined {
  const probe = join(folder, `.inferguard-write-test.${process.pid}.${randomBytes(4).toString('hex')}`);
  try {
    closeSync(openSync(probe, 'wx'));
    rmSync(probe, { force: true });
    return undefined;
  } catch (error) {
    return errorMessage(error);
  }
}

/**
 * Fails before any work when the output file could never be written, or would overwrite a file the
 * run reads (the config, a scanned template, anything in a scanned folder).
 */
export function checkOutputPath(cwd: string, output: string | undefined, inputs: readonly RunInput[] = []): void {
  if (output === undefined) return;
  const path = resolve(cwd, output);
  const folder = dirname(path);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    throw new UsageError(`--output ${output}: the folder ${folder} does not exist; create it first or choose another path.`);
  }
  if (existsSync(path) && statSync(path).isDirectory()) {
    throw new UsageError(`--output ${output}: ${path} is a folder; give a file name.`);
  }
  const target = realPath(path);
  for (const input of inputs) {
    const source = realPath(resolve(cwd, input.path));
    const folderInput = existsSync(source) && statSync(source).isDirectory();
    if (folderInput ? isWithin(target, source) : target === source) {
      const what = folderInput ? `is inside ${input.label}, which the run reads` : `is ${input.label}, which the run reads`;
      throw new UsageError(`--output ${output} ${what}; write the report somewhere else.`);
    }
  }
  const problem = probeWritable(folder);
  if (problem !== undefined) {
    throw new UsageError(`--output ${output}: cannot write in ${folder} (${problem.split('\n')[0]}); choose a folder you can write to.`);
  }
}

export function loadSettings(ctx: CliContext, config: string | undefined) {
  if (config === undefined) return { baseline: ctx.deps.defaultBaseline(), waivers: [] };
  return ctx.deps.loadConfig(resolve(ctx.io.cwd, config));
}

/** The config file as an input the output must not overwrite. */
export function configInput(config: string | undefined): RunInput[] {
  return config === undefined ? [] : [{ label: `the --config file ${config}`, path: config }];
}

export async function auditAndReport(
  ctx: CliContext,
  flags: ReportFlags,
  collect: (progress: Progress) => Promise<Inventory>,
  options: { readonly target?: string; readonly inputs?: readonly RunInput[] } = {},
): Promise<number> {
  const { io } = ctx;
  checkOutputPath(io.cwd, flags.output, [...configInput(flags.config), ...(options.inputs ?? [])]);
  const settings = loadSettings(ctx, flags.config);
  const progress = createProgress(io.stderr, { quiet: flags.quiet });

  let inventory: Inventory;
  const collectStart = performance.now();
  try {
    inventory = await collect(progress);
  } catch (error) {
    // End the open progress line so the error message starts on its own line.
    progress.done('failed');
    throw error;
  }

  progress.phase(`Checking ${plural(inventory.resources.length, 'resource')} against baseline ${settings.baseline.name}`);
  const collectSeconds = (performance.now() - collectStart) / 1000;
  const report = runAudit({ inventory, baseline: settings.baseline, waivers: settings.waivers, now: io.now(), target: options.target, collectSeconds });
  progress.done(`${report.summary.byStatus.fail} fail, ${report.summary.byStatus.unknown} unknown, ${report.summary.waived} waived`);
  if (report.expiredWaivers.length > 0) progress.log(`${plural(report.expiredWaivers.length, 'waiver')} expired and no longer apply; see the report.`);
  return writeReport(ctx, flags, report, progress);
}

/** Renders the report in the chosen format to --output or stdout, and returns the exit code it earns. */
export function writeReport(ctx: CliContext, flags: ReportFlags, report: Report, progress: Progress): number {
  const { io } = ctx;
  const renderOptions = renderOptionsFor({ stream: flags.output === undefined ? io.stdout : undefined, env: io.env, cwd: io.cwd, showPassed: flags.showPassed });
  const written = emit(() => ctx.redact(formats[flags.format](report, renderOptions)), { output: flags.output, cwd: io.cwd, stdout: io.stdout });
  if (written) progress.log(`${flags.format} report written to ${written}`);
  const code = exitCodeFor(report, flags.failOn);
  progress.log(explainExit(report, flags.failOn));
  return code;
}
