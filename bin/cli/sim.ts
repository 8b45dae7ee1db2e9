import { InvalidArgumentError, type Command } from 'commander';
import { EXIT_CODES } from '../../checker/run';
import { simulatorClientEnv } from '../../sim/aws/client-env';
import type { CliContext } from './context';
import type { FaultRule } from './deps';
import { UsageError, errorMessage } from './errors';
import { integerParser, repeatable } from './options';

interface SimFlags {
  readonly scenario: string;
  readonly port: number;
  readonly latencyMs?: number;
  readonly fault?: readonly string[];
  readonly listScenarios?: boolean;
}

export const SIM_HOST = '127.0.0.1';
export const DEFAULT_SIM_PORT = 4566;

function listScenarios(ctx: CliContext): number {
  const scenarios = ctx.deps.awsScenarios();
  const width = Math.max(...Object.keys(scenarios).map((name) => name.length));
  for (const [name, { description }] of Object.entries(scenarios)) {
    ctx.io.stdout.write(`${name.padEnd(width)}  ${description}\n`);
  }
  return EXIT_CODES.ok;
}

/** The shell lines that point the CLI (or any AWS SDK) at the simulator. */
export function simulatorEnv(url: string, region: string): string[] {
  return Object.entries(simulatorClientEnv(url, region)).map(([name, value]) => `export ${name}=${value}`);
}

export async function runSim(ctx: CliContext, flags: SimFlags): Promise<number> {
  if (flags.listScenarios) return listScenarios(ctx);
  const scenarios = ctx.deps.awsScenarios();
  const entry = scenarios[flags.scenario];
  if (!entry) {
    throw new UsageError(`--scenario ${flags.scenario}: no such scenario. Choose one of: ${Object.keys(scenarios).join(', ')} (see --list-scenarios).`);
  }
  const faults: FaultRule[] = (flags.fault ?? []).map((text) => {
    try {
      return ctx.deps.parseFaultRule(text);
    } catch (error) {
      throw new UsageError(`--fault ${text}: ${errorMessage(error)}`);
    }
  });
  const scenario = entry.build();
  const region = Object.keys(scenario.regions)[0] ?? 'us-east-1';
  const simulator = await ctx.deps.startAwsSimulator(scenario, {
    host: SIM_HOST,
    port: flags.port,
    ...(flags.latencyMs !== undefined ? { latencyMs: flags.latencyMs } : {}),
    ...(faults.length ? { faults } : {}),
  });
  const { stderr } = ctx.io;
  stderr.write(
    [
      `inferguard: AWS simulator serving scenario "${flags.scenario}" (account ${scenario.account}, regions ${Object.keys(scenario.regions).join(', ')}) at ${simulator.url}`,
      ...(faults.length ? [`inferguard: injecting ${faults.length} fault rule(s): ${(flags.fault ?? []).join('; ')}`] : []),
      'Point the CLI at it from another shell:',
      ...simulatorEnv(simulator.url, region).map((line) => `  ${line}`),
      '  inferguard audit aws',
      'Stop with Ctrl-C.',
      '',
    ].join('\n'),
  );
  const signal = await ctx.io.waitForStop();
  await simulator.close();
  stderr.write(`inferguard: simulator stopped (${signal}).\n`);
  return EXIT_CODES.ok;
}

export function registerSim(program: Command, ctx: CliContext): void {
  program
    .command('sim')
    .description(`run the local AWS simulator on ${SIM_HOST} (for demos and tests); stops on Ctrl-C`)
    .option('--scenario <name>', 'seeded scenario to serve', 'demo')
    .option('--port <port>', 'port to listen on (0 picks a free one)', integerParser(0, 65535), DEFAULT_SIM_PORT)
    .option('--latency-ms <ms>', 'delay added to every response', integerParser(0, 60_000))
    .option(
      '--fault <rule>',
      'inject a fault, e.g. "kms:GetKeyPolicy=AccessDenied" (repeatable)',
      repeatable((text: string) => {
        if (text.trim() === '') throw new InvalidArgumentError('A fault rule cannot be empty.');
        return text;
      }),
    )
    .option('--list-scenarios', 'list the scenarios and exit')
    .action(async (flags: SimFlags) => {
      ctx.exitCode = await runSim(ctx, flags);
    });
}
