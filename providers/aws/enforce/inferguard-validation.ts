// A CDK policy-validation plugin: the inferguard baseline judges every synthesized template, and
// synthesis fails on failing or undecidable findings at or above `failOn` that no waiver covers.
//
//   Validations.of(app).addPlugins(new InferguardValidation({ configFile: 'inferguard.yaml' }));
//
// The same config file (baseline settings and waivers) as `inferguard scan` / `inferguard audit`.
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Stack } from 'aws-cdk-lib/core';
import type {
  IPolicyValidationContextBeta1,
  IPolicyValidationPluginBeta1,
  PolicyValidationPluginReportBeta1,
  PolicyViolatingResourceBeta1,
  PolicyViolationBeta1,
} from 'aws-cdk-lib/core';
import { defaultBaseline, loadConfigFile } from '../../../policies/baseline';
import { SEVERITIES, severityRank, type Severity } from '../../../policies/control';
import { evaluate, type Baseline, type Finding } from '../../../policies/evaluate';
import { remediationFor } from '../../../policies/remediation';
import { applyWaivers, type Waiver } from '../../../policies/waivers';
import { nestedStackTemplateFiles, nestedTemplateFilesByHash, stackNameFromFile, stacksToInventory, type StackTemplate } from '../template/read-cloudformation';
import { parseTemplateText } from '../template/parse-template';
import type { TemplateEnvironment } from '../template/template-to-inventory';

export interface InferguardValidationOptions {
  /** A config file (YAML or JSON): baseline settings and waivers, as for the CLI's `--config`. */
  readonly configFile?: string;
  /** The lowest severity that fails synthesis. Findings below it are reported as warnings. Default: `low`. */
  readonly failOn?: Severity;
  /** The clock waiver expiry is judged by. Default: now. */
  readonly now?: () => Date;
}

/** What the stable (non-Beta1) context adds: each template's stack path and environment. */
interface StackTemplateInfo {
  readonly templatePath: string;
  readonly accountId?: string;
  readonly region?: string;
}

/** CDK's violation severities: `error` fails synthesis, `warning` and `info` are reported. */
type ViolationLevel = 'error' | 'warning' | 'info';

const TEMPLATE_PATH = /^Resources\.([^.[\]]+)(?:\.(.+))?$/;

export class InferguardValidation implements IPolicyValidationPluginBeta1 {
  readonly name = 'inferguard';
  readonly ruleIds: string[];
  private readonly baseline: Baseline;
  private readonly waivers: readonly Waiver[];
  private readonly failOn: Severity;
  private readonly now: () => Date;
  /** Control id -> how to fix it in IaC (the control's own remediation). */
  private readonly fixes: ReadonlyMap<string, string>;

  constructor(options: InferguardValidationOptions = {}) {
    if (options.failOn !== undefined && !SEVERITIES.includes(options.failOn)) {
      throw new Error(`InferguardValidation: failOn "${String(options.failOn)}" is not a severity; use one of ${SEVERITIES.join(', ')}`);
    }
    // A broken config file is reported here, when the app is built, naming the file and the fix.
    const config = options.configFile ? loadConfigFile(options.configFile) : { baseline: defaultBaseline(), waivers: [] };
    this.baseline = config.baseline;
    this.waivers = config.waivers;
    this.failOn = options.failOn ?? 'low';
    this.now = options.now ?? (() => new Date());
    this.ruleIds = this.baseline.entries.map((e) => e.control.id);
    this.fixes = new Map(this.baseline.entries.flatMap((e) => {
      const fix = remediationFor(e.control, 'aws', e.parameters).iac;
      return fix ? [[e.control.id, fix] as const] : [];
    }));
  }

  validate(context: IPolicyValidationContextBeta1): PolicyValidationPluginReportBeta1 {
    const environments = environmentsByTemplate(context);
    const stackNames = stackNamesByTemplate(context);
    // Every template of the app is judged together, as `inferguard scan cdk.out` does: a stack that reads what a
    // sibling stack writes into SSM is judged on what the sibling declares. A NestedStack's resources live in their own template.
    const stacks: StackTemplate[] = context.templatePaths.flatMap((templatePath) => {
      const stackName = stackNames.get(path.basename(templatePath)) ?? stackNameFromFile(templatePath);
      return withNestedStacks(templatePath, stackName, { ...environments.get(templatePath), deployedStackName: stackName });
    });
    const inventory = stacksToInventory(stacks);
    const waived = applyWaivers(evaluate(inventory, this.baseline), this.waivers, this.now(), inventory.resources);
    const violations: PolicyViolationBeta1[] = [];
    for (const finding of waived.findings) {
      const level = this.level(finding);
      if (level) violations.push(violation(finding, level, templateOf(finding, stacks), this.fixes.get(finding.controlId)));
    }
    const expired = new Set(waived.expired.map((w) => w.id));
    return {
      success: !violations.some((v) => v.severity === 'error'),
      violations,
      metadata: {
        baseline: this.baseline.name,
        failOn: this.failOn,
        ...(expired.size > 0 ? { expiredWaivers: `${[...expired].join(', ')} (expired: they no longer apply; renew or remove them)` } : {}),
      },
    };
  }

