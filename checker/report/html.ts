// One self-contained HTML file an auditor attaches to a ticket: the summary, a findings table that
// filters by status, severity, control and text, each finding's evidence, remediation, framework
// mappings and waiver, then the failed reads, the waivers needing attention and the controls.
//
// Safe to open from anywhere: every value from the report is escaped (resource names and messages
// come from the audited accounts); the page loads nothing (inline CSS and script, allowed by their
// hashes in a Content-Security-Policy that forbids everything else, connections included).
import { createHash } from 'node:crypto';
import { SEVERITIES, severityRank, type Severity, type Status } from '../../policies/control';
import type { Finding } from '../../policies/evaluate';
import { STATUSES, plural, type Report, type ReportControl } from '../run';
import { resourceType } from './resource-types';
import { STATUS_LABELS, concrete, describeCoverage, describeGap, describeWaiver, describeWaiverRef, formatEvidence } from './text';

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text safe in element content and in quoted attribute values; control characters shown as U+FFFD. */
export function escapeHtml(text: string): string {
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '\uFFFD').replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

const STATUS_NAMES: Readonly<Record<Status, string>> = { fail: 'fail', unknown: 'unknown', pass: 'pass', not_applicable: 'not applicable' };

const STYLE = `
:root{--fail:#b42318;--unknown:#b54708;--pass:#067647;--na:#667085;--line:#d0d5dd;--muted:#475467;--bg:#f9fafb}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#101828;background:#fff}
header,main{padding:16px 24px}
header{background:var(--bg);border-bottom:1px solid var(--line)}
h1{font-size:20px;margin:0 0 4px}
h2{font-size:16px;margin:24px 0 8px}
.meta{color:var(--muted);margin:0}
.cards{display:flex;flex-wrap:wrap;gap:8px;margin:12px 0 0}
.card{border:1px solid var(--line);border-radius:6px;padding:6px 12px;background:#fff;min-width:96px}
.card b{display:block;font-size:20px}
.card.fail b{color:var(--fail)}.card.unknown b{color:var(--unknown)}.card.pass b{color:var(--pass)}.card.not_applicable b{color:var(--na)}
table{border-collapse:collapse;width:100%}
th,td{border-bottom:1px solid var(--line);padding:6px 8px;text-align:left;vertical-align:top;overflow-wrap:anywhere}
th{background:var(--bg);font-weight:600;overflow-wrap:normal;white-space:nowrap}
td.num{text-align:right;font-variant-numeric:tabular-nums}
.summary{width:auto}
.status{font-weight:700;white-space:nowrap}
.status.fail{color:var(--fail)}.status.unknown{color:var(--unknown)}.status.pass{color:var(--pass)}.status.not_applicable{color:var(--na)}
tr.waived .status{text-decoration:line-through}
.waiver-tag{font-size:12px;color:var(--muted);display:block}
.id{color:var(--muted);font-size:12px;word-break:break-all}
.sev{white-space:nowrap}
form#filters{display:flex;flex-wrap:wrap;gap:12px;align-items:center;padding:8px 0;position:sticky;top:0;background:#fff;border-bottom:1px solid var(--line)}
fieldset{border:0;margin:0;padding:0;display:flex;gap:8px;align-items:center}
legend{float:left;margin-right:4px;font-weight:600}
input[type=search]{min-width:240px;padding:4px 6px}
details summary{cursor:pointer;color:#1849a9}
dl{margin:6px 0}dt{font-weight:600;margin-top:6px}dd{margin:0 0 0 12px}
ul{margin:4px 0;padding-left:20px}
code{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:12px;word-break:break-all}
.empty{color:var(--muted);padding:12px 0}
`;

const SCRIPT = `
(function () {
  'use strict';
  var form = document.getElementById('filters');
  var rows = Array.prototype.slice.call(document.querySelectorAll('#findings tbody tr.finding'));
  var texts = rows.map(function (row) { return row.textContent.toLowerCase(); });
  var shownCount = document.getElementById('shown-count');
  var empty = document.getElementById('no-match');
  function apply() {
    var statuses = {};
    Array.prototype.forEach.call(form.querySelectorAll('input[name=status]'), function (box) { statuses[box.value] = box.checked; });
    var showWaived = form.elements.namedItem('waived').checked;
    var severity = form.elements.namedItem('severity').value;
    var control = form.elements.namedItem('control').value;
    var text = form.elements.namedItem('text').value.trim().toLowerCase();
    var shown = 0;
    rows.forEach(function (row, i) {
      var data = row.dataset;
      var visible = statuses[data.status] === true &&
        (showWaived || data.waived !== 'true') &&
        (severity === '' || data.severity === severity) &&
        (control === '' || data.control === control) &&
        (text === '' || texts[i].indexOf(text) !== -1);
      row.hidden = !visible;
      if (visible) shown += 1;
    });
    shownCount.textContent = String(shown);
    empty.hidden = shown !== 0;
  }
  form.addEventListener('input', apply);
  form.addEventListener('change', apply);
  form.addEventListener('submit', function (event) { event.preventDefault(); });
  apply();
})();
`;

