// `npm run bench`: audits N simulated endpoints with injected latency and prints wall time, API calls per
// endpoint, peak memory and the ratio of wall time to the lower bound (calls x latency / concurrency).
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { Command } from 'commander';
import { simulatorClientEnv } from '../../sim/aws/client-env';
import { nextMessage, positiveInt } from './child';

interface AuditResult {
  readonly wallMs: number;
  readonly peakRssMib: number;
  readonly endpoints: number;
  readonly findings: number;
  readonly gaps: number;
}

/**
 * The SDK spends about 1.2 ms of CPU per call, and here the simulator shares the machine's 2 cores.
 * At 25 ms a call, 8 slots keep one core about 40% busy, so wall time measures the auditor's
 * scheduling; at 16 (the CLI's default, sized for real AWS latencies) the CPU saturates first.
 */
const BENCH_CONCURRENCY = 8;

/** The audit talks only to the simulator: fake static credentials, no instance metadata. */
const SIMULATOR_ENV: NodeJS.ProcessEnv = {
  ...process.env,
  ...simulatorClientEnv(undefined, 'us-east-1'),
  AWS_PROFILE: '',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

async function runOne(endpoints: number, latencyMs: number, concurrency: number) {
  const sim = fork(join(__dirname, 'sim-process.js'), { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  try {
    sim.send({ endpoints, latencyMs });
    const { url } = await nextMessage<{ url: string }>(sim);
    const audit = fork(join(__dirname, 'audit-process.js'), { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env: SIMULATOR_ENV });
    audit.send({ url, concurrency });
    const result = await nextMessage<AuditResult>(audit);
    sim.send('calls');
    const { calls } = await nextMessage<{ calls: number }>(sim);
    const lowerBoundMs = (calls * latencyMs) / concurrency;
    return { ...result, calls, lowerBoundMs };
  } finally {
    sim.send('stop');
  }
}

async function main() {
  const options = new Command()
    .name('bench')
    .option('--sizes <list>', 'endpoint counts, comma-separated', '100,1000,10000')
    .option('--latency-ms <n>', 'latency injected on every API call', positiveInt, 25)
    .option('--concurrency <n>', 'concurrent API calls the auditor may make', positiveInt, BENCH_CONCURRENCY)
    .parse()
    .opts<{ sizes: string; latencyMs: number; concurrency: number }>();
  const sizes = options.sizes.split(',').map(positiveInt);
  console.log(`latency ${options.latencyMs} ms a call, concurrency ${options.concurrency}`);
  console.log('endpoints  calls  calls/endpoint  wall_s  lower_bound_s  wall/lower_bound  peak_rss_mib  gaps');
  for (const size of sizes) {
    const r = await runOne(size, options.latencyMs, options.concurrency);
    if (r.endpoints !== size) throw new Error(`expected ${size} endpoints in the inventory, found ${r.endpoints} (${r.gaps} failed reads)`);
    console.log(
      [
        String(size).padStart(9),
        String(r.calls).padStart(6),
        (r.calls / size).toFixed(2).padStart(15),
        (r.wallMs / 1000).toFixed(2).padStart(7),
        (r.lowerBoundMs / 1000).toFixed(2).padStart(14),
        (r.wallMs / r.lowerBoundMs).toFixed(2).padStart(17),
        r.peakRssMib.toFixed(0).padStart(13),
        String(r.gaps).padStart(5),
      ].join(' '),
    );
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
