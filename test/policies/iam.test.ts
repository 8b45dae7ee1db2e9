import {
  deniesInsecureTransport,
  describeStatement,
  grantsEveryResource,
  isRestrictingCondition,
  publicAllowStatements,
  statementCoversAction,
  statementCoversResource,
  wildcardMatch,
} from '../../policies/iam';
import type { PolicyCondition } from '../../policies/model';
import { conditionMeaning, isServiceWideAction } from '../../providers/aws/platform';
import { asAws, type AwsStatement } from '../support/builders';

// Statements are written in AWS grammar and read by the AWS adapter, which states what their
// conditions and actions mean; the helpers under test read only those neutral facts.
const statement = (overrides: Partial<AwsStatement> = {}) =>
  asAws({
    effect: 'Allow',
    principals: [],
    actions: ['s3:GetObject'],
    resources: ['arn:aws:s3:::models/*'],
    conditions: [],
    origin: 'test',
    ...overrides,
  });
const condition = (c: { operator: string; key: string; values: string[] }): PolicyCondition => ({ ...c, meaning: conditionMeaning(c.operator, c.key, c.values) });

describe('wildcardMatch', () => {
  it.each([
    ['s3:*', 's3:GetObject', true],
    ['S3:getobject', 's3:GetObject', true],
    ['s3:Get*', 's3:PutObject', false],
    ['iam:Pass?ole', 'iam:PassRole', true],
    ['s3:GetObject', 's3:GetObjectAcl', false],
    ['arn:aws:s3:::models.v1/*', 'arn:aws:s3:::modelsXv1/a', false],
    ['*', '', true],
    ['?', '', false],
    ['a*b*c', 'axxbyyc', true],
    ['a*b*c', 'axxbyycd', false],
    ['*ab', 'aab', true],
    ['s3:*Object*', 's3:GetObjectAcl', true],
    ['**?', 'x', true],
    ['(a|b)+[x]', '(a|b)+[x]', true],
    ['(a|b)+[x]', 'aax', false],
  ])('%s vs %s -> %s', (pattern, value, expected) => {
    expect(wildcardMatch(pattern, value)).toBe(expected);
  });

  it('answers a hostile pattern at once (a RegExp of .* runs backtracked for minutes on this one)', () => {
    const hostile = `${'*a'.repeat(30)}c`;
    const arn = `arn:aws:s3:::${'a'.repeat(2000)}`;
    expect(wildcardMatch(hostile, arn)).toBe(false);
    expect(wildcardMatch(hostile, `${arn}c`)).toBe(true);
  });

  it('compares resources case-sensitively when asked', () => {
    expect(wildcardMatch('arn:aws:s3:::Models/*', 'arn:aws:s3:::models/a', true)).toBe(false);
    expect(wildcardMatch('arn:aws:s3:::Models/*', 'arn:aws:s3:::models/a')).toBe(true);
  });
});

describe('isServiceWideAction (AWS adapter)', () => {
  it.each([
    ['*', true],
    ['s3:*', true],
    ['s3:Get*', false],
    ['s3:GetObject', false],
  ])('%s -> %s', (action, expected) => expect(isServiceWideAction(action)).toBe(expected));
});

describe('statement coverage', () => {
  it('NotAction covers every action it does not exclude', () => {
    const s = statement({ actions: [], notActions: ['iam:*'] });
    expect(statementCoversAction(s, 's3:GetObject')).toBe(true);
    expect(statementCoversAction(s, 'iam:PassRole')).toBe(false);
  });

  it('a prefix pattern does not cover every object of the bucket', () => {
    expect(statementCoversResource(statement({ resources: ['arn:aws:s3:::models/public/*'] }), 'arn:aws:s3:::models/*')).toBe(false);
    expect(statementCoversResource(statement({ resources: ['arn:aws:s3:::models/*'] }), 'arn:aws:s3:::models/*')).toBe(true);
    expect(statementCoversResource(statement({ resources: ['arn:aws:s3:::models'] }), 'arn:aws:s3:::models/*')).toBe(false);
  });

  it('NotResource grants every resource but the listed ones', () => {
    const s = statement({ resources: [], notResources: ['arn:aws:s3:::secret/*'] });
    expect(grantsEveryResource(s)).toBe(true);
    expect(statementCoversResource(s, 'arn:aws:s3:::models/a')).toBe(true);
    expect(statementCoversResource(s, 'arn:aws:s3:::secret/a')).toBe(false);
    expect(grantsEveryResource(statement())).toBe(false);
  });
});

