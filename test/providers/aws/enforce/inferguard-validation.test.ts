import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Fn, NestedStack, Stack, Validations } from 'aws-cdk-lib/core';
import * as sagemaker from 'aws-cdk-lib/aws-sagemaker';
import type { PolicyValidationPluginReportBeta1 } from 'aws-cdk-lib/core';
import { ConfigError } from '../../../../policies/baseline';
import { InferguardValidation, type InferguardValidationOptions } from '../../../../providers/aws/enforce';
import { InferenceStack, type InferenceStackOptions } from './inference-stack';

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'inferguard-enforce-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const NOW = () => new Date('2026-06-01T00:00:00Z');

/** Synthesizes one InferenceStack (without the plugin) and returns its template path. */
function synthesize(name: string, options: InferenceStackOptions = {}): string {
  const app = new App({ outdir: join(scratch, name) });
  const stack = new InferenceStack(app, 'Inference', options);
  const assembly = app.synth();
  return assembly.getStackArtifact(stack.artifactId).templateFullPath;
}

function validate(templatePath: string, options: InferguardValidationOptions = {}): PolicyValidationPluginReportBeta1 {
  return new InferguardValidation({ now: NOW, ...options }).validate({ templatePaths: [templatePath], appConstruct: new App({ outdir: scratch }) });
}

function configFile(name: string, yaml: string): string {
  const file = join(scratch, name);
  writeFileSync(file, yaml);
  return file;
}

const isolationWaiver = (expires: string) => `
waivers:
  - id: WVR-001
    control: model-network-isolation
    resource: "*/Endpoint"
    reason: the vendor container needs outbound access to its licence server until v2
    approvedBy: security-team
    expires: "${expires}"
`;

