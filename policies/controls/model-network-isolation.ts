import { z } from 'zod';
import { defineControl, fail, judgeDeployments, pass, withFact } from '../control';

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
  },
  compensatingControls: ['identity-least-privilege', 'image-pinned-by-digest'],
  evaluate: (endpoint, params) =>
    judgeDeployments(
      endpoint.deployments,
      (d) =>
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
