import { z } from 'zod';
import { combine, defineControl, fail, notApplicable, pass, withFact } from '../control';
import type { PrivateServiceEndpoint } from '../model';
import { networkUsage } from '../usage';

function judgeService(service: string, endpoints: readonly PrivateServiceEndpoint[]) {
  const candidates = endpoints.filter((e) => e.service.toLowerCase() === service.toLowerCase());
  if (candidates.length === 0) return fail(`no private endpoint for ${service}`);
  const good = candidates.find((e) => e.type === 'interface' && e.available && e.privateDns);
  if (good) return pass(`${service}: available interface endpoint with private DNS`);
  const e = candidates[0];
  const problems = [
    e.type !== 'interface' ? `is a ${e.type} endpoint, not an interface endpoint` : null,
    !e.available ? 'is not available' : null,
    !e.privateDns ? 'has private DNS off, so the public name still resolves to the public endpoint' : null,
  ].filter((p): p is string => p !== null);
  return fail(`${service}: the private endpoint ${problems.join(' and ')}`);
}

export default defineControl({
  id: 'endpoint-private-api-path',
  title: 'Networks that host inference reach the inference APIs privately',
  severity: 'medium',
  subject: 'network',
  parameters: z.strictObject({
    requiredServices: z
      .array(z.string().min(1))
      .optional()
      .describe('Services (as the provider names them, without region) that need an available interface endpoint with private DNS in the network.'),
  }),
  rationale:
    'Interface endpoints with private DNS keep calls to the control-plane and invocation APIs inside the network, so clients and the endpoint itself do not need a route to the internet and an endpoint policy can restrict who is invoked. No other tool checks this for SageMaker. Networks no inference deployment is attached to are not judged.',
  frameworks: { nist80053r5: ['SC-7', 'AC-4'], mitreAtlas: ['AML.M0019'] },
  perProvider: {
    aws: {
      remediation: {
        iac: 'SecureSageMakerEndpoint: leave `addVpcEndpoints` at its default (true); CloudFormation: AWS::EC2::VPCEndpoint with VpcEndpointType Interface, ServiceName com.amazonaws.<region>.sagemaker.api / .sagemaker.runtime, PrivateDnsEnabled: true.',
        live: '`aws ec2 create-vpc-endpoint --vpc-endpoint-type Interface --vpc-id <vpc> --service-name com.amazonaws.<region>.sagemaker.runtime --subnet-ids ... --security-group-ids ... --private-dns-enabled` (and the same for sagemaker.api).',
      },
      defaults: { requiredServices: ['sagemaker.api', 'sagemaker.runtime'] },
      equivalents: [],
    },
  },  notApplicableTo: {
    azure: 'The private path to an Azure ML workspace and its endpoints is a private endpoint connection on the workspace, judged by workspace-private-access.',
    gcp: 'The private path to a Vertex AI endpoint is its Private Service Connect or peering configuration, judged by endpoint-public-access-disabled and model-private-network.',
  },

  evaluate: (network, params, inventory) => {
    if (networkUsage(inventory, network) === 'unused') return notApplicable('no inference deployment is attached to this network');
    return withFact(network.privateEndpoints, 'private service endpoints', (endpoints, ev) => {
      const result = combine(params.requiredServices.map((service) => judgeService(service, endpoints)));
      return { ...result, evidence: ev };
    });
  },
});