describe('InferguardValidation', () => {
  let compliant: string;
  let notIsolated: string;
  let importedKey: string;

  beforeAll(() => {
    compliant = synthesize('compliant');
    notIsolated = synthesize('not-isolated', { networkIsolation: false });
    importedKey = synthesize('imported-key', { storageKeyId: Fn.importValue('shared-inference-key-arn') });
  });

  it('passes a compliant stack', () => {
    const report = validate(compliant);
    expect(report.violations.map((v) => `${v.ruleName}: ${v.description}`)).toEqual([]);
    expect(report.success).toBe(true);
  });

  it('fails a model without network isolation, naming the control, the resources and the fix', () => {
    const report = validate(notIsolated);
    expect(report.success).toBe(false);
    const violation = report.violations.find((v) => v.ruleName === 'model-network-isolation');
    expect(violation).toMatchObject({ severity: 'error', ruleMetadata: { severity: 'high', status: 'fail', resource: 'Inference/Endpoint' } });
    expect(violation!.description).toMatch(/network isolation is disabled/);
    expect(violation!.fix).toMatch(/EnableNetworkIsolation: true/);
    expect(violation!.violatingResources).toEqual([
      { resourceLogicalId: 'Endpoint', templatePath: notIsolated, locations: [] },
      { resourceLogicalId: expect.stringMatching(/^Model/), templatePath: notIsolated, locations: ['Properties.EnableNetworkIsolation'] },
    ]);
  });

  it('a current waiver from the config file makes it pass; the waived finding stays in the report', () => {
    const report = validate(notIsolated, { configFile: configFile('waiver.yaml', isolationWaiver('2026-12-31')) });
    expect(report.success).toBe(true);
    const waived = report.violations.find((v) => v.ruleName === 'model-network-isolation');
    expect(waived).toMatchObject({ severity: 'info', ruleMetadata: { waiver: 'WVR-001' } });
    expect(waived!.description).toMatch(/waived by WVR-001 until 2026-12-31, approved by security-team/);
  });

  it('an expired waiver no longer applies and is reported', () => {
    const report = validate(notIsolated, { configFile: configFile('expired.yaml', isolationWaiver('2026-01-31')) });
    expect(report.success).toBe(false);
    expect(report.metadata?.expiredWaivers).toMatch(/WVR-001/);
  });

  it('a value the template cannot resolve is an unknown violation, never a pass', () => {
    const report = validate(importedKey);
    expect(report.success).toBe(false);
    const violation = report.violations.find((v) => v.ruleName === 'endpoint-storage-customer-key');
    expect(violation).toMatchObject({ severity: 'error', ruleMetadata: { status: 'unknown' } });
    expect(violation!.description).toMatch(/could not be resolved at synth: .*Fn::ImportValue reads another stack's export/);
    expect(violation!.violatingResources).toContainEqual({ resourceLogicalId: expect.stringMatching(/^EndpointConfig/), templatePath: importedKey, locations: ['Properties.KmsKeyId'] });
  });

  it('findings below failOn are warnings and do not fail synthesis', () => {
    const report = validate(notIsolated, { failOn: 'critical' });
    expect(report.success).toBe(true);
    expect(report.violations.find((v) => v.ruleName === 'model-network-isolation')?.severity).toBe('warning');
  });

  it('a config file can turn a control off, as for the CLI', () => {
    const file = configFile('off.yaml', 'baseline:\n  controls:\n    model-network-isolation:\n      enabled: false\n');
    const plugin = new InferguardValidation({ configFile: file, now: NOW });
    expect(plugin.ruleIds).not.toContain('model-network-isolation');
    expect(plugin.validate({ templatePaths: [notIsolated], appConstruct: new App({ outdir: scratch }) }).violations.map((v) => v.ruleName)).not.toContain('model-network-isolation');
  });

  it('refuses a broken config file or failOn with what to fix', () => {
    const broken = configFile('broken.yaml', 'waivers:\n  - id: W\n    control: model-network-isolatoin\n');
    expect(() => new InferguardValidation({ configFile: broken })).toThrow(ConfigError);
    expect(() => new InferguardValidation({ configFile: broken })).toThrow(/did you mean "model-network-isolation"/);
    expect(() => new InferguardValidation({ failOn: 'severe' as never })).toThrow(/failOn "severe" is not a severity/);
  });
});

describe('InferguardValidation in a CDK app', () => {
  // CDK prints each validation report (and its deprecation notice for policyValidationBeta1) on the
  // console too; the tests read the report file instead.
  beforeEach(() => {
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  it('Validations.of(app).addPlugins: synthesis fails with the control id and the report', () => {
    const app = new App({ outdir: join(scratch, 'app-failing') });
    Validations.of(app).addPlugins(new InferguardValidation({ now: NOW }));
    new InferenceStack(app, 'Inference', { networkIsolation: false });
    expect(() => app.synth()).toThrow(/model-network-isolation[^]*network isolation is disabled/);
  });

  it('judges an environment-bound stack with its account, region and deployed stack name (ids as `inferguard scan` of cdk.out)', () => {
    const app = new App({ outdir: join(scratch, 'app-env'), context: { 'availability-zones:account=111122223333:region=eu-west-1': ['eu-west-1a', 'eu-west-1b'] } });
    const plugin = new InferguardValidation({ now: NOW, failOn: 'critical' });
    Validations.of(app).addPlugins(plugin);
    new InferenceStack(app, 'Inference', { env: { account: '111122223333', region: 'eu-west-1' }, stackName: 'prod-inference', networkIsolation: false });
    app.synth();
    const report = JSON.parse(readFileSync(join(scratch, 'app-env', 'validation-report.json'), 'utf8')) as { pluginReports: { violations: { ruleName: string; ruleMetadata?: Record<string, string> }[] }[] };
    const violations = report.pluginReports.flatMap((r) => r.violations);
    expect(violations.find((v) => v.ruleName === 'model-network-isolation')?.ruleMetadata?.resource).toBe('prod-inference/Endpoint');
    // The image is in the stack's own account, now a number: the private-registry control can decide.
    expect(violations.map((v) => v.ruleName)).not.toContain('image-private-registry');
  });

  it('judges the resources of a NestedStack in its own template', () => {
    const outdir = join(scratch, 'app-nested');
    const app = new App({ outdir });
    Validations.of(app).addPlugins(new InferguardValidation({ now: NOW, failOn: 'critical' }));
    const nested = new NestedStack(new Stack(app, 'Parent'), 'Serving');
    const model = new sagemaker.CfnModel(nested, 'Model', { executionRoleArn: 'arn:aws:iam::111122223333:role/x', primaryContainer: { image: 'pytorch/torchserve:0.9' } });
    const config = new sagemaker.CfnEndpointConfig(nested, 'Config', {
      productionVariants: [{ variantName: 'AllTraffic', modelName: model.attrModelName, instanceType: 'ml.m5.large', initialInstanceCount: 1 }],
    });
    new sagemaker.CfnEndpoint(nested, 'Endpoint', { endpointConfigName: config.attrEndpointConfigName });
    app.synth();
    const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as {
      pluginReports: {
        violations: {
          ruleName: string;
          ruleMetadata?: Record<string, string>;
          violatingConstructs: { constructPath: string; cloudFormationResource: { templatePath: string; propertyPaths?: string[] } }[];
        }[];
      }[];
    };
    const isolation = report.pluginReports.flatMap((r) => r.violations).find((v) => v.ruleName === 'model-network-isolation');
    expect(isolation?.ruleMetadata?.resource).toMatch(/^Parent\/ServingNestedStack\w*\/Endpoint$/);
    // CDK maps the nested template's logical ids back to the constructs.
    expect(isolation?.violatingConstructs.map((c) => [c.constructPath, c.cloudFormationResource.templatePath, c.cloudFormationResource.propertyPaths])).toEqual([
      ['Parent/Serving/Endpoint', expect.stringMatching(/\.nested\.template\.json$/), undefined],
      ['Parent/Serving/Model', expect.stringMatching(/\.nested\.template\.json$/), ['Properties.EnableNetworkIsolation']],
    ]);
  });

  it('App({ policyValidationBeta1 }) with a waiver file: synthesis succeeds and the report keeps the waived finding', () => {
    const outdir = join(scratch, 'app-waived');
    const plugin = new InferguardValidation({ now: NOW, configFile: configFile('app.yaml', isolationWaiver('2026-12-31')) });
    const app = new App({ outdir, policyValidationBeta1: [plugin] });
    new InferenceStack(app, 'Inference', { networkIsolation: false });
    expect(() => app.synth()).not.toThrow();
    expect(readFileSync(join(outdir, 'validation-report.json'), 'utf8')).toMatch(/waived by WVR-001/);
  });
});
