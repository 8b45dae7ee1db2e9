// IAM (Query protocol, version 2010-05-08; a global service signed for us-east-1): roles, inline and
// managed policies. Policy documents go out URL-encoded, as IAM sends them.
import { z } from 'zod';
import type { Policy, Role } from '@aws-sdk/client-iam';
import { AwsApiError } from '../errors';
import { iamArn, ids } from '../ids';
import { paginate } from '../pagination';
import { policyDocumentProblem } from '../policy-document';
import { queryProtocol, type QueryOutput } from '../protocols/query';
import type { IamPolicyState, IamRoleState } from '../store';
import { defineService, type CallContext, type Operation } from './service';

const ROLE_NAME = z.string().min(1).max(64).regex(/^[\w+=,.@-]+$/);
const POLICY_NAME = z.string().min(1).max(128).regex(/^[\w+=,.@-]+$/);
const POLICY_ARN = z.string().min(20).max(2048);
const PATH = z.string().min(1).max(512).regex(/^(\/|\/[\u0021-\u007E]+\/)$/);
const DOCUMENT = z.string().min(1).max(131072);
const MAX_ITEMS = z.coerce.number().int().min(1).max(1000);
const tags = z.array(z.object({ Key: z.string().min(1).max(128), Value: z.string().max(256) })).max(50).optional();

const roleInput = z.object({ RoleName: ROLE_NAME });
const listAttachedInput = z.object({ RoleName: ROLE_NAME, PathPrefix: PATH.optional(), Marker: z.string().optional(), MaxItems: MAX_ITEMS.optional() });
const listRolePoliciesInput = z.object({ RoleName: ROLE_NAME, Marker: z.string().optional(), MaxItems: MAX_ITEMS.optional() });
const rolePolicyInput = z.object({ RoleName: ROLE_NAME, PolicyName: POLICY_NAME });
const policyInput = z.object({ PolicyArn: POLICY_ARN });
const policyVersionInput = z.object({ PolicyArn: POLICY_ARN, VersionId: z.string().regex(/^v[1-9][0-9]*(\.[A-Za-z0-9-]*)?$/) });
const createRoleInput = z.object({
  Path: PATH.optional(),
  RoleName: ROLE_NAME,
  AssumeRolePolicyDocument: DOCUMENT,
  Description: z.string().max(1000).optional(),
  MaxSessionDuration: z.coerce.number().int().min(3600).max(43200).optional(),
  PermissionsBoundary: POLICY_ARN.optional(),
  Tags: tags,
});
const putRolePolicyInput = z.object({ RoleName: ROLE_NAME, PolicyName: POLICY_NAME, PolicyDocument: DOCUMENT });
const createPolicyInput = z.object({ PolicyName: POLICY_NAME, Path: PATH.optional(), PolicyDocument: DOCUMENT, Description: z.string().max(1000).optional(), Tags: tags });
const attachRolePolicyInput = z.object({ RoleName: ROLE_NAME, PolicyArn: POLICY_ARN });

const noSuchRole = (name: string) => new AwsApiError('NoSuchEntity', `The role with name ${name} cannot be found.`, 404);
const noSuchPolicy = (arn: string) => new AwsApiError('NoSuchEntity', `Policy ${arn} does not exist or is not attachable.`, 404);
const invalidMarker = () => new AwsApiError('InvalidInput', 'Invalid Marker: it is malformed or was issued for another request.');

/** IAM returns policy documents URL-encoded; seeds hold them as plain JSON (already-encoded text passes through). */
export function iamEncodeDocument(document: string): string {
  return document.trimStart().startsWith('{') ? encodeURIComponent(document) : document;
}

function requirePolicyDocument(document: string): void {
  if (policyDocumentProblem(document) !== undefined) throw new AwsApiError('MalformedPolicyDocument', 'This policy contains invalid Json', 400);
}

/** Role names are unique without regard to case, and found without regard to case. */
function findRole(ctx: CallContext, name: string): IamRoleState {
  const roles = ctx.store.iam.roles;
  const role = roles.get(name) ?? [...roles.values()].find((r) => r.role.RoleName?.toLowerCase() === name.toLowerCase());
  if (role === undefined) throw noSuchRole(name);
  return role;
}

