// Live Google Cloud inventory: read-only REST reads of Vertex AI endpoints in each project and location,
// the Cloud KMS keys they name (each read once), and the VPC Service Controls perimeters around each
// project (the organization found through Resource Manager). What cannot be read is unknown plus a
// coverage gap; the other projects are still reported.
import { evidence, known, unknown, type Fact, type Inventory, type ListFact, type Resource, type ServicePerimeter } from '../../../policies/model';
import { CollectionContext, DEFAULT_REQUEST_TIMEOUT_MS, Once, type CallSite, type ProgressListener, type Read } from '../../collect/context';
import { partitionEstate, type Shard } from '../../collect/estate';
import { DISCOVERY_CALLS, EstateDiscovery, type EstateRoot } from './discovery';
import { bigqueryKeyName, endpointOf, keyOf, keyParts, keyRingOf, loggingTableOf, modelParts, perimetersOfProject, servedModelName, servedModelOf, servedModelUnknown, workspaceOf, type ServedModel } from './facts';
import { GcpAuditOptionsError, GoogleRestClient, checkEndpointUrl, defaultTokenSource, describeGoogleFailure, type AccessTokenSource, type GoogleApi } from './http';
import { SHAPES, type Perimeter } from './shapes';
import pLimit from 'p-limit';

export { GcpAuditOptionsError, checkEndpointUrl } from './http';
export { ENDPOINT_ASSET_TYPE } from './discovery';

/** Neither GOOGLE_OAUTH_ACCESS_TOKEN nor Application Default Credentials gave a token: nothing can be read. */
export class GcpCredentialsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GcpCredentialsError';
  }
}

export interface GcpAuditOptions {
  /** --project, several; when empty, the ADC project (GOOGLE_CLOUD_PROJECT, then google-auth-library). */
  readonly projects: readonly string[];
  /** --organization: every ACTIVE project under these organization ids, through Cloud Resource Manager. */
  readonly organizations?: readonly string[];
  /** --folder: every ACTIVE project under these folder ids (and their subfolders). */
  readonly folders?: readonly string[];
  /**
   * Cloud Asset Inventory first (default true): projects under an organization or folder that hold no
   * Vertex AI endpoint cost no Vertex AI call. The index is eventually consistent (an endpoint created in
   * the last minutes may not be in it yet): --no-asset-inventory reads every project instead.
   */
  readonly useAssetInventory?: boolean;
  /** --shard i/n: only the projects of the estate that hash to this shard. */
  readonly shard?: Shard;
  /** Projects read at once (their calls share the `concurrency` limit); default 8. */
  readonly projectConcurrency?: number;
  /** --location, several; when empty, every location each project lists for Vertex AI. */
  readonly locations: readonly string[];
  /** --endpoint-url: the base URL of every Google API (http only to loopback). */
  readonly endpointUrl?: string;
  readonly concurrency?: number;
  readonly requestTimeoutMs?: number;
  /** Attempts per call (429 and 5xx are retried); default 4. */
  readonly maxAttempts?: number;
  readonly retryDelayMs?: number;
  /** Items asked per page of a listing (default 1000; Google answers with at most its own maximum). */
  readonly pageSize?: number;
  readonly onProgress?: ProgressListener;
  /** Environment for GOOGLE_OAUTH_ACCESS_TOKEN and the default project; process.env otherwise. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Replaces the token source (tests). */
  readonly token?: AccessTokenSource;
}

/** Every call the readers make, with the IAM permission it needs (providers/gcp/live/auditor-role.json holds exactly these). */
export const GCP_READER_CALLS = {
  locations: { service: 'aiplatform', operation: 'projects.locations.list', permission: 'aiplatform.locations.list' },
  endpoints: { service: 'aiplatform', operation: 'projects.locations.endpoints.list', permission: 'aiplatform.endpoints.list' },
  model: { service: 'aiplatform', operation: 'projects.locations.models.get', permission: 'aiplatform.models.get' },
  loggingTable: { service: 'bigquery', operation: 'tables.get', permission: 'bigquery.tables.get' },
  loggingDataset: { service: 'bigquery', operation: 'datasets.get', permission: 'bigquery.datasets.get' },
  cryptoKey: { service: 'cloudkms', operation: 'projects.locations.keyRings.cryptoKeys.get', permission: 'cloudkms.cryptoKeys.get' },
  keyPolicy: { service: 'cloudkms', operation: 'projects.locations.keyRings.cryptoKeys.getIamPolicy', permission: 'cloudkms.cryptoKeys.getIamPolicy' },
  project: { service: 'cloudresourcemanager', operation: 'projects.get', permission: 'resourcemanager.projects.get' },
  ancestry: { service: 'cloudresourcemanager', operation: 'projects.getAncestry', permission: 'resourcemanager.projects.get' },
  accessPolicies: { service: 'accesscontextmanager', operation: 'accessPolicies.list', permission: 'accesscontextmanager.policies.list' },
  perimeters: { service: 'accesscontextmanager', operation: 'accessPolicies.servicePerimeters.list', permission: 'accesscontextmanager.servicePerimeters.list' },
  ...DISCOVERY_CALLS,
} as const satisfies Record<string, { service: GoogleApi; operation: string; permission: string }>;

