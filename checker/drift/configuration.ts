// Configuration drift: what a stack's IaC declared (the inventory `inferguard scan` reads from a template,
// a cloud assembly or a Pulumi stack export / preview) against what is live (the inventory `inferguard
// audit` reads). Pure: two inventories in, one result out; no cloud call.
import type { Evidence, Inventory, Provider, Resource, ResourceKind } from '../../policies/model';
import { compareResources, IdentityIndex, logicalNamespaces, type Comparison, type References, type ReferencePair } from './configuration/compare';
import { controlIdsFor, controlsReading } from './configuration/controls-by-fact';
import { inScope, Matcher, type Match, type MatchBasis, type Proposal } from './configuration/match';

/** Why each model field is left out of the comparison (for docs and `--explain`). */
export { EXCLUDED_FIELDS } from './configuration/compare';
export type { MatchBasis } from './configuration/match';

export const CONFIGURATION_DRIFT_SCHEMA_VERSION = 1;

/**
 * The JSON shape (`JSON.stringify(configurationDrift(declared, live))`), schema version 1:
 *
 * ```
 * {
 *   "schemaVersion": 1,
 *   "provider": "aws" | "azure" | "gcp",
 *   "scope": { "kinds": ["endpoint", "key", ...], "accounts": [...], "regions": [...] },  // what the IaC covers; live resources outside it are ignored
 *   "summary": { "declared", "live", "matched", "drifted", "differences", "notComparable", "notFoundLive", "outOfBand", "ambiguous" },  // counts
 *   "resources": [{                                   // one per matched pair, drifted ones first
 *     "kind": "key", "declaredId": "Stack/Key1A2B", "liveId": "arn:aws:kms:...:key/...", "name": "...",
 *     "matchedBy": { "by": "identity", "declaredField": "id"|"alias", "liveField": "id"|"alias", "key": "..." }
 *                | { "by": "name", "key": "..." }
 *                | { "by": "reference", "from": "<declared id of the pair that refers to it>", "path": "storageKeyId" },
 *     "differences": [{ "path": "rotationPeriodDays", "declared": 365, "live": null,
 *                       "added"?: [...], "removed"?: [...],        // lists compared as sets: elements only live has / only the IaC has
 *                       "controlIds": ["key-rotation-enabled"],    // the controls that read this fact
 *                       "evidence": { "declared": [Evidence], "live": [Evidence] } }],
 *     "notComparable": [{ "path": "requestLogging", "side": "declared"|"live"|"both", "reason": "...", "controlIds": [...] }]
 *   }],
 *   "notFoundLive": [{ "kind", "id", "name", "reason" }],    // declared, no live match in scope: not deployed, deleted, or not read by the audit
 *   "outOfBand": [{ "kind", "id", "name" }],                  // live in scope, declared by no IaC resource
 *   "ambiguous": [{ "kind", "declaredIds": [...], "liveIds": [...], "why": "..." }]  // several candidates: not guessed
 * }
 * ```
 * Paths are the model's field names: `deployments[AllTraffic].images[0].digest` (a deployment by name, an
 * element of a set by its position in the IaC's list). A fact unknown on either side is never "no drift":
 * it is listed under notComparable with why.
 */
export interface ConfigurationDrift {
  readonly schemaVersion: typeof CONFIGURATION_DRIFT_SCHEMA_VERSION;
  readonly provider: Provider;
  readonly scope: { readonly kinds: readonly ResourceKind[]; readonly accounts: readonly string[]; readonly regions: readonly string[] };
  readonly summary: DriftSummary;
  readonly resources: readonly ResourceDrift[];
  readonly notFoundLive: readonly { readonly kind: ResourceKind; readonly id: string; readonly name: string; readonly reason: string }[];
  readonly outOfBand: readonly { readonly kind: ResourceKind; readonly id: string; readonly name: string }[];
  readonly ambiguous: readonly { readonly kind: ResourceKind; readonly declaredIds: readonly string[]; readonly liveIds: readonly string[]; readonly why: string }[];
}

export interface DriftSummary {
  readonly declared: number;
  /** Live resources within the IaC's scope. */
  readonly live: number;
  readonly matched: number;
  /** Matched pairs with at least one difference. */
  readonly drifted: number;
  readonly differences: number;
  readonly notComparable: number;
  readonly notFoundLive: number;
  readonly outOfBand: number;
  readonly ambiguous: number;
}

export interface ResourceDrift {
  readonly kind: ResourceKind;
  readonly declaredId: string;
  readonly liveId: string;
  readonly name: string;
  readonly matchedBy: MatchBasis;
  readonly differences: readonly FactDrift[];
  readonly notComparable: readonly { readonly path: string; readonly side: 'declared' | 'live' | 'both'; readonly reason: string; readonly controlIds: readonly string[] }[];
}

export interface FactDrift {
  readonly path: string;
  readonly declared: unknown;
  readonly live: unknown;
  readonly added?: readonly unknown[];
  readonly removed?: readonly unknown[];
  readonly controlIds: readonly string[];
  readonly evidence: { readonly declared: readonly Evidence[]; readonly live: readonly Evidence[] };
}

