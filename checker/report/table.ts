// The human report, read at a glance: a one-line summary per severity, then the failures and
// unknowns grouped by resource (worst first), passes and not-applicables counted (listed with
// showPassed), statements that repeat said once as numbered notes, then the failed reads and the
// waivers that need attention. Lines fit the given width; colour only when asked for.
import { SEVERITIES, severityRank, type Severity, type Status } from '../../policies/control';
import type { Finding } from '../../policies/evaluate';
import { STATUSES, plural, type Report } from '../run';
import { DEFAULT_WIDTH, type RenderOptions } from './options';
import { resourceType } from './resource-types';
import { STATUS_LABELS, concrete, describeCoverage, describeGap, describeWaiver, describeWaiverRef } from './text';

type Style = 'bold' | 'dim' | 'red' | 'green' | 'yellow' | 'magenta' | 'cyan';
const SGR: Readonly<Record<Style, [number, number]>> = {
  bold: [1, 22],
  dim: [2, 22],
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  magenta: [35, 39],
  cyan: [36, 39],
};

const STATUS_STYLE: Readonly<Record<Status, Style[]>> = { fail: ['red', 'bold'], unknown: ['yellow', 'bold'], pass: ['green'], not_applicable: ['dim'] };
const SEVERITY_STYLE: Readonly<Record<Severity, Style[]>> = { critical: ['magenta', 'bold'], high: ['red'], medium: ['yellow'], low: ['cyan'], info: ['dim'] };

/** A repeated statement shorter than this is cheaper to repeat than to point at. */
const NOTE_MIN_LENGTH = 40;
const STATUS_WIDTH = 9;
const SEVERITY_WIDTH = 10;
const INDENT = '  ';

/** Control characters in names and messages could drive the terminal: show a replacement instead. */
function safe(text: string): string {
  return text.replace(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/g, '\uFFFD');
}

/**
 * Breaks `text` into lines of at most `width` characters at spaces; a word longer than a line
 * (an ARN) is cut, never truncated. Existing line breaks are kept.
 */
export function wrap(text: string, width: number): string[] {
  const room = Math.max(1, width);
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(' ')) {
      const pieces = word.length > room ? (word.match(new RegExp(`.{1,${room}}`, 'g')) ?? [word]) : [word];
      for (const piece of pieces) {
        if (line === '') line = piece;
        else if (line.length + 1 + piece.length <= room) line += ` ${piece}`;
        else {
          lines.push(line);
          line = piece;
        }
      }
    }
    lines.push(line);
  }
  return lines;
}

class Painter {
  constructor(private readonly enabled: boolean) {}
  paint(text: string, ...styles: Style[]): string {
    if (!this.enabled || text === '') return text;
    return styles.reduce((inner, style) => `\u001b[${SGR[style][0]}m${inner}\u001b[${SGR[style][1]}m`, text);
  }
}

/** A parenthesis long enough to be a quotation or a citation (a platform limit quoted from its docs). */
const ASIDE = /\s*\(([^()]{40,})\)/g;

function asidesOf(statement: string): string[] {
  return [...statement.matchAll(ASIDE)].map((m) => m[1]);
}

/**
 * Statements said more than once get a number; the rows point at it and the notes say it once.
 * A statement is a whole message (or waiver) repeated on several rows, or a long parenthesis (a
 * quoted platform limit) that several different messages carry: the messages keep their own words
 * and point at the quotation.
 */
class Notes {
  private readonly numbers = new Map<string, number>();
  private readonly texts: string[] = [];
  private readonly repeated: ReadonlySet<string>;
  private readonly repeatedAsides: ReadonlySet<string>;

  constructor(statements: readonly string[]) {
    const counts = new Map<string, number>();
    for (const s of statements) counts.set(s, (counts.get(s) ?? 0) + 1);
    this.repeated = new Set([...counts].filter(([s, n]) => n > 1 && s.length >= NOTE_MIN_LENGTH).map(([s]) => s));
    // Counted over distinct statements: a message repeated whole is noted whole, not split.
    const asideCounts = new Map<string, number>();
    for (const s of counts.keys()) for (const aside of new Set(asidesOf(s))) asideCounts.set(aside, (asideCounts.get(aside) ?? 0) + 1);
    this.repeatedAsides = new Set([...asideCounts].filter(([, n]) => n > 1).map(([aside]) => aside));
  }

