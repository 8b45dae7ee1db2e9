// Form-encoded request parameters (Query and EC2 protocols) turned into nested objects, so the same
// zod schemas that check JSON inputs check them too.
//   Query: `Tags.member.1.Key=k`      -> { Tags: [{ Key: 'k' }] }
//   EC2:   `Filter.1.Value.1=vpc-1`   -> { Filter: [{ Value: ['vpc-1'] }] }

import { bodyText, type SimRequest } from '../http';

type Tree = { [key: string]: Tree | string };

function isTree(value: Tree | string | undefined): value is Tree {
  return typeof value === 'object';
}

/** Form parameters of a POST body, or of the query string for a GET. */
function formParams(request: SimRequest): URLSearchParams {
  return new URLSearchParams(bodyText(request) || request.query.toString());
}

/** How both form-encoded protocols read a request: `Action` names the operation, the rest is its input. */
export const formRequest = {
  operation: (request: SimRequest): string | undefined => formParams(request).get('Action') ?? undefined,
  input: (request: SimRequest): Record<string, unknown> => formToObject(formParams(request)),
};

export function formToObject(params: URLSearchParams): Record<string, unknown> {
  const root: Tree = {};
  for (const [key, value] of params) {
    const parts = key.split('.');
    let node = root;
    for (const part of parts.slice(0, -1)) {
      const next = node[part];
      if (isTree(next)) node = next;
      else {
        const child: Tree = {};
        node[part] = child;
        node = child;
      }
    }
    node[parts[parts.length - 1]] = value;
  }
  const normalized = normalize(root);
  return typeof normalized === 'object' && normalized !== null && !Array.isArray(normalized) ? (normalized as Record<string, unknown>) : {};
}

function normalize(value: Tree | string): unknown {
  if (!isTree(value)) return value;
  const keys = Object.keys(value);
  if (keys.length === 1 && keys[0] === 'member') return normalize(value.member);
  if (keys.length > 0 && keys.every((k) => /^\d+$/.test(k))) {
    return keys
      .map(Number)
      .sort((a, b) => a - b)
      .map((index) => normalize(value[String(index)]));
  }
  const out: Record<string, unknown> = {};
  for (const key of keys) out[key] = normalize(value[key]);
  return out;
}
