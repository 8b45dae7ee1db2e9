// The Google API calls the simulator serves, as path templates over one base URL (the audit's
// `--endpoint-url` replaces every Google API's base URL with it). Each route names the IAM permission
// Google checks, so denials in the world answer 403 just as IAM would; providers/gcp/live/auditor-role.json
// grants those of the calls the live readers make (a subset: the simulator serves a few more).
import type { SimRequest, SimResponse } from '../core/http';
import type { PathRoute } from '../core/path-router';
import { bigqueryNotFound, bigqueryResponse, errorResponse, jsonResponse, page, permissionDenied, readPage } from './wire';
import type { GcpWorld, JsonObject, ProjectSeed } from './world';

interface Check {
  readonly permission: string;
  /** The resource as IAM names it in the error, and every name a denial may be written against (itself and its ancestors). */
  readonly resource: string;
  readonly scope: readonly string[];
}

type Handler = (params: Readonly<Record<string, string>>, request: SimRequest, requestId: string) => SimResponse;

export interface GcpRoute {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly service: 'aiplatform' | 'cloudkms' | 'accesscontextmanager' | 'cloudresourcemanager' | 'bigquery' | 'cloudasset';
  readonly operation: string;
  readonly permission: string;
  readonly regionParameter?: string;
}

/** Every route with the permission it needs, as data (the auditor role is checked against it). */
export const GCP_ROUTES: readonly GcpRoute[] = [
  { method: 'GET', path: '/v1/projects/{project}/locations', service: 'aiplatform', operation: 'projects.locations.list', permission: 'aiplatform.locations.list' },
  { method: 'GET', path: '/v1/projects/{project}/locations/{location}/endpoints', service: 'aiplatform', operation: 'projects.locations.endpoints.list', permission: 'aiplatform.endpoints.list', regionParameter: 'location' },
  { method: 'GET', path: '/v1/projects/{project}/locations/{location}/endpoints/{endpoint}', service: 'aiplatform', operation: 'projects.locations.endpoints.get', permission: 'aiplatform.endpoints.get', regionParameter: 'location' },
  { method: 'GET', path: '/v1/projects/{project}/locations/{location}/models/{model}', service: 'aiplatform', operation: 'projects.locations.models.get', permission: 'aiplatform.models.get', regionParameter: 'location' },
  { method: 'GET', path: '/bigquery/v2/projects/{project}/datasets/{dataset}', service: 'bigquery', operation: 'datasets.get', permission: 'bigquery.datasets.get' },
  { method: 'GET', path: '/bigquery/v2/projects/{project}/datasets/{dataset}/tables/{table}', service: 'bigquery', operation: 'tables.get', permission: 'bigquery.tables.get' },
  { method: 'GET', path: '/v1/projects/{project}/locations/{location}/keyRings', service: 'cloudkms', operation: 'projects.locations.keyRings.list', permission: 'cloudkms.keyRings.list', regionParameter: 'location' },
  { method: 'GET', path: '/v1/projects/{project}/locations/{location}/keyRings/{keyRing}', service: 'cloudkms', operation: 'projects.locations.keyRings.get', permission: 'cloudkms.keyRings.get', regionParameter: 'location' },
  { method: 'GET', path: '/v1/projects/{project}/locations/{location}/keyRings/{keyRing}/cryptoKeys', service: 'cloudkms', operation: 'projects.locations.keyRings.cryptoKeys.list', permission: 'cloudkms.cryptoKeys.list', regionParameter: 'location' },
  { method: 'GET', path: '/v1/projects/{project}/locations/{location}/keyRings/{keyRing}/cryptoKeys/{cryptoKey}', service: 'cloudkms', operation: 'projects.locations.keyRings.cryptoKeys.get', permission: 'cloudkms.cryptoKeys.get', regionParameter: 'location' },
  { method: 'GET', path: '/v1/projects/{project}/locations/{location}/keyRings/{keyRing}/cryptoKeys/{cryptoKey}/:getIamPolicy', service: 'cloudkms', operation: 'projects.locations.keyRings.cryptoKeys.getIamPolicy', permission: 'cloudkms.cryptoKeys.getIamPolicy', regionParameter: 'location' },
  { method: 'GET', path: '/v1/accessPolicies', service: 'accesscontextmanager', operation: 'accessPolicies.list', permission: 'accesscontextmanager.policies.list' },
  { method: 'GET', path: '/v1/accessPolicies/{policy}', service: 'accesscontextmanager', operation: 'accessPolicies.get', permission: 'accesscontextmanager.policies.get' },
  { method: 'GET', path: '/v1/accessPolicies/{policy}/servicePerimeters', service: 'accesscontextmanager', operation: 'accessPolicies.servicePerimeters.list', permission: 'accesscontextmanager.servicePerimeters.list' },
  { method: 'GET', path: '/v1/projects/{project}', service: 'cloudresourcemanager', operation: 'projects.get', permission: 'resourcemanager.projects.get' },
  { method: 'POST', path: '/v1/projects/{project}/:getAncestry', service: 'cloudresourcemanager', operation: 'projects.getAncestry', permission: 'resourcemanager.projects.get' },
  { method: 'GET', path: '/v3/projects/{project}', service: 'cloudresourcemanager', operation: 'v3.projects.get', permission: 'resourcemanager.projects.get' },
  { method: 'GET', path: '/v3/folders/{folder}', service: 'cloudresourcemanager', operation: 'v3.folders.get', permission: 'resourcemanager.folders.get' },
  { method: 'GET', path: '/v3/folders', service: 'cloudresourcemanager', operation: 'v3.folders.list', permission: 'resourcemanager.folders.list' },
  { method: 'GET', path: '/v3/projects', service: 'cloudresourcemanager', operation: 'v3.projects.list', permission: 'resourcemanager.projects.list' },
  { method: 'GET', path: '/v1/{scopeType}/{scopeId}/:searchAllResources', service: 'cloudasset', operation: 'searchAllResources', permission: 'cloudasset.assets.searchAllResources' },
];

