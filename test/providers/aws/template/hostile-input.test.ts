// Broken and hostile template input fails closed (issue 6, item 6): clear errors, no endless
// recursion, no stack overflow, and no "no key" / "no container" read as something else.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultBaseline } from '../../../../policies/baseline';
import { evaluate } from '../../../../policies/evaluate';
import { parseTemplateText, readCloudFormation } from '../../../../providers/aws/template';
import { reasonOf, resourceOf, valueOf } from './helpers';
import { inventoryOf } from './helpers';

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'inferguard-hostile-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const STACK_TEMPLATE = JSON.stringify({ Resources: { Bucket: { Type: 'AWS::S3::Bucket' } } });

function assembly(name: string, artifacts: Record<string, unknown>, files: Record<string, string> = {}): string {
  const dir = join(scratch, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ version: '36.0.0', artifacts }));
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  return dir;
}

describe('cloud assemblies and nested stacks', () => {
  it('an assembly that contains itself is a cycle error, not endless recursion', async () => {
    const dir = assembly('self', { Self: { type: 'cdk:cloud-assembly', properties: { directoryName: '.' } } });
    await expect(readCloudFormation(dir)).rejects.toThrow(/leads back to itself \(\. -> \.\)/);
  });

  it('a nested stack whose template names itself is a cycle error', async () => {
    const nested = JSON.stringify({ Resources: { Again: { Type: 'AWS::CloudFormation::Stack', Metadata: { 'aws:asset:path': 'Loop.nested.template.json' }, Properties: { TemplateURL: 'x' } } } });
    const dir = assembly(
      'nested-loop',
      { Stack: { type: 'aws:cloudformation:stack', environment: 'aws://unknown-account/unknown-region', properties: { templateFile: 'Loop.nested.template.json' } } },
      { 'Loop.nested.template.json': nested },
    );
    await expect(readCloudFormation(dir)).rejects.toThrow(/nested stack Stack\/Again leads back to itself/);
  });

  it('a manifest path outside the cdk.out folder is refused, also through a symbolic link', async () => {
    writeFileSync(join(scratch, 'outside.template.json'), STACK_TEMPLATE);
    const dir = assembly('escape', { Stack: { type: 'aws:cloudformation:stack', properties: { templateFile: '../outside.template.json' } } });
    await expect(readCloudFormation(dir)).rejects.toThrow(/templateFile "..\/outside.template.json" points outside the cdk.out folder/);
    const linked = assembly('escape-link', { Stack: { type: 'aws:cloudformation:stack', properties: { templateFile: 'link.template.json' } } });
    symlinkSync(join(scratch, 'outside.template.json'), join(linked, 'link.template.json'));
    await expect(readCloudFormation(linked)).rejects.toThrow(/points outside the cdk.out folder/);
  });

  it('a manifest with no stacks is an error, not a clean scan', async () => {
    const dir = assembly('empty', { Tree: { type: 'cdk:tree', properties: { file: 'tree.json' } } });
    await expect(readCloudFormation(dir)).rejects.toThrow(/lists no CloudFormation stack/);
  });
});

describe('template text', () => {
  it('an unknown YAML tag is an error naming it, not silently dropped', () => {
    expect(() => parseTemplateText('Resources:\n  Key:\n    Type: AWS::KMS::Key\n    Properties: { EnableKeyRotation: !Bogus yes }\n', 't.yaml')).toThrow(/t.yaml: is not valid YAML: Unresolved tag: !Bogus.*intrinsic-function tags/);
  });

  it('100,000 nested Fn::Join neither overflow the reader nor any report of its evidence', async () => {
    let image = '"x"';
    for (let i = 0; i < 100_000; i++) image = `{"Fn::Join":["",[${image}]]}`;
    const file = join(scratch, 'deep.json');
    writeFileSync(
      file,
      `{"Resources":{"M":{"Type":"AWS::SageMaker::Model","Properties":{"ExecutionRoleArn":"arn:aws:iam::111122223333:role/r","PrimaryContainer":{"Image":${image}}}},` +
        `"C":{"Type":"AWS::SageMaker::EndpointConfig","Properties":{"ProductionVariants":[{"ModelName":{"Fn::GetAtt":["M","ModelName"]},"VariantName":"v","InstanceType":"ml.m5.large","InitialInstanceCount":2}]}},` +
        `"E":{"Type":"AWS::SageMaker::Endpoint","Properties":{"EndpointConfigName":{"Fn::GetAtt":["C","EndpointConfigName"]}}}}}`,
    );
    const findings = evaluate(await readCloudFormation(file), defaultBaseline());
    expect(findings.find((f) => f.controlId === 'image-pinned-by-digest')?.status).toBe('unknown');
    expect(() => JSON.stringify(findings)).not.toThrow();
  });
});

