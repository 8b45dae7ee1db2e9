import { known } from '../../../policies/model';
import type { ControlFixture } from '../../support/fixtures';
import { CLOUDS, cloudEndpoint, cloudFixture, forbidden, grant } from '../clouds';

const auth = (cloud: 'azure' | 'gcp', mode: 'provider-identity' | 'short-lived-token' | 'static-key') => cloudEndpoint(cloud, { callerAuthentication: known(mode) });
const invokers = (member: string) =>
  cloudEndpoint('gcp', { invokePolicy: known([grant(['aiplatform.endpoints.predict'], [], { principals: [member], origin: 'roles/aiplatform.user' })]) });

const fixtures: ControlFixture[] = [
  ...CLOUDS.flatMap((cloud) => [
    cloudFixture('provider identity (Entra ID / Google IAM)', auth(cloud, 'provider-identity'), 'pass'),
    cloudFixture('static key', auth(cloud, 'static-key'), 'fail', { messageIncludes: 'long-lived shared key' }),
    cloudFixture('auth mode unreadable', cloudEndpoint(cloud, { callerAuthentication: forbidden(cloud, 'authMode') }), 'unknown'),
  ]),
  cloudFixture('AMLToken passes by default', auth('azure', 'short-lived-token'), 'pass', { messageIncludes: 'expire' }),
  cloudFixture('AMLToken fails when Entra ID is required', auth('azure', 'short-lived-token'), 'fail', { parameters: { requireProviderIdentity: true } }),
  cloudFixture('invokers are named accounts', invokers('group:ml-clients@example.com'), 'pass'),
  cloudFixture('allUsers may predict', invokers('allUsers'), 'fail', { messageIncludes: 'anyone may invoke' }),
  cloudFixture('endpoint IAM unreadable', cloudEndpoint('gcp', { invokePolicy: forbidden('gcp', 'getIamPolicy') }), 'unknown'),
];

export default fixtures;
