// The real GCP readers over HTTP against sim/gcp: facts from compliant and non-compliant projects, a
// denied access policy, a 403 on one project, empty and foreign 200 answers, paging, and keys read once.
import { collectGcpInventory, GcpAuditOptionsError, type GcpAuditOptions } from '../../../providers/gcp/live/index';
import { SHAPES } from '../../../providers/gcp/live/shapes';
import { defaultTokenSource } from '../../../providers/gcp/live/http';
import { resourcesOfKind, type Inventory } from '../../../policies/model';
import { bigqueryDataset, bigqueryTable, gcpScenarios, generateGcpScenario, startGcpSimulator, type GcpWorld, type RunningGcpSimulator } from '../../../sim/gcp/index';
import { imageRefOf } from '../../../providers/gcp/live/facts';
import type { Deployment, InferenceEndpoint } from '../../../policies/model';

const TOKEN = { GOOGLE_OAUTH_ACCESS_TOKEN: 'test-token' };

describe('GCP live readers against the simulator', () => {
  let sim: RunningGcpSimulator;

  beforeAll(async () => {
    sim = await startGcpSimulator(gcpScenarios.demo.build().world, { host: '127.0.0.1', port: 0 });
  });
  afterAll(() => sim.close());
  beforeEach(() => {
    sim.setFaults([]);
    sim.resetCalls();
  });

  const collect = (projects: string[], extra: Partial<GcpAuditOptions> = {}): Promise<Inventory> =>
    collectGcpInventory({ projects, locations: [], endpointUrl: sim.url, env: TOKEN, retryDelayMs: 1, ...extra });

  const endpoint = (inventory: Inventory, name: string) => {
    const found = resourcesOfKind(inventory, 'endpoint').find((e) => e.name === name);
    if (!found) throw new Error(`no endpoint ${name}`);
    return found;
  };
  const value = <T>(fact: { known: boolean; value?: T }): T | 'unknown' => (fact.known ? (fact.value as T) : 'unknown');

  it('states the compliant project: PSC is private, CMEK in region, dedicated identity, logging to BigQuery, enforced perimeter', async () => {
    const inventory = await collect(['ml-prod']);
    expect(inventory.gaps).toEqual([]);
    expect(inventory.scope.regions).toEqual(['europe-west4', 'us-central1']);
    const fraud = endpoint(inventory, 'fraud-scoring');
    expect(fraud.region).toBe('europe-west4');
    expect(value(fraud.publicNetworkAccess)).toBe(false);
    expect(value(fraud.callerAuthentication)).toBe('provider-identity');
    const keyName = 'projects/ml-prod/locations/europe-west4/keyRings/vertex/cryptoKeys/endpoint';
    expect(value(fraud.storageKeyId)).toBe(keyName);
    // The logging table does not exist yet: the dataset's default key (the endpoint key) will encrypt it.
    expect(value(fraud.dataCapture)).toEqual({ enabled: true, keyId: keyName, destinationStoreId: null, otherDestination: { kind: 'table', id: 'bq://ml-prod.fraud_predictions' } });
    const deployments = fraud.deployments.known ? fraud.deployments.value : [];
    expect(deployments.map((d) => value(d.identityId))).toEqual(['fraud-serving@ml-prod.iam.gserviceaccount.com']);
    expect(deployments.map((d) => value(d.network))).toEqual([{ kind: 'provider-managed', networkId: null }]);
    expect(deployments.map((d) => value(d.instanceCount))).toEqual([2]);

    const [key] = resourcesOfKind(inventory, 'key');
    expect(key.id).toBe(keyName);
    expect(key.region).toBe('europe-west4');
    expect(value(key.rotationPeriodDays)).toBe(90);
    expect(value(key.enabled)).toBe(true);
    expect(key.storeId).toBe('projects/ml-prod/locations/europe-west4/keyRings/vertex');
    expect(key.policy.known && key.policy.value.flatMap((s) => s.principals)).toEqual(['serviceAccount:service-111111111111@gcp-sa-aiplatform.iam.gserviceaccount.com']);
    expect(resourcesOfKind(inventory, 'key-store').map((s) => s.id)).toEqual([key.storeId]);

    const [workspace] = resourcesOfKind(inventory, 'workspace');
    expect(workspace.id).toBe('projects/ml-prod');
    expect(value(workspace.servicePerimeters)).toEqual([
      { id: 'accessPolicies/555/servicePerimeters/ml_prod', mode: 'enforced', restrictedServices: ['aiplatform', 'storage', 'cloudkms', 'bigquery'] },
    ]);
    expect(value(workspace.publicNetworkAccess)).toBe(false);
  });

  it('states the non-compliant project: shared and dedicated public endpoints, default identity, weak public key, dry-run perimeter', async () => {
    const inventory = await collect(['ml-dev']);
    expect(inventory.gaps).toEqual([]);
    const shared = endpoint(inventory, 'churn-public');
    const dedicated = endpoint(inventory, 'churn-dedicated');
    expect(value(shared.publicNetworkAccess)).toBe(true);
    expect(value(dedicated.publicNetworkAccess)).toBe(true);
    expect(value(shared.storageKeyId)).toBeNull();
    expect(value(shared.dataCapture)).toEqual({ enabled: false, keyId: null, destinationStoreId: null });
    expect(value(dedicated.dataCapture)).toEqual({ enabled: false, keyId: null, destinationStoreId: null });
    const identities = [shared, dedicated].flatMap((e) => (e.deployments.known ? e.deployments.value : [])).map((d) => value(d.identityId));
    expect(identities).toEqual([null, '222222222222-compute@developer.gserviceaccount.com']);
    for (const e of [shared, dedicated]) expect(e.deployments.known && e.deployments.value.map((d) => value(d.network))).toEqual([null]);

    // Only the key an endpoint names is read.
    const keys = resourcesOfKind(inventory, 'key');
    expect(keys.map((k) => k.name)).toEqual(['yearly']);
    expect(value(keys[0].rotationPeriodDays)).toBe(365);
    const principals = keys[0].policy.known ? keys[0].policy.value.flatMap((s) => s.principals) : [];
    expect(principals).toContain('*');

    const [workspace] = resourcesOfKind(inventory, 'workspace');
    expect(value(workspace.servicePerimeters)).toEqual([{ id: 'accessPolicies/555/servicePerimeters/ml_dev', mode: 'dry-run', restrictedServices: ['aiplatform'] }]);
    expect(value(workspace.publicNetworkAccess)).toBe(true);
  });

  it('leaves perimeters unknown (never "none") when the access policy is denied, with a gap, and still reads the endpoints', async () => {
    const inventory = await collect(['ml-locked']);
    const [workspace] = resourcesOfKind(inventory, 'workspace');
    expect(workspace.servicePerimeters.known).toBe(false);
    expect(workspace.publicNetworkAccess.known).toBe(false);
    expect(inventory.gaps).toEqual([expect.objectContaining({ service: 'accesscontextmanager', operation: 'accessPolicies.list', errorCode: 'PERMISSION_DENIED', resourceId: 'organizations/987654321' })]);
    expect(value(endpoint(inventory, 'pricing').publicNetworkAccess)).toBe(false);
  });

  it('reports the other projects when one answers 403', async () => {
    sim.setFaults([{ service: 'aiplatform', resourceContains: 'ml-dev', fault: 'AccessDenied' }]);
    const inventory = await collect(['ml-prod', 'ml-dev']);
    expect(inventory.gaps.map((g) => `${g.operation} ${g.resourceId} ${g.errorCode}`)).toEqual(['projects.locations.list projects/ml-dev PERMISSION_DENIED']);
    expect(resourcesOfKind(inventory, 'endpoint').map((e) => e.name)).toEqual(['fraud-scoring']);
    // The denied project is still there, its perimeter read.
    expect(resourcesOfKind(inventory, 'workspace').map((w) => w.id)).toEqual(['projects/ml-prod', 'projects/ml-dev']);
    expect(inventory.scope.accounts).toEqual(['ml-prod', 'ml-dev']);
  });

  it.each(['Empty', 'Foreign', 'Malformed'] as const)('treats a %s 200 answer as a failed read: unknown facts and a gap', async (fault) => {
    sim.setFaults([{ service: 'cloudkms', operation: 'projects.locations.keyRings.cryptoKeys.get', fault }]);
    const inventory = await collect(['ml-prod']);
    const [key] = resourcesOfKind(inventory, 'key');
    expect(key.rotationPeriodDays.known).toBe(false);
    expect(key.enabled.known).toBe(false);
    expect(key.policy.known).toBe(true);
    expect(inventory.gaps).toEqual([expect.objectContaining({ operation: 'projects.locations.keyRings.cryptoKeys.get', errorCode: 'InvalidResponse' })]);
  });

  it('treats an empty 200 from the perimeter listing as unknown, not as "no perimeter"', async () => {
    sim.setFaults([{ service: 'accesscontextmanager', operation: 'accessPolicies.servicePerimeters.list', fault: 'Foreign' }]);
    const inventory = await collect(['ml-prod']);
    const [workspace] = resourcesOfKind(inventory, 'workspace');
    expect(workspace.servicePerimeters.known).toBe(false);
    expect(inventory.gaps.map((g) => g.errorCode)).toEqual(['InvalidResponse']);
  });

  it('refuses a foreign JSON body on a listing while accepting proto3\'s empty object', () => {
    expect(SHAPES.endpoints.safeParse({}).success).toBe(true);
    expect(SHAPES.endpoints.safeParse({ items: [], kind: 'compute#list' }).success).toBe(false);
    expect(SHAPES.servicePerimeters.safeParse({ servicePerimeters: [{ title: 'no name' }] }).success).toBe(false);
    expect(SHAPES.iamPolicy.safeParse({}).success).toBe(false);
  });

  it('retries a 429 and then reads', async () => {
    sim.setFaults([{ service: 'aiplatform', operation: 'projects.locations.endpoints.list', fault: 'Throttling', times: 2 }]);
    const inventory = await collect(['ml-prod']);
    expect(inventory.gaps).toEqual([]);
    expect(resourcesOfKind(inventory, 'endpoint')).toHaveLength(1);
  });

  it('throttled past its retries: the listing is a listed gap, and no endpoint is invented', async () => {
    sim.setFaults([{ service: 'aiplatform', operation: 'projects.locations.endpoints.list', fault: 'Throttling' }]);
    const inventory = await collect(['ml-prod'], { maxAttempts: 2 });
    expect(inventory.gaps.map((g) => [g.operation, g.errorCode])).toEqual(expect.arrayContaining([['projects.locations.endpoints.list', 'RESOURCE_EXHAUSTED']]));
    expect(resourcesOfKind(inventory, 'endpoint')).toHaveLength(0);
    expect(sim.calls().filter((c) => c.operation === 'projects.locations.endpoints.list').length).toBeGreaterThanOrEqual(2);
  });

  it('a hung call ends at the request timeout as a gap', async () => {
    sim.setFaults([{ service: 'cloudkms', operation: 'projects.locations.keyRings.cryptoKeys.get', fault: 'Timeout' }]);
    const inventory = await collect(['ml-prod'], { maxAttempts: 1, requestTimeoutMs: 2_000 });
    expect(inventory.gaps.map((g) => g.operation)).toContain('projects.locations.keyRings.cryptoKeys.get');
    const keys = resourcesOfKind(inventory, 'key');
    expect(keys).toHaveLength(1);
    expect(keys[0].rotationPeriodDays.known).toBe(false);
  });

  it('uses the locations given instead of listing them', async () => {
    const inventory = await collect(['ml-prod'], { locations: ['europe-west4'] });
    expect(sim.calls().some((c) => c.operation === 'projects.locations.list')).toBe(false);
    expect(inventory.scope.regions).toEqual(['europe-west4']);
  });

  it('refuses plain http to another host, and a missing project with a bare token', async () => {
    await expect(collectGcpInventory({ projects: ['p'], locations: [], endpointUrl: 'http://example.test', env: TOKEN })).rejects.toThrow(/unencrypted/);
    await expect(collectGcpInventory({ projects: [], locations: [], endpointUrl: sim.url, env: TOKEN })).rejects.toThrow(GcpAuditOptionsError);
  });
});

