// EC2 `Filter.N.Name` / `Filter.N.Value.M` semantics: values of one filter are ORed, filters are ANDed,
// `*` and `?` are wildcards, `tag:<key>` and `tag-key` work on every resource. Each resource type
// names the filters it supports as data.
import type { Tag } from '@aws-sdk/client-ec2';
import { AwsApiError } from '../errors';

export interface Filter {
  readonly Name: string;
  readonly Value?: readonly string[];
}

/** A filter name and the values a resource has for it. */
export type FilterTable<T> = Readonly<Record<string, (resource: T) => readonly (string | number | boolean | undefined)[]>>;

function wildcard(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`);
}

export function applyFilters<T extends { readonly Tags?: readonly Tag[] }>(items: readonly T[], filters: readonly Filter[] | undefined, table: FilterTable<T>): T[] {
  const compiled = (filters ?? []).map((filter) => {
    const values = (filter.Value ?? []).map(wildcard);
    const read = valuesOf(filter.Name, table);
    return (item: T) => read(item).some((value) => value !== undefined && values.some((v) => v.test(String(value))));
  });
  return items.filter((item) => compiled.every((matches) => matches(item)));
}

function valuesOf<T extends { readonly Tags?: readonly Tag[] }>(name: string, table: FilterTable<T>): (item: T) => readonly (string | number | boolean | undefined)[] {
  if (name.startsWith('tag:')) {
    const key = name.slice(4);
    return (item) => (item.Tags ?? []).filter((t) => t.Key === key).map((t) => t.Value);
  }
  if (name === 'tag-key') return (item) => (item.Tags ?? []).map((t) => t.Key);
  const read = table[name];
  if (read === undefined) throw new AwsApiError('InvalidParameterValue', `The filter '${name}' is invalid`);
  return read;
}
