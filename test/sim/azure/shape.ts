// Compares a simulator body with a Microsoft REST example: every field the simulator returns must exist at the
// same path in the example (or be a documented field the example does not show), with the same JSON type.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export function exampleBody(file: string, status = '200'): Record<string, unknown> {
  const example = JSON.parse(readFileSync(join(__dirname, 'fixtures', file), 'utf8')) as { responses: Record<string, { body: Record<string, unknown> }> };
  return example.responses[status].body;
}

function kind(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}

/**
 * Paths (dot-separated; `[]` for array items) of free-form maps whose keys are data, not field names, and the
 * documented fields that the example leaves out.
 */
export interface ShapeRules {
  readonly freeForm?: readonly string[];
  readonly documentedExtras?: readonly string[];
}

export function shapeMismatches(actual: unknown, example: unknown, rules: ShapeRules = {}, path = ''): string[] {
  const freeForm = new Set(rules.freeForm ?? []);
  const extras = new Set(rules.documentedExtras ?? []);
  if (freeForm.has(path)) return kind(actual) === 'object' ? [] : [`${path}: expected a map, got ${kind(actual)}`];
  if (kind(example) === 'array' && kind(actual) === 'array') {
    const template = (example as unknown[])[0];
    if (template === undefined) return [];
    return (actual as unknown[]).flatMap((item) => shapeMismatches(item, template, rules, `${path}[]`));
  }
  if (kind(example) === 'object' && kind(actual) === 'object') {
    const problems: string[] = [];
    for (const [key, value] of Object.entries(actual as Record<string, unknown>)) {
      const childPath = path === '' ? key : `${path}.${key}`;
      const expected = (example as Record<string, unknown>)[key];
      if (expected === undefined) {
        if (!extras.has(childPath)) problems.push(`${childPath}: not in the example`);
        continue;
      }
      problems.push(...shapeMismatches(value, expected, rules, childPath));
    }
    return problems;
  }
  if (kind(actual) === 'null' || kind(example) === 'null') return [];
  return kind(actual) === kind(example) ? [] : [`${path}: ${kind(actual)} where the example has ${kind(example)}`];
}