function findPolicy(ctx: CallContext, arn: string): IamPolicyState {
  const policy = ctx.store.iam.policies.get(arn);
  if (policy === undefined) throw noSuchPolicy(arn);
  return policy;
}

function wireRole(role: Role): Role {
  return { ...role, AssumeRolePolicyDocument: role.AssumeRolePolicyDocument === undefined ? undefined : iamEncodeDocument(role.AssumeRolePolicyDocument) };
}

const getRole: Operation<Record<string, unknown>, QueryOutput> = (raw, ctx) => ({
  Role: wireRole(findRole(ctx, ctx.validate(roleInput, raw).RoleName).role),
});

const listAttachedRolePolicies: Operation<Record<string, unknown>, QueryOutput> = (raw, ctx) => {
  const input = ctx.validate(listAttachedInput, raw);
  const role = findRole(ctx, input.RoleName);
  const attached = role.attachedPolicyArns
    .map((arn) => ({ arn, policy: ctx.store.iam.policies.get(arn)?.policy }))
    .filter(({ policy }) => input.PathPrefix === undefined || (policy?.Path ?? '/').startsWith(input.PathPrefix))
    .map(({ arn, policy }) => ({ PolicyName: policy?.PolicyName ?? arn.slice(arn.lastIndexOf('/') + 1), PolicyArn: arn }));
  const listing = `ListAttachedRolePolicies:${role.role.RoleName ?? ''}:${input.PathPrefix ?? ''}`;
  const page = paginate(attached, { listing, token: input.Marker, pageSize: input.MaxItems ?? 100, invalidToken: invalidMarker });
  return { AttachedPolicies: page.items, IsTruncated: page.nextToken !== undefined, Marker: page.nextToken };
};

const listRolePolicies: Operation<Record<string, unknown>, QueryOutput> = (raw, ctx) => {
  const input = ctx.validate(listRolePoliciesInput, raw);
  const role = findRole(ctx, input.RoleName);
  const names = [...role.inlinePolicies.keys()].sort();
  const page = paginate(names, { listing: `ListRolePolicies:${role.role.RoleName ?? ''}`, token: input.Marker, pageSize: input.MaxItems ?? 100, invalidToken: invalidMarker });
  return { PolicyNames: page.items, IsTruncated: page.nextToken !== undefined, Marker: page.nextToken };
};

const getRolePolicy: Operation<Record<string, unknown>, QueryOutput> = (raw, ctx) => {
  const input = ctx.validate(rolePolicyInput, raw);
  const role = findRole(ctx, input.RoleName);
  const document = role.inlinePolicies.get(input.PolicyName);
  if (document === undefined) throw new AwsApiError('NoSuchEntity', `The role policy with name ${input.PolicyName} cannot be found.`, 404);
  return { RoleName: role.role.RoleName, PolicyName: input.PolicyName, PolicyDocument: iamEncodeDocument(document) };
};

const getPolicy: Operation<Record<string, unknown>, QueryOutput> = (raw, ctx) => ({
  Policy: findPolicy(ctx, ctx.validate(policyInput, raw).PolicyArn).policy,
});

const getPolicyVersion: Operation<Record<string, unknown>, QueryOutput> = (raw, ctx) => {
  const input = ctx.validate(policyVersionInput, raw);
  const policy = findPolicy(ctx, input.PolicyArn);
  const version = policy.versions.get(input.VersionId);
  if (version === undefined) throw new AwsApiError('NoSuchEntity', `Policy ${input.PolicyArn} version ${input.VersionId} does not exist or is not attachable.`, 404);
  return {
    PolicyVersion: {
      Document: iamEncodeDocument(version.document),
      VersionId: version.versionId,
      IsDefaultVersion: policy.policy.DefaultVersionId === version.versionId,
      CreateDate: version.createDate,
    },
  };
};

