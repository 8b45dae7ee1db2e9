// OCSF 1.1.0 Compliance Finding events (class 2003), one per finding, as a JSON array (`ocsf`) or
// as JSON Lines, one event per line (`ocsf-jsonl`), the way Security Lake custom sources and SIEM
// pipelines ingest them; close to what Prowler emits. Every result is
// emitted (pass and not_applicable too), as posture tools do, so a consumer sees resolved state.
//
// Mapping:
// - compliance.status_id: pass -> 1 Pass, fail -> 3 Fail, unknown -> 2 Warning ("did not yield a
//   result due to missing information"), not_applicable -> 99 Other ("Not Applicable").
// - status_id (the finding's workflow state): 3 Suppressed when a waiver covers it, else 1 New.
// - severity_id: info 1, low 2, medium 3, high 4, critical 5.
import type { Severity, Status } from '../../policies/control';
import type { Finding } from '../../policies/evaluate';
import type { Provider } from '../../policies/model';
import type { Report, ReportControl } from '../run';
import { resourceType } from './resource-types';
import { concrete, formatEvidence } from './text';

export const OCSF_VERSION = '1.1.0';
export const COMPLIANCE_FINDING = { classUid: 2003, className: 'Compliance Finding', categoryUid: 2, categoryName: 'Findings' } as const;
const ACTIVITY_CREATE = { id: 1, name: 'Create' } as const;

const SEVERITY: Readonly<Record<Severity, { id: number; name: string }>> = {
  info: { id: 1, name: 'Informational' },
  low: { id: 2, name: 'Low' },
  medium: { id: 3, name: 'Medium' },
  high: { id: 4, name: 'High' },
  critical: { id: 5, name: 'Critical' },
};

const COMPLIANCE_STATUS: Readonly<Record<Status, { id: number; name: string; code: string }>> = {
  pass: { id: 1, name: 'Pass', code: 'PASS' },
  fail: { id: 3, name: 'Fail', code: 'FAIL' },
  unknown: { id: 2, name: 'Warning', code: 'UNKNOWN' },
  not_applicable: { id: 99, name: 'Not Applicable', code: 'NOT_APPLICABLE' },
};

const CLOUD: Readonly<Record<Provider, { provider: string; partition: string; account: { type: string; type_id?: number } }>> = {
  aws: { provider: 'AWS', partition: 'aws', account: { type: 'AWS Account', type_id: 10 } },
  azure: { provider: 'Azure', partition: 'azure', account: { type: 'Azure Subscription' } },
  gcp: { provider: 'GCP', partition: 'gcp', account: { type: 'GCP Project' } },
};

const STANDARDS = { nist80053r5: 'NIST SP 800-53 Rev. 5', mitreAtlas: 'MITRE ATLAS' } as const;

export interface OcsfComplianceFinding {
  readonly activity_id: number;
  readonly activity_name: string;
  readonly category_uid: number;
  readonly category_name: string;
  readonly class_uid: number;
  readonly class_name: string;
  readonly type_uid: number;
  readonly type_name: string;
  readonly time: number;
  readonly time_dt: string;
  readonly severity_id: number;
  readonly severity: string;
  readonly status_id: number;
  readonly status: string;
  readonly status_code: string;
  readonly status_detail: string;
  readonly message: string;
  readonly metadata: {
    readonly version: string;
    readonly product: { readonly name: string; readonly vendor_name: string; readonly version: string };
    readonly event_code: string;
    readonly profiles: readonly string[];
  };
  readonly finding_info: {
    readonly uid: string;
    readonly title: string;
    readonly desc: string;
    readonly created_time: number;
    readonly created_time_dt: string;
    readonly types: readonly string[];
  };
  readonly compliance: {
    readonly control: string;
    readonly standards: readonly string[];
    readonly requirements: readonly string[];
    readonly status: string;
    readonly status_id: number;
    readonly status_code: string;
    readonly status_detail: string;
  };
  readonly resources: readonly {
    readonly uid: string;
    readonly name: string;
    readonly type: string;
    readonly region?: string;
    readonly cloud_partition: string;
    readonly data: { readonly evidence: readonly string[] };
  }[];
  readonly cloud: {
    readonly provider: string;
    readonly region?: string;
    readonly account?: { readonly uid: string; readonly type: string; readonly type_id?: number };
  };
  readonly remediation: { readonly desc: string };
  readonly unmapped: Readonly<Record<string, unknown>>;
}

