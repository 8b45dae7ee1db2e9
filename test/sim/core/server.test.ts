// The shared simulator server with path-routed clouds plugged in: an ARM-shaped and a Google-shaped
// toy router, to prove the router interface carries each cloud's own error bodies for every fault.
import { FAULT_KINDS, parseFaultRule } from '../../../sim/core/faults';
import type { SimResponse } from '../../../sim/core/http';
import { matchPath, pathRouter } from '../../../sim/core/path-router';
import type { ErrorFault } from '../../../sim/core/router';
import { FOREIGN_BODY, startSimServer, type RunningSimServer } from '../../../sim/core/server';

const json = (status: number, body: unknown): SimResponse => ({ status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

const ARM_ERRORS: Record<ErrorFault, [number, string]> = { AccessDenied: [403, 'AuthorizationFailed'], Throttling: [429, 'TooManyRequests'], InternalError: [500, 'InternalServerError'] };
const armRouter = pathRouter({
  serverName: 'toy-arm',
  routes: [
    {
      method: 'GET',
      path: '/subscriptions/{subscriptionId}/providers/Microsoft.MachineLearningServices/workspaces',
      service: 'Microsoft.MachineLearningServices',
      operation: 'Workspaces_ListBySubscription',
      answer: (params) => json(200, { value: [{ id: `/subscriptions/${params.subscriptionId}/workspaces/ws1` }] }),
    },
  ],
  errorResponse: (fault, call) => {
    const [status, code] = ARM_ERRORS[fault];
    return json(status, { error: { code, message: `${code} for ${call.operation}` } });
  },
  notFound: () => json(404, { error: { code: 'InvalidResourceType', message: 'not served' } }),
});

const GOOGLE_ERRORS: Record<ErrorFault, [number, string]> = { AccessDenied: [403, 'PERMISSION_DENIED'], Throttling: [429, 'RESOURCE_EXHAUSTED'], InternalError: [500, 'INTERNAL'] };
const googleRouter = pathRouter({
  serverName: 'toy-google',
  routes: [
    {
      method: 'GET',
      path: '/v1/projects/{project}/locations/{location}/endpoints',
      service: 'aiplatform',
      operation: 'projects.locations.endpoints.list',
      regionParameter: 'location',
      answer: () => json(200, { endpoints: [] }),
    },
  ],
  errorResponse: (fault) => {
    const [code, status] = GOOGLE_ERRORS[fault];
    return json(code, { error: { code, message: status, status, details: [] } });
  },
  notFound: () => json(404, { error: { code: 404, message: 'not found', status: 'NOT_FOUND', details: [] } }),
});

async function get(sim: RunningSimServer, path: string): Promise<{ status: number; type: string | null; body: string }> {
  const res = await fetch(`${sim.url}${path}`);
  return { status: res.status, type: res.headers.get('content-type'), body: await res.text() };
}

describe('the shared simulator server with path-routed clouds', () => {
  const servers: RunningSimServer[] = [];
  const start = async (...args: Parameters<typeof startSimServer>) => {
    const sim = await startSimServer(...args);
    servers.push(sim);
    return sim;
  };
  afterAll(async () => Promise.all(servers.map((s) => s.close())));

  it('matches path templates, case-insensitively in literal segments', () => {
    expect(matchPath('/subscriptions/{id}/providers/X', '/SUBSCRIPTIONS/abc/providers/x')).toEqual({ id: 'abc' });
    expect(matchPath('/subscriptions/{id}', '/subscriptions/abc/more')).toBeUndefined();
  });

  it('routes ARM calls by path and logs them', async () => {
    const sim = await start(armRouter);
    const ok = await get(sim, '/subscriptions/s-1/providers/Microsoft.MachineLearningServices/workspaces?api-version=2024-10-01');
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toEqual({ value: [{ id: '/subscriptions/s-1/workspaces/ws1' }] });
    expect((await get(sim, '/subscriptions/s-1/nothing')).status).toBe(404);
    expect(sim.calls()).toEqual([
      { service: 'Microsoft.MachineLearningServices', operation: 'Workspaces_ListBySubscription', region: '', status: 200 },
      { service: 'unknown', operation: 'GET /subscriptions/s-1/nothing', region: '', status: 404 },
    ]);
  });

  it.each([
    ['AccessDenied', 403, { error: { code: 'AuthorizationFailed', message: 'AuthorizationFailed for Workspaces_ListBySubscription' } }],
    ['Throttling', 429, { error: { code: 'TooManyRequests', message: 'TooManyRequests for Workspaces_ListBySubscription' } }],
    ['InternalError', 500, { error: { code: 'InternalServerError', message: 'InternalServerError for Workspaces_ListBySubscription' } }],
  ])('answers an ARM %s fault with ARM\'s error body', async (fault, status, body) => {
    const sim = await start(armRouter, { faults: [parseFaultRule(`Microsoft.MachineLearningServices:Workspaces_ListBySubscription=${fault}`, armRouter.catalog)] });
    const res = await get(sim, '/subscriptions/s-1/providers/Microsoft.MachineLearningServices/workspaces');
    expect(res.status).toBe(status);
    expect(JSON.parse(res.body)).toEqual(body);
  });

  it('answers Google error faults with Google\'s error body and logs the location', async () => {
    const sim = await start(googleRouter, { faults: [parseFaultRule('aiplatform=Throttling', googleRouter.catalog)] });
    const res = await get(sim, '/v1/projects/p/locations/europe-west4/endpoints');
    expect(res.status).toBe(429);
    expect(JSON.parse(res.body)).toEqual({ error: { code: 429, message: 'RESOURCE_EXHAUSTED', status: 'RESOURCE_EXHAUSTED', details: [] } });
    expect(sim.calls()).toEqual([{ service: 'aiplatform', operation: 'projects.locations.endpoints.list', region: 'europe-west4', status: 429, fault: 'Throttling' }]);
  });

  it('breaks the response itself the same way for every cloud: Malformed, Empty, Foreign', async () => {
    const sim = await start(googleRouter);
    const path = '/v1/projects/p/locations/us-central1/endpoints';
    sim.setFaults([{ service: '*', fault: 'Malformed' }]);
    const truncated = await get(sim, path);
    expect(truncated.status).toBe(200);
    expect(() => JSON.parse(truncated.body)).toThrow();
    sim.setFaults([{ service: '*', fault: 'Empty' }]);
    expect(await get(sim, path)).toEqual({ status: 200, type: 'application/json', body: '' });
    sim.setFaults([{ service: '*', fault: 'Foreign' }]);
    expect(await get(sim, path)).toEqual({ status: 200, type: 'text/html; charset=utf-8', body: FOREIGN_BODY });
  });

  it('checks fault rules against the router\'s catalog', async () => {
    expect(() => parseFaultRule('aiplatform:projects.locations.models.get', googleRouter.catalog)).toThrow(/Unknown operation "projects.locations.models.get" for service aiplatform/);
    expect(() => parseFaultRule('compute', googleRouter.catalog)).toThrow(/Unknown service "compute".*aiplatform/);
    await expect(startSimServer(armRouter, { faults: [{ service: 'kms', fault: 'AccessDenied' }] })).rejects.toThrow('Unknown service "kms"');
    expect(FAULT_KINDS).toEqual(['AccessDenied', 'Throttling', 'InternalError', 'Malformed', 'Timeout', 'Empty', 'Foreign']);
  });
});
