// Reading a JSON report back for merge: the report a run writes reads back as itself; anything else
// (corrupt, truncated, foreign, OCSF, newer, invalid) is an error naming the file and what to do.
import { render as renderJson } from '../../../checker/report/json';
import { render as renderOcsf, renderLines } from '../../../checker/report/ocsf';
import { render as renderSarif } from '../../../checker/report/sarif';
import { REPORT_VERSION, ReportFormatError, parseReport, type ReportFormatProblem } from '../../../checker/report/read';
import { sampleReport } from '../sample-report';
import { shardReport } from './shard-reports';

const LOCATION = 'shards/shard-2.json';
const bytes = (text: string) => Buffer.from(text, 'utf8');

function formatError(text: string): ReportFormatError {
  try {
    parseReport(bytes(text), LOCATION);
  } catch (error) {
    if (error instanceof ReportFormatError) return error;
    throw error;
  }
  throw new Error('expected a ReportFormatError');
}

describe('parseReport', () => {
  it('reads back what --format json writes, estate included', () => {
    const report = shardReport(2, 3);
    const text = renderJson(report);
    const parsed = parseReport(bytes(text), LOCATION);
    expect(renderJson(parsed)).toBe(text);
    expect(parsed.estate).toEqual(report.estate);
    expect(parsed.findings).toEqual(JSON.parse(JSON.stringify(report.findings)));
  });

  const json = renderJson(sampleReport());
  const document = JSON.parse(json) as Record<string, unknown>;
  const without = (key: string) => JSON.stringify(Object.fromEntries(Object.entries(document).filter(([k]) => k !== key)));
  it.each<[string, string, ReportFormatProblem, RegExp]>([
    ['an empty file', '  \n', 'corrupt', /is empty/],
    ['a truncated report', json.slice(0, Math.floor(json.length / 2)), 'corrupt', /not valid JSON.*corrupt or truncated/],
    ['an object of another tool', '{"results": []}', 'foreign', /not an inferguard JSON report.*--format json/],
    ['a SARIF log', renderSarif(sampleReport()), 'foreign', /not an inferguard JSON report/],
    ['OCSF events (an array)', renderOcsf(sampleReport()), 'ocsf', /is OCSF output: OCSF events carry no coverage gaps.*--format json/],
    ['OCSF events (JSON Lines)', renderLines(sampleReport()), 'ocsf', /is OCSF output/],
    ['a report of a newer format', JSON.stringify({ ...document, reportVersion: REPORT_VERSION + 1, tool: { name: 'inferguard', version: '9.0.0' } }), 'newer', /report format version 2 \(written by inferguard 9\.0\.0\)/],
    ['a report with a version that is not a number', JSON.stringify({ ...document, reportVersion: '1' }), 'invalid', /no valid reportVersion/],
    ['a report without findings', without('findings'), 'invalid', /not a valid inferguard report: findings:/],
    ['a report with a finding of an unknown status', JSON.stringify({ ...document, findings: [{ ...(document.findings as object[])[0], status: 'maybe' }] }), 'invalid', /findings\.0\.status/],
    ['a report whose estate names a shard above its count', JSON.stringify({ ...document, estate: { discovered: ['a'], shardCount: 2, shards: [3] } }), 'invalid', /estate\.shards: a shard number is above shardCount/],
  ])('refuses %s, naming the file', (_what, text, problem, message) => {
    const error = formatError(text);
    expect(error.problem).toBe(problem);
    expect(error.location).toBe(LOCATION);
    expect(error.message).toContain(LOCATION);
    expect(error.message).toMatch(message);
  });
});
