// Reading template properties into model facts. A property that resolves becomes a known fact;
// one that does not becomes an unknown fact with the reason; both carry the template's evidence.
import { known, unknown, type Fact } from '../../../policies/model';
import type { PropertyPath, TemplateResource } from './template-context';
import { Unresolved, type Resolved } from './values';

/** A property that is not set, and what CloudFormation / the service then does. */
export interface Absent<T> {
  readonly value: T;
  /** Shown as the evidence value, e.g. `not set (default: false)`. */
  readonly note: string;
}

/** Parses a resolved value into T, or explains why it cannot. */
export type Parse<T> = (value: Resolved) => T | Unresolved;

export function readFact<T>(resource: TemplateResource, path: PropertyPath, parse: Parse<T>, absent?: Absent<T>): Fact<T> {
  const value = resource.get(path);
  if (value === undefined || value === null) {
    return absent
      ? known(absent.value, resource.evidenceWith(path, absent.note))
      : unknown(`${path.join('.')} is not set on ${resource.logicalId}`, resource.evidence(path));
  }
  const parsed = parse(value);
  if (parsed instanceof Unresolved) return unknown(`${resource.type} ${resource.logicalId} ${path.join('.')}: ${parsed.reason}`, resource.evidence(path));
  return known(parsed, resource.evidence(path));
}

const notLiteral = (value: Resolved, what: string) =>
  value instanceof Unresolved ? value : new Unresolved(`expected ${what}, found a value known only at deploy time or of another type`, value);

export const parseBoolean: Parse<boolean> = (value) => {
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  return notLiteral(value, 'a boolean');
};

export const parseNumber: Parse<number> = (value) => {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return notLiteral(value, 'a number');
};

export const parseLiteralString: Parse<string> = (value) => {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return notLiteral(value, 'a literal string');
};

export function readBoolean(resource: TemplateResource, path: PropertyPath, absent?: Absent<boolean>): Fact<boolean> {
  return readFact(resource, path, parseBoolean, absent);
}

export function readNumber(resource: TemplateResource, path: PropertyPath, absent?: Absent<number>): Fact<number> {
  return readFact(resource, path, parseNumber, absent);
}

/** The resolved value when it is a literal of the parser's type; undefined otherwise. */
export function literal<T>(value: Resolved | undefined, parse: Parse<T>): T | undefined {
  if (value === undefined || value === null) return undefined;
  const parsed = parse(value);
  return parsed instanceof Unresolved ? undefined : parsed;
}
