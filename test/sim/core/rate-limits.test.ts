import { RateLimiter } from '../../../sim/core/rate-limits';

describe('RateLimiter', () => {
  const call = (account: string, operation = 'ListEndpoints') => ({ account, region: 'us-east-1', service: 'sagemaker', operation });

  it('lets a burst through, then refills at the sustained rate, per account and API', () => {
    let now = 0;
    const limiter = new RateLimiter({ apis: { sagemaker: { perSecond: 2, burst: 3 } } }, () => now);
    expect([1, 2, 3, 4].map(() => limiter.take(call('a')))).toEqual([true, true, true, false]);
    // Another account and another operation have buckets of their own.
    expect(limiter.take(call('b'))).toBe(true);
    expect(limiter.take(call('a', 'DescribeEndpoint'))).toBe(true);
    now += 499;
    expect(limiter.take(call('a'))).toBe(false);
    now += 1;
    expect(limiter.take(call('a'))).toBe(true);
    expect(limiter.take(call('a'))).toBe(false);
  });

  it('prefers service:Operation over service over the default, and limits nothing without a limit', () => {
    const now = 0;
    const limiter = new RateLimiter({ default: { perSecond: 1 }, apis: { 'sts:AssumeRole': { perSecond: 5 } } }, () => now);
    const assume = { account: 'a', region: 'us-east-1', service: 'sts', operation: 'AssumeRole' };
    expect(Array.from({ length: 6 }, () => limiter.take(assume)).filter(Boolean)).toHaveLength(5);
    expect([limiter.take(call('a')), limiter.take(call('a'))]).toEqual([true, false]);
    const open = new RateLimiter({}, () => now);
    expect(Array.from({ length: 100 }, () => open.take(call('a'))).every(Boolean)).toBe(true);
  });

  it('refuses a limit that cannot be enforced', () => {
    expect(() => new RateLimiter({ default: { perSecond: 0 } })).toThrow(/perSecond must be a number above 0/);
    expect(() => new RateLimiter({ apis: { kms: { perSecond: 1, burst: 0.5 } } })).toThrow(/Rate limit kms: burst must be at least 1/);
  });
});
