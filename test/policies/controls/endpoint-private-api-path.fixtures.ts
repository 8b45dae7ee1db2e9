import { deployment, endpoint, evidence, known, network, SG_ID } from '../../support/builders';
import type { PrivateServiceEndpoint } from '../../../policies/model';
import type { ControlFixture } from '../../support/fixtures';
import { denied, fixture, scenario } from '../scenario';

const api: PrivateServiceEndpoint = { service: 'sagemaker.api', type: 'interface', available: true, privateDns: true };
const runtime: PrivateServiceEndpoint = { service: 'sagemaker.runtime', type: 'interface', available: true, privateDns: true };
const withEndpoints = (...endpoints: PrivateServiceEndpoint[]) => network({ privateEndpoints: known(endpoints, evidence('fixture', 'VpcEndpoints', endpoints)) });
const otherVpc = { ...withEndpoints(), id: 'vpc-0other', name: 'vpc-0other' };

const fixtures: ControlFixture[] = [
  fixture('both interface endpoints with private DNS', withEndpoints(api, runtime), 'pass', { messageIncludes: 'sagemaker.runtime: available' }),
  fixture('runtime endpoint missing', withEndpoints(api), 'fail', { messageIncludes: 'no private endpoint for sagemaker.runtime' }),
  fixture('private DNS off', withEndpoints(api, { ...runtime, privateDns: false }), 'fail', { messageIncludes: 'private DNS off' }),
  fixture('endpoint pending', withEndpoints(api, { ...runtime, available: false }), 'fail', { messageIncludes: 'not available' }),
  fixture('a second, good endpoint for the service is enough', withEndpoints(api, { ...runtime, privateDns: false }, runtime), 'pass'),
  fixture('requiredServices extended', withEndpoints(api, runtime), 'fail', {
    parameters: { requiredServices: ['sagemaker.api', 'sagemaker.runtime', 'kms'] },
    messageIncludes: 'kms',
  }),
  fixture('a network no deployment is attached to', otherVpc, 'not_applicable', { messageIncludes: 'no inference deployment' }),
  fixture('attachment to an unnamed network: judged', otherVpc, 'fail', {
    inventory: scenario(
      otherVpc,
      endpoint({ deployments: known([deployment({ network: known({ networkId: null, subnetIds: ['subnet-a'], firewallIds: [SG_ID] }) })]) }),
    ),
  }),
  fixture('endpoints could not be listed', network({ privateEndpoints: denied('ec2:DescribeVpcEndpoints', 'VpcEndpoints') }), 'unknown'),
];

export default fixtures;
