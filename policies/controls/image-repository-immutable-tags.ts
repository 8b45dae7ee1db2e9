import { defineControl, fail, pass, withFact } from '../control';

export default defineControl({
  id: 'image-repository-immutable-tags',
  title: 'Image repositories keep tags immutable',
  severity: 'medium',
  subject: 'image-repository',
  rationale:
    'With mutable tags anyone who can push may move a tag such as `v1` to a different image, and every deployment that refers to the tag picks up the new code on its next scale-out or restart. Immutable tags make a tag name one image for good.',
  frameworks: { nist80053r5: ['SI-7', 'CM-3'], mitreAtlas: ['AML.M0014'] },
  perProvider: {
    aws: {
      remediation: {
        iac: 'SecureSageMakerEndpoint: leave `repository` unset (default: immutable tags) and keep `repositoryProps.imageTagMutability` IMMUTABLE; CloudFormation: AWS::ECR::Repository.ImageTagMutability: IMMUTABLE.',
        live: '`aws ecr put-image-tag-mutability --repository-name <repo> --image-tag-mutability IMMUTABLE`.',
      },
      equivalents: [
        { tool: 'Prowler', id: 'ecr_repositories_tag_immutability' },
        { tool: 'Checkov', id: 'CKV_AWS_51' },
      ],
    },
  },  notApplicableTo: {
    azure: 'Azure Container Registry repositories are not read by the Azure adapters yet.',
    gcp: 'Artifact Registry repositories are not read by the Google Cloud adapters yet.',
  },

  evaluate: (repository) =>
    withFact(repository.tagsImmutable, 'tag mutability', (immutable, ev) =>
      immutable ? pass('tags are immutable', ...ev) : fail('tags are mutable: a pushed image can replace a tag', ...ev),
    ),
});
