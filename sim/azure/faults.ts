// Fault injection for the ARM simulator: rules that make matching calls fail the way ARM calls fail in the field.
import { servedOperations } from './resources';

export const AZURE_FAULT_KINDS = ['AuthorizationFailed', 'Throttled', 'InternalError', 'Hang', 'Truncated', 'EmptyBody', 'ForeignBody', 'ForeignJson'] as const;
export type AzureFaultKind = (typeof AZURE_FAULT_KINDS)[number];

export interface AzureFaultRule {
  /** ARM operation id (`Workspaces_Get`, `RoleAssignments_ListForScope`...), or `*` for every operation. */
  readonly operation: string;
  /** Only calls whose path contains this text (case-insensitive), e.g. a workspace name. */
  readonly pathContains?: string;
  /**
   * AuthorizationFailed (403), Throttled (429 with Retry-After), InternalError (500) answer with ARM's error body;
   * Hang holds the call and then drops the connection; Truncated, EmptyBody, ForeignBody (an HTML sign-in page)
   * and ForeignJson (`{}`) answer 200 with a body that is not the documented shape.
   */
  readonly fault: AzureFaultKind;
  /** Stop after firing this many times. */
  readonly times?: number;
  /** Fire only on every n-th matching call. */
  readonly everyNth?: number;
}

function isFaultKind(text: string): text is AzureFaultKind {
  return (AZURE_FAULT_KINDS as readonly string[]).includes(text);
}

/** Throws an Error saying what is wrong with a rule and how to write it right. */
export function checkAzureFaultRule(rule: AzureFaultRule): AzureFaultRule {
  const known = servedOperations();
  if (rule.operation !== '*' && !known.includes(rule.operation)) {
    const near = known.find((name) => name.toLowerCase() === rule.operation.toLowerCase());
    throw new Error(
      `Unknown operation "${rule.operation}" in Azure fault rule. ${near === undefined ? `Operations: ${known.join(', ')}, or * for all.` : `Did you mean ${near}?`}`,
    );
  }
  if (!isFaultKind(rule.fault)) throw new Error(`Unknown fault "${String(rule.fault)}". Use one of: ${AZURE_FAULT_KINDS.join(', ')}.`);
  for (const [name, value] of [['times', rule.times], ['everyNth', rule.everyNth]] as const) {
    if (value !== undefined && (!Number.isInteger(value) || value < 1)) throw new Error(`${name} must be a whole number of at least 1, not ${String(value)}.`);
  }
  return rule;
}

/**
 * Parses `operation[=fault][,times=N][,everyNth=N][,path=TEXT]`, e.g. `Workspaces_Get=AuthorizationFailed,path=prod`
 * or `*=Throttled,everyNth=3`. The fault defaults to AuthorizationFailed.
 */
export function parseAzureFaultRule(text: string): AzureFaultRule {
  const [head, ...options] = text.trim().split(',');
  const match = /^([A-Za-z_*]+)(?:=([A-Za-z]+))?$/.exec(head.trim());
  if (match === null) throw new Error(`Cannot read Azure fault rule "${text}". Write operation[=fault][,times=N][,everyNth=N][,path=TEXT], e.g. Workspaces_Get=AuthorizationFailed.`);
  const [, operation, fault = 'AuthorizationFailed'] = match;
  if (!isFaultKind(fault)) throw new Error(`Unknown fault "${fault}" in "${text}". Use one of: ${AZURE_FAULT_KINDS.join(', ')}.`);
  let rule: AzureFaultRule = { operation, fault };
  for (const option of options) {
    const eq = option.indexOf('=');
    const key = option.slice(0, eq).trim();
    const value = option.slice(eq + 1).trim();
    if (eq < 0 || value === '') throw new Error(`Cannot read "${option}" in Azure fault rule "${text}": write key=value with key times, everyNth or path.`);
    if (key === 'times' || key === 'everyNth') {
      if (!/^\d+$/.test(value)) throw new Error(`${key} in "${text}" must be a whole number, not "${value}".`);
      rule = { ...rule, [key]: Number(value) };
    } else if (key === 'path') rule = { ...rule, pathContains: value };
    else throw new Error(`Unknown option "${key}" in Azure fault rule "${text}". Options: times, everyNth, path.`);
  }
  return checkAzureFaultRule(rule);
}

interface RuleState {
  readonly rule: AzureFaultRule;
  seen: number;
  fired: number;
}

/** The rules in force and their counters; rules are tried in order and the first that fires wins. */
export class AzureFaultPlan {
  private rules: RuleState[] = [];

  constructor(rules: readonly AzureFaultRule[] = []) {
    this.replace(rules);
  }

  replace(rules: readonly AzureFaultRule[]): void {
    this.rules = rules.map((rule) => ({ rule: checkAzureFaultRule(rule), seen: 0, fired: 0 }));
  }

  match(operation: string, path: string): AzureFaultKind | undefined {
    for (const state of this.rules) {
      const { rule } = state;
      if (rule.operation !== '*' && rule.operation !== operation) continue;
      if (rule.pathContains !== undefined && !path.toLowerCase().includes(rule.pathContains.toLowerCase())) continue;
      state.seen += 1;
      if (rule.everyNth !== undefined && state.seen % rule.everyNth !== 0) continue;
      if (rule.times !== undefined && state.fired >= rule.times) continue;
      state.fired += 1;
      return rule.fault;
    }
    return undefined;
  }
}
