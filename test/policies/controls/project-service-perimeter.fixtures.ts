import { known, type ServicePerimeter } from '../../../policies/model';
import type { ControlFixture } from '../../support/fixtures';
import { cloudFixture, cloudWorkspace, forbidden } from '../clouds';

const perimeters = (...list: ServicePerimeter[]) => cloudWorkspace('gcp', { servicePerimeters: known(list) });
const enforced: ServicePerimeter = { id: 'accessPolicies/1/servicePerimeters/ml', mode: 'enforced', restrictedServices: ['aiplatform', 'storage', 'cloudkms'] };
const dryRun: ServicePerimeter = { ...enforced, id: 'accessPolicies/1/servicePerimeters/ml-dry', mode: 'dry-run' };

const fixtures: ControlFixture[] = [
  cloudFixture('enforced perimeter restricts aiplatform', perimeters(enforced), 'pass', { messageIncludes: 'enforced perimeter' }),
  cloudFixture('dry-run perimeter only', perimeters(dryRun), 'fail', { messageIncludes: 'dry-run' }),
  cloudFixture('enforced perimeter without aiplatform', perimeters({ ...enforced, restrictedServices: ['storage'] }), 'fail', { messageIncludes: 'restricts aiplatform' }),
  cloudFixture('no perimeter', perimeters(), 'fail', { messageIncludes: 'no service perimeter' }),
  cloudFixture('access policy unreadable (organization permission missing)', cloudWorkspace('gcp', { servicePerimeters: forbidden('gcp', 'accessPolicies') }), 'unknown'),
  cloudFixture('partly read with only a dry run among them', cloudWorkspace('gcp', { servicePerimeters: { ...forbidden('gcp', 'servicePerimeters'), knownElements: [dryRun] } }), 'unknown'),
];

export default fixtures;
