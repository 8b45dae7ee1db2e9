import { Match, type Template } from 'aws-cdk-lib/assertions';
import type { SecureSageMakerEndpoint } from '../../../../providers/aws/construct/secure-sagemaker-endpoint';
import { DIGEST, synthEndpoint } from './support';

describe('serverless mode', () => {
  let template: Template;
  let endpoint: SecureSageMakerEndpoint;
  beforeAll(() => {
    ({ template, endpoint } = synthEndpoint({
      imageDigest: DIGEST,
      modelDataKey: 'models/small/model.tar.gz',
      serverless: { memorySizeInMb: 3072, maxConcurrency: 10, provisionedConcurrency: 2 },
    }));
  });

  it('the model has no VpcConfig and no network isolation setting (SageMaker rejects both for serverless)', () => {
    template.hasResourceProperties('AWS::SageMaker::Model', { VpcConfig: Match.absent(), EnableNetworkIsolation: Match.absent() });
  });

  it('the config has the serverless variant and the customer key, but no instances and no data capture', () => {
    template.hasResourceProperties('AWS::SageMaker::EndpointConfig', {
      KmsKeyId: { 'Fn::GetAtt': [Match.anyValue(), 'Arn'] },
      DataCaptureConfig: Match.absent(),
      ProductionVariants: [
        {
          VariantName: 'AllTraffic',
          ModelName: Match.anyValue(),
          ServerlessConfig: { MemorySizeInMB: 3072, MaxConcurrency: 10, ProvisionedConcurrency: 2 },
        },
      ],
    });
  });

  it('still uses a private ECR image pinned by digest', () => {
    template.hasResourceProperties('AWS::SageMaker::Model', { PrimaryContainer: Match.objectLike({ Image: { 'Fn::Join': ['', Match.arrayWith([`@${DIGEST}`])] } }) });
  });

  it('creates no VPC, VPC endpoints, security groups, auto scaling or monitoring', () => {
    for (const type of ['AWS::EC2::VPC', 'AWS::EC2::VPCEndpoint', 'AWS::EC2::SecurityGroup', 'AWS::ApplicationAutoScaling::ScalableTarget', 'AWS::SageMaker::MonitoringSchedule']) {
      template.resourceCountIs(type, 0);
    }
    expect(endpoint.vpc).toBeUndefined();
    expect(endpoint.securityGroup).toBeUndefined();
  });

  it('keeps the compensating controls: key with rotation, locked-down bucket and repository, least-privilege role without ENI or capture rights', () => {
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    template.hasResourceProperties('AWS::ECR::Repository', { ImageScanningConfiguration: { ScanOnPush: true }, ImageTagMutability: 'IMMUTABLE' });
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      BucketEncryption: Match.objectLike({ ServerSideEncryptionConfiguration: [Match.objectLike({ ServerSideEncryptionByDefault: Match.objectLike({ SSEAlgorithm: 'aws:kms' }) })] }),
    });
    const policy = JSON.stringify(template.findResources('AWS::IAM::ManagedPolicy'));
    expect(policy).not.toContain('ec2:');
    expect(policy).not.toContain('s3:PutObject');
    expect(policy).toContain('ecr:BatchGetImage');
  });
});
