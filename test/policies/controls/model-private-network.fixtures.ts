import type { Deployment } from '../../../policies/model';
import { cloudDeployment, cloudEndpoint, cloudFixture, forbidden } from '../clouds';
import { deployment, endpoint, evidence, known, serverlessDeployment, VPC_ID } from '../../support/builders';
import type { NetworkAttachment } from '../../../policies/model';
import type { ControlFixture } from '../../support/fixtures';
import { denied, fixture } from '../scenario';

const attached = (network: NetworkAttachment | null) =>
  endpoint({ deployments: known([deployment({ network: known(network, evidence('fixture', 'VpcConfig', network)) })]) });

const fixtures: ControlFixture[] = [
  fixture('in a VPC with subnets and a security group', endpoint(), 'pass', { messageIncludes: VPC_ID }),
  fixture('no VPC', attached(null), 'fail', { messageIncludes: 'not attached to a private network' }),
  fixture('VPC without security groups', attached({ networkId: VPC_ID, subnetIds: ['subnet-a'], firewallIds: [] }), 'fail', {
    messageIncludes: 'without a firewall',
  }),
  fixture('VPC without subnets', attached({ networkId: VPC_ID, subnetIds: [], firewallIds: ['sg-1'] }), 'fail', { messageIncludes: 'no subnet' }),
  fixture('serverless cannot join a VPC', endpoint({ deployments: known([serverlessDeployment()]) }), 'not_applicable', {
    messageIncludes: 'Serverless Inference does not support',
  }),
  fixture('VPC config could not be read', endpoint({ deployments: known([deployment({ network: denied('sagemaker:DescribeModel', 'VpcConfig') })]) }), 'unknown'),
];

const networked = (provider: 'azure' | 'gcp', network: Deployment['network']) => cloudEndpoint(provider, { deployments: known([cloudDeployment(provider, { network })]) });
fixtures.push(
  cloudFixture('workspace managed VNet', cloudEndpoint('azure'), 'pass', { messageIncludes: 'the provider manages' }),
  cloudFixture('no managed network, no VNet', networked('azure', known(null)), 'fail'),
  cloudFixture('managed network unreadable', networked('azure', forbidden('azure', 'managedNetwork')), 'unknown'),
  cloudFixture('Private Service Connect endpoint is private', cloudEndpoint('gcp'), 'pass'),
  cloudFixture('VPC peering with a named network', networked('gcp', known({ kind: 'customer-network' as const, networkId: 'projects/1/global/networks/ml', subnetIds: ['reserved-range'], firewallIds: ['vpc-firewall'] })), 'pass'),
  cloudFixture('dedicated public endpoint is not private', networked('gcp', known(null)), 'fail', { messageIncludes: 'not attached' }),
  cloudFixture('endpoint network unreadable', networked('gcp', forbidden('gcp', 'network')), 'unknown'),
);

export default fixtures;
