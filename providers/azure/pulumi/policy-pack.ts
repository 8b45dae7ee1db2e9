// A CrossGuard policy pack generated from the baseline: one stack policy per control that judges Azure, which
// states the stack's resources as the model (the same reader as `scan`) and reports that control's failing
// findings, with the same config file and waivers as the CLI. Exported as an array so tests run the policies
// without the Pulumi CLI; `new PolicyPack(...)` (which starts a gRPC server) belongs only in a pack's entry point.
import type { PolicyResource, ReportViolation, StackValidationArgs, StackValidationPolicy } from '@pulumi/policy';
import { defaultBaseline, loadConfigFile } from '../../../policies/baseline';
import { evaluate, type Baseline } from '../../../policies/evaluate';
import { applyWaivers, type Waiver } from '../../../policies/waivers';
import { readPulumiStates, type PulumiState } from './index';

export interface AzurePolicyOptions {
  readonly baseline?: Baseline;
  readonly waivers?: readonly Waiver[];
  /** The clock waivers expire by; the current time by default. */
  readonly now?: () => Date;
}

function stateOf(resource: PolicyResource): PulumiState {
  // Stack policies see each resource's properties: its inputs, and its outputs once deployed.
  return { urn: resource.urn, type: resource.type, inputs: resource.props, outputs: resource.props };
}

export function azurePolicies(options: AzurePolicyOptions = {}): StackValidationPolicy[] {
  const baseline = options.baseline ?? defaultBaseline();
  const waivers = options.waivers ?? [];
  const now = options.now ?? (() => new Date());
  return baseline.entries
    .filter((entry) => entry.control.providers.includes('azure'))
    .map((entry) => ({
      name: entry.control.id,
      description: entry.control.title,
      enforcementLevel: 'mandatory',
      validateStack: (args: StackValidationArgs, reportViolation: ReportViolation) => {
        const inventory = readPulumiStates(args.resources.map(stateOf));
        const judged = applyWaivers(evaluate(inventory, { name: baseline.name, entries: [entry] }), waivers, now(), inventory.resources).findings;
        const urns = new Set(args.resources.map((resource) => resource.urn));
        for (const finding of judged) {
          if (finding.status !== 'fail' || finding.waiver) continue;
          reportViolation(`${finding.message} [${finding.controlId}]`, urns.has(finding.resourceId) ? finding.resourceId : undefined);
        }
      },
    }));
}

/** The policies under a config file the CLI also reads (`--config`): its baseline settings and waivers. */
export function azurePoliciesFromConfig(path: string, now?: () => Date): StackValidationPolicy[] {
  const { baseline, waivers } = loadConfigFile(path);
  return azurePolicies({ baseline, waivers, ...(now ? { now } : {}) });
}
