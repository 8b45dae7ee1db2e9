// Azure estate discovery over HTTP against the ARM simulator, with the real ARM client: a management group's tree,
// subscription states, Resource Graph narrowing (counted calls), its failure and staleness, a denied subscription,
// and shards that together equal the whole.
import { collectAzureInventory, type AzureAuditOptions } from '../../../../providers/azure/live/index';
import { runAudit } from '../../../../checker/run';
import { defaultBaseline } from '../../../../policies/baseline';
import { mergeInventories, resourcesOfKind, type Inventory } from '../../../../policies/model';
import { AZURE_FAULT_KINDS, ESTATE_ROOT_GROUP, estateScenario, estateSubscriptionId, startAzureSimulator, type AzureServerOptions, type AzureScenario, type RunningAzureSimulator } from '../../../../sim/azure';

const NOW = new Date('2026-12-01T00:00:00Z');
const running: RunningAzureSimulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((sim) => sim.close()));
});

async function simulate(scenario: AzureScenario, options: AzureServerOptions = {}): Promise<RunningAzureSimulator> {
  const sim = await startAzureSimulator(scenario, options);
  running.push(sim);
  return sim;
}

function collect(sim: RunningAzureSimulator, options: Partial<AzureAuditOptions> = {}): Promise<Inventory> {
  return collectAzureInventory({ subscriptions: [], endpointUrl: sim.url, accessToken: 'simulator-token', maxRetries: 1, requestTimeoutMs: 5_000, ...options });
}

const ids = (indexes: readonly number[]) => indexes.map(estateSubscriptionId).sort();
const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const callsOf = (sim: RunningAzureSimulator, operation: string) => sim.calls().filter((c) => c.operation === operation);
const findingSet = (inventory: Inventory) =>
  new Set(runAudit({ inventory, baseline: defaultBaseline(), waivers: [], now: NOW }).findings.map((f) => `${f.controlId} ${f.resourceId.toLowerCase()} ${f.status}`));

describe('--management-group', () => {
  it('audits the subscriptions below the group at any depth, and no other', async () => {
    const sim = await simulate(estateScenario({ subscriptions: 12, withWorkspaces: 3 }));
    // ml holds no subscription itself; ml-prod below it holds indexes 2, 3, 6, 7, 10, 11.
    const ml = await collect(sim, { managementGroup: 'ml' });
    expect([...ml.scope.accounts].sort()).toEqual(ids([2, 3, 6, 7, 10, 11]));
    expect(ml.estate).toEqual({ discovered: ids([2, 3, 6, 7, 10, 11]), shardCount: 1, shards: [1] });
    expect(resourcesOfKind(ml, 'workspace').map((w) => w.name)).toEqual(['e2-ws']);
    expect(ml.gaps).toEqual([]);
    const root = await collect(sim, { managementGroup: ESTATE_ROOT_GROUP });
    expect([...root.scope.accounts].sort()).toEqual(ids(range(12)));
    expect(resourcesOfKind(root, 'workspace').map((w) => w.name).sort()).toEqual(['e0-ws', 'e1-ws', 'e2-ws']);
  });

  it('leaves Disabled and Deleted subscriptions out and audits Warned and PastDue ones (they still run)', async () => {
    const sim = await simulate(estateScenario({ subscriptions: 8, withWorkspaces: 2, states: { 0: 'Warned', 1: 'PastDue', 4: 'Disabled', 5: 'Deleted' } }));
    const inventory = await collect(sim, { managementGroup: ESTATE_ROOT_GROUP });
    expect([...inventory.scope.accounts].sort()).toEqual(ids([0, 1, 2, 3, 6, 7]));
    expect(resourcesOfKind(inventory, 'workspace').map((w) => w.name).sort()).toEqual(['e0-ws', 'e1-ws']);
    // Left out, and named with their state so the report accounts for every subscription listed.
    expect(inventory.estate?.inactive).toEqual(
      [
        { id: estateSubscriptionId(4), state: 'Disabled' },
        { id: estateSubscriptionId(5), state: 'Deleted' },
      ].sort((a, b) => a.id.localeCompare(b.id)),
    );
    // Without a group, the credential's own listing names them the same way; a shard states them all.
    const shard = await collect(sim, { shard: { index: 2, count: 2 } });
    expect(shard.estate?.inactive?.map((m) => m.id).sort()).toEqual(ids([4, 5]));
  });

  it('a group the caller cannot read is a gap naming it, and the run ends with nothing invented', async () => {
    const sim = await simulate(estateScenario({ subscriptions: 4, withWorkspaces: 1 }));
    const inventory = await collect(sim, { managementGroup: 'no-such-group' });
    expect(inventory.gaps).toEqual([
      expect.objectContaining({ operation: 'ManagementGroups_GetDescendants', resourceId: '/providers/Microsoft.Management/managementGroups/no-such-group', errorCode: 'AuthorizationFailed' }),
    ]);
    expect(inventory.resources).toEqual([]);
  });

  // Every fault the simulator injects on the group's listing (Hang included, cut by the request timeout): a gap naming
  // the group, no subscription invented from a broken answer, and no crash.
  it.each(AZURE_FAULT_KINDS)('a descendants listing that answers %s is a gap naming the group, with nothing invented', async (fault) => {
    const sim = await simulate(estateScenario({ subscriptions: 4, withWorkspaces: 1 }));
    sim.setFaults([{ operation: 'ManagementGroups_GetDescendants', fault }]);
    const inventory = await collect(sim, { managementGroup: ESTATE_ROOT_GROUP, requestTimeoutMs: 1_000 });
    expect(inventory.gaps).toEqual(
      expect.arrayContaining([expect.objectContaining({ operation: 'ManagementGroups_GetDescendants', resourceId: `/providers/Microsoft.Management/managementGroups/${ESTATE_ROOT_GROUP}` })]),
    );
    expect(inventory.resources).toEqual([]);
  });

  it('refuses a malformed group id and a scope given twice', async () => {
    const sim = await simulate(estateScenario({ subscriptions: 1, withWorkspaces: 0 }));
    await expect(collect(sim, { managementGroup: 'a/b' })).rejects.toThrow('is not a management group id');
    await expect(collect(sim, { managementGroup: 'ml', subscriptions: [estateSubscriptionId(0)] })).rejects.toThrow('both name the scope');
  });
});