  private number(key: string, text: () => string): number {
    let n = this.numbers.get(key);
    if (n === undefined) {
      n = this.numbers.size + 1;
      this.numbers.set(key, n);
      this.texts[n] = text();
    }
    return n;
  }

  /** The statement with its repeated quotations pointed at. */
  private withAsides(statement: string): string {
    return statement.replace(ASIDE, (whole, aside: string) =>
      this.repeatedAsides.has(aside) ? `${whole.slice(0, whole.length - whole.trimStart().length)}(see [${this.number(`aside:${aside}`, () => aside)}])` : whole,
    );
  }

  /** What a row says: the statement, or `see [n]` when it repeats whole. */
  say(statement: string): string {
    if (!this.repeated.has(statement)) return this.withAsides(statement);
    return `see [${this.number(`whole:${statement}`, () => this.withAsides(statement))}]`;
  }

  entries(): [number, string][] {
    return this.texts.flatMap((text, n) => (text === undefined ? [] : [[n, text] as [number, string]]));
  }
}

function statementsOf(f: Finding): string[] {
  return f.waiver ? [safe(f.message), safe(describeWaiverRef(f.waiver))] : [safe(f.message)];
}

const isProblem = (f: Finding) => f.status === 'fail' || f.status === 'unknown';
/** Rows in the order they need attention: failures, unknowns, waived results, passes, not-applicables. */
function attentionRank(f: Finding): number {
  if (f.waiver) return 2;
  return { fail: 0, unknown: 1, pass: 3, not_applicable: 4 }[f.status];
}

/** Inside a resource: by attention, then the most severe first. */
function byAttention(a: Finding, b: Finding): number {
  return attentionRank(a) - attentionRank(b) || severityRank(b.severity) - severityRank(a.severity);
}

/** How urgent a resource is: its worst unwaived failure, then its worst unwaived unknown. */
function urgency(group: readonly Finding[]): [number, number] {
  const worst = (status: Status) => Math.max(-1, ...group.filter((f) => f.status === status && !f.waiver).map((f) => severityRank(f.severity)));
  return [worst('fail'), worst('unknown')];
}

function groupByResource(findings: readonly Finding[]): Finding[][] {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const group = groups.get(f.resourceId);
    if (group) group.push(f);
    else groups.set(f.resourceId, [f]);
  }
  return [...groups.values()];
}

interface Layout {
  readonly width: number;
  readonly controlWidth: number;
  /** Room for the message beside the columns; 0 puts messages on their own lines. */
  readonly messageWidth: number;
}

function layoutFor(width: number, rows: readonly Finding[]): Layout {
  const controlWidth = Math.min(40, Math.max(8, ...rows.map((f) => f.controlId.length))) + 2;
  const besides = width - INDENT.length - STATUS_WIDTH - SEVERITY_WIDTH - controlWidth;
  return { width, controlWidth, messageWidth: besides >= 30 ? besides : 0 };
}

function pad(text: string, width: number): string {
  return text.length >= width ? `${text} ` : text + ' '.repeat(width - text.length);
}

