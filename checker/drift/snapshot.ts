// A drift snapshot: what one audit run saw, stored so the next run can say what changed. It holds the
// report's judgements (findings, gaps, waiver state) for posture drift and the live inventory's resources
// for configuration drift. Reading one never trusts the bytes: a corrupt, truncated, foreign or newer
// document is a SnapshotFormatError naming where it came from, never a crash and never "no drift".
import { z } from 'zod';
import { describeIssues, estateSchema, gapSchema as gap, providerSchema as provider, record, scopeSchema, severitySchema as severity, statusSchema as status, waiverSchema as waiver } from '../document-schema';
import type { Finding } from '../../policies/evaluate';
import type { CoverageGap, EstateCoverage, Inventory, Provider, Resource } from '../../policies/model';
import type { Waiver } from '../../policies/waivers';
import type { ToolInfo } from '../package-info';
import type { Report } from '../run';

/** The format this inferguard writes. Bump it (and add an upgrade below) when the shape changes. */
export const SNAPSHOT_VERSION = 1;
/** Marks the document as ours: a JSON file of some other tool is "foreign", not "corrupt". */
export const SNAPSHOT_KIND = 'inferguard-drift-snapshot';

export interface Snapshot {
  readonly kind: typeof SNAPSHOT_KIND;
  readonly snapshotVersion: typeof SNAPSHOT_VERSION;
  /** The inferguard that wrote it. */
  readonly tool: ToolInfo;
  /** ISO 8601, UTC. */
  readonly takenAt: string;
  readonly provider: Provider;
  readonly scope: { readonly accounts: readonly string[]; readonly regions: readonly string[] };
  /** Organization-wide runs: the estate and the shard this snapshot covers (its history is that shard's). */
  readonly estate?: EstateCoverage;
  readonly baseline: string;
  /** Every finding of the run, waived ones marked (the report's own list). */
  readonly findings: readonly Finding[];
  /** Reads that failed. */
  readonly gaps: readonly CoverageGap[];
  readonly waivers: { readonly expired: readonly Waiver[]; readonly unused: readonly Waiver[] };
  /** The live inventory's resources, as the adapters stated them (configuration drift compares them with the IaC). */
  readonly resources: readonly Resource[];
}

/** A stored document that is not a snapshot this inferguard can read; the message names its location. */
export class SnapshotFormatError extends Error {
  constructor(
    message: string,
    readonly location: string,
    readonly reason: 'corrupt' | 'foreign' | 'newer' | 'invalid',
  ) {
    super(message);
    this.name = 'SnapshotFormatError';
  }
}

export function snapshotOf(report: Report, inventory: Inventory): Snapshot {
  return {
    kind: SNAPSHOT_KIND,
    snapshotVersion: SNAPSHOT_VERSION,
    tool: report.tool,
    takenAt: report.generatedAt,
    provider: report.provider,
    scope: report.scope,
    ...(report.estate ? { estate: report.estate } : {}),
    baseline: report.baseline,
    findings: report.findings,
    gaps: report.gaps,
    waivers: { expired: report.expiredWaivers, unused: report.unusedWaivers },
    resources: inventory.resources,
  };
}

export function serializeSnapshot(snapshot: Snapshot): Uint8Array {
  return Buffer.from(`${JSON.stringify(snapshot)}\n`, 'utf8');
}

// The schema checks what posture drift reads (ids, statuses, waiver ids). Resources are checked for their
// identity only: their facts are the model's many shapes, and configuration drift judges them itself.
const finding = z.looseObject({
  controlId: z.string(),
  title: z.string(),
  severity,
  status,
  provider,
  resourceId: z.string(),
  resourceName: z.string(),
  resourceKind: z.string(),
  region: z.string().optional(),
  account: z.string().optional(),
  message: z.string(),
  evidence: z.array(z.unknown()),
  waiver: z.looseObject({ id: z.string() }).optional(),
});
const resource = z.looseObject({ id: z.string(), kind: z.string(), name: z.string(), provider, account: z.string().optional(), region: z.string().optional() });

