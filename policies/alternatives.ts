// Joins the findings of an inventory's alternatives (one per assignment of the choices a source
// leaves open, e.g. a template's undecidable conditions) into one finding per control and resource.
// Controls stay unaware: each judges one alternative at a time.
import type { Status } from './control';
import type { Evidence } from './model';
import type { Finding } from './evaluate';

export interface AlternativeFindings {
  /** What the alternative assumed, e.g. `condition HasKey = true`. */
  readonly assumptions: readonly string[];
  readonly findings: readonly Finding[];
}

type Entry = { readonly assumptions: readonly string[]; readonly finding: Finding };

const key = (f: Finding) => `${f.controlId}\u0000${f.resourceKind}\u0000${f.resourceId}`;
const under = (assumptions: readonly string[]) => (assumptions.length > 0 ? assumptions.join(', ') : 'no assumption');

function uniqueEvidence(evidence: readonly Evidence[]): Evidence[] {
  const seen = new Set<string>();
  return evidence.filter((e) => {
    const id = JSON.stringify([e.source, e.path, e.value]);
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

/**
 * The verdict under each alternative, said as briefly as is true: when the alternatives with one
 * status share assumptions that no alternative with another status makes, those assumptions alone
 * (`under condition HasKey = true: pass (...)`); otherwise every alternative's full assumptions.
 */
function describeVerdicts(entries: readonly Entry[]): string {
  const groups = new Map<Status, Entry[]>();
  for (const entry of entries) groups.set(entry.finding.status, [...(groups.get(entry.finding.status) ?? []), entry]);
  const shared = [...groups].map(([status, members]) => ({
    status,
    members,
    common: members[0].assumptions.filter((a) => members.every((m) => m.assumptions.includes(a))),
  }));
  const decisive =
    shared.length > 1 &&
    shared.every(({ status, common }) => common.length > 0 && entries.every((e) => e.finding.status === status || !common.every((a) => e.assumptions.includes(a))));
  if (decisive) {
    return shared.map(({ status, members, common }) => `under ${under(common)}: ${status} (${[...new Set(members.map((m) => m.finding.message))].join(' | ')})`).join('; ');
  }
  return entries.map((e) => `under ${under(e.assumptions)}: ${e.finding.status} (${e.finding.message})`).join('; ');
}

/**
 * Per control and resource: the same status under every alternative where the resource exists is
 * that status, with each alternative's evidence; different statuses are `unknown`, naming what was
 * assumed and the verdict under each. A resource missing from an alternative is not created there.
 */
export function joinAlternatives(alternatives: readonly AlternativeFindings[]): Finding[] {
  const order: string[] = [];
  const byKey = new Map<string, Entry[]>();
  for (const { assumptions, findings } of alternatives) {
    for (const finding of findings) {
      const k = key(finding);
      let entries = byKey.get(k);
      if (!entries) {
        entries = [];
        byKey.set(k, entries);
        order.push(k);
      }
      entries.push({ assumptions, finding });
    }
  }
  return order.map((k) => {
    const entries = byKey.get(k)!;
    const first = entries[0].finding;
    const evidence = uniqueEvidence(entries.flatMap((e) => e.finding.evidence));
    const statuses = new Set<Status>(entries.map((e) => e.finding.status));
    const messages = new Set(entries.map((e) => e.finding.message));
    if (statuses.size === 1 && messages.size === 1) {
      // Missing from some alternatives: the resource is only created under what those that have it share.
      const where = entries[0].assumptions.filter((a) => entries.every((e) => e.assumptions.includes(a)));
      const created = entries.length < alternatives.length && where.length > 0 ? ` (created only under ${under(where)})` : '';
      return { ...first, message: `${first.message}${created}`, evidence };
    }
    const verdicts = describeVerdicts(entries);
    if (statuses.size === 1) return { ...first, message: `${first.status} under every assignment of what the template leaves open: ${verdicts}`, evidence };
    return { ...first, status: 'unknown' as const, message: `depends on what the template leaves open: ${verdicts}`, evidence };
  });
}
