import { inventoryOf, reasonOf, resourceOf, STACK, valueOf } from './helpers';

const keyOf = (template: object | string, logicalId = 'Key') => resourceOf(inventoryOf(template), 'key', logicalId);

describe('AWS::KMS::Key', () => {
  it('JSON: a customer key with rotation, its period and its policy', () => {
    const key = keyOf({
      Resources: {
        Key: {
          Type: 'AWS::KMS::Key',
          Properties: {
            EnableKeyRotation: true,
            RotationPeriodInDays: 90,
            KeyPolicy: {
              Version: '2012-10-17',
              Statement: [
                { Effect: 'Allow', Principal: { AWS: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:root' } }, Action: 'kms:*', Resource: '*' },
                { Effect: 'Allow', Principal: { AWS: { 'Fn::GetAtt': ['Role', 'Arn'] } }, Action: ['kms:Decrypt'], Resource: '*' },
              ],
            },
          },
        },
        Role: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: {} } },
      },
    });
    expect(key).toMatchObject({ kind: 'key', id: `${STACK}/Key`, name: 'Key', provider: 'aws' });
    expect(valueOf(key.managedBy)).toBe('customer');
    expect(valueOf(key.enabled)).toBe(true);
    expect(valueOf(key.rotationPeriodDays)).toBe(90);
    expect(valueOf(key.policy).map((s) => s.principals)).toEqual([['arn:${AWS.Partition}:iam::${AWS.AccountId}:root'], [`${STACK}/Role`]]);
    expect(valueOf(key.policy)[0].origin).toBe(`key-policy:${STACK}/Key`);
  });

  it('YAML: rotation on without a period rotates yearly; off is null; a disabled key says so', () => {
    const inventory = inventoryOf(`
Resources:
  Yearly:
    Type: AWS::KMS::Key
    Properties: { EnableKeyRotation: 'true' }
  NoRotation:
    Type: AWS::KMS::Key
    Properties: { Enabled: false }
`);
    expect(valueOf(resourceOf(inventory, 'key', 'Yearly').rotationPeriodDays)).toBe(365);
    const off = resourceOf(inventory, 'key', 'NoRotation');
    expect(valueOf(off.rotationPeriodDays)).toBeNull();
    expect(valueOf(off.enabled)).toBe(false);
    expect(off.rotationPeriodDays.evidence[0]).toEqual({ source: 'AWS::KMS::Key', path: 'Resources.NoRotation.Properties.EnableKeyRotation', value: 'not set (default: false)' });
  });

  it('without KeyPolicy, KMS applies its default policy: the account root may do everything', () => {
    const key = keyOf({ Resources: { Key: { Type: 'AWS::KMS::Key' } } });
    expect(valueOf(key.policy)).toEqual([
      { effect: 'Allow', principals: ['arn:${AWS.Partition}:iam::${AWS.AccountId}:root'], actions: ['kms:*'], resources: ['*'], conditions: [], origin: `key-policy:${STACK}/Key`, serviceWideActions: ['kms:*'], handsOffIdentities: false, identityHandOffActions: [] },
    ]);
    const withEnv = resourceOf(inventoryOf({ Resources: { Key: { Type: 'AWS::KMS::Key' } } }, { account: '111122223333', region: 'us-east-1' }), 'key', 'Key');
    expect(valueOf(withEnv.policy)[0].principals).toEqual(['arn:aws:iam::111122223333:root']);
  });

  it('a rotation switch or policy that cannot be resolved is unknown', () => {
    const key = keyOf({
      Parameters: { Rotate: { Type: 'String' }, Principal: { Type: 'String' } },
      Resources: {
        Key: {
          Type: 'AWS::KMS::Key',
          Properties: {
            EnableKeyRotation: { Ref: 'Rotate' },
            KeyPolicy: { Statement: [{ Effect: 'Allow', Principal: { AWS: { Ref: 'Principal' } }, Action: 'kms:*', Resource: '*' }] },
          },
        },
      },
    });
    expect(reasonOf(key.rotationPeriodDays)).toMatch(/parameter Rotate has no Default/);
    expect(reasonOf(key.policy)).toMatch(/parameter Principal has no Default/);
  });

  it('a policy document that is not a valid policy is unknown, with the parser’s reason', () => {
    const key = keyOf({ Resources: { Key: { Type: 'AWS::KMS::Key', Properties: { KeyPolicy: { Statement: [{ Effect: 'Maybe', Action: 'kms:*' }] } } } } });
    expect(reasonOf(key.policy)).toMatch(/Effect must be "Allow" or "Deny"/);
  });
});
