// A stack that reads what a sibling stack of the same cloud assembly writes into SSM (a template parameter of type
// AWS::SSM::Parameter::Value<String>) is read with the sibling's value: the key, bucket and repository it declares.
// A lone template keeps such a parameter unknown.
import { evaluate } from '../../../../policies/evaluate';
import { defaultBaseline } from '../../../../policies/baseline';
import { resourcesOfKind, type Inventory } from '../../../../policies/model';
import { stacksToInventory, type StackTemplate } from '../../../../providers/aws/template';
import { reasonOf, valueOf } from './helpers';

const ENV = { account: '111122223333', region: 'us-east-1' };
const DIGEST = `sha256:${'a'.repeat(64)}`;

const ssmParameter = (name: string, value: unknown, extra: Record<string, unknown> = {}) => ({
  Type: 'AWS::SSM::Parameter',
  ...extra,
  Properties: { Name: name, Type: 'String', Value: value },
});

function foundation(extraResources: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    Resources: {
      Key: { Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: true } },
      Bucket: {
        Type: 'AWS::S3::Bucket',
        Properties: {
          BucketName: 'models-111122223333',
          BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': ['Key', 'Arn'] } } }] },
        },
      },
      Repository: { Type: 'AWS::ECR::Repository', Properties: { ImageTagMutability: 'IMMUTABLE' } },
      KeyArn: ssmParameter('/app/key-arn', { 'Fn::GetAtt': ['Key', 'Arn'] }),
      BucketName: ssmParameter('/app/bucket-name', { Ref: 'Bucket' }),
      RepositoryName: ssmParameter('/app/repository-name', { Ref: 'Repository' }),
      ...extraResources,
    },
  };
}

const read = (name: string) => ({ Type: 'AWS::SSM::Parameter::Value<String>', Default: name });

