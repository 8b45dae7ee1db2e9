import {
  AttachRolePolicyCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  paginateListAttachedRolePolicies,
  paginateListRolePolicies,
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { buildDemoScenario } from '../../../sim/aws';
import { clientSettings, collect, rejectionOf, useSimulator } from './simulator';

const FULL_ACCESS = 'arn:aws:iam::aws:policy/AmazonSageMakerFullAccess';

function decodeDocument(encoded: string | undefined): unknown {
  return JSON.parse(decodeURIComponent(encoded ?? ''));
}

describe('IAM (global, signed for us-east-1)', () => {
  const sim = useSimulator(buildDemoScenario);
  const client = () => new IAMClient(clientSettings(sim()));

  it('returns a role with its trust policy URL-encoded, as IAM sends it', async () => {
    const { Role } = await client().send(new GetRoleCommand({ RoleName: 'fraud-detector-execution' }));
    expect(Role).toMatchObject({ RoleName: 'fraud-detector-execution', Arn: 'arn:aws:iam::111122223333:role/fraud-detector-execution', Path: '/' });
    expect(Role?.RoleId).toMatch(/^AROA[A-Z2-7]{17}$/);
    expect(Role?.CreateDate).toBeInstanceOf(Date);
    expect(Role?.AssumeRolePolicyDocument).toMatch(/^%7B/);
    expect(decodeDocument(Role?.AssumeRolePolicyDocument)).toMatchObject({ Statement: [{ Principal: { Service: 'sagemaker.amazonaws.com' } }] });
  });

  it('lists and returns inline policies, URL-encoded', async () => {
    const names = await client().send(new ListRolePoliciesCommand({ RoleName: 'fraud-detector-execution' }));
    expect(names).toMatchObject({ PolicyNames: ['fraud-detector-least-privilege'], IsTruncated: false });
    const policy = await client().send(new GetRolePolicyCommand({ RoleName: 'fraud-detector-execution', PolicyName: 'fraud-detector-least-privilege' }));
    const document = decodeDocument(policy.PolicyDocument) as { Statement: { Resource: string[] }[] };
    expect(document.Statement.flatMap((s) => s.Resource)).toContain('arn:aws:s3:::inferguard-demo-models-111122223333/fraud-detector/*');
    expect(JSON.stringify(document)).not.toContain('"Resource":"*"');
  });

  it('follows an attached AWS managed policy to its default version', async () => {
    const attached = await client().send(new ListAttachedRolePoliciesCommand({ RoleName: 'legacy-recommender-execution' }));
    expect(attached.AttachedPolicies).toEqual([{ PolicyName: 'AmazonSageMakerFullAccess', PolicyArn: FULL_ACCESS }]);
    const { Policy } = await client().send(new GetPolicyCommand({ PolicyArn: FULL_ACCESS }));
    expect(Policy?.AttachmentCount).toBe(1);
    const { PolicyVersion } = await client().send(new GetPolicyVersionCommand({ PolicyArn: FULL_ACCESS, VersionId: Policy?.DefaultVersionId }));
    expect(PolicyVersion?.IsDefaultVersion).toBe(true);
    expect(decodeDocument(PolicyVersion?.Document)).toMatchObject({ Statement: expect.arrayContaining([{ Effect: 'Allow', Action: ['sagemaker:*'], Resource: '*' }]) });
  });

  it('answers unknown roles, inline policies, managed policies and versions with NoSuchEntity (404)', async () => {
    const role = await rejectionOf(client().send(new GetRoleCommand({ RoleName: 'nobody' })));
    expect(role.name).toBe('NoSuchEntityException');
    expect(role.Code).toBe('NoSuchEntity');
    expect(role.message).toBe('The role with name nobody cannot be found.');
    expect(role.$metadata?.httpStatusCode).toBe(404);
    const inline = await rejectionOf(client().send(new GetRolePolicyCommand({ RoleName: 'fraud-detector-execution', PolicyName: 'nothing' })));
    expect(inline.message).toBe('The role policy with name nothing cannot be found.');
    const managed = await rejectionOf(client().send(new GetPolicyCommand({ PolicyArn: 'arn:aws:iam::111122223333:policy/none' })));
    expect(managed.name).toBe('NoSuchEntityException');
    const version = await rejectionOf(client().send(new GetPolicyVersionCommand({ PolicyArn: FULL_ACCESS, VersionId: 'v1' })));
    expect(version.name).toBe('NoSuchEntityException');
  });

  it('reports a missing required parameter as ValidationError', async () => {
    const error = await rejectionOf(client().send(new GetRoleCommand({ RoleName: undefined })));
    expect(error.name).toBe('ValidationError');
    expect(error.message).toBe("1 validation error detected: Value null at 'roleName' failed to satisfy constraint: Member must not be null");
  });

  describe('writes, then reads', () => {
    const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole' }] });

    it('creates a role, puts inline policies, creates and attaches managed policies, and pages the lists by MaxItems', async () => {
      const { Role } = await client().send(new CreateRoleCommand({ RoleName: 'written-role', AssumeRolePolicyDocument: trust, Description: 'from a test', Tags: [{ Key: 'team', Value: 'ml' }] }));
      expect(Role?.Arn).toBe('arn:aws:iam::111122223333:role/written-role');
      const read = await client().send(new GetRoleCommand({ RoleName: 'written-role' }));
      expect(decodeDocument(read.Role?.AssumeRolePolicyDocument)).toEqual(JSON.parse(trust));
      expect(read.Role?.Tags).toEqual([{ Key: 'team', Value: 'ml' }]);

      for (const name of ['c-policy', 'a-policy', 'b-policy']) {
        await client().send(new PutRolePolicyCommand({ RoleName: 'written-role', PolicyName: name, PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::b/${name}/*` }] }) }));
      }
      const inlinePages = await collect(paginateListRolePolicies({ client: client(), pageSize: 2 }, { RoleName: 'written-role' }));
      expect(inlinePages.map((p) => p.PolicyNames)).toEqual([['a-policy', 'b-policy'], ['c-policy']]);
      expect(inlinePages.map((p) => p.IsTruncated)).toEqual([true, false]);

      const { Policy } = await client().send(new CreatePolicyCommand({ PolicyName: 'written-managed', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' }] }) }));
      expect(Policy).toMatchObject({ Arn: 'arn:aws:iam::111122223333:policy/written-managed', DefaultVersionId: 'v1', AttachmentCount: 0 });
      expect(Policy?.PolicyId).toMatch(/^ANPA[A-Z2-7]{17}$/);
      for (const arn of [Policy?.Arn, FULL_ACCESS, 'arn:aws:iam::aws:policy/AdministratorAccess']) {
        await client().send(new AttachRolePolicyCommand({ RoleName: 'written-role', PolicyArn: arn }));
      }
      const attachedPages = await collect(paginateListAttachedRolePolicies({ client: client(), pageSize: 1 }, { RoleName: 'written-role' }));
      expect(attachedPages).toHaveLength(3);
      expect(attachedPages.flatMap((p) => p.AttachedPolicies ?? []).map((p) => p.PolicyName)).toEqual(['written-managed', 'AmazonSageMakerFullAccess', 'AdministratorAccess']);
      const counted = await client().send(new GetPolicyCommand({ PolicyArn: Policy?.Arn }));
      expect(counted.Policy?.AttachmentCount).toBe(1);
      const version = await client().send(new GetPolicyVersionCommand({ PolicyArn: Policy?.Arn, VersionId: 'v1' }));
      expect(decodeDocument(version.PolicyVersion?.Document)).toMatchObject({ Statement: [{ Action: 'kms:Decrypt' }] });
    });

    it('refuses duplicates and malformed documents with the IAM error codes', async () => {
      const duplicate = await rejectionOf(client().send(new CreateRoleCommand({ RoleName: 'FRAUD-detector-execution', AssumeRolePolicyDocument: trust })));
      expect(duplicate.name).toBe('EntityAlreadyExistsException');
      expect(duplicate.$metadata?.httpStatusCode).toBe(409);
      const malformed = await rejectionOf(client().send(new PutRolePolicyCommand({ RoleName: 'fraud-detector-execution', PolicyName: 'x', PolicyDocument: 'not json' })));
      expect(malformed.name).toBe('MalformedPolicyDocumentException');
      expect(malformed.message).toBe('This policy contains invalid Json');
      const noPolicy = await rejectionOf(client().send(new AttachRolePolicyCommand({ RoleName: 'fraud-detector-execution', PolicyArn: 'arn:aws:iam::111122223333:policy/ghost' })));
      expect(noPolicy.name).toBe('NoSuchEntityException');
    });
  });
});
