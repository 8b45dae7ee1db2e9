import { inventoryOf, reasonOf, resourceOf, STACK, valueOf } from './helpers';

const storeOf = (template: object | string, logicalId = 'Bucket') => resourceOf(inventoryOf(template), 'artifact-store', logicalId);

const TLS_DENY = {
  Effect: 'Deny',
  Principal: '*',
  Action: 's3:*',
  Resource: [{ 'Fn::GetAtt': ['Bucket', 'Arn'] }, { 'Fn::Join': ['', [{ 'Fn::GetAtt': ['Bucket', 'Arn'] }, '/*']] }],
  Condition: { Bool: { 'aws:SecureTransport': 'false' } },
};

describe('AWS::S3::Bucket', () => {
  it('JSON: all public access blocked, SSE-KMS with a template key, versioning, logging, TLS-only policy', () => {
    const store = storeOf({
      Resources: {
        Key: { Type: 'AWS::KMS::Key' },
        Bucket: {
          Type: 'AWS::S3::Bucket',
          Properties: {
            PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
            BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': ['Key', 'Arn'] } } }] },
            VersioningConfiguration: { Status: 'Enabled' },
            LoggingConfiguration: { DestinationBucketName: 'logs', LogFilePrefix: 'models/' },
          },
        },
        Policy: { Type: 'AWS::S3::BucketPolicy', Properties: { Bucket: { Ref: 'Bucket' }, PolicyDocument: { Statement: [TLS_DENY] } } },
      },
    });
    expect(store).toMatchObject({ kind: 'artifact-store', id: `${STACK}/Bucket`, name: 'Bucket' });
    expect(valueOf(store.publicAccessBlocked)).toBe(true);
    expect(valueOf(store.encryptionKeyId)).toBe(`${STACK}/Key`);
    expect(valueOf(store.policy)).toEqual([
      {
        effect: 'Deny',
        principals: ['*'],
        actions: ['s3:*'],
        resources: [`${STACK}/Bucket`, `${STACK}/Bucket/*`],
        conditions: [{ operator: 'Bool', key: 'aws:SecureTransport', values: ['false'], meaning: 'insecure-transport' }],
        origin: 'bucket-policy:Bucket',
        serviceWideActions: ['s3:*'],
        handsOffIdentities: false,
        identityHandOffActions: [],
      },
    ]);
    expect(valueOf(store.refusesInsecureTransport)).toBe(true);
  });

  it('YAML: defaults — S3 blocks public access on new buckets, SSE-S3, no policy', () => {
    const store = storeOf(`
Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub models-\${AWS::AccountId}
`);
    expect(store.name).toBe('models-${AWS.AccountId}');
    expect(valueOf(store.publicAccessBlocked)).toBe(true);
    expect(store.publicAccessBlocked.evidence[0].value).toMatch(/S3 default for new buckets/);
    expect(valueOf(store.encryptionKeyId)).toBeNull();
    expect(valueOf(store.policy)).toEqual([]);
  });

  it('a public access block with a flag left out or off is not blocked', () => {
    const partial = storeOf({ Resources: { Bucket: { Type: 'AWS::S3::Bucket', Properties: { PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true } } } } });
    expect(valueOf(partial.publicAccessBlocked)).toBe(false);
  });

  it('SSE-KMS without a key uses the AWS managed aws/s3 key: null', () => {
    const store = storeOf({ Resources: { Bucket: { Type: 'AWS::S3::Bucket', Properties: { BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } }] } } } } });
    expect(valueOf(store.encryptionKeyId)).toBeNull();
  });

  it('a bucket policy naming the bucket by its declared name applies; one with an unresolvable bucket makes the policy unknown', () => {
    const named = storeOf({
      Resources: {
        Bucket: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'models' } },
        Policy: { Type: 'AWS::S3::BucketPolicy', Properties: { Bucket: 'models', PolicyDocument: { Statement: [TLS_DENY] } } },
      },
    });
    expect(valueOf(named.policy)).toHaveLength(1);
    const unclear = storeOf({
      Resources: {
        Bucket: { Type: 'AWS::S3::Bucket' },
        Policy: { Type: 'AWS::S3::BucketPolicy', Properties: { Bucket: { 'Fn::ImportValue': 'bucket' }, PolicyDocument: { Statement: [] } } },
      },
    });
    expect(reasonOf(unclear.policy)).toMatch(/Policy may apply to this bucket: Fn::ImportValue/);
  });
});
