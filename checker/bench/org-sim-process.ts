// Child process for `bench:org`: serves the organization simulator apart from the audit shards, so the
// shards' CPU and the simulator's are separate processes, and answers the call counts when asked.
import { countCalls, organizationScenario, startAwsSimulator, type OrganizationScenarioOptions, type RateLimits } from '../../sim/aws';

export interface OrgSimStart {
  readonly scenario: OrganizationScenarioOptions;
  readonly latencyMs: number;
  readonly rateLimits: RateLimits;
}

process.once('message', async (message: OrgSimStart) => {
  const sim = await startAwsSimulator(organizationScenario(message.scenario), { latencyMs: message.latencyMs, rateLimits: message.rateLimits });
  process.send?.({ url: sim.url });
  process.on('message', async (request: string) => {
    if (request === 'counts') process.send?.({ counts: countCalls(sim.calls()) });
    if (request === 'stop') {
      await sim.close();
      process.exit(0);
    }
  });
});
