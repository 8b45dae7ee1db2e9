// Fault injection: rules that make matching calls fail the way cloud calls fail in the field.
// The same kinds for every cloud; each router renders the error faults in its own wire shape.
import { ERROR_FAULTS, type FaultCatalog } from './router';

export const FAULT_KINDS = [...ERROR_FAULTS, 'Malformed', 'Timeout', 'Empty', 'Foreign'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultRule {
  /** A service of the router's catalog (AWS: the SigV4 signing name, `kms`), or `*` for every service. */
  readonly service: string;
  /** Operation name, e.g. `GetKeyPolicy`; every operation of the service when absent. */
  readonly operation?: string;
  /** Only calls whose path or body contains this text, e.g. a bucket or endpoint name. */
  readonly resourceContains?: string;
  /** Only calls served for this account (AWS: the 12-digit account id of the caller or assumed role). */
  readonly account?: string;
  /**
   * AccessDenied, Throttling and InternalError answer with the service's own error; Malformed sends a
   * truncated body with status 200; Empty a 200 with no body; Foreign a 200 with an HTML sign-in page (a
   * proxy or captive portal answering); Timeout holds the response open for `timeoutMs`, then drops the connection.
   */
  readonly fault: FaultKind;
  /** Stop after firing this many times. */
  readonly times?: number;
  /** Fire only on every n-th matching call (the n-th, 2n-th, ...). */
  readonly everyNth?: number;
}

export interface FaultableCall {
  readonly service: string;
  readonly operation: string;
  readonly account?: string;
  /** The request path and decoded body, which `resourceContains` searches; computed only when a rule asks. */
  readonly resource: () => string;
}

function isFaultKind(text: string): text is FaultKind {
  return (FAULT_KINDS as readonly string[]).includes(text);
}

function positiveInteger(value: number | undefined, what: string): void {
  if (value !== undefined && (!Number.isInteger(value) || value < 1)) throw new Error(`${what} must be a whole number of at least 1, not ${String(value)}.`);
}

/** Throws an Error saying what is wrong with a rule and how to write it right. */
export function checkFaultRule(rule: FaultRule, catalog: FaultCatalog): FaultRule {
  if (rule.service !== '*' && !catalog.has(rule.service)) {
    throw new Error(`Unknown service "${rule.service}" in fault rule. Use one of: ${[...catalog.keys()].join(', ')}, or * for all.`);
  }
  if (rule.operation !== undefined) {
    const known = rule.service === '*' ? [...catalog.values()].flat() : (catalog.get(rule.service) ?? []);
    if (!known.includes(rule.operation)) {
      const near = known.find((name) => name.toLowerCase() === rule.operation?.toLowerCase());
      const hint = near === undefined ? `Operations of ${rule.service}: ${known.join(', ')}.` : `Did you mean ${near}? Operation names are case-sensitive.`;
      throw new Error(`Unknown operation "${rule.operation}" for service ${rule.service} in fault rule. ${hint}`);
    }
  }
  if (!isFaultKind(rule.fault)) throw new Error(`Unknown fault "${String(rule.fault)}". Use one of: ${FAULT_KINDS.join(', ')}.`);
  positiveInteger(rule.times, 'times');
  positiveInteger(rule.everyNth, 'everyNth');
  return rule;
}

/**
 * Parses `service[:operation][=fault]` with optional `,times=N`, `,everyNth=N`, `,resource=TEXT` and
 * `,account=ID` suffixes, e.g. `kms:GetKeyPolicy=AccessDenied`, `s3=Throttling,everyNth=3`,
 * `sagemaker:DescribeEndpoint=Timeout,resource=fraud`, `sagemaker=InternalError,account=210000000001`.
 * The fault defaults to AccessDenied.
 */
export function parseFaultRule(text: string, catalog: FaultCatalog): FaultRule {
  const [head, ...options] = text.trim().split(',');
  // Service and operation names of every cloud: `kms:GetKeyPolicy`, `Microsoft.MachineLearningServices:OnlineEndpoints_Get`, `aiplatform:projects.locations.endpoints.get`.
  const match = /^([A-Za-z0-9.*-]+)(?::([A-Za-z0-9._-]+))?(?:=([A-Za-z]+))?$/.exec(head.trim());
  if (match === null) {
    throw new Error(`Cannot read fault rule "${text}". Write service[:operation][=fault][,times=N][,everyNth=N][,resource=TEXT][,account=ID], e.g. kms:GetKeyPolicy=AccessDenied.`);
  }
  const [, service, operation, fault = 'AccessDenied'] = match;
  if (!isFaultKind(fault)) throw new Error(`Unknown fault "${fault}" in "${text}". Use one of: ${FAULT_KINDS.join(', ')}.`);
  let rule: FaultRule = { service, fault, ...(operation === undefined ? {} : { operation }) };
  for (const option of options) {
    const eq = option.indexOf('=');
    const key = option.slice(0, eq).trim();
    const value = option.slice(eq + 1).trim();
    if (eq < 0 || value === '') throw new Error(`Cannot read "${option}" in fault rule "${text}": write key=value with key times, everyNth, resource or account.`);
    if (key === 'times' || key === 'everyNth') {
      if (!/^\d+$/.test(value)) throw new Error(`${key} in "${text}" must be a whole number, not "${value}".`);
      rule = { ...rule, [key]: Number(value) };
    } else if (key === 'resource') rule = { ...rule, resourceContains: value };
    else if (key === 'account') rule = { ...rule, account: value };
    else throw new Error(`Unknown option "${key}" in fault rule "${text}". Options: times, everyNth, resource, account.`);
  }
  return checkFaultRule(rule, catalog);
}

interface RuleState {
  readonly rule: FaultRule;
  seen: number;
  fired: number;
}

/** The rules in force and how often each has matched and fired. Rules are tried in order; the first that fires wins. */
export class FaultPlan {
  private rules: RuleState[] = [];

  constructor(
    private readonly catalog: FaultCatalog,
    rules: readonly FaultRule[] = [],
  ) {
    this.replace(rules);
  }

  replace(rules: readonly FaultRule[]): void {
    this.rules = rules.map((rule) => ({ rule: checkFaultRule(rule, this.catalog), seen: 0, fired: 0 }));
  }

  /** The fault to inject into this call, if any; counts the call against every rule it is tried on. */
  match(call: FaultableCall): FaultKind | undefined {
    for (const state of this.rules) {
      const { rule } = state;
      if (rule.service !== '*' && rule.service !== call.service) continue;
      if (rule.operation !== undefined && rule.operation !== call.operation) continue;
      if (rule.account !== undefined && rule.account !== call.account) continue;
      if (rule.resourceContains !== undefined && !call.resource().includes(rule.resourceContains)) continue;
      state.seen += 1;
      if (rule.everyNth !== undefined && state.seen % rule.everyNth !== 0) continue;
      if (rule.times !== undefined && state.fired >= rule.times) continue;
      state.fired += 1;
      return rule.fault;
    }
    return undefined;
  }
}
