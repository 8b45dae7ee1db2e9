import { evidence, imageRepository, known } from '../../support/builders';
import { asAws, type AwsStatement } from '../../support/builders';
import type { ControlFixture } from '../../support/fixtures';
import { denied, fixture } from '../scenario';

const publicPull: AwsStatement = {
  effect: 'Allow',
  principals: ['*'],
  actions: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
  resources: [],
  conditions: [],
  origin: 'repository-policy',
};
const withPolicy = (...statements: AwsStatement[]) => imageRepository({ policy: known(statements.map(asAws), evidence('fixture', 'policyText', statements)) });

const fixtures: ControlFixture[] = [
  fixture('no repository policy', imageRepository(), 'pass'),
  fixture('anyone may pull', withPolicy(publicPull), 'fail', { messageIncludes: 'ecr:BatchGetImage' }),
  fixture('principal * limited to the organization', withPolicy({
    ...publicPull,
    conditions: [{ operator: 'StringEquals', key: 'aws:PrincipalOrgID', values: ['o-abc123'] }],
  }), 'pass'),
  fixture('SageMaker service principal pulls', withPolicy({ ...publicPull, principals: ['sagemaker.amazonaws.com'] }), 'pass'),
  fixture('policy could not be read', imageRepository({ policy: denied('ecr:GetRepositoryPolicy', 'policyText') }), 'unknown'),
];

export default fixtures;
