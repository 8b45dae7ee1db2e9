import { render, summaryLine, wrap } from '../../../checker/report/table';
import { outputWidth, renderOptionsFor, wantsColor } from '../../../checker/report/index';
import { LEGACY_ID, SERVERLESS_ID, UNREADABLE_ID, sampleReport } from '../sample-report';
import { compliantInventory } from '../../support/builders';
import { SERVERLESS_UNSUPPORTED, SERVERLESS_UNSUPPORTED_FEATURES_QUOTE } from '../../../providers/aws/platform';

const ESC = '\u001b[';
const withoutColour = (text: string) => text.replace(/\u001b\[\d+m/g, '');

describe('table reporter', () => {
  const report = sampleReport();
  const text = render(report);
  const lines = text.split('\n');

  it('opens with one line per severity: unwaived counts by status, and the waived', () => {
    const header = lines.findIndex((line) => /^\s+severity\s+fail\s+unknown\s+pass\s+n\/a\s+waived$/.test(line));
    expect(header).toBeGreaterThan(0);
    const rows = new Map(lines.slice(header + 1, header + 5).map((line) => [line.trim().split(/\s+/)[0], line.trim().split(/\s+/).slice(1).map(Number)]));
    for (const severity of ['critical', 'high', 'medium', 'low'] as const) {
      const counts = report.summary.bySeverity[severity];
      const waived = report.findings.filter((f) => f.waiver && f.severity === severity).length;
      expect(rows.get(severity)).toEqual([counts.fail, counts.unknown, counts.pass, counts.not_applicable, waived]);
    }
    // No finding is info: no info line.
    expect(rows.has('info')).toBe(false);
  });

  it('lists resources with failures first, then those with unknowns, each under one heading', () => {
    const legacy = text.indexOf(LEGACY_ID);
    const unreadable = text.indexOf(UNREADABLE_ID);
    expect(legacy).toBeGreaterThan(0);
    expect(unreadable).toBeGreaterThan(legacy);
    expect(text.split(LEGACY_ID).length - 1).toBe(1);
    expect(text).toContain('AWS::SageMaker::Endpoint legacy');
  });

  it('collapses passes and not-applicables: counted per resource, quiet resources in one line', () => {
    expect(text).not.toMatch(/^\s+PASS\s/m);
    expect(text).not.toMatch(/^\s+N\/A\s/m);
    expect(text).not.toContain(SERVERLESS_ID);
    const legacy = text.slice(text.indexOf(LEGACY_ID), text.indexOf(UNREADABLE_ID));
    expect(legacy.match(/^\s+FAIL\s/gm)).toHaveLength(2);
    expect(legacy).toContain('+ 6 pass');
    const quiet = new Set(report.findings.map((f) => f.resourceId)).size - 2;
    expect(text).toContain(`${quiet} more resources with no failure or unknown`);
    expect(text).toContain('--show-passed lists them');
  });

  it('lists every result with showPassed, problems before passes inside a resource', () => {
    const all = render(report, { showPassed: true });
    expect(all).toContain(SERVERLESS_ID);
    expect(all).not.toContain('--show-passed lists them');
    const rows = all.split('\n').filter((line) => /^\s+(FAIL|UNKNOWN|PASS|N\/A)\s/.test(line));
    expect(rows).toHaveLength(report.findings.length);
    const legacy = all.slice(all.indexOf(LEGACY_ID), all.indexOf(UNREADABLE_ID));
    expect(legacy.indexOf('FAIL')).toBeLessThan(legacy.indexOf('PASS'));
  });

  it('marks a waived finding and names its waiver, after the unwaived problems', () => {
    const legacy = text.slice(text.indexOf(LEGACY_ID), text.indexOf(UNREADABLE_ID));
    expect(legacy).toMatch(/waived: waiver WVR-1: Legacy model/);
    expect(legacy.indexOf('model-private-network')).toBeLessThan(legacy.indexOf('model-network-isolation'));
  });

  it('says a repeated statement once, as a numbered note the rows point at', () => {
    const unknownMessage = report.findings.find((f) => f.resourceId === UNREADABLE_ID && f.status === 'unknown')?.message ?? '';
    expect(unknownMessage.length).toBeGreaterThan(40);
    const unreadable = text.slice(text.indexOf(UNREADABLE_ID));
    const unknownRows = unreadable.split('\n').filter((line) => /^\s+UNKNOWN\s/.test(line));
    expect(unknownRows).toHaveLength(7);
    for (const row of unknownRows) expect(row).toMatch(/see \[1\]$/);
    expect(text).toContain('Notes (said once, referred to above):');
    expect(text.replace(/\s+/g, ' ')).toContain(`[1] ${unknownMessage}`);
    expect(text.split('deployments could not be read').length - 1).toBe(1);
  });

  it('says a platform limit quoted by several messages once, each message keeping its own words', () => {
    const limits = [SERVERLESS_UNSUPPORTED['network-isolation'], SERVERLESS_UNSUPPORTED['private-network'], SERVERLESS_UNSUPPORTED['data-capture']];
    let next = 0;
    const quoted = {
      ...report,
      findings: report.findings.map((f) => (f.resourceId === SERVERLESS_ID && f.status === 'not_applicable' ? { ...f, message: `AllTraffic: ${limits[next++ % limits.length]}` } : f)),
    };
    const all = render(quoted, { showPassed: true, width: 400 });
    expect(all.split(SERVERLESS_UNSUPPORTED_FEATURES_QUOTE).length - 1).toBe(1);
    const [, quoteNote] = /\[(\d+)\] developer guide: serverless endpoints do not support "/.exec(all) ?? [];
    expect(quoteNote).toBeDefined();
    for (const feature of ['VPC configuration', 'network isolation', 'data capture']) {
      expect(all).toContain(`AllTraffic: SageMaker Serverless Inference does not support ${feature} (see [${quoteNote}]).`);
    }
  });

  it('fits the width it is given, wrapping long messages and identifiers without losing a character', () => {
    for (const width of [60, 80, 100, 160]) {
      const narrow = render(report, { width, showPassed: true });
      for (const line of narrow.split('\n')) expect(line.length).toBeLessThanOrEqual(width);
      expect(narrow.replace(/\s/g, '')).toContain('arn:aws:kms:us-east-1:111122223333:key/1111aaaa-2222-3333-4444-555566667777');
      expect(narrow).not.toContain('…');
    }
    // A wide terminal keeps a message on the row of its control.
    expect(render(report, { width: 160 })).toMatch(/FAIL\s+medium\s+model-private-network\s+AllTraffic: not attached to a private network/);
  });

  it('ends with the summary, the failed reads and the waivers needing attention', () => {
    const flat = text.replace(/\n\s*/g, ' ');
    expect(flat).toContain(summaryLine(report));
    expect(summaryLine(report)).toMatch(/^Summary: \d+ results on \d+ resources: 1 fail, 7 unknown, \d+ pass, \d+ not applicable, 1 waived\. Failing by severity: 1 medium\. Coverage incomplete: 1 read failed\.$/);
    expect(text).toContain('Coverage incomplete: these reads failed');
    expect(text).toContain('Expired waivers (no longer applied):\n  - waiver WVR-OLD');
    expect(text).toContain('Unused waivers');
    expect(text).toContain('WVR-UNUSED');
  });

  it('carries no colour codes unless asked, and no control characters from resource names', () => {
    expect(text).not.toContain(ESC);
    expect(text).not.toContain('\u0007');
    expect(text).toContain('\uFFFDbell');
  });

  it('colours statuses and severities when asked, and says the same words', () => {
    const coloured = render(report, { color: true });
    expect(coloured).toContain(`${ESC}31m`);
    expect(coloured).toMatch(/\u001b\[1m\u001b\[31mFAIL/);
    expect(withoutColour(coloured)).toBe(text);
  });

  it('says so when nothing was found', () => {
    const empty = sampleReport({ inventory: { ...compliantInventory(), resources: [] }, waivers: [] });
    expect(render(empty)).toContain('No resources in scope were found to check.');
    expect(render(empty)).not.toContain('Expired waivers');
  });
});

describe('wrap', () => {
  it('breaks at spaces, cuts words longer than a line, and keeps line breaks', () => {
    expect(wrap('one two three', 7)).toEqual(['one two', 'three']);
    expect(wrap('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
    expect(wrap('a\nb', 10)).toEqual(['a', 'b']);
  });
});

describe('colour and width for a CLI run', () => {
  const tty = { isTTY: true, columns: 132 };
  const pipe = { isTTY: false };

  it('colours a terminal, not a pipe or a file', () => {
    expect(wantsColor(tty, {})).toBe(true);
    expect(wantsColor(pipe, {})).toBe(false);
    expect(wantsColor(undefined, {})).toBe(false);
    expect(wantsColor(tty, { TERM: 'dumb' })).toBe(false);
  });

  it('honours NO_COLOR (any non-empty value) and FORCE_COLOR (which wins, as in Node)', () => {
    expect(wantsColor(tty, { NO_COLOR: '1' })).toBe(false);
    expect(wantsColor(tty, { NO_COLOR: '' })).toBe(true);
    expect(wantsColor(pipe, { FORCE_COLOR: '1' })).toBe(true);
    expect(wantsColor(undefined, { FORCE_COLOR: 'true' })).toBe(true);
    expect(wantsColor(tty, { FORCE_COLOR: '0' })).toBe(false);
    expect(wantsColor(pipe, { FORCE_COLOR: '1', NO_COLOR: '1' })).toBe(true);
  });

  it('takes the width from the terminal, else COLUMNS, else 100; never below 40', () => {
    expect(outputWidth(tty, { COLUMNS: '90' })).toBe(132);
    expect(outputWidth(pipe, { COLUMNS: '90' })).toBe(90);
    expect(outputWidth(pipe, {})).toBe(100);
    expect(outputWidth(pipe, { COLUMNS: 'wide' })).toBe(100);
    expect(outputWidth({ isTTY: true, columns: 20 }, {})).toBe(40);
  });

  it('derives the options in one place', () => {
    expect(renderOptionsFor({ stream: tty, env: {}, cwd: '/tmp', showPassed: true })).toMatchObject({ width: 132, color: true, showPassed: true, cwd: '/tmp' });
  });
});

describe('table headline for organization-wide runs', () => {
  const accounts = Array.from({ length: 12 }, (_, i) => String(100000000000 + i));
  const base = sampleReport();

  it('counts a long account list instead of printing every id', () => {
    const first = render({ ...base, scope: { accounts, regions: ['us-east-1'] } }, { width: 400 }).split('\n')[0];
    expect(first).toContain('of 12 accounts (100000000000, 100000000001, 100000000002, 100000000003, 100000000004, …)');
    expect(first).not.toContain('100000000011');
  });

  it('names the shards covered and those missing', () => {
    const shard = render({ ...base, scope: { accounts: accounts.slice(0, 3), regions: ['us-east-1'] }, estate: { discovered: accounts, shardCount: 4, shards: [2] } }, { width: 400 });
    expect(shard).toContain('(estate: shard 2 of 4 over 12 discovered (3 shards not covered))');
    const whole = render({ ...base, estate: { discovered: accounts, shardCount: 1, shards: [1] } }, { width: 400 });
    expect(whole).toContain('(estate: 12 discovered)');
    const suspended = render({ ...base, estate: { discovered: accounts, shardCount: 1, shards: [1], inactive: [{ id: '999999999999', state: 'SUSPENDED' }] } }, { width: 400 });
    expect(suspended).toContain('(estate: 12 discovered; 1 inactive, not audited: 999999999999 SUSPENDED)');
  });
});