describe('GCP request authorization', () => {
  it('sends GOOGLE_OAUTH_ACCESS_TOKEN as the bearer token, with the quota project when one is set', async () => {
    await expect(defaultTokenSource({ GOOGLE_OAUTH_ACCESS_TOKEN: ' abc ' })()).resolves.toEqual({ authorization: 'Bearer abc' });
    await expect(defaultTokenSource({ GOOGLE_OAUTH_ACCESS_TOKEN: 'abc', GOOGLE_CLOUD_QUOTA_PROJECT: 'billing-1' })()).resolves.toEqual({ authorization: 'Bearer abc', 'x-goog-user-project': 'billing-1' });
  });
});

describe('GCP live readers: paging and shared keys', () => {
  it('follows nextPageToken and reads each key once for many endpoints', async () => {
    const world = generateGcpScenario({ endpoints: 120, locations: ['europe-west4', 'us-central1'] });
    const sim = await startGcpSimulator(world, { host: '127.0.0.1', port: 0 });
    try {
      const inventory = await collectGcpInventory({ projects: ['ml-prod'], locations: [], endpointUrl: sim.url, env: TOKEN, pageSize: 25 });
      expect(inventory.gaps).toEqual([]);
      expect(resourcesOfKind(inventory, 'endpoint')).toHaveLength(120);
      expect(new Set(resourcesOfKind(inventory, 'endpoint').map((e) => e.id)).size).toBe(120);
      const count = (operation: string) => sim.calls().filter((c) => c.operation === operation).length;
      expect(count('projects.locations.keyRings.cryptoKeys.get')).toBe(2);
      expect(count('projects.locations.keyRings.cryptoKeys.getIamPolicy')).toBe(2);
      // 60 endpoints per location in pages of 25: three pages each.
      expect(count('projects.locations.endpoints.list')).toBe(6);
      expect(resourcesOfKind(inventory, 'key')).toHaveLength(2);
    } finally {
      await sim.close();
    }
  });
});

