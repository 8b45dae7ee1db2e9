// Child process for the benchmark: runs the simulator apart from the audit so the audit's memory is measured alone.
import { generateAwsScenario, startAwsSimulator } from '../../sim/aws';

interface StartMessage {
  readonly endpoints: number;
  readonly latencyMs: number;
}

process.once('message', async (message: StartMessage) => {
  const scenario = generateAwsScenario({ endpoints: message.endpoints });
  const sim = await startAwsSimulator(scenario, { latencyMs: message.latencyMs });
  process.send?.({ url: sim.url });
  process.on('message', async (request: string) => {
    if (request === 'calls') process.send?.({ calls: sim.calls().length });
    if (request === 'stop') {
      await sim.close();
      process.exit(0);
    }
  });
});
