// Reading a JSON report back (`audit --format json`, `scan --format json`, or a merged one), for
// `inferguard merge`. The bytes are never trusted: a corrupt, truncated, foreign or newer document is a
// ReportFormatError naming the file and what is wrong, never a crash and never an empty report.
import { z } from 'zod';
import { describeIssues, estateSchema, gapSchema as gap, providerSchema as provider, record, scopeSchema, severitySchema as severity, statusSchema as status, waiverSchema as waiver } from '../document-schema';
import type { ResourceKind } from '../../policies/model';
import type { Report } from '../run';
import { RESOURCE_TYPES } from './resource-types';

/** The report format this inferguard writes and reads. */
export const REPORT_VERSION = 1;

export type ReportFormatProblem = 'corrupt' | 'foreign' | 'ocsf' | 'newer' | 'invalid';

export class ReportFormatError extends Error {
  constructor(
    message: string,
    readonly location: string,
    readonly problem: ReportFormatProblem,
  ) {
    super(message);
    this.name = 'ReportFormatError';
  }
}

// What merging and every renderer read is checked; the rest (evidence values, remediation text) is kept as written.
// Every kind the model has: RESOURCE_TYPES is typed over all of them, so a new kind reaches this list.
const resourceKind = z.enum(Object.keys(RESOURCE_TYPES.aws) as [ResourceKind, ...ResourceKind[]]);
const counts = z.object({ fail: z.number().int().min(0), unknown: z.number().int().min(0), pass: z.number().int().min(0), not_applicable: z.number().int().min(0) });
const evidence = z.looseObject({ source: z.string(), path: z.string(), value: z.unknown() });
const finding = z.looseObject({
  controlId: z.string().min(1),
  title: z.string(),
  severity,
  status,
  provider,
  resourceId: z.string().min(1),
  resourceName: z.string(),
  resourceKind,
  region: z.string().optional(),
  account: z.string().optional(),
  message: z.string(),
  evidence: z.array(evidence),
  waiver: z.looseObject({ id: z.string(), reason: z.string(), approvedBy: z.string(), expires: z.string() }).optional(),
});
const control = z.looseObject({
  id: z.string().min(1),
  title: z.string(),
  severity,
  subject: resourceKind,
  rationale: z.string(),
  remediation: z.looseObject({}),
  frameworks: z.looseObject({ nist80053r5: z.array(z.string()), mitreAtlas: z.array(z.string()) }),
  equivalents: z.array(z.looseObject({ tool: z.string(), id: z.string() })),
  compensatingControls: z.array(z.string()),
});

const reportV1 = z.looseObject({
  reportVersion: z.literal(REPORT_VERSION),
  tool: z.looseObject({ name: z.string(), version: z.string() }),
  generatedAt: z.iso.datetime({ offset: true }),
  provider,
  source: z.enum(['live', 'template', 'plan']),
  target: z.string().optional(),
  scope: scopeSchema,
  estate: estateSchema.optional(),
  baseline: z.string(),
  controls: z.array(control),
  findings: z.array(finding),
  gaps: z.array(gap),
  expiredWaivers: z.array(waiver),
  unusedWaivers: z.array(waiver),
  summary: z.looseObject({ findings: z.number().int().min(0), byStatus: counts }),
});

/** True for an OCSF event as `--format ocsf` writes them (an array of these) or `ocsf-jsonl` (one per line). */
function looksLikeOcsf(value: unknown): boolean {
  const event = record(value);
  return event !== undefined && typeof event.class_uid === 'number' && record(event.metadata) !== undefined;
}

const RERUN = 'write each shard with --format json';

/** Parses a JSON report; `location` (the file as the user named it) is in every error with what to do. */
export function parseReport(bytes: Uint8Array, location: string): Report {
  const text = Buffer.from(bytes).toString('utf8');
  if (text.trim() === '') throw new ReportFormatError(`${location} is empty (a truncated write, or the run that should have written it failed).`, location, 'corrupt');
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    const firstLine = text.trimStart().split('\n')[0];
    let jsonLines = false;
    try {
      jsonLines = looksLikeOcsf(JSON.parse(firstLine));
    } catch {
      // not JSON Lines either
    }
    if (jsonLines) throw ocsfError(location);
    const detail = error instanceof Error ? error.message : String(error);
    throw new ReportFormatError(`${location} is not valid JSON (${detail}): it is corrupt or truncated; run that shard again.`, location, 'corrupt');
  }
  if (Array.isArray(document) && (document.length === 0 || looksLikeOcsf(document[0]))) throw ocsfError(location);
  const top = record(document);
  if (top === undefined || !('reportVersion' in top)) {
    throw new ReportFormatError(`${location} is not an inferguard JSON report (no "reportVersion"); ${RERUN} (inferguard audit <cloud> --format json --output FILE).`, location, 'foreign');
  }
  const version = top.reportVersion;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new ReportFormatError(`${location} has no valid reportVersion (${JSON.stringify(version)}); ${RERUN}.`, location, 'invalid');
  }
  if (version > REPORT_VERSION) {
    const writer = record(top.tool)?.version;
    throw new ReportFormatError(
      `${location} has report format version ${version}${typeof writer === 'string' ? ` (written by inferguard ${writer})` : ''}; this inferguard reads version ${REPORT_VERSION}. Merge with the inferguard that wrote the shards (the same version in every job).`,
      location,
      'newer',
    );
  }
  const checked = reportV1.safeParse(document);
  if (!checked.success) throw new ReportFormatError(`${location} is not a valid inferguard report: ${describeIssues(checked.error)}; ${RERUN}.`, location, 'invalid');
  // The schema checked every field merging and the renderers read; the rest are the model's shapes, kept as written.
  return checked.data as unknown as Report;
}

function ocsfError(location: string): ReportFormatError {
  return new ReportFormatError(
    `${location} is OCSF output: OCSF events carry no coverage gaps, waivers or summary, so shards merged from them could hide a failed read. ${RERUN}, merge those, and render the merge with --format ocsf.`,
    location,
    'ocsf',
  );
}
