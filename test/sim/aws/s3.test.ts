import {
  CreateBucketCommand,
  GetBucketEncryptionCommand,
  GetBucketLocationCommand,
  GetBucketLoggingCommand,
  GetBucketPolicyCommand,
  GetBucketVersioningCommand,
  GetPublicAccessBlockCommand,
  HeadBucketCommand,
  ListBucketsCommand,
  paginateListBuckets,
  PutBucketEncryptionCommand,
  PutBucketLoggingCommand,
  PutBucketPolicyCommand,
  PutBucketVersioningCommand,
  PutPublicAccessBlockCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { buildDemoScenario } from '../../../sim/aws';
import type { AwsScenario } from '../../../sim/aws/scenario';
import { clientSettings, collect, rejectionOf, useSimulator } from './simulator';

const MODELS = 'inferguard-demo-models-111122223333';
const LEGACY = 'legacy-recommender-artifacts-111122223333';
const EU_MODELS = 'inferguard-demo-models-eu-111122223333';

/** The demo plus a bucket with no settings at all, as buckets made before S3's 2023 defaults can be. */
function demoWithBareBucket(): AwsScenario {
  const demo = buildDemoScenario();
  return { ...demo, s3: { buckets: [...demo.s3.buckets, { name: 'bare-bucket-111122223333', region: 'us-east-1' }] } };
}

describe('S3 reads of the demo account', () => {
  const sim = useSimulator(demoWithBareBucket);
  const client = (region = 'us-east-1', extra: { followRegionRedirects?: boolean } = {}) => new S3Client({ ...clientSettings(sim(), region), forcePathStyle: true, ...extra });

  it('lists every bucket of the account with its region, and pages with MaxBuckets', async () => {
    const out = await client().send(new ListBucketsCommand({}));
    expect(out.Buckets?.map((b) => b.Name)).toEqual([...(out.Buckets ?? []).map((b) => b.Name)].sort());
    expect(out.Buckets?.find((b) => b.Name === EU_MODELS)?.BucketRegion).toBe('eu-west-1');
    expect(out.Buckets?.[0]?.CreationDate).toBeInstanceOf(Date);
    const pages = await collect(paginateListBuckets({ client: client(), pageSize: 2 }, {}));
    expect(pages.map((p) => p.Buckets?.length)).toEqual([2, 2, 2]);
    expect(pages.flatMap((p) => p.Buckets ?? []).map((b) => b.Name)).toEqual(out.Buckets?.map((b) => b.Name));
  });

  it('reads the location: empty for us-east-1, the region otherwise', async () => {
    expect((await client().send(new GetBucketLocationCommand({ Bucket: MODELS }))).LocationConstraint).toBeUndefined();
    expect((await client().send(new GetBucketLocationCommand({ Bucket: EU_MODELS }))).LocationConstraint).toBe('eu-west-1');
  });

  it('reads the compliant bucket: public access block, TLS-only policy, SSE-KMS, versioning, logging', async () => {
    const block = await client().send(new GetPublicAccessBlockCommand({ Bucket: MODELS }));
    expect(block.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true });
    const policy = await client().send(new GetBucketPolicyCommand({ Bucket: MODELS }));
    expect(JSON.parse(policy.Policy ?? '')).toMatchObject({ Statement: [{ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }] });
    const encryption = await client().send(new GetBucketEncryptionCommand({ Bucket: MODELS }));
    expect(encryption.ServerSideEncryptionConfiguration?.Rules).toEqual([
      { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab' }, BucketKeyEnabled: true },
    ]);
    expect((await client().send(new GetBucketVersioningCommand({ Bucket: MODELS }))).Status).toBe('Enabled');
    const logging = await client().send(new GetBucketLoggingCommand({ Bucket: MODELS }));
    expect(logging.LoggingEnabled).toEqual({ TargetBucket: 'inferguard-demo-access-logs-111122223333', TargetPrefix: 'models/' });
  });

  it('answers what a bucket lacks with the S3 error codes (404)', async () => {
    const block = await rejectionOf(client().send(new GetPublicAccessBlockCommand({ Bucket: LEGACY })));
    expect(block.name).toBe('NoSuchPublicAccessBlockConfiguration');
    expect(block.$metadata?.httpStatusCode).toBe(404);
    const policy = await rejectionOf(client().send(new GetBucketPolicyCommand({ Bucket: LEGACY })));
    expect(policy.name).toBe('NoSuchBucketPolicy');
    expect(policy.message).toBe('The bucket policy does not exist');
    const encryption = await rejectionOf(client().send(new GetBucketEncryptionCommand({ Bucket: 'bare-bucket-111122223333' })));
    expect(encryption.name).toBe('ServerSideEncryptionConfigurationNotFoundError');
    const versioning = await client().send(new GetBucketVersioningCommand({ Bucket: LEGACY }));
    expect(versioning.Status).toBeUndefined();
    expect((await client().send(new GetBucketLoggingCommand({ Bucket: LEGACY }))).LoggingEnabled).toBeUndefined();
    const bucket = await rejectionOf(client().send(new GetBucketPolicyCommand({ Bucket: 'no-such-bucket-here' })));
    expect(bucket.name).toBe('NoSuchBucket');
  });

  it('redirects a request signed for the wrong region (301), which the SDK follows when asked to', async () => {
    const redirect = await rejectionOf(client().send(new GetBucketPolicyCommand({ Bucket: EU_MODELS })));
    expect(redirect.name).toBe('PermanentRedirect');
    expect(redirect.$metadata?.httpStatusCode).toBe(301);
    const followed = await client('us-east-1', { followRegionRedirects: true }).send(new GetBucketPolicyCommand({ Bucket: EU_MODELS }));
    expect(followed.Policy).toContain(EU_MODELS);
    const head = await client('us-east-1', { followRegionRedirects: true }).send(new HeadBucketCommand({ Bucket: EU_MODELS }));
    expect(head.BucketRegion).toBe('eu-west-1');
    const direct = await client('eu-west-1').send(new GetBucketVersioningCommand({ Bucket: EU_MODELS }));
    expect(direct.Status).toBe('Enabled');
  });
});

describe('S3 writes, then reads', () => {
  const sim = useSimulator(buildDemoScenario);
  const client = (region = 'us-east-1') => new S3Client({ ...clientSettings(sim(), region), forcePathStyle: true });
  const bucket = 'written-bucket-111122223333';

  it('creates a bucket with S3\'s current defaults, then changes each setting', async () => {
    await client().send(new CreateBucketCommand({ Bucket: bucket }));
    expect((await client().send(new GetPublicAccessBlockCommand({ Bucket: bucket }))).PublicAccessBlockConfiguration?.BlockPublicPolicy).toBe(true);
    expect((await client().send(new GetBucketEncryptionCommand({ Bucket: bucket }))).ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm).toBe('AES256');

    await client().send(new PutPublicAccessBlockCommand({ Bucket: bucket, PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: false, RestrictPublicBuckets: false } }));
    expect((await client().send(new GetPublicAccessBlockCommand({ Bucket: bucket }))).PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: false, RestrictPublicBuckets: false });

    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket}/*` }] });
    await client().send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: policy }));
    expect((await client().send(new GetBucketPolicyCommand({ Bucket: bucket }))).Policy).toBe(policy);

    await client().send(new PutBucketEncryptionCommand({ Bucket: bucket, ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: 'alias/inferguard-ml' }, BucketKeyEnabled: true }] } }));
    expect((await client().send(new GetBucketEncryptionCommand({ Bucket: bucket }))).ServerSideEncryptionConfiguration?.Rules).toEqual([
      { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: 'alias/inferguard-ml' }, BucketKeyEnabled: true },
    ]);

    await client().send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Suspended' } }));
    expect((await client().send(new GetBucketVersioningCommand({ Bucket: bucket }))).Status).toBe('Suspended');

    await client().send(new PutBucketLoggingCommand({ Bucket: bucket, BucketLoggingStatus: { LoggingEnabled: { TargetBucket: 'inferguard-demo-access-logs-111122223333', TargetPrefix: 'written/' } } }));
    expect((await client().send(new GetBucketLoggingCommand({ Bucket: bucket }))).LoggingEnabled?.TargetPrefix).toBe('written/');
    await client().send(new PutBucketLoggingCommand({ Bucket: bucket, BucketLoggingStatus: {} }));
    expect((await client().send(new GetBucketLoggingCommand({ Bucket: bucket }))).LoggingEnabled).toBeUndefined();
  });

  it('creates a bucket in the region its location constraint names, and refuses cross-region logging', async () => {
    // The SDK itself adds LocationConstraint=<client region> outside us-east-1.
    await client('eu-west-1').send(new CreateBucketCommand({ Bucket: 'eu-written-111122223333' }));
    expect((await client().send(new GetBucketLocationCommand({ Bucket: 'eu-written-111122223333' }))).LocationConstraint).toBe('eu-west-1');
    const again = await rejectionOf(client('eu-west-1').send(new CreateBucketCommand({ Bucket: 'eu-written-111122223333', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } })));
    expect(again.name).toBe('BucketAlreadyOwnedByYou');
    const crossRegion = await rejectionOf(
      client('eu-west-1').send(new PutBucketLoggingCommand({ Bucket: 'eu-written-111122223333', BucketLoggingStatus: { LoggingEnabled: { TargetBucket: 'inferguard-demo-access-logs-111122223333', TargetPrefix: 'x/' } } })),
    );
    expect(crossRegion.name).toBe('CrossLocationLoggingProhibited');
  });

  it('refuses a public policy while BlockPublicPolicy is on, a malformed policy, and a bad bucket name', async () => {
    const publicPolicy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${MODELS}/*` }] });
    const blocked = await rejectionOf(client().send(new PutBucketPolicyCommand({ Bucket: MODELS, Policy: publicPolicy })));
    expect(blocked.name).toBe('AccessDenied');
    const malformed = await rejectionOf(client().send(new PutBucketPolicyCommand({ Bucket: MODELS, Policy: 'Deny everyone' })));
    expect(malformed.name).toBe('MalformedPolicy');
    const badName = await rejectionOf(client().send(new CreateBucketCommand({ Bucket: 'Bad_Name' })));
    expect(badName.name).toBe('InvalidBucketName');
  });
});
