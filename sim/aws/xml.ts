// A small XML writer for the Query, EC2 and S3 protocols: element text is escaped, lists are
// wrapped the way each protocol wants (`<member>` for Query, `<item>` for EC2, flattened for S3).
import { isDate } from './dates';

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\r': '&#xD;' };

export function escapeXml(text: string): string {
  return text.replace(/[&<>"'\r]/g, (c) => ESCAPES[c] ?? c);
}

export function element(name: string, inner: string, attributes: Readonly<Record<string, string>> = {}): string {
  const attrs = Object.entries(attributes)
    .map(([k, v]) => ` ${k}="${escapeXml(v)}"`)
    .join('');
  return inner === '' ? `<${name}${attrs}/>` : `<${name}${attrs}>${inner}</${name}>`;
}

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';

/** How a protocol names elements for the members of a plain object. */
export interface XmlNaming {
  /** Element name for a member. */
  member(name: string): string;
  /** Element name wrapping each entry of a list member; `undefined` flattens the list (repeats the member element). */
  listItem(name: string): string | undefined;
  /** How a timestamp is written. */
  timestamp(date: Date): string;
}

export function scalarText(value: unknown, naming: Pick<XmlNaming, 'timestamp'>): string | undefined {
  if (isDate(value)) return naming.timestamp(value);
  if (typeof value === 'string') return escapeXml(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return undefined;
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !isDate(value);
}

/** Writes the members of `value` as XML elements; `undefined` and `null` members are left out, as AWS leaves them out. */
export function membersToXml(value: object, naming: XmlNaming): string {
  let out = '';
  for (const [name, member] of Object.entries(value)) {
    if (member === undefined || member === null) continue;
    out += memberToXml(name, member, naming);
  }
  return out;
}

function memberToXml(name: string, value: unknown, naming: XmlNaming): string {
  const elementName = naming.member(name);
  if (Array.isArray(value)) {
    const item = naming.listItem(name);
    const entries = value.map((entry: unknown) => valueToXml(entry, naming));
    if (item === undefined) return entries.map((inner) => element(elementName, inner)).join('');
    return element(elementName, entries.map((inner) => element(item, inner)).join(''));
  }
  return element(elementName, valueToXml(value, naming));
}

function valueToXml(value: unknown, naming: XmlNaming): string {
  if (isRecord(value)) return membersToXml(value, naming);
  return scalarText(value, naming) ?? '';
}
