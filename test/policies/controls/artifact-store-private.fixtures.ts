import { ACCOUNT, artifactStore, BUCKET_ID, evidence, known } from '../../support/builders';
import { asAws, type AwsStatement } from '../../support/builders';
import type { ControlFixture } from '../../support/fixtures';
import { denied, fixture, storeUsageFixtures } from '../scenario';

const publicRead: AwsStatement = {
  effect: 'Allow',
  principals: ['*'],
  actions: ['s3:GetObject'],
  resources: [`${BUCKET_ID}/*`],
  conditions: [],
  origin: 'bucket-policy',
};
const withPolicy = (...statements: AwsStatement[]) => artifactStore({ policy: known(statements.map(asAws), evidence('fixture', 'Policy', statements)) });

const fixtures: ControlFixture[] = [
  ...storeUsageFixtures(),
  fixture('public access blocked, policy only denies', artifactStore(), 'pass'),
  fixture('public access not blocked', artifactStore({ publicAccessBlocked: known(false, evidence('fixture', 'PublicAccessBlockConfiguration', null)) }), 'fail', {
    messageIncludes: 'not fully blocked',
  }),
  fixture('policy grants everyone read', withPolicy(publicRead), 'fail', { messageIncludes: 'grants access to everyone' }),
  fixture('principal * limited to the organization', withPolicy({
    ...publicRead,
    conditions: [{ operator: 'StringEquals', key: 'aws:PrincipalOrgID', values: ['o-abc123'] }],
  }), 'pass'),
  fixture('principal * limited to a VPC endpoint', withPolicy({
    ...publicRead,
    conditions: [{ operator: 'StringEquals', key: 'aws:SourceVpce', values: ['vpce-0abc'] }],
  }), 'pass'),
  fixture('principal * limited only by source IP is still public', withPolicy({
    ...publicRead,
    conditions: [{ operator: 'IpAddress', key: 'aws:SourceIp', values: ['203.0.113.0/24'] }],
  }), 'fail'),
  fixture('a named account is not public', withPolicy({ ...publicRead, principals: [`arn:aws:iam::${ACCOUNT}:root`] }), 'pass'),
  fixture('public access block could not be read', artifactStore({ publicAccessBlocked: denied('s3:GetPublicAccessBlock', 'PublicAccessBlockConfiguration') }), 'unknown'),
  fixture('an unreadable block does not hide a public policy', artifactStore({
    publicAccessBlocked: denied('s3:GetPublicAccessBlock', 'PublicAccessBlockConfiguration'),
    policy: known([asAws(publicRead)]),
  }), 'fail'),
];

export default fixtures;
