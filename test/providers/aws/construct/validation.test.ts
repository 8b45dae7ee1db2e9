import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { SecureEndpointConfigurationError } from '../../../../providers/aws/construct/errors';
import type { SecureSageMakerEndpointProps } from '../../../../providers/aws/construct/props';
import { SecureSageMakerEndpoint } from '../../../../providers/aws/construct/secure-sagemaker-endpoint';
import { COMPLIANT, DIGEST, MONITORING, newStack } from './support';

const SERVERLESS: SecureSageMakerEndpointProps = { imageDigest: DIGEST, modelDataKey: 'm/model.tar.gz', serverless: { memorySizeInMb: 2048, maxConcurrency: 5 } };

function construct(props: SecureSageMakerEndpointProps | ((stack: ReturnType<typeof newStack>) => SecureSageMakerEndpointProps)): () => void {
  return () => {
    const stack = newStack();
    new SecureSageMakerEndpoint(stack, 'Inference', typeof props === 'function' ? props(stack) : props);
  };
}

function thrown(fn: () => void): SecureEndpointConfigurationError {
  try {
    fn();
  } catch (error) {
    if (error instanceof SecureEndpointConfigurationError) return error;
    throw error;
  }
  throw new Error('expected a SecureEndpointConfigurationError, nothing was thrown');
}