function findingRow(f: Finding, layout: Layout, notes: Notes, painter: Painter): string[] {
  const label = STATUS_LABELS[f.status];
  const status = painter.paint(pad(label, STATUS_WIDTH), ...(f.waiver ? ['dim' as const] : STATUS_STYLE[f.status]));
  const severity = painter.paint(pad(f.severity, SEVERITY_WIDTH), ...(f.waiver ? ['dim' as const] : SEVERITY_STYLE[f.severity]));
  const control = pad(f.controlId, layout.controlWidth);
  const [message, waiver] = statementsOf(f).map((s) => notes.say(s));
  const text = waiver === undefined ? message : `${message}\nwaived: ${waiver}`;
  const lead = `${INDENT}${status}${severity}${control}`;
  if (layout.messageWidth === 0) {
    const indent = INDENT.repeat(3);
    return [lead.trimEnd(), ...wrap(text, layout.width - indent.length).map((line) => indent + line)];
  }
  const indent = ' '.repeat(INDENT.length + STATUS_WIDTH + SEVERITY_WIDTH + layout.controlWidth);
  const [first, ...rest] = wrap(text, layout.messageWidth);
  return [lead + first, ...rest.map((line) => indent + line)];
}

function resourceHeading(f: Finding, width: number, painter: Painter): string[] {
  const where = [concrete(f.account), concrete(f.region)].filter(Boolean).join(' ');
  const title = safe(`${resourceType(f.provider, f.resourceKind)} ${f.resourceName}${where ? `  [${where}]` : ''}`);
  const lines = wrap(title, width).map((line) => painter.paint(line, 'bold'));
  if (f.resourceId !== f.resourceName) lines.push(...wrap(safe(f.resourceId), width - INDENT.length).map((line) => INDENT + painter.paint(line, 'dim')));
  return lines;
}

function countsText(findings: readonly Finding[]): string {
  const passed = findings.filter((f) => f.status === 'pass').length;
  const notApplicable = findings.filter((f) => f.status === 'not_applicable').length;
  return [passed ? `${passed} pass` : '', notApplicable ? `${notApplicable} not applicable` : ''].filter(Boolean).join(', ');
}

function findingsSection(report: Report, options: Required<Pick<RenderOptions, 'width' | 'showPassed'>>, notes: Notes, painter: Painter): string[] {
  const { width, showPassed } = options;
  const shown = (f: Finding) => showPassed || isProblem(f);
  const layout = layoutFor(width, report.findings.filter(shown));
  const groups = groupByResource(report.findings)
    .map((group) => ({ group, urgency: urgency(group), problems: group.some(isProblem) }))
    // Stable sort: resources keep report order (by id) within the same urgency.
    .sort((a, b) => b.urgency[0] - a.urgency[0] || b.urgency[1] - a.urgency[1] || Number(b.problems) - Number(a.problems));
  const lines: string[] = [];
  const quiet: Finding[][] = [];
  for (const { group, problems } of groups) {
    if (!problems && !showPassed) {
      quiet.push(group);
      continue;
    }
    lines.push('', ...resourceHeading(group[0], width, painter));
    for (const f of group.filter(shown).sort(byAttention)) lines.push(...findingRow(f, layout, notes, painter));
    const hidden = group.filter((f) => !shown(f));
    if (hidden.length) lines.push(INDENT + painter.paint(`+ ${countsText(hidden)}`, 'dim'));
  }
  if (quiet.length) {
    const all = quiet.flat();
    const text = `${plural(quiet.length, 'more resource')} with no failure or unknown (${countsText(all)}); --show-passed lists them.`;
    lines.push('', ...wrap(text, width).map((line) => painter.paint(line, 'dim')));
  }
  return lines;
}

/** One line per severity that has results: the unwaived counts by status, and the waived ones. */
function severitySummary(report: Report, painter: Painter): string[] {
  const columns: [string, (s: Severity) => number][] = [
    ...STATUSES.map((status): [string, (s: Severity) => number] => [status === 'not_applicable' ? 'n/a' : status, (s) => report.summary.bySeverity[s][status]]),
    ['waived', (s) => report.findings.filter((f) => f.waiver && f.severity === s).length],
  ];
  const rows = [...SEVERITIES].reverse().filter((s) => columns.some(([, count]) => count(s) > 0));
  if (rows.length === 0) return [];
  const cell = (text: string) => text.padStart(9);
  const header = `${INDENT}${'severity'.padEnd(10)}${columns.map(([name]) => cell(name)).join('')}`;
  return [
    painter.paint(header, 'dim'),
    ...rows.map((s) => {
      const cells = columns.map(([name, count]) => {
        const n = count(s);
        const text = cell(String(n));
        if (n === 0) return painter.paint(text, 'dim');
        return name === 'fail' ? painter.paint(text, 'red', 'bold') : name === 'unknown' ? painter.paint(text, 'yellow', 'bold') : text;
      });
      return `${INDENT}${painter.paint(s.padEnd(10), ...SEVERITY_STYLE[s])}${cells.join('')}`;
    }),
  ];
}

