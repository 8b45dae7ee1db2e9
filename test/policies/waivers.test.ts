import type { Finding } from '../../policies/evaluate';
import type { Resource } from '../../policies/model';
import { applyWaivers, globMatches, isExpired, parseIsoDate, resourceIdentities, waiverListSchema, type Waiver } from '../../policies/waivers';
import { templateToInventory } from '../../providers/aws/template/template-to-inventory';

const finding = (overrides: Partial<Finding> = {}): Finding => ({
  controlId: 'endpoint-multiple-instances',
  title: 'Each deployment runs on more than one instance',
  severity: 'medium',
  status: 'fail',
  provider: 'aws',
  resourceId: 'arn:aws:sagemaker:us-east-1:111122223333:endpoint/dev-classifier',
  resourceName: 'dev-classifier',
  resourceKind: 'endpoint',
  message: 'AllTraffic: runs on 1 instance(s), fewer than 2',
  evidence: [],
  ...overrides,
});

const waiver = (overrides: Partial<Waiver> = {}): Waiver => ({
  id: 'WVR-1',
  control: 'endpoint-multiple-instances',
  resource: 'dev-*',
  reason: 'Development endpoints run on one instance to save cost.',
  approvedBy: 'platform-security',
  expires: '2026-06-30',
  ...overrides,
});

const JUNE_1 = new Date('2026-06-01T12:00:00Z');

describe('applyWaivers', () => {
  it('marks a matching failing finding and keeps it', () => {
    const { findings, expired, unused } = applyWaivers([finding()], [waiver()], JUNE_1);
    expect(findings).toHaveLength(1);
    expect(findings[0].status).toBe('fail');
    expect(findings[0].waiver).toEqual({ id: 'WVR-1', reason: waiver().reason, approvedBy: 'platform-security', expires: '2026-06-30' });
    expect(expired).toEqual([]);
    expect(unused).toEqual([]);
  });

  it('marks unknown findings too, but never passing or not-applicable ones', () => {
    const input = [finding({ status: 'unknown' }), finding({ status: 'pass' }), finding({ status: 'not_applicable' })];
    const { findings } = applyWaivers(input, [waiver()], JUNE_1);
    expect(findings.map((f) => f.waiver?.id)).toEqual(['WVR-1', undefined, undefined]);
  });

  it('matches the resource glob against the id or the name, and only for the waiver control', () => {
    const byArn = waiver({ resource: 'arn:aws:sagemaker:*:111122223333:endpoint/*' });
    expect(applyWaivers([finding()], [byArn], JUNE_1).findings[0].waiver?.id).toBe('WVR-1');
    expect(applyWaivers([finding({ resourceName: 'prod-classifier', resourceId: 'x' })], [waiver()], JUNE_1).findings[0].waiver).toBeUndefined();
    expect(applyWaivers([finding({ controlId: 'model-private-network' })], [waiver()], JUNE_1).findings[0].waiver).toBeUndefined();
  });

  it('applies through the whole expiry day (UTC) and not after', () => {
    expect(applyWaivers([finding()], [waiver()], new Date('2026-06-30T23:59:59Z')).findings[0].waiver).toBeDefined();
    const after = applyWaivers([finding()], [waiver()], new Date('2026-07-01T00:00:00Z'));
    expect(after.findings[0].waiver).toBeUndefined();
    expect(after.findings).toHaveLength(1);
    expect(after.expired.map((w) => w.id)).toEqual(['WVR-1']);
    expect(after.unused).toEqual([]);
  });

  it('reports current waivers that covered no failing or unknown finding as unused', () => {
    const stale = waiver({ id: 'WVR-2', resource: 'retired-*' });
    const onPassing = waiver({ id: 'WVR-3', control: 'model-network-isolation' });
    const { unused } = applyWaivers([finding(), finding({ controlId: 'model-network-isolation', status: 'pass' })], [waiver(), stale, onPassing], JUNE_1);
    expect(unused.map((w) => w.id)).toEqual(['WVR-2', 'WVR-3']);
  });

  it('uses the first matching waiver in file order', () => {
    const { findings, unused } = applyWaivers([finding()], [waiver({ id: 'A' }), waiver({ id: 'B' })], JUNE_1);
    expect(findings[0].waiver?.id).toBe('A');
    expect(unused.map((w) => w.id)).toEqual(['B']);
  });
});

