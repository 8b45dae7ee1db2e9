import { known } from '../../../policies/model';
import type { ControlFixture } from '../../support/fixtures';
import { CLOUDS, cloudEndpoint, cloudFixture, cloudScenario, cloudWorkspace, forbidden } from '../clouds';

const fixtures: ControlFixture[] = CLOUDS.flatMap((cloud) => [
  cloudFixture('public network access disabled', cloudEndpoint(cloud), 'pass'),
  cloudFixture('public network access enabled', cloudEndpoint(cloud, { publicNetworkAccess: known(true) }), 'fail', { messageIncludes: 'public internet' }),
  cloudFixture('network access unreadable', cloudEndpoint(cloud, { publicNetworkAccess: forbidden(cloud, 'publicNetworkAccess') }), 'unknown'),
]);
// Judged per endpoint: a private workspace does not make a public endpoint private.
const publicEndpoint = cloudEndpoint('azure', { publicNetworkAccess: known(true) });
fixtures.push(cloudFixture('public endpoint in a private workspace', publicEndpoint, 'fail', { inventory: cloudScenario('azure', publicEndpoint, cloudWorkspace('azure')) }));

export default fixtures;