/** The Cloud Asset Inventory type of a Vertex AI endpoint, the one type the simulator's search indexes. */
const ENDPOINT_ASSET_TYPE = 'aiplatform.googleapis.com/Endpoint';
/** searchAllResources caps its pages at 500 results. */
const ASSET_PAGE_SIZE = 500;

/** The permission each operation needs, for the 403 of an injected AccessDenied fault. */
export function permissionOf(service: string, operation: string): string | undefined {
  return GCP_ROUTES.find((route) => route.service === service && route.operation === operation)?.permission;
}

/**
 * The resource IAM checks a call against, from its path: the parent for a list
 * (`/v1/projects/p/locations/l/endpoints` -> `projects/p/locations/l`, or the `parent` query), the resource itself otherwise.
 */
export function resourceOfPath(request: SimRequest, operation: string): string {
  const name = request.path.replace(/^\/(?:bigquery\/)?v\d+\//, '').replace(/\/?:\w+$/, '');
  if (!operation.endsWith('.list')) return name;
  const parent = name.split('/').slice(0, -1).join('/');
  return parent === '' ? (request.query.get('parent') ?? '') : parent;
}

function isUnder(name: string, resource: string): boolean {
  return name === resource || name.startsWith(`${resource}/`);
}

export function buildRoutes(world: GcpWorld): PathRoute[] {
  const projectOf = (idOrNumber: string): ProjectSeed | undefined => world.projects.find((p) => p.projectId === idOrNumber || p.projectNumber === idOrNumber);
  const ancestors = (parent: string): string[] => {
    const chain: string[] = [];
    let current: string | undefined = parent;
    while (current !== undefined && !chain.includes(current)) {
      chain.push(current);
      const folderName: string = current;
      current = world.folders.find((f) => f.name === folderName)?.parent;
    }
    return chain;
  };
  /** Names a project-scoped resource under both the project id and number, and the project's ancestors. */
  const projectScope = (project: ProjectSeed, rest: string): string[] => [`projects/${project.projectId}${rest}`, `projects/${project.projectNumber}${rest}`, ...ancestors(project.parent)];
  const denied = (check: Check): boolean => world.denials.some((d) => d.permission === check.permission && check.scope.some((name) => isUnder(name, d.resource)));

  /** Runs `answer` when the permission is granted; an unknown project is a 403 too, as Google answers it. */
  const guarded = (route: GcpRoute, check: (params: Readonly<Record<string, string>>, request: SimRequest) => Check | undefined, answer: Handler): PathRoute => ({
    method: route.method,
    path: route.path,
    service: route.service,
    operation: route.operation,
    ...(route.regionParameter ? { regionParameter: route.regionParameter } : {}),
    answer(params, request, requestId) {
      const found = check(params, request);
      if (found === undefined || denied(found)) {
        const resource = found?.resource ?? resourceOfPath(request, route.operation);
        return permissionDenied(route.permission, resource, route.service, requestId);
      }
      return answer(params, request, requestId);
    },
  });

  const listed = (request: SimRequest, requestId: string, listing: string, field: string, items: readonly JsonObject[], extra: JsonObject = {}): SimResponse => {
    const asked = readPage(request, listing);
    if (typeof asked === 'string') return errorResponse('INVALID_ARGUMENT', asked, requestId);
    const { items: slice, nextPageToken } = page(items, asked, listing);
    return jsonResponse({ [field]: slice, ...(nextPageToken ? { nextPageToken } : {}), ...extra }, requestId);
  };

  const projectCheck = (route: GcpRoute, rest: (p: Readonly<Record<string, string>>) => string) => (params: Readonly<Record<string, string>>): Check | undefined => {
    const project = projectOf(params.project);
    if (project === undefined) return undefined;
    const suffix = rest(params);
    return { permission: route.permission, resource: `projects/${params.project}${suffix}`, scope: projectScope(project, suffix) };
  };

  const byOperation = new Map(GCP_ROUTES.map((route) => [route.operation, route]));
  const route = (operation: string): GcpRoute => {
    const found = byOperation.get(operation);
    if (found === undefined) throw new Error(`no GCP route ${operation}`);
    return found;
  };

  const endpointsIn = (project: ProjectSeed, location: string): JsonObject[] =>
    world.endpoints.filter((e) => e.name.startsWith(`projects/${project.projectNumber}/locations/${location}/endpoints/`));
  const ringName = (project: ProjectSeed, p: Readonly<Record<string, string>>): string => `projects/${project.projectId}/locations/${p.location}/keyRings/${p.keyRing}`;
  const keyOf = (project: ProjectSeed, p: Readonly<Record<string, string>>) => world.cryptoKeys.find((k) => k.key.name === `${ringName(project, p)}/cryptoKeys/${p.cryptoKey}`);
  const need = (params: Readonly<Record<string, string>>): ProjectSeed => {
    const project = projectOf(params.project);
    if (project === undefined) throw new Error('project checked before');
    return project;
  };

  const policyCheck = (r: GcpRoute) => (params: Readonly<Record<string, string>>): Check | undefined => {
    const seed = world.accessPolicies.find((a) => a.policy.name === `accessPolicies/${params.policy}`);
    if (seed === undefined) return undefined;
    return { permission: r.permission, resource: seed.policy.name, scope: [seed.policy.name, seed.policy.parent] };
  };

  const v3Project = (project: ProjectSeed): JsonObject => ({
    name: `projects/${project.projectNumber}`,
    parent: project.parent,
    projectId: project.projectId,
    state: project.state ?? 'ACTIVE',
    displayName: project.displayName,
    createTime: project.createTime,
    updateTime: project.createTime,
    etag: `W/"${project.projectNumber}"`,
  });

  const parentCheck = (r: GcpRoute) => (_params: Readonly<Record<string, string>>, request: SimRequest): Check | undefined => {
    const parent = request.query.get('parent') ?? '';
    return { permission: r.permission, resource: parent, scope: ancestors(parent) };
  };
  const badParent = (parent: string, requestId: string): SimResponse | undefined =>
    /^(organizations|folders)\/\d+$/.test(parent) ? undefined : errorResponse('INVALID_ARGUMENT', `Invalid parent "${parent}": expected organizations/ID or folders/ID.`, requestId);
  const showDeleted = (request: SimRequest): boolean => request.query.get('showDeleted') === 'true';
  /** Every project at or below a scope (organizations/N, folders/N). */
  const projectsUnder = (scope: string): ProjectSeed[] => world.projects.filter((p) => ancestors(p.parent).includes(scope));

  return [
    guarded(route('projects.locations.list'), projectCheck(route('projects.locations.list'), () => ''), (params, request, requestId) => {
      const project = need(params);
      const locations = project.vertexLocations.map((id) => ({ name: `projects/${params.project}/locations/${id}`, locationId: id }));
      return listed(request, requestId, `locations:${project.projectNumber}`, 'locations', locations);
    }),
    guarded(route('projects.locations.endpoints.list'), projectCheck(route('projects.locations.endpoints.list'), (p) => `/locations/${p.location}`), (params, request, requestId) => {
      const project = need(params);
      return listed(request, requestId, `endpoints:${project.projectNumber}/${params.location}`, 'endpoints', endpointsIn(project, params.location));
    }),
    guarded(route('projects.locations.endpoints.get'), projectCheck(route('projects.locations.endpoints.get'), (p) => `/locations/${p.location}/endpoints/${p.endpoint}`), (params, _request, requestId) => {
      const project = need(params);
      const name = `projects/${project.projectNumber}/locations/${params.location}/endpoints/${params.endpoint}`;
      const endpoint = world.endpoints.find((e) => e.name === name);
      return endpoint === undefined ? errorResponse('NOT_FOUND', `Endpoint \`${name}\` not found.`, requestId) : jsonResponse(endpoint, requestId);
    }),
    guarded(route('projects.locations.models.get'), projectCheck(route('projects.locations.models.get'), (p) => `/locations/${p.location}/models/${p.model}`), (params, _request, requestId) => {
      const project = need(params);
      // `M`, `M@versionId` or `M@alias`; no version is the `default` alias.
      const [modelId, version = 'default'] = params.model.split('@');
      const name = `projects/${project.projectNumber}/locations/${params.location}/models/${modelId}`;
      const found = world.models.find(
        (m) => m.name === name && (m.versionId === version || (Array.isArray(m.versionAliases) && m.versionAliases.includes(version))),
      );
      return found === undefined ? errorResponse('NOT_FOUND', `Model ${name}@${version} not found.`, requestId) : jsonResponse(found, requestId);
    }),
    guarded(route('datasets.get'), projectCheck(route('datasets.get'), (p) => `/datasets/${p.dataset}`), (params, _request, requestId) => {
      const project = need(params);
      const found = world.bigqueryDatasets.find((d) => d.datasetReference.projectId === project.projectId && d.datasetReference.datasetId === params.dataset);
      return found === undefined ? bigqueryNotFound(`Dataset ${project.projectId}:${params.dataset}`, requestId) : bigqueryResponse(found, requestId);
    }),
    guarded(route('tables.get'), projectCheck(route('tables.get'), (p) => `/datasets/${p.dataset}/tables/${p.table}`), (params, _request, requestId) => {
      const project = need(params);
      const ref = (t: GcpWorld['bigqueryTables'][number]) => t.tableReference;
      const found = world.bigqueryTables.find((t) => ref(t).projectId === project.projectId && ref(t).datasetId === params.dataset && ref(t).tableId === params.table);
      return found === undefined ? bigqueryNotFound(`Table ${project.projectId}:${params.dataset}.${params.table}`, requestId) : bigqueryResponse(found, requestId);
    }),
    guarded(route('projects.locations.keyRings.list'), projectCheck(route('projects.locations.keyRings.list'), (p) => `/locations/${p.location}`), (params, request, requestId) => {
      const project = need(params);
      const prefix = `projects/${project.projectId}/locations/${params.location}/keyRings/`;
      const rings = world.keyRings.filter((r) => r.name.startsWith(prefix)).map((r) => ({ name: r.name, createTime: r.createTime }));
      return listed(request, requestId, `keyRings:${prefix}`, 'keyRings', rings, { totalSize: rings.length });
    }),
    guarded(route('projects.locations.keyRings.get'), projectCheck(route('projects.locations.keyRings.get'), (p) => `/locations/${p.location}/keyRings/${p.keyRing}`), (params, _request, requestId) => {
      const name = ringName(need(params), params);
      const ring = world.keyRings.find((r) => r.name === name);
      return ring === undefined ? errorResponse('NOT_FOUND', `KeyRing ${name} not found.`, requestId) : jsonResponse({ name: ring.name, createTime: ring.createTime }, requestId);
    }),
    guarded(route('projects.locations.keyRings.cryptoKeys.list'), projectCheck(route('projects.locations.keyRings.cryptoKeys.list'), (p) => `/locations/${p.location}/keyRings/${p.keyRing}`), (params, request, requestId) => {
      const name = ringName(need(params), params);
      if (!world.keyRings.some((r) => r.name === name)) return errorResponse('NOT_FOUND', `KeyRing ${name} not found.`, requestId);
      const keys = world.cryptoKeys.filter((k) => k.key.name.startsWith(`${name}/cryptoKeys/`)).map((k) => k.key);
      return listed(request, requestId, `cryptoKeys:${name}`, 'cryptoKeys', keys, { totalSize: keys.length });
    }),
    guarded(route('projects.locations.keyRings.cryptoKeys.get'), projectCheck(route('projects.locations.keyRings.cryptoKeys.get'), (p) => `/locations/${p.location}/keyRings/${p.keyRing}/cryptoKeys/${p.cryptoKey}`), (params, _request, requestId) => {
      const project = need(params);
      const key = keyOf(project, params);
      return key === undefined ? errorResponse('NOT_FOUND', `CryptoKey ${ringName(project, params)}/cryptoKeys/${params.cryptoKey} not found.`, requestId) : jsonResponse(key.key, requestId);
    }),
    guarded(route('projects.locations.keyRings.cryptoKeys.getIamPolicy'), projectCheck(route('projects.locations.keyRings.cryptoKeys.getIamPolicy'), (p) => `/locations/${p.location}/keyRings/${p.keyRing}/cryptoKeys/${p.cryptoKey}`), (params, request, requestId) => {
      const project = need(params);
      const key = keyOf(project, params);
      if (key === undefined) return errorResponse('NOT_FOUND', `CryptoKey ${ringName(project, params)}/cryptoKeys/${params.cryptoKey} not found.`, requestId);
      // Conditional bindings are only returned to callers that ask for policy version 3.
      const version = Number(request.query.get('options.requestedPolicyVersion') ?? '0');
      const bindings = Array.isArray(key.policy.bindings) ? key.policy.bindings : [];
      const conditional = bindings.some((b) => typeof b === 'object' && b !== null && !Array.isArray(b) && b.condition !== undefined);
      if (conditional && version < 3) {
        return errorResponse('INVALID_ARGUMENT', 'The policy contains conditional role bindings; request policy version 3 (options.requestedPolicyVersion=3) to read it.', requestId);
      }
      return jsonResponse(key.policy, requestId);
    }),
    guarded(
      route('accessPolicies.list'),
      (_params, request) => {
        const parent = request.query.get('parent') ?? '';
        return { permission: route('accessPolicies.list').permission, resource: parent, scope: [parent] };
      },
      (_params, request, requestId) => {
        const parent = request.query.get('parent') ?? '';
        if (!/^organizations\/\d+$/.test(parent)) {
          return errorResponse('INVALID_ARGUMENT', `Invalid parent "${parent}": listing access policies needs parent=organizations/ORGANIZATION_NUMBER.`, requestId);
        }
        const policies = world.accessPolicies.filter((a) => a.policy.parent === parent).map((a) => a.policy);
        return listed(request, requestId, `accessPolicies:${parent}`, 'accessPolicies', policies);
      },
    ),
    guarded(route('accessPolicies.get'), policyCheck(route('accessPolicies.get')), (params, _request, requestId) => {
      const seed = world.accessPolicies.find((a) => a.policy.name === `accessPolicies/${params.policy}`);
      return seed === undefined ? errorResponse('NOT_FOUND', `Access policy accessPolicies/${params.policy} not found.`, requestId) : jsonResponse(seed.policy, requestId);
    }),
    guarded(route('accessPolicies.servicePerimeters.list'), policyCheck(route('accessPolicies.servicePerimeters.list')), (params, request, requestId) => {
      const seed = world.accessPolicies.find((a) => a.policy.name === `accessPolicies/${params.policy}`);
      return listed(request, requestId, `servicePerimeters:${params.policy}`, 'servicePerimeters', seed?.perimeters ?? []);
    }),
    guarded(route('projects.get'), projectCheck(route('projects.get'), () => ''), (params, _request, requestId) => {
      const project = need(params);
      const [type, id] = project.parent.split('/');
      return jsonResponse(
        {
          projectNumber: project.projectNumber,
          projectId: project.projectId,
          lifecycleState: 'ACTIVE',
          name: project.displayName,
          createTime: project.createTime,
          parent: { type: type === 'folders' ? 'folder' : 'organization', id },
        },
        requestId,
      );
    }),
    guarded(route('projects.getAncestry'), projectCheck(route('projects.getAncestry'), () => ''), (params, _request, requestId) => {
      const project = need(params);
      const ancestor = [
        { resourceId: { type: 'project', id: project.projectId } },
        ...ancestors(project.parent).map((name) => {
          const [kind, id] = name.split('/');
          return { resourceId: { type: kind === 'folders' ? 'folder' : 'organization', id } };
        }),
      ];
      return jsonResponse({ ancestor }, requestId);
    }),
    guarded(route('v3.projects.get'), projectCheck(route('v3.projects.get'), () => ''), (params, _request, requestId) => jsonResponse(v3Project(need(params)), requestId)),
    guarded(
      route('v3.folders.get'),
      (params) => {
        const folder = world.folders.find((f) => f.name === `folders/${params.folder}`);
        return folder === undefined ? undefined : { permission: route('v3.folders.get').permission, resource: folder.name, scope: ancestors(folder.name) };
      },
      (params, _request, requestId) => {
        const folder = world.folders.find((f) => f.name === `folders/${params.folder}`);
        return folder === undefined
          ? errorResponse('NOT_FOUND', `Folder folders/${params.folder} not found.`, requestId)
          : jsonResponse({ name: folder.name, parent: folder.parent, displayName: folder.displayName, state: 'ACTIVE' }, requestId);
      },
    ),
    guarded(route('v3.folders.list'), parentCheck(route('v3.folders.list')), (_params, request, requestId) => {
      const parent = request.query.get('parent') ?? '';
      const bad = badParent(parent, requestId);
      if (bad) return bad;
      const folders = world.folders.filter((f) => f.parent === parent).map((f) => ({ name: f.name, parent: f.parent, displayName: f.displayName, state: 'ACTIVE' }));
      return listed(request, requestId, `folders:${parent}`, 'folders', folders);
    }),
    guarded(route('v3.projects.list'), parentCheck(route('v3.projects.list')), (_params, request, requestId) => {
      const parent = request.query.get('parent') ?? '';
      const bad = badParent(parent, requestId);
      if (bad) return bad;
      const projects = world.projects.filter((p) => p.parent === parent && (showDeleted(request) || (p.state ?? 'ACTIVE') === 'ACTIVE')).map(v3Project);
      return listed(request, requestId, `projects:${parent}`, 'projects', projects);
    }),
    guarded(
      route('searchAllResources'),
      (params) => {
        const scope = `${params.scopeType}/${params.scopeId}`;
        if (params.scopeType === 'projects') {
          const project = projectOf(params.scopeId);
          return project === undefined ? undefined : { permission: route('searchAllResources').permission, resource: scope, scope: projectScope(project, '') };
        }
        return { permission: route('searchAllResources').permission, resource: scope, scope: ancestors(scope) };
      },
      (params, request, requestId) => {
        const scope = `${params.scopeType}/${params.scopeId}`;
        const types = request.query.getAll('assetTypes');
        if (types.some((t) => t !== ENDPOINT_ASSET_TYPE)) return errorResponse('INVALID_ARGUMENT', `The simulator indexes only ${ENDPOINT_ASSET_TYPE}; asked for ${types.join(', ')}.`, requestId);
        const inScope = params.scopeType === 'projects' ? [projectOf(params.scopeId)].filter((p): p is ProjectSeed => p !== undefined) : projectsUnder(scope);
        const results = inScope.flatMap((project) =>
          world.endpoints
            .filter((e) => e.name.startsWith(`projects/${project.projectNumber}/`))
            .map((e) => ({
              name: `//aiplatform.googleapis.com/${e.name}`,
              assetType: ENDPOINT_ASSET_TYPE,
              project: `projects/${project.projectNumber}`,
              displayName: typeof e.displayName === 'string' ? e.displayName : '',
              location: e.name.split('/')[3],
            })),
        );
        const asked = readPage(request, `assets:${scope}`);
        if (typeof asked === 'string') return errorResponse('INVALID_ARGUMENT', asked, requestId);
        const { items, nextPageToken } = page(results, { ...asked, size: Math.min(asked.size, ASSET_PAGE_SIZE) }, `assets:${scope}`);
        return jsonResponse({ results: items, ...(nextPageToken ? { nextPageToken } : {}) }, requestId);
      },
    ),
  ];
}
