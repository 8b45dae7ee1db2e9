import { known } from '../../../policies/model';
import type { ControlFixture } from '../../support/fixtures';
import { CLOUDS, cloudFixture, cloudKeyStore, forbidden } from '../clouds';

const fixtures: ControlFixture[] = CLOUDS.flatMap((cloud) => [
  cloudFixture('soft delete, purge protection, RBAC, private', cloudKeyStore(cloud), 'pass'),
  cloudFixture('purge protection off', cloudKeyStore(cloud, { purgeProtection: known(false) }), 'fail', { messageIncludes: 'purge protection is off' }),
  cloudFixture('store access policies', cloudKeyStore(cloud, { accessModel: known('store-policy' as const) }), 'fail', { messageIncludes: 'not role-based' }),
  cloud === 'gcp'
    ? cloudFixture('public network access is the perimeter\'s to judge', cloudKeyStore(cloud, { publicNetworkAccess: known(true) }), 'pass', { messageIncludes: 'project-service-perimeter' })
    : cloudFixture('public network access', cloudKeyStore(cloud, { publicNetworkAccess: known(true) }), 'fail'),
  cloudFixture('soft delete off', cloudKeyStore(cloud, { softDelete: known(false) }), 'fail'),
  cloudFixture('vault unreadable', cloudKeyStore(cloud, { purgeProtection: forbidden(cloud, 'enablePurgeProtection') }), 'unknown'),
]);

export default fixtures;
