import * as fs from 'fs';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks, NIST80053R5Checks } from 'cdk-nag';
import { buildExampleApp, EXAMPLE_ACCOUNT, EXAMPLE_REGION, EXAMPLE_STACK_NAME, exampleContext, exampleEnvironment, FOUNDATION_STACK_NAME } from '../../../stacks/aws/example-app';
import { FOUNDATION_OUTPUTS, FoundationStack, foundationParameterName } from '../../../stacks/aws/foundation-stack';
import { InferenceStack } from '../../../stacks/aws/inference-stack';
import { inferguardWarnings } from '../../providers/aws/construct/support';
import { scratchDir } from '../../support/scratch';

const nagPacks = (options: Parameters<typeof buildExampleApp>[0] = {}) =>
  buildExampleApp({ ...options, outdir: scratchDir('inferguard-cdk-'), plugins: (app) => [new AwsSolutionsChecks(app), new NIST80053R5Checks(app)] });

interface ValidationReport {
  readonly pluginReports: readonly { readonly pluginName: string; readonly violations: readonly { readonly ruleName: string }[] }[];
}

describe('the example inference stack', () => {
  it('passes cdk-nag AwsSolutions and NIST 800-53 rev 5 at synth with no unacknowledged finding', () => {
    const { app } = nagPacks();
    // The policy-validation report is produced by synth, which throws on any unacknowledged violation.
    let failure: unknown;
    try {
      app.synth();
    } catch (error) {
      failure = error;
    }
    expect(failure === undefined ? '' : String(failure)).toBe('');
  });

  it('fails synth when the example is weakened (the packs really run)', () => {
    const { app } = nagPacks({ foundation: { bucketProps: { blockPublicAccess: s3.BlockPublicAccess.BLOCK_ACLS } } });
    expect(() => app.synth()).toThrow(/AwsSolutions-S2/);
    const report = JSON.parse(fs.readFileSync(path.join(app.outdir, 'validation-report.json'), 'utf8')) as ValidationReport;
    const rules = report.pluginReports.flatMap((p) => p.violations.map((v) => v.ruleName));
    expect(rules).toEqual(expect.arrayContaining(['AwsSolutions-S2', 'NIST.800.53.R5-S3BucketLevelPublicAccessProhibited']));
  });

  it('composes one real-time and one serverless endpoint with no inferguard warning, on the foundation\'s resources', () => {
    const { stack, foundation } = buildExampleApp({ outdir: scratchDir('inferguard-cdk-') });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::SageMaker::Endpoint', 2);
    const variants = Object.values(template.findResources('AWS::SageMaker::EndpointConfig')).map(
      (c) => (c as { Properties: { ProductionVariants: Record<string, unknown>[] } }).Properties.ProductionVariants[0],
    );
    expect(variants.filter((v) => v.ServerlessConfig !== undefined)).toHaveLength(1);
    expect(variants.filter((v) => v.InstanceType !== undefined)).toHaveLength(1);
    // Both endpoints use the foundation's key, bucket and repository: the endpoint stack creates none.
    template.resourceCountIs('AWS::KMS::Key', 0);
    template.resourceCountIs('AWS::ECR::Repository', 0);
    template.resourceCountIs('AWS::S3::Bucket', 0);
    template.resourceCountIs('AWS::SageMaker::MonitoringSchedule', 1);
    const base = Template.fromStack(foundation);
    base.resourceCountIs('AWS::KMS::Key', 1);
    base.resourceCountIs('AWS::ECR::Repository', 1);
    base.resourceCountIs('AWS::S3::Bucket', 2);
    expect(inferguardWarnings(stack)).toEqual([]);
    expect(inferguardWarnings(foundation)).toEqual([]);
    // The endpoint stack reads the foundation's resources from its SSM parameters when deployed: no export, no import.
    expect(JSON.stringify(template.toJSON())).not.toContain('Fn::ImportValue');
    const read = Object.values(template.toJSON().Parameters as Record<string, { Type: string; Default?: string }>)
      .filter((p) => p.Type === 'AWS::SSM::Parameter::Value<String>' && p.Default?.startsWith('/inferguard/'))
      .map((p) => p.Default)
      .sort();
    expect(read).toEqual(FOUNDATION_OUTPUTS.map((o) => foundationParameterName(FOUNDATION_STACK_NAME, o)).sort());
    // ... which the foundation writes.
    const written = Object.values(base.toJSON().Resources as Record<string, { Type: string; Properties: { Name?: string } }>)
      .filter((r) => r.Type === 'AWS::SSM::Parameter')
      .map((r) => r.Properties.Name)
      .sort();
    expect(written).toEqual(read);
  });

  it('builds weakened variants for tests of the enforcement path', () => {
    const { stack } = buildExampleApp({ outdir: scratchDir('inferguard-cdk-'), realtime: { networkIsolation: false } });
    expect(inferguardWarnings(stack)).toEqual(['model-network-isolation']);
  });

  it('data that must outlive the stack is kept, but a failed first create is rolled back (RetainExceptOnCreate)', () => {
    const { stack, foundation } = buildExampleApp();
    const kept = [
      ...Object.values(Template.fromStack(foundation).toJSON().Resources as Record<string, { Type: string; DeletionPolicy?: string }>),
      ...Object.values(Template.fromStack(stack).toJSON().Resources as Record<string, { Type: string; DeletionPolicy?: string }>),
    ].filter((r) => ['AWS::KMS::Key', 'AWS::S3::Bucket', 'AWS::ECR::Repository', 'AWS::Logs::LogGroup'].includes(r.Type));
    expect(kept.length).toBe(6);
    expect([...new Set(kept.map((r) => r.DeletionPolicy))]).toEqual(['RetainExceptOnCreate']);
  });

  it('synthesizes without the foundation deployed: nothing of it is looked up at synth', () => {
    const env = exampleEnvironment();
    const app = new App({ context: exampleContext(env.account, env.region) });
    const foundation = new FoundationStack(app, FOUNDATION_STACK_NAME, { env });
    const stack = new InferenceStack(app, EXAMPLE_STACK_NAME, { env, foundationStackName: foundation.stackName });
    expect(Annotations.fromStack(stack).findError('*', Match.anyValue())).toEqual([]);
    expect(Annotations.fromStack(foundation).findError('*', Match.anyValue())).toEqual([]);
    expect(app.synth().manifest.missing ?? []).toEqual([]);
  });

  it('commits the availability-zone context the app uses, so cdk synth needs no credentials', () => {
    const committed = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../cdk.context.json'), 'utf8')) as Record<string, unknown>;
    expect(committed).toEqual(exampleContext(EXAMPLE_ACCOUNT, EXAMPLE_REGION));
  });

  it('cdk.json runs the built app', () => {
    const cdkJson = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../cdk.json'), 'utf8')) as { app: string };
    expect(cdkJson.app).toBe('node dist/bin/cdk-app.js');
  });
});