const DEFAULT_CONCURRENCY = 16;
const DEFAULT_MAX_ATTEMPTS = 4;
const DEFAULT_PAGE_SIZE = 1000;
const DEFAULT_PROJECT_CONCURRENCY = 8;

/** A project to audit, with what discovery already knows of it (each known fact is a call not made). */
export interface ProjectTarget {
  readonly projectId: string;
  readonly projectNumber?: string;
  readonly organization?: string;
  /** false: Cloud Asset Inventory found no Vertex AI endpoint in it, so its locations and endpoints are not listed. */
  readonly holdsEndpoints: boolean;
}

/** `123` or `organizations/123` (`folders/123`): the numeric id, or a usage error saying what is expected. */
function rootIds(values: readonly string[] | undefined, kind: 'organizations' | 'folders'): EstateRoot[] {
  const flag = kind === 'organizations' ? '--organization' : '--folder';
  return [...new Set(values ?? [])].map((value) => {
    const id = value.trim().replace(new RegExp(`^${kind}/`), '');
    if (!/^\d{1,30}$/.test(id)) throw new GcpAuditOptionsError(`${flag}: "${value}" is not ${kind === 'organizations' ? 'an organization' : 'a folder'} id; expected its number, e.g. ${flag} 123456789012 (gcloud ${kind} list).`);
    return `${kind}/${id}` as EstateRoot;
  });
}

export async function collectGcpInventory(options: GcpAuditOptions): Promise<Inventory> {
  const env = options.env ?? process.env;
  const concurrency = positiveInteger(options.concurrency ?? DEFAULT_CONCURRENCY, 'concurrency');
  const maxAttempts = positiveInteger(options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS, 'maxAttempts');
  const requestTimeoutMs = positiveInteger(options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS, 'requestTimeoutMs');
  const endpointUrl = options.endpointUrl === undefined ? undefined : checkEndpointUrl(options.endpointUrl);
  const token = options.token ?? defaultTokenSource(env);
  try {
    await token();
  } catch (error) {
    throw new GcpCredentialsError(`no Google credentials (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`);
  }
  const roots = [...rootIds(options.organizations, 'organizations'), ...rootIds(options.folders, 'folders')];
  const explicit = options.projects.length > 0 ? [...new Set(options.projects)] : roots.length > 0 ? [] : [await defaultProject(env)];
  const projectConcurrency = positiveInteger(options.projectConcurrency ?? DEFAULT_PROJECT_CONCURRENCY, 'projectConcurrency');
  const client = new GoogleRestClient({ requestTimeoutMs, maxAttempts, token, ...(endpointUrl ? { endpointUrl } : {}), ...(options.retryDelayMs !== undefined ? { retryDelayMs: options.retryDelayMs } : {}) });
  const ctx = new CollectionContext({ concurrency, describeFailure: describeGoogleFailure, ...(options.onProgress ? { onProgress: options.onProgress } : {}) });
  const pageSize = String(positiveInteger(options.pageSize ?? DEFAULT_PAGE_SIZE, 'pageSize'));
  const { projects: discovered, inactive } =
    roots.length === 0
      ? { projects: [], inactive: [] }
      : await new EstateDiscovery(ctx, client).discover({
          roots,
          useAssetInventory: options.useAssetInventory ?? true,
          pageSize,
          notice: (text) => options.onProgress?.({ phase: text, done: 0, total: 0 }),
        });
  const known = new Set(discovered.map((p) => p.projectId));
  const targets: ProjectTarget[] = [...discovered, ...explicit.filter((id) => !known.has(id)).map((projectId) => ({ projectId, holdsEndpoints: true }))];
  const part = partitionEstate(
    targets.map((t) => t.projectId),
    options.shard,
    inactive,
  );
  const chosen = new Set(part.selected);
  const inventory = await new GcpAudit(ctx, client, pageSize, projectConcurrency).run(
    targets.filter((t) => chosen.has(t.projectId)),
    [...new Set(options.locations)],
  );
  // The estate is stated whenever one was discovered or split, so a merge can tell which shards it holds.
  return roots.length > 0 || options.shard ? { ...inventory, estate: part.coverage } : inventory;
}

