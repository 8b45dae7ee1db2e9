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
 * Per control and resource: the same status under every alternative where the resource exists is
 * that status, with each alternative's evidence; different statuses are `unknown`, naming what was
 * assumed and the verdict under each. A resource missing from an alternative is not created there.
 */
export function joinAlternatives(alternatives: readonly AlternativeFindings[]): Finding[] {
  const order: string[] = [];
  const byKey = new Map<string, { assumptions: readonly string[]; finding: Finding }[]>();
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
    if (entries.length === 1 && alternatives.length === 1) return first;
    const statuses = new Set<Status>(entries.map((e) => e.finding.status));
    const messages = new Set(entries.map((e) => e.finding.message));
    const perAlternative = entries.map((e) => `under ${under(e.assumptions)}: ${e.finding.status} (${e.finding.message})`).join('; ');
    if (statuses.size === 1) {
      const message = messages.size === 1 ? `${first.message} (the same under every assignment of the undecidable conditions)` : `${first.status} under every assignment of the undecidable conditions: ${perAlternative}`;
      return { ...first, message, evidence };
    }
    return {
      ...first,
      status: 'unknown' as const,
      message: `depends on what the template leaves open: ${perAlternative}`,
      evidence,
    };
  });
}
