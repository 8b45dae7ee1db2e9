import type { Severity, Status } from '../../../policies/control';
import type { Finding } from '../../../policies/evaluate';
import type { CoverageGap, Resource } from '../../../policies/model';
import type { Waiver } from '../../../policies/waivers';
import { comparePosture, type FindingState } from '../../../checker/drift/posture';
import { SNAPSHOT_KIND, type Snapshot } from '../../../checker/drift/snapshot';

const ENDPOINT = 'arn:aws:sagemaker:us-east-1:111122223333:endpoint/e1';
const KEY = 'arn:aws:kms:us-east-1:111122223333:key/k1';

type Judgement = Status | 'waived' | 'absent';

function finding(resourceId: string, controlId: string, judgement: Exclude<Judgement, 'absent'>, severity: Severity = 'high'): Finding {
  return {
    controlId,
    title: controlId,
    severity,
    status: judgement === 'waived' ? 'fail' : judgement,
    provider: 'aws',
    resourceId,
    resourceName: resourceId.split('/').at(-1) ?? resourceId,
    resourceKind: resourceId.includes(':key/') ? 'key' : 'endpoint',
    message: `${controlId} is ${judgement}`,
    evidence: [],
    ...(judgement === 'waived' ? { waiver: { id: 'W1', reason: 'r', approvedBy: 'a', expires: '2030-01-01' } } : {}),
  } as Finding;
}

function resource(id: string): Resource {
  return { id, name: id.split('/').at(-1) ?? id, kind: id.includes(':key/') ? 'key' : 'endpoint', provider: 'aws' } as unknown as Resource;
}

function snapshot(parts: { findings?: Finding[]; resources?: string[]; gaps?: CoverageGap[]; expired?: Waiver[] }): Snapshot {
  return {
    kind: SNAPSHOT_KIND,
    snapshotVersion: 1,
    tool: { name: 'inferguard', version: '0.0.0' },
    takenAt: '2026-03-01T12:00:00.000Z',
    provider: 'aws',
    scope: { accounts: ['111122223333'], regions: ['us-east-1'] },
    baseline: 'default',
    findings: parts.findings ?? [],
    gaps: parts.gaps ?? [],
    waivers: { expired: parts.expired ?? [], unused: [] },
    resources: (parts.resources ?? [ENDPOINT, KEY]).map(resource),
  };
}

const state = (j: Judgement): FindingState => (j === 'pass' || j === 'not_applicable' ? 'ok' : j);

describe('comparePosture: one finding from one run to the next', () => {
  // previous -> current, and the lists the change lands in.
  const table: [Judgement, Judgement, string[]][] = [
    ['pass', 'pass', []],
    ['fail', 'fail', []],
    ['unknown', 'unknown', []],
    ['waived', 'waived', []],
    ['pass', 'not_applicable', []],
    ['pass', 'fail', ['newFailures']],
    ['not_applicable', 'fail', ['newFailures']],
    ['waived', 'fail', ['newFailures']],
    ['absent', 'fail', ['newFailures']],
    ['fail', 'pass', ['resolvedFailures']],
    ['fail', 'not_applicable', ['resolvedFailures']],
    ['fail', 'waived', ['resolvedFailures']],
    ['pass', 'unknown', ['newUnknowns']],
    ['absent', 'unknown', ['newUnknowns']],
    // A failure that can no longer be read is not resolved: it is news that the read fails.
    ['fail', 'unknown', ['newUnknowns']],
    ['unknown', 'pass', ['resolvedUnknowns']],
    ['unknown', 'waived', ['resolvedUnknowns']],
    ['unknown', 'fail', ['newFailures', 'resolvedUnknowns']],
    ['absent', 'pass', []],
    // A finding that goes away with its resource is reported as the resource vanishing.
    ['fail', 'absent', []],
    ['unknown', 'absent', []],
  ];

  it.each(table)('%s -> %s lands in %j', (before, after, lists) => {
    const judged = (j: Judgement) => (j === 'absent' ? [] : [finding(ENDPOINT, 'endpoint-private-network', j)]);
    const drift = comparePosture(snapshot({ findings: judged(before) }), snapshot({ findings: judged(after) }));
    const lists4 = ['newFailures', 'resolvedFailures', 'newUnknowns', 'resolvedUnknowns'] as const;
    for (const list of lists4) {
      expect(drift[list].map((c) => [c.previous, c.current])).toEqual(lists.includes(list) ? [[state(before), state(after)]] : []);
    }
    expect(drift.changed).toBe(lists.length > 0);
  });
});

