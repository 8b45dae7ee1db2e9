// The part `audit` and `scan` share: settings, inventory, run, report, exit code.
import { existsSync, statSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { dirname, resolve } from 'node:path';
import type { Severity } from '../../policies/control';
import type { Inventory } from '../../policies/model';
import { emit } from '../../checker/output';
import { createProgress, type Progress } from '../../checker/progress';
import { formats, renderOptionsFor, type FormatName } from '../../checker/report/index';
import { exitCodeFor, explainExit, plural, runAudit } from '../../checker/run';
import type { CliContext } from './context';
import { UsageError } from './errors';

export interface ReportFlags {
  readonly format: FormatName;
  readonly output?: string;
  readonly config?: string;
  readonly failOn: Severity;
  readonly quiet?: boolean;
  readonly showPassed?: boolean;
}

/** Fails before any work when the output file could never be written. */
export function checkOutputPath(cwd: string, output: string | undefined): void {
  if (output === undefined) return;
  const path = resolve(cwd, output);
  const folder = dirname(path);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    throw new UsageError(`--output ${output}: the folder ${folder} does not exist; create it first or choose another path.`);
  }
  if (existsSync(path) && statSync(path).isDirectory()) {
    throw new UsageError(`--output ${output}: ${path} is a folder; give a file name.`);
  }
}

export function loadSettings(ctx: CliContext, config: string | undefined) {
  if (config === undefined) return { baseline: ctx.deps.defaultBaseline(), waivers: [] };
  return ctx.deps.loadConfig(resolve(ctx.io.cwd, config));
}

export async function auditAndReport(
  ctx: CliContext,
  flags: ReportFlags,
  collect: (progress: Progress) => Promise<Inventory>,
  target?: string,
): Promise<number> {
  const { io } = ctx;
  checkOutputPath(io.cwd, flags.output);
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
  const report = runAudit({ inventory, baseline: settings.baseline, waivers: settings.waivers, now: io.now(), target, collectSeconds });
  progress.done(`${report.summary.byStatus.fail} fail, ${report.summary.byStatus.unknown} unknown, ${report.summary.waived} waived`);
  if (report.expiredWaivers.length > 0) progress.log(`${plural(report.expiredWaivers.length, 'waiver')} expired and no longer apply; see the report.`);

  const renderOptions = renderOptionsFor({ stream: flags.output === undefined ? io.stdout : undefined, env: io.env, cwd: io.cwd, showPassed: flags.showPassed });
  const written = emit(() => formats[flags.format](report, renderOptions), { output: flags.output, cwd: io.cwd, stdout: io.stdout });
  if (written) progress.log(`${flags.format} report written to ${written}`);
  const code = exitCodeFor(report, flags.failOn);
  progress.log(explainExit(report, flags.failOn));
  return code;
}
