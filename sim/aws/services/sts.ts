// STS (Query protocol, version 2011-06-15): who the caller is, and AssumeRole. A role of the caller's
// own account is assumed as long as it exists (the `--role-arn` audits of one account); a role of another
// account the simulator serves (an organization member) only when that account is active and the role's
// trust policy lets the caller in, `sts:ExternalId` conditions included, as STS decides. The issued
// temporary key maps to the role's account: later calls signed with it are served from that account.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { AwsApiError } from '../errors';
import { trustPolicyAllows } from '../trust-policy';
import { queryProtocol, type QueryOutput } from '../protocols/query';
import { defineService, type Operation } from './service';

const getCallerIdentity: Operation<Record<string, unknown>, QueryOutput> = (_input, ctx) => ({
  UserId: ctx.caller.userId,
  Account: ctx.account,
  Arn: ctx.caller.arn,
});

const assumeRoleInput = z.object({
  RoleArn: z.string().min(20).max(2048),
  RoleSessionName: z.string().regex(/^[\w+=,.@-]{2,64}$/),
  ExternalId: z.string().min(2).max(1224).optional(),
  DurationSeconds: z.coerce.number().int().min(900).max(43_200).optional(),
});

const SESSION_SECONDS = 3_600;

const assumeRole: Operation<Record<string, unknown>, QueryOutput> = (input, ctx) => {
  const request = ctx.validate(assumeRoleInput, input);
  const denied = () => new AwsApiError('AccessDenied', `User: ${ctx.caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${request.RoleArn}`, 403);
  const match = /^arn:aws:iam::(\d{12}):role\/(?:.*\/)?([\w+=,.@-]+)$/.exec(request.RoleArn);
  if (match === null) throw denied();
  const [, account, roleName] = match;
  const target = ctx.estate.account(account);
  const role = target?.iam.roles.get(roleName);
  if (target === undefined || role === undefined) throw denied();
  if (account !== ctx.account) {
    const trusted = trustPolicyAllows(role.role.AssumeRolePolicyDocument, { account: ctx.account, arn: ctx.caller.arn, ...(request.ExternalId === undefined ? {} : { externalId: request.ExternalId }) });
    if (ctx.estate.accountState(account) !== 'ACTIVE' || !trusted) throw denied();
  }
  const keySuffix = randomBytes(8).toString('hex').toUpperCase();
  const accessKeyId = `ASIA${keySuffix}`;
  const expiration = new Date(ctx.now.getTime() + (request.DurationSeconds ?? SESSION_SECONDS) * 1000);
  const assumedRoleId = `${role.role.RoleId ?? `AROA${keySuffix}`}:${request.RoleSessionName}`;
  const arn = `arn:aws:sts::${account}:assumed-role/${roleName}/${request.RoleSessionName}`;
  ctx.estate.openSession(accessKeyId, { account, arn, userId: assumedRoleId });
  return {
    Credentials: {
      AccessKeyId: accessKeyId,
      SecretAccessKey: randomBytes(30).toString('base64'),
      SessionToken: randomBytes(48).toString('base64'),
      Expiration: expiration,
    },
    AssumedRoleUser: { AssumedRoleId: assumedRoleId, Arn: arn },
  };
};

export const stsService = defineService({
  signingName: 'sts',
  actionPrefix: 'sts',
  protocol: queryProtocol({ namespace: 'https://sts.amazonaws.com/doc/2011-06-15/', version: '2011-06-15' }),
  operations: { GetCallerIdentity: getCallerIdentity, AssumeRole: assumeRole },
});