/** An endpoint whose key, model bucket and image repository come from the SSM parameters (logical ids as in the foundation, on purpose). */
const endpointTemplate = {
  Parameters: { KeyParam: read('/app/key-arn'), BucketParam: read('/app/bucket-name'), RepositoryParam: read('/app/repository-name') },
  Resources: {
    // Same logical ids as the foundation's key and bucket, to show a reference is never taken for a local resource.
    Key: { Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: false } },
    Role: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: { Statement: [] } } },
    Model: {
      Type: 'AWS::SageMaker::Model',
      Properties: {
        ExecutionRoleArn: { 'Fn::GetAtt': ['Role', 'Arn'] },
        PrimaryContainer: {
          Image: { 'Fn::Join': ['', [{ Ref: 'AWS::AccountId' }, '.dkr.ecr.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }, '/', { Ref: 'RepositoryParam' }, `@${DIGEST}`]] },
          ModelDataUrl: { 'Fn::Join': ['', ['s3://', { Ref: 'BucketParam' }, '/models/model.tar.gz']] },
        },
      },
    },
    Config: {
      Type: 'AWS::SageMaker::EndpointConfig',
      Properties: {
        KmsKeyId: { Ref: 'KeyParam' },
        ProductionVariants: [{ VariantName: 'AllTraffic', ModelName: { 'Fn::GetAtt': ['Model', 'ModelName'] }, InitialInstanceCount: 2, InstanceType: 'ml.m5.large' }],
      },
    },
    Endpoint: { Type: 'AWS::SageMaker::Endpoint', Properties: { EndpointConfigName: { 'Fn::GetAtt': ['Config', 'EndpointConfigName'] } } },
  },
};

const stack = (stackName: string, template: unknown, environment = ENV): StackTemplate => ({ stackName, templatePath: `${stackName}.template.json`, template, environment });

function endpointOf(inventory: Inventory) {
  const [endpoint] = resourcesOfKind(inventory, 'endpoint');
  return endpoint;
}

function statusOf(inventory: Inventory, controlId: string, resourceId: string): string | undefined {
  return evaluate(inventory, defaultBaseline()).find((f) => f.controlId === controlId && f.resourceId === resourceId)?.status;
}

describe('an assembly: SSM parameters a sibling stack writes', () => {
  const inventory = stacksToInventory([stack('Foundation', foundation()), stack('Endpoint', endpointTemplate)]);

  it('resolve to the sibling\'s key, bucket and repository (never to a local resource with the same logical id)', () => {
    const endpoint = endpointOf(inventory);
    expect(valueOf(endpoint.storageKeyId)).toBe('Foundation/Key');
    const [deployment] = valueOf(endpoint.deployments);
    expect(valueOf(deployment.artifactStoreIds)).toEqual(['Foundation/Bucket']);
    expect(valueOf(deployment.images)).toEqual([expect.objectContaining({ repositoryId: 'Foundation/Repository', registryAccount: ENV.account, digest: DIGEST })]);
  });

  it('so the controls judge the endpoint on them: the storage key is a customer key, the bucket is judged as an artifact store', () => {
    expect(statusOf(inventory, 'endpoint-storage-customer-key', 'Endpoint/Endpoint')).toBe('pass');
    expect(statusOf(inventory, 'artifact-store-customer-key', 'Foundation/Bucket')).toBe('pass');
    expect(inventory.keyReferences ?? []).toEqual([]);
  });

  it('a lone template (or separate templates) keeps them unknown: they are read at deploy time', () => {
    for (const alone of [stacksToInventory([stack('Endpoint', endpointTemplate)]), stacksToInventory([stack('Foundation', foundation()), stack('Endpoint', endpointTemplate)], {}, false)]) {
      expect(reasonOf(endpointOf(alone).storageKeyId)).toMatch(/is read from SSM parameter \/app\/key-arn at deploy time/);
      expect(statusOf(alone, 'endpoint-storage-customer-key', 'Endpoint/Endpoint')).toBe('unknown');
    }
  });

  it('a value given with --parameters (ResolvedValue) wins over the sibling\'s', () => {
    const given = stacksToInventory([stack('Foundation', foundation()), stack('Endpoint', endpointTemplate)], { resolvedParameterValues: { KeyParam: 'alias/aws/sagemaker' } });
    expect(valueOf(endpointOf(given).storageKeyId)).toBe('alias/aws/sagemaker');
  });

  it('a sibling in another account or region writes another SSM store: not resolved', () => {
    const inventory = stacksToInventory([stack('Foundation', foundation(), { ...ENV, region: 'eu-west-1' }), stack('Endpoint', endpointTemplate)]);
    expect(reasonOf(endpointOf(inventory).storageKeyId)).toMatch(/at deploy time/);
  });

  it('two stacks writing the same parameter, a writer created only under an undecidable condition, and a cycle stay unknown, saying why', () => {
    const twice = stacksToInventory([stack('Foundation', foundation()), stack('Other', foundation()), stack('Endpoint', endpointTemplate)]);
    expect(reasonOf(endpointOf(twice).storageKeyId)).toMatch(/written by several stacks of the assembly \(Foundation\/KeyArn, Other\/KeyArn\)/);

    const conditional = foundation();
    Object.assign(conditional, { Parameters: { Create: { Type: 'String' } }, Conditions: { IfCreate: { 'Fn::Equals': [{ Ref: 'Create' }, 'yes'] } } });
    (conditional.Resources as Record<string, unknown>).KeyArn = ssmParameter('/app/key-arn', { 'Fn::GetAtt': ['Key', 'Arn'] }, { Condition: 'IfCreate' });
    const maybe = stacksToInventory([stack('Foundation', conditional), stack('Endpoint', endpointTemplate)]);
    expect(reasonOf(endpointOf(maybe).storageKeyId)).toMatch(/only when condition IfCreate holds/);

    // A writes /app/key-arn from B's /b, B writes /b from A's /app/key-arn.
    const a = { Parameters: { FromB: read('/b') }, Resources: { KeyArn: ssmParameter('/app/key-arn', { Ref: 'FromB' }) } };
    const b = { Parameters: { FromA: read('/app/key-arn') }, Resources: { B: ssmParameter('/b', { Ref: 'FromA' }) } };
    const cycle = stacksToInventory([stack('A', a), stack('B', b), stack('Endpoint', endpointTemplate)]);
    expect(reasonOf(endpointOf(cycle).storageKeyId)).toMatch(/a cycle/);
  });
});
