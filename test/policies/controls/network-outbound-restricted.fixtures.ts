import { known } from '../../../policies/model';
import type { ControlFixture } from '../../support/fixtures';
import { CLOUDS, cloudFixture, cloudWorkspace, forbidden } from '../clouds';

const fixtures: ControlFixture[] = CLOUDS.flatMap((cloud) => [
  cloudFixture('approved outbound only', cloudWorkspace(cloud), 'pass'),
  cloudFixture('no outbound', cloudWorkspace(cloud, { managedNetworkOutbound: known('none' as const) }), 'pass'),
  cloudFixture('internet outbound', cloudWorkspace(cloud, { managedNetworkOutbound: known('open' as const) }), 'fail', { messageIncludes: 'internet' }),
  cloudFixture('no managed network', cloudWorkspace(cloud, { managedNetworkOutbound: known(null) }), 'not_applicable', { messageIncludes: 'model-network-isolation' }),
  cloudFixture('managed network unreadable', cloudWorkspace(cloud, { managedNetworkOutbound: forbidden(cloud, 'managedNetwork') }), 'unknown'),
]);

export default fixtures;