/** The project Application Default Credentials name; with a bare access token there is none to ask, so --project is needed. */
async function defaultProject(env: Readonly<Record<string, string | undefined>>): Promise<string> {
  const named = env.GOOGLE_CLOUD_PROJECT || env.GCLOUD_PROJECT || env.CLOUDSDK_CORE_PROJECT;
  if (named) return named;
  const missing = 'No Google Cloud project to audit: pass --project PROJECT_ID (several allowed) or set GOOGLE_CLOUD_PROJECT.';
  if (env.GOOGLE_OAUTH_ACCESS_TOKEN) throw new GcpAuditOptionsError(missing);
  const { GoogleAuth } = require('google-auth-library') as typeof import('google-auth-library');
  try {
    const project = await new GoogleAuth().getProjectId();
    if (project) return project;
  } catch {
    // Falls through to the usage error: ADC names no project.
  }
  throw new GcpAuditOptionsError(missing);
}

function positiveInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) throw new GcpAuditOptionsError(`${name} must be a positive integer, got ${value}.`);
  return value;
}

type Call = (typeof GCP_READER_CALLS)[keyof typeof GCP_READER_CALLS];

class GcpAudit {
  private readonly keys = new Once<Resource>();
  private readonly models = new Once<ServedModel>();
  private readonly loggingKeys = new Once<Fact<string | null>>();
  private readonly accessPolicies = new Once<Read<string[]>>();
  private readonly perimeterLists = new Once<Read<Perimeter[]>>();

  constructor(
    private readonly ctx: CollectionContext,
    private readonly client: GoogleRestClient,
    private readonly pageSize: string,
    projectConcurrency: number,
  ) {
    this.projectSlots = pLimit(projectConcurrency);
  }

  /** Projects in progress at most: one project's calls finish before many others start, so per-project quotas are spread. */
  private readonly projectSlots: pLimit.Limit;

  async run(projects: readonly ProjectTarget[], locations: readonly string[]): Promise<Inventory> {
    const regions = new Set<string>(locations);
    this.ctx.expect('projects', projects.length);
    const perProject = await Promise.all(
      projects.map((target) =>
        this.projectSlots(async () => {
          const resources = await this.project(target, locations, regions);
          this.ctx.advance('projects');
          return resources;
        }),
      ),
    );
    const keys = await this.keys.all();
    const rings = [...new Set(keys.flatMap((k) => (k.kind === 'key' && k.storeId ? [k.storeId] : [])))].sort();
    return {
      provider: 'gcp',
      source: 'live',
      scope: { accounts: projects.map((p) => p.projectId), regions: [...regions].sort() },
      resources: [...perProject.flat(), ...keys, ...rings.map(keyRingOf)],
      gaps: [...this.ctx.gaps],
    };
  }

  private site(call: Call, resourceId: string, region?: string): CallSite {
    return { service: call.service, operation: call.operation, resourceId, ...(region ? { region } : {}) };
  }

