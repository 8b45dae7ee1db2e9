import { ListEndpointsCommand } from '@aws-sdk/client-sagemaker';
import { ListKeysCommand } from '@aws-sdk/client-kms';
import { AuditContext, ConnectionPool, errorCodeOf } from '../../../../providers/aws/live/context';
import { startAwsSimulator } from '../../../../sim/aws/index';
import { US, richScenario } from './scenario';
import { isolateAwsEnvironment } from './support';

isolateAwsEnvironment();

describe('errorCodeOf', () => {
  it('reads SDK error names, S3 Codes and the SDK wrapper around foreign errors', () => {
    expect(errorCodeOf(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }))).toBe('AccessDeniedException');
    expect(errorCodeOf(Object.assign(new Error('x'), { name: 'S3ServiceException', Code: 'NoSuchBucketPolicy' }))).toBe('NoSuchBucketPolicy');
    expect(errorCodeOf(new Error('AWS SDK error wrapper for TimeoutError: socket hang up'))).toBe('TimeoutError');
    expect(errorCodeOf({ name: 'TimeoutError', message: 'from another realm' })).toBe('TimeoutError');
    expect(errorCodeOf('boom')).toBe('UnknownError');
  });
});

describe('AuditContext', () => {
  it('names AWS failures by their SDK code in gaps, without the SDK wrapper text', async () => {
    const ctx = new AuditContext({ maxAttempts: 1 }, 2);
    const site = { service: 's3', operation: 'GetBucketPolicy', resourceId: 'arn:aws:s3:::b', region: 'us-east-1' };
    const missing = Object.assign(new Error('none'), { name: 'S3ServiceException', Code: 'NoSuchBucketPolicy' });
    expect(await ctx.call(site, () => Promise.reject(missing), ['NoSuchBucketPolicy'])).toEqual({ status: 'absent', errorCode: 'NoSuchBucketPolicy' });
    const wrapped = await ctx.call(site, () => Promise.reject(new Error('AWS SDK error wrapper for TimeoutError: socket hang up')));
    expect(wrapped).toMatchObject({ status: 'failed', errorCode: 'TimeoutError' });
    expect(ctx.gaps).toEqual([{ ...site, errorCode: 'TimeoutError', message: 'socket hang up' }]);
    ctx.destroy();
  });

  it('gives every client a request timeout, by default and as configured', async () => {
    const defaults = new AuditContext({ maxAttempts: 1 }, 1);
    const configured = new AuditContext({ maxAttempts: 1, requestTimeoutMs: 1234 }, 1);
    const handlerConfig = async (ctx: AuditContext) => {
      const handler = ctx.kms('us-east-1').config.requestHandler as unknown as { configProvider: Promise<{ requestTimeout?: number; connectionTimeout?: number }> };
      return handler.configProvider;
    };
    expect(await handlerConfig(defaults)).toMatchObject({ requestTimeout: 30_000, connectionTimeout: 30_000 });
    expect(await handlerConfig(configured)).toMatchObject({ requestTimeout: 1234, connectionTimeout: 1234 });
    defaults.destroy();
    configured.destroy();
  });
});

describe('ConnectionPool', () => {
  let sim: Awaited<ReturnType<typeof startAwsSimulator>>;
  beforeAll(async () => {
    sim = await startAwsSimulator(richScenario());
  });
  afterAll(async () => {
    await sim.close();
  });

  /** The agent's sockets, busy or idle; a destroyed socket leaves these lists only on its close event. */
  const socketsOf = (agent: ConnectionPool['http']) => [...Object.values(agent.sockets), ...Object.values(agent.freeSockets)].flatMap((list) => list ?? []);
  const openSockets = (agent: ConnectionPool['http']) => socketsOf(agent).filter((socket) => !socket.destroyed).length;

  it("serves every context of a run over the same connections, and only closing the pool closes them", async () => {
    const pool = new ConnectionPool();
    const connects = jest.spyOn(pool.http, 'createConnection');
    const first = new AuditContext({ maxAttempts: 1, endpointUrl: sim.url, connections: pool }, 2);
    const second = new AuditContext({ maxAttempts: 1, endpointUrl: sim.url, connections: pool }, 2);
    await first.sagemaker(US).send(new ListEndpointsCommand({}));
    await second.kms(US).send(new ListKeysCommand({}));
    expect(connects).toHaveBeenCalledTimes(1);
    // Destroying a context destroys its clients and their handlers, not the run's connections.
    first.destroy();
    expect(openSockets(pool.http)).toBe(1);
    await second.sagemaker(US).send(new ListEndpointsCommand({}));
    expect(connects).toHaveBeenCalledTimes(1);
    second.destroy();
    pool.close();
    expect(openSockets(pool.http)).toBe(0);
  });

  it('is the context\'s own when the settings bring none, closed with it', async () => {
    const ctx = new AuditContext({ maxAttempts: 1, endpointUrl: sim.url }, 2);
    await ctx.sagemaker(US).send(new ListEndpointsCommand({}));
    await ctx.kms(US).send(new ListKeysCommand({}));
    const agentOf = (client: { config: { requestHandler: unknown } }) => (client.config.requestHandler as { config?: { httpAgent?: ConnectionPool['http'] } }).config?.httpAgent;
    const agent = agentOf(ctx.kms(US));
    if (!agent) throw new Error('the KMS client has no HTTP agent after a call');
    expect(agentOf(ctx.sagemaker(US))).toBe(agent);
    expect(openSockets(agent)).toBe(1);
    ctx.destroy();
    expect(openSockets(agent)).toBe(0);
  });
});
