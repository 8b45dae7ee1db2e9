// SARIF and OCSF output checked against their published schemas (vendored, see schemas/README.md),
// not against shapes written by hand in the tests.
import { render as renderOcsf, renderLines } from '../../../checker/report/ocsf';
import { render as renderSarif } from '../../../checker/report/sarif';
import { describeErrors, validateOcsfComplianceFinding, validateSarif } from './schemas/validate';
import { sampleInventory, sampleReport } from '../sample-report';

function templateReport() {
  const inventory = sampleInventory();
  return sampleReport({ inventory: { ...inventory, source: 'template' }, target: 'cdk.out/App.template.json' });
}

describe('SARIF output against the SARIF 2.1.0 JSON schema', () => {
  it.each([
    ['a live audit', () => sampleReport()],
    ['a template scan', templateReport],
    ['a report without findings or gaps', () => ({ ...sampleReport(), findings: [], gaps: [] })],
  ])('%s is valid', (_name, make) => {
    const log: unknown = JSON.parse(renderSarif(make()));
    const valid = validateSarif(log);
    expect(describeErrors(validateSarif.errors)).toEqual([]);
    expect(valid).toBe(true);
  });

  it('the schema rejects what it should (the validator is not vacuous)', () => {
    const log = JSON.parse(renderSarif(sampleReport())) as { runs: { results: { level: string }[] }[] };
    log.runs[0].results[0].level = 'fatal';
    expect(validateSarif(log)).toBe(false);
    expect(validateSarif({ version: '2.1.0' })).toBe(false);
  });
});

describe('OCSF output against the OCSF 1.1.0 Compliance Finding schema', () => {
  it.each([
    ['a live audit', () => sampleReport()],
    ['a template scan', templateReport],
  ])('every event of %s is valid, in the array and in JSON Lines', (_name, make) => {
    const report = make();
    const events = JSON.parse(renderOcsf(report)) as unknown[];
    const lines = renderLines(report).trimEnd().split('\n').map((line) => JSON.parse(line) as unknown);
    expect(lines).toEqual(events);
    expect(events).toHaveLength(report.findings.length);
    for (const event of events) {
      const valid = validateOcsfComplianceFinding(event);
      expect(describeErrors(validateOcsfComplianceFinding.errors)).toEqual([]);
      expect(valid).toBe(true);
    }
  });

  it('the schema rejects what it should (the validator is not vacuous)', () => {
    const [event] = JSON.parse(renderOcsf(sampleReport())) as Record<string, unknown>[];
    expect(validateOcsfComplianceFinding({ ...event, class_uid: 2004 })).toBe(false);
    expect(validateOcsfComplianceFinding({ ...event, compliance: { control: 'x' } })).toBe(false);
    expect(validateOcsfComplianceFinding({ ...event, metadata: { ...(event.metadata as object), profiles: [] } })).toBe(false);
    expect(validateOcsfComplianceFinding({ ...event, typo_attribute: 1 })).toBe(false);
  });
});
