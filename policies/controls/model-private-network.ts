import { defineControl, fail, judgeDeployments, pass, withFact } from '../control';

export default defineControl({
  id: 'model-private-network',
  title: 'Model containers run inside a private network',
  severity: 'medium',
  subject: 'endpoint',
  rationale:
    'Attaching the inference containers to your own private network (subnets and firewalls you control), or to a network the provider manages and isolates for them (an Azure ML managed VNet, a Vertex AI Private Service Connect endpoint), keeps their traffic to model stores and other services off the public internet and under your routing and firewall rules. Serverless deployments cannot join a private network, so the control is not applicable to them.',
  frameworks: { nist80053r5: ['SC-7', 'AC-4'], mitreAtlas: ['AML.M0019'] },
  perProvider: {
    aws: {
      remediation: {
        iac: 'SecureSageMakerEndpoint: leave `privateNetwork` at its default (true); pass `vpc` and `vpcSubnets` to use your own network; CloudFormation: AWS::SageMaker::Model.VpcConfig with Subnets and SecurityGroupIds.',
        live: 'VpcConfig cannot be changed on a model: `aws sagemaker create-model --vpc-config Subnets=...,SecurityGroupIds=...`, a new endpoint config that uses it, then `aws sagemaker update-endpoint`.',
      },
      equivalents: [
        { tool: 'AWS Config', id: 'sagemaker-model-in-vpc' },
        { tool: 'Prowler', id: 'sagemaker_models_vpc_settings_configured' },
      ],
    },
    azure: {
      remediation: {
        iac: 'SecureAzureMlEndpoint: leave the workspace managed network on (default: `AllowOnlyApprovedOutbound`); Pulumi: machinelearningservices.Workspace.managedNetwork.isolationMode `AllowOnlyApprovedOutbound` (or `AllowInternetOutbound`).',
        live: '`az ml workspace update --name <workspace> --managed-network allow_only_approved_outbound` (then `az ml workspace provision-network`).',
      },
      equivalents: [],
    },
    gcp: {
      remediation: {
        iac: 'SecureVertexEndpoint: leave `privateAccess` at its default (Private Service Connect) or choose VPC peering; Pulumi: vertex.AiEndpoint.privateServiceConnectConfig.enablePrivateServiceConnect or .network. A dedicated public endpoint is not private.',
        live: 'The network of an endpoint cannot be changed: `gcloud ai endpoints create --network <network>` (peering) or with a Private Service Connect config, redeploy the models to it, and move the traffic.',
      },
      equivalents: [{ tool: 'Checkov', id: 'CKV2_GCP_33' }],
    },
  },
  compensatingControls: ['endpoint-private-api-path', 'identity-least-privilege', 'image-pinned-by-digest'],
  evaluate: (endpoint) =>
    judgeDeployments(
      endpoint.deployments,
      (d) =>
        withFact(d.network, 'network attachment', (attachment, ev) => {
          if (attachment === null) return fail('not attached to a private network', ...ev);
          if (attachment.kind === 'provider-managed') {
            return pass(`runs in ${attachment.networkId ?? 'a network'} the provider manages and isolates for it`, ...ev);
          }
          if (attachment.subnetIds.length === 0) return fail('attached to a network but to no subnet', ...ev);
          if (attachment.firewallIds.length === 0) return fail('attached to a private network without a firewall (security group)', ...ev);
          return pass(
            `runs in ${attachment.networkId ?? 'a private network'} (${attachment.subnetIds.length} subnet(s), ${attachment.firewallIds.length} firewall(s))`,
            ...ev,
          );
        }),
      'private-network',
    ),
});
