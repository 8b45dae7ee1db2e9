// Walks two resources' facts side by side, generically: every field of the model is compared except the
// few listed in EXCLUDED_FIELDS (identity and bookkeeping, each with why). References to other resources
// (a key id, a role, a bucket) are compared through the pairing: the IaC's `stack/LogicalId` of a key
// equals the live ARN of the key it was matched with.
import type { Evidence, Resource } from '../../../policies/model';
import { identityKey } from './match';

/** Fields never compared, and why. Top-level ones apply to the resource itself; the others wherever they occur. */
export const EXCLUDED_FIELDS: Readonly<Record<string, string>> = {
  id: 'identity: used to match the IaC resource to the live one (the IaC names it by logical id, the cloud by physical id)',
  name: 'identity: used to match; a template without a physical name gives the logical id',
  aliases: 'identity: other names of the resource, used to match',
  provider: 'identity: both sides are one provider by construction',
  kind: 'identity: a pair is always of one kind',
  account: 'scope: the IaC often leaves it to the deployment (a template without an environment)',
  region: 'scope: as account',
  status: 'lifecycle (Creating, InService), not configuration; the IaC states none',
  configurationOnly: "bookkeeping of the IaC adapter (it declared an endpoint's configuration only)",
  evidence: 'where each side read a fact (a template property path, an API field) differs by design; it is reported, not compared',
  origin: 'names the policy document a statement came from, which the IaC and the API name differently; the statement itself is compared',
  modelId: 'names the model object, which is no resource of the model: the facts it carries (images, identity, network, artifacts) are compared on the deployment itself',
  uri: 'of an image in a repository of the inventory: composed of the repository (compared as repositoryId), tag and digest (compared each); the IaC spells the repository by logical id',
};

const TOP_LEVEL_ONLY = new Set(['id', 'name', 'aliases', 'provider', 'kind', 'account', 'region', 'status', 'configurationOnly']);

function excluded(key: string, depth: number, container: Record<string, unknown>): boolean {
  if (TOP_LEVEL_ONLY.has(key)) return depth === 0;
  // An image URI is compared when no repository reference stands for it (a public image).
  if (key === 'uri') return container.repositoryId !== null && container.repositoryId !== undefined;
  return key in EXCLUDED_FIELDS;
}

export interface FactDifference {
  readonly path: string;
  readonly declared: unknown;
  readonly live: unknown;
  /** For a list compared as a set: the elements only the live side has, and only the IaC has. */
  readonly added?: readonly unknown[];
  readonly removed?: readonly unknown[];
  readonly evidence: { readonly declared: readonly Evidence[]; readonly live: readonly Evidence[] };
}

export interface NotComparable {
  readonly path: string;
  /** Which side could not give a value to compare. */
  readonly side: 'declared' | 'live' | 'both';
  readonly reason: string;
}

/** A reference one side makes, in the form both sides can compare: the live id of the resource, and what follows it. */
export type Resolved = { readonly text: string } | { readonly unresolved: string };

export interface References {
  /** A string of the IaC, with any resource it names replaced by that resource's live id. */
  declared(text: string): Resolved & { readonly names?: Resource };
  /** A live string, with any live resource it names replaced by that resource's id. */
  live(text: string): { readonly text: string; readonly names?: Resource };
}

/** Seen while comparing: the IaC and the live side name these resources at the same place. */
export interface ReferencePair {
  readonly declared: Resource;
  readonly live: Resource;
  readonly path: string;
}

type Json = Record<string, unknown>;
const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
interface FactLike {
  readonly known: boolean;
  readonly value?: unknown;
  readonly reason?: string;
  readonly evidence: readonly Evidence[];
}
const isFact = (v: unknown): v is FactLike => isRecord(v) && typeof v.known === 'boolean' && Array.isArray(v.evidence);

export interface Comparison {
  readonly differences: FactDifference[];
  readonly notComparable: NotComparable[];
  readonly references: ReferencePair[];
  /** Some fact names an IaC resource not paired yet: once it is, this comparison may say more (so it is not final). */
  awaitsPairing: boolean;
}

const NONE: readonly Evidence[] = [];

export function compareResources(declared: Resource, live: Resource, refs: References): Comparison {
  const out: Comparison = { differences: [], notComparable: [], references: [], awaitsPairing: false };
  compareRecords('', declared as unknown as Json, live as unknown as Json, 0, { declared: NONE, live: NONE }, refs, out);
  return out;
}

type EvidencePair = FactDifference['evidence'];

const join = (path: string, key: string): string => (path === '' ? key : `${path}.${key}`);

function compareRecords(path: string, d: Json, l: Json, depth: number, ev: EvidencePair, refs: References, out: Comparison): void {
  const keys = [...new Set([...Object.keys(d), ...Object.keys(l)])].sort();
  for (const key of keys) {
    if (excluded(key, depth, d[key] === undefined ? l : d)) continue;
    compareAny(join(path, key), d[key], l[key], depth + 1, ev, refs, out);
  }
}

