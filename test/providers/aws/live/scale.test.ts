// Pagination and API-call economy: many endpoints sharing keys, roles, buckets and networks.
import { resourcesOfKind } from '../../../../policies/model';
import { collectAwsInventory } from '../../../../providers/aws/live/index';
import { generateAwsScenario, startAwsSimulator } from '../../../../sim/aws/index';
import { US, sharedScenario } from './scenario';
import { countBy, isolateAwsEnvironment, valueOf } from './support';

isolateAwsEnvironment();

/** The benchmark's budget: API calls per endpoint when endpoints share their resources. */
const CALLS_PER_ENDPOINT_BUDGET = 3.5;

it('follows every page of ListEndpoints and ListMonitoringSchedules', async () => {
  const endpoints = 230;
  const sim = await startAwsSimulator(sharedScenario(endpoints, 1));
  try {
    const inventory = await collectAwsInventory({ regions: [US], endpointUrl: sim.url });
    expect(inventory.gaps).toEqual([]);
    const read = resourcesOfKind(inventory, 'endpoint');
    expect(read).toHaveLength(endpoints);
    expect(new Set(read.map((e) => e.id)).size).toBe(endpoints);
    expect(read.every((e) => valueOf(e.monitoringSchedules) === 1)).toBe(true);
    const calls = countBy(sim.calls(), (c) => c.operation);
    // 100 per page
    expect(calls.ListEndpoints).toBe(3);
    expect(calls.ListMonitoringSchedules).toBe(3);
    expect(calls.DescribeModel).toBe(1);
    expect(sim.calls().length / endpoints).toBeLessThanOrEqual(CALLS_PER_ENDPOINT_BUDGET);
  } finally {
    await sim.close();
  }
});

it(`stays within ${CALLS_PER_ENDPOINT_BUDGET} calls per endpoint on the generated benchmark account`, async () => {
  const endpoints = 200;
  const sim = await startAwsSimulator(generateAwsScenario({ endpoints, regions: ['us-east-1', 'eu-west-1'] }));
  try {
    const inventory = await collectAwsInventory({ regions: ['us-east-1', 'eu-west-1'], endpointUrl: sim.url });
    expect(inventory.gaps).toEqual([]);
    expect(resourcesOfKind(inventory, 'endpoint')).toHaveLength(endpoints);
    const perEndpoint = sim.calls().length / endpoints;
    expect(perEndpoint).toBeLessThanOrEqual(CALLS_PER_ENDPOINT_BUDGET);
  } finally {
    await sim.close();
  }
});
