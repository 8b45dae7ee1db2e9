// The auditor's custom Azure role: read-only, no secret-returning action, and exactly the actions the live
// readers' calls need (from the ARM simulator's request log): nothing missing, nothing unused.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { collectAzureInventory } from '../../../../providers/azure/live/index';
import { ESTATE_ROOT_GROUP, demoScenario, estateScenario, generatedScenario, servedActions, startAzureSimulator, type AzureScenario } from '../../../../sim/azure';

interface CustomRole {
  readonly Name: string;
  readonly IsCustom: boolean;
  readonly Description: string;
  readonly Actions: readonly string[];
  readonly NotActions: readonly string[];
  readonly DataActions: readonly string[];
  readonly NotDataActions: readonly string[];
  readonly AssignableScopes: readonly string[];
}

const role = JSON.parse(readFileSync(join(__dirname, '../../../../providers/azure/live/auditor-role.json'), 'utf8')) as CustomRole;

describe('providers/azure/live/auditor-role.json', () => {
  it('is a custom role definition in the format `az role definition create` reads', () => {
    expect(Object.keys(role).sort()).toEqual(['Actions', 'AssignableScopes', 'DataActions', 'Description', 'IsCustom', 'Name', 'NotActions', 'NotDataActions']);
    expect(role.IsCustom).toBe(true);
    expect(role.AssignableScopes.length).toBeGreaterThan(0);
  });

  it('grants only control-plane reads of named resource types: no wildcard, no action, no data action', () => {
    for (const action of role.Actions) {
      expect(action).toMatch(/^Microsoft\.[A-Za-z]+(\/[A-Za-z]+)+\/read$/);
      expect(action).not.toContain('*');
    }
    expect(role.DataActions).toEqual([]);
    expect(role.NotActions).toEqual([]);
    expect(new Set(role.Actions).size).toBe(role.Actions.length);
  });

  it('has no action that returns secrets or keys', () => {
    const secretReturning = /listKeys|listSecrets|regenerateKey|token|secrets|listCredentials|getAccessToken|listConnectionStrings/i;
    for (const action of role.Actions) expect(action).not.toMatch(secretReturning);
  });

  it('grants only actions the simulator knows (served reads)', () => {
    for (const action of role.Actions) expect(servedActions()).toContain(action);
  });

  it('allows every call the live readers make, and holds nothing they do not use', async () => {
    const used = new Set<string>();
    // Every subscription listed, and those below a management group (descendants and Resource Graph).
    const runs: [AzureScenario, string | undefined][] = [[demoScenario(), undefined], [generatedScenario(5, 2), undefined], [estateScenario({ subscriptions: 6, withWorkspaces: 2 }), ESTATE_ROOT_GROUP]];
    for (const [scenario, managementGroup] of runs) {
      const sim = await startAzureSimulator(scenario, { pageSize: 2 });
      try {
        const inventory = await collectAzureInventory({ subscriptions: [], ...(managementGroup ? { managementGroup } : {}), endpointUrl: sim.url, accessToken: 'simulator-token', maxRetries: 0 });
        expect(inventory.gaps).toEqual([]);
        const calls = sim.calls();
        // Every call was a served read the simulator answered: a GET, or Resource Graph's query (a POST that reads).
        const isRead = (call: { operation: string; method: string }) => call.method === 'GET' || (call.operation === 'Resources' && call.method === 'POST');
        expect(calls.filter((call) => call.operation === 'unknown' || !isRead(call) || call.status !== 200)).toEqual([]);
        for (const call of calls) used.add(call.action);
      } finally {
        await sim.close();
      }
    }
    expect([...role.Actions].sort()).toEqual([...used].sort());
  });
});
