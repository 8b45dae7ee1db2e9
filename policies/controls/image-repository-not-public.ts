import { defineControl, fail, pass, withList } from '../control';
import { describeStatement, publicAllowStatements } from '../iam';

export default defineControl({
  id: 'image-repository-not-public',
  title: 'Image repositories are not open to everyone',
  severity: 'critical',
  subject: 'image-repository',
  rationale:
    'A repository policy that allows principal `*` without a restricting condition lets anyone pull the inference image (and the model or code baked into it) and, if it grants push, replace it with their own image, which then runs with the endpoint identity.',
  frameworks: { nist80053r5: ['AC-3', 'AC-6'], mitreAtlas: ['AML.M0005'] },
  perProvider: {
    aws: {
      remediation: {
        iac: 'SecureSageMakerEndpoint: leave `repository` unset (default: no repository policy); CloudFormation: AWS::ECR::Repository.RepositoryPolicyText without `"Principal": "*"` Allow statements, or with an aws:PrincipalOrgID / aws:PrincipalAccount condition.',
        live: '`aws ecr get-repository-policy --repository-name <repo>`, then `aws ecr set-repository-policy` without the public statement (or `aws ecr delete-repository-policy`).',
      },
      equivalents: [
        { tool: 'Prowler', id: 'ecr_repositories_not_publicly_accessible' },
        { tool: 'cdk-nag', id: 'AwsSolutions-ECR1' },
        { tool: 'Checkov', id: 'CKV_AWS_32' },
      ],
    },
  },  notApplicableTo: {
    azure: 'Azure Container Registry repositories are not read by the Azure adapters yet.',
    gcp: 'Artifact Registry repositories are not read by the Google Cloud adapters yet.',
  },

  evaluate: (repository) =>
    withList(repository.policy, 'repository policy', (statements, ev) => {
      const open = publicAllowStatements(statements);
      return open.length > 0
        ? fail(`open to anyone: ${open.map(describeStatement).join('; ')}`, ...ev)
        : pass('no statement grants access to everyone', ...ev);
    }),
});
