import { defineControl, fail, judgeDeployments, pass, withFact } from '../control';

export default defineControl({
  id: 'deployment-dedicated-identity',
  title: 'Each deployment runs as a dedicated identity, not a provider default',
  severity: 'medium',
  subject: 'endpoint',
  rationale:
    'A deployment without an identity of its own runs as an identity the provider shares across the project, with access you cannot narrow to what this model needs: a compromised container then gets all of it. A dedicated identity can be granted exactly the model, key and logs it uses (judged by identity-least-privilege).',
  frameworks: { nist80053r5: ['AC-6', 'AC-3'], mitreAtlas: ['AML.M0005', 'AML.M0019'] },
  perProvider: {
    gcp: {
      remediation: {
        iac: 'SecureVertexEndpoint: leave the serving service account at its default (a dedicated account with logging and monitoring writer roles); deploy the model with `serviceAccount` set to it.',
        live: '`gcloud ai endpoints deploy-model <endpoint> --region <region> --model <model> --service-account <dedicated account email>`, move the traffic, then undeploy the deployed model that runs as the default identity.',
      },
      equivalents: [],
    },
  },
  notApplicableTo: {
    aws: 'SageMaker requires an execution role on every model: there is no provider default identity to fall back to.',
    azure: 'Every managed online endpoint runs as its own system- or user-assigned managed identity: there is no shared default identity.',
  },
  compensatingControls: ['identity-least-privilege'],
  evaluate: (endpoint) =>
    judgeDeployments(endpoint.deployments, (d) =>
      withFact(d.identityId, 'serving identity', (identityId, ev) =>
        identityId === null
          ? fail('runs as the provider\'s default identity, whose access cannot be narrowed to this model', ...ev)
          : pass(`runs as ${identityId}`, ...ev),
      ),
    ),
});
