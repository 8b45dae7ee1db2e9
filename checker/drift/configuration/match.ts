// Pairs each resource the IaC declares with the live resource it became: by the identities both sides state
// (ids, ARNs, ARM ids, GCP names, and the aliases the readers derive from the tags each tool writes:
// CloudFormation's `STACK/LogicalId`, Pulumi URNs), then by name, then by reference from a pair already made.
// Two candidates are reported as ambiguous, never guessed.
import type { Inventory, Resource } from '../../../policies/model';

/** How one side names the resource whose identity matched. */
export type IdentityField = 'id' | 'alias';

export type MatchBasis =
  /** An identity the IaC states equals one the live read states (an ARN, an ARM id, `STACK/LogicalId` from CloudFormation's tags, a URN). */
  | { readonly by: 'identity'; readonly declaredField: IdentityField; readonly liveField: IdentityField; readonly key: string }
  /** Only the names agree (same kind, account and region where both state them). */
  | { readonly by: 'name'; readonly key: string }
  /**
   * A pair already matched refers to this resource at the same fact on both sides (the endpoint's storage key,
   * the deployment's identity): what the IaC's reference resolved to when it was deployed. Weaker than an
   * identity: if the referring fact itself drifted, the pair is the live resource now referred to.
   */
  | { readonly by: 'reference'; readonly from: string; readonly path: string };

export interface Match {
  readonly declared: Resource;
  readonly live: Resource;
  readonly basis: MatchBasis;
}

export interface Ambiguity {
  readonly kind: Resource['kind'];
  readonly declaredIds: readonly string[];
  readonly liveIds: readonly string[];
  readonly why: string;
}

export interface Matching {
  readonly matches: readonly Match[];
  readonly ambiguous: readonly Ambiguity[];
  readonly unmatchedDeclared: readonly Resource[];
  readonly unmatchedLive: readonly Resource[];
}

/** Identities compare case-insensitively: ARM ids and SageMaker names are, and no two resources of a kind differ only by case. */
export const identityKey = (text: string): string => text.toLowerCase();

function identities(resource: Resource): { readonly field: IdentityField; readonly key: string }[] {
  return [{ field: 'id' as const, key: resource.id }, ...(resource.aliases ?? []).map((alias) => ({ field: 'alias' as const, key: alias }))];
}

/** Both state it (an empty string states nothing: a preview before the subscription is known) and they differ: then the resources cannot be the same. */
const conflicts = (a: string | undefined, b: string | undefined): boolean => !!a && !!b && a.toLowerCase() !== b.toLowerCase();
const compatible = (declared: Resource, live: Resource): boolean =>
  declared.kind === live.kind && !conflicts(declared.account, live.account) && !conflicts(declared.region, live.region);

export interface Proposal {
  readonly live: Resource;
  readonly basis: MatchBasis;
}

export class Matcher {
  private readonly matches = new Map<Resource, Match>();
  private readonly liveTaken = new Set<Resource>();
  private readonly ambiguous: Ambiguity[] = [];
  private readonly settled = new Set<Resource>();

  /** Live resources by each identity (id, aliases) and by name, for lookups instead of scans. */
  private readonly liveByIdentity = new Map<string, Resource[]>();
  private readonly liveByName = new Map<string, Resource[]>();

  constructor(
    private readonly declared: readonly Resource[],
    private readonly live: readonly Resource[],
  ) {
    const add = (index: Map<string, Resource[]>, key: string, resource: Resource) => {
      const list = index.get(key) ?? [];
      if (!list.includes(resource)) list.push(resource);
      index.set(key, list);
    };
    for (const resource of live) {
      for (const { key } of identities(resource)) add(this.liveByIdentity, identityKey(key), resource);
      add(this.liveByName, identityKey(resource.name), resource);
    }
  }

  /** Pairs by identity, then the rest by name. */
  matchDirectly(): void {
    this.round((d) => this.byIdentity(d));
    this.round((d) => this.byName(d));
  }

  result(): Matching {
    return {
      matches: [...this.matches.values()],
      ambiguous: this.ambiguous,
      unmatchedDeclared: this.declared.filter((d) => !this.matches.has(d) && !this.settled.has(d)),
      unmatchedLive: this.live.filter((l) => !this.liveTaken.has(l) && !this.ambiguous.some((a) => a.liveIds.includes(l.id))),
    };
  }