describe('one waiver pattern for every identity a tool shows', () => {
  /** A resource as the template reader states it; only the identity fields matter here. */
  const templateEndpoint = { kind: 'endpoint', id: 'Inference/Endpoint1A2B', name: 'vendor-churn', provider: 'aws', aliases: ['Inference/Churn/Endpoint', 'arn:aws:sagemaker:us-east-1:111122223333:endpoint/vendor-churn'] } as unknown as Resource;
  const templateFinding = finding({ resourceId: 'Inference/Endpoint1A2B', resourceName: 'vendor-churn' });

  it.each([
    ['an ARN pattern', 'arn:aws:sagemaker:*:*:endpoint/vendor-*'],
    ['a name pattern', 'vendor-*'],
    ['a CDK construct path', 'Inference/Churn/*'],
    ['STACK/LogicalId', 'Inference/Endpoint1A2B'],
  ])('matches %s (the id, the name or an alias)', (_what, pattern) => {
    const { findings } = applyWaivers([templateFinding], [waiver({ resource: pattern })], JUNE_1, [templateEndpoint]);
    expect(findings[0].waiver?.id).toBe('WVR-1');
  });

  it('takes aliases only from the resource the finding judged (same kind and id)', () => {
    const otherKind = { ...templateEndpoint, kind: 'key' } as Resource;
    const { findings } = applyWaivers([templateFinding], [waiver({ resource: 'Inference/Churn/*' })], JUNE_1, [otherKind]);
    expect(findings[0].waiver).toBeUndefined();
  });

  it('lists each identity once: id, name, then aliases', () => {
    expect(resourceIdentities({ id: 'a', name: 'a', aliases: ['b', 'a'] })).toEqual(['a', 'b']);
  });

  it('the template reader gives the construct path, the L2 path and the ARN of a literal name as aliases', () => {
    const template = {
      Resources: {
        Endpoint1A2B: { Type: 'AWS::SageMaker::Endpoint', Properties: { EndpointName: 'Vendor-Churn', EndpointConfigName: 'cfg' }, Metadata: { 'aws:cdk:path': 'Inference/Churn/Endpoint/Resource' } },
        Unnamed: { Type: 'AWS::SageMaker::Endpoint', Properties: { EndpointConfigName: 'cfg' } },
      },
    };
    const inventory = templateToInventory(template, 'Inference', { account: '111122223333', region: 'us-east-1' });
    const named = inventory.resources.find((r) => r.id === 'Inference/Endpoint1A2B');
    // SageMaker writes names in ARNs in lower case.
    expect(named?.aliases).toEqual(['Inference/Churn/Endpoint/Resource', 'Inference/Churn/Endpoint', 'arn:aws:sagemaker:us-east-1:111122223333:endpoint/vendor-churn']);
    // A generated name is known only once deployed: no ARN to offer.
    expect(inventory.resources.find((r) => r.id === 'Inference/Unnamed')?.aliases).toBeUndefined();
  });
});

describe('globMatches', () => {
  it.each([
    ['dev-*', 'dev-classifier', true],
    ['dev-*', 'prod-dev-classifier', false],
    ['*classifier*', 'a/classifier/b', true],
    ['models.v1', 'modelsXv1', false],
    ['exact', 'exact', true],
    ['a?c', 'abc', false],
  ])('%s vs %s -> %s', (glob, text, expected) => expect(globMatches(glob, text)).toBe(expected));
});

describe('dates', () => {
  it('accepts real dates only', () => {
    expect(parseIsoDate('2024-02-29')?.toISOString()).toBe('2024-02-29T00:00:00.000Z');
    expect(parseIsoDate('2025-02-29')).toBeNull();
    expect(parseIsoDate('2025-13-01')).toBeNull();
    expect(parseIsoDate('2025-1-1')).toBeNull();
  });
  it('treats an invalid date as expired', () => {
    expect(isExpired(waiver({ expires: 'someday' }), JUNE_1)).toBe(true);
  });
});

describe('waiver validation', () => {
  const messages = (input: unknown) => {
    const result = waiverListSchema.safeParse(input);
    return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };

  it('accepts a complete waiver', () => {
    expect(messages([waiver()])).toEqual([]);
  });

  it('rejects empty reason and approver, an impossible date and an unknown control', () => {
    const problems = messages([waiver({ reason: ' ', approvedBy: '', expires: '2026-02-30', control: 'endpoint-multiple-instance' })]);
    expect(problems).toEqual(
      expect.arrayContaining([
        '0.reason: the reason is empty',
        '0.approvedBy: the approver is empty',
        '0.expires: "2026-02-30" is not a real date in the form YYYY-MM-DD',
        '0.control: no control has id "endpoint-multiple-instance"',
      ]),
    );
  });

  it('suggests the control id that was probably meant', () => {
    const result = waiverListSchema.safeParse([waiver({ control: 'model-network-isolaton' })]);
    const issue = result.error?.issues[0];
    expect(issue?.code === 'custom' ? issue.params : undefined).toEqual({ fix: 'did you mean "model-network-isolation"?' });
  });

  it('rejects duplicate ids and unknown keys', () => {
    expect(messages([waiver(), waiver()])).toEqual(['1.id: duplicate waiver id "WVR-1" (also at waivers[0])']);
    expect(messages([{ ...waiver(), expiry: '2026-01-01' }])).toEqual(['0: Unrecognized key: "expiry"']);
  });
});
