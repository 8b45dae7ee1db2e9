// Organization-wide discovery over real HTTP against sim/gcp: Resource Manager v3 walked from the
// organization through its folders, Cloud Asset Inventory narrowing the projects that cost Vertex AI calls,
// the fallback when the search is denied, gaps for a folder or project that cannot be read, throttling.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { collectGcpInventory, type GcpAuditOptions } from '../../../../providers/gcp/live/index';
import type { Inventory } from '../../../../policies/model';
import { ESTATE_ORGANIZATION, generateGcpOrganization, startGcpSimulator, type GcpWorld, type RunningGcpSimulator } from '../../../../sim/gcp/index';
import type { CollectProgressEvent } from '../../../../bin/cli/progress-events';

const TOKEN = { GOOGLE_OAUTH_ACCESS_TOKEN: 'test-token' };
const ORGANIZATION_ID = ESTATE_ORGANIZATION.split('/')[1];
const PROJECTS = 20;
/** Every answer-shaped fault the simulator injects (a hung call is cut by the shared request timeout, tested in live.test.ts). */
const DISCOVERY_FAULTS = ['AccessDenied', 'Throttling', 'InternalError', 'Malformed', 'Empty', 'Foreign'] as const;
const HOLDERS = 3;

const world = generateGcpOrganization({ projects: PROJECTS, withEndpoints: HOLDERS });
const activeIds = world.projects.filter((p) => (p.state ?? 'ACTIVE') === 'ACTIVE').map((p) => p.projectId).sort();
const holderNumbers = new Set(world.endpoints.map((e) => e.name.split('/')[1]));

async function withSimulator<T>(seed: GcpWorld, run: (sim: RunningGcpSimulator) => Promise<T>, options: { perProjectCallsPerSecond?: number } = {}): Promise<T> {
  const sim = await startGcpSimulator(seed, { host: '127.0.0.1', port: 0, ...options });
  try {
    return await run(sim);
  } finally {
    await sim.close();
  }
}

const collect = (sim: RunningGcpSimulator, extra: Partial<GcpAuditOptions> = {}): Promise<Inventory> =>
  collectGcpInventory({ projects: [], organizations: [ORGANIZATION_ID], locations: [], endpointUrl: sim.url, env: TOKEN, retryDelayMs: 5, ...extra });

/** What a report would judge: each resource's kind and id, sorted. */
const resourceIds = (inventory: Inventory): string[] => inventory.resources.map((r) => `${r.kind} ${r.id}`).sort();
const count = (sim: RunningGcpSimulator, operation: string): number => sim.calls().filter((c) => c.operation === operation).length;

