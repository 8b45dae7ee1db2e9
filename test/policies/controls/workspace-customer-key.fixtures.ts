import { evidence, known } from '../../../policies/model';
import type { ControlFixture } from '../../support/fixtures';
import { AZ_KEY_ID, cloudFixture, cloudKey, cloudScenario, cloudWorkspace, forbidden } from '../clouds';

const providerKey = cloudKey('azure', { managedBy: known('provider' as const, evidence('fixture', 'managedBy', 'Microsoft')) });
const fixtures: ControlFixture[] = [
  cloudFixture('Key Vault customer key', cloudWorkspace('azure'), 'pass', { messageIncludes: AZ_KEY_ID }),
  cloudFixture('Microsoft-managed encryption', cloudWorkspace('azure', { encryptionKeyId: known(null) }), 'fail', { messageIncludes: 'provider-managed' }),
  cloudFixture('a provider-managed key', cloudWorkspace('azure'), 'fail', { inventory: cloudScenario('azure', providerKey) }),
  cloudFixture('encryption unreadable', cloudWorkspace('azure', { encryptionKeyId: forbidden('azure', 'encryption') }), 'unknown'),
  cloudFixture('key not in the inventory', cloudWorkspace('azure', { encryptionKeyId: known('https://other.vault.azure.net/keys/x') }), 'unknown'),
];

export default fixtures;
