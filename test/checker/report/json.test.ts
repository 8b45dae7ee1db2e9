import { jsonReport, render, withStableKeys } from '../../../checker/report/json';
import { sampleReport } from '../sample-report';

describe('json reporter', () => {
  const report = sampleReport();

  it('is the whole report, parsed back equal, but for the per-finding timings', () => {
    const { findingSeconds, ...timing } = report.timing ?? { findingSeconds: undefined };
    expect(findingSeconds).toHaveLength(report.findings.length);
    expect(JSON.parse(render(report))).toEqual(JSON.parse(JSON.stringify({ ...report, timing })));
    expect(JSON.parse(render(report)).timing).toEqual({ evaluateSeconds: expect.any(Number), controlSeconds: expect.any(Object) });
  });

  it('puts the identifying keys first and the bulky lists last', () => {
    const keys = Object.keys(JSON.parse(render(report)));
    expect(keys.slice(0, 3)).toEqual(['reportVersion', 'tool', 'generatedAt']);
    expect(keys.indexOf('summary')).toBeLessThan(keys.indexOf('findings'));
    expect(keys[keys.length - 1]).toBe('controls');
    const finding = Object.keys(JSON.parse(render(report)).findings[0]);
    expect(finding.slice(0, 4)).toEqual(['controlId', 'title', 'severity', 'status']);
  });

  it('does not depend on the order keys were built in', () => {
    const shuffled = JSON.parse(JSON.stringify(jsonReport(report)), (_key, value: unknown) =>
      value && typeof value === 'object' && !Array.isArray(value) ? Object.fromEntries(Object.entries(value).reverse()) : value,
    );
    expect(render(shuffled)).toBe(render(report));
  });

  it('sorts unknown keys (raw evidence values) in code-point order', () => {
    expect(Object.keys(withStableKeys({ zeta: 1, Alpha: 2, beta: 3 }) as object)).toEqual(['Alpha', 'beta', 'zeta']);
  });
});
