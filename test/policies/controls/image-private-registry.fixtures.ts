import { cloudDeployment, cloudEndpoint, cloudFixture, DIGEST } from '../clouds';
import { ACCOUNT, deployment, endpoint, evidence, known, REGION, serverlessDeployment } from '../../support/builders';
import type { ImageRef } from '../../../policies/model';
import type { ControlFixture } from '../../support/fixtures';
import { denied, fixture } from '../scenario';

const OTHER_ACCOUNT = '444455556666';
const withImages = (...images: ImageRef[]) =>
  endpoint({ deployments: known([deployment({ images: known(images, evidence('fixture', 'PrimaryContainer.Image', images.map((i) => i.uri))) })]) });
const ecrImage = (account: string | null): ImageRef => ({
  uri: `${account ?? 'unknown'}.dkr.ecr.${REGION}.amazonaws.com/models/classifier:v1`,
  repositoryId: null,
  registry: 'private',
  registryAccount: account,
  digest: null,
  tag: 'v1',
});
const dockerHub: ImageRef = { uri: 'docker.io/library/python:3.12', repositoryId: null, registry: 'public', registryAccount: null, digest: null, tag: '3.12' };

const fixtures: ControlFixture[] = [
  fixture('image from the endpoint account registry', endpoint(), 'pass', { messageIncludes: `trusted account ${ACCOUNT}` }),
  fixture('image from a public registry', withImages(dockerHub), 'fail', { messageIncludes: 'public registry' }),
  fixture('one public image among private ones', withImages(ecrImage(ACCOUNT), dockerHub), 'fail', { messageIncludes: 'docker.io' }),
  fixture('private registry in another account', withImages(ecrImage(OTHER_ACCOUNT)), 'fail', { messageIncludes: 'not trusted' }),
  fixture('another account listed in trustedAccounts', withImages(ecrImage(OTHER_ACCOUNT)), 'pass', { parameters: { trustedAccounts: [OTHER_ACCOUNT] } }),
  fixture('trustedAccounts replaces the endpoint account', withImages(ecrImage(ACCOUNT)), 'fail', { parameters: { trustedAccounts: [OTHER_ACCOUNT] } }),
  fixture('registry account not known', withImages(ecrImage(null)), 'unknown', { messageIncludes: 'not known' }),
  fixture('endpoint account not known and no trustedAccounts', { ...withImages(ecrImage(ACCOUNT)), account: undefined }, 'unknown', {
    messageIncludes: 'set trustedAccounts',
  }),
  // "Serverless does not support private Docker registries" means registries other than ECR: whose ECR repository still matters.
  fixture('serverless image from the endpoint account', endpoint({ deployments: known([serverlessDeployment()]) }), 'pass'),
  fixture('serverless image from another account', endpoint({ deployments: known([serverlessDeployment({ images: known([ecrImage(OTHER_ACCOUNT)]) })]) }), 'fail', {
    messageIncludes: 'not trusted',
  }),
  fixture('an unreadable container does not hide a public sibling', endpoint({
    deployments: known([deployment({ images: { ...denied('sagemaker:DescribeModel', 'Containers[1].Image'), knownElements: [dockerHub] } })]),
  }), 'fail', { messageIncludes: 'could not be read' }),
  fixture('images could not be read', endpoint({ deployments: known([deployment({ images: denied('sagemaker:DescribeModel', 'PrimaryContainer.Image') })]) }), 'unknown'),
];

const imageFrom = (provider: 'azure' | 'gcp', registry: 'private' | 'public', registryAccount: string | null) =>
  cloudEndpoint(provider, { deployments: known([cloudDeployment(provider, { images: known([{ uri: 'registry/classifier@' + DIGEST, repositoryId: null, registry, registryAccount, digest: DIGEST, tag: null }]) })]) });
fixtures.push(
  cloudFixture('image in the subscription\'s ACR', cloudEndpoint('azure'), 'pass'),
  cloudFixture('image from Docker Hub', imageFrom('azure', 'public', null), 'fail', { messageIncludes: 'public registry' }),
  cloudFixture('ACR of another subscription', imageFrom('azure', 'private', 'ffffffff-0000-0000-0000-000000000000'), 'fail', { messageIncludes: 'not trusted' }),
  cloudFixture('registry owner not known', imageFrom('azure', 'private', null), 'unknown'),
  cloudFixture('image in the project\'s Artifact Registry', cloudEndpoint('gcp'), 'pass'),
  cloudFixture('image from a public registry', imageFrom('gcp', 'public', null), 'fail'),
  cloudFixture('registry project not known', imageFrom('gcp', 'private', null), 'unknown'),
  // Google's pre-built serving containers live in Google's own project: trusted only when the baseline names it.
  cloudFixture('Google pre-built container (project vertex-ai)', imageFrom('gcp', 'private', 'vertex-ai'), 'fail', { messageIncludes: 'not trusted' }),
  cloudFixture('Google pre-built containers trusted by name', imageFrom('gcp', 'private', 'vertex-ai'), 'pass', { parameters: { trustedAccounts: ['vertex-ai'] } }),
  cloudFixture(
    'AutoML model served in a Google-managed container',
    cloudEndpoint('gcp', {
      deployments: known([cloudDeployment('gcp', { images: known([]), unsupported: { 'private-registry': 'an AutoML model is served by Vertex AI in a Google-managed serving container' } })]),
    }),
    'not_applicable',
    { messageIncludes: 'AutoML' },
  ),
);

export default fixtures;