describe('Azure Resource Graph narrowing', () => {
  it('one query finds the subscriptions that hold workspaces: the empty ones cost no call of their own', async () => {
    const sim = await simulate(estateScenario({ subscriptions: 40, withWorkspaces: 4 }));
    const inventory = await collect(sim, { managementGroup: ESTATE_ROOT_GROUP });
    expect(inventory.gaps).toEqual([]);
    expect(inventory.scope.accounts).toHaveLength(40);
    expect(resourcesOfKind(inventory, 'workspace')).toHaveLength(4);
    expect(callsOf(sim, 'Resources')).toHaveLength(1);
    expect(callsOf(sim, 'ManagementGroups_GetDescendants')).toHaveLength(1);
    expect(callsOf(sim, 'Workspaces_ListBySubscription').map((c) => c.path.split('/')[2]).sort()).toEqual(ids([0, 1, 2, 3]));
    const empty = ids(range(40).slice(4));
    expect(sim.calls().filter((c) => empty.some((id) => c.path.includes(id)))).toEqual([]);
  });

  it('when Resource Graph fails, every subscription is read directly: the same findings, no gap, and progress says so', async () => {
    const scenario = estateScenario({ subscriptions: 20, withWorkspaces: 3 });
    const healthy = await collect(await simulate(scenario), { managementGroup: ESTATE_ROOT_GROUP });
    for (const fault of ['AuthorizationFailed', 'Throttled', 'ForeignJson'] as const) {
      const sim = await simulate(scenario, { faults: [{ operation: 'Resources', fault }], retryAfterSeconds: 0 });
      const phases: string[] = [];
      const inventory = await collect(sim, { managementGroup: ESTATE_ROOT_GROUP, onProgress: (event) => phases.push(event.phase) });
      expect(inventory.gaps).toEqual([]);
      expect(findingSet(inventory)).toEqual(findingSet(healthy));
      expect(callsOf(sim, 'Workspaces_ListBySubscription')).toHaveLength(20);
      expect(phases.some((phase) => /Resource Graph failed/.test(phase))).toBe(true);
    }
  });

  it('--no-resource-graph reads every subscription, and finds a workspace the graph has not indexed yet', async () => {
    const scenario = estateScenario({ subscriptions: 6, withWorkspaces: 2 });
    const fresh = scenario.resources.find((r) => r.type === 'Microsoft.MachineLearningServices/workspaces' && r.name === 'e1-ws');
    if (!fresh) throw new Error('scenario without e1-ws');
    const sim = await simulate(scenario, { resourceGraph: { notYetIndexed: [fresh.id] } });
    const narrowed = await collect(sim);
    // The documented trade-off: the graph lags, so the narrowed run misses the newest workspace.
    expect(resourcesOfKind(narrowed, 'workspace').map((w) => w.name)).toEqual(['e0-ws']);
    sim.resetCalls();
    const direct = await collect(sim, { resourceGraph: false });
    expect(resourcesOfKind(direct, 'workspace').map((w) => w.name).sort()).toEqual(['e0-ws', 'e1-ws']);
    expect(callsOf(sim, 'Resources')).toEqual([]);
    expect(callsOf(sim, 'Workspaces_ListBySubscription')).toHaveLength(6);
  });

  it('never narrows subscriptions named with --subscription: each is read directly', async () => {
    const sim = await simulate(estateScenario({ subscriptions: 4, withWorkspaces: 1 }));
    const inventory = await collect(sim, { subscriptions: ids([0, 1, 2]) });
    expect(callsOf(sim, 'Resources')).toEqual([]);
    expect(callsOf(sim, 'Workspaces_ListBySubscription')).toHaveLength(3);
    expect(inventory.estate).toEqual({ discovered: ids([0, 1, 2]), shardCount: 1, shards: [1] });
  });

  it('asks at most 1000 subscriptions a query, and waits out a spent quota instead of being throttled', async () => {
    const sim = await simulate(estateScenario({ subscriptions: 1001, withWorkspaces: 2 }), { resourceGraph: { quota: { queries: 1, windowMs: 1_500 } } });
    const started = Date.now();
    const inventory = await collect(sim);
    expect(inventory.gaps).toEqual([]);
    expect(resourcesOfKind(inventory, 'workspace')).toHaveLength(2);
    expect(callsOf(sim, 'Resources').map((c) => c.status)).toEqual([200, 200]);
    // The first answer said 0 queries left until the window resets: the second query waited for it.
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  }, 30_000);
});

