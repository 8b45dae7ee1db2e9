import { Validations, type Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { SecureSageMakerEndpointProps } from '../../../../providers/aws/construct/props';
import { createEncryptionKey } from '../../../../providers/aws/construct/resources';
import { SecureSageMakerEndpoint } from '../../../../providers/aws/construct/secure-sagemaker-endpoint';
import type { ControlId } from '../../../../providers/aws/construct/weakening';
import { COMPLIANT, DIGEST, inferguardWarnings, newStack, synthEndpoint } from './support';

interface Case {
  readonly name: string;
  readonly props: (stack: Stack) => Partial<SecureSageMakerEndpointProps>;
  readonly warnings: ControlId[];
}

const publicKeyPolicy = () =>
  new iam.PolicyDocument({
    statements: [
      new iam.PolicyStatement({ principals: [new iam.AccountRootPrincipal()], actions: ['kms:*'], resources: ['*'] }),
      new iam.PolicyStatement({ principals: [new iam.AnyPrincipal()], actions: ['kms:Decrypt'], resources: ['*'] }),
    ],
  });

const vpcWithPublicSubnets = (stack: Stack) =>
  new ec2.Vpc(stack, 'Mixed', {
    maxAzs: 2,
    subnetConfiguration: [
      { name: 'pub', subnetType: ec2.SubnetType.PUBLIC },
      { name: 'iso', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    ],
  });

const cases: Case[] = [
  { name: 'networkIsolation: false', props: () => ({ networkIsolation: false }), warnings: ['model-network-isolation'] },
  { name: 'privateNetwork: false', props: () => ({ privateNetwork: false }), warnings: ['endpoint-private-api-path', 'model-private-network'] },
  { name: 'addVpcEndpoints: false', props: () => ({ addVpcEndpoints: false }), warnings: ['endpoint-private-api-path'] },
  { name: 'instanceCount: 1', props: () => ({ instanceCount: 1 }), warnings: ['endpoint-multiple-instances'] },
  { name: 'volumeEncryption: false', props: () => ({ volumeEncryption: false }), warnings: ['endpoint-storage-customer-key'] },
  { name: 'monitoring: false', props: () => ({ monitoring: false }), warnings: ['model-monitoring-scheduled'] },
  { name: 'dataCapture: false without monitoring', props: () => ({ dataCapture: false, monitoring: undefined }), warnings: ['model-monitoring-scheduled'] },
  {
    name: 'a role the user brings',
    props: (stack) => ({ role: new iam.Role(stack, 'Mine', { assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com') }) }),
    warnings: ['identity-least-privilege'],
  },
  { name: 'keyProps.enableKeyRotation: false', props: () => ({ keyProps: { enableKeyRotation: false } }), warnings: ['key-rotation-enabled'] },
  { name: 'keyProps.policy open to anyone', props: () => ({ keyProps: { policy: publicKeyPolicy() } }), warnings: ['key-not-public'] },
  { name: 'a key the user brings', props: (stack) => ({ encryptionKey: new kms.Key(stack, 'Mine', { enableKeyRotation: true }) }), warnings: ['key-not-public', 'key-rotation-enabled'] },
  { name: 'bucketProps.blockPublicAccess: BLOCK_ACLS', props: () => ({ bucketProps: { blockPublicAccess: s3.BlockPublicAccess.BLOCK_ACLS } }), warnings: ['artifact-store-private'] },
  { name: 'bucketProps.enforceSSL: false', props: () => ({ bucketProps: { enforceSSL: false } }), warnings: ['artifact-store-tls-only'] },
  { name: 'bucketProps.encryption: S3_MANAGED', props: () => ({ bucketProps: { encryption: s3.BucketEncryption.S3_MANAGED } }), warnings: ['artifact-store-customer-key'] },
  {
    name: 'a bucket the user brings',
    props: (stack) => ({ bucket: s3.Bucket.fromBucketName(stack, 'Mine', 'my-models') }),
    warnings: ['artifact-store-customer-key', 'artifact-store-private', 'artifact-store-tls-only'],
  },
  { name: 'repositoryProps.imageScanOnPush: false', props: () => ({ repositoryProps: { imageScanOnPush: false } }), warnings: ['image-repository-scan-on-push'] },
  { name: 'repositoryProps.imageTagMutability: MUTABLE', props: () => ({ repositoryProps: { imageTagMutability: ecr.TagMutability.MUTABLE } }), warnings: ['image-repository-immutable-tags'] },
  {
    name: 'a repository the user brings',
    props: (stack) => ({ repository: ecr.Repository.fromRepositoryName(stack, 'Mine', 'models/churn') }),
    warnings: ['image-repository-immutable-tags', 'image-repository-not-public', 'image-repository-scan-on-push'],
  },
  {
    name: "a repository in another account's registry",
    props: (stack) => ({ repository: ecr.Repository.fromRepositoryArn(stack, 'Theirs', 'arn:aws:ecr:us-east-1:999999999999:repository/shared') }),
    warnings: ['image-private-registry', 'image-repository-immutable-tags', 'image-repository-not-public', 'image-repository-scan-on-push'],
  },
  {
    name: 'vpcSubnets selecting public subnets',
    props: (stack) => ({ vpc: vpcWithPublicSubnets(stack), vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC } }),
    warnings: ['model-private-network'],
  },
  {
    name: 'serverless with volumeEncryption: false',
    props: () => ({ serverless: { memorySizeInMb: 2048, maxConcurrency: 5 }, monitoring: undefined, volumeEncryption: false }),
    warnings: ['endpoint-storage-customer-key'],
  },
];

describe('every override that weakens a control emits exactly the named warning', () => {
  it.each(cases)('$name', ({ props, warnings }) => {
    const stack = newStack();
    synthEndpoint({ ...COMPLIANT, ...props(stack) }, stack);
    expect(inferguardWarnings(stack)).toEqual([...warnings].sort());
  });

  it('the defaults emit none', () => {
    const { stack } = synthEndpoint(COMPLIANT);
    expect(inferguardWarnings(stack)).toEqual([]);
  });

  it('a serverless endpoint with the defaults emits none (its not-applicable controls are not weakened)', () => {
    const { stack } = synthEndpoint({ imageDigest: DIGEST, modelDataKey: 'm/model.tar.gz', serverless: { memorySizeInMb: 1024, maxConcurrency: 1 } });
    expect(inferguardWarnings(stack)).toEqual([]);
  });

  it('an NVMe instance type without a volume key is not a weakening (the control is not applicable)', () => {
    const { stack, template } = synthEndpoint({ ...COMPLIANT, instanceType: 'ml.g5.2xlarge' });
    expect(inferguardWarnings(stack)).toEqual([]);
    template.hasResourceProperties('AWS::SageMaker::EndpointConfig', { KmsKeyId: Match.absent(), ProductionVariants: [Match.objectLike({ InstanceType: 'ml.g5.2xlarge' })] });
    // Captured data still uses the customer key.
    template.hasResourceProperties('AWS::SageMaker::EndpointConfig', { DataCaptureConfig: Match.objectLike({ KmsKeyId: Match.anyValue() }) });
  });

  it('resources created with the exported factories are trusted when shared', () => {
    const stack = newStack();
    const key = createEncryptionKey(stack, 'SharedKey');
    synthEndpoint({ ...COMPLIANT, encryptionKey: key }, stack);
    expect(inferguardWarnings(stack)).toEqual([]);
  });

  it('a weakening override still takes effect, and is what the warning says', () => {
    const { template } = synthEndpoint({ ...COMPLIANT, networkIsolation: false, instanceCount: 1, volumeEncryption: false });
    template.hasResourceProperties('AWS::SageMaker::Model', { EnableNetworkIsolation: false });
    template.hasResourceProperties('AWS::SageMaker::EndpointConfig', { KmsKeyId: Match.absent(), ProductionVariants: [Match.objectLike({ InitialInstanceCount: 1 })] });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', { MinCapacity: 1 });
  });

  it('privateNetwork: false leaves out the VPC, its endpoints and the VpcConfig (and the ENI permissions)', () => {
    const { template } = synthEndpoint({ ...COMPLIANT, privateNetwork: false });
    template.resourceCountIs('AWS::EC2::VPC', 0);
    template.resourceCountIs('AWS::EC2::VPCEndpoint', 0);
    template.hasResourceProperties('AWS::SageMaker::Model', { VpcConfig: Match.absent(), EnableNetworkIsolation: true });
    expect(JSON.stringify(template.findResources('AWS::IAM::ManagedPolicy'))).not.toContain('ec2:CreateNetworkInterface');
  });

  it('a role the user brings is used as given: the construct adds no policy to it', () => {
    const stack = newStack();
    const role = new iam.Role(stack, 'Mine', { assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com') });
    const { template } = synthEndpoint({ ...COMPLIANT, role, monitoring: false }, stack);
    const roleId = Object.keys(template.findResources('AWS::IAM::Role'))[0];
    template.hasResourceProperties('AWS::SageMaker::Model', { ExecutionRoleArn: { 'Fn::GetAtt': [roleId, 'Arn'] } });
    template.resourceCountIs('AWS::IAM::ManagedPolicy', 0);
  });

  it('warnings say what to do and how to record a deliberate decision', () => {
    const { stack } = synthEndpoint({ ...COMPLIANT, networkIsolation: false });
    Annotations.fromStack(stack).hasWarning(
      '/Test/Inference',
      Match.stringLikeRegexp("\\[model-network-isolation\\].*To fix: Leave networkIsolation at its default.*acknowledge\\(\\{ id: 'inferguard:model-network-isolation'"),
    );
  });
});

describe('acknowledging a warning is the explicit, recorded decision', () => {
  it('Validations.acknowledge removes the warning and records the reason on the construct', () => {
    const stack = newStack();
    const endpoint = new SecureSageMakerEndpoint(stack, 'Inference', { ...COMPLIANT, monitoring: false, networkIsolation: false });
    const reason = 'Vendor container must call its licence server; approved in RISK-123 until 2027-01-01.';
    Validations.of(endpoint).acknowledge({ id: 'inferguard:model-network-isolation', reason });
    expect(inferguardWarnings(stack)).toEqual(['model-monitoring-scheduled']);
    const recorded = endpoint.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY).map((m) => JSON.stringify(m.data));
    expect(recorded.join()).toContain(reason);
  });

  it('an acknowledgement on the endpoint also covers warnings of the resources it created', () => {
    const stack = newStack();
    const endpoint = new SecureSageMakerEndpoint(stack, 'Inference', { ...COMPLIANT, bucketProps: { enforceSSL: false } });
    expect(inferguardWarnings(stack)).toEqual(['artifact-store-tls-only']);
    Validations.of(endpoint).acknowledge({ id: 'inferguard:artifact-store-tls-only', reason: 'Legacy on-premises uploader speaks plain HTTP; replaced in Q3.' });
    expect(inferguardWarnings(stack)).toEqual([]);
  });
});
