import { cloudFixture, cloudIdentity, forbidden, grant } from '../clouds';
import { ACCOUNT, BUCKET_ID, deployment, endpoint, evidence, identity, known } from '../../support/builders';
import { asAws, type AwsStatement } from '../../support/builders';
import type { ControlFixture } from '../../support/fixtures';
import { denied, fixture, scenario } from '../scenario';

const allow = (actions: string[], resources: string[], extra: Partial<AwsStatement> = {}): AwsStatement => ({
  effect: 'Allow',
  principals: [],
  actions,
  resources,
  conditions: [],
  origin: 'inline:extra',
  ...extra,
});
const withStatements = (...statements: AwsStatement[]) => identity({ statements: known(statements.map(asAws), evidence('fixture', 'RolePolicyList', statements)) });
const withAttached = (...policies: { id: string; name: string }[]) =>
  identity({
    attachedPolicies: known(
      policies.map((p) => ({ ...p, providerManaged: p.id.includes(':aws:policy/') })),
      evidence('fixture', 'AttachedPolicies', policies),
    ),
  });
const OTHER_ROLE = `arn:aws:iam::${ACCOUNT}:role/batch-jobs`;

const fixtures: ControlFixture[] = [
  fixture('scoped statements, nothing attached', identity(), 'pass', { messageIncludes: 'scoped' }),
  fixture('action *', withStatements(allow(['*'], ['*'])), 'fail', { messageIncludes: 'action * allows a whole service' }),
  fixture('service-wide action on a scoped resource', withStatements(allow(['s3:*'], [`${BUCKET_ID}/*`])), 'fail', { messageIncludes: 's3:*' }),
  fixture('NotAction allow', withStatements(allow([], [`${BUCKET_ID}/*`], { notActions: ['iam:*'] })), 'fail', { messageIncludes: 'NotAction' }),
  fixture('iam:PassRole on every role', withStatements(allow(['iam:PassRole'], ['*'])), 'fail', { messageIncludes: 'iam:PassRole on every resource' }),
  fixture('iam:PassRole through a wildcard pattern', withStatements(allow(['iam:Pass*'], ['*'])), 'fail', { messageIncludes: 'iam:Pass* on every resource' }),
  fixture('iam:PassRole on one role', withStatements(allow(['iam:PassRole'], [OTHER_ROLE])), 'pass'),
  fixture('object read on every resource', withStatements(allow(['s3:GetObject'], ['*'])), 'fail', { messageIncludes: 's3:GetObject on every resource' }),
  fixture('NotResource counts as every resource', withStatements(allow(['s3:GetObject'], [], { notResources: [`${BUCKET_ID}/secret/*`] })), 'fail'),
  fixture('actions AWS only allows on *', withStatements(allow(['ecr:GetAuthorizationToken', 'cloudwatch:PutMetricData', 'ec2:DescribeSubnets'], ['*'])), 'pass'),
  fixture('a wildcard pattern on * is not in the allow-list', withStatements(allow(['ec2:Describe*'], ['*'])), 'fail', { messageIncludes: 'ec2:Describe*' }),
  fixture('allow-list widened by parameter', withStatements(allow(['logs:CreateLogGroup'], ['*'])), 'pass', {
    parameters: { allowedWildcardResourceActions: ['logs:CreateLogGroup'] },
  }),
  fixture('Deny statements are not grants', withStatements(allow(['*'], ['*'], { effect: 'Deny' })), 'pass'),
  fixture('AdministratorAccess attached', withAttached({ id: 'arn:aws:iam::aws:policy/AdministratorAccess', name: 'AdministratorAccess' }), 'fail', {
    messageIncludes: 'AdministratorAccess',
  }),
  fixture('AmazonSageMakerFullAccess in another partition', withAttached({ id: 'arn:aws-cn:iam::aws:policy/AmazonSageMakerFullAccess', name: 'AmazonSageMakerFullAccess' }), 'fail'),
  fixture('a narrow managed policy', withAttached({ id: 'arn:aws:iam::aws:policy/AmazonSageMakerReadOnly', name: 'AmazonSageMakerReadOnly' }), 'pass'),
  fixture('forbidden list replaced by parameter', withAttached({ id: 'arn:aws:iam::aws:policy/AdministratorAccess', name: 'AdministratorAccess' }), 'pass', {
    parameters: { forbiddenManagedPolicies: [] },
  }),
  fixture('a role no deployment runs as', { ...withStatements(allow(['*'], ['*'])), id: OTHER_ROLE, name: 'batch-jobs' }, 'not_applicable', {
    messageIncludes: 'not used by any inference deployment',
  }),
  fixture('use referred to by role name', withStatements(allow(['*'], ['*'])), 'fail', {
    inventory: scenario(
      withStatements(allow(['*'], ['*'])),
      endpoint({ deployments: known([deployment({ identityId: known('inference', evidence('fixture', 'ExecutionRoleArn', 'inference')) })]) }),
    ),
  }),
  fixture('usage undetermined: judged rather than skipped', { ...withStatements(allow(['*'], ['*'])), id: OTHER_ROLE, name: 'batch-jobs' }, 'fail', {
    inventory: scenario(
      { ...withStatements(allow(['*'], ['*'])), id: OTHER_ROLE, name: 'batch-jobs' },
      endpoint({ deployments: known([deployment({ identityId: denied('sagemaker:DescribeModel', 'ExecutionRoleArn') })]) }),
    ),
  }),
  fixture('statements could not be read', identity({ statements: denied('iam:GetRolePolicy', 'PolicyDocument') }), 'unknown', {
    messageIncludes: 'permission statements could not be read',
  }),
  fixture('unreadable statements do not hide a broad attached policy', identity({
    statements: denied('iam:GetRolePolicy', 'PolicyDocument'),
    attachedPolicies: known([{ id: 'arn:aws:iam::aws:policy/AdministratorAccess', name: 'AdministratorAccess', providerManaged: true }]),
  }), 'fail'),
];

const attachedRole = (provider: 'azure' | 'gcp', name: string) =>
  cloudIdentity(provider, { attachedPolicies: known([{ id: `role/${name}`, name, providerManaged: true }], evidence('fixture', 'roleAssignments', name)) });
fixtures.push(
  cloudFixture('role assignments scoped to the endpoint', cloudIdentity('azure'), 'pass'),
  cloudFixture('Contributor assigned', attachedRole('azure', 'Contributor'), 'fail', { messageIncludes: 'Contributor' }),
  cloudFixture('Owner on the subscription as a statement', cloudIdentity('azure', { statements: known([grant(['*'], ['/subscriptions/x'], { serviceWideActions: ['*'] })]) }), 'fail', { messageIncludes: 'allows a whole service' }),
  cloudFixture('role assignments unreadable', cloudIdentity('azure', { statements: forbidden('azure', 'roleAssignments'), attachedPolicies: forbidden('azure', 'roleAssignments') }), 'unknown'),
  cloudFixture('serving account with narrow roles', cloudIdentity('gcp'), 'pass'),
  cloudFixture('serving account is a project editor', attachedRole('gcp', 'roles/editor'), 'fail', { messageIncludes: 'roles/editor' }),
  cloudFixture('project IAM policy unreadable', cloudIdentity('gcp', { statements: forbidden('gcp', 'getIamPolicy'), attachedPolicies: forbidden('gcp', 'getIamPolicy') }), 'unknown'),
);

export default fixtures;
