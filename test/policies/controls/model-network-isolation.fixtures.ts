import type { Deployment } from '../../../policies/model';
import { cloudDeployment, cloudEndpoint, cloudFixture, cloudScenario, cloudWorkspace, forbidden } from '../clouds';
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

const outbound = (value: Deployment['outbound']) => cloudEndpoint('azure', { deployments: known([cloudDeployment('azure', { outbound: value })]) });
const noManagedNetwork = cloudWorkspace('azure', { managedNetworkOutbound: known(null) });
fixtures.push(
  cloudFixture('egress disabled on a deployment without a managed network', outbound(known('none')), 'pass', { inventory: cloudScenario('azure', noManagedNetwork, outbound(known('none'))) }),
  cloudFixture('egress enabled without a managed network', outbound(known('open')), 'fail', { inventory: cloudScenario('azure', noManagedNetwork, outbound(known('open'))) }),
  cloudFixture('approved-only outbound passes by default on Azure', outbound(known('approved-only')), 'pass', { inventory: cloudScenario('azure', noManagedNetwork, outbound(known('approved-only'))) }),
  cloudFixture('egress setting is ignored once the workspace uses a managed network', outbound(known('open')), 'not_applicable', { messageIncludes: 'ignores the deployment' }),
  cloudFixture('egress unreadable', outbound(forbidden('azure', 'egressPublicNetworkAccess')), 'unknown', { inventory: cloudScenario('azure', noManagedNetwork, outbound(forbidden('azure', 'egressPublicNetworkAccess'))) }),
  cloudFixture('workspace managed network unreadable', outbound(known('open')), 'unknown', { inventory: cloudScenario('azure', cloudWorkspace('azure', { managedNetworkOutbound: forbidden('azure', 'managedNetwork') }), outbound(known('open'))) }),
);

export default fixtures;
