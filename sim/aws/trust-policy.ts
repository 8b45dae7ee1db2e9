// A role's trust policy, read the way STS reads it for AssumeRole: an Allow statement for
// sts:AssumeRole whose principal names the caller (its account, the account root, or the caller's
// own ARN) and whose conditions hold, and no Deny statement that matches.
//
// Conditions: StringEquals / StringLike (and their Not forms) on `sts:ExternalId` and
// `aws:PrincipalAccount`. A condition on any other key or operator is treated as not satisfied, so a
// trust policy the simulator does not understand denies rather than lets a caller in.

export interface AssumingCaller {
  readonly account: string;
  /** The caller's ARN: a user, or an assumed-role session (`arn:aws:sts::<account>:assumed-role/<role>/<session>`). */
  readonly arn: string;
  readonly externalId?: string;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function list(value: Json | undefined): Json[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function strings(value: Json | undefined): string[] {
  return list(value).filter((v): v is string => typeof v === 'string');
}

function isObject(value: Json | undefined): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function wildcard(pattern: string, text: string, caseInsensitive: boolean): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`, caseInsensitive ? 'i' : '').test(text);
}

function actionMatches(statement: { [key: string]: Json }): boolean {
  return strings(statement.Action).some((action) => wildcard(action, 'sts:AssumeRole', true));
}

/** The role ARN behind an assumed-role session, which is what a trust policy names. */
function principalArns(caller: AssumingCaller): string[] {
  const session = /^arn:aws:sts::(\d{12}):assumed-role\/([^/]+)\/.+$/.exec(caller.arn);
  return session === null ? [caller.arn] : [caller.arn, `arn:aws:iam::${session[1]}:role/${session[2]}`];
}

function principalMatches(statement: { [key: string]: Json }, caller: AssumingCaller): boolean {
  const principal = statement.Principal;
  if (principal === '*') return true;
  if (!isObject(principal)) return false;
  const accepted = new Set(['*', caller.account, `arn:aws:iam::${caller.account}:root`, ...principalArns(caller)]);
  return strings(principal.AWS).some((p) => accepted.has(p));
}

function contextValue(key: string, caller: AssumingCaller): string | undefined {
  switch (key.toLowerCase()) {
    case 'sts:externalid':
      return caller.externalId;
    case 'aws:principalaccount':
      return caller.account;
    default:
      return undefined;
  }
}

const OPERATORS: Readonly<Record<string, (values: string[], actual: string | undefined) => boolean>> = {
  StringEquals: (values, actual) => actual !== undefined && values.includes(actual),
  StringNotEquals: (values, actual) => actual === undefined || !values.includes(actual),
  StringLike: (values, actual) => actual !== undefined && values.some((v) => wildcard(v, actual, false)),
  StringNotLike: (values, actual) => actual === undefined || !values.some((v) => wildcard(v, actual, false)),
};

const KNOWN_KEYS = new Set(['sts:externalid', 'aws:principalaccount']);

function conditionsHold(statement: { [key: string]: Json }, caller: AssumingCaller): boolean {
  const condition = statement.Condition;
  if (condition === undefined) return true;
  if (!isObject(condition)) return false;
  return Object.entries(condition).every(([operator, clauses]) => {
    const test = OPERATORS[operator];
    if (test === undefined || !isObject(clauses)) return false;
    return Object.entries(clauses).every(([key, values]) => KNOWN_KEYS.has(key.toLowerCase()) && test(strings(values), contextValue(key, caller)));
  });
}

/** Whether `document` (a trust policy as JSON text) lets `caller` assume the role. */
export function trustPolicyAllows(document: string | undefined, caller: AssumingCaller): boolean {
  if (document === undefined) return false;
  let parsed: Json;
  try {
    parsed = JSON.parse(document) as Json;
  } catch {
    return false;
  }
  if (!isObject(parsed)) return false;
  const statements = list(parsed.Statement).filter(isObject);
  const applies = (statement: { [key: string]: Json }) => actionMatches(statement) && principalMatches(statement, caller) && conditionsHold(statement, caller);
  if (statements.some((s) => s.Effect === 'Deny' && applies(s))) return false;
  return statements.some((s) => s.Effect === 'Allow' && applies(s));
}