  private async project(target: ProjectTarget, askedLocations: readonly string[], regions: Set<string>): Promise<Resource[]> {
    const { projectId } = target;
    const workspaceId = `projects/${projectId}`;
    // A number discovery listed is not read again.
    const projectRead: Promise<Read<{ projectNumber: string }>> =
      target.projectNumber !== undefined
        ? Promise.resolve({ status: 'ok', value: { projectNumber: target.projectNumber } })
        : this.ctx.call(this.site(GCP_READER_CALLS.project, workspaceId), () =>
            this.client.send({ api: 'cloudresourcemanager', path: `/v1/projects/${encodeURIComponent(projectId)}`, shape: SHAPES.project }),
          );
    // The organization's perimeters are read while the project's number and endpoints are.
    const perimetersPromise = this.perimeters(projectId, projectRead, target.organization);
    // A project Cloud Asset Inventory found no endpoint in is still reported (its perimeter is judged), with no Vertex AI call.
    const locations: Read<string[]> = !target.holdsEndpoints
      ? { status: 'ok', value: [] }
      : askedLocations.length > 0
        ? { status: 'ok', value: [...askedLocations] }
        : await this.locations(projectId);
    const endpoints: Resource[] = [];
    if (locations.status === 'ok') {
      for (const location of locations.value) regions.add(location);
      const lists = await Promise.all(locations.value.map((location) => this.endpoints(projectId, location, workspaceId)));
      endpoints.push(...lists.flat());
    }
    const project = await projectRead;
    return [workspaceOf(projectId, project.status === 'ok' ? project.value.projectNumber : undefined, await perimetersPromise), ...endpoints];
  }

  private locations(projectId: string): Promise<Read<string[]>> {
    return this.ctx.callPages(this.site(GCP_READER_CALLS.locations, `projects/${projectId}`), async (pageToken) => {
      const page = await this.client.send({ api: 'aiplatform', path: `/v1/projects/${encodeURIComponent(projectId)}/locations`, query: { pageSize: this.pageSize, pageToken }, shape: SHAPES.locations });
      return { items: (page.locations ?? []).map((l) => l.locationId), next: page.nextPageToken || undefined };
    });
  }

  private async endpoints(projectId: string, location: string, workspaceId: string): Promise<Resource[]> {
    const resources: Resource[] = [];
    const read = await this.ctx.callPages(this.site(GCP_READER_CALLS.endpoints, `projects/${projectId}/locations/${location}`, location), async (pageToken) => {
      const page = await this.client.send({
        api: 'aiplatform',
        location,
        path: `/v1/projects/${encodeURIComponent(projectId)}/locations/${encodeURIComponent(location)}/endpoints`,
        query: { pageSize: this.pageSize, pageToken },
        shape: SHAPES.endpoints,
      });
      const items = page.endpoints ?? [];
      this.ctx.expect('endpoints', items.length, location);
      // Keys are read while the next pages are still being listed.
      for (const endpoint of items) {
        const keyName = endpoint.encryptionSpec?.kmsKeyName;
        if (keyName) void this.keys.get(keyName, () => this.key(keyName));
        for (const deployed of endpoint.deployedModels ?? []) {
          const modelName = servedModelName(deployed);
          if (modelName) void this.models.get(modelName, () => this.model(modelName));
        }
        const logging = endpoint.predictRequestResponseLoggingConfig;
        const table = logging?.bigqueryDestination?.outputUri;
        if (logging?.enabled === true && table) void this.loggingKeys.get(table, () => this.loggingKey(table));
      }
      return { items, next: page.nextPageToken || undefined };
    });
    if (read.status !== 'ok') return resources;
    for (const endpoint of read.value) {
      const served = new Map<string, ServedModel>();
      for (const deployed of endpoint.deployedModels ?? []) {
        const modelName = servedModelName(deployed);
        if (modelName) served.set(modelName, await this.models.get(modelName, () => this.model(modelName)));
      }
      const logging = endpoint.predictRequestResponseLoggingConfig;
      const table = logging?.enabled === true ? logging.bigqueryDestination?.outputUri : undefined;
      const loggingKey = table ? await this.loggingKeys.get(table, () => this.loggingKey(table)) : undefined;
      resources.push(
        endpointOf(
          endpoint,
          { projectId, location, workspaceId },
          {
            servedBy: (deployed) => {
              const modelName = servedModelName(deployed);
              return (modelName && served.get(modelName)) || servedModelUnknown(`deployed model ${deployed.id} names no Model`);
            },
            ...(loggingKey ? { loggingKey: () => loggingKey } : {}),
          },
        ),
      );
      this.ctx.advance('endpoints', location);
    }
    return resources;
  }

