// Waivers: an approved, expiring exception for a control on matching resources. A waived finding
// stays in every report, marked with its waiver; an expired waiver stops applying and is reported.
import { z } from 'zod';
import { allControls, findControl } from './controls/index';
import { didYouMean } from './config-error';
import type { Finding } from './evaluate';
import type { Resource, ResourceBase } from './model';

export interface Waiver {
  readonly id: string;
  readonly control: string;
  /**
   * Glob over any identity of the resource (see `resourceIdentities`): its id, its name, and the
   * aliases its adapter records. `*` stands for any run of characters.
   */
  readonly resource: string;
  readonly reason: string;
  readonly approvedBy: string;
  /** Last day the waiver applies (UTC), `YYYY-MM-DD`. */
  readonly expires: string;
}

const nonEmpty = (what: string, fix: string) =>
  z
    .string({ error: `${what} must be a string` })
    .superRefine((value, ctx) => {
      if (value.trim() === '') ctx.addIssue({ code: 'custom', message: `${what} is empty`, params: { fix } });
    });

/** Parses `YYYY-MM-DD` as a real calendar date (rejects 2025-02-30); null when it is not one. */
export function parseIsoDate(text: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? date : null;
}

export const waiverSchema = z.strictObject({
  id: nonEmpty('the waiver id', 'give the waiver a short unique id, e.g. "WVR-001"'),
  control: z.string({ error: 'the control id must be a string' }).superRefine((control, ctx) => {
    if (findControl(control)) return;
    const suggestion = didYouMean(
      control,
      allControls.map((c) => c.id),
    );
    ctx.addIssue({
      code: 'custom',
      message: `no control has id "${control}"`,
      params: { fix: suggestion ? `did you mean "${suggestion}"?` : 'use an id from `inferguard controls` (e.g. "model-network-isolation")' },
    });
  }),
  resource: nonEmpty('the resource pattern', 'name an ARN, a name, a CDK construct path or STACK/LogicalId of the resource it covers; `*` matches any run of characters'),
  reason: nonEmpty('the reason', 'say why the exception is acceptable and what compensates for it'),
  approvedBy: nonEmpty('the approver', 'name the person or group who approved the exception'),
  expires: z.string({ error: 'the expiry date must be a string in quotes' }).superRefine((text, ctx) => {
    if (!parseIsoDate(text)) {
      ctx.addIssue({
        code: 'custom',
        message: `"${text}" is not a real date in the form YYYY-MM-DD`,
        params: { fix: 'give the last day the waiver applies, e.g. "2026-12-31" (quoted in YAML)' },
      });
    }
  }),
});

export const waiverListSchema = z.array(waiverSchema).superRefine((waivers, ctx) => {
  const seen = new Map<string, number>();
  waivers.forEach((w, index) => {
    const first = seen.get(w.id);
    if (first !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: [index, 'id'],
        message: `duplicate waiver id "${w.id}" (also at waivers[${first}])`,
        params: { fix: 'give every waiver its own id' },
      });
    } else seen.set(w.id, index);
  });
});

/** True when the glob (`*` = any run of characters, everything else literal) matches the whole text. */
export function globMatches(glob: string, text: string): boolean {
  const source = glob
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`, 's').test(text);
}

/** A waiver applies through the whole of its `expires` day (UTC) and stops at the next midnight UTC. */
export function isExpired(waiver: Waiver, now: Date): boolean {
  const lastDay = parseIsoDate(waiver.expires);
  if (!lastDay) return true;
  return now.getTime() >= lastDay.getTime() + 24 * 60 * 60 * 1000;
}

/**
 * Every identity a resource is known by, the same way in every tool, so that one waiver pattern
 * matches it in `scan`, the CDK plugin and `audit`: its id (an ARN live, `STACK/LogicalId` in a
 * template), its name, and the adapter's aliases (a template's CDK construct path and the ARN its
 * literal name gives; a live resource's `STACK/LogicalId` from CloudFormation's tags).
 */
export function resourceIdentities(resource: Pick<ResourceBase, 'id' | 'name' | 'aliases'>): string[] {
  return [...new Set([resource.id, resource.name, ...(resource.aliases ?? [])])];
}

/** True when the waiver's resource pattern matches any identity of the resource. */
export function waiverMatchesResource(waiver: Pick<Waiver, 'resource'>, resource: Pick<ResourceBase, 'id' | 'name' | 'aliases'>): boolean {
  return resourceIdentities(resource).some((identity) => globMatches(waiver.resource, identity));
}

/**
 * Marks failing and unknown findings covered by a current waiver (the first matching one in file
 * order). Findings are never removed. Expired waivers apply to nothing and are returned in
 * `expired`; current waivers that covered no failing or unknown finding are returned in `unused`.
 * `resources` (the judged inventory's) supply the aliases; without them a finding is matched by its
 * resource id and name.
 */
export function applyWaivers(
  findings: readonly Finding[],
  waivers: readonly Waiver[],
  now: Date,
  resources: readonly Resource[] = [],
): { findings: Finding[]; expired: Waiver[]; unused: Waiver[] } {
  const expired = waivers.filter((w) => isExpired(w, now));
  const current = waivers.filter((w) => !isExpired(w, now));
  const aliases = new Map(resources.map((r) => [`${r.kind}\u0000${r.id}`, r.aliases] as const));
  const used = new Set<Waiver>();
  const marked = findings.map((finding) => {
    if (finding.status !== 'fail' && finding.status !== 'unknown') return finding;
    const subject = { id: finding.resourceId, name: finding.resourceName, aliases: aliases.get(`${finding.resourceKind}\u0000${finding.resourceId}`) };
    const waiver = current.find((w) => w.control === finding.controlId && waiverMatchesResource(w, subject));
    if (!waiver) return finding;
    used.add(waiver);
    return { ...finding, waiver: { id: waiver.id, reason: waiver.reason, approvedBy: waiver.approvedBy, expires: waiver.expires } };
  });
  return { findings: marked, expired, unused: current.filter((w) => !used.has(w)) };
}
