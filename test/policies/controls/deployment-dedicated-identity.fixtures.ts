import { known } from '../../../policies/model';
import type { ControlFixture } from '../../support/fixtures';
import { cloudDeployment, cloudEndpoint, cloudFixture, forbidden, GCP_IDENTITY_ID } from '../clouds';

const runningAs = (identityId: ReturnType<typeof known<string | null>> | ReturnType<typeof forbidden>) =>
  cloudEndpoint('gcp', { deployments: known([cloudDeployment('gcp', { identityId })]) });

const fixtures: ControlFixture[] = [
  cloudFixture('deployed model with its own service account', runningAs(known(GCP_IDENTITY_ID)), 'pass', { messageIncludes: GCP_IDENTITY_ID }),
  cloudFixture('deployed model without serviceAccount', runningAs(known(null)), 'fail', { messageIncludes: 'default identity' }),
  cloudFixture('deployed models unreadable', runningAs(forbidden('gcp', 'deployedModels[].serviceAccount')), 'unknown'),
];

export default fixtures;
