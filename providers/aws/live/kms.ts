// KMS keys: DescribeKey, GetKeyRotationStatus, GetKeyPolicy — once per key however many resources use it.
import { DescribeKeyCommand, GetKeyPolicyCommand, GetKeyRotationStatusCommand, type KeyMetadata } from '@aws-sdk/client-kms';
import { evidence, known, unknown, type EncryptionKey, type Evidence, type Fact } from '../../../policies/model';
import { kmsKeyArnFromReference, kmsReferenceRegion, parseArn, parsePolicyDocument, PolicyDocumentError, type ArnContext } from '../platform';
import { Once, type AuditContext, type Read } from './context';
import { shaped } from './shapes';

const DESCRIBE = 'kms:DescribeKey';

export class KeyReader {
  private readonly descriptions = new Once<Read<KeyMetadata>>();
  private readonly keys = new Once<EncryptionKey>();

  constructor(private readonly ctx: AuditContext) {}

  /**
   * The key ARN a reference (key id, key ARN, alias name or alias ARN) names, with `cause` as the
   * evidence of where the reference was found. Starts reading the key, once.
   */
  async resolve(reference: string, where: ArnContext, cause: Evidence): Promise<Fact<string>> {
    const region = kmsReferenceRegion(reference, where.region);
    const direct = kmsKeyArnFromReference(reference, { ...where, region });
    const described = this.describe(direct ?? reference, region, direct !== null);
    if (direct) {
      void this.key(direct, described);
      return known(direct, cause);
    }
    const read = await described;
    if (read.status !== 'ok' || !read.value.Arn) {
      return unknown(read.status === 'failed' ? read.reason : `DescribeKey did not resolve ${reference} to a key ARN`, cause);
    }
    const arn = read.value.Arn;
    void this.key(arn, this.describe(arn, region, true, read));
    return known(arn, cause, evidence(DESCRIBE, 'KeyMetadata.Arn', arn));
  }

  /** Every key read so far, including keys found while reading other keys' users. */
  resources(): Promise<EncryptionKey[]> {
    return this.keys.all();
  }

  private describe(keyId: string, region: string, isArn: boolean, alreadyRead?: Read<KeyMetadata>): Promise<Read<KeyMetadata>> {
    const memoKey = isArn ? keyId : `${region}|${keyId}`;
    return this.descriptions.get(memoKey, async () => {
      if (alreadyRead) return alreadyRead;
      return this.ctx.call<KeyMetadata>(
        { service: 'kms', operation: 'DescribeKey', resourceId: keyId, region },
        async () => shaped('kms:DescribeKey', await this.ctx.kms(region).send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata,
      );
    });
  }

  private key(arn: string, described: Promise<Read<KeyMetadata>>): Promise<EncryptionKey> {
    return this.keys.get(arn, async () => {
      const parsed = parseArn(arn);
      const region = parsed?.region ?? '';
      const base = {
        kind: 'key' as const,
        id: arn,
        name: parsed?.resource.replace(/^key\//, '') ?? arn,
        provider: 'aws' as const,
        region,
        ...(parsed?.account ? { account: parsed.account } : {}),
      };
      this.ctx.expect('shared', 1);
      const description = await described;
      if (description.status !== 'ok') {
        const reason = description.status === 'failed' ? description.reason : `DescribeKey found no key ${arn}`;
        this.ctx.advance('shared');
        const why = unknown(reason, evidence(DESCRIBE, 'KeyMetadata', null));
        return { ...base, managedBy: why, enabled: why, rotationPeriodDays: why, policy: why };
      }
      const metadata = description.value;
      const [rotationPeriodDays, policy] = await Promise.all([this.rotation(arn, region), this.policy(arn, region)]);
      this.ctx.advance('shared');
      return {
        ...base,
        managedBy: managedBy(metadata),
        enabled:
          typeof metadata.Enabled === 'boolean'
            ? known(metadata.Enabled, evidence(DESCRIBE, 'KeyMetadata.Enabled', metadata.Enabled), evidence(DESCRIBE, 'KeyMetadata.KeyState', metadata.KeyState))
            : unknown('DescribeKey returned no KeyMetadata.Enabled', evidence(DESCRIBE, 'KeyMetadata.Enabled', metadata.Enabled)),
        rotationPeriodDays,
        policy,
      };
    });
  }

  private async rotation(arn: string, region: string): Promise<Fact<number | null>> {
    const source = 'kms:GetKeyRotationStatus';
    // Asymmetric, HMAC, imported and custom-key-store keys cannot rotate automatically: KMS answers UnsupportedOperationException.
    const read = await this.ctx.call(
      { service: 'kms', operation: 'GetKeyRotationStatus', resourceId: arn, region },
      async () => shaped('kms:GetKeyRotationStatus', await this.ctx.kms(region).send(new GetKeyRotationStatusCommand({ KeyId: arn }))),
      ['UnsupportedOperationException'],
    );
    if (read.status === 'failed') return unknown(read.reason, evidence(source, 'KeyRotationEnabled', null));
    if (read.status === 'absent') return known(null, evidence(source, 'KeyRotationEnabled', read.errorCode));
    const { KeyRotationEnabled, RotationPeriodInDays } = read.value;
    const enabledEvidence = evidence(source, 'KeyRotationEnabled', KeyRotationEnabled);
    if (!KeyRotationEnabled) return known(null, enabledEvidence);
    // Before custom periods existed, automatic rotation was yearly; KMS omits the period for such keys.
    return known(RotationPeriodInDays ?? 365, enabledEvidence, evidence(source, 'RotationPeriodInDays', RotationPeriodInDays));
  }

  private async policy(arn: string, region: string): Promise<EncryptionKey['policy']> {
    const site = { service: 'kms', operation: 'GetKeyPolicy', resourceId: arn, region };
    const read = await this.ctx.call(site, async () => shaped('kms:GetKeyPolicy', await this.ctx.kms(region).send(new GetKeyPolicyCommand({ KeyId: arn, PolicyName: 'default' }))));
    if (read.status !== 'ok') return unknown(read.status === 'failed' ? read.reason : 'no key policy', evidence('kms:GetKeyPolicy', 'Policy', null));
    const text = read.value.Policy;
    try {
      return known(parsePolicyDocument(text, `key-policy:${arn}`), evidence('kms:GetKeyPolicy', 'Policy', text));
    } catch (error) {
      if (!(error instanceof PolicyDocumentError)) throw error;
      return unknown(this.ctx.fail(site, 'MalformedPolicyDocument', error.message).reason, evidence('kms:GetKeyPolicy', 'Policy', text));
    }
  }
}

function managedBy(metadata: KeyMetadata): Fact<'customer' | 'provider'> {
  const ev = evidence(DESCRIBE, 'KeyMetadata.KeyManager', metadata.KeyManager);
  if (metadata.KeyManager === 'AWS') return known('provider', ev);
  if (metadata.KeyManager === 'CUSTOMER') return known('customer', ev);
  return unknown(`unrecognised KeyManager ${JSON.stringify(metadata.KeyManager)}`, ev);
}
