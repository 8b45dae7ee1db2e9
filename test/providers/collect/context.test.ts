import { Canonical, CollectionContext, Once, chunk, describeFailure, forEachConcurrently } from '../../../providers/collect/context';

describe('describeFailure', () => {
  it('names a failure by the error\'s name and the first line of its message', () => {
    expect(describeFailure(Object.assign(new Error('denied\nmore'), { name: 'AuthorizationFailed' }))).toEqual({ code: 'AuthorizationFailed', message: 'denied' });
    expect(describeFailure('boom')).toEqual({ code: 'UnknownError', message: 'boom' });
  });
});


describe('CollectionContext.call', () => {
  const ctx = () => new CollectionContext({ concurrency: 2 });

  it('returns the value, a documented absence, or a failure recorded as a gap', async () => {
    const c = ctx();
    const site = { service: 's3', operation: 'GetBucketPolicy', resourceId: 'arn:aws:s3:::b', region: 'us-east-1' };
    expect(await c.call(site, async () => 42)).toEqual({ status: 'ok', value: 42 });
    const missing = Object.assign(new Error('none'), { name: 'NoSuchBucketPolicy' });
    expect(await c.call(site, () => Promise.reject(missing), ['NoSuchBucketPolicy'])).toEqual({ status: 'absent', errorCode: 'NoSuchBucketPolicy' });
    expect(c.gaps).toEqual([]);
    const denied = Object.assign(new Error('User is not authorized\nsecond line'), { name: 'AccessDenied' });
    const failed = await c.call(site, () => Promise.reject(denied), ['NoSuchBucketPolicy']);
    expect(failed).toEqual({ status: 'failed', errorCode: 'AccessDenied', reason: 's3:GetBucketPolicy arn:aws:s3:::b failed with AccessDenied: User is not authorized' });
    expect(c.gaps).toEqual([{ ...site, errorCode: 'AccessDenied', message: 'User is not authorized' }]);
  });

  it('never runs more calls at once than the concurrency', async () => {
    const c = ctx();
    let running = 0;
    let peak = 0;
    const slow = async () => {
      running += 1;
      peak = Math.max(peak, running);
      await new Promise((r) => setImmediate(r));
      running -= 1;
      return 1;
    };
    await Promise.all(Array.from({ length: 10 }, () => c.call({ service: 'kms', operation: 'DescribeKey' }, slow)));
    expect(peak).toBe(2);
  });
});

describe('Once', () => {
  it('loads each key once and waits for loads started while waiting', async () => {
    const once = new Once<number>();
    let loads = 0;
    const load = async () => {
      loads += 1;
      return loads;
    };
    expect(await Promise.all([once.get('a', load), once.get('a', load)])).toEqual([1, 1]);
    expect(loads).toBe(1);
    void once.get('b', async () => {
      await new Promise((r) => setImmediate(r));
      void once.get('c', load);
      return 0;
    });
    expect((await once.all()).sort()).toEqual([0, 1, 2]);
  });

  it('chunks lists', () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
  });
});

describe('forEachConcurrently', () => {
  /** Items in pages that arrive one macrotask apart, as ListEndpoints pages do. */
  async function* pages(count: number, pageSize: number): AsyncGenerator<number, void, undefined> {
    for (let first = 0; first < count; first += pageSize) {
      await new Promise((r) => setImmediate(r));
      for (let i = first; i < Math.min(first + pageSize, count); i += 1) yield i;
    }
  }

  it('works on every item once, as items arrive, never more than `width` at a time', async () => {
    const done: number[] = [];
    let running = 0;
    let peak = 0;
    await forEachConcurrently(pages(25, 4), 3, async (item) => {
      running += 1;
      peak = Math.max(peak, running);
      await new Promise((r) => setImmediate(r));
      running -= 1;
      done.push(item);
    });
    expect(done.sort((a, b) => a - b)).toEqual(Array.from({ length: 25 }, (_, i) => i));
    expect(peak).toBe(3);
  });

  it('resolves at once for an empty source', async () => {
    const work = jest.fn(async () => undefined);
    await forEachConcurrently(pages(0, 4), 3, work);
    expect(work).not.toHaveBeenCalled();
  });
});

describe('Canonical', () => {
  it('hands out the first instance of each distinct value', () => {
    const canonical = new Canonical();
    const first = { known: true, value: 'arn:aws:iam::111122223333:role/a', evidence: [{ source: 's', path: 'ExecutionRoleArn', value: 'arn:aws:iam::111122223333:role/a' }] };
    const same = JSON.parse(JSON.stringify(first)) as typeof first;
    const other = { ...first, value: 'arn:aws:iam::111122223333:role/b' };
    expect(canonical.of(first)).toBe(first);
    expect(canonical.of(same)).toBe(first);
    expect(canonical.of(other)).toBe(other);
    expect(canonical.of(null)).toBeNull();
  });
});
