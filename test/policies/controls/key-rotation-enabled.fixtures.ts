import { cloudFixture, cloudKey, forbidden } from '../clouds';
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

const cloudRotation = (provider: 'azure' | 'gcp', days: number | null) => cloudKey(provider, { rotationPeriodDays: known(days, evidence('fixture', 'rotation', days)) });
fixtures.push(
  cloudFixture('Key Vault rotation policy rotates yearly', cloudRotation('azure', 365), 'pass'),
  cloudFixture('Key Vault key without a rotation policy', cloudRotation('azure', null), 'fail', { messageIncludes: 'rotation is off' }),
  cloudFixture('rotation policy unreadable', cloudKey('azure', { rotationPeriodDays: forbidden('azure', 'rotationPolicy') }), 'unknown'),
  cloudFixture('Cloud KMS rotationPeriod 90 days', cloudRotation('gcp', 90), 'pass'),
  cloudFixture('Cloud KMS rotates yearly: longer than the Google Cloud default of 90', cloudRotation('gcp', 365), 'fail', { messageIncludes: 'longer than 90' }),
  cloudFixture('Cloud KMS without rotationPeriod', cloudRotation('gcp', null), 'fail'),
  cloudFixture('crypto key unreadable', cloudKey('gcp', { rotationPeriodDays: forbidden('gcp', 'rotationPeriod') }), 'unknown'),
);

export default fixtures;
