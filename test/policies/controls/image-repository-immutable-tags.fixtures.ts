import { evidence, imageRepository, known } from '../../support/builders';
import type { ControlFixture } from '../../support/fixtures';
import { denied, fixture } from '../scenario';

const fixtures: ControlFixture[] = [
  fixture('immutable tags', imageRepository(), 'pass'),
  fixture('mutable tags', imageRepository({ tagsImmutable: known(false, evidence('fixture', 'imageTagMutability', 'MUTABLE')) }), 'fail', {
    messageIncludes: 'mutable',
  }),
  fixture('setting could not be read', imageRepository({ tagsImmutable: denied('ecr:DescribeRepositories', 'imageTagMutability') }), 'unknown'),
];

export default fixtures;