describe('impossible combinations fail synth with why and what to do', () => {
  it('an image tag instead of a digest', () => {
    const error = thrown(construct({ ...COMPLIANT, imageDigest: 'latest' }));
    expect(error.message).toContain('Test/Inference');
    expect(error.problem).toMatch(/"latest" is a tag, not a digest.*image-pinned-by-digest/);
    expect(error.fix).toContain("docker inspect --format '{{index .RepoDigests 0}}'");
    expect(error.fix).toContain('aws ecr describe-images');
  });

  it('a malformed digest', () => {
    expect(construct({ ...COMPLIANT, imageDigest: 'sha256:abc' })).toThrow(/is not a sha256 digest.*64 lowercase hex/);
  });

  it('a volume key asked for on an NVMe instance type', () => {
    const error = thrown(construct({ ...COMPLIANT, instanceType: 'ml.g5.2xlarge', volumeEncryption: true }));
    expect(error.problem).toContain("You can't request a KmsKeyId when using an instance type with local storage");
    expect(error.fix).toMatch(/Remove volumeEncryption.*hardware module.*or choose an EBS-backed instance type/);
  });

  it.each<[string, (stack: ReturnType<typeof newStack>) => Partial<SecureSageMakerEndpointProps>]>([
    ['a vpc', (stack) => ({ vpc: new ec2.Vpc(stack, 'V') })],
    ['vpcProps', () => ({ vpcProps: { maxAzs: 3 } })],
    ['privateNetwork: true', () => ({ privateNetwork: true })],
    ['allowedClientSecurityGroups', (stack) => ({ allowedClientSecurityGroups: [ec2.SecurityGroup.fromSecurityGroupId(stack, 'C', 'sg-12345678')] })],
  ])('serverless with %s', (_name, extra) => {
    const error = thrown(construct((stack) => ({ ...SERVERLESS, ...extra(stack) })));
    expect(error.problem).toMatch(/A VPC .* was asked for together with serverless.*does not support.*VPC configuration/);
    expect(error.fix).toContain('Remove `serverless`');
  });

  it('serverless with networkIsolation', () => {
    expect(construct({ ...SERVERLESS, networkIsolation: true })).toThrow(/networkIsolation was asked for together with serverless.*network isolation/);
  });

  it('serverless with dataCapture', () => {
    expect(construct({ ...SERVERLESS, dataCapture: { samplingPercentage: 10 } })).toThrow(/dataCapture was asked for together with serverless.*data capture.*set dataCapture: false/);
  });

  it('serverless with monitoring', () => {
    expect(construct({ ...SERVERLESS, monitoring: MONITORING })).toThrow(/monitoring \(Model Monitor\) was asked for together with serverless/);
  });

  it('serverless with instances', () => {
    expect(construct({ ...SERVERLESS, instanceCount: 2 })).toThrow(/serverless endpoints have no instances.*memorySizeInMb/);
  });

  it.each([
    [{ memorySizeInMb: 1500, maxConcurrency: 5 }, /memorySizeInMb 1500 is not a size.*1024, 2048, 3072, 4096, 5120, 6144/],
    [{ memorySizeInMb: 2048, maxConcurrency: 0 }, /maxConcurrency 0 is out of range.*1 to 200/],
    [{ memorySizeInMb: 2048, maxConcurrency: 5, provisionedConcurrency: 6 }, /provisionedConcurrency 6 must be .* maxConcurrency \(5\)/],
  ])('serverless limits: %o', (serverless, message) => {
    expect(construct({ ...SERVERLESS, serverless })).toThrow(message);
  });

  it('monitoring without data capture', () => {
    expect(construct({ ...COMPLIANT, dataCapture: false })).toThrow(/monitoring was asked for with dataCapture: false.*Model Monitor analyses the captured requests/);
  });

  it('a monitoring image outside private ECR', () => {
    expect(construct({ ...COMPLIANT, monitoring: { ...MONITORING, analyzerImageUri: 'docker.io/library/analyzer:latest' } })).toThrow(/is not a private ECR image URI.*image_uris.retrieve/);
  });

  it('privateNetwork: false together with a VPC', () => {
    expect(construct((stack) => ({ ...COMPLIANT, privateNetwork: false, vpc: new ec2.Vpc(stack, 'V') }))).toThrow(/privateNetwork is false, but a VPC option/);
  });

  it.each<[string, (stack: ReturnType<typeof newStack>) => Partial<SecureSageMakerEndpointProps>]>([
    ['encryptionKey', (stack) => ({ encryptionKey: new kms.Key(stack, 'K'), keyProps: { enableKeyRotation: true } })],
    ['bucket', (stack) => ({ bucket: s3.Bucket.fromBucketName(stack, 'B', 'my-models'), bucketProps: { versioned: true } })],
    ['repository', (stack) => ({ repository: ecr.Repository.fromRepositoryName(stack, 'R', 'models'), repositoryProps: { imageScanOnPush: true } })],
  ])('override props for a %s the user brings (they would be ignored)', (resource, extra) => {
    expect(construct((stack) => ({ ...COMPLIANT, ...extra(stack) }))).toThrow(new RegExp(`both \`${resource}\` and .* would be ignored`));
  });

  it('a repository in another region', () => {
    expect(construct((stack) => ({ ...COMPLIANT, repository: ecr.Repository.fromRepositoryArn(stack, 'R', 'arn:aws:ecr:eu-west-1:111122223333:repository/r') }))).toThrow(
      /repository is in eu-west-1 but the endpoint is in us-east-1.*Replicate the repository/,
    );
  });

  it.each([
    ['s3://bucket/models/m.tar.gz', /is an S3 URI.*Pass the bucket as `bucket`/],
    ['', /is not a usable S3 key/],
  ])('modelDataKey %j', (modelDataKey, message) => {
    expect(construct({ ...COMPLIANT, modelDataKey })).toThrow(message);
  });

  it.each([
    [{ instanceCount: 0 }, /instanceCount 0 must be a whole number of at least 1/],
    [{ instanceType: 'm5.xlarge' }, /is not a SageMaker hosting instance type/],
    [{ autoScaling: { maxInstanceCount: 1 } }, /maxInstanceCount 1 is below instanceCount 2/],
    [{ dataCapture: { samplingPercentage: 0 } }, /samplingPercentage 0 must be a whole number from 1 to 100/],
    [{ endpointName: 'bad_name' }, /"bad_name" is not a valid SageMaker endpoint name/],
  ])('bad value %o', (extra, message) => {
    expect(construct({ ...COMPLIANT, ...extra })).toThrow(message);
  });
});
