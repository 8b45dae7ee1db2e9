// Configuration drift on Azure: a `pulumi stack export` of the compliant scenario (read by the Pulumi reader
// `inferguard scan` uses) against the Azure simulator serving that scenario, read by the live ARM readers.
// Unchanged: no difference. An endpoint or the workspace opened to the public network, a key's rotation
// policy removed: exactly that fact, with the control that judges it.
import { collectAzureInventory } from '../../../providers/azure/live/index';
import { readPulumiDocument } from '../../../providers/azure/pulumi/index';
import type { Inventory } from '../../../policies/model';
import { compliantScenario, startAzureSimulator, type ArmResource, type AzureScenario } from '../../../sim/azure';
import { configurationDrift, renderConfigurationDrift, type ConfigurationDrift } from '../../../checker/drift/configuration';
import { stackExport } from '../../providers/azure/pulumi/stack-export';

async function live(scenario: AzureScenario): Promise<Inventory> {
  const sim = await startAzureSimulator(scenario);
  try {
    return await collectAzureInventory({ subscriptions: [], endpointUrl: sim.url, accessToken: 'simulator-token' });
  } finally {
    await sim.close();
  }
}

/** The compliant scenario with the properties of the resources of one ARM type changed. */
function changed(type: string, change: (properties: Record<string, unknown>) => Record<string, unknown>): AzureScenario {
  const scenario = compliantScenario();
  const resources = scenario.resources.map((r): ArmResource => (r.type === type ? { ...r, properties: change({ ...(r.properties as Record<string, unknown>) }) } : r));
  expect(resources.filter((r) => r.type === type).length).toBeGreaterThan(0);
  return { ...scenario, resources };
}

const differences = (drift: ConfigurationDrift): string[] =>
  drift.resources.flatMap((r) => r.differences.map((d) => `${r.kind} ${r.name} ${d.path}: ${JSON.stringify(d.declared)} -> ${JSON.stringify(d.live)} [${d.controlIds.join(',')}]`));

const declared = (): Inventory => readPulumiDocument(stackExport(compliantScenario()));

describe('a Pulumi stack export against the live Azure subscription', () => {
  it('deployed as declared: every resource matched by its ARM id, no difference, nothing only on one side', async () => {
    const iac = declared();
    const drift = configurationDrift(iac, await live(compliantScenario()));
    expect(differences(drift)).toEqual([]);
    expect(drift.summary.matched).toBe(iac.resources.length);
    expect(drift.resources.every((r) => r.matchedBy.by === 'identity' && r.matchedBy.declaredField === 'id' && r.matchedBy.liveField === 'id')).toBe(true);
    expect({ notFoundLive: drift.notFoundLive, outOfBand: drift.outOfBand, ambiguous: drift.ambiguous }).toEqual({ notFoundLive: [], outOfBand: [], ambiguous: [] });
    // What neither side reads is said, not taken for "unchanged".
    expect(drift.resources.flatMap((r) => r.notComparable.map((n) => `${r.kind} ${n.path} (${n.side})`))).toEqual([
      'endpoint deployments[default].artifactStoreIds (both)',
      'endpoint monitoringSchedules (both)',
    ]);
  });

  it('a preview (no ARM ids yet: URNs only) pairs by name, and says what it could not compare', async () => {
    const exported = stackExport(compliantScenario()) as { deployment: { resources: Record<string, unknown>[] } };
    const steps = exported.deployment.resources.map((state) => {
      // Before deployment a state has no cloud id and no outputs.
      const { id: _id, outputs: _outputs, ...newState } = state as { id?: string; outputs?: Record<string, unknown>; urn?: string };
      return { op: 'create', urn: newState.urn, newState: { ...newState, outputs: {} } };
    });
    const preview = readPulumiDocument({ steps });
    expect(preview.resources.every((r) => r.id.startsWith('urn:pulumi:'))).toBe(true);
    const drift = configurationDrift(preview, await live(compliantScenario()));
    expect(differences(drift)).toEqual([]);
    expect(drift.resources.map((r) => r.matchedBy.by)).toEqual(preview.resources.map(() => 'name'));
    expect({ notFoundLive: drift.notFoundLive, outOfBand: drift.outOfBand }).toEqual({ notFoundLive: [], outOfBand: [] });
    // What Pulumi knows only after deployment is not comparable, never "unchanged".
    expect(drift.resources.flatMap((r) => r.notComparable.map((n) => `${r.kind} ${r.name} ${n.path} (${n.side})`)).sort()).toEqual([
      'endpoint churn deployments[default].artifactStoreIds (both)',
      'endpoint churn deployments[default].images (declared)',
      'endpoint churn monitoringSchedules (both)',
      'identity churn-endpoint-identity attachedPolicies (declared)',
      'identity churn-endpoint-identity statements (declared)',
      'identity churn-key-identity attachedPolicies (declared)',
      'identity churn-key-identity statements (declared)',
      'workspace churn-ws privateEndpointConnections (declared)',
    ]);
    expect(renderConfigurationDrift(drift)).toContain('identity churn-key-identity statements: IaC: the identity\'s principal id is known only after deployment');
  });

  it('an online endpoint opened to the public network', async () => {
    const scenario = changed('Microsoft.MachineLearningServices/workspaces/onlineEndpoints', (p) => ({ ...p, publicNetworkAccess: 'Enabled' }));
    const drift = configurationDrift(declared(), await live(scenario));
    expect(differences(drift)).toEqual([expect.stringMatching(/^endpoint \S+ publicNetworkAccess: false -> true \[endpoint-public-access-disabled\]$/)]);
  });

  it("a key's rotation policy removed", async () => {
    const scenario = changed('Microsoft.KeyVault/vaults/keys', ({ rotationPolicy, ...rest }) => rest);
    const drift = configurationDrift(declared(), await live(scenario));
    expect(differences(drift)).toEqual([expect.stringMatching(/^key \S+ rotationPeriodDays: \d+ -> null \[key-rotation-enabled\]$/)]);
  });

  it('the workspace opened to the public network', async () => {
    const scenario = changed('Microsoft.MachineLearningServices/workspaces', (p) => ({ ...p, publicNetworkAccess: 'Enabled' }));
    const drift = configurationDrift(declared(), await live(scenario));
    expect(differences(drift)).toEqual([expect.stringMatching(/^workspace \S+ publicNetworkAccess: false -> true \[workspace-private-access\]$/)]);
  });
});
