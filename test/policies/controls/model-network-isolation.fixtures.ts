import { deployment, endpoint, evidence, known, serverlessDeployment } from '../../support/builders';
import type { ControlFixture } from '../../support/fixtures';
import { denied, fixture } from '../scenario';

/** As the AWS adapter states EnableNetworkIsolation: the flag, and the outbound access it means. */
const isolation = (on: boolean) => ({
  networkIsolation: known(on, evidence('fixture', 'EnableNetworkIsolation', on)),
  outbound: known(on ? ('none' as const) : ('open' as const), evidence('fixture', 'EnableNetworkIsolation', on)),
});

const fixtures: ControlFixture[] = [
  fixture('network isolation on', endpoint(), 'pass', { messageIncludes: 'network isolation is enabled' }),
  fixture('network isolation off', endpoint({ deployments: known([deployment(isolation(false))]) }), 'fail', {
    messageIncludes: 'AllTraffic: network isolation is disabled',
  }),
  fixture('one of two variants not isolated', endpoint({
    deployments: known([deployment(), deployment({ name: 'Canary', ...isolation(false) })]),
  }), 'fail', { messageIncludes: 'Canary' }),
  fixture('serverless cannot be isolated', endpoint({ deployments: known([serverlessDeployment()]) }), 'not_applicable', {
    messageIncludes: 'Serverless',
  }),
  fixture('isolation setting could not be read', endpoint({
    deployments: known([deployment({ networkIsolation: denied('sagemaker:DescribeModel', 'EnableNetworkIsolation'), outbound: denied('sagemaker:DescribeModel', 'EnableNetworkIsolation') })]),
  }), 'unknown'),
  fixture('an endpoint with no deployments', endpoint({ deployments: known([]) }), 'not_applicable'),
];

export default fixtures;
