import { GCP_ROUTES, gcpScenarios, generateGcpScenario, parseGcpFaultRule } from '../../../sim/gcp';

describe('GCP scenarios', () => {
  it('every scenario builds a world whose endpoints belong to its projects and keys to its rings', () => {
    for (const [name, entry] of Object.entries(gcpScenarios)) {
      const { world, description } = entry.build();
      expect(description).toBe(entry.description);
      const numbers = world.projects.map((p) => p.projectNumber);
      for (const endpoint of world.endpoints) expect(numbers).toContain(endpoint.name.split('/')[1]);
      for (const key of world.cryptoKeys) expect(world.keyRings.map((r) => r.name)).toContain(key.key.name.split('/cryptoKeys/')[0]);
      expect(world.projects.length).toBeGreaterThan(0);
      expect(name).toMatch(/^[a-z-]+$/);
    }
  });

  it('demo holds all three projects, one access policy per organization, and the denial', () => {
    const { world } = gcpScenarios.demo.build();
    expect(world.projects.map((p) => p.projectId)).toEqual(['ml-prod', 'ml-dev', 'ml-locked']);
    expect(world.accessPolicies.map((a) => `${a.policy.name}:${a.perimeters.length}`)).toEqual(['accessPolicies/555:2', 'accessPolicies/777:1']);
    expect(world.denials.map((d) => d.permission)).toContain('accesscontextmanager.policies.list');
  });

  it('generated worlds spread endpoints over the locations, each with a key in its own region', () => {
    const world = generateGcpScenario({ endpoints: 7, locations: ['europe-west4', 'us-central1'] });
    expect(world.endpoints).toHaveLength(7);
    for (const endpoint of world.endpoints) {
      const location = endpoint.name.split('/')[3];
      expect((endpoint.encryptionSpec as { kmsKeyName: string }).kmsKeyName).toContain(`/locations/${location}/`);
    }
  });
});

describe('GCP fault rules', () => {
  it('accept the served APIs and methods', () => {
    expect(parseGcpFaultRule('aiplatform:projects.locations.endpoints.list=Throttling,everyNth=3')).toEqual({ service: 'aiplatform', operation: 'projects.locations.endpoints.list', fault: 'Throttling', everyNth: 3 });
    expect(parseGcpFaultRule('accesscontextmanager')).toEqual({ service: 'accesscontextmanager', fault: 'AccessDenied' });
    for (const route of GCP_ROUTES) expect(() => parseGcpFaultRule(`${route.service}:${route.operation}`)).not.toThrow();
  });

  it('refuse unknown services and operations with the known ones', () => {
    expect(() => parseGcpFaultRule('sagemaker')).toThrow(/aiplatform, bigquery, cloudkms, accesscontextmanager, cloudresourcemanager/);
    expect(() => parseGcpFaultRule('cloudkms:projects.locations.keyrings.list')).toThrow(/Did you mean projects.locations.keyRings.list/);
  });
});
