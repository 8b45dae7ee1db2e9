// KMS (JSON 1.1, target prefix `TrentService`): key descriptions, rotation, key policies, aliases; CreateKey and friends.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { CustomerMasterKeySpec, KeySpec, KeyUsageType, OriginType, type KeyMetadata } from '@aws-sdk/client-kms';
import { AwsApiError } from '../errors';
import { ids, kmsKeyArn } from '../ids';
import { paginate } from '../pagination';
import { policyDocumentProblem } from '../policy-document';
import { jsonProtocol, type JsonOutput } from '../protocols/json';
import type { KmsKeyState } from '../store';
import { defineService, type CallContext, type Operation } from './service';

const KEY_ID = z.string().min(1).max(2048);
const DAY_MS = 24 * 60 * 60 * 1000;

const describeKeyInput = z.object({ KeyId: KEY_ID, GrantTokens: z.array(z.string()).optional() });
const keyOnlyInput = z.object({ KeyId: KEY_ID });
const getKeyPolicyInput = z.object({ KeyId: KEY_ID, PolicyName: z.string().min(1).max(128).optional() });
const listInput = z.object({ Limit: z.number().int().min(1).max(1000).optional(), Marker: z.string().min(1).max(1024).optional() });
const listAliasesInput = listInput.extend({ KeyId: KEY_ID.optional() });
const createKeyInput = z.object({
  Policy: z.string().min(1).max(32768).optional(),
  Description: z.string().max(8192).optional(),
  KeyUsage: z.enum(KeyUsageType).optional(),
  KeySpec: z.enum(KeySpec).optional(),
  Origin: z.enum(OriginType).optional(),
  MultiRegion: z.boolean().optional(),
  BypassPolicyLockoutSafetyCheck: z.boolean().optional(),
  Tags: z.array(z.object({ TagKey: z.string(), TagValue: z.string() })).optional(),
});
const enableKeyRotationInput = z.object({ KeyId: KEY_ID, RotationPeriodInDays: z.number().int().min(90).max(2560).optional() });
const putKeyPolicyInput = z.object({
  KeyId: KEY_ID,
  PolicyName: z.string().min(1).max(128).optional(),
  Policy: z.string().min(1).max(32768),
  BypassPolicyLockoutSafetyCheck: z.boolean().optional(),
});
const createAliasInput = z.object({ AliasName: z.string().min(1).max(256).regex(/^[a-zA-Z0-9:/_-]+$/), TargetKeyId: KEY_ID });

const KEY_ARN = /^arn:aws[a-z-]*:kms:([a-z0-9-]+):(\d{12}):key\/(.+)$/;
const ALIAS_ARN = /^arn:aws[a-z-]*:kms:([a-z0-9-]+):(\d{12}):(alias\/.+)$/;

const keyNotFound = (arn: string) => new AwsApiError('NotFoundException', `Key '${arn}' does not exist`);
const invalidMarker = () => new AwsApiError('InvalidMarkerException', 'Invalid marker: it is malformed or was issued for another request.');

export function defaultKeyPolicy(account: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Id: 'key-default-1',
    Statement: [{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'kms:*', Resource: '*' }],
  });
}

/**
 * Finds a key by key id, key ARN, alias name or alias ARN. Operations that take only a key id or key ARN
 * (GetKeyRotationStatus, GetKeyPolicy, ...) pass `aliases: false` and refuse an alias, as KMS does.
 */
function resolveKey(ctx: CallContext, keyId: string, options: { readonly aliases: boolean }): KmsKeyState {
  const kms = ctx.regional().kms;
  const aliasName = keyId.startsWith('alias/') ? keyId : ALIAS_ARN.exec(keyId)?.[3];
  if (aliasName !== undefined) {
    if (!options.aliases) throw new AwsApiError('NotFoundException', `Invalid keyId ${keyId}`);
    const aliasArn = `arn:aws:kms:${ctx.region}:${ctx.account}:${aliasName}`;
    const arnMatch = ALIAS_ARN.exec(keyId);
    const alias = arnMatch && (arnMatch[1] !== ctx.region || arnMatch[2] !== ctx.account) ? undefined : kms.aliases.get(aliasName);
    const target = alias?.TargetKeyId === undefined ? undefined : kms.keys.get(alias.TargetKeyId);
    if (target === undefined) throw new AwsApiError('NotFoundException', `Alias '${aliasArn}' is not found.`);
    return target;
  }
  const arnMatch = KEY_ARN.exec(keyId);
  const id = arnMatch ? arnMatch[3] : keyId;
  const foreign = arnMatch !== null && (arnMatch[1] !== ctx.region || arnMatch[2] !== ctx.account);
  const key = foreign ? undefined : kms.keys.get(id);
  if (key === undefined) throw keyNotFound(arnMatch ? keyId : kmsKeyArn(ctx.region, ctx.account, id));
  return key;
}

