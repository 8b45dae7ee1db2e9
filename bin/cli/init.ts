// `inferguard init`: writes a commented starter config (every control, its severity and parameters
// at their defaults, and a waiver example) that `--config`, the CDK plugin and
// `cdk synth -c inferguard:config=FILE` read. It never overwrites a file.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { SEVERITIES, type AnyControl } from '../../policies/control';
import { EXIT_CODES } from '../../checker/run';
import type { CliContext } from './context';
import { UsageError } from './errors';

export const DEFAULT_CONFIG_FILE = 'inferguard.yaml';

/** A JSON value is a valid YAML flow value: strings quoted, lists in brackets. */
const yamlValue = (value: unknown): string => JSON.stringify(value);

/** The starter config: every control at its defaults, so that editing a value is the only step. */
export function starterConfig(controls: readonly AnyControl[], describeParameter: (control: AnyControl, name: string) => string): string {
  const lines = [
    '# inferguard config: baseline settings and waivers.',
    '# Read by `inferguard audit|scan|controls --config FILE`, the CDK plugin',
    "# (`new InferguardValidation({ configFile: 'inferguard.yaml' })`) and `cdk synth -c inferguard:config=FILE`.",
    '# Every control is listed at its defaults; change a value, or delete a control\'s entry to keep its defaults.',
    'baseline:',
    '  controls:',
  ];
  for (const control of controls) {
    lines.push(`    # ${control.title} (judges: ${control.subject}; providers: ${control.providers.join(', ')})`);
    lines.push(`    ${control.id}:`);
    lines.push('      enabled: true');
    lines.push(`      severity: ${control.severity}  # ${SEVERITIES.join(' | ')}`);
    const defaults = control.parameters.parse({}) as Record<string, unknown>;
    const names = Object.keys(defaults);
    if (names.length > 0) {
      lines.push('      parameters:');
      for (const name of names) {
        const description = describeParameter(control, name);
        if (description) lines.push(`        # ${description}`);
        lines.push(`        ${name}: ${yamlValue(defaults[name])}`);
      }
    }
  }
  lines.push(
    '',
    '# Waivers: an approved, expiring exception for one control on matching resources. A waived finding stays',
    '# in every report, marked waived; after `expires` (UTC, inclusive) the waiver stops applying and is reported.',
    '# `resource` is a glob (`*` = any run of characters) over any identity a tool shows for the resource: its',
    '# ARN or name, its CDK construct path (without the leading /), or STACK/LogicalId. Name it by ARN or name',
    '# (give the resource a physical name) to match it in `scan`, the CDK plugin and `audit` alike.',
    'waivers: []',
    '# waivers:',
    '#   - id: W-001',
    '#     control: model-network-isolation',
    '#     resource: "arn:aws:sagemaker:*:*:endpoint/vendor-*"',
    '#     reason: Vendor container calls its licence server (RISK-123); egress is limited to it',
    '#     approvedBy: security@example.com',
    '#     expires: "2027-03-31"',
    '',
  );
  return lines.join('\n');
}

interface InitFlags {
  readonly output: string;
}

export function runInit(ctx: CliContext, flags: InitFlags): number {
  const file = resolve(ctx.io.cwd, flags.output);
  const text = starterConfig(ctx.deps.allControls(), describer());
  try {
    // 'wx': fail rather than replace a config someone may have edited.
    writeFileSync(file, text, { flag: 'wx' });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new UsageError(`${flags.output} already exists; inferguard init never overwrites a file. Edit it, or pass --output OTHER.yaml for a fresh one.`);
    throw new UsageError(`cannot write ${flags.output} (${code ?? String(error)}); pass --output with a writable path.`);
  }
  ctx.io.stderr.write(`inferguard: wrote ${flags.output}: every control at its defaults and a waiver example. Use it with --config ${flags.output}.\n`);
  return EXIT_CODES.ok;
}

/** Parameter descriptions from the controls' own documentation. */
function describer(): (control: AnyControl, name: string) => string {
  const docs: typeof import('../../policies/docs') = require('../../policies/docs');
  return (control, name) => docs.parameterDocs(control).find((p) => p.name === name)?.description ?? '';
}

export function registerInit(program: Command, ctx: CliContext): void {
  program
    .command('init')
    .description(`write a commented starter config (${DEFAULT_CONFIG_FILE}): every control with its severity and parameters, and a waiver example`)
    .option('--output <file>', 'where to write it; an existing file is never overwritten', DEFAULT_CONFIG_FILE)
    .action((flags: InitFlags) => {
      ctx.exitCode = runInit(ctx, flags);
    });
}
