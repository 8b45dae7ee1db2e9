// Shared analysis of normalized policy statements (identity policies, key policies, bucket and
// repository policies). Controls ask these questions instead of re-implementing IAM semantics.
// Nothing here knows a provider's grammar: adapters state what conditions and actions mean
// (PolicyCondition.meaning, PolicyStatement.serviceWideActions ...).
import type { PolicyCondition, PolicyStatement } from './model';

/**
 * IAM-style wildcard match: `*` is any run of characters, `?` one character. IAM compares
 * actions case-insensitively and resource ARNs case-sensitively.
 */
export function wildcardMatch(pattern: string, value: string, caseSensitive = false): boolean {
  return compiledPattern(pattern, caseSensitive).test(value);
}

/**
 * Compiled once per pattern: a policy's few patterns are matched against hundreds of expanded actions and
 * every resource, and compiling each time was most of an organization audit's evaluation. Bounded, as the
 * patterns come from the audited policies.
 */
const compiledPatterns = new Map<string, RegExp>();
const COMPILED_PATTERNS_KEPT = 10_000;

function compiledPattern(pattern: string, caseSensitive: boolean): RegExp {
  const key = `${caseSensitive ? 's' : 'i'}${pattern}`;
  const known = compiledPatterns.get(key);
  if (known) return known;
  const source = pattern
    .split('')
    .map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  // Neither global nor sticky: test() keeps no state between calls, so one RegExp serves every caller.
  const compiled = new RegExp(`^${source}$`, caseSensitive ? 's' : 'is');
  if (compiledPatterns.size >= COMPILED_PATTERNS_KEPT) compiledPatterns.clear();
  compiledPatterns.set(key, compiled);
  return compiled;
}

export function hasWildcard(text: string): boolean {
  return text.includes('*') || text.includes('?');
}

/** True when the statement names `action`: one of its Action patterns matches, or it uses NotAction and excludes nothing matching. */
export function statementCoversAction(statement: Pick<PolicyStatement, 'actions' | 'notActions'>, action: string): boolean {
  if (statement.notActions) return !statement.notActions.some((p) => wildcardMatch(p, action));
  return statement.actions.some((p) => wildcardMatch(p, action));
}

/**
 * True when the statement applies to `resource`. A resource may itself hold a literal `*`
 * (e.g. `arn:aws:s3:::bucket/*`, "every object"): a pattern covers it only when its own
 * wildcards can stand for that whole run, so `bucket/*` and `*` cover every object but
 * `bucket/private/*` does not.
 */
export function statementCoversResource(statement: PolicyStatement, resource: string): boolean {
  if (statement.notResources) return !statement.notResources.some((p) => wildcardMatch(p, resource, true));
  return statement.resources.some((p) => wildcardMatch(p, resource, true));
}

/** Resource `*`, or NotResource (which grants every resource but the listed ones). */
export function grantsEveryResource(statement: PolicyStatement): boolean {
  return statement.notResources !== undefined || statement.resources.includes('*');
}

/** Some principal stands for everyone: `*`, or one of `publicPrincipals` (the provider's own names for all users, given as data). */
export function isPublicPrincipal(principals: readonly string[], publicPrincipals: readonly string[] = ['*']): boolean {
  return principals.some((p) => p === '*' || publicPrincipals.includes(p));
}

/** The condition ties the request to a known account, organization, source resource or network path (as the adapter read it). */
export function isRestrictingCondition(condition: PolicyCondition): boolean {
  return condition.meaning === 'restricts-caller';
}

/** Allow statements open to anyone: principal `*` and no restricting condition. */
export function publicAllowStatements(statements: readonly PolicyStatement[], publicPrincipals: readonly string[] = ['*']): PolicyStatement[] {
  return statements.filter(
    (s) => s.effect === 'Allow' && isPublicPrincipal(s.principals, publicPrincipals) && !s.conditions.some(isRestrictingCondition),
  );
}

/** A Deny for everyone whenever the request did not use TLS, and under no other condition. */
export function deniesInsecureTransport(statement: PolicyStatement): boolean {
  if (statement.effect !== 'Deny' || !isPublicPrincipal(statement.principals) || statement.conditions.length === 0) return false;
  return statement.conditions.every((c) => c.meaning === 'insecure-transport');
}

/** One line naming a statement, for messages: `inline:model-access: Allow s3:* on *`. */
export function describeStatement(statement: PolicyStatement): string {
  const actions = statement.notActions ? `NotAction ${statement.notActions.join(',')}` : statement.actions.join(',');
  const resources = statement.notResources ? `NotResource ${statement.notResources.join(',')}` : statement.resources.join(',') || '(this resource)';
  const who = statement.notPrincipals
    ? ` to everyone except ${statement.notPrincipals.join(',')}`
    : statement.principals.length > 0
      ? ` to ${statement.principals.join(',')}`
      : '';
  return `${statement.origin}: ${statement.effect} ${actions}${who} on ${resources}`;
}