describe('public statements', () => {
  const open = statement({ principals: ['*'] });

  it('finds Allow statements for * without a restricting condition', () => {
    expect(publicAllowStatements([open, statement({ principals: ['arn:aws:iam::111122223333:root'] })])).toEqual([open]);
    expect(publicAllowStatements([{ ...open, effect: 'Deny' }])).toEqual([]);
  });

  it.each([
    [{ operator: 'StringEquals', key: 'aws:SourceAccount', values: ['111122223333'] }, true],
    [{ operator: 'ArnLike', key: 'AWS:SourceArn', values: ['arn:aws:sagemaker:us-east-1:111122223333:*'] }, true],
    [{ operator: 'ForAnyValue:StringEquals', key: 'aws:PrincipalOrgPaths', values: ['o-a/r-b/*'] }, true],
    [{ operator: 'StringEquals', key: 'aws:SourceVpc', values: ['vpc-1'] }, true],
    [{ operator: 'StringNotEquals', key: 'aws:SourceAccount', values: ['111122223333'] }, false],
    [{ operator: 'StringEqualsIfExists', key: 'aws:SourceAccount', values: ['111122223333'] }, false],
    [{ operator: 'ForAllValues:StringEquals', key: 'aws:PrincipalOrgID', values: ['o-a'] }, false],
    [{ operator: 'StringLike', key: 'aws:PrincipalAccount', values: ['*'] }, false],
    [{ operator: 'IpAddress', key: 'aws:SourceIp', values: ['203.0.113.0/24'] }, false],
    [{ operator: 'Null', key: 'aws:SourceAccount', values: ['false'] }, false],
  ])('condition %j restricts: %s', (raw, expected) => {
    expect(isRestrictingCondition(condition(raw))).toBe(expected);
    expect(publicAllowStatements([{ ...open, conditions: [condition(raw)] }]).length).toBe(expected ? 0 : 1);
  });
});

describe('deniesInsecureTransport', () => {
  const deny = statement({ effect: 'Deny', principals: ['*'], conditions: [{ operator: 'Bool', key: 'aws:SecureTransport', values: ['false'] }] });
  it('accepts Bool and BoolIfExists on aws:SecureTransport = false', () => {
    expect(deniesInsecureTransport(deny)).toBe(true);
    expect(deniesInsecureTransport({ ...deny, conditions: [condition({ operator: 'BoolIfExists', key: 'aws:securetransport', values: ['FALSE'] })] })).toBe(true);
  });
  it('rejects true, extra conditions, Allow and named principals', () => {
    expect(deniesInsecureTransport({ ...deny, conditions: [condition({ operator: 'Bool', key: 'aws:SecureTransport', values: ['true'] })] })).toBe(false);
    expect(deniesInsecureTransport({ ...deny, conditions: [...deny.conditions, condition({ operator: 'StringEquals', key: 'aws:SourceVpce', values: ['v'] })] })).toBe(false);
    expect(deniesInsecureTransport({ ...deny, effect: 'Allow' })).toBe(false);
    expect(deniesInsecureTransport({ ...deny, principals: ['arn:aws:iam::111122223333:root'] })).toBe(false);
    expect(deniesInsecureTransport({ ...deny, conditions: [] })).toBe(false);
  });
});

it('describeStatement names origin, effect, actions, principals and resources', () => {
  expect(describeStatement(statement({ principals: ['*'], origin: 'bucket-policy' }))).toBe('bucket-policy: Allow s3:GetObject to * on arn:aws:s3:::models/*');
  expect(describeStatement(statement({ actions: [], notActions: ['iam:*'], resources: [] }))).toBe('test: Allow NotAction iam:* on (this resource)');
  expect(describeStatement(statement({ principals: ['*'], notPrincipals: ['arn:aws:iam::111122223333:root'] }))).toBe(
    'test: Allow s3:GetObject to everyone except arn:aws:iam::111122223333:root on arn:aws:s3:::models/*',
  );
});