/** The two inventories cannot be compared as given (how to fix it is in the message). */
export class ConfigurationDriftInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigurationDriftInputError';
  }
}

function checkInputs(declared: Inventory, live: Inventory): void {
  if (declared.provider !== live.provider) {
    throw new ConfigurationDriftInputError(`the IaC is for ${declared.provider} but the live inventory is of ${live.provider}: compare a stack with an audit of the cloud it deploys to`);
  }
  if (live.source !== 'live') {
    throw new ConfigurationDriftInputError(`the live side must come from an audit (source "live"), got an inventory read from a ${live.source}: pass the IaC first and the audit second`);
  }
  if (declared.source === 'live') {
    throw new ConfigurationDriftInputError('the IaC side is a live inventory: pass what `inferguard scan` reads from a template, cloud assembly or Pulumi stack export');
  }
}

/** Each IaC resource paired with the live one it became; each difference in their security-relevant facts; what is only on one side. */
export function configurationDrift(declared: Inventory, live: Inventory): ConfigurationDrift {
  checkInputs(declared, live);
  const liveInScope = inScope(declared, live.resources);
  const matcher = new Matcher(declared.resources, liveInScope);
  matcher.matchDirectly();

  const declaredIndex = new IdentityIndex(declared.resources);
  const liveIndex = new IdentityIndex(live.resources);
  const namespaces = [...logicalNamespaces(declared.resources, live.resources)];
  const refs = (): References => {
    const liveOf = new Map(matcher.current.map((m) => [m.declared, m.live]));
    const liveText = (text: string) => {
      const found = liveIndex.find(text);
      return found ? { text: found.resource.id + found.rest, names: found.resource } : { text };
    };
    return {
      live: liveText,
      declared: (text) => {
        const found = declaredIndex.find(text);
        if (found) {
          const twin = liveOf.get(found.resource);
          return twin ? { text: twin.id + found.rest, names: found.resource } : { unresolved: `names ${found.resource.kind} ${found.resource.id} of the IaC, which has no live match`, names: found.resource };
        }
        if (namespaces.some((prefix) => text.startsWith(prefix))) return { unresolved: `names ${text} of the IaC, which the IaC's model holds no resource for, so its live id is not known` };
        // A literal id in the IaC (a key made elsewhere): the same form as the live side's.
        return { text: liveText(text).text };
      },
    };
  };

  // Pairs already made refer to other resources at the same facts: pair those too, until nothing new is found.
  // Each pair is read for references once: what it proposes does not change as other pairs are made.
  const inScopeLive = new Set(liveInScope);
  const scanned = new Set<Resource>();
  // A comparison that waits on no pairing is final: pairs are only ever added, so it would not change.
  const final = new Map<Resource, Comparison>();
  for (;;) {
    const current = refs();
    const proposals = new Map<Resource, Proposal[]>();
    for (const match of matcher.current) {
      if (scanned.has(match.declared)) continue;
      scanned.add(match.declared);
      const comparison = compareResources(match.declared, match.live, current);
      if (!comparison.awaitsPairing) final.set(match.declared, comparison);
      for (const ref of comparison.references) {
        if (!matcher.isOpen(ref.declared, 'declared') || !matcher.isOpen(ref.live, 'live') || !inScopeLive.has(ref.live)) continue;
        proposals.set(ref.declared, [...(proposals.get(ref.declared) ?? []), proposal(match, ref)]);
      }
    }
    if (proposals.size === 0 || matcher.addByReference(proposals) === 0) break;
  }

  const matching = matcher.result();
  const finalRefs = refs();
  const resources = matching.matches.map((match) => resourceDrift(match, final.get(match.declared) ?? compareResources(match.declared, match.live, finalRefs), declared, live));
  resources.sort((a, b) => Number(b.differences.length > 0) - Number(a.differences.length > 0) || a.kind.localeCompare(b.kind) || a.declaredId.localeCompare(b.declaredId));

  const notFoundLive = matching.unmatchedDeclared.map((r) => ({
    kind: r.kind,
    id: r.id,
    name: r.name,
    reason: `no live ${r.kind} in scope has its id, an alias or its name${r.aliases?.length ? ` (${[r.id, ...r.aliases].join(', ')})` : ` (${r.id})`}, and no matched resource refers to one: not deployed, deleted, renamed, or not read by the live audit (the AWS audit reads what endpoints use)`,
  }));
  const outOfBand = matching.unmatchedLive.map((r) => ({ kind: r.kind, id: r.id, name: r.name }));
  return {
    schemaVersion: CONFIGURATION_DRIFT_SCHEMA_VERSION,
    provider: declared.provider,
    scope: {
      kinds: [...new Set(declared.resources.map((r) => r.kind))].sort(),
      accounts: [...new Set([...declared.scope.accounts, ...declared.resources.flatMap((r) => (r.account ? [r.account] : []))])].sort(),
      regions: [...new Set([...declared.scope.regions, ...declared.resources.flatMap((r) => (r.region ? [r.region] : []))])].sort(),
    },
    summary: {
      declared: declared.resources.length,
      live: liveInScope.length,
      matched: resources.length,
      drifted: resources.filter((r) => r.differences.length > 0).length,
      differences: resources.reduce((n, r) => n + r.differences.length, 0),
      notComparable: resources.reduce((n, r) => n + r.notComparable.length, 0),
      notFoundLive: notFoundLive.length,
      outOfBand: outOfBand.length,
      ambiguous: matching.ambiguous.length,
    },
    resources,
    notFoundLive,
    outOfBand,
    ambiguous: matching.ambiguous,
  };
}

