import { inventoryOf, reasonOf, resourceOf, STACK, valueOf } from './helpers';

const ASSUME = { Statement: [{ Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
const doc = (action: string, resource: unknown) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: resource }] });

describe('AWS::IAM::Role', () => {
  it('JSON: inline policies, AWS::IAM::Policy, AWS::IAM::RolePolicy and template managed policies all grant to the role', () => {
    const inventory = inventoryOf({
      Resources: {
        Bucket: { Type: 'AWS::S3::Bucket' },
        Role: {
          Type: 'AWS::IAM::Role',
          Properties: {
            RoleName: 'inference',
            AssumeRolePolicyDocument: ASSUME,
            Policies: [{ PolicyName: 'read-models', PolicyDocument: doc('s3:GetObject', { 'Fn::Sub': '${Bucket.Arn}/*' }) }],
            ManagedPolicyArns: [{ Ref: 'Managed' }],
          },
        },
        Separate: { Type: 'AWS::IAM::Policy', Properties: { PolicyName: 'logs', Roles: [{ Ref: 'Role' }], PolicyDocument: doc('logs:PutLogEvents', 'arn:aws:logs:*:*:log-group:/aws/sagemaker/*') } },
        ByName: { Type: 'AWS::IAM::RolePolicy', Properties: { PolicyName: 'ecr', RoleName: 'inference', PolicyDocument: doc('ecr:GetAuthorizationToken', '*') } },
        Managed: { Type: 'AWS::IAM::ManagedPolicy', Properties: { ManagedPolicyName: 'decrypt', PolicyDocument: doc('kms:Decrypt', { 'Fn::GetAtt': ['Key', 'Arn'] }) } },
        AttachedByRoles: { Type: 'AWS::IAM::ManagedPolicy', Properties: { Roles: [{ Ref: 'Role' }], PolicyDocument: doc('sagemaker:InvokeEndpoint', '*') } },
        OtherRole: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: ASSUME } },
        OtherPolicy: { Type: 'AWS::IAM::Policy', Properties: { PolicyName: 'other', Roles: [{ Ref: 'OtherRole' }], PolicyDocument: doc('s3:*', '*') } },
        Key: { Type: 'AWS::KMS::Key' },
      },
    });
    const role = resourceOf(inventory, 'identity', 'Role');
    expect(role).toMatchObject({ kind: 'identity', id: `${STACK}/Role`, name: 'inference' });
    expect(valueOf(role.statements).map((s) => [s.origin, s.actions[0], s.resources[0]])).toEqual([
      ['inline:read-models', 's3:GetObject', `${STACK}/Bucket/*`],
      ['inline:logs', 'logs:PutLogEvents', 'arn:aws:logs:*:*:log-group:/aws/sagemaker/*'],
      ['inline:ecr', 'ecr:GetAuthorizationToken', '*'],
      ['managed:decrypt', 'kms:Decrypt', `${STACK}/Key`],
      ['managed:AttachedByRoles', 'sagemaker:InvokeEndpoint', '*'],
    ]);
    expect(valueOf(role.attachedPolicies)).toEqual([
      { id: `${STACK}/Managed`, name: 'decrypt', providerManaged: false },
      { id: `${STACK}/AttachedByRoles`, name: 'AttachedByRoles', providerManaged: false },
    ]);
    // A policy attached to another role is not this role's.
    expect(valueOf(resourceOf(inventory, 'identity', 'OtherRole').statements).map((s) => s.origin)).toEqual(['inline:other']);
  });

  it('YAML: an AWS managed policy is attached by ARN; what it grants is not in the template, so statements are unknown', () => {
    const role = resourceOf(
      inventoryOf(`
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: { Statement: [] }
      ManagedPolicyArns:
        - !Sub arn:\${AWS::Partition}:iam::aws:policy/AmazonSageMakerFullAccess
`),
      'identity',
      'Role',
    );
    expect(valueOf(role.attachedPolicies)).toEqual([
      { id: 'arn:${AWS.Partition}:iam::aws:policy/AmazonSageMakerFullAccess', name: 'AmazonSageMakerFullAccess', providerManaged: true },
    ]);
    expect(reasonOf(role.statements)).toMatch(/document of AWS managed policy .*AmazonSageMakerFullAccess is not in the template/);
  });

  it('a customer managed policy from outside the template: attached known, statements unknown', () => {
    const role = resourceOf(
      inventoryOf({ Resources: { Role: { Type: 'AWS::IAM::Role', Properties: { ManagedPolicyArns: ['arn:aws:iam::111122223333:policy/shared'] } } } }),
      'identity',
      'Role',
    );
    expect(valueOf(role.attachedPolicies)).toEqual([{ id: 'arn:aws:iam::111122223333:policy/shared', name: 'shared', providerManaged: false }]);
    expect(reasonOf(role.statements)).toMatch(/defined outside this template/);
  });

  it('a policy whose Roles cannot be resolved may attach to the role: statements unknown', () => {
    const role = resourceOf(
      inventoryOf({
        Parameters: { Target: { Type: 'String' } },
        Resources: {
          Role: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: ASSUME } },
          Maybe: { Type: 'AWS::IAM::Policy', Properties: { PolicyName: 'p', Roles: [{ Ref: 'Target' }], PolicyDocument: doc('s3:*', '*') } },
        },
      }),
      'identity',
      'Role',
    );
    expect(reasonOf(role.statements)).toMatch(/Maybe may attach to this role: parameter Target has no Default/);
    expect(valueOf(role.attachedPolicies)).toEqual([]);
  });

  it('a role without policies grants nothing', () => {
    const role = resourceOf(inventoryOf({ Resources: { Role: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: ASSUME } } } }), 'identity', 'Role');
    expect(valueOf(role.statements)).toEqual([]);
    expect(valueOf(role.attachedPolicies)).toEqual([]);
  });
});
