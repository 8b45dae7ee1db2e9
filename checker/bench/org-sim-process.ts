// Child process for `bench:org`: serves the organization simulator apart from the audit shards, so the
// shards' CPU and the simulator's are separate processes, and answers the call counts (and the CPU it
// spent serving them) when asked.
import { countCalls, organizationScenario, startAwsSimulator, type OrganizationScenarioOptions, type RateLimits } from '../../sim/aws';
import type { CpuSeconds } from './cpu-on-exit';

export interface OrgSimStart {
  readonly scenario: OrganizationScenarioOptions;
  readonly latencyMs: number;
  readonly rateLimits: RateLimits;
}

process.once('message', async (message: OrgSimStart) => {
  const sim = await startAwsSimulator(organizationScenario(message.scenario), { latencyMs: message.latencyMs, rateLimits: message.rateLimits });
  // Serving only: loading the modules and building the scenario are left out.
  const startCpu = process.cpuUsage();
  process.send?.({ url: sim.url });
  process.on('message', async (request: string) => {
    if (request === 'counts') {
      const { user, system } = process.cpuUsage(startCpu);
      const cpu: CpuSeconds = { user: user / 1e6, system: system / 1e6 };
      process.send?.({ counts: countCalls(sim.calls()), cpu });
    }
    if (request === 'stop') {
      await sim.close();
      process.exit(0);
    }
  });
});
