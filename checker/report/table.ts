// The human report: findings grouped by resource, then a summary, the reads that failed and the
// waivers that need attention. Plain text (no colour codes) so it reads the same in a log file.
import Table from 'cli-table3';
import { SEVERITIES, severityRank, type Status } from '../../policies/control';
import type { Finding } from '../../policies/evaluate';
import { STATUSES, plural, type Report } from '../run';
import { resourceType } from './resource-types';
import { STATUS_LABELS, concrete, describeGap, describeWaiver, describeWaiverRef } from './text';

const MESSAGE_WIDTH = 60;
const CONTROL_WIDTH = 34;
/** Width of the whole table: the resource headings span it. */
const TABLE_WIDTH = 10 + 10 + CONTROL_WIDTH + MESSAGE_WIDTH;
const STATUS_ORDER = new Map<Status, number>(STATUSES.map((s, i) => [s, i]));

/**
 * Control characters in names and messages could drive the terminal: show a replacement instead.
 * Words longer than the column (ARNs) are cut with line breaks, which cli-table3 would truncate.
 */
function cellText(text: string, width: number): string {
  const safe = text.replace(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/g, '\uFFFD');
  const room = width - 2;
  return safe
    .split('\n')
    .map((line) => line.replace(new RegExp(`\\S{${room + 1},}`, 'g'), (word) => word.match(new RegExp(`.{1,${room}}`, 'g'))?.join('\n') ?? word))
    .join('\n');
}

function statusCell(f: Finding): string {
  return f.waiver ? `${STATUS_LABELS[f.status]}\n(waived)` : STATUS_LABELS[f.status];
}

function messageCell(f: Finding): string {
  return f.waiver ? `${f.message}\n${describeWaiverRef(f.waiver)}` : f.message;
}

/** Findings grouped by resource, in report order; inside a resource, the worst first. */
function groupByResource(findings: readonly Finding[]): Finding[][] {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const group = groups.get(f.resourceId) ?? [];
    group.push(f);
    groups.set(f.resourceId, group);
  }
  return [...groups.values()].map((group) =>
    [...group].sort(
      (a, b) =>
        Number(Boolean(a.waiver)) - Number(Boolean(b.waiver)) ||
        (STATUS_ORDER.get(a.status) ?? 0) - (STATUS_ORDER.get(b.status) ?? 0) ||
        severityRank(b.severity) - severityRank(a.severity),
    ),
  );
}

function resourceHeading(f: Finding): string {
  const where = [concrete(f.account), concrete(f.region)].filter(Boolean).join(' ');
  return cellText(`${resourceType(f.provider, f.resourceKind)} ${f.resourceName}${where ? `  [${where}]` : ''}\n${f.resourceId}`, TABLE_WIDTH);
}

function findingsTable(findings: readonly Finding[]): string {
  const table = new Table({
    head: ['Status', 'Severity', 'Control', 'Message'],
    colWidths: [null, null, CONTROL_WIDTH, MESSAGE_WIDTH],
    wordWrap: true,
    style: { head: [], border: [] },
  });
  for (const group of groupByResource(findings)) {
    table.push([{ colSpan: 4, content: resourceHeading(group[0]) }]);
    // Passes collapse into one row per resource: the problems are what a reader looks for.
    const passed = group.filter((f) => f.status === 'pass' && !f.waiver);
    for (const f of group.filter((g) => !passed.includes(g))) {
      table.push([statusCell(f), f.severity, cellText(f.controlId, CONTROL_WIDTH), cellText(messageCell(f), MESSAGE_WIDTH)]);
    }
    if (passed.length > 0) {
      table.push([STATUS_LABELS.pass, '', plural(passed.length, 'control'), cellText(passed.map((f) => f.controlId).join(', '), MESSAGE_WIDTH)]);
    }
  }
  return table.toString();
}

function headline(report: Report): string {
  const what = report.source === 'live' ? 'live audit' : `${report.source} scan${report.target ? ` of ${report.target}` : ''}`;
  const accounts = report.scope.accounts.length ? ` of ${report.scope.accounts.join(', ')}` : '';
  const regions = report.scope.regions.length ? ` in ${report.scope.regions.join(', ')}` : '';
  return `${report.tool.name} ${report.tool.version}: ${report.provider} ${what}${accounts}${regions}, baseline ${report.baseline}, ${report.generatedAt}`;
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

function list(title: string, lines: readonly string[]): string[] {
  return lines.length ? ['', title, ...lines.map((line) => `  - ${line}`)] : [];
}

export function render(report: Report): string {
  const lines = [
    headline(report),
    '',
    report.findings.length ? findingsTable(report.findings) : 'No resources in scope were found to check.',
    '',
    summaryLine(report),
    ...list('Coverage incomplete: these reads failed, so what they cover was not checked:', report.gaps.map(describeGap)),
    ...list('Expired waivers (no longer applied):', report.expiredWaivers.map(describeWaiver)),
    ...list('Unused waivers (matched no finding; remove them or fix their control id or pattern):', report.unusedWaivers.map(describeWaiver)),
  ];
  return `${lines.join('\n')}\n`;
}
