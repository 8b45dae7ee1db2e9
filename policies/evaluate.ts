import { joinAlternatives } from './alternatives';
import type { AnyControl, Severity, Status } from './control';
import type { Evidence, Inventory, Provider, ResourceKind } from './model';

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

/**
 * Pure: every enabled control judges every resource of its subject kind and provider. An inventory
 * with alternatives (choices its source leaves open) is judged under each, and the verdicts joined.
 */
export function evaluate(inventory: Inventory, baseline: Baseline): Finding[] {
  if (inventory.alternatives && inventory.alternatives.length > 0) {
    return joinAlternatives(inventory.alternatives.map((a) => ({ assumptions: a.assumptions, findings: evaluateOne(a.inventory, baseline) })));
  }
  return evaluateOne(inventory, baseline);
}

function evaluateOne(inventory: Inventory, baseline: Baseline): Finding[] {
  const findings: Finding[] = [];
  for (const { control, parameters, severity } of baseline.entries) {
    if (!control.providers.includes(inventory.provider)) continue;
    for (const resource of inventory.resources) {
      if (resource.kind !== control.subject || resource.provider !== inventory.provider) continue;
      const judgement = control.evaluate(resource, parameters, inventory);
      findings.push({
        controlId: control.id,
        title: control.title,
        severity,
        status: judgement.status,
        provider: resource.provider,
        resourceId: resource.id,
        resourceName: resource.name,
        resourceKind: resource.kind,
        region: resource.region,
        account: resource.account,
        message: judgement.message,
        evidence: judgement.evidence,
      });
    }
  }
  return findings;
}
