// SARIF 2.1.0 for code-scanning dashboards.
//
// Only results that need someone's attention are emitted: `fail` (kind "fail", level from the
// severity) and `unknown` (kind "review", level "none" as the spec requires for any kind but fail).
// Pass and not_applicable are left out: SARIF consumers such as GitHub code scanning turn every
// result into an alert. The JSON, JUnit and OCSF formats carry every result. Waived findings are
// kept, with an accepted external suppression carrying the waiver's justification, so dashboards
// show them as dismissed rather than losing them. Coverage gaps become tool execution
// notifications and mark the invocation unsuccessful.
import { createHash } from 'node:crypto';
import type * as Sarif from 'sarif';
import type { Severity } from '../../policies/control';
import type { Finding } from '../../policies/evaluate';
import type { Report, ReportControl } from '../run';
import type { RenderOptions } from './options';
import { repositoryRoot, templateLocator, type FileLocation } from './locations';
import { resourceType } from './resource-types';
import { concrete, describeGap, formatEvidence } from './text';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
/** SARIF's name for the folder relative artifact URIs start from: the repository root. */
export const SOURCE_ROOT = '%SRCROOT%';

/** GitHub's security-severity scale: critical > 9.0, high 7.0–8.9, medium 4.0–6.9, low 0.1–3.9. */
const SECURITY_SEVERITY: Readonly<Record<Severity, string>> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: '0.0',
};

const LEVEL: Readonly<Record<Severity, Sarif.Result.level>> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
};

function helpText(control: ReportControl): { text: string; markdown: string } {
  const fixes = [
    control.remediation.iac ? ['In infrastructure code', control.remediation.iac] : undefined,
    control.remediation.live ? ['On a live resource', control.remediation.live] : undefined,
  ].filter((fix): fix is [string, string] => fix !== undefined);
  const mappings = [
    control.frameworks.nist80053r5.length ? `NIST SP 800-53 r5: ${control.frameworks.nist80053r5.join(', ')}` : undefined,
    control.frameworks.mitreAtlas.length ? `MITRE ATLAS: ${control.frameworks.mitreAtlas.join(', ')}` : undefined,
  ].filter((line): line is string => line !== undefined);
  const text = [control.rationale, ...fixes.map(([where, how]) => `${where}: ${how}`), ...mappings].join('\n\n');
  const markdown = [
    `**${control.title}** (${control.severity})`,
    control.rationale,
    ...(fixes.length ? ['**Remediation**', ...fixes.map(([where, how]) => `- ${where}: ${how}`)] : []),
    ...mappings.map((line) => `_${line}_`),
  ].join('\n\n');
  return { text, markdown };
}

