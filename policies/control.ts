import { z } from 'zod';
import type { Capability, Deployment, Evidence, Fact, Inventory, Provider, ResourceKind, ResourceOfKind } from './model';

export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

export type Status = 'pass' | 'fail' | 'not_applicable' | 'unknown';

/** What a control says about one resource. */
export interface Judgement {
  readonly status: Status;
  readonly message: string;
  readonly evidence: readonly Evidence[];
}

export interface Remediation {
  /** The construct prop / Pulumi input that fixes it at provision time. */
  readonly iac?: string;
  /** Console or CLI steps for a live resource. */
  readonly live?: string;
}

export interface Equivalent {
  readonly tool: 'Security Hub' | 'AWS Config' | 'Prowler' | 'Checkov' | 'cdk-nag' | 'Azure Policy' | 'PSRule';
  readonly id: string;
}

export interface ControlMetadata {
  /** Kebab-case, provider-neutral, says what good looks like. Equals the file name. */
  readonly id: string;
  readonly title: string;
  readonly severity: Severity;
  readonly rationale: string;
  readonly providers: readonly Provider[];
  readonly remediation: Partial<Record<Provider, Remediation>>;
  readonly frameworks: {
    readonly nist80053r5: readonly string[];
    readonly mitreAtlas: readonly string[];
  };
  readonly equivalents: readonly Equivalent[];
  /** When a platform limit makes this control not_applicable, these controls compensate. */
  readonly compensatingControls?: readonly string[];
}

export interface Control<K extends ResourceKind = ResourceKind, P extends z.ZodType = z.ZodType> extends ControlMetadata {
  readonly subject: K;
  /** Typed parameters with their defaults; a baseline or a user's config may set them. */
  readonly parameters: P;
  evaluate(resource: ResourceOfKind<K>, params: z.output<P>, inventory: Inventory): Judgement;
}

export type AnyControl = Control<ResourceKind, z.ZodType>;

export function defineControl<K extends ResourceKind, P extends z.ZodType = z.ZodObject<{}>>(
  control: Omit<Control<K, P>, 'parameters'> & { parameters?: P },
): Control<K, P> {
  return { ...control, parameters: (control.parameters ?? z.object({})) as P };
}

export const pass = (message: string, ...evidence: Evidence[]): Judgement => ({ status: 'pass', message, evidence });
export const fail = (message: string, ...evidence: Evidence[]): Judgement => ({ status: 'fail', message, evidence });
export const notApplicable = (message: string, ...evidence: Evidence[]): Judgement => ({ status: 'not_applicable', message, evidence });

/** The result for a fact the adapter could not read. */
export function unknownFrom(fact: Fact<unknown> & { known: false }, what: string): Judgement {
  return { status: 'unknown', message: `${what} could not be read: ${fact.reason}`, evidence: fact.evidence };
}

/** Runs `judge` on a known value; an unknown fact yields an unknown judgement, never a pass. */
export function withFact<T>(fact: Fact<T>, what: string, judge: (value: T, evidence: readonly Evidence[]) => Judgement): Judgement {
  return fact.known ? judge(fact.value, fact.evidence) : unknownFrom(fact, what);
}

/**
 * Judges an endpoint deployment by deployment and combines the results:
 * any fail -> fail; else any unknown -> unknown; else any pass -> pass; else not_applicable.
 * A deployment whose platform lacks `capability` is not_applicable with the platform's reason.
 */
export function judgeDeployments(
  deployments: Fact<readonly Deployment[]>,
  judge: (deployment: Deployment) => Judgement,
  capability?: Capability,
): Judgement {
  return withFact(deployments, 'deployments', (list) => {
    if (list.length === 0) return notApplicable('The endpoint has no deployments.');
    const results = list.map((d) => {
      const reason = capability ? d.unsupported[capability] : undefined;
      const j = reason ? notApplicable(reason) : judge(d);
      return { ...j, message: `${d.name}: ${j.message}` };
    });
    return combine(results);
  });
}

/** Combines several judgements about one resource: fail > unknown > pass > not_applicable. */
export function combine(results: readonly Judgement[]): Judgement {
  const order: Status[] = ['fail', 'unknown', 'pass', 'not_applicable'];
  const status = order.find((s) => results.some((r) => r.status === s)) ?? 'not_applicable';
  return {
    status,
    message: results.map((r) => r.message).join('; '),
    evidence: results.flatMap((r) => r.evidence),
  };
}