function keyArnOf(key: KmsKeyState, ctx: CallContext): string {
  return key.metadata.Arn ?? kmsKeyArn(ctx.region, ctx.account, key.metadata.KeyId ?? '');
}

/** Rotation exists only for symmetric keys with key material KMS generated. */
function requireRotatable(key: KmsKeyState, ctx: CallContext): void {
  const spec = key.metadata.KeySpec ?? 'SYMMETRIC_DEFAULT';
  const origin = key.metadata.Origin ?? 'AWS_KMS';
  if (spec !== 'SYMMETRIC_DEFAULT' || origin !== 'AWS_KMS') {
    throw new AwsApiError('UnsupportedOperationException', `${keyArnOf(key, ctx)} origin is ${origin} and key spec is ${spec}, which is not valid for this operation.`);
  }
  if (key.metadata.KeyState === 'PendingDeletion') {
    throw new AwsApiError('KMSInvalidStateException', `${keyArnOf(key, ctx)} is pending deletion.`);
  }
}

function requirePolicyName(name: string | undefined): void {
  if (name !== undefined && name !== 'default') throw new AwsApiError('NotFoundException', `No such policy exists: ${name}. The only key policy name is "default".`);
}

function requireJsonPolicy(policy: string): void {
  const problem = policyDocumentProblem(policy);
  if (problem !== undefined) throw new AwsApiError('MalformedPolicyDocumentException', `The key policy is malformed: ${problem}.`);
}

const describeKey: Operation<unknown, JsonOutput> = (raw, ctx) => {
  const input = ctx.validate(describeKeyInput, raw);
  return { KeyMetadata: resolveKey(ctx, input.KeyId, { aliases: true }).metadata };
};

const getKeyRotationStatus: Operation<unknown, JsonOutput> = (raw, ctx) => {
  const key = resolveKey(ctx, ctx.validate(keyOnlyInput, raw).KeyId, { aliases: false });
  requireRotatable(key, ctx);
  const period = key.rotationPeriodInDays ?? 365;
  const created = key.metadata.CreationDate ?? ctx.now;
  const periods = Math.floor((ctx.now.getTime() - created.getTime()) / (period * DAY_MS)) + 1;
  return {
    KeyRotationEnabled: key.rotationEnabled,
    KeyId: keyArnOf(key, ctx),
    RotationPeriodInDays: key.rotationEnabled ? period : undefined,
    NextRotationDate: key.rotationEnabled ? new Date(created.getTime() + periods * period * DAY_MS) : undefined,
  };
};

const getKeyPolicy: Operation<unknown, JsonOutput> = (raw, ctx) => {
  const input = ctx.validate(getKeyPolicyInput, raw);
  const key = resolveKey(ctx, input.KeyId, { aliases: false });
  requirePolicyName(input.PolicyName);
  return { Policy: key.policy, PolicyName: 'default' };
};

const listKeys: Operation<unknown, JsonOutput> = (raw, ctx) => {
  const input = ctx.validate(listInput, raw);
  const keys = [...ctx.regional().kms.keys.values()];
  const page = paginate(keys, { listing: `ListKeys:${ctx.region}`, token: input.Marker, pageSize: input.Limit ?? 100, invalidToken: invalidMarker });
  return {
    Keys: page.items.map((key) => ({ KeyId: key.metadata.KeyId, KeyArn: keyArnOf(key, ctx) })),
    NextMarker: page.nextToken,
    Truncated: page.nextToken !== undefined,
  };
};

const listAliases: Operation<unknown, JsonOutput> = (raw, ctx) => {
  const input = ctx.validate(listAliasesInput, raw);
  const targetId = input.KeyId === undefined ? undefined : resolveKey(ctx, input.KeyId, { aliases: false }).metadata.KeyId;
  const aliases = [...ctx.regional().kms.aliases.values()].filter((a) => targetId === undefined || a.TargetKeyId === targetId);
  const page = paginate(aliases, { listing: `ListAliases:${ctx.region}:${targetId ?? ''}`, token: input.Marker, pageSize: input.Limit ?? 100, invalidToken: invalidMarker });
  return { Aliases: page.items, NextMarker: page.nextToken, Truncated: page.nextToken !== undefined };
};

