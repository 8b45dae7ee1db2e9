// STS (Query protocol, version 2011-06-15): who the caller is.
import { queryProtocol, type QueryOutput } from '../protocols/query';
import { defineService, type Operation } from './service';

const getCallerIdentity: Operation<Record<string, unknown>, QueryOutput> = (_input, ctx) => ({
  UserId: 'AIDAINFERGUARDSIMULATOR',
  Account: ctx.account,
  Arn: ctx.store.callerArn,
});

export const stsService = defineService({
  signingName: 'sts',
  actionPrefix: 'sts',
  protocol: queryProtocol({ namespace: 'https://sts.amazonaws.com/doc/2011-06-15/', version: '2011-06-15' }),
  operations: { GetCallerIdentity: getCallerIdentity },
});