  /** Adds pairs found by reference from pairs already made: per declared resource, each live one a pair refers to it as. */
  addByReference(proposals: ReadonlyMap<Resource, readonly Proposal[]>): number {
    let added = 0;
    for (const [declared, found] of proposals) {
      if (this.matches.has(declared) || this.settled.has(declared)) continue;
      const candidates = [...new Map(found.filter((p) => !this.liveTaken.has(p.live) && compatible(declared, p.live)).map((p) => [p.live, p])).values()];
      if (candidates.length === 1) {
        this.accept(declared, candidates[0]);
        added += 1;
      } else if (candidates.length > 1) {
        this.markAmbiguous([declared], candidates.map((c) => c.live), `pairs already matched refer to it as different live resources (${candidates.map((c) => (c.basis.by === 'reference' ? `${c.basis.from} ${c.basis.path}` : c.basis.by)).join('; ')})`);
      }
    }
    return added;
  }

  get current(): readonly Match[] {
    return [...this.matches.values()];
  }

  isOpen(resource: Resource, side: 'declared' | 'live'): boolean {
    return side === 'declared' ? !this.matches.has(resource) && !this.settled.has(resource) : !this.liveTaken.has(resource) && !this.ambiguous.some((a) => a.liveIds.includes(resource.id));
  }

  private byIdentity(declared: Resource): Proposal[] {
    const candidates = new Set(identities(declared).flatMap(({ key }) => this.liveByIdentity.get(identityKey(key)) ?? []));
    return [...candidates].flatMap((live) => {
      if (!compatible(declared, live)) return [];
      const liveIds = identities(live);
      for (const d of identities(declared)) {
        const l = liveIds.find((candidate) => identityKey(candidate.key) === identityKey(d.key));
        if (l) return [{ live, basis: { by: 'identity' as const, declaredField: d.field, liveField: l.field, key: d.key } }];
      }
      return [];
    });
  }

  private byName(declared: Resource): Proposal[] {
    return (this.liveByName.get(identityKey(declared.name)) ?? []).filter((live) => compatible(declared, live)).map((live) => ({ live, basis: { by: 'name' as const, key: declared.name } }));
  }

  /** One pass of one way of matching over the open resources; a live resource two declared ones claim is ambiguous for both. */
  private round(propose: (declared: Resource) => Proposal[]): void {
    const open = this.declared.filter((d) => this.isOpen(d, 'declared'));
    const proposals = new Map(open.map((d) => [d, propose(d).filter((p) => this.isOpen(p.live, 'live'))]));
    const claimants = new Map<Resource, Resource[]>();
    for (const [declared, found] of proposals) for (const p of found) claimants.set(p.live, [...(claimants.get(p.live) ?? []), declared]);
    for (const [declared, found] of proposals) {
      if (found.length === 0 || this.settled.has(declared)) continue;
      if (found.length > 1) {
        this.markAmbiguous([declared], found.map((p) => p.live), `${found.length} live resources match it by ${found[0].basis.by}`);
        continue;
      }
      const rivals = claimants.get(found[0].live) ?? [];
      if (rivals.length > 1) {
        this.markAmbiguous(rivals, [found[0].live], `${rivals.length} IaC resources match the same live resource by ${found[0].basis.by}`);
        continue;
      }
      this.accept(declared, found[0]);
    }
  }

  private accept(declared: Resource, proposal: Proposal): void {
    this.matches.set(declared, { declared, live: proposal.live, basis: proposal.basis });
    this.liveTaken.add(proposal.live);
  }

  private markAmbiguous(declared: readonly Resource[], live: readonly Resource[], why: string): void {
    const declaredIds = declared.map((d) => d.id).sort();
    if (this.ambiguous.some((a) => a.declaredIds.join('\u0000') === declaredIds.join('\u0000'))) return;
    for (const d of declared) this.settled.add(d);
    this.ambiguous.push({ kind: declared[0].kind, declaredIds, liveIds: [...new Set(live.map((l) => l.id))].sort(), why });
  }
}

/** The live resources within what the IaC covers: its resource kinds, accounts and regions. */
export function inScope(declared: Inventory, live: readonly Resource[]): Resource[] {
  const kinds = new Set(declared.resources.map((r) => r.kind));
  const accounts = new Set([...declared.scope.accounts, ...declared.resources.flatMap((r) => (r.account ? [r.account] : []))]);
  const regions = new Set([...declared.scope.regions, ...declared.resources.flatMap((r) => (r.region ? [r.region] : []))]);
  return live.filter(
    (r) => kinds.has(r.kind) && (accounts.size === 0 || r.account === undefined || accounts.has(r.account)) && (regions.size === 0 || r.region === undefined || regions.has(r.region)),
  );
}
