#!/usr/bin/env node
// The inferguard CLI: wiring only. Commands live in bin/cli/, the work in checker/ and policies/.
import { Command, CommanderError } from 'commander';
import { EXIT_CODES } from '../checker/run';
import { toolInfo } from '../checker/package-info';
import { registerAudit } from './cli/audit';
import type { CliContext } from './cli/context';
import { registerControls } from './cli/controls';
import { registerDrift } from './cli/drift';
import { registerInit } from './cli/init';
import { registerMerge } from './cli/merge';
import { realDeps, type CliDeps } from './cli/deps';
import { AuditError, UsageError } from './cli/errors';
import { processIo, type CliIo } from './cli/io';
import { registerScan } from './cli/scan';
import { redactor, secretsIn } from './cli/secrets';
import { registerSim } from './cli/sim';

const EXIT_CODES_HELP = `
Exit codes (each command's --help lists its own):
  0  no failing finding at or above --fail-on (audit, scan, merge); no change (drift); done (controls, sim)
  1  failing findings at or above --fail-on (audit, scan, merge); drift found (drift)
  2  usage or configuration error
  3  the audit could not complete: reads failed, or results are unknown (audit, scan, drift, merge)`;

function buildProgram(ctx: CliContext): Command {
  const program = new Command('inferguard')
    .description('One security baseline for ML inference endpoints: audit live accounts, scan templates before deploying.')
    .version(toolInfo().version, '-V, --version', 'print the version')
    .option('--debug', 'print stack traces of unexpected errors')
    .addHelpText('after', EXIT_CODES_HELP)
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (text) => ctx.io.stdout.write(text),
      writeErr: (text) => ctx.io.stderr.write(text),
    });
  registerAudit(program, ctx);
  registerScan(program, ctx);
  registerDrift(program, ctx);
  registerMerge(program, ctx);
  registerControls(program, ctx);
  registerSim(program, ctx);
  registerInit(program, ctx);
  // Subcommands copy the exit override and output settings from their parent when created.
  return program;
}

function exitCodeForError(error: unknown): number {
  if (error instanceof CommanderError) {
    // --help and --version end with code 0; a missing subcommand shows help and is a usage error.
    return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' ? EXIT_CODES.ok : EXIT_CODES.usage;
  }
  if (error instanceof UsageError) return EXIT_CODES.usage;
  return EXIT_CODES.incomplete;
}

/** The error's stack and those of its causes. */
function stackTrace(error: unknown): string {
  const lines: string[] = [];
  for (let current = error, depth = 0; current !== undefined && depth < 5; depth += 1) {
    lines.push(depth === 0 ? '' : 'caused by: ', current instanceof Error ? (current.stack ?? current.message) : String(current), '\n');
    current = current instanceof Error ? current.cause : undefined;
  }
  return lines.join('');
}

/**
 * Runs the CLI with `argv` (the arguments after the program name) and returns the exit code.
 * Exit codes: 0 no failing finding at or above --fail-on; 1 failing findings; 2 usage or
 * configuration error; 3 the audit could not complete.
 */
export async function main(argv: readonly string[], rawIo: CliIo = processIo(), deps: CliDeps = realDeps()): Promise<number> {
  // Credentials in a URL (an --endpoint-url, a proxy variable) never reach any output.
  const redact = redactor(secretsIn(argv, rawIo.env));
  const io: CliIo = {
    ...rawIo,
    stdout: { write: (text: string) => rawIo.stdout.write(redact(text)) },
    stderr: { write: (text: string) => rawIo.stderr.write(redact(text)), isTTY: rawIo.stderr.isTTY },
    now: () => rawIo.now(),
    waitForStop: () => rawIo.waitForStop(),
  };
  const ctx: CliContext = { io, deps, redact, exitCode: EXIT_CODES.ok };
  const program = buildProgram(ctx);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return ctx.exitCode;
  } catch (error) {
    const code = exitCodeForError(error);
    // Commander has already printed its own message.
    if (!(error instanceof CommanderError)) {
      const debug = argv.includes('--debug');
      const known = error instanceof UsageError || error instanceof AuditError;
      const message = error instanceof Error ? error.message : String(error);
      io.stderr.write(`inferguard: error: ${known ? message : `unexpected: ${message.split('\n')[0]}`}\n`);
      if (debug) io.stderr.write(stackTrace(error));
      else if (!known || error.cause !== undefined) io.stderr.write('inferguard: run again with --debug for the stack trace.\n');
    }
    return code;
  }
}

if (require.main === module) {
  // The AWS SDK's multi-line notice that its 2027 releases need Node 22 is not a finding; the README recommends Node 22.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