  /** Failing and undecidable findings are violations; waived ones stay in the report as info. */
  private level(finding: Finding): ViolationLevel | null {
    if (finding.status !== 'fail' && finding.status !== 'unknown') return null;
    if (finding.waiver) return 'info';
    return severityRank(finding.severity) >= severityRank(this.failOn) ? 'error' : 'warning';
  }
}

/** Account and region per template, when the (non-Beta1) context passes `stackTemplates` and they are concrete. */
function environmentsByTemplate(context: IPolicyValidationContextBeta1): Map<string, TemplateEnvironment> {
  const stacks = (context as { readonly stackTemplates?: readonly StackTemplateInfo[] }).stackTemplates ?? [];
  const concrete = (value: string | undefined) => (value && !value.includes('${Token') ? value : undefined);
  return new Map(
    stacks.map((s) => {
      const account = concrete(s.accountId);
      const region = concrete(s.region);
      return [s.templatePath, { ...(account ? { account } : {}), ...(region ? { region } : {}) }];
    }),
  );
}

/** The template of the stack a finding's resource (`STACK/LogicalId`, nested `STACK/Nested/LogicalId`) belongs to. */
function templateOf(finding: Finding, stacks: readonly StackTemplate[]): string {
  const owners = stacks.filter((s) => finding.resourceId.startsWith(`${s.stackName}/`));
  const owner = owners.sort((a, b) => b.stackName.length - a.stackName.length)[0] ?? stacks[0];
  return owner.templatePath;
}

/** A stack's template and, recursively, the nested-stack templates CDK wrote next to it. */
function withNestedStacks(templatePath: string, stackName: string, environment: TemplateEnvironment): StackTemplate[] {
  const template = parseTemplateText(readFileSync(templatePath, 'utf8'), templatePath);
  const directory = path.dirname(templatePath);
  const assets = new Map<string, string>();
  for (const file of readdirSync(directory).filter((f) => f.endsWith('.assets.json'))) {
    for (const [hash, nested] of nestedTemplateFilesByHash(JSON.parse(readFileSync(path.join(directory, file), 'utf8')))) assets.set(hash, nested);
  }
  const visit = (stack: StackTemplate): StackTemplate[] => [
    stack,
    ...nestedStackTemplateFiles(stack.template, assets).flatMap(({ logicalId, file }) => {
      const nestedPath = path.join(directory, file);
      const { deployedStackName: _parentName, ...nestedEnvironment } = stack.environment;
      return visit({ stackName: `${stack.stackName}/${logicalId}`, templatePath: nestedPath, template: parseTemplateText(readFileSync(nestedPath, 'utf8'), nestedPath), environment: nestedEnvironment });
    }),
  ];
  return visit({ stackName, templatePath, template, environment });
}

/**
 * Template file name -> the stack's deployed name, so that resource ids (and the waivers that match
 * them) are the same as when `inferguard scan` reads the cdk.out folder.
 */
function stackNamesByTemplate(context: IPolicyValidationContextBeta1): Map<string, string> {
  const stacks = context.appConstruct.node.findAll().filter((c): c is Stack => Stack.isStack(c));
  return new Map(stacks.map((s) => [path.basename(s.templateFile), s.stackName]));
}

function describe(finding: Finding): string {
  const waiver = finding.waiver ? ` [waived by ${finding.waiver.id} until ${finding.waiver.expires}, approved by ${finding.waiver.approvedBy}: ${finding.waiver.reason}]` : '';
  if (finding.status === 'unknown') {
    return (
      `${finding.title} — could not be resolved at synth: ${finding.message}. ` +
      `Unknown is never a pass: make the value resolvable in the template (a literal, or a parameter with a Default) or waive the finding with a reason.${waiver}`
    );
  }
  return `${finding.title} — ${finding.message}${waiver}`;
}

function violation(finding: Finding, level: ViolationLevel, templatePath: string, fix: string | undefined): PolicyViolationBeta1 {
  return {
    ruleName: finding.controlId,
    description: describe(finding),
    severity: level,
    violatingResources: violatingResources(finding, templatePath),
    ruleMetadata: {
      severity: finding.severity,
      status: finding.status,
      resource: finding.resourceId,
      ...(finding.waiver ? { waiver: finding.waiver.id } : {}),
    },
    ...(fix ? { fix } : {}),
  };
}

/** The judged resource first, then every template resource its evidence points into, with the property paths. */
function violatingResources(finding: Finding, templatePath: string): PolicyViolatingResourceBeta1[] {
  const locations = new Map<string, Set<string>>();
  const subject = finding.resourceId.slice(finding.resourceId.lastIndexOf('/') + 1);
  locations.set(subject, new Set());
  for (const item of finding.evidence) {
    const match = TEMPLATE_PATH.exec(item.path);
    if (!match) continue;
    const [, logicalId, location] = match;
    if (!locations.has(logicalId)) locations.set(logicalId, new Set());
    if (location) locations.get(logicalId)!.add(location);
  }
  return [...locations].map(([resourceLogicalId, where]) => ({ resourceLogicalId, templatePath, locations: [...where] }));
}

