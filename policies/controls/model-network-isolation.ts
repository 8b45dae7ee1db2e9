import { defineControl, fail, judgeDeployments, pass, withFact } from '../control';

export default defineControl({
  id: 'model-network-isolation',
  title: 'Model containers run with network isolation',
  severity: 'high',
  subject: 'endpoint',
  providers: ['aws'],
  rationale:
    'An isolated inference container has no outbound network access, so a compromised or malicious model cannot exfiltrate data or pull code at run time.',
  remediation: {
    aws: {
      iac: 'SecureSageMakerEndpoint: leave `networkIsolation` at its default (true); CloudFormation: AWS::SageMaker::Model.EnableNetworkIsolation: true.',
      live: 'EnableNetworkIsolation cannot be changed in place: create a new model with --enable-network-isolation, a new endpoint config that uses it, then `aws sagemaker update-endpoint`.',
    },
  },
  frameworks: { nist80053r5: ['SC-7', 'AC-4'], mitreAtlas: ['AML.M0019'] },
  equivalents: [
    { tool: 'Security Hub', id: 'SageMaker.5' },
    { tool: 'AWS Config', id: 'sagemaker-model-isolation-enabled' },
    { tool: 'Prowler', id: 'sagemaker_models_network_isolation_enabled' },
    { tool: 'Checkov', id: 'CKV_AWS_370' },
  ],
  compensatingControls: ['identity-least-privilege', 'image-pinned-by-digest'],
  evaluate: (endpoint) =>
    judgeDeployments(
      endpoint.deployments,
      (d) =>
        withFact(d.networkIsolation, 'network isolation', (isolated, ev) =>
          isolated ? pass('network isolation is enabled', ...ev) : fail('network isolation is disabled', ...ev),
        ),
      'network-isolation',
    ),
});
