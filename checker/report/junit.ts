// JUnit XML for CI test dashboards: one testsuite per control, one testcase per resource.
// fail -> <failure>, unknown -> <error>, not_applicable -> <skipped>; a waived finding is
// <skipped> with the waiver as its message, since the team accepted it. Coverage gaps form one
// more suite, `coverage`, with an <error> per read that failed, so a dashboard cannot show green
// over resources that were never checked. Times are the run's own measurements (report.timing):
// a testcase's is its judgement, a suite's its control's total, and the whole run's adds the
// reading of the inventory; a report without timings (a merged one) says 0.
import { XMLBuilder } from 'fast-xml-parser';
import type { Finding } from '../../policies/evaluate';
import type { Report } from '../run';
import { describeGap, describeWaiverRef, formatEvidence, xmlSafe } from './text';

export const COVERAGE_SUITE = 'coverage';

interface XmlCounts {
  '@_tests': number;
  '@_failures': number;
  '@_errors': number;
  '@_skipped': number;
  '@_time': string;
}

type XmlNode = { [key: string]: string | number | XmlNode | XmlNode[] | undefined };

function testcaseName(f: Finding): string {
  return f.resourceName === f.resourceId ? f.resourceName : `${f.resourceName} (${f.resourceId})`;
}

function details(f: Finding, remediation: string | undefined): string {
  return xmlSafe(
    [
      f.message,
      ...f.evidence.map((e) => `evidence: ${formatEvidence(e, 500)}`),
      ...(remediation ? [`remediation: ${remediation}`] : []),
    ].join('\n'),
  );
}

/** Seconds as JUnit writes them: a decimal number, to the microsecond. */
export function junitSeconds(seconds: number): string {
  return (Math.round(seconds * 1e6) / 1e6).toFixed(6);
}

function testcase(f: Finding, remediation: string | undefined, seconds: number): XmlNode {
  const base: XmlNode = { '@_name': xmlSafe(testcaseName(f)), '@_classname': f.controlId, '@_time': junitSeconds(seconds) };
  if (f.waiver) return { ...base, skipped: { '@_message': xmlSafe(`${f.status}, ${describeWaiverRef(f.waiver)}`) } };
  switch (f.status) {
    case 'fail':
      return { ...base, failure: { '@_message': xmlSafe(f.message), '@_type': f.severity, '#text': details(f, remediation) } };
    case 'unknown':
      return { ...base, error: { '@_message': xmlSafe(f.message), '@_type': 'unknown', '#text': details(f, undefined) } };
    case 'not_applicable':
      return { ...base, skipped: { '@_message': xmlSafe(f.message) } };
    case 'pass':
      return base;
  }
}

function counts(cases: readonly XmlNode[], seconds: number): XmlCounts {
  return {
    '@_tests': cases.length,
    '@_failures': cases.filter((c) => c.failure !== undefined).length,
    '@_errors': cases.filter((c) => c.error !== undefined).length,
    '@_skipped': cases.filter((c) => c.skipped !== undefined).length,
    '@_time': junitSeconds(seconds),
  };
}

export function toJunitTree(report: Report): XmlNode {
  const controlIds = [...new Set([...report.controls.map((c) => c.id), ...report.findings.map((f) => f.controlId)])];
  const findingSeconds = report.timing?.findingSeconds;
  const findingsOf = new Map<string, number[]>();
  report.findings.forEach((f, i) => {
    const indexes = findingsOf.get(f.controlId);
    if (indexes) indexes.push(i);
    else findingsOf.set(f.controlId, [i]);
  });
  const suites: XmlNode[] = controlIds.map((id) => {
    const control = report.controls.find((c) => c.id === id);
    const remediation = control ? (report.source === 'live' ? control.remediation.live : control.remediation.iac) : undefined;
    const cases = findingsOf.get(id)?.map((i) => testcase(report.findings[i], remediation, findingSeconds?.[i] ?? 0)) ?? [];
    return {
      '@_name': id,
      ...counts(cases, report.timing?.controlSeconds[id] ?? 0),
      '@_timestamp': report.generatedAt,
      properties: {
        property: [
          { '@_name': 'title', '@_value': xmlSafe(control?.title ?? id) },
          { '@_name': 'severity', '@_value': control?.severity ?? '' },
        ],
      },
      testcase: cases,
    };
  });
  if (report.gaps.length > 0) {
    const cases: XmlNode[] = report.gaps.map((gap) => ({
      '@_name': xmlSafe(`${gap.service}:${gap.operation}${gap.resourceId ? ` ${gap.resourceId}` : ''}`),
      '@_classname': COVERAGE_SUITE,
      '@_time': junitSeconds(0),
      error: { '@_message': xmlSafe(describeGap(gap)), '@_type': xmlSafe(gap.errorCode) },
    }));
    // The failed reads took part of the collection time, which is not split per read.
    suites.push({ '@_name': COVERAGE_SUITE, ...counts(cases, 0), '@_timestamp': report.generatedAt, testcase: cases });
  }
  const total = (key: keyof XmlCounts) => suites.reduce((sum, s) => sum + Number(s[key]), 0);
  return {
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    testsuites: {
      '@_name': `${report.tool.name} ${report.provider} ${report.source}`,
      '@_tests': total('@_tests'),
      '@_failures': total('@_failures'),
      '@_errors': total('@_errors'),
      '@_skipped': total('@_skipped'),
      '@_time': junitSeconds((report.timing?.collectSeconds ?? 0) + (report.timing?.evaluateSeconds ?? 0)),
      '@_timestamp': report.generatedAt,
      testsuite: suites,
    },
  };
}

export function render(report: Report): string {
  const builder = new XMLBuilder({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    format: true,
    indentBy: '  ',
    suppressEmptyNode: true,
    suppressBooleanAttributes: false,
    processEntities: true,
  });
  return String(builder.build(toJunitTree(report)));
}
