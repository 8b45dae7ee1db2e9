// STS (Query protocol, version 2011-06-15): who the caller is, and AssumeRole for `--role-arn` (temporary
// credentials for a role of the simulated account; the simulator does not check signatures, so any
// credentials work afterwards, but the issued key shows in the call log of tests).
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { AwsApiError } from '../errors';
import { queryProtocol, type QueryOutput } from '../protocols/query';
import { defineService, type Operation } from './service';

const getCallerIdentity: Operation<Record<string, unknown>, QueryOutput> = (_input, ctx) => ({
  UserId: 'AIDAINFERGUARDSIMULATOR',
  Account: ctx.account,
  Arn: ctx.store.callerArn,
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
  const match = /^arn:aws:iam::(\d{12}):role\/(?:.*\/)?([\w+=,.@-]+)$/.exec(request.RoleArn);
  const role = match && match[1] === ctx.account ? ctx.store.iam.roles.get(match[2]) : undefined;
  if (!role) {
    throw new AwsApiError('AccessDenied', `User: ${ctx.store.callerArn} is not authorized to perform: sts:AssumeRole on resource: ${request.RoleArn}`, 403);
  }
  const keySuffix = randomBytes(8).toString('hex').toUpperCase();
  const expiration = new Date(ctx.now.getTime() + (request.DurationSeconds ?? SESSION_SECONDS) * 1000);
  return {
    Credentials: {
      AccessKeyId: `ASIA${keySuffix}`,
      SecretAccessKey: randomBytes(30).toString('base64'),
      SessionToken: randomBytes(48).toString('base64'),
      Expiration: expiration,
    },
    AssumedRoleUser: {
      AssumedRoleId: `AROA${keySuffix}:${request.RoleSessionName}`,
      Arn: `arn:aws:sts::${ctx.account}:assumed-role/${match![2]}/${request.RoleSessionName}`,
    },
  };
};

export const stsService = defineService({
  signingName: 'sts',
  actionPrefix: 'sts',
  protocol: queryProtocol({ namespace: 'https://sts.amazonaws.com/doc/2011-06-15/', version: '2011-06-15' }),
  operations: { GetCallerIdentity: getCallerIdentity, AssumeRole: assumeRole },
});