function compareAny(path: string, d: unknown, l: unknown, depth: number, ev: EvidencePair, refs: References, out: Comparison): void {
  if (isFact(d) || isFact(l)) return compareFacts(path, d, l, depth, refs, out);
  if (Array.isArray(d) && Array.isArray(l)) return compareLists(path, d, l, depth, ev, refs, out);
  if (isRecord(d) && isRecord(l)) return compareRecords(path, d, l, depth, ev, refs, out);
  if (typeof d === 'string' && typeof l === 'string') return compareStrings(path, d, l, ev, refs, out);
  if (d !== l) out.differences.push({ path, declared: d ?? null, live: l ?? null, evidence: ev });
}

function compareFacts(path: string, d: unknown, l: unknown, depth: number, refs: References, out: Comparison): void {
  if (d === undefined || l === undefined) {
    const side = d === undefined ? 'declared' : 'live';
    out.notComparable.push({ path, side, reason: `the ${side === 'declared' ? 'IaC' : 'live'} reader does not state this fact` });
    return;
  }
  if (!isFact(d) || !isFact(l)) {
    out.notComparable.push({ path, side: isFact(d) ? 'live' : 'declared', reason: 'the two sides hold this fact in different shapes' });
    return;
  }
  if (!d.known || !l.known) {
    const side = !d.known && !l.known ? 'both' : !d.known ? 'declared' : 'live';
    const reasons = [!d.known ? `IaC: ${d.reason ?? 'unknown'}` : null, !l.known ? `live: ${l.reason ?? 'unknown'}` : null].filter((r): r is string => r !== null);
    out.notComparable.push({ path, side, reason: reasons.join('; ') });
    return;
  }
  compareAny(path, d.value, l.value, depth, { declared: d.evidence, live: l.evidence }, refs, out);
}

function compareStrings(path: string, d: string, l: string, ev: EvidencePair, refs: References, out: Comparison): void {
  const declared = refs.declared(d);
  const live = refs.live(l);
  if ('unresolved' in declared) {
    if (declared.names) out.awaitsPairing = true;
    // The IaC names one of its own resources that was not matched: the live one it became is not known.
    if (declared.names && live.names) out.references.push({ declared: declared.names, live: live.names, path });
    out.notComparable.push({ path, side: 'declared', reason: declared.unresolved });
    return;
  }
  if (declared.text !== live.text) out.differences.push({ path, declared: d, live: l, evidence: ev });
}

/** A list whose elements all carry a distinct string `name` (deployments) is compared element by element. */
function names(list: readonly unknown[]): string[] | undefined {
  const found = list.map((e) => (isRecord(e) && typeof e.name === 'string' ? e.name : undefined));
  if (found.some((n) => n === undefined) || new Set(found).size !== found.length) return undefined;
  return found as string[];
}

function compareLists(path: string, d: readonly unknown[], l: readonly unknown[], depth: number, ev: EvidencePair, refs: References, out: Comparison): void {
  const dNames = names(d);
  const lNames = names(l);
  if (dNames && lNames && (d.length > 0 || l.length > 0)) {
    // An IaC element whose name no live element has, and which names something with no live id (a policy
    // known only by logical id): it may be any live element under its deployed name, so pairing is guesswork.
    const unpairable = d.flatMap((e, i) => {
      if (lNames.includes(dNames[i])) return [];
      const form = canonical(e, depth, (s) => refs.declared(s));
      return 'unresolved' in form ? [form.unresolved] : [];
    });
    if (unpairable.length > 0) {
      out.notComparable.push({ path, side: 'declared', reason: `${unpairable[0]}; its elements cannot be paired by name with the live ones` });
      return;
    }
    for (const name of [...new Set([...dNames, ...lNames])].sort()) {
      const de = d[dNames.indexOf(name)];
      const le = l[lNames.indexOf(name)];
      const at = `${path}[${name}]`;
      if (de === undefined || le === undefined) out.differences.push({ path: at, declared: de ?? null, live: le ?? null, evidence: ev });
      else compareAny(at, de, le, depth, ev, refs, out);
    }
    return;
  }
  // Otherwise a set (statements, rules, images): order is not configuration.
  const declaredForms = d.map((e) =>
    canonical(e, depth, (s) => {
      const resolved = refs.declared(s);
      if ('unresolved' in resolved && resolved.names) out.awaitsPairing = true;
      return resolved;
    }),
  );
  const unresolved = declaredForms.find((f) => 'unresolved' in f);
  if (unresolved && 'unresolved' in unresolved) {
    // One element on each side: they are the same element, so what they refer to is paired too (an image's repository).
    if (d.length === 1 && l.length === 1) {
      const scratch: Comparison = { differences: [], notComparable: [], references: [], awaitsPairing: false };
      compareAny(`${path}[0]`, d[0], l[0], depth, ev, refs, scratch);
      out.references.push(...scratch.references);
    }
    out.notComparable.push({ path, side: 'declared', reason: unresolved.unresolved });
    return;
  }
  const dKeys = declaredForms.map((f) => ('text' in f ? f.text : ''));
  const lKeys = l.map((e) => {
    const form = canonical(e, depth, (s) => refs.live(s));
    return 'text' in form ? form.text : '';
  });
  const removedAt = without(dKeys, lKeys);
  const addedAt = without(lKeys, dKeys);
  if (removedAt.length === 0 && addedAt.length === 0) return;
  // As many changed as before, each pair in order mostly alike (an image whose digest became a tag, a statement
  // with one more action): the same element changed, so say which fields. Otherwise elements came and went.
  const pairs = removedAt.map((di, n) => [d[di], l[addedAt[n]]] as const);
  if (removedAt.length === addedAt.length && pairs.every(([de, le]) => isRecord(de) && isRecord(le) && mostlyAlike(de, le, depth, refs))) {
    removedAt.forEach((di, n) => compareAny(`${path}[${di}]`, d[di], l[addedAt[n]], depth, ev, refs, out));
    return;
  }
  out.differences.push({ path, declared: d, live: l, added: addedAt.map((i) => l[i]), removed: removedAt.map((i) => d[i]), evidence: ev });
}

