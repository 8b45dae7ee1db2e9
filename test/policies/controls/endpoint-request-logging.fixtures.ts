import { known } from '../../../policies/model';
import type { ControlFixture } from '../../support/fixtures';
import { CLOUDS, cloudEndpoint, cloudFixture, forbidden } from '../clouds';

const fixtures: ControlFixture[] = [
  ...CLOUDS.flatMap((cloud) => [
    cloudFixture('requests and responses logged', cloudEndpoint(cloud), 'pass', { messageIncludes: 'logged' }),
    cloudFixture('logging off', cloudEndpoint(cloud, { dataCapture: known({ enabled: false, keyId: null, destinationStoreId: null }) }), 'fail', { messageIncludes: 'not logged' }),
    cloudFixture('logging configuration unreadable', cloudEndpoint(cloud, { dataCapture: forbidden(cloud, 'predictRequestResponseLoggingConfig') }), 'unknown'),
  ]),
  cloudFixture('access logging stated by the adapter', cloudEndpoint('gcp', { requestLogging: known({ enabled: true, content: 'access' as const, destination: null }) }), 'pass', { messageIncludes: 'access' }),
  cloudFixture('the stated request logging decides over data capture', cloudEndpoint('azure', { requestLogging: known({ enabled: false, content: null, destination: null }) }), 'fail'),
  cloudFixture(
    'traffic log sent to Log Analytics by a diagnostic setting',
    cloudEndpoint('azure', { requestLogging: known({ enabled: true, content: 'access' as const, destination: { kind: 'log-workspace' as const, id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/logs' } }) }),
    'pass',
    { messageIncludes: 'log-workspace' },
  ),
  cloudFixture('diagnostic settings unreadable', cloudEndpoint('azure', { requestLogging: forbidden('azure', 'diagnosticSettings') }), 'unknown'),
];

export default fixtures;
