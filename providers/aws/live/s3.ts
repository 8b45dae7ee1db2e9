// S3 buckets that hold model artifacts or captured data: public access block, policy and default
// encryption — once per bucket. Only what a control judges is read (fewer calls, fewer permissions).
import { GetBucketEncryptionCommand, GetBucketPolicyCommand, GetPublicAccessBlockCommand } from '@aws-sdk/client-s3';
import { evidence, known, unknown, type ArtifactStore, type Fact } from '../../../policies/model';
import { bucketRefusesInsecureTransport, parsePolicyDocument, partitionOfRegion, PolicyDocumentError, s3BucketArn } from '../platform';
import { Once, type AuditContext, type CallSite } from './context';
import { shaped } from './shapes';
import type { KeyReader } from './kms';

/** The S3 error codes that mean "not configured": known answers, not failures. */
const NO_PUBLIC_ACCESS_BLOCK = 'NoSuchPublicAccessBlockConfiguration';
const NO_BUCKET_POLICY = 'NoSuchBucketPolicy';
const NO_ENCRYPTION = 'ServerSideEncryptionConfigurationNotFoundError';

export class BucketReader {
  private readonly buckets = new Once<ArtifactStore>();

  constructor(
    private readonly ctx: AuditContext,
    private readonly keys: KeyReader,
  ) {}

  /**
   * Reads a bucket once. `region` is where it is referenced from (SageMaker requires model data in the
   * endpoint's region); `account` is the referencing account, used only to resolve a bare KMS key id.
   */
  read(bucket: string, region: string, account: string): Promise<ArtifactStore> {
    return this.buckets.get(bucket, () => this.load(bucket, region, account));
  }

  resources(): Promise<ArtifactStore[]> {
    return this.buckets.all();
  }

  private async load(bucket: string, region: string, account: string): Promise<ArtifactStore> {
    this.ctx.expect('shared', 1);
    const id = s3BucketArn(bucket, partitionOfRegion(region));
    const s3 = this.ctx.s3(region);
    const site = (operation: string): CallSite => ({ service: 's3', operation, resourceId: id, region });
    const [publicAccessBlock, policy, encryption] = await Promise.all([
      this.ctx.call(site('GetPublicAccessBlock'), async () => shaped('s3:GetPublicAccessBlock', await s3.send(new GetPublicAccessBlockCommand({ Bucket: bucket }))), [NO_PUBLIC_ACCESS_BLOCK]),
      this.ctx.call(site('GetBucketPolicy'), async () => shaped('s3:GetBucketPolicy', await s3.send(new GetBucketPolicyCommand({ Bucket: bucket }))), [NO_BUCKET_POLICY]),
      this.ctx.call(site('GetBucketEncryption'), async () => shaped('s3:GetBucketEncryption', await s3.send(new GetBucketEncryptionCommand({ Bucket: bucket }))), [NO_ENCRYPTION]),
    ]);

    const pabSource = 's3:GetPublicAccessBlock';
    const publicAccessBlocked: Fact<boolean> =
      publicAccessBlock.status === 'failed'
        ? unknown(publicAccessBlock.reason, evidence(pabSource, 'PublicAccessBlockConfiguration', null))
        : publicAccessBlock.status === 'absent'
          ? known(false, evidence(pabSource, 'PublicAccessBlockConfiguration', publicAccessBlock.errorCode))
          : (() => {
              const config = publicAccessBlock.value.PublicAccessBlockConfiguration;
              const all = config.BlockPublicAcls === true && config.IgnorePublicAcls === true && config.BlockPublicPolicy === true && config.RestrictPublicBuckets === true;
              return known(all, evidence(pabSource, 'PublicAccessBlockConfiguration', config));
            })();

    const policySource = 's3:GetBucketPolicy';
    let policyFact: ArtifactStore['policy'];
    if (policy.status === 'failed') policyFact = unknown(policy.reason, evidence(policySource, 'Policy', null));
    else if (policy.status === 'absent') policyFact = known([], evidence(policySource, 'Policy', policy.errorCode));
    else {
      const text = policy.value.Policy;
      try {
        policyFact = known(parsePolicyDocument(text, `bucket-policy:${bucket}`), evidence(policySource, 'Policy', text));
      } catch (error) {
        if (!(error instanceof PolicyDocumentError)) throw error;
        policyFact = unknown(this.ctx.fail(site('GetBucketPolicy'), 'MalformedPolicyDocument', error.message).reason, evidence(policySource, 'Policy', text));
      }
    }

    const encryptionSource = 's3:GetBucketEncryption';
    let encryptionKeyId: Fact<string | null>;
    if (encryption.status === 'failed') encryptionKeyId = unknown(encryption.reason, evidence(encryptionSource, 'ServerSideEncryptionConfiguration', null));
    else if (encryption.status === 'absent') encryptionKeyId = known(null, evidence(encryptionSource, 'ServerSideEncryptionConfiguration', encryption.errorCode));
    else {
      const rule = encryption.value.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault;
      const ev = evidence(encryptionSource, 'ServerSideEncryptionConfiguration.Rules[0].ApplyServerSideEncryptionByDefault', rule ?? null);
      const usesKms = rule?.SSEAlgorithm === 'aws:kms' || rule?.SSEAlgorithm === 'aws:kms:dsse';
      // SSE-S3 (AES256), or SSE-KMS without a key id (the AWS managed aws/s3 key), is provider-managed: null.
      encryptionKeyId = usesKms && rule?.KMSMasterKeyID ? await this.keys.resolve(rule.KMSMasterKeyID, { region, account }, ev) : known(null, ev);
    }

    this.ctx.advance('shared');
    return {
      kind: 'artifact-store',
      id,
      name: bucket,
      provider: 'aws',
      region,
      // The owner is not stated: a model may read from another account's bucket, and no call here names the owner.
      publicAccessBlocked,
      policy: policyFact,
      refusesInsecureTransport: bucketRefusesInsecureTransport(id, policyFact),
      encryptionKeyId,
    };
  }
}
