// The GCP simulator over HTTP with Google's own auth client (google-auth-library) and the Vertex AI
// client (@google-cloud/aiplatform over its REST fallback, a dev dependency: an independent client of the
// simulator; the readers call REST through google-auth-library and users do not install it).
import { OAuth2Client } from 'google-auth-library';
import { GaxiosError } from 'gaxios';
import { v1 } from '@google-cloud/aiplatform';
import { gcpScenarios, generateGcpScenario, startGcpSimulator, type RunningGcpSimulator } from '../../../sim/gcp';

function authClient(): OAuth2Client {
  const client = new OAuth2Client({ transporterOptions: { fetchImplementation: fetch } });
  client.setCredentials({ access_token: 'fake-token', expiry_date: Date.now() + 3_600_000 });
  return client;
}

let sim: RunningGcpSimulator;
const auth = authClient();

async function get<T = Record<string, unknown>>(path: string): Promise<T> {
  const response = await auth.request<T>({ url: `${sim.url}${path}` });
  return response.data;
}

/** The Google error body of a failed call. */
async function failure(path: string, method: 'GET' | 'POST' = 'GET'): Promise<{ status: number; error: Record<string, unknown> }> {
  try {
    await auth.request({ url: `${sim.url}${path}`, method, retry: false });
  } catch (error) {
    if (error instanceof GaxiosError && error.response) return { status: error.response.status, error: (error.response.data as { error: Record<string, unknown> }).error };
    throw error;
  }
  throw new Error(`${path} did not fail`);
}

beforeAll(async () => {
  sim = await startGcpSimulator(gcpScenarios.demo.build().world);
});
afterAll(async () => {
  await sim.close();
});
beforeEach(() => {
  sim.setFaults([]);
});

describe('Vertex AI', () => {
  it('lists the project\'s locations', async () => {
    const body = await get<{ locations: Array<{ name: string; locationId: string }> }>('/v1/projects/ml-prod/locations');
    expect(body.locations.map((l) => l.locationId)).toEqual(['europe-west4', 'us-central1']);
    expect(body.locations[0].name).toBe('projects/ml-prod/locations/europe-west4');
    expect(body).not.toHaveProperty('nextPageToken');
  });

  it('gets a PSC endpoint with CMEK, logging and a deployed model on a dedicated account, named by project number', async () => {
    const endpoint = await get<Record<string, unknown>>('/v1/projects/ml-prod/locations/europe-west4/endpoints/1234567890');
    expect(endpoint).toMatchObject({
      name: 'projects/111111111111/locations/europe-west4/endpoints/1234567890',
      encryptionSpec: { kmsKeyName: 'projects/ml-prod/locations/europe-west4/keyRings/vertex/cryptoKeys/endpoint' },
      privateServiceConnectConfig: { enablePrivateServiceConnect: true, projectAllowlist: ['ml-prod'] },
      predictRequestResponseLoggingConfig: { enabled: true, samplingRate: 1, bigqueryDestination: { outputUri: 'bq://ml-prod.fraud_predictions' } },
      deployedModels: [{ id: '5551', serviceAccount: 'fraud-serving@ml-prod.iam.gserviceaccount.com' }],
    });
    expect(endpoint).not.toHaveProperty('network');
    expect(endpoint).not.toHaveProperty('dedicatedEndpointEnabled');
  });

  it('writes proto3 JSON: a public endpoint has no PSC, key or logging fields, a model without serviceAccount has none, logging off is {}', async () => {
    const body = await get<{ endpoints: Array<Record<string, unknown>> }>('/v1/projects/222222222222/locations/us-central1/endpoints');
    const [shared, dedicated] = body.endpoints;
    for (const absent of ['privateServiceConnectConfig', 'encryptionSpec', 'network', 'predictRequestResponseLoggingConfig', 'dedicatedEndpointEnabled']) expect(shared).not.toHaveProperty(absent);
    expect((shared.deployedModels as Array<Record<string, unknown>>)[0]).not.toHaveProperty('serviceAccount');
    expect(dedicated).toMatchObject({ dedicatedEndpointEnabled: true, predictRequestResponseLoggingConfig: {} });
    expect(dedicated.predictRequestResponseLoggingConfig).toEqual({});
  });

  it('an empty listing is {}', async () => {
    expect(await get('/v1/projects/ml-prod/locations/us-central1/endpoints')).toEqual({});
  });

  it('an unknown endpoint is 404 NOT_FOUND; an unknown project is 403 PERMISSION_DENIED with an ErrorInfo', async () => {
    const missing = await failure('/v1/projects/ml-prod/locations/europe-west4/endpoints/42');
    expect(missing).toMatchObject({ status: 404, error: { code: 404, status: 'NOT_FOUND' } });
    const denied = await failure('/v1/projects/nobody/locations/europe-west4/endpoints');
    expect(denied.status).toBe(403);
    expect(denied.error).toMatchObject({
      code: 403,
      status: 'PERMISSION_DENIED',
      details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'IAM_PERMISSION_DENIED', metadata: { permission: 'aiplatform.endpoints.list' } }],
    });
    expect(String(denied.error.message)).toContain("Permission 'aiplatform.endpoints.list' denied on resource '//aiplatform.googleapis.com/projects/nobody/locations/europe-west4'");
  });

  it('refuses a call without a bearer token with 401 UNAUTHENTICATED', async () => {
    const response = await fetch(`${sim.url}/v1/projects/ml-prod/locations`);
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { status: string } }).error.status).toBe('UNAUTHENTICATED');
  });
});

