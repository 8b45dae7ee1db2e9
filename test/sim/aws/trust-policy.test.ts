import { trustPolicyAllows } from '../../../sim/aws/trust-policy';

const caller = { account: '100000000001', arn: 'arn:aws:iam::100000000001:user/auditor' };
const policy = (statement: object) => JSON.stringify({ Version: '2012-10-17', Statement: [statement] });
const allowRoot = { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::100000000001:root' }, Action: 'sts:AssumeRole' };

describe('trustPolicyAllows', () => {
  it('lets in the account root, the account id or the caller\'s own ARN, for sts:AssumeRole only', () => {
    expect(trustPolicyAllows(policy(allowRoot), caller)).toBe(true);
    expect(trustPolicyAllows(policy({ ...allowRoot, Principal: { AWS: ['100000000001'] } }), caller)).toBe(true);
    expect(trustPolicyAllows(policy({ ...allowRoot, Principal: { AWS: caller.arn } }), caller)).toBe(true);
    expect(trustPolicyAllows(policy({ ...allowRoot, Principal: { AWS: 'arn:aws:iam::999999999999:root' } }), caller)).toBe(false);
    expect(trustPolicyAllows(policy({ ...allowRoot, Principal: { Service: 'sagemaker.amazonaws.com' } }), caller)).toBe(false);
    expect(trustPolicyAllows(policy({ ...allowRoot, Action: 'sts:TagSession' }), caller)).toBe(false);
    expect(trustPolicyAllows(policy({ ...allowRoot, Action: 'sts:*' }), caller)).toBe(true);
  });

  it('names an assumed-role caller by its role', () => {
    const session = { account: '100000000001', arn: 'arn:aws:sts::100000000001:assumed-role/Hub/run-1' };
    expect(trustPolicyAllows(policy({ ...allowRoot, Principal: { AWS: 'arn:aws:iam::100000000001:role/Hub' } }), session)).toBe(true);
  });

  it('honours an sts:ExternalId condition, and a Deny over an Allow', () => {
    const withId = policy({ ...allowRoot, Condition: { StringEquals: { 'sts:ExternalId': 'audit-42' } } });
    expect(trustPolicyAllows(withId, { ...caller, externalId: 'audit-42' })).toBe(true);
    expect(trustPolicyAllows(withId, { ...caller, externalId: 'audit-43' })).toBe(false);
    expect(trustPolicyAllows(withId, caller)).toBe(false);
    const denied = JSON.stringify({ Statement: [allowRoot, { ...allowRoot, Effect: 'Deny' }] });
    expect(trustPolicyAllows(denied, caller)).toBe(false);
  });

  it('denies what it does not understand: other condition keys, broken JSON, no document', () => {
    expect(trustPolicyAllows(policy({ ...allowRoot, Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }), caller)).toBe(false);
    expect(trustPolicyAllows('{not json', caller)).toBe(false);
    expect(trustPolicyAllows(undefined, caller)).toBe(false);
  });
});