describe('GCP estate discovery under an organization', () => {
  it('walks the organization and its folders, skips the project awaiting deletion, and spends Vertex AI calls only on projects holding endpoints', async () => {
    await withSimulator(world, async (sim) => {
      const inventory = await collect(sim);
      expect(inventory.gaps).toEqual([]);
      expect([...inventory.scope.accounts].sort()).toEqual(activeIds);
      expect(inventory.scope.accounts).not.toContain('estate-deleted');
      expect(inventory.estate).toEqual({ discovered: activeIds, shardCount: 1, shards: [1], inactive: [{ id: 'estate-deleted', state: 'DELETE_REQUESTED' }] });
      // Every project is reported (its perimeter judged), with the number the listing gave.
      const workspaces = inventory.resources.filter((r) => r.kind === 'workspace');
      expect(workspaces).toHaveLength(PROJECTS);
      expect(inventory.resources.filter((r) => r.kind === 'endpoint')).toHaveLength(HOLDERS);
      // One search, folders walked (organization + 3 folders), and no per-project Resource Manager read.
      expect(count(sim, 'searchAllResources')).toBe(1);
      expect(count(sim, 'v3.folders.list')).toBe(4);
      expect(count(sim, 'v3.projects.list')).toBe(4);
      expect(count(sim, 'projects.get') + count(sim, 'projects.getAncestry')).toBe(0);
      // Vertex AI: the holders only.
      expect(count(sim, 'projects.locations.list')).toBe(HOLDERS);
      expect(count(sim, 'projects.locations.endpoints.list')).toBe(HOLDERS);
      expect(holderNumbers.size).toBe(HOLDERS);
    });
  });

  it('reads the same resources with --no-asset-inventory, listing every project\'s Vertex AI locations', async () => {
    await withSimulator(world, async (sim) => {
      const narrowed = await collect(sim);
      sim.resetCalls();
      const full = await collect(sim, { useAssetInventory: false });
      expect(full.gaps).toEqual([]);
      expect(resourceIds(full)).toEqual(resourceIds(narrowed));
      expect(count(sim, 'searchAllResources')).toBe(0);
      expect(count(sim, 'projects.locations.list')).toBe(PROJECTS);
    });
  });

  it('falls back to reading every project when Cloud Asset Inventory is denied, says so, and still reports everything', async () => {
    const denied: GcpWorld = { ...world, denials: [{ permission: 'cloudasset.assets.searchAllResources', resource: ESTATE_ORGANIZATION }] };
    const events: CollectProgressEvent[] = [];
    const [reference, fallback] = await withSimulator(world, async (sim) => [await collect(sim)] as const).then(async ([reference]) =>
      withSimulator(denied, async (sim) => {
        const inventory = await collect(sim, { onProgress: (event) => events.push(event) });
        expect(count(sim, 'projects.locations.list')).toBe(PROJECTS);
        return [reference, inventory] as const;
      }),
    );
    // Not a gap: the fallback read is complete.
    expect(fallback.gaps).toEqual([]);
    expect(resourceIds(fallback)).toEqual(resourceIds(reference));
    expect(events.map((e) => e.phase)).toContain(`Cloud Asset Inventory unavailable under ${ESTATE_ORGANIZATION} (PERMISSION_DENIED): reading every project`);
  });

  it('keeps narrowing through a throttled asset search (429 RESOURCE_EXHAUSTED, retried with back-off)', async () => {
    await withSimulator(world, async (sim) => {
      sim.setFaults([{ service: 'cloudasset', operation: 'searchAllResources', fault: 'Throttling', times: 2 }]);
      const inventory = await collect(sim);
      expect(inventory.gaps).toEqual([]);
      expect(sim.calls().filter((c) => c.operation === 'searchAllResources').map((c) => c.status)).toEqual([429, 429, 200]);
      expect(count(sim, 'projects.locations.list')).toBe(HOLDERS);
    });
  });

  it('makes a folder that cannot be listed a gap naming it, and a project whose Vertex AI reads are denied a gap naming it; the others are reported', async () => {
    const holder = world.projects.find((p) => holderNumbers.has(p.projectNumber));
    if (!holder) throw new Error('no project holds an endpoint');
    const seed: GcpWorld = {
      ...world,
      denials: [
        { permission: 'resourcemanager.projects.list', resource: 'folders/7002' },
        { permission: 'aiplatform.locations.list', resource: `projects/${holder.projectId}` },
      ],
    };
    await withSimulator(seed, async (sim) => {
      const inventory = await collect(sim);
      expect(inventory.gaps).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ service: 'cloudresourcemanager', operation: 'v3.projects.list', resourceId: 'folders/7002', errorCode: 'PERMISSION_DENIED' }),
          expect.objectContaining({ service: 'aiplatform', operation: 'projects.locations.list', resourceId: `projects/${holder.projectId}`, errorCode: 'PERMISSION_DENIED' }),
        ]),
      );
      expect(inventory.gaps).toHaveLength(2);
      const inFolder = world.projects.filter((p) => p.parent === 'folders/7002').map((p) => p.projectId);
      expect(inFolder.length).toBeGreaterThan(0);
      const expected = activeIds.filter((id) => !inFolder.includes(id));
      expect([...inventory.scope.accounts].sort()).toEqual(expected);
      // The denied project is still reported as a project; its endpoints are unknown through the gap, not "none".
      expect(inventory.resources.some((r) => r.id === `projects/${holder.projectId}`)).toBe(true);
    });
  });

  // Every fault the simulator injects, on every discovery call: the listing that failed is a gap naming what it
  // lists, never an empty estate and never the end of the run; a failed asset search is read around (no gap, same resources).
  it.each(['v3.folders.list', 'v3.projects.list'])('makes %s under every fault a gap naming its parent; the run goes on', async (operation) => {
    await withSimulator(world, async (sim) => {
      for (const fault of DISCOVERY_FAULTS) {
        sim.setFaults([{ service: 'cloudresourcemanager', operation, fault }]);
        const inventory = await collect(sim);
        const gaps = inventory.gaps.filter((g) => g.service === 'cloudresourcemanager' && g.operation === operation);
        expect({ fault, listed: gaps.length > 0, named: gaps.every((g) => /^(organizations|folders)\//.test(g.resourceId ?? '')) }).toEqual({ fault, listed: true, named: true });
      }
    });
  });

  it('reads around a failed asset search under every fault: no gap, the same resources as a healthy run', async () => {
    await withSimulator(world, async (sim) => {
      const healthy = resourceIds(await collect(sim));
      for (const fault of DISCOVERY_FAULTS) {
        sim.setFaults([{ service: 'cloudasset', operation: 'searchAllResources', fault }]);
        const inventory = await collect(sim);
        expect({ fault, gaps: inventory.gaps, resources: resourceIds(inventory) }).toEqual({ fault, gaps: [], resources: healthy });
      }
    });
  });

  // Search results written otherwise than the simulator writes them (an emulator that drops `project`, or names the
  // project by id): an endpoint is placed by its resource name when it can be, and when it cannot, the index is not
  // trusted and every project is read, so no project holding an endpoint goes unread.
  it.each([
    ['without `project`, placed by the number in the resource name', (r: SearchResult): SearchResult => ({ name: r.name }), HOLDERS],
    ['without a project number anywhere, so every project is read', (r: SearchResult): SearchResult => ({ name: r.name.replace(/\/projects\/\d+\//, '/projects/some-project-id/') }), PROJECTS],
  ])('an asset search answering results %s', async (_case, rewrite, projectsRead) => {
    await withSimulator(world, async (sim) => {
      const healthy = resourceIds(await collect(sim));
      const proxy = await startRewritingProxy(sim.url, (path, body) => (path.endsWith(':searchAllResources') ? { ...body, results: (body.results as SearchResult[]).map(rewrite) } : body));
      try {
        sim.resetCalls();
        const inventory = await collect(sim, { endpointUrl: proxy.url });
        expect({ gaps: inventory.gaps, resources: resourceIds(inventory) }).toEqual({ gaps: [], resources: healthy });
        expect(count(sim, 'projects.locations.list')).toBe(projectsRead);
      } finally {
        await proxy.close();
      }
    });
  });

  it('discovers under a folder, finding its organization from the folder chain', async () => {
    await withSimulator(world, async (sim) => {
      const inventory = await collect(sim, { organizations: [], folders: ['7001'] });
      expect(inventory.gaps).toEqual([]);
      const under = world.projects.filter((p) => (p.parent === 'folders/7001' || p.parent === 'folders/7011') && p.state !== 'DELETE_REQUESTED').map((p) => p.projectId).sort();
      expect([...inventory.scope.accounts].sort()).toEqual(under);
      expect(count(sim, 'v3.folders.get')).toBe(1);
      expect(count(sim, 'projects.getAncestry')).toBe(0);
    });
  });

  it('splits the estate: shards 1/2 and 2/2 are disjoint and together the whole', async () => {
    await withSimulator(world, async (sim) => {
      const whole = await collect(sim);
      const first = await collect(sim, { shard: { index: 1, count: 2 } });
      const second = await collect(sim, { shard: { index: 2, count: 2 } });
      const inactive = [{ id: 'estate-deleted', state: 'DELETE_REQUESTED' }];
      expect(first.estate).toEqual({ discovered: activeIds, shardCount: 2, shards: [1], inactive });
      expect(second.estate).toEqual({ discovered: activeIds, shardCount: 2, shards: [2], inactive });
      expect(first.scope.accounts.filter((id) => second.scope.accounts.includes(id))).toEqual([]);
      expect([...first.scope.accounts, ...second.scope.accounts].sort()).toEqual([...whole.scope.accounts].sort());
      expect([...new Set([...resourceIds(first), ...resourceIds(second)])].sort()).toEqual(resourceIds(whole));
    });
  });

  it('finishes with no gap under a per-project quota (429 per project, shared back-off)', async () => {
    await withSimulator(
      world,
      async (sim) => {
        const inventory = await collect(sim, { retryDelayMs: 100, maxAttempts: 8 });
        expect(inventory.gaps).toEqual([]);
        expect(sim.calls().some((c) => c.status === 429)).toBe(true);
        expect(inventory.resources.filter((r) => r.kind === 'endpoint')).toHaveLength(HOLDERS);
      },
      { perProjectCallsPerSecond: 3 },
    );
  });

  it('refuses an organization id that is not a number', async () => {
    await expect(collectGcpInventory({ projects: [], organizations: ['acme'], locations: [], env: TOKEN })).rejects.toThrow(/--organization: "acme" is not an organization id/);
  });
});

type SearchResult = { readonly name: string; readonly project?: string };

/** Forwards to the simulator and lets `rewrite` change each JSON answer (by request path) on its way back. */
async function startRewritingProxy(target: string, rewrite: (path: string, body: Record<string, unknown>) => Record<string, unknown>): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer(async (request, response) => {
    const answer = await fetch(`${target}${request.url ?? '/'}`, { method: request.method, headers: { authorization: request.headers.authorization ?? '' } });
    const text = await answer.text();
    const path = new URL(request.url ?? '/', target).pathname;
    const body = answer.ok ? JSON.stringify(rewrite(path, JSON.parse(text) as Record<string, unknown>)) : text;
    response.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
    response.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