describe('comparePosture: resources, waivers, reads', () => {
  it('reports resources that appeared and vanished', () => {
    const e2 = ENDPOINT.replace('e1', 'e2');
    const drift = comparePosture(snapshot({ resources: [ENDPOINT, KEY] }), snapshot({ resources: [KEY, e2] }));
    expect(drift.appeared).toEqual([{ id: e2, name: 'e2', kind: 'endpoint' }]);
    expect(drift.vanished).toEqual([{ id: ENDPOINT, name: 'e1', kind: 'endpoint' }]);
    expect(drift.changed).toBe(true);
  });

  it('calls missing resources unseen, not vanished, when this run had failed reads', () => {
    const gap: CoverageGap = { service: 'sagemaker', operation: 'ListEndpoints', region: 'us-east-1', errorCode: 'ThrottlingException', message: 'rate exceeded' };
    const drift = comparePosture(snapshot({ resources: [ENDPOINT, KEY] }), snapshot({ resources: [KEY], gaps: [gap] }));
    expect(drift.vanished).toEqual([]);
    expect(drift.unseen).toEqual([{ id: ENDPOINT, name: 'e1', kind: 'endpoint' }]);
    expect(drift.changed).toBe(true);
  });

  it('reports a changed scope, and resources of a region no longer audited as out of scope, not vanished', () => {
    const inRegion = (id: string, region: string) => ({ ...resource(id), region }) as Resource;
    const eu = ENDPOINT.replace('us-east-1', 'eu-west-1');
    const previous = { ...snapshot({}), scope: { accounts: ['111122223333'], regions: ['us-east-1', 'eu-west-1'] }, resources: [inRegion(ENDPOINT, 'us-east-1'), inRegion(eu, 'eu-west-1')] };
    const current = { ...snapshot({}), resources: [inRegion(ENDPOINT, 'us-east-1')] };
    const drift = comparePosture(previous, current);
    expect(drift.scope).toEqual({ accountsAdded: [], accountsRemoved: [], regionsAdded: [], regionsRemoved: ['eu-west-1'] });
    expect(drift.leftScope.map((r) => r.id)).toEqual([eu]);
    expect(drift.vanished).toEqual([]);
    expect(drift.changed).toBe(true);
  });

  it('reports waivers that expired since the previous run, not those expired before it', () => {
    const waiver = (id: string): Waiver => ({ id, control: 'c', resource: '*', reason: 'r', approvedBy: 'a', expires: '2026-02-01' });
    const drift = comparePosture(snapshot({ expired: [waiver('OLD')] }), snapshot({ expired: [waiver('OLD'), waiver('NEW')] }));
    expect(drift.expiredWaivers.map((w) => w.id)).toEqual(['NEW']);
  });

  it('reports reads that newly fail and reads that work again, and marks the run incomplete', () => {
    const gap = (operation: string): CoverageGap => ({ service: 'kms', operation, region: 'us-east-1', errorCode: 'AccessDenied', message: 'denied' });
    const drift = comparePosture(snapshot({ gaps: [gap('GetKeyPolicy')] }), snapshot({ gaps: [gap('GetKeyRotationStatus')] }));
    expect(drift.newGaps.map((g) => g.operation)).toEqual(['GetKeyRotationStatus']);
    expect(drift.resolvedGaps.map((g) => g.operation)).toEqual(['GetKeyPolicy']);
    expect(drift.incomplete).toBe(true);
  });

  it('finds no drift between two identical runs', () => {
    const findings = [finding(ENDPOINT, 'a', 'fail'), finding(KEY, 'b', 'unknown'), finding(KEY, 'c', 'pass')];
    const drift = comparePosture(snapshot({ findings }), snapshot({ findings }));
    expect(drift.changed).toBe(false);
    expect(drift.incomplete).toBe(false);
  });

  it('leaves out finding changes below --fail-on, but never resources', () => {
    const e2 = ENDPOINT.replace('e1', 'e2');
    const drift = comparePosture(
      snapshot({ findings: [finding(ENDPOINT, 'low-one', 'pass', 'low'), finding(ENDPOINT, 'high-one', 'pass', 'high')] }),
      snapshot({ findings: [finding(ENDPOINT, 'low-one', 'fail', 'low'), finding(ENDPOINT, 'high-one', 'fail', 'high')], resources: [ENDPOINT, KEY, e2] }),
      { failOn: 'medium' },
    );
    expect(drift.newFailures.map((c) => c.controlId)).toEqual(['high-one']);
    expect(drift.appeared).toHaveLength(1);
  });
});