const createKey: Operation<unknown, JsonOutput> = (raw, ctx) => {
  const input = ctx.validate(createKeyInput, raw);
  if (input.Policy !== undefined) requireJsonPolicy(input.Policy);
  const keyId = input.MultiRegion ? `mrk-${randomBytes(16).toString('hex')}` : ids.kmsKeyId();
  const spec = input.KeySpec ?? 'SYMMETRIC_DEFAULT';
  const metadata: KeyMetadata = {
    AWSAccountId: ctx.account,
    KeyId: keyId,
    Arn: kmsKeyArn(ctx.region, ctx.account, keyId),
    CreationDate: ctx.now,
    Enabled: true,
    Description: input.Description ?? '',
    KeyUsage: input.KeyUsage ?? 'ENCRYPT_DECRYPT',
    KeyState: input.Origin === 'EXTERNAL' ? 'PendingImport' : 'Enabled',
    Origin: input.Origin ?? 'AWS_KMS',
    KeyManager: 'CUSTOMER',
    CustomerMasterKeySpec: Object.values(CustomerMasterKeySpec).find((legacy) => legacy === spec),
    KeySpec: spec,
    EncryptionAlgorithms: spec === 'SYMMETRIC_DEFAULT' ? ['SYMMETRIC_DEFAULT'] : undefined,
    MultiRegion: input.MultiRegion ?? false,
  };
  ctx.regional().kms.keys.set(keyId, { metadata, rotationEnabled: false, policy: input.Policy ?? defaultKeyPolicy(ctx.account) });
  return { KeyMetadata: metadata };
};

const enableKeyRotation: Operation<unknown, JsonOutput> = (raw, ctx) => {
  const input = ctx.validate(enableKeyRotationInput, raw);
  const key = resolveKey(ctx, input.KeyId, { aliases: false });
  requireRotatable(key, ctx);
  if (key.metadata.Enabled === false) throw new AwsApiError('DisabledException', `${keyArnOf(key, ctx)} is disabled.`);
  key.rotationEnabled = true;
  key.rotationPeriodInDays = input.RotationPeriodInDays ?? key.rotationPeriodInDays ?? 365;
  return undefined;
};

const putKeyPolicy: Operation<unknown, JsonOutput> = (raw, ctx) => {
  const input = ctx.validate(putKeyPolicyInput, raw);
  const key = resolveKey(ctx, input.KeyId, { aliases: false });
  requirePolicyName(input.PolicyName);
  requireJsonPolicy(input.Policy);
  key.policy = input.Policy;
  return undefined;
};

const createAlias: Operation<unknown, JsonOutput> = (raw, ctx) => {
  const input = ctx.validate(createAliasInput, raw);
  if (!input.AliasName.startsWith('alias/') || input.AliasName.startsWith('alias/aws/')) {
    throw new AwsApiError('InvalidAliasNameException', `Alias name ${input.AliasName} must begin with alias/ and must not begin with alias/aws/, which is reserved for AWS managed keys.`);
  }
  const kms = ctx.regional().kms;
  const aliasArn = `arn:aws:kms:${ctx.region}:${ctx.account}:${input.AliasName}`;
  if (kms.aliases.has(input.AliasName)) throw new AwsApiError('AlreadyExistsException', `An alias with the name ${aliasArn} already exists`);
  const key = resolveKey(ctx, input.TargetKeyId, { aliases: false });
  kms.aliases.set(input.AliasName, { AliasName: input.AliasName, AliasArn: aliasArn, TargetKeyId: key.metadata.KeyId, CreationDate: ctx.now, LastUpdatedDate: ctx.now });
  return undefined;
};

export const kmsService = defineService({
  signingName: 'kms',
  actionPrefix: 'kms',
  protocol: jsonProtocol({ targetPrefix: 'TrentService', messageKey: 'message' }),
  operations: {
    DescribeKey: describeKey,
    GetKeyRotationStatus: getKeyRotationStatus,
    GetKeyPolicy: getKeyPolicy,
    ListKeys: listKeys,
    ListAliases: listAliases,
    CreateKey: createKey,
    EnableKeyRotation: enableKeyRotation,
    PutKeyPolicy: putKeyPolicy,
    CreateAlias: createAlias,
  },
});