describe('Cloud KMS', () => {
  it('lists key rings and keys with totalSize, gets a key with durations as seconds', async () => {
    const rings = await get<{ keyRings: Array<{ name: string }>; totalSize: number }>('/v1/projects/ml-dev/locations/us-central1/keyRings');
    expect(rings).toEqual({ keyRings: [{ name: 'projects/ml-dev/locations/us-central1/keyRings/dev', createTime: expect.any(String) }], totalSize: 1 });
    const keys = await get<{ cryptoKeys: Array<Record<string, unknown>>; totalSize: number }>('/v1/projects/ml-dev/locations/us-central1/keyRings/dev/cryptoKeys');
    expect(keys.totalSize).toBe(2);
    const yearly = await get<Record<string, unknown>>('/v1/projects/ml-dev/locations/us-central1/keyRings/dev/cryptoKeys/yearly');
    expect(yearly).toMatchObject({ rotationPeriod: '31536000s', destroyScheduledDuration: '2592000s', purpose: 'ENCRYPT_DECRYPT', primary: { state: 'ENABLED', protectionLevel: 'SOFTWARE' } });
    expect(keys.cryptoKeys.find((k) => String(k.name).endsWith('/never-rotated'))).not.toHaveProperty('rotationPeriod');
    const good = await get<Record<string, unknown>>('/v1/projects/ml-prod/locations/europe-west4/keyRings/vertex/cryptoKeys/endpoint');
    expect(good.rotationPeriod).toBe('7776000s');
  });

  it('getIamPolicy returns the bindings, including allUsers on the weak key', async () => {
    const policy = await get<{ version: number; etag: string; bindings: Array<{ role: string; members: string[] }> }>(
      '/v1/projects/ml-dev/locations/us-central1/keyRings/dev/cryptoKeys/yearly:getIamPolicy?options.requestedPolicyVersion=3',
    );
    expect(policy.version).toBe(1);
    expect(policy.etag).toBe('BwXhqDK4RQw=');
    expect(policy.bindings).toEqual([{ role: 'roles/cloudkms.cryptoKeyEncrypterDecrypter', members: ['allUsers', 'serviceAccount:service-222222222222@gcp-sa-aiplatform.iam.gserviceaccount.com'] }]);
  });

  it('a missing key ring is 404 NOT_FOUND', async () => {
    expect(await failure('/v1/projects/ml-dev/locations/us-central1/keyRings/none/cryptoKeys')).toMatchObject({ status: 404, error: { status: 'NOT_FOUND' } });
  });
});