function proposal(from: Match, ref: ReferencePair): Proposal {
  return { live: ref.live, basis: { by: 'reference', from: from.declared.id, path: ref.path } };
}

function resourceDrift(match: Match, comparison: Comparison, declared: Inventory, live: Inventory): ResourceDrift {
  // Which controls read what: learnt only for pairs that have something to report (it runs every control twice).
  const readers =
    comparison.differences.length + comparison.notComparable.length === 0
      ? new Map<string, Set<string>>()
      : controlsReading([
          { resource: match.declared, inventory: declared },
          { resource: match.live, inventory: live },
        ]);
  return {
    kind: match.declared.kind,
    declaredId: match.declared.id,
    liveId: match.live.id,
    name: match.live.name,
    matchedBy: match.basis,
    differences: comparison.differences.map((d) => ({
      path: d.path,
      declared: d.declared,
      live: d.live,
      ...(d.added ? { added: d.added } : {}),
      ...(d.removed ? { removed: d.removed } : {}),
      controlIds: controlIdsFor(d.path, readers),
      evidence: d.evidence,
    })),
    notComparable: comparison.notComparable.map((n) => ({ ...n, controlIds: controlIdsFor(n.path, readers) })),
  };
}

/** True when the comparison found something to act on: a difference, or a resource only on one side. */
export function hasConfigurationDrift(drift: ConfigurationDrift): boolean {
  return drift.summary.drifted > 0 || drift.summary.notFoundLive > 0 || drift.summary.outOfBand > 0;
}

const show = (value: unknown): string => {
  const text = JSON.stringify(value) ?? 'absent';
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
};

function describeBasis(basis: MatchBasis): string {
  if (basis.by === 'identity') return `${basis.declaredField} = live ${basis.liveField} ${basis.key}`;
  if (basis.by === 'name') return `name ${basis.key}`;
  return `reference from ${basis.from} (${basis.path})`;
}

/** A few lines per changed resource, for people; the JSON above is for machines. */
export function renderConfigurationDrift(drift: ConfigurationDrift): string {
  const s = drift.summary;
  const lines = [
    `Configuration drift (${drift.provider}): ${s.matched} of ${s.declared} IaC resources matched to live ones; ${s.drifted} drifted (${s.differences} differences), ${s.notComparable} facts not comparable, ${s.notFoundLive} not found live, ${s.outOfBand} out of band, ${s.ambiguous} ambiguous.`,
  ];
  for (const r of drift.resources.filter((x) => x.differences.length > 0)) {
    lines.push('', `${r.kind} ${r.name} (${r.liveId}; IaC ${r.declaredId}, matched by ${describeBasis(r.matchedBy)})`);
    for (const d of r.differences) {
      const controls = d.controlIds.length > 0 ? ` [${d.controlIds.join(', ')}]` : '';
      const change = d.added || d.removed ? `only live: ${show(d.added ?? [])}; only IaC: ${show(d.removed ?? [])}` : `IaC ${show(d.declared)} -> live ${show(d.live)}`;
      lines.push(`  ${d.path}: ${change}${controls}`);
    }
  }
  const unclear = drift.resources.filter((x) => x.notComparable.length > 0);
  if (unclear.length > 0) {
    lines.push('', 'Not comparable (unknown on a side: not "no drift"):');
    for (const r of unclear) for (const n of r.notComparable) lines.push(`  ${r.kind} ${r.name} ${n.path}: ${n.reason}`);
  }
  if (drift.notFoundLive.length > 0) lines.push('', 'Declared, not found live (not deployed, deleted, or not read by the audit):', ...drift.notFoundLive.map((r) => `  ${r.kind} ${r.id}`));
  if (drift.outOfBand.length > 0) lines.push('', 'Live, declared by no IaC resource (out of band):', ...drift.outOfBand.map((r) => `  ${r.kind} ${r.id}`));
  if (drift.ambiguous.length > 0) lines.push('', 'Ambiguous (not guessed):', ...drift.ambiguous.map((a) => `  ${a.kind} ${a.declaredIds.join(', ')} ~ ${a.liveIds.join(', ')}: ${a.why}`));
  return `${lines.join('\n')}\n`;
}
