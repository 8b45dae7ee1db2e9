// `inferguard scan` end to end with the real CloudFormation reader.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as Sarif from 'sarif';
import type { Report } from '../../checker/run';
import { runCli, tempDir } from './cli-harness';

const TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Model:
    Type: AWS::SageMaker::Model
    Properties:
      ExecutionRoleArn: arn:aws:iam::111122223333:role/inference
      EnableNetworkIsolation: false
      PrimaryContainer:
        Image: 111122223333.dkr.ecr.us-east-1.amazonaws.com/models/classifier:latest
        ModelDataUrl: s3://models/model.tar.gz
  Config:
    Type: AWS::SageMaker::EndpointConfig
    Properties:
      ProductionVariants:
        - VariantName: AllTraffic
          ModelName: !GetAtt Model.ModelName
          InitialInstanceCount: 1
          InstanceType: ml.m5.xlarge
  Endpoint:
    Type: AWS::SageMaker::Endpoint
    Properties:
      EndpointConfigName: !GetAtt Config.EndpointConfigName
`;

describe('inferguard scan (CloudFormation)', () => {
  const cwd = tempDir();
  writeFileSync(join(cwd, 'stack.yaml'), TEMPLATE);

  it('fails an endpoint without network isolation: exit 1, and the JSON names the template', async () => {
    const run = await runCli(['scan', 'stack.yaml', '--format', 'json'], { cwd });
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as Report;
    expect(report).toMatchObject({ source: 'template', target: 'stack.yaml' });
    expect(report.findings.find((f) => f.controlId === 'model-network-isolation')).toMatchObject({ status: 'fail', resourceKind: 'endpoint' });
  });

  it('points SARIF results at the template file', async () => {
    const run = await runCli(['scan', 'stack.yaml', '--format', 'sarif', '--fail-on', 'critical'], { cwd });
    expect(run.code).toBe(0);
    const log = JSON.parse(run.stdout) as Sarif.Log;
    const result = log.runs[0].results?.find((r) => r.ruleId === 'model-network-isolation');
    expect(result?.locations?.[0].physicalLocation?.artifactLocation?.uri).toBe('stack.yaml');
  });

  it('exits 2 with the parser\'s message for a template that is not YAML or JSON', async () => {
    writeFileSync(join(cwd, 'broken.yaml'), 'Resources: [unclosed\n  - : :\n');
    const run = await runCli(['scan', 'broken.yaml'], { cwd });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('broken.yaml');
    expect(run.stdout).toBe('');
  });

  it('exits 2 and says what a Pulumi document must hold when no reader takes it, instead of calling it a bad CloudFormation template', async () => {
    const documents = {
      'export-without-list.json': { version: 3, deployment: { resources: 'nope' } },
      'preview-of-other-clouds.json': { steps: [{ op: 'create', urn: 'urn:pulumi:dev::p::kubernetes:core/v1:Namespace::ns', newState: { type: 'kubernetes:core/v1:Namespace', custom: true, inputs: {} } }] },
    };
    for (const [file, document] of Object.entries(documents)) {
      writeFileSync(join(cwd, file), JSON.stringify(document));
      const run = await runCli(['scan', file], { cwd });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('pulumi stack export');
      expect(run.stderr).not.toContain('is this a CloudFormation template');
    }
  });
});