function standardsOf(control: ReportControl | undefined): { standards: string[]; requirements: string[] } {
  if (!control) return { standards: [], requirements: [] };
  const pairs = [
    ...control.frameworks.nist80053r5.map((id) => [STANDARDS.nist80053r5, id] as const),
    ...control.frameworks.mitreAtlas.map((id) => [STANDARDS.mitreAtlas, id] as const),
  ];
  return { standards: [...new Set(pairs.map(([standard]) => standard))], requirements: pairs.map(([standard, id]) => `${standard}: ${id}`) };
}

function remediationText(report: Report, control: ReportControl | undefined): string {
  if (!control) return '';
  const preferred = report.source === 'live' ? [control.remediation.live, control.remediation.iac] : [control.remediation.iac, control.remediation.live];
  return preferred.filter((text): text is string => Boolean(text)).join(' ');
}

export function toOcsfFinding(report: Report, finding: Finding): OcsfComplianceFinding {
  const control = report.controls.find((c) => c.id === finding.controlId);
  const time = Date.parse(report.generatedAt);
  const severity = SEVERITY[finding.severity];
  const status = COMPLIANCE_STATUS[finding.status];
  const cloud = CLOUD[finding.provider];
  const evidence = finding.evidence.map((e) => formatEvidence(e, 1000));
  const { standards, requirements } = standardsOf(control);
  const region = concrete(finding.region);
  const account = concrete(finding.account);
  return {
    activity_id: ACTIVITY_CREATE.id,
    activity_name: ACTIVITY_CREATE.name,
    category_uid: COMPLIANCE_FINDING.categoryUid,
    category_name: COMPLIANCE_FINDING.categoryName,
    class_uid: COMPLIANCE_FINDING.classUid,
    class_name: COMPLIANCE_FINDING.className,
    type_uid: COMPLIANCE_FINDING.classUid * 100 + ACTIVITY_CREATE.id,
    type_name: `${COMPLIANCE_FINDING.className}: ${ACTIVITY_CREATE.name}`,
    time,
    time_dt: report.generatedAt,
    severity_id: severity.id,
    severity: severity.name,
    status_id: finding.waiver ? 3 : 1,
    status: finding.waiver ? 'Suppressed' : 'New',
    status_code: status.code,
    status_detail: finding.message,
    message: `${finding.title}: ${finding.resourceName}: ${finding.message}`,
    metadata: {
      version: OCSF_VERSION,
      product: { name: report.tool.name, vendor_name: report.tool.name, version: report.tool.version },
      event_code: finding.controlId,
      // cloud: the cloud attribute; datetime: the *_dt attributes.
      profiles: ['cloud', 'datetime'],
    },
    finding_info: {
      uid: `${report.tool.name}-${finding.provider}-${finding.controlId}-${finding.resourceId}`,
      title: finding.title,
      desc: control?.rationale ?? finding.title,
      created_time: time,
      created_time_dt: report.generatedAt,
      types: [`${report.source === 'live' ? 'Live' : 'Template'} configuration check`],
    },
    compliance: {
      control: finding.controlId,
      standards,
      requirements,
      status: status.name,
      status_id: status.id,
      status_code: status.code,
      status_detail: finding.message,
    },
    resources: [
      {
        uid: finding.resourceId,
        name: finding.resourceName,
        type: resourceType(finding.provider, finding.resourceKind),
        ...(region ? { region } : {}),
        cloud_partition: cloud.partition,
        data: { evidence },
      },
    ],
    cloud: {
      provider: cloud.provider,
      ...(region ? { region } : {}),
      ...(account ? { account: { uid: account, ...cloud.account } } : {}),
    },
    remediation: { desc: remediationText(report, control) },
    unmapped: {
      inferguard: {
        source: report.source,
        ...(report.target ? { target: report.target } : {}),
        baseline: report.baseline,
        resource_kind: finding.resourceKind,
        status: finding.status,
        ...(finding.waiver ? { waiver: finding.waiver } : {}),
        equivalents: control ? control.equivalents.map((e) => `${e.tool}: ${e.id}`) : [],
      },
    },
  };
}

export function render(report: Report): string {
  return `${JSON.stringify(report.findings.map((f) => toOcsfFinding(report, f)), null, 2)}\n`;
}

/** One compact event per line; nothing at all (not even a newline) when there is no finding. */
export function renderLines(report: Report): string {
  return report.findings.map((f) => `${JSON.stringify(toOcsfFinding(report, f))}\n`).join('');
}
