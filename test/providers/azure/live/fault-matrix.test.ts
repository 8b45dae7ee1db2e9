// Every ARM call the readers make, under every way ARM calls fail in the field: the audit lists a gap, and a
// verdict only moves to `unknown`: a failed read never passes what failed or was unknown, and never invents a
// failure. One move is sound and allowed: not_applicable -> pass, when the read that decides whether a control
// applies failed but the verdict is pass either way (e.g. an identity whose grants are least-privilege, with the
// deployments that would show whether inference uses it unread).
import { collectAzureInventory } from '../../../../providers/azure/live/index';
import { defaultBaseline } from '../../../../policies/baseline';
import { runAudit } from '../../../../checker/run';
import type { Inventory } from '../../../../policies/model';
import { AZURE_FAULT_KINDS, demoScenario, startAzureSimulator, type RunningAzureSimulator } from '../../../../sim/azure';

const NOW = new Date('2026-12-01T00:00:00Z');
// Hang is left to readers.test.ts (it waits out the request timeout).
const FAULTS = AZURE_FAULT_KINDS.filter((kind) => kind !== 'Hang');

let sim: RunningAzureSimulator;
beforeAll(async () => {
  sim = await startAzureSimulator(demoScenario(), { retryAfterSeconds: 0 });
});
afterAll(() => sim.close());

const collect = (): Promise<Inventory> => collectAzureInventory({ subscriptions: [], endpointUrl: sim.url, accessToken: 'simulator-token', maxRetries: 1, requestTimeoutMs: 5_000 });
const verdicts = (inventory: Inventory): Map<string, string> =>
  new Map(runAudit({ inventory, baseline: defaultBaseline(), waivers: [], now: NOW }).findings.map((f) => [`${f.controlId} ${f.resourceId}`, f.status]));

let healthy: Map<string, string>;
let operations: string[];
beforeAll(async () => {
  sim.setFaults([]);
  sim.resetCalls();
  const inventory = await collect();
  expect(inventory.gaps).toEqual([]);
  healthy = verdicts(inventory);
  operations = [...new Set(sim.calls().map((c) => c.operation))].sort();
});

describe('the Azure readers under every fault of every call they make', () => {
  it('make the calls the fault matrix covers', () => {
    expect(operations).toEqual(expect.arrayContaining(['Resources', 'Subscriptions_List', 'EnvironmentVersions_Get', 'DiagnosticSettings_List', 'Keys_Get', 'OnlineEndpoints_List', 'Workspaces_ListBySubscription']));
  });

  it('list a gap and only ever turn a verdict into unknown', async () => {
    const moved: string[] = [];
    for (const operation of operations) {
      for (const fault of FAULTS) {
        sim.setFaults([{ operation, fault }]);
        const inventory = await collect();
        // Resource Graph only narrows: when it fails, every subscription is read directly, so coverage is complete and
        // nothing is a gap (the verdicts below must then be exactly the healthy ones).
        if (operation === 'Resources') {
          if (inventory.gaps.length > 0) moved.push(`${operation} ${fault}: a gap listed though every subscription was read`);
          for (const [key, status] of verdicts(inventory)) if (healthy.get(key) !== status) moved.push(`${operation} ${fault}: ${key} ${healthy.get(key) ?? 'absent'} -> ${status}`);
          continue;
        }
        if (inventory.gaps.length === 0) moved.push(`${operation} ${fault}: no gap listed`);
        for (const [key, status] of verdicts(inventory)) {
          const before = healthy.get(key);
          const sound = status === 'unknown' || status === before || (before === 'not_applicable' && status === 'pass');
          if (!sound) moved.push(`${operation} ${fault}: ${key} ${before ?? 'absent'} -> ${status}`);
        }
      }
    }
    sim.setFaults([]);
    expect(moved).toEqual([]);
  }, 300_000);
});
