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

export default fixtures;