function cspHash(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** Nothing may load or connect; only this page's own style and script run. */
export function contentSecurityPolicy(): string {
  return [
    "default-src 'none'",
    `style-src ${cspHash(STYLE)}`,
    `script-src ${cspHash(SCRIPT)}`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

const e = escapeHtml;

function list(items: readonly string[]): string {
  return items.length ? `<ul>${items.map((item) => `<li>${item}</li>`).join('')}</ul>` : '';
}

function frameworks(control: ReportControl | undefined): string {
  if (!control) return '';
  const parts = [
    control.frameworks.nist80053r5.length ? `<dt>NIST SP 800-53 r5</dt><dd>${e(control.frameworks.nist80053r5.join(', '))}</dd>` : '',
    control.frameworks.mitreAtlas.length ? `<dt>MITRE ATLAS</dt><dd>${e(control.frameworks.mitreAtlas.join(', '))}</dd>` : '',
  ];
  return parts.join('');
}

/** The fixes for a control, the one for this report's source first; empty when it has none. */
function remediationList(report: Report, control: ReportControl | undefined): string {
  if (!control) return '';
  const preferred: [string, string | undefined][] =
    report.source === 'live'
      ? [['On the live resource', control.remediation.live], ['In infrastructure code', control.remediation.iac]]
      : [['In infrastructure code', control.remediation.iac], ['On the live resource', control.remediation.live]];
  return list(preferred.filter((pair): pair is [string, string] => Boolean(pair[1])).map(([where, how]) => `${e(where)}: ${e(how)}`));
}

function remediation(report: Report, control: ReportControl | undefined): string {
  const fixes = remediationList(report, control);
  return fixes ? `<dt>Remediation</dt><dd>${fixes}</dd>` : '';
}

function findingRow(report: Report, f: Finding, control: ReportControl | undefined): string {
  const where = [concrete(f.account), concrete(f.region)].filter(Boolean).join(' ');
  const details = [
    f.evidence.length ? `<dt>Evidence</dt><dd>${list(f.evidence.map((item) => `<code>${e(formatEvidence(item, 500))}</code>`))}</dd>` : '',
    // Remediation where there is something to fix; every control's is also in the controls table.
    f.status === 'fail' || f.status === 'unknown' ? remediation(report, control) : '',
    frameworks(control),
    control?.compensatingControls.length ? `<dt>Compensating controls</dt><dd>${e(control.compensatingControls.join(', '))}</dd>` : '',
    f.waiver ? `<dt>Waiver</dt><dd>${e(describeWaiverRef(f.waiver))}</dd>` : '',
  ].join('');
  return [
    `<tr class="finding${f.waiver ? ' waived' : ''}" data-status="${e(f.status)}" data-severity="${e(f.severity)}" data-control="${e(f.controlId)}" data-waived="${f.waiver ? 'true' : 'false'}">`,
    `<td class="status ${e(f.status)}">${e(STATUS_LABELS[f.status])}${f.waiver ? `<span class="waiver-tag">waived (${e(f.waiver.id)})</span>` : ''}</td>`,
    `<td class="sev">${e(f.severity)}</td>`,
    `<td><code>${e(f.controlId)}</code><div>${e(f.title)}</div></td>`,
    `<td>${e(resourceType(f.provider, f.resourceKind))} <b>${e(f.resourceName)}</b>${where ? ` [${e(where)}]` : ''}${f.resourceId !== f.resourceName ? `<div class="id">${e(f.resourceId)}</div>` : ''}</td>`,
    `<td>${e(f.message)}${details ? `<details><summary>Evidence and remediation</summary><dl>${details}</dl></details>` : ''}</td>`,
    '</tr>',
  ].join('');
}

function severityTable(report: Report): string {
  const waived = (s: Severity) => report.findings.filter((f) => f.waiver && f.severity === s).length;
  const rows = [...SEVERITIES].reverse().map(
    (s) =>
      `<tr><th scope="row">${e(s)}</th>${STATUSES.map((status) => `<td class="num">${report.summary.bySeverity[s][status]}</td>`).join('')}<td class="num">${waived(s)}</td></tr>`,
  );
  return `<table class="summary" id="severity-summary"><thead><tr><th>Severity</th>${STATUSES.map((s) => `<th>${e(STATUS_NAMES[s])}</th>`).join('')}<th>waived</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function cards(report: Report): string {
  const { summary } = report;
  const card = (cls: string, count: number, label: string) => `<div class="card ${cls}"><b>${count}</b>${e(label)}</div>`;
  return `<div class="cards">${[
    ...STATUSES.map((s) => card(s, summary.byStatus[s], STATUS_NAMES[s])),
    card('waived', summary.waived, 'waived'),
    card('resources', summary.resources, 'resources'),
    card('gaps', summary.gaps, 'failed reads'),
  ].join('')}</div>`;
}

function filters(report: Report): string {
  const controlIds = [...new Set(report.findings.map((f) => f.controlId))].sort();
  const statusBoxes = STATUSES.map(
    (s) => `<label><input type="checkbox" name="status" value="${e(s)}" checked> ${e(STATUS_NAMES[s])}</label>`,
  ).join('');
  return [
    '<form id="filters" aria-controls="findings">',
    `<fieldset><legend>Status</legend>${statusBoxes}<label><input type="checkbox" name="waived" checked> waived</label></fieldset>`,
    `<label>Severity <select name="severity"><option value="">any</option>${[...SEVERITIES].reverse().map((s) => `<option value="${e(s)}">${e(s)}</option>`).join('')}</select></label>`,
    `<label>Control <select name="control"><option value="">any</option>${controlIds.map((id) => `<option value="${e(id)}">${e(id)}</option>`).join('')}</select></label>`,
    '<label>Text <input type="search" name="text" placeholder="resource, message, evidence…"></label>',
    `<span><b id="shown-count">${report.findings.length}</b> of ${report.findings.length} findings shown</span>`,
    '</form>',
  ].join('');
}

function controlsTable(report: Report): string {
  const rows = report.controls.map(
    (c) =>
      `<tr><td><code>${e(c.id)}</code></td><td>${e(c.title)}</td><td>${e(c.severity)}</td><td>${e(c.frameworks.nist80053r5.join(', '))}</td><td>${e(c.frameworks.mitreAtlas.join(', '))}</td><td>${e(c.equivalents.map((q) => `${q.tool}: ${q.id}`).join('; '))}</td><td>${remediationList(report, c)}</td></tr>`,
  );
  return `<table id="controls"><thead><tr><th>Control</th><th>Title</th><th>Severity</th><th>NIST SP 800-53 r5</th><th>MITRE ATLAS</th><th>Equivalents</th><th>Remediation</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function section(title: string, items: readonly string[]): string {
  return items.length ? `<h2>${e(title)}</h2>${list(items.map(e))}` : '';
}

/** Rows in the order they need attention: failures, unknowns, waived, passes, not-applicables; worst first. */
function attentionRank(f: Finding): number {
  return f.waiver ? 2 : { fail: 0, unknown: 1, pass: 3, not_applicable: 4 }[f.status];
}

export function render(report: Report): string {
  const controls = new Map(report.controls.map((c) => [c.id, c]));
  // Stable sort: the report's resource-then-control order stays within the same rank and severity.
  const ordered = [...report.findings].sort((a, b) => attentionRank(a) - attentionRank(b) || severityRank(b.severity) - severityRank(a.severity));
  const what = report.source === 'live' ? 'live audit' : `${report.source} scan${report.target ? ` of ${report.target}` : ''}`;
  const coverage = describeCoverage(report);
  const scope = [
    coverage.accounts ? `accounts ${coverage.accounts}` : '',
    coverage.regions ? `regions ${coverage.regions}` : '',
    coverage.estate ? `estate: ${coverage.estate}` : '',
  ].filter(Boolean);
  const title = `${report.tool.name} ${report.provider} ${what}`;
  const rows = ordered.map((f) => findingRow(report, f, controls.get(f.controlId)));
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${e(contentSecurityPolicy())}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${e(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${e(title)}</h1>
<p class="meta">Baseline ${e(report.baseline)}${scope.length ? ` · ${e(scope.join(' · '))}` : ''} · generated ${e(report.generatedAt)} by ${e(report.tool.name)} ${e(report.tool.version)}</p>
${cards(report)}
</header>
<main>
<h2>By severity</h2>
${severityTable(report)}
<p>${e(`${plural(report.summary.findings, 'result')} on ${plural(report.summary.resources, 'resource')}.`)}${report.summary.gaps ? ` <b>Coverage incomplete: ${e(plural(report.summary.gaps, 'read'))} failed</b>; what they cover was not checked.` : ''}</p>
<h2>Findings</h2>
${filters(report)}
<table id="findings"><thead><tr><th>Status</th><th>Severity</th><th>Control</th><th>Resource</th><th>Message</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody></table>
<p class="empty" id="no-match" hidden>No finding matches these filters.</p>
${report.findings.length ? '' : '<p class="empty">No resources in scope were found to check.</p>'}
${section('Coverage incomplete: these reads failed', report.gaps.map(describeGap))}
${section('Expired waivers (no longer applied)', report.expiredWaivers.map(describeWaiver))}
${section('Unused waivers (matched no finding)', report.unusedWaivers.map(describeWaiver))}
<h2>Controls and framework mappings</h2>
${controlsTable(report)}
</main>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
