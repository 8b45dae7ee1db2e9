import { AuditContext, errorCodeOf } from '../../../../providers/aws/live/context';

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