const createRole: Operation<Record<string, unknown>, QueryOutput> = (raw, ctx) => {
  const input = ctx.validate(createRoleInput, raw);
  const exists = [...ctx.store.iam.roles.values()].some((r) => r.role.RoleName?.toLowerCase() === input.RoleName.toLowerCase());
  if (exists) throw new AwsApiError('EntityAlreadyExists', `Role with name ${input.RoleName} already exists.`, 409);
  requirePolicyDocument(input.AssumeRolePolicyDocument);
  if (input.PermissionsBoundary !== undefined) findPolicy(ctx, input.PermissionsBoundary);
  const path = input.Path ?? '/';
  const role: Role = {
    Path: path,
    RoleName: input.RoleName,
    RoleId: ids.iamRoleId(),
    Arn: iamArn(ctx.account, 'role', path, input.RoleName),
    CreateDate: ctx.now,
    AssumeRolePolicyDocument: input.AssumeRolePolicyDocument,
    Description: input.Description,
    MaxSessionDuration: input.MaxSessionDuration ?? 3600,
    PermissionsBoundary: input.PermissionsBoundary === undefined ? undefined : { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: input.PermissionsBoundary },
    Tags: input.Tags,
  };
  ctx.store.iam.roles.set(input.RoleName, { role, inlinePolicies: new Map(), attachedPolicyArns: [] });
  return { Role: wireRole(role) };
};

const putRolePolicy: Operation<Record<string, unknown>, QueryOutput> = (raw, ctx) => {
  const input = ctx.validate(putRolePolicyInput, raw);
  const role = findRole(ctx, input.RoleName);
  requirePolicyDocument(input.PolicyDocument);
  role.inlinePolicies.set(input.PolicyName, input.PolicyDocument);
  return undefined;
};

const createPolicy: Operation<Record<string, unknown>, QueryOutput> = (raw, ctx) => {
  const input = ctx.validate(createPolicyInput, raw);
  const path = input.Path ?? '/';
  const arn = iamArn(ctx.account, 'policy', path, input.PolicyName);
  const duplicate = [...ctx.store.iam.policies.values()].some(
    (p) => p.policy.PolicyName === input.PolicyName && p.policy.Arn?.startsWith(`arn:aws:iam::${ctx.account}:`),
  );
  if (duplicate) throw new AwsApiError('EntityAlreadyExists', `A policy called ${input.PolicyName} already exists. Duplicate names are not allowed.`, 409);
  requirePolicyDocument(input.PolicyDocument);
  const policy: Policy = {
    PolicyName: input.PolicyName,
    PolicyId: ids.iamPolicyId(),
    Arn: arn,
    Path: path,
    DefaultVersionId: 'v1',
    AttachmentCount: 0,
    PermissionsBoundaryUsageCount: 0,
    IsAttachable: true,
    Description: input.Description,
    CreateDate: ctx.now,
    UpdateDate: ctx.now,
    Tags: input.Tags,
  };
  ctx.store.iam.policies.set(arn, { policy, versions: new Map([['v1', { versionId: 'v1', document: input.PolicyDocument, createDate: ctx.now }]]) });
  return { Policy: policy };
};

const attachRolePolicy: Operation<Record<string, unknown>, QueryOutput> = (raw, ctx) => {
  const input = ctx.validate(attachRolePolicyInput, raw);
  const role = findRole(ctx, input.RoleName);
  const policy = findPolicy(ctx, input.PolicyArn);
  if (!role.attachedPolicyArns.includes(input.PolicyArn)) {
    role.attachedPolicyArns.push(input.PolicyArn);
    policy.policy = { ...policy.policy, AttachmentCount: (policy.policy.AttachmentCount ?? 0) + 1 };
  }
  return undefined;
};

export const iamService = defineService({
  signingName: 'iam',
  actionPrefix: 'iam',
  protocol: queryProtocol({ namespace: 'https://iam.amazonaws.com/doc/2010-05-08/', version: '2010-05-08' }),
  operations: {
    GetRole: getRole,
    ListAttachedRolePolicies: listAttachedRolePolicies,
    ListRolePolicies: listRolePolicies,
    GetRolePolicy: getRolePolicy,
    GetPolicy: getPolicy,
    GetPolicyVersion: getPolicyVersion,
    CreateRole: createRole,
    PutRolePolicy: putRolePolicy,
    CreatePolicy: createPolicy,
    AttachRolePolicy: attachRolePolicy,
  },
});
