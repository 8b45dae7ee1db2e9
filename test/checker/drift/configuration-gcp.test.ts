// Configuration drift on GCP: a `pulumi stack export` of the compliant project (read by the Pulumi reader
// `inferguard scan` uses) against the GCP simulator serving it, read by the live readers. Unchanged: no
// difference; the endpoint opened to the public network or its key's rotation turned off: exactly that fact.
import { collectGcpInventory } from '../../../providers/gcp/live/index';
import { readPulumiGcpDocument } from '../../../providers/gcp/pulumi/index';
import type { Inventory } from '../../../policies/model';
import { gcpScenarios, startGcpSimulator, type GcpWorld } from '../../../sim/gcp/index';
import { configurationDrift, type ConfigurationDrift } from '../../../checker/drift/configuration';
import { stackExport } from '../../providers/gcp/stack-export';

const world = (): GcpWorld => gcpScenarios.compliant.build().world;

async function live(scenario: GcpWorld): Promise<Inventory> {
  const sim = await startGcpSimulator(scenario, { host: '127.0.0.1', port: 0 });
  try {
    return await collectGcpInventory({ projects: [scenario.projects[0].projectId], locations: [], endpointUrl: sim.url, env: { GOOGLE_OAUTH_ACCESS_TOKEN: 't' } });
  } finally {
    await sim.close();
  }
}

const differences = (drift: ConfigurationDrift): string[] =>
  drift.resources.flatMap((r) => r.differences.map((d) => `${r.kind} ${r.liveId} ${d.path}: ${JSON.stringify(d.declared)} -> ${JSON.stringify(d.live)} [${d.controlIds.join(',')}]`));

const declared = (): Inventory => readPulumiGcpDocument(stackExport(world()));

describe('a Pulumi stack export against the live GCP project', () => {
  it('deployed as declared: no difference; what the export cannot state is not comparable, never unchanged', async () => {
    const drift = configurationDrift(declared(), await live(world()));
    expect(differences(drift)).toEqual([]);
    expect(drift.ambiguous).toEqual([]);
    expect(drift.resources.map((r) => `${r.kind} ${r.matchedBy.by}`).sort()).toEqual(['endpoint identity', 'key identity', 'key-store identity', 'workspace identity']);
    // Deployed models and monitoring jobs are known only to the live read: the export leaves them unknown.
    expect(drift.resources.flatMap((r) => r.notComparable.map((n) => `${r.kind} ${n.path} (${n.side})`))).toEqual(['endpoint deployments (declared)', 'endpoint monitoringSchedules (declared)']);
    expect({ notFoundLive: drift.notFoundLive, outOfBand: drift.outOfBand }).toEqual({ notFoundLive: [], outOfBand: [] });
  });

  it('the endpoint opened to the public network (Private Service Connect turned off)', async () => {
    const changed = world();
    const endpoint = changed.endpoints[0] as Record<string, unknown>;
    delete endpoint.privateServiceConnectConfig;
    const drift = configurationDrift(declared(), await live(changed));
    expect(differences(drift)).toEqual([expect.stringMatching(/^endpoint \S+ publicNetworkAccess: false -> true \[endpoint-public-access-disabled\]$/)]);
  });

  it("the key's rotation turned off", async () => {
    const changed = world();
    const key = changed.cryptoKeys[0].key as Record<string, unknown>;
    delete key.rotationPeriod;
    delete key.nextRotationTime;
    const drift = configurationDrift(declared(), await live(changed));
    expect(differences(drift)).toEqual([expect.stringMatching(/^key \S+ rotationPeriodDays: 90 -> null \[key-rotation-enabled\]$/)]);
  });
});
