import { cloudFixture, cloudKey, forbidden, grant } from '../clouds';
import { ACCOUNT, evidence, key, known } from '../../support/builders';
import { asAws, type AwsStatement } from '../../support/builders';
import type { ControlFixture } from '../../support/fixtures';
import { denied, fixture } from '../scenario';

const statement = (principals: string[], conditions: AwsStatement['conditions'] = [], effect: 'Allow' | 'Deny' = 'Allow'): AwsStatement => ({
  effect,
  principals,
  actions: ['kms:Decrypt'],
  resources: ['*'],
  conditions,
  origin: 'key-policy:default',
});
const withPolicy = (...statements: AwsStatement[]) => key({ policy: known(statements.map(asAws), evidence('fixture', 'Policy', statements)) });

const fixtures: ControlFixture[] = [
  fixture('account root only', key(), 'pass'),
  fixture('principal * without a condition', withPolicy(statement(['*'])), 'fail', { messageIncludes: 'key-policy:default: Allow kms:Decrypt to *' }),
  fixture('principal * restricted by kms:CallerAccount', withPolicy(statement(['*'], [{ operator: 'StringEquals', key: 'kms:CallerAccount', values: [ACCOUNT] }])), 'pass'),
  fixture('principal * restricted by aws:PrincipalOrgID (key case differs)', withPolicy(statement(['*'], [{ operator: 'StringEquals', key: 'aws:principalorgid', values: ['o-abc123'] }])), 'pass'),
  fixture('a negated condition does not restrict', withPolicy(statement(['*'], [{ operator: 'StringNotEquals', key: 'aws:PrincipalAccount', values: ['999999999999'] }])), 'fail'),
  fixture('IfExists does not restrict (absent key passes)', withPolicy(statement(['*'], [{ operator: 'StringEqualsIfExists', key: 'aws:SourceAccount', values: [ACCOUNT] }])), 'fail'),
  fixture('a bare wildcard value does not restrict', withPolicy(statement(['*'], [{ operator: 'StringLike', key: 'aws:PrincipalArn', values: ['*'] }])), 'fail'),
  fixture('an unrelated condition does not restrict', withPolicy(statement(['*'], [{ operator: 'StringEquals', key: 'kms:ViaService', values: ['s3.us-east-1.amazonaws.com'] }])), 'fail'),
  fixture('a Deny for * is not a grant', withPolicy(statement(['*'], [], 'Deny')), 'pass'),
  fixture('key policy could not be read', key({ policy: denied('kms:GetKeyPolicy', 'Policy') }), 'unknown'),
];

const gcpBinding = (member: string) => cloudKey('gcp', { policy: known([grant(['cloudkms.cryptoKeyVersions.useToDecrypt'], [], { principals: [member], origin: 'roles/cloudkms.cryptoKeyDecrypter' })]) });
fixtures.push(
  cloudFixture('key IAM names only the Vertex service agent', gcpBinding('serviceAccount:service-1@gcp-sa-aiplatform.iam.gserviceaccount.com'), 'pass'),
  cloudFixture('key IAM grants allUsers', gcpBinding('allUsers'), 'fail', { messageIncludes: 'open to anyone' }),
  cloudFixture('key IAM grants allAuthenticatedUsers', gcpBinding('allAuthenticatedUsers'), 'fail'),
  cloudFixture('key IAM policy unreadable', cloudKey('gcp', { policy: forbidden('gcp', 'getIamPolicy') }), 'unknown'),
);

export default fixtures;