describe('hostile policy patterns', () => {
  it('an execution role whose policy is all wildcards is judged at once, not backtracked for minutes', () => {
    const stars = (tail: string) => `${'*a'.repeat(30)}${tail}`;
    const inventory = inventoryOf({
      Resources: {
        Role: {
          Type: 'AWS::IAM::Role',
          Properties: {
            AssumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
            Policies: [{ PolicyName: 'p', PolicyDocument: { Statement: [{ Effect: 'Allow', Action: [`s3:${stars('c')}`, `sagemaker:${stars('Z')}`], Resource: `arn:aws:s3:::${'a'.repeat(1000)}${stars('c')}` }] } }],
          },
        },
        M: { Type: 'AWS::SageMaker::Model', Properties: { ExecutionRoleArn: { 'Fn::GetAtt': ['Role', 'Arn'] }, PrimaryContainer: { Image: '111122223333.dkr.ecr.us-east-1.amazonaws.com/m@sha256:' + 'a'.repeat(64) } } },
      },
    });
    // With the backtracking matcher this call did not return (minutes on a 60-character value); now milliseconds.
    const findings = evaluate(inventory, defaultBaseline());
    expect(findings.filter((f) => f.controlId === 'identity-least-privilege').map((f) => f.status)).not.toEqual([]);
  });
});

describe('values that mean "none"', () => {
  const template = (config: Record<string, unknown>, model: Record<string, unknown> = {}) => ({
    Resources: {
      Model: { Type: 'AWS::SageMaker::Model', Properties: { ExecutionRoleArn: 'arn:aws:iam::111122223333:role/r', Containers: [{ Image: `111122223333.dkr.ecr.us-east-1.amazonaws.com/m@sha256:${'c'.repeat(64)}` }], ...model } },
      Config: { Type: 'AWS::SageMaker::EndpointConfig', Properties: { ProductionVariants: [{ VariantName: 'A', ModelName: { 'Fn::GetAtt': ['Model', 'ModelName'] }, InstanceType: 'ml.m5.large', InitialInstanceCount: 2 }], ...config } },
      Endpoint: { Type: 'AWS::SageMaker::Endpoint', Properties: { EndpointConfigName: { 'Fn::GetAtt': ['Config', 'EndpointConfigName'] } } },
    },
  });

  it("KmsKeyId: '' is no key (the provider-managed key), as the live reader reads it", () => {
    const endpoint = resourceOf(inventoryOf(template({ KmsKeyId: '', DataCaptureConfig: { DestinationS3Uri: 's3://b/c', KmsKeyId: '', CaptureOptions: [] } })), 'endpoint', 'Endpoint');
    expect(valueOf(endpoint.storageKeyId)).toBeNull();
    expect(valueOf(endpoint.dataCapture).keyId).toBeNull();
    const bucket = resourceOf(inventoryOf({ Resources: { B: { Type: 'AWS::S3::Bucket', Properties: { BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: '' } }] } } } } }), 'artifact-store', 'B');
    expect(valueOf(bucket.encryptionKeyId)).toBeNull();
  });

  it('an empty PrimaryContainer beside Containers is absent', () => {
    const endpoint = resourceOf(inventoryOf(template({}, { PrimaryContainer: {} })), 'endpoint', 'Endpoint');
    const [deployment] = valueOf(endpoint.deployments);
    expect(valueOf(deployment.images)).toHaveLength(1);
    const alone = resourceOf(inventoryOf(template({}, { PrimaryContainer: {}, Containers: undefined })), 'endpoint', 'Endpoint');
    expect(reasonOf(valueOf(alone.deployments)[0].images)).toMatch(/PrimaryContainer names no image/);
  });
});

describe('deep conditions', () => {
  it('100,000 nested Fn::Not in Conditions do not overflow: the condition is undecidable', () => {
    let condition: unknown = { 'Fn::Equals': ['a', 'a'] };
    for (let i = 0; i < 100_000; i++) condition = { 'Fn::Not': [condition] };
    const inventory = inventoryOf({ Conditions: { Deep: condition }, Resources: { Key: { Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: { 'Fn::If': ['Deep', true, false] } } } } });
    const findings = evaluate(inventory, defaultBaseline());
    expect(findings.find((f) => f.controlId === 'key-rotation-enabled')?.status).toBe('unknown');
  });
});
