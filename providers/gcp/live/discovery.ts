// The estate under an organization or folder: every ACTIVE project, found by walking Cloud Resource
// Manager v3 (folders.list and projects.list per parent, strongly consistent, paged), and the projects that
// hold Vertex AI endpoints at all, from one Cloud Asset Inventory search per root. A folder that cannot be
// listed is a coverage gap naming it; the rest of the tree is still walked. When the asset search cannot
// be made, every project is read in full instead (sound, slower), and the progress line says so.
import type { InactiveMember } from '../../../policies/model';
import type { CallSite, CollectionContext, Read } from '../../collect/context';
import { describeGoogleFailure, type GoogleRestClient } from './http';
import { SHAPES } from './shapes';

/** The calls discovery makes, with the IAM permission each needs (merged into GCP_READER_CALLS). */
export const DISCOVERY_CALLS = {
  folders: { service: 'cloudresourcemanager', operation: 'v3.folders.list', permission: 'resourcemanager.folders.list' },
  projects: { service: 'cloudresourcemanager', operation: 'v3.projects.list', permission: 'resourcemanager.projects.list' },
  folder: { service: 'cloudresourcemanager', operation: 'v3.folders.get', permission: 'resourcemanager.folders.get' },
  endpointAssets: { service: 'cloudasset', operation: 'searchAllResources', permission: 'cloudasset.assets.searchAllResources' },
} as const;

/** The Cloud Asset Inventory type of a Vertex AI endpoint. */
export const ENDPOINT_ASSET_TYPE = 'aiplatform.googleapis.com/Endpoint';

/** Where discovery starts: `organizations/N` or `folders/N`. */
export type EstateRoot = `organizations/${string}` | `folders/${string}`;

export interface DiscoveredProject {
  readonly projectId: string;
  /** From the listing (`projects/NUMBER`): perimeters name projects by number, so no projects.get is needed. */
  readonly projectNumber: string;
  /** The organization id above it when known (no getAncestry needed then). */
  readonly organization?: string;
  /** false when Cloud Asset Inventory found no Vertex AI endpoint in it: no Vertex AI call is made for it. */
  readonly holdsEndpoints: boolean;
}

export interface DiscoveryOptions {
  readonly roots: readonly EstateRoot[];
  /** false: skip Cloud Asset Inventory and read every project's Vertex AI locations (--no-asset-inventory). */
  readonly useAssetInventory: boolean;
  readonly pageSize: string;
  /** One line for the progress output (the asset search fell back, ...). */
  readonly notice: (text: string) => void;
}

/** Cloud Asset Inventory pages hold at most 500 results, whatever is asked. */
const ASSET_PAGE_SIZE = '500';
/**
 * Resource Manager v3 lists: 10 a second and 600 a minute per consumer project, which every shard walking the
 * same tree at once shares; Cloud Asset Inventory searchAllResources: 400 a minute per consumer project and 1,500 per
 * organization. A 429 from either is retried longer than other calls (and holds back this process's other calls to
 * that API) rather than turning a folder into a gap.
 */
const QUOTA_PATIENCE = { extraAttempts: 3, delayFactor: 5 } as const;
/** Resource Manager nests folders at most 10 deep; a longer chain is a cycle in a broken answer. */
const MAX_FOLDER_DEPTH = 12;

export class EstateDiscovery {
  constructor(
    private readonly ctx: CollectionContext,
    private readonly client: GoogleRestClient,
  ) {}

  /** Every ACTIVE project under the roots, once each, sorted by id; and those listed in another state. */
  async discover(options: DiscoveryOptions): Promise<{ projects: DiscoveredProject[]; inactive: InactiveMember[] }> {
    const found = new Map<string, DiscoveredProject>();
    const inactive: InactiveMember[] = [];
    const perRoot = await Promise.all(
      options.roots.map(async (root) => {
        const [projects, organization, withEndpoints] = await Promise.all([
          this.walk(root, options.pageSize, inactive),
          this.organizationOf(root),
          options.useAssetInventory ? this.projectsWithEndpoints(root, options.notice) : Promise.resolve(undefined),
        ]);
        return { projects, organization, withEndpoints };
      }),
    );
    for (const { projects, organization, withEndpoints } of perRoot) {
      for (const project of projects) {
        if (found.has(project.projectId)) continue;
        found.set(project.projectId, {
          ...project,
          ...(organization ? { organization } : {}),
          holdsEndpoints: withEndpoints === undefined || withEndpoints.has(project.projectNumber),
        });
      }
    }
    return { projects: [...found.values()].sort((a, b) => a.projectId.localeCompare(b.projectId)), inactive };
  }

  private site(call: (typeof DISCOVERY_CALLS)[keyof typeof DISCOVERY_CALLS], resourceId: string): CallSite {
    return { service: call.service, operation: call.operation, resourceId };
  }

