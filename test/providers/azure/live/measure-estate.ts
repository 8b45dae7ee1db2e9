// Measures Azure estate discovery in the simulator (not a jest test): 200 subscriptions, 10 holding a workspace, 20 ms
// injected latency, with and without Azure Resource Graph, by listing and by management group, and two shards. Run:
//   npx esbuild test/providers/azure/live/measure-estate.ts --bundle --platform=node --external:@azure/identity --outfile=/tmp/measure-estate.js && node /tmp/measure-estate.js
import { collectAzureInventory } from '../../../../providers/azure/live/index';
import { estateScenario, startAzureSimulator, ESTATE_ROOT_GROUP } from '../../../../sim/azure/index';

async function run(label: string, resourceGraph: boolean, managementGroup: string | undefined, shard?: { index: number; count: number }) {
  const sim = await startAzureSimulator(estateScenario({ subscriptions: 200, withWorkspaces: 10 }), { latencyMs: 20 });
  try {
    const started = process.hrtime.bigint();
    const inventory = await collectAzureInventory({ subscriptions: [], ...(managementGroup ? { managementGroup } : {}), resourceGraph, endpointUrl: sim.url, accessToken: 't', ...(shard ? { shard } : {}) });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    const calls = sim.calls();
    const byOp = new Map<string, number>();
    for (const c of calls) byOp.set(c.operation, (byOp.get(c.operation) ?? 0) + 1);
    const endpoints = inventory.resources.filter((r) => r.kind === 'endpoint').length;
    console.log(JSON.stringify({ label, ms: Math.round(ms), calls: calls.length, gaps: inventory.gaps.length, subscriptions: inventory.scope.accounts.length, endpoints, discovery: { Subscriptions_List: byOp.get('Subscriptions_List') ?? 0, ManagementGroups_GetDescendants: byOp.get('ManagementGroups_GetDescendants') ?? 0, Resources: byOp.get('Resources') ?? 0 }, Workspaces_ListBySubscription: byOp.get('Workspaces_ListBySubscription') ?? 0 }));
  } finally {
    await sim.close();
  }
}

void (async () => {
  for (let rep = 0; rep < 3; rep += 1) {
    await run('listed, Resource Graph', true, undefined);
    await run('listed, --no-resource-graph', false, undefined);
    await run('management group, Resource Graph', true, ESTATE_ROOT_GROUP);
    await run('management group, --no-resource-graph', false, ESTATE_ROOT_GROUP);
  }
  await run('management group, RG, shard 1/2', true, ESTATE_ROOT_GROUP, { index: 1, count: 2 });
  await run('management group, RG, shard 2/2', true, ESTATE_ROOT_GROUP, { index: 2, count: 2 });
})();
