// The simulator's estate reads on the wire: a management group's descendants (paged, recursive), the one Resource Graph
// query it answers (any other is a 400 as Resource Graph answers an invalid query), its quota headers and 429, the
// query string the auditor sends, and ARM's per-subscription read budget.
import { WORKSPACES_BY_SUBSCRIPTION_QUERY } from '../../../providers/azure/live/estate';
import { AZURE_SCENARIOS, ESTATE_ROOT_GROUP, SIMULATED_WORKSPACE_QUERY, SubscriptionReadBudget, estateScenario, estateSubscriptionId, startAzureSimulator, type RunningAzureSimulator } from '../../../sim/azure';
import { armClient } from './arm-client';

let sim: RunningAzureSimulator;
beforeAll(async () => {
  sim = await startAzureSimulator(estateScenario({ subscriptions: 10, withWorkspaces: 3 }), { pageSize: 3, resourceGraph: { quota: { queries: 3, windowMs: 60_000 } } });
});
afterAll(() => sim.close());

async function query(body: unknown): Promise<{ status: number; headers: Record<string, string | undefined>; json: Record<string, unknown> }> {
  const response = await fetch(`${sim.url}/providers/Microsoft.ResourceGraph/resources?api-version=2024-04-01`, {
    method: 'POST',
    headers: { authorization: 'Bearer simulator-token', 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const headers = { remaining: response.headers.get('x-ms-user-quota-remaining') ?? undefined, resets: response.headers.get('x-ms-user-quota-resets-after') ?? undefined, retryAfter: response.headers.get('retry-after') ?? undefined };
  return { status: response.status, headers, json: (await response.json()) as Record<string, unknown> };
}

describe('ManagementGroups_GetDescendants', () => {
  it('lists every group and subscription below the group, at any depth, across nextLink pages', async () => {
    const { items, pages } = await armClient(sim.url).listAll(`/providers/Microsoft.Management/managementGroups/${ESTATE_ROOT_GROUP}/descendants?api-version=2023-04-01`);
    expect(pages).toBeGreaterThan(1);
    expect(items.filter((i) => i.type === 'Microsoft.Management/managementGroups').map((i) => i.name)).toEqual(['platform', 'ml', 'ml-prod']);
    expect(items.filter((i) => i.type === 'Microsoft.Management/managementGroups/subscriptions').map((i) => i.name).sort()).toEqual(Array.from({ length: 10 }, (_, i) => estateSubscriptionId(i)).sort());
    const mlProd = items.find((i) => i.name === 'ml-prod') as { properties: { parent: { id: string } } };
    expect(mlProd.properties.parent.id).toBe('/providers/Microsoft.Management/managementGroups/ml');
  });

  it('answers a group that does not exist as one the caller cannot read (403)', async () => {
    const response = await armClient(sim.url).get('/providers/Microsoft.Management/managementGroups/nowhere/descendants?api-version=2023-04-01');
    expect(response.status).toBe(403);
    expect(JSON.parse(response.bodyAsText ?? '{}')).toMatchObject({ error: { code: 'AuthorizationFailed' } });
  });
});

describe('Resources (Azure Resource Graph)', () => {
  it('answers exactly the query the auditor sends', () => {
    expect(SIMULATED_WORKSPACE_QUERY).toBe(WORKSPACES_BY_SUBSCRIPTION_QUERY);
  });

  it('counts workspaces by subscription among those asked, pages by $skipToken, and states its quota; then a 429 with Retry-After', async () => {
    const all = Array.from({ length: 10 }, (_, i) => estateSubscriptionId(i));
    const first = await query({ subscriptions: all, query: SIMULATED_WORKSPACE_QUERY, options: { resultFormat: 'objectArray', $top: 2 } });
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ totalRecords: 3, count: 2, resultTruncated: 'false' });
    expect(first.headers.remaining).toBe('2');
    expect(first.headers.resets).toMatch(/^\d{2}:\d{2}:\d{2}$/);
    const second = await query({ subscriptions: all, query: SIMULATED_WORKSPACE_QUERY, options: { $top: 2, $skipToken: first.json.$skipToken } });
    expect(second.json.$skipToken).toBeUndefined();
    const rows = [...(first.json.data as { subscriptionId: string; workspaces: number }[]), ...(second.json.data as { subscriptionId: string; workspaces: number }[])];
    expect(rows.map((r) => r.subscriptionId).sort()).toEqual([0, 1, 2].map(estateSubscriptionId).sort());
    expect(rows.every((r) => r.workspaces === 1)).toBe(true);
    // Another query is a 400 naming it invalid (the simulator is no KQL engine).
    const other = await query({ subscriptions: all, query: 'resources | project name' });
    expect(other.status).toBe(400);
    expect(other.json).toMatchObject({ error: { code: 'BadRequest', details: [{ code: 'InvalidQuery' }] } });
    expect(other.headers.remaining).toBe('0');
    const throttled = await query({ subscriptions: all, query: SIMULATED_WORKSPACE_QUERY });
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers.retryAfter)).toBeGreaterThan(0);
  });
});

describe('the estate scenario', () => {
  it('is served by name (inferguard sim azure --scenario estate): 200 subscriptions, 10 of them holding a workspace, under the group tree', () => {
    const scenario = AZURE_SCENARIOS.estate();
    expect(scenario.subscriptions).toHaveLength(200);
    expect(scenario.resources.filter((r) => r.type === 'Microsoft.MachineLearningServices/workspaces')).toHaveLength(10);
    expect(scenario.managementGroups?.map((g) => g.name)).toEqual([ESTATE_ROOT_GROUP, 'platform', 'ml', 'ml-prod']);
  });
});

describe('SubscriptionReadBudget', () => {
  it('grants a burst, then says when the next token comes, per subscription', () => {
    const budget = new SubscriptionReadBudget(2, 2);
    expect([budget.take('a', 0), budget.take('a', 0), budget.take('a', 0)]).toEqual([undefined, undefined, 1]);
    expect(budget.take('b', 0)).toBeUndefined();
    expect(budget.take('a', 500)).toBeUndefined();
  });
});
