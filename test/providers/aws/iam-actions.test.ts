// The wildcard expansion of providers/aws/iam-actions.ts, held equal to @cloud-copilot/iam-expand's on the same data.
import { expandIamActions } from '@cloud-copilot/iam-expand';
import { expandActionPattern, withExpandedActions } from '../../../providers/aws/iam-actions';
import { actionFacts } from '../../../providers/aws/platform';

describe('expandActionPattern', () => {
  it.each(['ec2:Describe*', 'ec2:*NetworkInterface*', 's3:Get*Tagging', 'kms:*Key', 'sagemaker:Invoke*', 'logs:Put*'])('%s expands exactly as iam-expand does', async (pattern) => {
    const ours = [...expandActionPattern(pattern)].sort();
    const theirs = (await expandIamActions(pattern)).sort();
    expect(ours.length).toBeGreaterThan(0);
    expect(ours.map((a) => a.toLowerCase())).toEqual(theirs.map((a) => a.toLowerCase()));
  });

  it('expands a hostile pattern at once (a RegExp of .* runs backtracked without end on it), to what iam-expand finds', async () => {
    expect(expandActionPattern(`s3:${'*e'.repeat(40)}z`)).toEqual([]);
    const manyStars = 's3:*e*e*e*e*Object*';
    const ours = [...expandActionPattern(manyStars)].map((a) => a.toLowerCase()).sort();
    expect(ours.length).toBeGreaterThan(0);
    expect(ours).toEqual((await expandIamActions(manyStars)).map((a) => a.toLowerCase()).sort());
  });

  it('keeps whole-service wildcards, plain actions and unknown services as written', () => {
    expect(expandActionPattern('*')).toEqual(['*']);
    expect(expandActionPattern('ec2:*')).toEqual(['ec2:*']);
    expect(expandActionPattern('s3:GetObject')).toEqual(['s3:GetObject']);
    expect(expandActionPattern('nosuchservice:Get*')).toEqual(['nosuchservice:Get*']);
  });

  it('expands the Action of a statement, not its NotAction', () => {
    const actions = ['s3:GetObject', 's3:GetObjectV*'];
    const statement = { effect: 'Allow' as const, principals: [], actions, resources: ['*'], conditions: [], origin: 'test', ...actionFacts({ actions }) };
    expect(withExpandedActions(statement).actions).toEqual(expect.arrayContaining(['s3:GetObject', 's3:GetObjectVersion', 's3:GetObjectVersionAcl']));
    expect(withExpandedActions(statement).actions.some((a) => a.includes('*'))).toBe(false);
    const notAction = { ...statement, actions: [], notActions: ['s3:Get*'], ...actionFacts({ actions: [], notActions: ['s3:Get*'] }) };
    expect(withExpandedActions(notAction)).toBe(notAction);
  });
});
