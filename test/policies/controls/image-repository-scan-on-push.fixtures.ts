import { evidence, imageRepository, known } from '../../support/builders';
import type { ControlFixture } from '../../support/fixtures';
import { denied, fixture } from '../scenario';

const fixtures: ControlFixture[] = [
  fixture('scan on push on', imageRepository(), 'pass'),
  fixture('scan on push off', imageRepository({ scanOnPush: known(false, evidence('fixture', 'imageScanningConfiguration.scanOnPush', false)) }), 'fail', {
    messageIncludes: 'not scanned',
  }),
  fixture('setting could not be read', imageRepository({ scanOnPush: denied('ecr:DescribeRepositories', 'imageScanningConfiguration') }), 'unknown'),
];

export default fixtures;