function headline(report: Report): string {
  const what = report.source === 'live' ? 'live audit' : `${report.source} scan${report.target ? ` of ${report.target}` : ''}`;
  const coverage = describeCoverage(report);
  const accounts = coverage.accounts ? ` of ${coverage.accounts}` : '';
  const regions = coverage.regions ? ` in ${coverage.regions}` : '';
  const estate = coverage.estate ? ` (estate: ${coverage.estate})` : '';
  return safe(`${report.tool.name} ${report.tool.version}: ${report.provider} ${what}${accounts}${regions}${estate}, baseline ${report.baseline}, ${report.generatedAt}`);
}

export function summaryLine(report: Report): string {
  const { summary } = report;
  const statusParts = STATUSES.map((s) => `${summary.byStatus[s]} ${s === 'not_applicable' ? 'not applicable' : s}`);
  const failing = [...SEVERITIES]
    .reverse()
    .filter((s) => summary.bySeverity[s].fail > 0)
    .map((s) => `${summary.bySeverity[s].fail} ${s}`);
  return (
    `Summary: ${plural(summary.findings, 'result')} on ${plural(summary.resources, 'resource')}: ` +
    `${statusParts.join(', ')}, ${summary.waived} waived.` +
    (failing.length ? ` Failing by severity: ${failing.join(', ')}.` : '') +
    (summary.gaps ? ` Coverage incomplete: ${plural(summary.gaps, 'read')} failed.` : '')
  );
}

function list(title: string, items: readonly string[], width: number, painter: Painter): string[] {
  if (items.length === 0) return [];
  const bullet = `${INDENT}- `;
  const hang = ' '.repeat(bullet.length);
  return ['', ...wrap(title, width).map((line) => painter.paint(line, 'bold')), ...items.flatMap((item) => wrap(safe(item), width - bullet.length).map((line, i) => (i === 0 ? bullet : hang) + line))];
}

export function render(report: Report, options: RenderOptions = {}): string {
  const width = options.width ?? DEFAULT_WIDTH;
  const showPassed = options.showPassed ?? false;
  const painter = new Painter(options.color ?? false);
  const shownFindings = report.findings.filter((f) => showPassed || isProblem(f));
  const notes = new Notes(shownFindings.flatMap(statementsOf));
  const body = report.findings.length ? findingsSection(report, { width, showPassed }, notes, painter) : ['', 'No resources in scope were found to check.'];
  const noteLines = notes.entries().flatMap(([n, statement]) => {
    const tag = `[${n}] `;
    return wrap(statement, width - tag.length - INDENT.length).map((line, i) => INDENT + (i === 0 ? tag : ' '.repeat(tag.length)) + line);
  });
  const lines = [
    ...wrap(headline(report), width),
    ...(report.findings.length ? ['', ...severitySummary(report, painter)] : []),
    ...body,
    ...(noteLines.length ? ['', ...wrap('Notes (said once, referred to above):', width).map((line) => painter.paint(line, 'bold')), ...noteLines] : []),
    '',
    ...wrap(summaryLine(report), width),
    ...list('Coverage incomplete: these reads failed, so what they cover was not checked:', report.gaps.map(describeGap), width, painter),
    ...list('Expired waivers (no longer applied):', report.expiredWaivers.map(describeWaiver), width, painter),
    ...list('Unused waivers (matched no finding; remove them or fix their control id or pattern):', report.unusedWaivers.map(describeWaiver), width, painter),
  ];
  return `${lines.map((line) => line.trimEnd()).join('\n')}\n`;
}
