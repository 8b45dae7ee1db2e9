import { render, summaryLine } from '../../../checker/report/table';
import { LEGACY_ID, sampleReport } from '../sample-report';
import { compliantInventory } from '../../support/builders';

describe('table reporter', () => {
  const report = sampleReport();
  const text = render(report);

  it('groups findings under one heading per resource', () => {
    for (const id of new Set(report.findings.map((f) => f.resourceId))) {
      expect(text.split(id).length - 1).toBeGreaterThanOrEqual(1);
    }
    expect(text).toContain('AWS::SageMaker::Endpoint legacy');
    // the resource heading appears once, not once per finding
    expect(text.split(LEGACY_ID).length - 1).toBe(1);
  });

  it('marks waived findings and names the waiver', () => {
    expect(text).toMatch(/FAIL\s*│[^\n]*\n[^\n]*\(waived\)/);
    expect(text).toContain('waiver WVR-1');
  });

  it('ends with the summary, the failed reads and the waivers needing attention', () => {
    expect(text).toContain(summaryLine(report));
    expect(summaryLine(report)).toMatch(/^Summary: \d+ results on \d+ resources: 1 fail, 7 unknown, \d+ pass, \d+ not applicable, 1 waived\. Failing by severity: 1 medium\. Coverage incomplete: 1 read failed\.$/);
    expect(text).toContain('Coverage incomplete: these reads failed');
    expect(text).toContain('sagemaker:DescribeEndpointConfig');
    expect(text).toContain('Expired waivers (no longer applied):\n  - waiver WVR-OLD');
    expect(text).toContain('Unused waivers');
    expect(text).toContain('WVR-UNUSED');
  });

  it('carries no colour codes, and no control characters from resource names', () => {
    expect(text).not.toContain('\u001b[');
    expect(text).not.toContain('\u0007');
    expect(text).toContain('\uFFFDbell');
  });

  it('wraps long identifiers instead of truncating them', () => {
    expect(text).not.toContain('…');
    expect(text.replace(/[│\s]/g, '')).toContain('arn:aws:kms:us-east-1:111122223333:key/1111aaaa-2222-3333-4444-555566667777');
  });

  it('lists each problem on its own row and collapses the passes of a resource into one', () => {
    const legacy = text.slice(text.indexOf(LEGACY_ID), text.indexOf('AWS::SageMaker::Endpoint serverless'));
    expect(legacy.match(/│ FAIL /g)).toHaveLength(2);
    expect(legacy.match(/│ PASS /g)).toHaveLength(1);
    expect(legacy).toContain('6 controls');
  });

  it('says so when nothing was found', () => {
    const empty = sampleReport({ inventory: { ...compliantInventory(), resources: [] }, waivers: [] });
    expect(render(empty)).toContain('No resources in scope were found to check.');
    expect(render(empty)).not.toContain('Expired waivers');
  });
});