  /** The Model version a deployed model serves, read once however many endpoints deploy it. */
  private async model(name: string): Promise<ServedModel> {
    const parts = modelParts(name);
    if (parts === undefined) {
      const failed = this.ctx.fail(this.site(GCP_READER_CALLS.model, name), 'InvalidModelName', 'deployedModels[].model is not a Vertex AI Model name');
      return servedModelUnknown(`the Model could not be read: ${failed.reason}`);
    }
    const read = await this.ctx.call(this.site(GCP_READER_CALLS.model, name, parts.location), () =>
      this.client.send({ api: 'aiplatform', location: parts.location, path: `/v1/${name}`, shape: SHAPES.model }),
    );
    if (read.status === 'ok') return servedModelOf(read.value);
    return servedModelUnknown(`the Model ${name} could not be read: ${read.status === 'failed' ? read.reason : read.errorCode}`);
  }

  /**
   * The key of the request/response logging table: the table's own key or, while the table does not exist
   * yet (Vertex AI creates it on the first write), its dataset's default key, which the new table takes.
   * The key found is read like an endpoint's key. Unreadable: unknown, with the gap listed.
   */
  private async loggingKey(outputUri: string): Promise<Fact<string | null>> {
    const uriEvidence = evidence('aiplatform:projects.locations.endpoints.list', 'predictRequestResponseLoggingConfig.bigqueryDestination.outputUri', outputUri);
    const target = loggingTableOf(outputUri);
    if (target === undefined) return unknown(`${outputUri} is not a BigQuery URI (bq://PROJECT[.DATASET[.TABLE]])`, uriEvidence);
    if (target.dataset === undefined || target.table === undefined) {
      return unknown(`${outputUri} names only a project: Vertex AI creates the logging dataset itself, so its key is known only after the first request is logged`, uriEvidence);
    }
    const datasetPath = `/bigquery/v2/projects/${encodeURIComponent(target.project)}/datasets/${encodeURIComponent(target.dataset)}`;
    const table = await this.ctx.call(
      this.site(GCP_READER_CALLS.loggingTable, `${target.project}:${target.dataset}.${target.table}`),
      () => this.client.send({ api: 'bigquery', path: `${datasetPath}/tables/${encodeURIComponent(target.table as string)}`, shape: SHAPES.bigqueryTable }),
      ['NOT_FOUND'],
    );
    let keyName: string | null;
    let found: Fact<string | null>;
    if (table.status === 'failed') return unknown(`the logging table could not be read: ${table.reason}`, uriEvidence);
    if (table.status === 'ok') {
      const raw = table.value.encryptionConfiguration?.kmsKeyName;
      keyName = bigqueryKeyName(raw);
      found = known(keyName, uriEvidence, evidence('bigquery:tables.get', 'encryptionConfiguration.kmsKeyName', raw ?? null));
    } else {
      const dataset = await this.ctx.call(this.site(GCP_READER_CALLS.loggingDataset, `${target.project}:${target.dataset}`), () =>
        this.client.send({ api: 'bigquery', path: datasetPath, shape: SHAPES.bigqueryDataset }),
      ['NOT_FOUND'],
      );
      if (dataset.status === 'failed') return unknown(`the logging table does not exist yet and its dataset could not be read: ${dataset.reason}`, uriEvidence);
      if (dataset.status === 'absent') return unknown(`neither the logging table nor its dataset ${target.project}:${target.dataset} exists: Vertex AI cannot write the logs`, uriEvidence);
      const raw = dataset.value.defaultEncryptionConfiguration?.kmsKeyName;
      keyName = bigqueryKeyName(raw);
      found = known(keyName, uriEvidence, evidence('bigquery:datasets.get', 'defaultEncryptionConfiguration.kmsKeyName (the table does not exist yet: Vertex AI creates it in this dataset, with this default key)', raw ?? null));
    }
    if (keyName !== null) {
      const name = keyName;
      void this.keys.get(name, () => this.key(name));
    }
    return found;
  }

  /** The key and its IAM policy, read together once however many endpoints name the key. */
  private async key(name: string): Promise<Resource> {
    const parts = keyParts(name);
    if (parts === undefined) {
      const failed = this.ctx.fail(this.site(GCP_READER_CALLS.cryptoKey, name), 'InvalidKeyName', 'encryptionSpec.kmsKeyName is not a Cloud KMS crypto key name');
      return keyOf(name, failed, failed);
    }
    const [key, policy] = await Promise.all([
      this.ctx.call(this.site(GCP_READER_CALLS.cryptoKey, name, parts.location), () => this.client.send({ api: 'cloudkms', path: `/v1/${name}`, shape: SHAPES.cryptoKey })),
      this.ctx.call(this.site(GCP_READER_CALLS.keyPolicy, name, parts.location), () =>
        this.client.send({ api: 'cloudkms', path: `/v1/${name}:getIamPolicy`, query: { 'options.requestedPolicyVersion': '3' }, shape: SHAPES.iamPolicy }),
      ),
    ]);
    return keyOf(name, key, policy);
  }

