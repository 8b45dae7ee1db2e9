// AWS::KMS::Key -> EncryptionKey.
import { known, type EncryptionKey, type Fact } from '../../../../policies/model';
import { actionFacts } from '../../platform';
import { readBoolean, readNumber } from '../facts';
import { policyFact } from '../policy-documents';
import type { TemplateContext, TemplateResource } from '../template-context';

/** KMS rotates yearly when rotation is on and no period is given. */
const DEFAULT_ROTATION_DAYS = 365;

function rotationPeriod(key: TemplateResource): Fact<number | null> {
  const enabled = readBoolean(key, ['EnableKeyRotation'], { value: false, note: 'not set (default: false)' });
  if (!enabled.known || !enabled.value) return enabled.known ? known(null, ...enabled.evidence) : enabled;
  const period = readNumber(key, ['RotationPeriodInDays'], { value: DEFAULT_ROTATION_DAYS, note: `not set (default: ${DEFAULT_ROTATION_DAYS} days)` });
  return period.known ? known(period.value, ...enabled.evidence, ...period.evidence) : period;
}

export function keysFromTemplate(context: TemplateContext): EncryptionKey[] {
  return context.ofType('AWS::KMS::Key').map((key) => {
    const origin = `key-policy:${key.modelId}`;
    return {
      kind: 'key',
      id: key.modelId,
      name: key.logicalId,
      provider: 'aws',
      region: context.region,
      account: context.account,
      managedBy: known('customer' as const, key.evidenceWith([], 'declared in the template: a customer managed key')),
      enabled: readBoolean(key, ['Enabled'], { value: true, note: 'not set (default: true)' }),
      rotationPeriodDays: rotationPeriod(key),
      // Without KeyPolicy, KMS applies its default key policy: the account root may use and manage the key.
      policy: policyFact(context, key, ['KeyPolicy'], origin, {
        statements: [
          {
            effect: 'Allow',
            principals: [`arn:${context.partition}:iam::${context.account}:root`],
            actions: ['kms:*'],
            resources: ['*'],
            conditions: [],
            origin,
            ...actionFacts({ actions: ['kms:*'] }),
          },
        ],
        note: 'not set (KMS default key policy: the account root is allowed kms:*)',
      }),
    };
  });
}
