// `sim [cloud]`: runs a registered cloud's simulator on 127.0.0.1 until Ctrl-C.
import { InvalidArgumentError, type Command } from 'commander';
import { EXIT_CODES } from '../../checker/run';
import type { CliContext } from './context';
import { UsageError, errorMessage } from './errors';
import { integerParser, repeatable } from './options';
import { providerFor, type ProviderSimulator } from './registry';

interface SimFlags {
  readonly scenario: string;
  readonly port: number;
  readonly latencyMs?: number;
  readonly fault?: readonly string[];
  readonly listScenarios?: boolean;
}

export const SIM_HOST = '127.0.0.1';
export const DEFAULT_SIM_PORT = 4566;
export const DEFAULT_SIM_CLOUD = 'aws';
const DEFAULT_SCENARIO = 'demo';

const SIM_EXIT_CODES_HELP = `
Exit codes:
  0  stopped with Ctrl-C (or --list-scenarios)
  2  usage error: unknown cloud or scenario, a bad --fault rule, or the port is in use`;

function listScenarios(ctx: CliContext, simulator: ProviderSimulator): number {
  const scenarios = simulator.scenarios();
  const width = Math.max(...Object.keys(scenarios).map((name) => name.length));
  for (const [name, { description }] of Object.entries(scenarios)) {
    ctx.io.stdout.write(`${name.padEnd(width)}  ${description}\n`);
  }
  return EXIT_CODES.ok;
}

/** The shell lines that point a cloud's CLI or SDKs at the simulator. */
export function exportLines(env: Readonly<Record<string, string>>): string[] {
  return Object.entries(env).map(([name, value]) => `export ${name}=${value}`);
}

function isPortInUse(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'EADDRINUSE';
}

export async function runSim(ctx: CliContext, cloud: string, flags: SimFlags): Promise<number> {
  const { simulator } = providerFor(ctx.deps.providers, cloud, 'simulator', 'sim');
  if (flags.listScenarios) return listScenarios(ctx, simulator);
  const scenarios = simulator.scenarios();
  if (!Object.hasOwn(scenarios, flags.scenario)) {
    throw new UsageError(`--scenario ${flags.scenario}: no such scenario. Choose one of: ${Object.keys(scenarios).join(', ')} (see --list-scenarios).`);
  }
  const faults = flags.fault ?? [];
  for (const rule of faults) {
    try {
      simulator.checkFault(rule);
    } catch (error) {
      throw new UsageError(`--fault ${rule}: ${errorMessage(error)}`);
    }
  }
  let running;
  try {
    running = await simulator.start(flags.scenario, { host: SIM_HOST, port: flags.port, ...(flags.latencyMs !== undefined ? { latencyMs: flags.latencyMs } : {}), faults });
  } catch (error) {
    if (isPortInUse(error)) {
      throw new UsageError(`Port ${flags.port} on ${SIM_HOST} is already in use: stop what is listening there, or choose another port with --port N (--port 0 picks a free one).`);
    }
    throw error;
  }
  const { stderr } = ctx.io;
  stderr.write(
    [
      `inferguard: ${running.summary} at ${running.url}`,
      ...(faults.length ? [`inferguard: injecting ${faults.length} fault rule(s): ${faults.join('; ')}`] : []),
      'Point the CLI at it from another shell:',
      ...exportLines(running.clientEnv).map((line) => `  ${line}`),
      `  inferguard audit ${cloud}`,
      'Stop with Ctrl-C.',
      '',
    ].join('\n'),
  );
  const signal = await ctx.io.waitForStop();
  await running.close();
  stderr.write(`inferguard: simulator stopped (${signal}).\n`);
  return EXIT_CODES.ok;
}

export function registerSim(program: Command, ctx: CliContext): void {
  const clouds = ctx.deps.providers.filter((p) => p.simulator !== undefined).map((p) => p.name);
  program
    .command('sim')
    .description(`run a local cloud simulator on ${SIM_HOST} (for demos and tests); stops on Ctrl-C`)
    .argument('[cloud]', `the cloud to simulate: ${clouds.join(', ')}`, DEFAULT_SIM_CLOUD)
    .option('--scenario <name>', 'seeded scenario to serve (see --list-scenarios)', DEFAULT_SCENARIO)
    .option('--port <port>', 'port to listen on (0 picks a free one)', integerParser(0, 65535), DEFAULT_SIM_PORT)
    .option('--latency-ms <ms>', 'delay added to every response', integerParser(0, 60_000))
    .option(
      '--fault <rule>',
      'inject a fault, e.g. "kms:GetKeyPolicy=AccessDenied"; faults: AccessDenied, Throttling, InternalError, Malformed, Timeout, Empty, Foreign (repeatable)',
      repeatable((text: string) => {
        if (text.trim() === '') throw new InvalidArgumentError('A fault rule cannot be empty.');
        return text;
      }),
    )
    .option('--list-scenarios', 'list the scenarios and exit')
    .addHelpText('after', SIM_EXIT_CODES_HELP)
    .action(async (cloud: string, flags: SimFlags) => {
      ctx.exitCode = await runSim(ctx, cloud, flags);
    });
}
