import { cloudDeployment, cloudEndpoint, cloudFixture, forbidden, PROJECT, SUBSCRIPTION } from '../clouds';
import { ACCOUNT, deployment, endpoint, evidence, IMAGE_DIGEST, known, REGION, REPO_ID, serverlessDeployment } from '../../support/builders';
import type { ImageRef } from '../../../policies/model';
import type { ControlFixture } from '../../support/fixtures';
import { denied, fixture } from '../scenario';

const withImages = (...images: ImageRef[]) =>
  endpoint({ deployments: known([deployment({ images: known(images, evidence('fixture', 'PrimaryContainer.Image', images.map((i) => i.uri))) })]) });
const repo = `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/models/classifier`;
const tagged: ImageRef = { uri: `${repo}:latest`, repositoryId: REPO_ID, registry: 'private', registryAccount: ACCOUNT, digest: null, tag: 'latest' };
const pinned: ImageRef = { ...tagged, uri: `${repo}@${IMAGE_DIGEST}`, digest: IMAGE_DIGEST, tag: null };

const fixtures: ControlFixture[] = [
  fixture('image pinned by digest', endpoint(), 'pass', { messageIncludes: 'pinned by digest' }),
  fixture('image by tag only', withImages(tagged), 'fail', { messageIncludes: ':latest' }),
  fixture('second container of a pipeline by tag', withImages(pinned, tagged), 'fail', { messageIncludes: `${repo}:latest` }),
  fixture('serverless deployments are judged too', endpoint({ deployments: known([serverlessDeployment()]) }), 'pass'),
  fixture('a deployment with no container images', withImages(), 'not_applicable', { messageIncludes: 'no container images' }),
  fixture('an unreadable container does not hide a sibling pinned by a mutable tag', endpoint({
    deployments: known([deployment({ images: { ...denied('sagemaker:DescribeModel', 'Containers[1].Image'), knownElements: [pinned, tagged] } })]),
  }), 'fail', { messageIncludes: `not pinned by digest: ${repo}:latest` }),
  fixture('a partly read image list whose read images are pinned stays unknown', endpoint({
    deployments: known([deployment({ images: { ...denied('sagemaker:DescribeModel', 'Containers[1].Image'), knownElements: [pinned] } })]),
  }), 'unknown'),
  fixture('a failing read deployment is not hidden by an unreadable sibling deployment', endpoint({
    deployments: { ...denied('AWS::SageMaker::EndpointConfig', 'ProductionVariants[1]'), knownElements: [deployment({ images: known([tagged]) })] },
  }), 'fail'),
  fixture('images could not be read', endpoint({ deployments: known([deployment({ images: denied('sagemaker:DescribeModel', 'PrimaryContainer.Image') })]) }), 'unknown'),
];

const cloudTagged = (provider: 'azure' | 'gcp', uri: string) =>
  cloudEndpoint(provider, { deployments: known([cloudDeployment(provider, { images: known([{ uri, repositoryId: null, registry: 'private' as const, registryAccount: provider === 'azure' ? SUBSCRIPTION : PROJECT, digest: null, tag: 'latest' }]) })]) });
const unreadImage = (provider: 'azure' | 'gcp') => cloudEndpoint(provider, { deployments: known([cloudDeployment(provider, { images: forbidden(provider, 'image') })]) });
fixtures.push(
  cloudFixture('ACR image by digest', cloudEndpoint('azure'), 'pass'),
  cloudFixture('ACR image by tag', cloudTagged('azure', 'inference.azurecr.io/classifier:latest'), 'fail', { messageIncludes: 'not pinned' }),
  cloudFixture('environment unreadable', unreadImage('azure'), 'unknown'),
  cloudFixture('Artifact Registry image by digest', cloudEndpoint('gcp'), 'pass'),
  cloudFixture('Artifact Registry image by tag', cloudTagged('gcp', 'us-central1-docker.pkg.dev/ml-prod/models/classifier:latest'), 'fail'),
  cloudFixture('model unreadable', unreadImage('gcp'), 'unknown'),
);

export default fixtures;
