import { cloudDeployment, cloudEndpoint, cloudFixture, forbidden } from '../clouds';
import { deployment, endpoint, evidence, known, serverlessDeployment } from '../../support/builders';
import type { ControlFixture } from '../../support/fixtures';
import { denied, fixture } from '../scenario';

const withCount = (count: number) =>
  endpoint({ deployments: known([deployment({ instanceCount: known(count, evidence('fixture', 'InitialInstanceCount', count)) })]) });

const fixtures: ControlFixture[] = [
  fixture('two instances', withCount(2), 'pass', { messageIncludes: '2 instance(s)' }),
  fixture('one instance', withCount(1), 'fail', { messageIncludes: 'fewer than 2' }),
  fixture('three required, two running', withCount(2), 'fail', { parameters: { minInstances: 3 }, messageIncludes: 'fewer than 3' }),
  fixture('one accepted when minInstances is 1', withCount(1), 'pass', { parameters: { minInstances: 1 } }),
  fixture('serverless has no instance count', endpoint({ deployments: known([serverlessDeployment()]) }), 'not_applicable', {
    messageIncludes: 'Serverless Inference does not support',
  }),
  fixture('instance count could not be read', endpoint({
    deployments: known([deployment({ instanceCount: denied('sagemaker:DescribeEndpointConfig', 'InitialInstanceCount') })]),
  }), 'unknown'),
];

const replicas = (provider: 'azure' | 'gcp', count: number) => cloudEndpoint(provider, { deployments: known([cloudDeployment(provider, { instanceCount: known(count) })]) });
fixtures.push(
  cloudFixture('instanceCount 2', replicas('azure', 2), 'pass'),
  cloudFixture('instanceCount 1', replicas('azure', 1), 'fail', { messageIncludes: 'fewer than 2' }),
  cloudFixture('deployment unreadable', cloudEndpoint('azure', { deployments: forbidden('azure', 'deployments') }), 'unknown'),
  cloudFixture('minReplicaCount 3', replicas('gcp', 3), 'pass'),
  cloudFixture('minReplicaCount 1', replicas('gcp', 1), 'fail'),
  cloudFixture('replica count unreadable', cloudEndpoint('gcp', { deployments: known([cloudDeployment('gcp', { instanceCount: forbidden('gcp', 'minReplicaCount') })]) }), 'unknown'),
);

export default fixtures;
