// AWS::S3::Bucket (+ AWS::S3::BucketPolicy) -> ArtifactStore.
import { known, unknown, type ArtifactStore, type Fact, type PolicyStatement } from '../../../../policies/model';
import { bucketRefusesInsecureTransport } from '../../platform';
import { parseBoolean } from '../facts';
import { statementsOf } from '../policy-documents';
import { keyReferenceId, namesNoKey } from '../references';
import type { TemplateContext, TemplateResource } from '../template-context';
import { Unresolved, isResolvedObject } from '../values';

const BUCKET = 'AWS::S3::Bucket';
const BUCKET_POLICY = 'AWS::S3::BucketPolicy';
const BLOCK_FLAGS = ['BlockPublicAcls', 'BlockPublicPolicy', 'IgnorePublicAcls', 'RestrictPublicBuckets'] as const;

function publicAccessBlocked(bucket: TemplateResource): Fact<boolean> {
  const path = ['PublicAccessBlockConfiguration'];
  const config = bucket.get(path);
  // S3 blocks all public access on every new bucket unless told otherwise (default since April 2023).
  if (config === undefined || config === null) return known(true, bucket.evidenceWith(path, 'not set (S3 default for new buckets: all four public access blocks on)'));
  if (!isResolvedObject(config)) return unknown(`${BUCKET} ${bucket.logicalId} PublicAccessBlockConfiguration: ${config instanceof Unresolved ? config.reason : 'not an object'}`, bucket.evidence(path));
  for (const flag of BLOCK_FLAGS) {
    // A flag left out of a declared configuration is false.
    const value = config[flag] === undefined ? false : parseBoolean(config[flag]);
    if (value instanceof Unresolved) return unknown(`${BUCKET} ${bucket.logicalId} PublicAccessBlockConfiguration.${flag}: ${value.reason}`, bucket.evidence(path));
    if (!value) return known(false, bucket.evidence(path));
  }
  return known(true, bucket.evidence(path));
}

function encryptionKeyId(context: TemplateContext, bucket: TemplateResource): Fact<string | null> {
  const path = ['BucketEncryption', 'ServerSideEncryptionConfiguration', 0, 'ServerSideEncryptionByDefault'];
  const rule = bucket.get(path);
  if (rule === undefined || rule === null) return known(null, bucket.evidenceWith(['BucketEncryption'], 'not set (S3 default: SSE-S3 with an S3-managed key)'));
  if (!isResolvedObject(rule)) return unknown(`${BUCKET} ${bucket.logicalId} BucketEncryption: ${rule instanceof Unresolved ? rule.reason : 'not an object'}`, bucket.evidence(path));
  const algorithm = rule.SSEAlgorithm;
  if (algorithm instanceof Unresolved) return unknown(`${BUCKET} ${bucket.logicalId} SSEAlgorithm: ${algorithm.reason}`, bucket.evidence(path));
  const usesKms = algorithm === 'aws:kms' || algorithm === 'aws:kms:dsse';
  // SSE-S3, or SSE-KMS without a key (the AWS managed aws/s3 key), is provider-managed: null.
  if (!usesKms || namesNoKey(rule.KMSMasterKeyID)) return known(null, bucket.evidence(path));
  const key = keyReferenceId(context, rule.KMSMasterKeyID);
  return key instanceof Unresolved ? unknown(`${BUCKET} ${bucket.logicalId} KMSMasterKeyID: ${key.reason}`, bucket.evidence(path)) : known(key, bucket.evidence(path));
}

function bucketPolicy(context: TemplateContext, bucket: TemplateResource, name: string): Fact<readonly PolicyStatement[]> {
  const gaps: string[] = [];
  const found: { policy: TemplateResource; statements: PolicyStatement[] }[] = [];
  for (const policy of context.ofType(BUCKET_POLICY)) {
    const target = policy.get(['Bucket']);
    const byRef = context.referenced(target, BUCKET);
    const rendered = byRef ? null : target === undefined ? null : context.render(target);
    if (rendered instanceof Unresolved) {
      gaps.push(`${BUCKET_POLICY} ${policy.logicalId} may apply to this bucket: ${rendered.reason}`);
      continue;
    }
    if (byRef !== bucket && rendered !== name) continue;
    const statements = statementsOf(context, policy.get(['PolicyDocument']) ?? null, `bucket-policy:${name}`);
    if (statements instanceof Unresolved) gaps.push(`${BUCKET_POLICY} ${policy.logicalId}: ${statements.reason}`);
    else found.push({ policy, statements });
  }
  const evidence = found.map((f) => f.policy.evidence(['PolicyDocument']));
  if (gaps.length > 0) return unknown(gaps.join('; '), ...evidence);
  if (found.length === 0) return known([], bucket.evidenceWith([], `no ${BUCKET_POLICY} in the template applies to ${bucket.logicalId}`));
  return known(found.flatMap((f) => f.statements), ...evidence);
}

export function artifactStoresFromTemplate(context: TemplateContext): ArtifactStore[] {
  return context.ofType(BUCKET).map((bucket) => {
    const declaredName = bucket.get(['BucketName']);
    const rendered = declaredName === undefined ? null : context.render(declaredName);
    const name = typeof rendered === 'string' ? rendered : bucket.logicalId;
    const policy = bucketPolicy(context, bucket, name);
    return {
      kind: 'artifact-store',
      id: bucket.modelId,
      name,
      provider: 'aws',
      region: context.region,
      publicAccessBlocked: publicAccessBlocked(bucket),
      policy,
      // Policy statements name the bucket by its model id, so the model id names its objects.
      refusesInsecureTransport: bucketRefusesInsecureTransport(bucket.modelId, policy),
      encryptionKeyId: encryptionKeyId(context, bucket),
    };
  });
}
