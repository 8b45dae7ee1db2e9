import * as fs from 'fs';
import * as path from 'path';
import { Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks, NIST80053R5Checks } from 'cdk-nag';
import { buildExampleApp, EXAMPLE_ACCOUNT, EXAMPLE_REGION, exampleContext } from '../../../stacks/aws/example-app';
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
    const { app } = nagPacks({ realtime: { bucketProps: { blockPublicAccess: s3.BlockPublicAccess.BLOCK_ACLS } } });
    expect(() => app.synth()).toThrow(/AwsSolutions-S2/);
    const report = JSON.parse(fs.readFileSync(path.join(app.outdir, 'validation-report.json'), 'utf8')) as ValidationReport;
    const rules = report.pluginReports.flatMap((p) => p.violations.map((v) => v.ruleName));
    expect(rules).toEqual(expect.arrayContaining(['AwsSolutions-S2', 'NIST.800.53.R5-S3BucketLevelPublicAccessProhibited']));
  });

  it('composes one real-time and one serverless endpoint with no inferguard warning', () => {
    const { stack } = buildExampleApp({ outdir: scratchDir('inferguard-cdk-') });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::SageMaker::Endpoint', 2);
    const variants = Object.values(template.findResources('AWS::SageMaker::EndpointConfig')).map(
      (c) => (c as { Properties: { ProductionVariants: Record<string, unknown>[] } }).Properties.ProductionVariants[0],
    );
    expect(variants.filter((v) => v.ServerlessConfig !== undefined)).toHaveLength(1);
    expect(variants.filter((v) => v.InstanceType !== undefined)).toHaveLength(1);
    // The serverless endpoint shares the real-time endpoint's key, bucket and repository.
    template.resourceCountIs('AWS::KMS::Key', 1);
    template.resourceCountIs('AWS::ECR::Repository', 1);
    template.resourceCountIs('AWS::SageMaker::MonitoringSchedule', 1);
    expect(inferguardWarnings(stack)).toEqual([]);
  });

  it('builds weakened variants for tests of the enforcement path', () => {
    const { stack } = buildExampleApp({ outdir: scratchDir('inferguard-cdk-'), realtime: { networkIsolation: false } });
    expect(inferguardWarnings(stack)).toEqual(['model-network-isolation']);
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
