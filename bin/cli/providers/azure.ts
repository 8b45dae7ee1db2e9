// Azure in the CLI: `audit azure` (ARM readers), Pulumi plans and stack exports for `scan`, and `sim azure`.
// The readers (and with them the Azure SDK), the Pulumi reader and the simulator load only when a command needs them.
import type { Command } from 'commander';
import { AuditError, UsageError, firstSentence } from '../errors';
import { nonEmpty, repeatable } from '../options';
import type { CloudProvider } from '../registry';
import { withoutCredentials } from '../secrets';

type LiveModule = typeof import('../../../providers/azure/live/index');
type SimModule = typeof import('../../../sim/azure/index');
type PulumiModule = typeof import('../../../providers/azure/pulumi/index');

const live = (): LiveModule => require('../../../providers/azure/live/index');
const sim = (): SimModule => require('../../../sim/azure/index');
const pulumi = (): PulumiModule => require('../../../providers/azure/pulumi/index');

interface AzureAuditFlags {
  readonly subscription?: string[];
  readonly managementGroup?: string;
  /** false with --no-resource-graph. */
  readonly resourceGraph?: boolean;
  readonly cloud?: string;
  readonly endpointUrl?: string;
}

const SIMULATOR_TOKEN = 'inferguard-simulator-token';

/** Environment that sends `audit azure` to the simulator: a fixed bearer token (the simulator checks only its form). */
export function azureSimulatorClientEnv(): Record<string, string> {
  return { INFERGUARD_AZURE_ACCESS_TOKEN: SIMULATOR_TOKEN };
}

function auditFailure(error: unknown, module: LiveModule): Error {
  if (error instanceof UsageError || error instanceof AuditError) return error;
  if (error instanceof module.AzureAuditOptionsError) return new UsageError(error.message);
  if (error instanceof module.AzureCredentialError) return new AuditError(`The Azure audit could not run: ${error.message}.`);
  return new AuditError(`The Azure audit could not run: ${firstSentence(error)}`, { cause: error });
}

export function azureProvider(): CloudProvider {
  return {
    name: 'azure',
    title: 'Azure',
    audit: {
      description: 'audit Azure Machine Learning online endpoints, their workspaces, keys and identities, read-only',
      addOptions(command: Command) {
        command
          .option('--subscription <id>', 'a subscription to audit; repeat for several (default: every subscription the credential lists)', repeatable(nonEmpty('The subscription id')))
          .option('--management-group <id>', 'audit the subscriptions below this management group, at any depth (Enabled, Warned and PastDue ones)', nonEmpty('The management group id'))
          .option('--no-resource-graph', 'read every subscription directly instead of asking Azure Resource Graph which hold workspaces (Resource Graph can lag minutes behind a new workspace)')
          .option('--cloud <name>', 'AzureCloud (default), AzureUSGovernment or AzureChinaCloud: picks the ARM and sign-in endpoints')
          .option('--endpoint-url <url>', 'send every ARM call to this base URL (https; plain http only on 127.0.0.1, localhost or [::1], e.g. the simulator)');
      },
      describeTarget(raw) {
        const flags = raw as AzureAuditFlags;
        const subscriptions = flags.subscription?.length
          ? `subscriptions ${flags.subscription.join(', ')}`
          : flags.managementGroup
            ? `the subscriptions below management group ${flags.managementGroup}`
            : 'every listed subscription';
        const at = flags.endpointUrl ? ` at ${withoutCredentials(flags.endpointUrl)}` : flags.cloud ? ` in ${flags.cloud}` : '';
        return `Azure ML resources in ${subscriptions}${at}`;
      },
      async collect(raw, common, env) {
        const flags = raw as AzureAuditFlags;
        const module = live();
        const token = env.INFERGUARD_AZURE_ACCESS_TOKEN;
        try {
          return await module.collectAzureInventory({
            subscriptions: flags.subscription ?? [],
            ...(flags.managementGroup ? { managementGroup: flags.managementGroup } : {}),
            resourceGraph: flags.resourceGraph !== false,
            ...(common.shard ? { shard: common.shard } : {}),
            ...(flags.cloud ? { cloud: flags.cloud } : {}),
            ...(flags.endpointUrl ? { endpointUrl: flags.endpointUrl } : {}),
            ...(token ? { accessToken: token } : {}),
            concurrency: common.concurrency,
            requestTimeoutMs: common.requestTimeoutMs,
            onProgress: common.onProgress,
          });
        } catch (error) {
          throw auditFailure(error, module);
        }
      },
    },
    templates: [
      {
        describes: 'a Pulumi plan (`pulumi preview --json` output) or state (`pulumi stack export` file) of Azure resources',
        // Only Pulumi's own formats: list this reader before those that accept any file.
        accepts: (path) => pulumi().isPulumiFile(path),
        read: async (path) => {
          const module = pulumi();
          try {
            return module.readPulumiFile(path);
          } catch (error) {
            if (error instanceof module.PulumiDocumentError) throw new UsageError(error.message);
            throw error;
          }
        },
      },
    ],
    simulator: {
      scenarios: () => {
        const entries = Object.keys(sim().AZURE_SCENARIOS).map((name) => [name, { description: AZURE_SCENARIO_DESCRIPTIONS[name] ?? name }] as const);
        return Object.fromEntries(entries);
      },
      checkFault: (rule) => void sim().parseAzureFaultRule(rule),
      async start(name, options) {
        const module = sim();
        const build = module.AZURE_SCENARIOS[name];
        if (!build) throw new Error(`no Azure scenario ${name}`);
        const scenario = build();
        const simulator = await module.startAzureSimulator(scenario, {
          host: options.host,
          port: options.port,
          ...(options.latencyMs !== undefined ? { latencyMs: options.latencyMs } : {}),
          ...(options.faults.length ? { faults: options.faults.map((rule) => module.parseAzureFaultRule(rule)) } : {}),
        });
        return {
          url: simulator.url,
          port: simulator.port,
          summary: `Azure Resource Manager simulator serving scenario "${name}" (${scenario.subscriptions.length > 4 ? `${scenario.subscriptions.length} subscriptions` : `subscriptions ${scenario.subscriptions.map((s) => s.subscriptionId).join(', ')}`}${scenario.managementGroups?.length ? `; management groups ${scenario.managementGroups.map((g) => g.name).join(', ')}` : ''})`,
          clientEnv: azureSimulatorClientEnv(),
          close: () => simulator.close(),
        };
      },
    },
  };
}

const AZURE_SCENARIO_DESCRIPTIONS: Readonly<Record<string, string>> = {
  compliant: 'one workspace and endpoint as SecureAzureMlEndpoint provisions them',
  'non-compliant': 'public endpoint with key auth, no customer key, key without rotation, Owner on the resource group',
  demo: 'both, in two subscriptions of one tenant',
  estate: '200 subscriptions under a management group tree (root = the tenant id; platform; ml > ml-prod), 10 holding a workspace: for --management-group, Resource Graph and --shard',
};
