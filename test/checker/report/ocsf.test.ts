import { OCSF_VERSION, type OcsfComplianceFinding, render, renderLines } from '../../../checker/report/ocsf';
import { LEGACY_ID, NOW, SERVERLESS_ID, UNREADABLE_ID, sampleInventory, sampleReport } from '../sample-report';

describe('ocsf reporter', () => {
  const report = sampleReport();
  const events = JSON.parse(render(report)) as OcsfComplianceFinding[];
  const event = (controlId: string, resourceId: string) => events.find((e) => e.compliance.control === controlId && e.resources[0].uid === resourceId);

  it('emits one Compliance Finding (class 2003, type 200301) per finding', () => {
    expect(events).toHaveLength(report.findings.length);
    for (const e of events) {
      expect(e).toMatchObject({
        class_uid: 2003,
        category_uid: 2,
        activity_id: 1,
        type_uid: 200301,
        time: NOW.getTime(),
        metadata: { version: OCSF_VERSION, product: { name: report.tool.name, vendor_name: report.tool.name, version: report.tool.version } },
      });
      expect(e.finding_info.uid).toEqual(expect.any(String));
      expect(e.finding_info.title).toEqual(expect.any(String));
      expect(e.finding_info.created_time).toBe(NOW.getTime());
      expect([1, 2, 3, 4, 5]).toContain(e.severity_id);
      expect(e.resources).toHaveLength(1);
      expect(e.cloud.provider).toBe('AWS');
    }
    expect(new Set(events.map((e) => e.finding_info.uid)).size).toBe(events.length);
  });

  it('maps compliance status: fail 3, pass 1, unknown 2 (Warning), not_applicable 99', () => {
    expect(event('model-private-network', LEGACY_ID)?.compliance).toMatchObject({ status_id: 3, status: 'Fail' });
    expect(event('model-private-network', UNREADABLE_ID)?.compliance).toMatchObject({ status_id: 2, status: 'Warning', status_code: 'UNKNOWN' });
    expect(event('model-private-network', SERVERLESS_ID)?.compliance).toMatchObject({ status_id: 99, status: 'Not Applicable' });
    expect(events.find((e) => e.status_code === 'PASS')?.compliance).toMatchObject({ status_id: 1, status: 'Pass' });
  });

  it('marks waived findings Suppressed and others New', () => {
    const waived = event('model-network-isolation', LEGACY_ID);
    expect(waived).toMatchObject({ status_id: 3, status: 'Suppressed', unmapped: { inferguard: { waiver: { id: 'WVR-1' } } } });
    expect(event('model-private-network', LEGACY_ID)).toMatchObject({ status_id: 1, status: 'New' });
  });

  it('names the standards, the resource, the cloud account and the remediation', () => {
    const e = event('model-network-isolation', LEGACY_ID);
    expect(e?.severity_id).toBe(4);
    expect(e?.compliance.standards).toEqual(['NIST SP 800-53 Rev. 5', 'MITRE ATLAS']);
    expect(e?.compliance.requirements).toContain('NIST SP 800-53 Rev. 5: SC-7');
    expect(e?.resources[0]).toMatchObject({ uid: LEGACY_ID, type: 'AWS::SageMaker::Endpoint', region: 'us-east-1', cloud_partition: 'aws' });
    expect(e?.cloud).toMatchObject({ provider: 'AWS', region: 'us-east-1', account: { uid: '111122223333', type_id: 10 } });
    expect(e?.remediation.desc).toContain('update-endpoint');
  });

  it('leaves out template placeholders that are no account or region', () => {
    const inventory = sampleInventory();
    const placeholders = {
      ...inventory,
      source: 'template' as const,
      resources: inventory.resources.map((r) => ({ ...r, account: '${AWS.AccountId}', region: '${AWS.Region}' })),
    };
    const [first] = JSON.parse(render(sampleReport({ inventory: placeholders }))) as OcsfComplianceFinding[];
    expect(first.cloud).toEqual({ provider: 'AWS' });
    expect(first.resources[0].region).toBeUndefined();
  });
});

describe('ocsf reporter, JSON Lines', () => {
  const report = sampleReport();

  it('writes one compact event per line, the same events as the array', () => {
    const text = renderLines(report);
    const lines = text.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(report.findings.length);
    expect(lines.map((line) => JSON.parse(line) as unknown)).toEqual(JSON.parse(render(report)));
    for (const line of lines) expect(line.startsWith('{"activity_id":1,')).toBe(true);
  });

  it('writes nothing when there is no finding', () => {
    expect(renderLines({ ...report, findings: [] })).toBe('');
  });
});