describe('Access Context Manager', () => {
  it('listing access policies needs parent=organizations/N', async () => {
    expect(await failure('/v1/accessPolicies')).toMatchObject({ status: 400, error: { status: 'INVALID_ARGUMENT' } });
    const body = await get<{ accessPolicies: Array<{ name: string; parent: string }> }>('/v1/accessPolicies?parent=organizations/123456789');
    expect(body.accessPolicies).toEqual([{ name: 'accessPolicies/555', parent: 'organizations/123456789', title: 'corp', etag: '7c1a3b' }]);
  });

  it('lists an enforced perimeter (status) and a dry-run-only one (spec, useExplicitDryRunSpec), the regular type omitted as proto3 default', async () => {
    const body = await get<{ servicePerimeters: Array<Record<string, unknown>> }>('/v1/accessPolicies/555/servicePerimeters');
    const [prod, dev] = body.servicePerimeters;
    expect(prod).toMatchObject({ name: 'accessPolicies/555/servicePerimeters/ml_prod', status: { resources: ['projects/111111111111'], restrictedServices: expect.arrayContaining(['aiplatform.googleapis.com']) } });
    expect(prod).not.toHaveProperty('spec');
    expect(prod).not.toHaveProperty('perimeterType');
    expect(prod).not.toHaveProperty('useExplicitDryRunSpec');
    expect(dev).toMatchObject({ useExplicitDryRunSpec: true, spec: { resources: ['projects/222222222222'] } });
    expect(dev).not.toHaveProperty('status');
  });

  it('the other organization\'s access policies are denied', async () => {
    const denied = await failure('/v1/accessPolicies?parent=organizations/987654321');
    expect(denied).toMatchObject({ status: 403, error: { status: 'PERMISSION_DENIED', details: [{ reason: 'IAM_PERMISSION_DENIED', metadata: { permission: 'accesscontextmanager.policies.list', resource: 'organizations/987654321' } }] } });
    expect((await failure('/v1/accessPolicies/777/servicePerimeters')).status).toBe(403);
  });
});

describe('Cloud Resource Manager', () => {
  it('v1 projects.get gives the number as an int64 string and the parent', async () => {
    expect(await get('/v1/projects/ml-dev')).toMatchObject({ projectId: 'ml-dev', projectNumber: '222222222222', lifecycleState: 'ACTIVE', parent: { type: 'organization', id: '123456789' } });
  });

  it('getAncestry walks project, folder, organization', async () => {
    const response = await auth.request<{ ancestor: Array<{ resourceId: { type: string; id: string } }> }>({ url: `${sim.url}/v1/projects/ml-prod:getAncestry`, method: 'POST', data: {} });
    expect(response.data.ancestor.map((a) => `${a.resourceId.type}/${a.resourceId.id}`)).toEqual(['project/ml-prod', 'folder/1001', 'organization/123456789']);
  });

  it('v3 looks a project up by id or number, and its folder', async () => {
    expect(await get('/v3/projects/ml-prod')).toMatchObject({ name: 'projects/111111111111', parent: 'folders/1001', projectId: 'ml-prod', state: 'ACTIVE' });
    expect(await get('/v3/projects/111111111111')).toMatchObject({ projectId: 'ml-prod' });
    expect(await get('/v3/folders/1001')).toMatchObject({ name: 'folders/1001', parent: 'organizations/123456789' });
  });
});