const snapshotV1 = z.object({
  kind: z.literal(SNAPSHOT_KIND),
  snapshotVersion: z.literal(1),
  tool: z.looseObject({ name: z.string(), version: z.string() }),
  takenAt: z.iso.datetime({ offset: true }),
  provider,
  scope: scopeSchema,
  estate: estateSchema.optional(),
  baseline: z.string(),
  findings: z.array(finding),
  gaps: z.array(gap),
  waivers: z.object({ expired: z.array(waiver), unused: z.array(waiver) }),
  resources: z.array(resource),
});

/** One step of the upgrade path: a document of version `from` (already checked by its schema) to version `from + 1`. */
export interface SnapshotUpgrade {
  readonly from: number;
  readonly schema: z.ZodType<unknown>;
  upgrade(document: unknown): unknown;
}

/** The formats this inferguard reads: each older version's schema and its upgrade to the next, then the current schema. */
export interface SnapshotFormats {
  readonly current: number;
  readonly currentSchema: z.ZodType<unknown>;
  /** Indexed by the version they read; empty while version 1 is the only one. */
  readonly upgrades: readonly SnapshotUpgrade[];
}

export const SNAPSHOT_FORMATS: SnapshotFormats = { current: SNAPSHOT_VERSION, currentSchema: snapshotV1, upgrades: [] };

/**
 * Parses stored bytes into a current-version snapshot, upgrading older versions. `location` (a file path or
 * object URL) is named in every error with what is wrong and what to do.
 */
export function parseSnapshot(bytes: Uint8Array, location: string, formats: SnapshotFormats = SNAPSHOT_FORMATS): Snapshot {
  const text = Buffer.from(bytes).toString('utf8');
  const move = `move it out of the snapshot store (the next run then compares with the snapshot before it)`;
  if (text.trim() === '') throw new SnapshotFormatError(`Snapshot ${location} is empty (a truncated write?); ${move}.`, location, 'corrupt');
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new SnapshotFormatError(`Snapshot ${location} is not valid JSON (${detail}); it is corrupt or truncated; ${move}.`, location, 'corrupt');
  }
  const top = record(document);
  if (top?.kind !== SNAPSHOT_KIND) {
    throw new SnapshotFormatError(`${location} is not an inferguard drift snapshot (no "kind": "${SNAPSHOT_KIND}"); keep other files out of the snapshot store, or ${move}.`, location, 'foreign');
  }
  const version = top.snapshotVersion;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new SnapshotFormatError(`Snapshot ${location} has no valid snapshotVersion (${JSON.stringify(version)}); ${move}.`, location, 'invalid');
  }
  if (version > formats.current) {
    const writer = record(top.tool)?.version;
    throw new SnapshotFormatError(
      `Snapshot ${location} has format version ${version}${typeof writer === 'string' ? ` (written by inferguard ${writer})` : ''}; this inferguard reads versions up to ${formats.current}. Upgrade inferguard, or use a separate --store for the older version.`,
      location,
      'newer',
    );
  }
  let current: unknown = document;
  for (let v = version; v < formats.current; v += 1) {
    const step = formats.upgrades.find((u) => u.from === v);
    if (step === undefined) throw new SnapshotFormatError(`Snapshot ${location} has format version ${v}, which this inferguard can no longer read; ${move}.`, location, 'invalid');
    const checked = step.schema.safeParse(current);
    if (!checked.success) throw new SnapshotFormatError(`Snapshot ${location} (version ${v}) is not valid: ${describeIssues(checked.error)}; ${move}.`, location, 'invalid');
    current = step.upgrade(checked.data);
  }
  const checked = formats.currentSchema.safeParse(current);
  if (!checked.success) throw new SnapshotFormatError(`Snapshot ${location} is not valid: ${describeIssues(checked.error)}; ${move}.`, location, 'invalid');
  // The schema checked every field posture drift reads; the rest are the model's shapes, kept as written.
  return checked.data as Snapshot;
}
