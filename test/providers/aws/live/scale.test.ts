// Pagination and API-call economy: many endpoints sharing keys, roles, buckets and networks.
import { resourcesOfKind } from '../../../../policies/model';
import { AuditContext } from '../../../../providers/aws/live/context';
import { collectAwsInventory } from '../../../../providers/aws/live/index';
import { SageMakerReader } from '../../../../providers/aws/live/sagemaker';
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

async function listedNames(endpointUrl: string): Promise<string[]> {
  const ctx = new AuditContext({ maxAttempts: 1, endpointUrl }, 1);
  try {
    const names: string[] = [];
    for await (const page of new SageMakerReader(ctx).endpointPages(US)) names.push(...page.map((s) => s.EndpointName ?? ''));
    return names;
  } finally {
    ctx.destroy();
  }
}

describe('reading endpoints as a pipeline', () => {
  const endpoints = 230;

  it('starts describing on the first ListEndpoints page and finishes endpoints before describing the rest', async () => {
    const sim = await startAwsSimulator(sharedScenario(endpoints, 1));
    try {
      const listing = await listedNames(sim.url);
      sim.resetCalls();
      const inventory = await collectAwsInventory({ regions: [US], endpointUrl: sim.url, concurrency: 4 });
      // In listing order, however the endpoints' reads finished.
      expect(resourcesOfKind(inventory, 'endpoint').map((e) => e.name)).toEqual(listing);
      expect(listing).toHaveLength(endpoints);
      const order = sim.calls().map((c) => c.operation);
      // Endpoints are read while later pages are still being listed, and each is read to the end
      // while most others wait: their raw descriptions are not all held at once.
      expect(order.indexOf('DescribeEndpoint')).toBeLessThan(order.lastIndexOf('ListEndpoints'));
      expect(order.indexOf('DescribeEndpointConfig')).toBeLessThan(order.lastIndexOf('DescribeEndpoint'));
    } finally {
      await sim.close();
    }
  });

  it('keeps the endpoints of the pages before a failed page, with the gap', async () => {
    const sim = await startAwsSimulator(sharedScenario(endpoints, 1));
    try {
      sim.setFaults([{ service: 'sagemaker', operation: 'ListEndpoints', fault: 'AccessDenied', everyNth: 2, times: 1 }]);
      const inventory = await collectAwsInventory({ regions: [US], endpointUrl: sim.url, maxAttempts: 1 });
      expect(resourcesOfKind(inventory, 'endpoint')).toHaveLength(100);
      expect(inventory.gaps).toEqual([expect.objectContaining({ service: 'sagemaker', operation: 'ListEndpoints', region: US })]);
      expect(countBy(sim.calls(), (c) => c.operation).ListEndpoints).toBe(2);
    } finally {
      await sim.close();
    }
  });
});
