// One CrossGuard policy pack for every cloud inferguard provisions with Pulumi (Azure ML and Vertex AI),
// generated from the baseline: one stack policy per control that judges one of those clouds. Each
// resource is stated as the model by its own cloud's reader (the same readers as `scan`) and judged by
// the controls of its own provider, with the same config file and waivers as the CLI. Exported as an
// array so tests run the policies without the Pulumi CLI; `new PolicyPack(...)` (which starts a gRPC
// server) belongs only in a pack's entry point.
import type { PolicyResource, ReportViolation, StackValidationArgs, StackValidationPolicy } from '@pulumi/policy';
import { defaultBaseline, loadConfigFile } from '../../policies/baseline';
import { evaluate, type Baseline } from '../../policies/evaluate';
import type { Inventory, Provider } from '../../policies/model';
import { applyWaivers, type Waiver } from '../../policies/waivers';
import { readPulumiStates } from '../azure/pulumi/index';
import { readPulumiGcpStates } from '../gcp/pulumi/index';

export interface PulumiPolicyOptions {
  readonly baseline?: Baseline;
  readonly waivers?: readonly Waiver[];
  /** The clock waivers expire by; the current time by default. */
  readonly now?: () => Date;
}

/** A cloud the pack judges: which resource types are its own, and its reader of them. */
interface PulumiCloud {
  readonly provider: Provider;
  /** The Pulumi package prefix of its resource types (and of its provider resource `pulumi:providers:<name>`). */
  readonly packagePrefix: string;
  read(resources: readonly PolicyResource[]): Inventory;
}

/** Per input, the URNs its value came from: links a value known only after deployment to its resource. */
function dependencyUrns(resource: PolicyResource): Record<string, string[]> {
  return Object.fromEntries(Object.entries(resource.propertyDependencies ?? {}).map(([input, on]) => [input, on.map((d) => d.urn)]));
}

const PULUMI_CLOUDS: readonly PulumiCloud[] = [
  {
    provider: 'azure',
    packagePrefix: 'azure-native',
    // Stack policies see each resource's properties: its inputs, and its outputs once deployed.
    read: (resources) => readPulumiStates(resources.map((r) => ({ urn: r.urn, type: r.type, inputs: r.props, outputs: r.props, propertyDependencies: dependencyUrns(r) }))),
  },
  {
    provider: 'gcp',
    packagePrefix: 'gcp',
    read: (resources) => readPulumiGcpStates(resources.map((r) => ({ urn: r.urn, type: r.type, props: r.props, propertyDependencies: dependencyUrns(r) }))),
  },
];

function ownedBy(cloud: PulumiCloud, resource: PolicyResource): boolean {
  return resource.type.startsWith(`${cloud.packagePrefix}:`) || resource.type === `pulumi:providers:${cloud.packagePrefix}`;
}

/** The inventory of each cloud that has resources in the stack. */
function inventories(resources: readonly PolicyResource[]): Inventory[] {
  return PULUMI_CLOUDS.flatMap((cloud) => {
    const own = resources.filter((r) => ownedBy(cloud, r));
    return own.some((r) => !r.type.startsWith('pulumi:')) ? [cloud.read(own)] : [];
  });
}

export function pulumiPolicies(options: PulumiPolicyOptions = {}): StackValidationPolicy[] {
  const baseline = options.baseline ?? defaultBaseline();
  const waivers = options.waivers ?? [];
  const now = options.now ?? (() => new Date());
  const clouds = new Set(PULUMI_CLOUDS.map((c) => c.provider));
  return baseline.entries
    .filter((entry) => entry.control.providers.some((provider) => clouds.has(provider)))
    .map((entry) => ({
      name: entry.control.id,
      description: entry.control.title,
      enforcementLevel: 'mandatory',
      validateStack: (args: StackValidationArgs, reportViolation: ReportViolation) => {
        const urns = new Set(args.resources.map((resource) => resource.urn));
        for (const inventory of inventories(args.resources)) {
          // evaluate() judges each resource only by controls that apply to its provider.
          const judged = applyWaivers(evaluate(inventory, { name: baseline.name, entries: [entry] }), waivers, now(), inventory.resources).findings;
          for (const finding of judged) {
            if (finding.status !== 'fail' || finding.waiver) continue;
            const resource = inventory.resources.find((r) => r.id === finding.resourceId);
            const urn = [finding.resourceId, ...(resource?.aliases ?? [])].find((id) => urns.has(id));
            reportViolation(`${finding.message} [${finding.controlId}]`, urn);
          }
        }
      },
    }));
}

/** The policies under a config file the CLI also reads (`--config`): its baseline settings and waivers. */
export function pulumiPoliciesFromConfig(path: string, now?: () => Date): StackValidationPolicy[] {
  const { baseline, waivers } = loadConfigFile(path);
  return pulumiPolicies({ baseline, waivers, ...(now ? { now } : {}) });
}
