import { evidence, key, known } from '../../support/builders';
import type { ControlFixture } from '../../support/fixtures';
import { denied, fixture } from '../scenario';

const rotation = (days: number | null) => key({ rotationPeriodDays: known(days, evidence('fixture', 'RotationPeriodInDays', days)) });

const fixtures: ControlFixture[] = [
  fixture('rotates yearly', rotation(365), 'pass', { messageIncludes: '365 days' }),
  fixture('rotation off', rotation(null), 'fail', { messageIncludes: 'rotation is off' }),
  fixture('rotates less often than the default maximum', rotation(730), 'fail', { messageIncludes: 'longer than 365' }),
  fixture('a stricter maximum', rotation(365), 'fail', { parameters: { maxRotationDays: 90 } }),
  fixture('a 90-day rotation under a 90-day maximum', rotation(90), 'pass', { parameters: { maxRotationDays: 90 } }),
  fixture('provider-managed keys rotate on the provider schedule', key({
    managedBy: known('provider' as const, evidence('fixture', 'KeyMetadata.KeyManager', 'AWS')),
    rotationPeriodDays: known(null),
  }), 'not_applicable', { messageIncludes: 'provider-managed' }),
  fixture('rotation status could not be read', key({ rotationPeriodDays: denied('kms:GetKeyRotationStatus', 'KeyRotationEnabled') }), 'unknown'),
  fixture('key manager could not be read', key({ managedBy: denied('kms:DescribeKey', 'KeyMetadata.KeyManager') }), 'unknown'),
];

export default fixtures;