describe('faults', () => {
  it('Throttling answers 429 RESOURCE_EXHAUSTED with an ErrorInfo, AccessDenied the route\'s permission, InternalError 500', async () => {
    sim.setFaults([{ service: 'cloudkms', operation: 'projects.locations.keyRings.cryptoKeys.getIamPolicy', fault: 'Throttling', times: 1 }]);
    const throttled = await failure('/v1/projects/ml-prod/locations/europe-west4/keyRings/vertex/cryptoKeys/endpoint:getIamPolicy');
    expect(throttled).toMatchObject({ status: 429, error: { code: 429, status: 'RESOURCE_EXHAUSTED', details: [{ reason: 'RATE_LIMIT_EXCEEDED' }] } });
    sim.setFaults([{ service: 'aiplatform', fault: 'AccessDenied' }]);
    expect(await failure('/v1/projects/ml-prod/locations')).toMatchObject({ status: 403, error: { details: [{ metadata: { permission: 'aiplatform.locations.list', resource: 'projects/ml-prod' } }] } });
    sim.setFaults([{ service: 'cloudresourcemanager', fault: 'InternalError' }]);
    expect(await failure('/v3/projects/ml-prod')).toMatchObject({ status: 500, error: { status: 'INTERNAL' } });
    const logged = sim.calls().filter((c) => c.fault !== undefined).map((c) => `${c.service}:${c.operation}=${c.fault}`);
    expect(logged).toEqual(['cloudkms:projects.locations.keyRings.cryptoKeys.getIamPolicy=Throttling', 'aiplatform:projects.locations.list=AccessDenied', 'cloudresourcemanager:v3.projects.get=InternalError']);
  });
});

describe('paging', () => {
  let big: RunningGcpSimulator;
  beforeAll(async () => {
    big = await startGcpSimulator(generateGcpScenario({ endpoints: 25 }));
  });
  afterAll(async () => {
    await big.close();
  });

  it('pageSize and pageToken walk every endpoint once; a token from another listing is refused', async () => {
    const names: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const query = `pageSize=10${token ? `&pageToken=${encodeURIComponent(token)}` : ''}`;
      const body = (await auth.request<{ endpoints: Array<{ name: string }>; nextPageToken?: string }>({ url: `${big.url}/v1/projects/ml-prod/locations/europe-west4/endpoints?${query}` })).data;
      names.push(...body.endpoints.map((e) => e.name));
      token = body.nextPageToken;
      pages += 1;
    } while (token !== undefined);
    expect(pages).toBe(3);
    expect(new Set(names).size).toBe(25);
    const first = (await auth.request<{ nextPageToken: string }>({ url: `${big.url}/v1/projects/ml-prod/locations/europe-west4/endpoints?pageSize=10` })).data.nextPageToken;
    const refused = await auth.request({ url: `${big.url}/v1/projects/ml-prod/locations/europe-west4/keyRings?pageToken=${encodeURIComponent(first)}`, retry: false }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(GaxiosError);
    expect((refused as GaxiosError).response?.status).toBe(400);
  });

  it('@google-cloud/aiplatform EndpointServiceClient (REST fallback) pages through listEndpoints', async () => {
    const client = new v1.EndpointServiceClient({ apiEndpoint: '127.0.0.1', port: big.port, protocol: 'http', fallback: true, authClient: auth });
    try {
      const parent = 'projects/ml-prod/locations/europe-west4';
      const [firstPage, nextRequest] = await client.listEndpoints({ parent, pageSize: 10 }, { autoPaginate: false });
      expect(firstPage).toHaveLength(10);
      expect(nextRequest?.pageToken).toEqual(expect.any(String));
      const all = [];
      for await (const endpoint of client.listEndpointsAsync({ parent, pageSize: 10 }, { autoPaginate: false })) all.push(endpoint);
      expect(all).toHaveLength(25);
      expect(all[0].privateServiceConnectConfig?.enablePrivateServiceConnect).toBe(true);
      expect(all[0].encryptionSpec?.kmsKeyName).toBe('projects/ml-prod/locations/europe-west4/keyRings/vertex/cryptoKeys/endpoint');
      expect(all[0].deployedModels?.[0].serviceAccount).toBe('fraud-serving@ml-prod.iam.gserviceaccount.com');
      const listCalls = big.calls().filter((c) => c.operation === 'projects.locations.endpoints.list' && c.region === 'europe-west4');
      expect(listCalls.length).toBeGreaterThanOrEqual(4);
    } finally {
      await client.close();
    }
  });
});