describe('a subscription that cannot be read', () => {
  it('is a gap naming it; the other subscriptions are reported', async () => {
    const sim = await simulate(estateScenario({ subscriptions: 8, withWorkspaces: 3 }), {
      faults: [{ operation: 'Workspaces_ListBySubscription', pathContains: estateSubscriptionId(1), fault: 'AuthorizationFailed' }],
    });
    const inventory = await collect(sim, { managementGroup: ESTATE_ROOT_GROUP });
    expect(inventory.gaps).toEqual([expect.objectContaining({ operation: 'Workspaces_ListBySubscription', resourceId: `/subscriptions/${estateSubscriptionId(1)}`, errorCode: 'AuthorizationFailed' })]);
    expect(resourcesOfKind(inventory, 'workspace').map((w) => w.name).sort()).toEqual(['e0-ws', 'e2-ws']);
    expect(inventory.scope.accounts).toHaveLength(8);
  });

  it('ARM\'s per-subscription read budget (429 + Retry-After) slows the audit down but loses nothing', async () => {
    const scenario = estateScenario({ subscriptions: 4, withWorkspaces: 2 });
    const sim = await simulate(scenario, { subscriptionReads: { perSecond: 5, burst: 3 } });
    const inventory = await collect(sim, { maxRetries: 6 });
    expect(inventory.gaps).toEqual([]);
    expect(sim.calls().some((c) => c.status === 429)).toBe(true);
    expect(findingSet(inventory)).toEqual(findingSet(await collect(await simulate(scenario))));
  }, 60_000);
});

describe('--shard', () => {
  it('1/2 and 2/2 together are the unsharded run: the same (control, resource, status) set, and the whole estate covered', async () => {
    const sim = await simulate(estateScenario({ subscriptions: 16, withWorkspaces: 6 }));
    const whole = await collect(sim, { managementGroup: ESTATE_ROOT_GROUP });
    const first = await collect(sim, { managementGroup: ESTATE_ROOT_GROUP, shard: { index: 1, count: 2 } });
    const second = await collect(sim, { managementGroup: ESTATE_ROOT_GROUP, shard: { index: 2, count: 2 } });
    expect(first.scope.accounts.length + second.scope.accounts.length).toBe(16);
    expect(first.scope.accounts.filter((id) => second.scope.accounts.includes(id))).toEqual([]);
    expect(first.scope.accounts.length).toBeGreaterThan(0);
    expect(second.scope.accounts.length).toBeGreaterThan(0);
    const union = new Set([...findingSet(first), ...findingSet(second)]);
    expect(union).toEqual(findingSet(whole));
    expect(findingSet(mergeInventories([first, second]))).toEqual(findingSet(whole));
    expect(mergeInventories([first, second]).estate).toEqual({ discovered: ids(range(16)), shardCount: 2, shards: [1, 2] });
  });
});
