import { artifactStore, evidence, key, KEY_ID, known } from '../../support/builders';
import type { ControlFixture } from '../../support/fixtures';
import { awsManagedAlias, denied, fixture, scenario, storeUsageFixtures } from '../scenario';

const encryptedWith = (keyId: string | null) => artifactStore({ encryptionKeyId: known(keyId, evidence('fixture', 'SSEAlgorithm/KMSMasterKeyID', keyId)) });

const fixtures: ControlFixture[] = [
  ...storeUsageFixtures(),
  fixture('customer key', encryptedWith(KEY_ID), 'pass', { messageIncludes: KEY_ID }),
  fixture('provider-managed encryption', encryptedWith(null), 'fail', { messageIncludes: 'provider-managed' }),
  fixture('the aws/s3 alias', encryptedWith('arn:aws:kms:us-east-1:111122223333:alias/aws/s3'), 'fail', {
    keyReferences: [awsManagedAlias('arn:aws:kms:us-east-1:111122223333:alias/aws/s3')],
  }),
  fixture('a key outside the inventory is not judged on its id', encryptedWith('arn:aws:kms:us-east-1:111122223333:key/other'), 'unknown', {
    messageIncludes: 'not in the inventory',
  }),
  fixture('a key the inventory knows is provider-managed', encryptedWith(KEY_ID), 'fail', {
    inventory: scenario(encryptedWith(KEY_ID), key({ managedBy: known('provider' as const) })),
  }),
  fixture('encryption could not be read', artifactStore({ encryptionKeyId: denied('s3:GetBucketEncryption', 'ServerSideEncryptionConfiguration') }), 'unknown'),
];

export default fixtures;