function pascalCase(id: string): string {
  return id
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

function rule(control: ReportControl): Sarif.ReportingDescriptor {
  return {
    id: control.id,
    name: pascalCase(control.id),
    shortDescription: { text: control.title },
    fullDescription: { text: control.rationale },
    help: helpText(control),
    defaultConfiguration: { level: LEVEL[control.severity] },
    properties: {
      'security-severity': SECURITY_SEVERITY[control.severity],
      precision: 'very-high',
      tags: [
        'security',
        ...control.frameworks.nist80053r5.map((id) => `NIST-SP-800-53r5/${id}`),
        ...control.frameworks.mitreAtlas.map((id) => `MITRE-ATLAS/${id}`),
      ],
      equivalents: control.equivalents.map((e) => `${e.tool}: ${e.id}`),
    },
  };
}

function fingerprint(finding: Finding): string {
  return createHash('sha256').update(`${finding.provider}\u0000${finding.controlId}\u0000${finding.resourceId}`).digest('hex');
}

type Locate = (resourceId: string) => FileLocation;

function physicalLocation(file: FileLocation): Sarif.PhysicalLocation {
  return {
    artifactLocation: { uri: file.uri, ...(file.underRoot ? { uriBaseId: SOURCE_ROOT } : {}) },
    ...(file.line === undefined ? {} : { region: { startLine: file.line } }),
  };
}

function locations(finding: Finding, locate: Locate | undefined): Sarif.Location[] {
  const logical: Sarif.LogicalLocation = {
    name: finding.resourceName,
    fullyQualifiedName: finding.resourceId,
    kind: resourceType(finding.provider, finding.resourceKind),
  };
  // A template scan has a file to point at; a live resource has only its logical identity.
  return [{ ...(locate ? { physicalLocation: physicalLocation(locate(finding.resourceId)) } : {}), logicalLocations: [logical] }];
}

function result(finding: Finding, ruleIndex: number, locate: Locate | undefined): Sarif.Result {
  const failed = finding.status === 'fail';
  return {
    ruleId: finding.controlId,
    ruleIndex,
    kind: failed ? 'fail' : 'review',
    level: failed ? LEVEL[finding.severity] : 'none',
    message: {
      text: failed
        ? `${finding.resourceName}: ${finding.message}`
        : `${finding.resourceName}: could not be checked, so it is not known to comply: ${finding.message}`,
    },
    locations: locations(finding, locate),
    partialFingerprints: { 'inferguardFinding/v1': fingerprint(finding) },
    ...(finding.waiver
      ? {
          suppressions: [
            {
              kind: 'external',
              status: 'accepted',
              justification: `${finding.waiver.reason} (approved by ${finding.waiver.approvedBy}, expires ${finding.waiver.expires})`,
              properties: { waiverId: finding.waiver.id, approvedBy: finding.waiver.approvedBy, expires: finding.waiver.expires },
            },
          ],
        }
      : {}),
    properties: {
      'security-severity': SECURITY_SEVERITY[finding.severity],
      severity: finding.severity,
      status: finding.status,
      resourceKind: finding.resourceKind,
      ...(concrete(finding.account) ? { account: finding.account } : {}),
      ...(concrete(finding.region) ? { region: finding.region } : {}),
      evidence: finding.evidence.map((e) => formatEvidence(e)),
    },
  };
}

export function toSarif(report: Report, options: RenderOptions = {}): Sarif.Log {
  const cwd = options.cwd ?? process.cwd();
  const root = options.root ?? repositoryRoot(cwd);
  const locate = report.source !== 'live' && report.target !== undefined ? templateLocator(report.target, cwd, root) : undefined;
  const controls = [...report.controls];
  // A finding whose control is missing from the report's list still needs a rule to point at.
  for (const f of report.findings) {
    if (!controls.some((c) => c.id === f.controlId)) {
      controls.push({
        id: f.controlId,
        title: f.title,
        severity: f.severity,
        subject: f.resourceKind,
        rationale: f.title,
        remediation: {},
        frameworks: { nist80053r5: [], mitreAtlas: [] },
        equivalents: [],
        compensatingControls: [],
      });
    }
  }
  const ruleIndex = new Map(controls.map((c, i) => [c.id, i]));
  const results = report.findings
    .filter((f) => f.status === 'fail' || f.status === 'unknown')
    .map((f) => result(f, ruleIndex.get(f.controlId) ?? -1, locate));
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: report.tool.name,
            version: report.tool.version,
            semanticVersion: report.tool.version,
            ...(report.tool.homepage ? { informationUri: report.tool.homepage } : {}),
            rules: controls.map(rule),
          },
        },
        automationDetails: { id: `${report.tool.name}/${report.provider}-${report.source}/` },
        invocations: [
          {
            executionSuccessful: report.gaps.length === 0,
            endTimeUtc: report.generatedAt,
            toolExecutionNotifications: report.gaps.map((gap) => ({
              level: 'error',
              descriptor: { id: 'coverage-gap' },
              message: { text: `Not checked: ${describeGap(gap)}` },
            })),
          },
        ],
        results,
        properties: {
          provider: report.provider,
          source: report.source,
          scope: report.scope,
          baseline: report.baseline,
          summary: report.summary,
        },
      },
    ],
  };
}

export function render(report: Report, options?: RenderOptions): string {
  return `${JSON.stringify(toSarif(report, options), null, 2)}\n`;
}
