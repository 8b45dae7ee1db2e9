// Google Cloud in the CLI: `audit gcp` (REST readers) and `sim gcp`. Each module, and the Google
// clients, load only when its command runs.
import type { Command } from 'commander';
import { AuditError, UsageError, firstSentence } from '../errors';
import { repeatable } from '../options';
import type { CloudProvider } from '../registry';
import { withoutCredentials } from '../secrets';

type SimModule = typeof import('../../../sim/gcp/index');
type LiveModule = typeof import('../../../providers/gcp/live/index');
type PulumiModule = typeof import('../../../providers/gcp/pulumi/index');
const pulumi = (): PulumiModule => require('../../../providers/gcp/pulumi/index');
const sim = (): SimModule => require('../../../sim/gcp/index');
const live = (): LiveModule => require('../../../providers/gcp/live/index');

interface GcpAuditFlags {
  readonly project?: string[][];
  readonly organization?: string[][];
  readonly folder?: string[][];
  /** false with --no-asset-inventory. */
  readonly assetInventory?: boolean;
  readonly location?: string[][];
  readonly endpointUrl?: string;
}

/** `--project a,b --project c`: every name, once. */
function names(what: string, pattern: RegExp, example: string): (value: string) => string[] {
  return (value) => {
    const items = value.split(',').map((item) => item.trim()).filter((item) => item !== '');
    if (items.length === 0) throw new UsageError(`${what}: give at least one, e.g. ${example}.`);
    const bad = items.filter((item) => !pattern.test(item));
    if (bad.length > 0) throw new UsageError(`${what}: ${bad.map((b) => `'${b}'`).join(', ')} is not valid; expected names like ${example}.`);
    return items;
  };
}

const PROJECT_ID = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$|^[a-z][a-z0-9.:-]*:[a-z][a-z0-9-]{4,28}[a-z0-9]$/;
const LOCATION = /^[a-z]+(-[a-z]+)*\d*$/;
/** A numeric organization or folder id, optionally as its resource name. */
const ORGANIZATION_ID = /^(organizations\/)?\d{1,30}$/;
const FOLDER_ID = /^(folders\/)?\d{1,30}$/;

const flat = (lists: readonly string[][] | undefined): string[] => [...new Set((lists ?? []).flat())];

/** Environment that sends Google clients to the simulator: a fixed access token and gcloud's per-API endpoint overrides. */
export function gcpSimulatorClientEnv(url: string, project: string): Record<string, string> {
  const base = `${url}/`;
  return {
    GOOGLE_OAUTH_ACCESS_TOKEN: 'inferguard-simulator-token',
    GOOGLE_CLOUD_PROJECT: project,
    CLOUDSDK_API_ENDPOINT_OVERRIDES_AIPLATFORM: base,
    CLOUDSDK_API_ENDPOINT_OVERRIDES_CLOUDKMS: base,
    CLOUDSDK_API_ENDPOINT_OVERRIDES_ACCESSCONTEXTMANAGER: base,
    CLOUDSDK_API_ENDPOINT_OVERRIDES_CLOUDRESOURCEMANAGER: base,
    CLOUDSDK_API_ENDPOINT_OVERRIDES_CLOUDASSET: base,
  };
}

