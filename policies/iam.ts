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
  return caseSensitive ? globMatch(pattern, value) : globMatch(pattern.toLowerCase(), value.toLowerCase());
}

/**
 * `*` (any run) and `?` (one character) in at most |pattern| x |value| steps: a RegExp of `.*` runs backtracks
 * exponentially on a hostile pattern (`*a*a*a...c` against a long ARN hung a scan), and policies come from the
 * templates and accounts we audit. On a mismatch, the last `*` takes one more character and matching resumes.
 */
function globMatch(pattern: string, value: string): boolean {
  let p = 0;
  let v = 0;
  let star = -1;
  let resumeAt = 0;
  while (v < value.length) {
    if (p < pattern.length && (pattern[p] === '?' || pattern[p] === value[v])) {
      p += 1;
      v += 1;
    } else if (p < pattern.length && pattern[p] === '*') {
      star = p;
      p += 1;
      resumeAt = v;
    } else if (star >= 0) {
      p = star + 1;
      resumeAt += 1;
      v = resumeAt;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern[p] === '*') p += 1;
  return p === pattern.length;
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
