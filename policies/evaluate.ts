import { joinAlternatives } from './alternatives';
import { appliesTo, parametersFor, type AnyControl, type Severity, type Status } from './control';
import type { Evidence, Inventory, Provider, Resource, ResourceKind } from './model';

/** One control, enabled, with validated parameters. */
export interface BaselineEntry {
  readonly control: AnyControl;
  readonly parameters: unknown;
  /** The severity the baseline assigns (the control's own unless the user's config overrides it). */
  readonly severity: Severity;
}

export interface Baseline {
  readonly name: string;
  readonly entries: readonly BaselineEntry[];
}

export interface WaiverRef {
  readonly id: string;
  readonly reason: string;
  readonly approvedBy: string;
  readonly expires: string;
}

export interface Finding {
  readonly controlId: string;
  readonly title: string;
  readonly severity: Severity;
  readonly status: Status;
  readonly provider: Provider;
  readonly resourceId: string;
  readonly resourceName: string;
  readonly resourceKind: ResourceKind;
  readonly region?: string;
  readonly account?: string;
  readonly message: string;
  readonly evidence: readonly Evidence[];
  /** Set when a waiver covers this finding; the finding stays in every report. */
  readonly waiver?: WaiverRef;
}

/** The id of the result that reports a resource no enabled control judges. */
export const NO_CONTROL_ID = 'baseline-coverage';

/**
 * Pure: every enabled control judges every resource of its subject kind whose provider it has a block
 * for, with that provider's parameters. A resource no enabled control judges is not skipped: it gets
 * an `unknown` result (critical, so no `--fail-on` level lets it pass unseen).
 * An inventory with alternatives (choices its source leaves open) is judged under each, and the verdicts joined.
 */
export function evaluate(inventory: Inventory, baseline: Baseline): Finding[] {
  if (inventory.alternatives && inventory.alternatives.length > 0) {
    return joinAlternatives(inventory.alternatives.map((a) => ({ assumptions: a.assumptions, findings: evaluateOne(a.inventory, baseline) })));
  }
  return evaluateOne(inventory, baseline);
}

function evaluateOne(inventory: Inventory, baseline: Baseline): Finding[] {
  const findings: Finding[] = [];
  const judged = new Set<Resource>();
  for (const { control, parameters, severity } of baseline.entries) {
    for (const resource of inventory.resources) {
      if (resource.kind !== control.subject || !appliesTo(control, resource.provider)) continue;
      judged.add(resource);
      const judgement = control.evaluate(resource, parametersFor(control, resource.provider, parameters), inventory);
      findings.push(finding(resource, { controlId: control.id, title: control.title, severity }, judgement));
    }
  }
  for (const resource of inventory.resources) {
    if (judged.has(resource)) continue;
    const message = `no control in this baseline covers ${resource.kind} on ${resource.provider}: it was not judged (enable or add a control for it)`;
    findings.push(finding(resource, { controlId: NO_CONTROL_ID, title: 'Resource not covered by the baseline', severity: 'critical' }, { status: 'unknown', message, evidence: [] }));
  }
  return findings;
}

function finding(
  resource: Resource,
  control: { controlId: string; title: string; severity: Severity },
  judgement: { status: Status; message: string; evidence: readonly Evidence[] },
): Finding {
  return {
    ...control,
    status: judgement.status,
    provider: resource.provider,
    resourceId: resource.id,
    resourceName: resource.name,
    resourceKind: resource.kind,
    region: resource.region,
    account: resource.account,
    message: judgement.message,
    evidence: judgement.evidence,
  };
}
