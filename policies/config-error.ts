// Errors in a user's config file: each names the file, the exact path, what was wrong and the fix.
import { z } from 'zod';

export interface ConfigIssue {
  /** Dotted path into the file, e.g. `baseline.controls.endpoint-multiple-instances.parameters.minInstances` or `waivers[0].expires`. */
  readonly path: string;
  readonly problem: string;
  readonly fix: string;
}

export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly issues: readonly ConfigIssue[],
  ) {
    super(
      `Invalid inferguard config ${file}:\n` +
        issues.map((i) => `  - ${i.path || '(top level)'}: ${i.problem}. Fix: ${i.fix}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}

export type PathSegment = string | number;

export function formatPath(segments: readonly PathSegment[]): string {
  return segments.reduce<string>((out, s) => (typeof s === 'number' ? `${out}[${s}]` : out ? `${out}.${s}` : s), '');
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

/** The closest candidate, when it is close enough to be a likely typo. */
export function didYouMean(input: string, candidates: readonly string[]): string | undefined {
  const scored = candidates
    .map((c) => ({ c, d: editDistance(input.toLowerCase(), c.toLowerCase()) }))
    .sort((x, y) => x.d - y.d || x.c.localeCompare(y.c));
  const best = scored[0];
  return best && best.d <= Math.max(2, Math.floor(best.c.length / 3)) ? best.c : undefined;
}

/** `remove it or rename it to "x"` style advice for an unknown name. */
export function unknownNameFix(name: string, known: readonly string[], what: string): string {
  const suggestion = didYouMean(name, known);
  if (suggestion) return `did you mean "${suggestion}"? Rename it, or remove it`;
  return known.length > 0 ? `remove it; known ${what}: ${known.join(', ')}` : `remove it; this takes no ${what}`;
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let current = data;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}

const describeValue = (value: unknown) => (value === undefined ? 'nothing' : JSON.stringify(value));

/** The object schema reached by following `path` through objects, arrays, records, optionals and defaults. */
function objectSchemaAt(schema: z.ZodType, path: readonly PropertyKey[]): z.ZodObject | undefined {
  let current: z.ZodType | undefined = schema;
  const unwrap = (s: z.ZodType): z.ZodType => {
    if (s instanceof z.ZodOptional || s instanceof z.ZodNullable) return unwrap(s.unwrap() as z.ZodType);
    if (s instanceof z.ZodDefault) return unwrap(s.unwrap() as z.ZodType);
    return s;
  };
  for (const segment of path) {
    if (!current) return undefined;
    const s = unwrap(current);
    if (s instanceof z.ZodObject) current = s.shape[String(segment)] as z.ZodType | undefined;
    else if (s instanceof z.ZodArray) current = s.element as z.ZodType;
    else if (s instanceof z.ZodRecord) current = s.valueType as z.ZodType;
    else return undefined;
  }
  const end = current ? unwrap(current) : undefined;
  return end instanceof z.ZodObject ? end : undefined;
}

function expectedPhrase(expected: string): string {
  const phrases: Record<string, string> = {
    number: 'a number',
    int: 'a whole number',
    string: 'a string',
    boolean: 'true or false',
    object: 'a mapping of keys to values',
    array: 'a list',
    record: 'a mapping of keys to values',
  };
  return phrases[expected] ?? expected;
}

/** Turns zod issues into config issues, under `prefix` (the path of `data` in the file). */
export function issuesFromZod(error: z.ZodError, data: unknown, schema: z.ZodType, prefix: readonly PathSegment[] = []): ConfigIssue[] {
  return error.issues.flatMap((issue): ConfigIssue[] => {
    const segments = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    const path = formatPath([...prefix, ...segments]);
    const got = valueAt(data, issue.path);
    switch (issue.code) {
      case 'unrecognized_keys': {
        const known = Object.keys(objectSchemaAt(schema, issue.path)?.shape ?? {});
        return issue.keys.map((key) => ({
          path: formatPath([...prefix, ...segments, key]),
          problem: `unknown key "${key}"`,
          fix: unknownNameFix(key, known, 'keys'),
        }));
      }
      case 'invalid_type':
        return got === undefined
          ? [{ path, problem: 'is missing', fix: `add it: ${expectedPhrase(issue.expected)}` }]
          : [{ path, problem: `expected ${expectedPhrase(issue.expected)}, got ${describeValue(got)}`, fix: `set it to ${expectedPhrase(issue.expected)}` }];
      case 'too_small': {
        const bound = `${issue.inclusive ? 'at least' : 'more than'} ${String(issue.minimum)}`;
        if (issue.origin === 'string') return [{ path, problem: 'is empty', fix: 'give a non-empty value' }];
        if (issue.origin === 'array') return [{ path, problem: `has too few entries (needs ${bound})`, fix: `list ${bound} entries` }];
        return [{ path, problem: `is ${describeValue(got)}, must be ${bound}`, fix: `set it to ${bound}` }];
      }
      case 'too_big': {
        const bound = `${issue.inclusive ? 'at most' : 'less than'} ${String(issue.maximum)}`;
        return [{ path, problem: `is ${describeValue(got)}, must be ${bound}`, fix: `set it to ${bound}` }];
      }
      case 'invalid_value': {
        const options = issue.values.map((v) => String(v));
        const suggestion = typeof got === 'string' ? didYouMean(got, options) : undefined;
        return [
          {
            path,
            problem: `is ${describeValue(got)}, must be one of ${options.join(', ')}`,
            fix: suggestion ? `did you mean "${suggestion}"?` : `use one of ${options.join(', ')}`,
          },
        ];
      }
      case 'custom': {
        const fix = typeof issue.params?.fix === 'string' ? issue.params.fix : 'correct the value';
        return [{ path, problem: issue.message, fix }];
      }
      default:
        return [{ path, problem: `${issue.message} (got ${describeValue(got)})`, fix: 'correct the value' }];
    }
  });
}