  /**
   * The perimeters around the project: the organization from the project's ancestry, its access
   * policies, their perimeters. Any step that cannot be read leaves them unknown (never "none").
   */
  private async perimeters(projectId: string, projectRead: Promise<Read<{ projectNumber: string }>>, organization: string | undefined): Promise<ListFact<ServicePerimeter>> {
    const listed = await this.organizationPerimeters(projectId, organization);
    const project = await projectRead;
    // Perimeters name projects by number.
    if (project.status !== 'ok') return unknown(`the project could not be read: ${project.status === 'failed' ? project.reason : 'not found'}`);
    if (!Array.isArray(listed)) return listed;
    const number = project.value.projectNumber;
    const found = listed.flatMap((list) => (list.status === 'ok' ? perimetersOfProject(list.value, number) : []));
    const problems = listed.flatMap((list) => (list.status === 'failed' ? [list.reason] : []));
    const evidenceOf = { source: 'accesscontextmanager:accessPolicies.servicePerimeters.list', path: 'status.resources | spec.resources', value: `projects/${number}` };
    return problems.length === 0 ? known(found, evidenceOf) : { known: false, reason: problems.join('; '), evidence: [evidenceOf], knownElements: found };
  }

  /** Every perimeter listing of the project's organization, or the fact to state when they cannot be reached. */
  private async organizationPerimeters(projectId: string, discoveredOrganization: string | undefined): Promise<Read<Perimeter[]>[] | ListFact<ServicePerimeter>> {
    const organization = discoveredOrganization ?? (await this.organizationOf(projectId));
    if (typeof organization === 'object') return organization;
    const source = 'cloudresourcemanager:projects.getAncestry';
    // VPC Service Controls live in an organization's access policies: a project outside any organization has none.
    if (organization === undefined) return known([], { source, path: 'ancestor[].resourceId.type', value: 'no organization' });
    const parent = `organizations/${organization}`;
    const policies = await this.accessPolicies.get(parent, () =>
      this.ctx.callPages(this.site(GCP_READER_CALLS.accessPolicies, parent), async (pageToken) => {
        const page = await this.client.send({ api: 'accesscontextmanager', path: '/v1/accessPolicies', query: { parent, pageSize: this.pageSize, pageToken }, shape: SHAPES.accessPolicies });
        return { items: (page.accessPolicies ?? []).map((p) => p.name), next: page.nextPageToken || undefined };
      }),
    );
    if (policies.status !== 'ok') return unknown(`the access policies of ${parent} could not be read: ${policies.status === 'failed' ? policies.reason : 'not found'}`);
    const lists = await Promise.all(
      policies.value.map((policy) =>
        this.perimeterLists.get(policy, () =>
          this.ctx.callPages(this.site(GCP_READER_CALLS.perimeters, policy), async (pageToken) => {
            const page = await this.client.send({ api: 'accesscontextmanager', path: `/v1/${policy}/servicePerimeters`, query: { pageSize: this.pageSize, pageToken }, shape: SHAPES.servicePerimeters });
            return { items: page.servicePerimeters ?? [], next: page.nextPageToken || undefined };
          }),
        ),
      ),
    );
    return lists;
  }

  /** The project's organization id from its ancestry (undefined: it has none), or the unknown fact when the ancestry cannot be read. */
  private async organizationOf(projectId: string): Promise<string | undefined | ListFact<ServicePerimeter>> {
    const ancestry = await this.ctx.call(this.site(GCP_READER_CALLS.ancestry, `projects/${projectId}`), () =>
      this.client.send({ api: 'cloudresourcemanager', method: 'POST', path: `/v1/projects/${encodeURIComponent(projectId)}:getAncestry`, body: {}, shape: SHAPES.ancestry }),
    );
    if (ancestry.status !== 'ok') return unknown(`the project's organization could not be found: ${ancestry.status === 'failed' ? ancestry.reason : 'not found'}`);
    return ancestry.value.ancestor.find((a) => a.resourceId.type === 'organization')?.resourceId.id;
  }
}
