import { artifactStore, BUCKET_ID, evidence, known } from '../../support/builders';
import { asAws, type AwsStatement } from '../../support/builders';
import { bucketRefusesInsecureTransport } from '../../../providers/aws/platform';
import type { ControlFixture } from '../../support/fixtures';
import { denied, fixture, storeUsageFixtures } from '../scenario';

const denyInsecure: AwsStatement = {
  effect: 'Deny',
  principals: ['*'],
  actions: ['s3:*'],
  resources: [BUCKET_ID, `${BUCKET_ID}/*`],
  conditions: [{ operator: 'Bool', key: 'aws:SecureTransport', values: ['false'] }],
  origin: 'bucket-policy',
};
/** The store as the AWS adapter states it: the policy, and whether it refuses requests without TLS. */
const withPolicy = (...statements: AwsStatement[]) => {
  const policy = known(statements.map(asAws), evidence('fixture', 'Policy', statements));
  return artifactStore({ policy, refusesInsecureTransport: bucketRefusesInsecureTransport(BUCKET_ID, policy) });
};

const fixtures: ControlFixture[] = [
  ...storeUsageFixtures(),
  fixture('deny s3:* without TLS on bucket and objects', withPolicy(denyInsecure), 'pass', { messageIncludes: 'refuses every object read and write' }),
  fixture('BoolIfExists also denies requests without the key', withPolicy({
    ...denyInsecure,
    conditions: [{ operator: 'BoolIfExists', key: 'aws:SecureTransport', values: ['false'] }],
  }), 'pass'),
  fixture('resource * covers the objects', withPolicy({ ...denyInsecure, resources: ['*'] }), 'pass'),
  fixture('no policy', withPolicy(), 'fail', { messageIncludes: 'without TLS' }),
  fixture('deny covers the bucket but not its objects', withPolicy({ ...denyInsecure, resources: [BUCKET_ID] }), 'fail'),
  fixture('deny covers one prefix only', withPolicy({ ...denyInsecure, resources: [`${BUCKET_ID}/public/*`] }), 'fail'),
  fixture('deny covers writes but not reads', withPolicy({ ...denyInsecure, actions: ['s3:PutObject'] }), 'fail'),
  fixture('deny for one account only', withPolicy({ ...denyInsecure, principals: ['arn:aws:iam::111122223333:root'] }), 'fail'),
  fixture('an Allow with the condition is not a deny', withPolicy({ ...denyInsecure, effect: 'Allow' }), 'fail'),
  fixture('deny narrowed by a further condition', withPolicy({
    ...denyInsecure,
    conditions: [...denyInsecure.conditions, { operator: 'StringEquals', key: 'aws:PrincipalAccount', values: ['999999999999'] }],
  }), 'fail'),
  fixture('policy could not be read', artifactStore({ policy: denied('s3:GetBucketPolicy', 'Policy'), refusesInsecureTransport: bucketRefusesInsecureTransport(BUCKET_ID, denied('s3:GetBucketPolicy', 'Policy')) }), 'unknown'),
];

export default fixtures;
