// AWS::EC2::VPC (+ AWS::EC2::VPCEndpoint in it) -> Network.
//
// A template declares what will exist: an endpoint declared here is reported `available: true`.
// A live read reports the endpoint's actual State instead (pending, failed ...).
import { known, unknown, type Network, type PrivateServiceEndpoint } from '../../../../policies/model';
import { privateServiceName } from '../../platform';
import { literal, parseBoolean, parseLiteralString } from '../facts';
import type { TemplateContext, TemplateResource } from '../template-context';
import { Unresolved, placeholderText } from '../values';

const VPC = 'AWS::EC2::VPC';
const VPC_ENDPOINT = 'AWS::EC2::VPCEndpoint';

/** CloudFormation VpcEndpointType -> the model's type; other types (GatewayLoadBalancer, Resource ...) are not private service endpoints. */
const ENDPOINT_TYPES: Readonly<Record<string, PrivateServiceEndpoint['type']>> = { Interface: 'interface', Gateway: 'gateway' };

function privateEndpoint(context: TemplateContext, endpoint: TemplateResource): PrivateServiceEndpoint | null | Unresolved {
  const serviceName = endpoint.get(['ServiceName']);
  const rendered = serviceName === undefined ? null : context.render(serviceName);
  if (rendered instanceof Unresolved) return rendered;
  if (rendered === null) return new Unresolved('ServiceName is not set', null);
  const typeValue = endpoint.get(['VpcEndpointType']);
  if (typeValue instanceof Unresolved) return typeValue;
  const type = ENDPOINT_TYPES[literal(typeValue, parseLiteralString) ?? 'Gateway'];
  if (!type) return null;
  const privateDns = endpoint.get(['PrivateDnsEnabled']);
  const dns = privateDns === undefined ? false : parseBoolean(privateDns);
  if (dns instanceof Unresolved) return dns;
  // `com.amazonaws.${AWS.Region}.sagemaker.runtime`: the service does not depend on the region's value.
  const service = privateServiceName(rendered.replace(placeholderText('AWS::Region'), 'region'));
  return { service, type, available: true, privateDns: dns };
}

export function networksFromTemplate(context: TemplateContext): Network[] {
  const endpoints = context.ofType(VPC_ENDPOINT);
  return context.ofType(VPC).map((vpc) => {
    const found: PrivateServiceEndpoint[] = [];
    const gaps: string[] = [];
    const evidence = [];
    for (const endpoint of endpoints) {
      const vpcId = endpoint.get(['VpcId']);
      if (vpcId instanceof Unresolved) {
        gaps.push(`${VPC_ENDPOINT} ${endpoint.logicalId} may be in this VPC: ${vpcId.reason}`);
        continue;
      }
      if (context.referenced(vpcId, VPC) !== vpc) continue;
      evidence.push(endpoint.evidence([]));
      const declared = privateEndpoint(context, endpoint);
      if (declared instanceof Unresolved) gaps.push(`${VPC_ENDPOINT} ${endpoint.logicalId}: ${declared.reason}`);
      else if (declared) found.push(declared);
    }
    if (evidence.length === 0) evidence.push(vpc.evidenceWith([], `no ${VPC_ENDPOINT} in the template is in ${vpc.logicalId}`));
    return {
      kind: 'network',
      id: vpc.modelId,
      name: vpc.logicalId,
      provider: 'aws',
      region: context.region,
      account: context.account,
      privateEndpoints: gaps.length > 0 ? unknown(gaps.join('; '), ...evidence) : known(found, ...evidence),
    };
  });
}
