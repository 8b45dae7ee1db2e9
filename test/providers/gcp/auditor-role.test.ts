import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GCP_READER_CALLS, collectGcpInventory } from '../../../providers/gcp/live/index';
import { GCP_ROUTES, ORGANIZATION, gcpScenarios, startGcpSimulator } from '../../../sim/gcp';

interface CustomRole {
  readonly title: string;
  readonly description: string;
  readonly stage: string;
  readonly includedPermissions: readonly string[];
}

const role = JSON.parse(readFileSync(join(__dirname, '../../../providers/gcp/live/auditor-role.json'), 'utf8')) as CustomRole;
const readerCalls = Object.values(GCP_READER_CALLS);

describe('GCP auditor role', () => {
  it('is a custom role definition IAM accepts (title, stage, permissions)', () => {
    expect(role.title).toEqual(expect.any(String));
    expect(['ALPHA', 'BETA', 'GA']).toContain(role.stage);
    expect(role.includedPermissions.length).toBeGreaterThan(0);
    expect(new Set(role.includedPermissions).size).toBe(role.includedPermissions.length);
  });

  it('holds only read-only permissions: get, list, getIamPolicy and Cloud Asset Inventory\'s searchAllResources', () => {
    const verbs = role.includedPermissions.map((permission) => permission.split('.').pop());
    const writes = role.includedPermissions.filter((permission) => !/^[a-z]+\.[A-Za-z]+\.(get|list|getIamPolicy|searchAllResources)$/.test(permission));
    expect(writes).toEqual([]);
    expect(new Set(verbs)).toEqual(new Set(['get', 'list', 'getIamPolicy', 'searchAllResources']));
  });

  it('names for each reader call the permission Google checks for it (as the simulator\'s routes do)', () => {
    for (const call of readerCalls) {
      const route = GCP_ROUTES.find((r) => r.service === call.service && r.operation === call.operation);
      expect({ operation: call.operation, permission: route?.permission }).toEqual({ operation: call.operation, permission: call.permission });
    }
  });

  it('grants every permission a reader call needs, and none that no call needs', () => {
    expect([...role.includedPermissions].sort()).toEqual([...new Set(readerCalls.map((c) => c.permission))].sort());
  });

  it('lists every call an audit of the demo by project and by organization and folder makes (no call outside the role)', async () => {
    const sim = await startGcpSimulator(gcpScenarios.demo.build().world, { host: '127.0.0.1', port: 0 });
    try {
      const env = { GOOGLE_OAUTH_ACCESS_TOKEN: 't' };
      await collectGcpInventory({ projects: ['ml-prod', 'ml-dev', 'ml-locked'], locations: [], endpointUrl: sim.url, env });
      await collectGcpInventory({ projects: [], organizations: [ORGANIZATION.split('/')[1]], folders: ['1001'], locations: [], endpointUrl: sim.url, env });
      const made = new Set(sim.calls().map((c) => `${c.service}:${c.operation}`));
      expect([...made].sort()).toEqual([...new Set(readerCalls.map((c) => `${c.service}:${c.operation}`))].sort());
    } finally {
      await sim.close();
    }
  });
});