export function gcpProvider(): CloudProvider {
  return {
    name: 'gcp',
    title: 'Google Cloud',
    audit: {
      description: 'audit Vertex AI endpoints, their Cloud KMS keys and the service perimeters around their projects, read-only',
      addOptions(command: Command) {
        command
          .option('--project <ids>', 'project id to audit; repeat or separate with commas (default: the Application Default Credentials project, GOOGLE_CLOUD_PROJECT)', repeatable(names('--project', PROJECT_ID, 'ml-prod')))
          .option('--organization <ids>', 'audit every ACTIVE project under this organization id, found through Cloud Resource Manager (folders included, recursively); repeat or separate with commas', repeatable(names('--organization', ORGANIZATION_ID, '123456789012')))
          .option('--folder <ids>', 'audit every ACTIVE project under this folder id and its subfolders; repeat or separate with commas', repeatable(names('--folder', FOLDER_ID, '345678901234')))
          .option('--no-asset-inventory', 'with --organization/--folder: read every project\'s Vertex AI locations instead of asking Cloud Asset Inventory first which projects hold endpoints (its index lags changes by minutes)')
          .option('--location <ids>', 'Vertex AI location; repeat or separate with commas (default: every location each project lists)', repeatable(names('--location', LOCATION, 'europe-west4')))
          .option('--endpoint-url <url>', 'send every Google API call to this base URL (a simulator, Private Google Access); plain http only to 127.0.0.1/localhost');
      },
      describeTarget(raw, env) {
        const flags = raw as GcpAuditFlags;
        const projects = flat(flags.project);
        const locations = flat(flags.location);
        const roots = [...flat(flags.organization).map((id) => `organization ${id.replace(/^organizations\//, '')}`), ...flat(flags.folder).map((id) => `folder ${id.replace(/^folders\//, '')}`)];
        const listed = projects.length ? `project${projects.length > 1 ? 's' : ''} ${projects.join(', ')}` : '';
        const project = roots.length ? `projects under ${roots.join(', ')}${listed ? ` and ${listed}` : ''}` : listed || `project ${env.GOOGLE_CLOUD_PROJECT || '(Application Default Credentials)'}`;
        const at = flags.endpointUrl ? ` at ${withoutCredentials(flags.endpointUrl)}` : '';
        return `Google Cloud ${project}, ${locations.length ? locations.join(', ') : 'every Vertex AI location'}${at}`;
      },
      async collect(raw, common, env) {
        const flags = raw as GcpAuditFlags;
        const module = live();
        try {
          return await module.collectGcpInventory({
            projects: flat(flags.project),
            organizations: flat(flags.organization),
            folders: flat(flags.folder),
            useAssetInventory: flags.assetInventory !== false,
            ...(common.shard ? { shard: common.shard } : {}),
            locations: flat(flags.location),
            ...(flags.endpointUrl ? { endpointUrl: flags.endpointUrl } : {}),
            concurrency: common.concurrency,
            requestTimeoutMs: common.requestTimeoutMs,
            onProgress: common.onProgress,
            env,
          });
        } catch (error) {
          if (error instanceof module.GcpAuditOptionsError) throw new UsageError(error.message);
          if (error instanceof module.GcpCredentialsError) {
            throw new AuditError(`The Google Cloud audit could not run: ${error.message}. Sign in with gcloud auth application-default login, point GOOGLE_APPLICATION_CREDENTIALS at a key file, or set GOOGLE_OAUTH_ACCESS_TOKEN.`);
          }
          if (error instanceof UsageError || error instanceof AuditError) throw error;
          throw new AuditError(`The Google Cloud audit could not run: ${firstSentence(error)}`, { cause: error });
        }
      },
    },
    templates: [
      {
        describes: 'Pulumi JSON of a Google Cloud stack: `pulumi preview --json` or `pulumi stack export` output (.json) whose resources are gcp:',
        accepts: (path) => pulumi().acceptsGcpPulumiJson(path),
        read: async (path) => {
          const module = pulumi();
          try {
            return module.readPulumiGcp(path);
          } catch (error) {
            if (error instanceof module.PulumiGcpError) throw new UsageError(error.message);
            throw error;
          }
        },
      },
    ],
    simulator: {
      scenarios: () => sim().gcpScenarios,
      checkFault: (rule) => void sim().parseGcpFaultRule(rule),
      async start(name, options) {
        const module = sim();
        const entry = module.gcpScenarios[name];
        if (!entry) throw new Error(`no GCP scenario ${name}`);
        const { world } = entry.build();
        const simulator = await module.startGcpSimulator(world, {
          host: options.host,
          port: options.port,
          ...(options.latencyMs !== undefined ? { latencyMs: options.latencyMs } : {}),
          ...(options.faults.length ? { faults: options.faults.map((rule) => module.parseGcpFaultRule(rule)) } : {}),
        });
        const projects = world.projects.map((p) => p.projectId);
        return {
          url: simulator.url,
          port: simulator.port,
          summary: `Google Cloud simulator serving scenario "${name}" (projects ${projects.join(', ')})`,
          clientEnv: gcpSimulatorClientEnv(simulator.url, projects[0] ?? ''),
          close: () => simulator.close(),
        };
      },
    },
  };
}
