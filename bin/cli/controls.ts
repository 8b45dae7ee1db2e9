import type { Command } from 'commander';
import { CONTROLS_FORMAT_NAMES, controlsFormats, type ControlsFormatName } from '../../checker/controls-list';
import { emit } from '../../checker/output';
import { EXIT_CODES } from '../../checker/run';
import type { CliContext } from './context';
import { configOption, formatOption, outputOption } from './options';
import { checkOutputPath, configInput, loadSettings } from './report-flow';

interface ControlsFlags {
  readonly format: ControlsFormatName;
  readonly output?: string;
  readonly config?: string;
}

const CONTROLS_EXIT_CODES_HELP = `
Exit codes:
  0  the list was written
  2  usage or configuration error`;

export function runControls(ctx: CliContext, flags: ControlsFlags): number {
  checkOutputPath(ctx.io.cwd, flags.output, configInput(flags.config));
  const { baseline } = loadSettings(ctx, flags.config);
  const input = { baseline, allControls: ctx.deps.allControls(), renderMarkdown: ctx.deps.renderControlsMarkdown };
  emit(() => controlsFormats[flags.format](input), { output: flags.output, cwd: ctx.io.cwd, stdout: ctx.io.stdout });
  return EXIT_CODES.ok;
}

export function registerControls(program: Command, ctx: CliContext): void {
  program
    .command('controls')
    .description('list the baseline\'s controls (markdown: the CONTROLS.md documentation of every control)')
    .addOption(formatOption(CONTROLS_FORMAT_NAMES, 'table'))
    .addOption(outputOption())
    .addOption(configOption())
    .addHelpText('after', CONTROLS_EXIT_CODES_HELP)
    .action((flags: ControlsFlags) => {
      ctx.exitCode = runControls(ctx, flags);
    });
}
