// The package's main entry point (`import … from 'inferguard'`): the checker as a library. Judge an
// inventory with the baseline, apply waivers, render reports. Loads no IaC library; the AWS SDK
// loads only when `collectAwsInventory` runs.
import type { AwsAuditOptions } from '../providers/aws/live/index';
import type { Inventory } from '../policies/model';

export type * from '../policies/model';
export { known, unknown, evidence, mapFact, mergeInventories, resourcesOfKind } from '../policies/model';
export { SEVERITIES, severityRank, type AnyControl, type Control, type ControlMetadata, type Judgement, type Remediation, type Severity, type Status } from '../policies/control';
export { allControls, findControl } from '../policies/controls/index';
export { evaluate, type Baseline, type BaselineEntry, type Finding, type WaiverRef } from '../policies/evaluate';
export { ConfigError, defaultBaseline, loadConfigFile, parseConfig, type ConfigFile, type ConfigIssue } from '../policies/baseline';
export { applyWaivers, resourceIdentities, waiverMatchesResource, type Waiver } from '../policies/waivers';
export { EXIT_CODES, exitCodeFor, explainExit, failingFindings, runAudit, type AuditInput, type ExitCode, type Report, type ReportControl, type ReportSummary } from './run';
export { FORMAT_NAMES, formats, type FormatName, type RenderReport } from './report/index';
export { ReportMergeError, mergeReports, type MergeOptions, type MergeResult, type NamedReport } from './report/merge';
export { REPORT_VERSION, ReportFormatError, parseReport, type ReportFormatProblem } from './report/read';
export { readCloudFormation, templateToInventory, type TemplateEnvironment } from '../providers/aws/template/index';
export { toolInfo, type ToolInfo } from './package-info';
export type { AwsAuditOptions } from '../providers/aws/live/index';

/** Reads a live AWS account into an inventory (read-only). The AWS SDK is loaded on the first call. */
export async function collectAwsInventory(options: AwsAuditOptions): Promise<Inventory> {
  const live: typeof import('../providers/aws/live/index') = require('../providers/aws/live/index');
  return live.collectAwsInventory(options);
}
