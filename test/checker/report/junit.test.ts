import { XMLParser } from 'fast-xml-parser';
import { COVERAGE_SUITE, junitSeconds, render } from '../../../checker/report/junit';
import { runAudit } from '../../../checker/run';
import { defaultBaseline } from '../../../policies/baseline';
import { AWKWARD_NAME, LEGACY_ID, NOW, WAIVERS, sampleInventory, sampleReport } from '../sample-report';

interface Case {
  name: string;
  classname: string;
  failure?: { message: string; type: string; '#text'?: string };
  error?: { message: string; type: string };
  skipped?: { message: string };
}
interface Suite {
  name: string;
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
  testcase?: Case[];
}

function parse(xml: string): { testsuites: { tests: number; failures: number; errors: number; skipped: number; testsuite: Suite[] } } {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    isArray: (name) => name === 'testsuite' || name === 'testcase' || name === 'property',
    parseAttributeValue: false,
    numberParseOptions: { hex: false, leadingZeros: false },
  });
  return parser.parse(xml);
}

describe('junit reporter', () => {
  const report = sampleReport();
  const xml = render(report);
  const { testsuites } = parse(xml);
  const suites = testsuites.testsuite;
  const suite = (name: string) => suites.find((s) => s.name === name);

  it('starts with an XML declaration', () => {
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
  });

  it('has one testsuite per control plus one for the coverage gaps', () => {
    expect(suites.map((s) => s.name)).toEqual([...report.controls.map((c) => c.id), COVERAGE_SUITE]);
  });

  it('has one testcase per resource judged by the control', () => {
    for (const control of report.controls) {
      const cases = suite(control.id)?.testcase ?? [];
      expect(cases).toHaveLength(report.findings.filter((f) => f.controlId === control.id).length);
      expect(Number(suite(control.id)?.tests)).toBe(cases.length);
    }
  });

  it('maps fail to failure, unknown to error, not_applicable and waived to skipped', () => {
    const isolation = suite('model-network-isolation')?.testcase ?? [];
    const legacy = isolation.find((c) => c.name.includes(LEGACY_ID));
    expect(legacy?.skipped?.message).toContain('waiver WVR-1');
    expect(legacy?.failure).toBeUndefined();
    const privateNetwork = suite('model-private-network')?.testcase ?? [];
    expect(privateNetwork.find((c) => c.name.includes(LEGACY_ID))?.failure).toMatchObject({ type: 'medium' });
    expect(privateNetwork.some((c) => c.error?.type === 'unknown')).toBe(true);
    expect(privateNetwork.some((c) => c.skipped !== undefined)).toBe(true);
  });

  it('keeps counts consistent with the testcases', () => {
    let total = 0;
    for (const s of suites) {
      const cases = s.testcase ?? [];
      total += cases.length;
      expect(Number(s.failures)).toBe(cases.filter((c) => c.failure !== undefined).length);
      expect(Number(s.errors)).toBe(cases.filter((c) => c.error !== undefined).length);
      expect(Number(s.skipped)).toBe(cases.filter((c) => c.skipped !== undefined).length);
    }
    expect(Number(testsuites.tests)).toBe(total);
    expect(Number(testsuites.failures)).toBe(report.findings.filter((f) => f.status === 'fail' && !f.waiver).length);
  });

  it('escapes markup characters so the name survives a round trip, and drops characters XML cannot carry', () => {
    expect(xml).not.toContain('<&>');
    expect(xml).not.toContain('\u0007');
    const legacy = (suite('model-private-network')?.testcase ?? []).find((c) => c.name.includes(LEGACY_ID));
    expect(legacy?.name).toContain('legacy <&> "quoted" \'single\' \uFFFDbell');
    expect(AWKWARD_NAME).toContain('\u0007');
  });

  it('lists each failed read as an error in the coverage suite', () => {
    const coverage = suite(COVERAGE_SUITE);
    expect(Number(coverage?.errors)).toBe(report.gaps.length);
    expect(coverage?.testcase?.[0].error?.type).toBe('AccessDeniedException');
  });

  it('has no coverage suite when every read succeeded', () => {
    const clean = parse(render({ ...report, gaps: [] }));
    expect(clean.testsuites.testsuite.map((s) => s.name)).not.toContain(COVERAGE_SUITE);
  });
});

describe('junit reporter durations', () => {
  const report = runAudit({ inventory: sampleInventory(), baseline: defaultBaseline(), waivers: WAIVERS, now: NOW, collectSeconds: 1.25 });
  const { testsuites } = parse(render(report));
  const timing = report.timing;

  it('are the run\'s own measurements: each testcase its judgement, each suite its control', () => {
    expect(timing?.findingSeconds?.reduce((sum, s) => sum + s, 0)).toBeGreaterThan(0);
    for (const suite of testsuites.testsuite.filter((s) => s.name !== COVERAGE_SUITE)) {
      expect((suite as Suite & { time: string }).time).toBe(junitSeconds(timing?.controlSeconds[suite.name] ?? -1));
      const indexes = report.findings.flatMap((f, i) => (f.controlId === suite.name ? [i] : []));
      expect((suite.testcase ?? []).map((c) => (c as Case & { time: string }).time)).toEqual(indexes.map((i) => junitSeconds(timing?.findingSeconds?.[i] ?? -1)));
    }
  });

  it('give the whole run the reading and the judging together', () => {
    expect((testsuites as typeof testsuites & { time: string }).time).toBe(junitSeconds(1.25 + (timing?.evaluateSeconds ?? 0)));
    expect(Number((testsuites as typeof testsuites & { time: string }).time)).toBeGreaterThan(1.25);
  });

  it('are 0 for a report that carries no timings (a merged one)', () => {
    const { timing: _none, ...untimed } = report;
    const xml = render(untimed);
    expect(xml.match(/time="([^"]+)"/g)?.every((t) => t === 'time="0.000000"')).toBe(true);
  });
});