/** More than half of the fields two records have are equal (compared as canonical text). */
function mostlyAlike(d: Json, l: Json, depth: number, refs: References): boolean {
  const keys = [...new Set([...Object.keys(d), ...Object.keys(l)])].filter((k) => !excluded(k, depth, d));
  const text = (form: Resolved) => ('text' in form ? form.text : undefined);
  const same = keys.filter((k) => {
    const a = text(canonical(d[k], depth + 1, (s) => refs.declared(s)));
    return a !== undefined && a === text(canonical(l[k], depth + 1, (s) => refs.live(s)));
  });
  return same.length * 2 > keys.length;
}

/** Indexes of `a`'s elements that `b` lacks, counting duplicates. */
function without(a: readonly string[], b: readonly string[]): number[] {
  const left = new Map<string, number>();
  for (const key of b) left.set(key, (left.get(key) ?? 0) + 1);
  const missing: number[] = [];
  a.forEach((key, i) => {
    const n = left.get(key) ?? 0;
    if (n > 0) left.set(key, n - 1);
    else missing.push(i);
  });
  return missing;
}

/** A comparable text of a value: excluded fields dropped, keys sorted, references resolved; or why it cannot be had. */
function canonical(value: unknown, depth: number, resolve: (text: string) => Resolved): Resolved {
  let problem: string | undefined;
  const walk = (v: unknown, level: number): unknown => {
    if (typeof v === 'string') {
      const r = resolve(v);
      if ('unresolved' in r) problem ??= r.unresolved;
      return 'text' in r ? r.text : v;
    }
    if (Array.isArray(v)) return v.map((e) => walk(e, level)).map((e) => JSON.stringify(e)).sort();
    if (isRecord(v)) {
      const entries = Object.keys(v)
        .filter((k) => !excluded(k, level, v))
        .sort()
        .map((k) => [k, walk(v[k], level + 1)]);
      return Object.fromEntries(entries);
    }
    return v;
  };
  const text = JSON.stringify(walk(value, depth));
  return problem === undefined ? { text } : { unresolved: problem };
}

/** An index of identities to resources, looked up whole or as the leading `/`-separated part of a longer string (an ARN path, an object key). */
export class IdentityIndex {
  private readonly byKey = new Map<string, Resource>();

  constructor(resources: readonly Resource[]) {
    for (const r of resources) for (const key of [r.id, ...(r.aliases ?? [])]) if (!this.byKey.has(identityKey(key))) this.byKey.set(identityKey(key), r);
  }

  /** The resource the text names, and what follows its identity (`/models/*` of a bucket ARN). */
  find(text: string): { readonly resource: Resource; readonly rest: string } | undefined {
    const lower = identityKey(text);
    const whole = this.byKey.get(lower);
    if (whole) return { resource: whole, rest: '' };
    for (let i = lower.lastIndexOf('/'); i > 0; i = lower.lastIndexOf('/', i - 1)) {
      const found = this.byKey.get(lower.slice(0, i));
      if (found) return { resource: found, rest: text.slice(i) };
    }
    return undefined;
  }
}

/** `STACK/Name` values of the IaC that name something its model holds no resource for (a subnet, a model). */
export function logicalNamespaces(declared: readonly Resource[], live: readonly Resource[]): Set<string> {
  const first = (id: string): string | undefined => (/^[^/:]+\//.exec(id)?.[0] ?? undefined);
  // Live ids only: live aliases may carry the IaC's own names (CloudFormation's STACK/LogicalId tags).
  const liveFirst = new Set(live.map((r) => first(r.id)).filter((p): p is string => p !== undefined));
  return new Set(declared.map((r) => first(r.id)).filter((p): p is string => p !== undefined && !liveFirst.has(p)));
}
