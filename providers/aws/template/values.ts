// The value of a template expression after intrinsic functions were resolved as far as the
// template itself allows. Plain JSON where the value is literal; the classes below mark what a
// template alone cannot turn into a literal.

/** A pseudo parameter (AWS::Region, AWS::AccountId, ...) whose value only the deployment knows. */
export class Placeholder {
  constructor(readonly name: string) {}
  /** Rendered inside strings as `${AWS.Region}`: stable, comparable, never a wildcard, and colon-free so ARNs still parse. */
  render(): string {
    return placeholderText(this.name);
  }
}

/** `AWS::Region` -> `${AWS.Region}`. */
export function placeholderText(pseudoParameter: string): string {
  return `\${${pseudoParameter.replace('::', '.')}}`;
}

/** `Ref` (attribute null) or `Fn::GetAtt` of a resource declared in the same template. */
export class ResourceRef {
  constructor(
    readonly logicalId: string,
    readonly resourceType: string,
    /** null for `Ref`; the attribute name for `Fn::GetAtt`. */
    readonly attribute: string | null,
    /** The model id of the referenced resource (`STACK/LogicalId`). */
    readonly modelId: string,
  ) {}
}

/** A string concatenated from literal text, placeholders and resource references. */
export class Text {
  constructor(readonly parts: readonly (string | Placeholder | ResourceRef)[]) {}
}

/** Something the template alone cannot resolve, with the reason and the raw expression. */
export class Unresolved {
  constructor(
    readonly reason: string,
    readonly raw: unknown,
  ) {}
}

/** `Ref: AWS::NoValue`: the property is removed. */
export const NO_VALUE: unique symbol = Symbol('AWS::NoValue');

export type Resolved =
  | null
  | boolean
  | number
  | string
  | Placeholder
  | ResourceRef
  | Text
  | Unresolved
  | readonly Resolved[]
  | { readonly [key: string]: Resolved };

export type ResolvedOrNoValue = Resolved | typeof NO_VALUE;

export type ResolvedObject = { readonly [key: string]: Resolved };

export function isResolvedObject(value: Resolved | undefined): value is ResolvedObject {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Placeholder) &&
    !(value instanceof ResourceRef) &&
    !(value instanceof Text) &&
    !(value instanceof Unresolved)
  );
}

export function isResolvedArray(value: Resolved | undefined): value is readonly Resolved[] {
  return Array.isArray(value);
}

/** A string-like value as text parts; null for anything that is not string-like. */
export function textParts(value: Resolved): readonly (string | Placeholder | ResourceRef)[] | null {
  if (typeof value === 'string') return [value];
  if (typeof value === 'number' || typeof value === 'boolean') return [String(value)];
  if (value instanceof Placeholder || value instanceof ResourceRef) return [value];
  if (value instanceof Text) return value.parts;
  return null;
}

/** Joins parts, merging adjacent literals; a single literal collapses to a plain string. */
export function makeText(parts: readonly (string | Placeholder | ResourceRef)[]): string | Placeholder | ResourceRef | Text {
  const merged: (string | Placeholder | ResourceRef)[] = [];
  for (const part of parts) {
    const last = merged[merged.length - 1];
    if (typeof part === 'string') {
      if (part === '') continue;
      if (typeof last === 'string') merged[merged.length - 1] = last + part;
      else merged.push(part);
    } else {
      merged.push(part);
    }
  }
  if (merged.length === 0) return '';
  if (merged.length === 1) return merged[0];
  return new Text(merged);
}
