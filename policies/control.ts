import { z } from 'zod';
import { knownElements, type Capability, type Deployment, type Evidence, type Fact, type Inventory, type ListFact, type Provider, type ResourceKind, type ResourceOfKind } from './model';

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

/** Parameter names a control's schema leaves without a default: each provider's block supplies one. */
type ProviderDefaultedKeys<T> = { [K in keyof T]-?: undefined extends T[K] ? K : never }[keyof T];

/** Defaults for the parameters whose right value depends on the provider (action names, service names ...). */
export type ProviderDefaults<T> = { readonly [K in ProviderDefaultedKeys<T>]-?: Exclude<T[K], undefined> };

/** Parameters as a control's evaluate() receives them: every one set, by the user, the schema or the provider. */
export type ResolvedParameters<T> = { readonly [K in keyof T]-?: Exclude<T[K], undefined> };

/** Everything about a control that differs per provider, in one block: adding a cloud adds one block. */
export type ProviderProfile<T = unknown> = {
  /** The construct prop / Pulumi input, and the console or CLI steps, that fix a failing resource. */
  readonly remediation: { readonly iac: string; readonly live: string };
  /** The same check in other tools (Security Hub, Azure Policy, Checkov ...). */
  readonly equivalents: readonly Equivalent[];
} & ({} extends ProviderDefaults<T> ? { readonly defaults?: ProviderDefaults<T> } : { readonly defaults: ProviderDefaults<T> });

export interface ControlMetadata {
  /** Kebab-case, provider-neutral, says what good looks like. Equals the file name. */
  readonly id: string;
  readonly title: string;
  readonly severity: Severity;
  readonly rationale: string;
  /** Derived from `perProvider`: the providers whose resources this control judges. */
  readonly providers: readonly Provider[];
  /** Derived from `perProvider`. */
  readonly remediation: Partial<Record<Provider, Remediation>>;
  readonly frameworks: {
    readonly nist80053r5: readonly string[];
    readonly mitreAtlas: readonly string[];
  };
  /** Derived from `perProvider`: every provider's equivalents. */
  readonly equivalents: readonly Equivalent[];
  /** When a platform limit makes this control not_applicable, these controls compensate. */
  readonly compensatingControls?: readonly string[];
  /** Every provider without a block, and why the control does not judge its resources (shown in CONTROLS.md's matrix). */
  readonly notApplicableTo?: Partial<Record<Provider, string>>;
}

export interface Control<K extends ResourceKind = ResourceKind, P extends z.ZodType = z.ZodType> extends ControlMetadata {
  readonly subject: K;
  /**
   * Typed parameters; a baseline or a user's config may set them. A parameter with a schema default
   * has one default everywhere; one declared `.optional()` takes its default from each provider's block.
   */
  readonly parameters: P;
  readonly perProvider: Partial<Record<Provider, ProviderProfile<z.output<P>>>>;
  evaluate(resource: ResourceOfKind<K>, params: ResolvedParameters<z.output<P>>, inventory: Inventory): Judgement;
}

export type AnyControl = Control<ResourceKind, z.ZodType>;

type ControlDefinition<K extends ResourceKind, P extends z.ZodType> = Omit<Control<K, P>, 'parameters' | 'providers' | 'remediation' | 'equivalents'> & {
  parameters?: P;
};

export function defineControl<K extends ResourceKind, P extends z.ZodType = z.ZodObject<{}>>(definition: ControlDefinition<K, P>): Control<K, P> {
  const blocks = Object.entries(definition.perProvider) as [Provider, ProviderProfile<z.output<P>>][];
  return {
    ...definition,
    parameters: (definition.parameters ?? z.object({})) as P,
    providers: blocks.map(([provider]) => provider),
    remediation: Object.fromEntries(blocks.map(([provider, block]) => [provider, block.remediation])),
    equivalents: blocks.flatMap(([, block]) => block.equivalents),
  };
}

/** The control judges resources of `provider`. */
export function appliesTo(control: AnyControl, provider: Provider): boolean {
  return control.perProvider[provider] !== undefined;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The parameters a control judges `provider`'s resources with: the baseline's (already validated by
 * the control's schema), with the provider's defaults for every parameter the baseline left unset.
 */
export function parametersFor(control: AnyControl, provider: Provider, baselineParameters: unknown): Record<string, unknown> {
  if (!isRecord(baselineParameters)) throw new Error(`control ${control.id}: parameters must be an object, got ${JSON.stringify(baselineParameters)}`);
  const defaults = control.perProvider[provider]?.defaults;
  const resolved: Record<string, unknown> = { ...baselineParameters };
  if (!isRecord(defaults)) return resolved;
  for (const [name, value] of Object.entries(defaults)) if (resolved[name] === undefined) resolved[name] = value;
  return resolved;
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
 * Runs `judge` on a list's elements. A partly read list is unknown, unless the elements that were read
 * already fail: a known failure never hides behind an unreadable sibling. `judge` must fail only
 * because of a bad element it was given (never because of one it was not), or the partial fail is wrong.
 */
export function withList<T>(fact: ListFact<T>, what: string, judge: (elements: readonly T[], evidence: readonly Evidence[]) => Judgement): Judgement {
  if (fact.known) return judge(fact.value, fact.evidence);
  const unread = unknownFrom(fact, what);
  const partial = judge(knownElements(fact), fact.evidence);
  return partial.status === 'fail' ? { ...partial, message: `${partial.message}; also, ${unread.message}` } : unread;
}

/**
 * Judges an endpoint deployment by deployment and combines the results:
 * any fail -> fail; else any unknown -> unknown; else any pass -> pass; else not_applicable.
 * A deployment whose platform lacks `capability` is not_applicable with the platform's reason.
 */
export function judgeDeployments(
  deployments: ListFact<Deployment>,
  judge: (deployment: Deployment) => Judgement,
  capability?: Capability,
): Judgement {
  return withList(deployments, 'deployments', (list) => {
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