describe('GCP live readers: the Models deployed models serve, and the key of the logging table', () => {
  const PROD_KEY = 'projects/ml-prod/locations/europe-west4/keyRings/vertex/cryptoKeys/endpoint';
  const value = <T>(fact: { known: boolean; value?: T }): T | 'unknown' => (fact.known ? (fact.value as T) : 'unknown');
  const deploymentsOf = (e: InferenceEndpoint): readonly Deployment[] => (e.deployments.known ? e.deployments.value : []);

  async function audit(world: GcpWorld, project: string) {
    const sim = await startGcpSimulator(world, { host: '127.0.0.1', port: 0 });
    try {
      const inventory = await collectGcpInventory({ projects: [project], locations: [], endpointUrl: sim.url, env: TOKEN, retryDelayMs: 1 });
      const fraud = resourcesOfKind(inventory, 'endpoint')[0];
      return { inventory, fraud, calls: sim.calls().map((c) => c.operation) };
    } finally {
      await sim.close();
    }
  }
  const compliant = (): GcpWorld => gcpScenarios.compliant.build().world;
  const withLogging = (outputUri: string, world: GcpWorld = compliant()): GcpWorld => ({
    ...world,
    endpoints: world.endpoints.map((e) => ({ ...e, predictRequestResponseLoggingConfig: { enabled: true, samplingRate: 1, bigqueryDestination: { outputUri } } })),
  });

  it('states the deployed version\'s image: Artifact Registry of the project, pinned by digest, and its artifact bucket', async () => {
    const { fraud, calls } = await audit(compliant(), 'ml-prod');
    const [deployment] = deploymentsOf(fraud);
    expect(deployment.images.known && deployment.images.value).toEqual([
      { uri: `europe-west4-docker.pkg.dev/ml-prod/serving/fraud@sha256:${'4f'.repeat(32)}`, repositoryId: null, registry: 'private', registryAccount: 'ml-prod', digest: `sha256:${'4f'.repeat(32)}`, tag: null },
    ]);
    expect(value(deployment.artifactStoreIds)).toEqual(['projects/_/buckets/ml-prod-models']);
    expect(calls.filter((c) => c === 'projects.locations.models.get')).toHaveLength(1);
  });

  it('states Google\'s pre-built container as Google\'s project (by tag), and an AutoML model as served by Google', async () => {
    const { inventory } = await audit(gcpScenarios['non-compliant'].build().world, 'ml-dev');
    const prebuilt = deploymentsOf(resourcesOfKind(inventory, 'endpoint').find((e) => e.name === 'churn-public') as InferenceEndpoint)[0];
    expect(value(prebuilt.images)).toEqual([{ uri: 'us-docker.pkg.dev/vertex-ai/prediction/sklearn-cpu.1-3:latest', repositoryId: null, registry: 'private', registryAccount: 'vertex-ai', digest: null, tag: 'latest' }]);
    const automl = deploymentsOf(resourcesOfKind(inventory, 'endpoint').find((e) => e.name === 'churn-dedicated') as InferenceEndpoint)[0];
    expect(value(automl.images)).toEqual([]);
    expect(automl.unsupported['private-registry']).toMatch(/AutoML model is served by Vertex AI/);
  });

  it('a Model without containerSpec that is not Google-served is unknown, not a pass', async () => {
    const world = compliant();
    const { fraud } = await audit({ ...world, models: world.models.map(({ containerSpec: _image, ...model }) => model as GcpWorld['models'][number]) }, 'ml-prod');
    const [deployment] = deploymentsOf(fraud);
    expect(deployment.images.known).toBe(false);
    expect(deployment.images.known ? '' : deployment.images.reason).toMatch(/states no containerSpec.imageUri \(source CUSTOM\)/);
  });

  it('an unreadable Model leaves the images unknown, with a gap', async () => {
    const world = compliant();
    const { inventory, fraud } = await audit({ ...world, denials: [{ permission: 'aiplatform.models.get', resource: 'projects/ml-prod' }] }, 'ml-prod');
    expect(deploymentsOf(fraud)[0].images.known).toBe(false);
    expect(inventory.gaps).toEqual([expect.objectContaining({ service: 'aiplatform', operation: 'projects.locations.models.get', errorCode: 'PERMISSION_DENIED' })]);
  });

  it('parses image references: Container Registry is private to its project, Docker Hub is public', () => {
    expect(imageRefOf('eu.gcr.io/ml-prod/fraud:v3')).toEqual({ uri: 'eu.gcr.io/ml-prod/fraud:v3', repositoryId: null, registry: 'private', registryAccount: 'ml-prod', digest: null, tag: 'v3' });
    expect(imageRefOf('docker.io/library/python:3.12')).toMatchObject({ registry: 'public', registryAccount: null, tag: '3.12' });
  });

  it('reads the table\'s own key when the logging table exists', async () => {
    const world = withLogging('bq://ml-prod.fraud_predictions.requests');
    const keyed = await audit({ ...world, bigqueryTables: [bigqueryTable('ml-prod', 'fraud_predictions', 'requests', 'europe-west4', `${PROD_KEY}/cryptoKeyVersions/1`)] }, 'ml-prod');
    expect(value(keyed.fraud.dataCapture)).toMatchObject({ enabled: true, keyId: PROD_KEY });
    expect(keyed.calls).not.toContain('datasets.get');
    const googleManaged = await audit({ ...world, bigqueryTables: [bigqueryTable('ml-prod', 'fraud_predictions', 'requests', 'europe-west4')] }, 'ml-prod');
    expect(value(googleManaged.fraud.dataCapture)).toMatchObject({ enabled: true, keyId: null });
  });

  it('falls back to the dataset\'s default key while the table does not exist; a dataset without one is Google-managed', async () => {
    const world = compliant();
    const { fraud, calls } = await audit({ ...world, bigqueryDatasets: [bigqueryDataset('ml-prod', 'fraud_predictions', 'europe-west4')] }, 'ml-prod');
    expect(value(fraud.dataCapture)).toMatchObject({ enabled: true, keyId: null });
    expect(calls.filter((c) => c === 'tables.get' || c === 'datasets.get')).toEqual(['tables.get', 'datasets.get']);
  });

  it('an unreadable logging table or dataset is unknown with a gap; a project-only destination is unknown without a call', async () => {
    const denied = await audit({ ...compliant(), denials: [{ permission: 'bigquery.tables.get', resource: 'projects/ml-prod' }] }, 'ml-prod');
    expect(denied.fraud.dataCapture.known).toBe(false);
    // Logging itself is still known to be on: only its key is unknown.
    expect(denied.fraud.requestLogging && value(denied.fraud.requestLogging)).toMatchObject({ enabled: true, content: 'payloads' });
    expect(denied.inventory.gaps).toEqual([expect.objectContaining({ service: 'bigquery', operation: 'tables.get', errorCode: 'PERMISSION_DENIED' })]);
    const noDataset = await audit({ ...compliant(), bigqueryDatasets: [] }, 'ml-prod');
    expect(noDataset.fraud.dataCapture.known ? '' : noDataset.fraud.dataCapture.reason).toMatch(/neither the logging table nor its dataset/);
    const projectOnly = await audit(withLogging('bq://ml-prod'), 'ml-prod');
    expect(projectOnly.fraud.dataCapture.known).toBe(false);
    expect(projectOnly.calls.filter((c) => c === 'tables.get' || c === 'datasets.get')).toEqual([]);
  });
});