  /** The ACTIVE projects under `parent` and, recursively, under its ACTIVE folders; projects in other states go to `inactive`. */
  private async walk(parent: string, pageSize: string, inactive: InactiveMember[]): Promise<{ projectId: string; projectNumber: string }[]> {
    const [folders, projects] = await Promise.all([
      this.ctx.callPages(this.site(DISCOVERY_CALLS.folders, parent), async (pageToken) => {
        const page = await this.client.send({ api: 'cloudresourcemanager', path: '/v3/folders', query: { parent, pageSize, pageToken }, shape: SHAPES.folders, patience: QUOTA_PATIENCE });
        return { items: page.folders ?? [], next: page.nextPageToken || undefined };
      }),
      this.ctx.callPages(this.site(DISCOVERY_CALLS.projects, parent), async (pageToken) => {
        // showDeleted: projects awaiting deletion are listed too, so the report names them as not audited.
        const page = await this.client.send({ api: 'cloudresourcemanager', path: '/v3/projects', query: { parent, pageSize, pageToken, showDeleted: 'true' }, shape: SHAPES.projects, patience: QUOTA_PATIENCE });
        return { items: page.projects ?? [], next: page.nextPageToken || undefined };
      }),
    ]);
    // Projects awaiting deletion (DELETE_REQUESTED) are shut down: named, not audited. Folders in that state are not walked.
    const here: { projectId: string; projectNumber: string }[] = [];
    for (const p of projects.status === 'ok' ? projects.value : []) {
      const state = p.state ?? 'ACTIVE';
      if (state === 'ACTIVE') here.push({ projectId: p.projectId, projectNumber: p.name.slice('projects/'.length) });
      else inactive.push({ id: p.projectId, state });
    }
    const children = folders.status === 'ok' ? folders.value.filter((f) => (f.state ?? 'ACTIVE') === 'ACTIVE') : [];
    const below = await Promise.all(children.map((folder) => this.walk(folder.name, pageSize, inactive)));
    return [...here, ...below.flat()];
  }

  /** The organization id above a root: itself, or found by reading folders upwards (undefined when that fails). */
  private async organizationOf(root: EstateRoot): Promise<string | undefined> {
    let current: string = root;
    for (let depth = 0; depth < MAX_FOLDER_DEPTH; depth++) {
      if (current.startsWith('organizations/')) return current.slice('organizations/'.length);
      const name = current;
      const read: Read<{ parent: string }> = await this.ctx.call(this.site(DISCOVERY_CALLS.folder, name), () =>
        this.client.send({ api: 'cloudresourcemanager', path: `/v3/${name}`, shape: SHAPES.folder }),
      );
      // Unknown: each project's ancestry is read instead, as for --project.
      if (read.status !== 'ok') return undefined;
      current = read.value.parent;
    }
    return undefined;
  }

  /**
   * The numbers of the projects under `root` that hold a Vertex AI endpoint, from Cloud Asset Inventory;
   * undefined when the search cannot be made (denied, not enabled, throttled past its retries), so every
   * project is read. Not a coverage gap: the fallback still reads everything.
   */
  private async projectsWithEndpoints(root: EstateRoot, notice: (text: string) => void): Promise<Set<string> | undefined> {
    const numbers = new Set<string>();
    let pageToken: string | undefined;
    try {
      do {
        const page = await this.client.send({
          api: 'cloudasset',
          path: `/v1/${root}:searchAllResources`,
          query: { assetTypes: ENDPOINT_ASSET_TYPE, readMask: 'name,assetType,project,location', pageSize: ASSET_PAGE_SIZE, pageToken },
          shape: SHAPES.resourceSearch,
          patience: QUOTA_PATIENCE,
        });
        for (const result of page.results ?? []) {
          const project = projectNumberOf(result);
          // An endpoint whose project we cannot tell would leave its project unread: the index is not usable.
          if (project === undefined) throw new UnplaceableResult(result.name);
          numbers.add(project);
        }
        pageToken = page.nextPageToken || undefined;
      } while (pageToken);
    } catch (error) {
      const code = error instanceof UnplaceableResult ? error.message : describeGoogleFailure(error).code;
      notice(`Cloud Asset Inventory unavailable under ${root} (${code}): reading every project`);
      return undefined;
    }
    return numbers;
  }
}

/** The project number of a search result: its `project` (projects/NUMBER), else the number in its full resource name. */
function projectNumberOf(result: { readonly name: string; readonly project?: string }): string | undefined {
  return /^projects\/(\d+)$/.exec(result.project ?? '')?.[1] ?? /\/projects\/(\d+)\//.exec(result.name)?.[1];
}

class UnplaceableResult extends Error {
  constructor(name: string) {
    super(`a result without a project number: ${name.slice(0, 200)}`);
    this.name = 'UnplaceableResult';
  }
}
