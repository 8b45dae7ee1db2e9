// Loaded with `node --require` into each audit shard by `bench:org`: writes the process's own CPU time
// (user and system) as it exits, so the bench can tell CPU-bound shards from ones waiting on calls.
import { writeFileSync } from 'node:fs';

export interface CpuSeconds {
  readonly user: number;
  readonly system: number;
}

export const CPU_FILE_VARIABLE = 'INFERGUARD_BENCH_CPU_FILE';

const target = process.env[CPU_FILE_VARIABLE];
if (target) {
  process.once('exit', () => {
    const { user, system } = process.cpuUsage();
    const seconds: CpuSeconds = { user: user / 1e6, system: system / 1e6 };
    writeFileSync(target, JSON.stringify(seconds));
  });
}
