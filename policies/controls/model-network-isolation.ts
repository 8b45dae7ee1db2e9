import { z } from 'zod';
import { defineControl, fail, judgeDeployments, notApplicable, pass, withFact, type Judgement } from '../control';
import { resourcesOfKind, type Deployment, type InferenceEndpoint, type Inventory } from '../model';

/**
 * Once the endpoint's workspace has a managed network, the platform ignores a deployment's own egress
 * setting: the workspace decides (network-outbound-restricted judges it). Undefined: judge the deployment.
 */
function governedByWorkspace(endpoint: InferenceEndpoint, inventory: Inventory, deployment: Deployment): Judgement | undefined {
  const workspace = resourcesOfKind(inventory, 'workspace').find((w) => w.id === endpoint.workspaceId);
  if (!workspace) return undefined;
  const managed = workspace.managedNetworkOutbound;
  if (!managed.known) return { status: 'unknown', message: `whether workspace ${workspace.name} has a managed network (which would govern outbound) could not be read: ${managed.reason}`, evidence: managed.evidence };
  if (managed.value === null) return undefined;
  return notApplicable(
    `the workspace ${workspace.name} uses a managed network (outbound ${managed.value}), so the platform ignores the deployment's own egress setting${deployment.outbound.known ? ` (${deployment.outbound.value})` : ''}; network-outbound-restricted judges the workspace`,
    ...managed.evidence,
  );
}

export default defineControl({
  id: 'model-network-isolation',
  title: 'Model containers run with network isolation',
  severity: 'high',
  subject: 'endpoint',
  parameters: z.strictObject({
    acceptApprovedOutbound: z
      .boolean()
      .optional()
      .describe('Accept containers whose outbound access is limited to destinations the customer approved (not only containers with no network at all).'),
  }),
  rationale:
    'An isolated inference container has no outbound network access, so a compromised or malicious model cannot exfiltrate data or pull code at run time.',
  frameworks: { nist80053r5: ['SC-7', 'AC-4'], mitreAtlas: ['AML.M0019'] },
  perProvider: {
    aws: {
      remediation: {
        iac: 'SecureSageMakerEndpoint: leave `networkIsolation` at its default (true); CloudFormation: AWS::SageMaker::Model.EnableNetworkIsolation: true.',
        live: 'EnableNetworkIsolation cannot be changed in place: create a new model with --enable-network-isolation, a new endpoint config that uses it, then `aws sagemaker update-endpoint`.',
      },
      defaults: { acceptApprovedOutbound: false },
      equivalents: [
        { tool: 'Security Hub', id: 'SageMaker.5' },
        { tool: 'AWS Config', id: 'sagemaker-model-isolation-enabled' },
        { tool: 'Prowler', id: 'sagemaker_models_network_isolation_enabled' },
        { tool: 'Checkov', id: 'CKV_AWS_370' },
      ],
    },
    azure: {
      remediation: {
        iac: 'SecureAzureMlEndpoint: leave the workspace managed network on (default `AllowOnlyApprovedOutbound`; then the deployment egress setting is ignored and network-outbound-restricted judges the workspace); without a managed network, Pulumi: OnlineDeployment.properties.egressPublicNetworkAccess `Disabled`.',
        live: 'egressPublicNetworkAccess cannot be changed on a deployment: `az ml online-deployment create` a new deployment with `egress_public_network_access: disabled`, move the traffic, delete the old one; or give the workspace a managed network (`az ml workspace update --managed-network allow_only_approved_outbound`).',
      },
      defaults: { acceptApprovedOutbound: true },
      equivalents: [],
    },
  },
  compensatingControls: ['identity-least-privilege', 'image-pinned-by-digest', 'network-outbound-restricted'],
  notApplicableTo: {
    gcp: 'Vertex AI online prediction has no per-deployment egress setting: outbound from the serving containers is bounded by the project\'s service perimeter (judged by project-service-perimeter and network-outbound-restricted).',
  },
  evaluate: (endpoint, params, inventory) =>
    judgeDeployments(
      endpoint.deployments,
      (d) =>
        governedByWorkspace(endpoint, inventory, d) ??
        withFact(d.outbound, 'outbound network access', (outbound, ev) => {
          if (outbound === 'none') return pass('network isolation is enabled: the containers have no outbound network access', ...ev);
          if (outbound === 'approved-only') {
            return params.acceptApprovedOutbound
              ? pass('outbound network access is limited to approved destinations', ...ev)
              : fail('outbound network access is limited to approved destinations, but not isolated (set acceptApprovedOutbound to accept this)', ...ev);
          }
          return fail('network isolation is disabled: the containers may connect anywhere', ...ev);
        }),
      'network-isolation',
    ),
});
