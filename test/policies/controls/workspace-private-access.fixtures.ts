import { known } from '../../../policies/model';
import type { ControlFixture } from '../../support/fixtures';
import { CLOUDS, cloudFixture, cloudWorkspace, forbidden } from '../clouds';

// Azure only: a Google Cloud project has no private endpoint connections (see the control's notApplicableTo).
const fixtures: ControlFixture[] = CLOUDS.filter((cloud) => cloud === 'azure').flatMap((cloud) => [
  cloudFixture('private with an approved private endpoint', cloudWorkspace(cloud), 'pass'),
  cloudFixture('public network access enabled', cloudWorkspace(cloud, { publicNetworkAccess: known(true) }), 'fail', { messageIncludes: 'public internet' }),
  cloudFixture('private but the connection is pending', cloudWorkspace(cloud, { privateEndpointConnections: known([{ id: 'pe-1', status: 'pending' as const }]) }), 'fail', {
    messageIncludes: 'pe-1 (pending)',
  }),
  cloudFixture('private with no connection', cloudWorkspace(cloud, { privateEndpointConnections: known([]) }), 'fail'),
  cloudFixture('connections unreadable', cloudWorkspace(cloud, { privateEndpointConnections: forbidden(cloud, 'privateEndpointConnections') }), 'unknown'),
  cloudFixture('partly read, an approved one among them', cloudWorkspace(cloud, {
    privateEndpointConnections: { ...forbidden(cloud, 'privateEndpointConnections'), knownElements: [{ id: 'pe-1', status: 'approved' as const }] },
  }), 'pass'),
  cloudFixture('public access unreadable', cloudWorkspace(cloud, { publicNetworkAccess: forbidden(cloud, 'publicNetworkAccess') }), 'unknown'),
]);

export default fixtures;
