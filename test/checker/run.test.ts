import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Status } from '../../policies/control';
import type { Finding } from '../../policies/evaluate';
import { EXIT_CODES, exitCodeFor, explainExit, failingFindings, incompleteReasons, runAudit, summarize, type Report } from '../../checker/run';
import { defaultBaseline } from '../../policies/baseline';
import { compliantInventory, deployment, endpoint, known } from '../support/builders';
import { LEGACY_ID, NOW, sampleInventory, sampleReport } from './sample-report';

const packageJson = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { name: string; version: string };

function finding(overrides: Partial<Finding>): Finding {
  return {
    controlId: 'model-network-isolation',
    title: 'Model containers run with network isolation',
    severity: 'high',
    status: 'pass',
    provider: 'aws',
    resourceId: 'arn:aws:sagemaker:us-east-1:111122223333:endpoint/a',
    resourceName: 'a',
    resourceKind: 'endpoint',
    message: 'ok',
    evidence: [],
    ...overrides,
  };
}

/** A report holding exactly these findings and gaps, for the exit-code rules. */
function reportWith(findings: Finding[], gaps = 0): Report {
  const base = sampleReport();
  const gapList = Array.from({ length: gaps }, (_, i) => ({ service: 'kms', operation: 'GetKeyPolicy', errorCode: 'ThrottlingException', message: `throttled ${i}` }));
  return { ...base, findings, gaps: gapList, summary: summarize(findings, gaps) };
}

describe('runAudit', () => {
  const report = sampleReport();

  it('names the tool and version from package.json, and the time, provider, source and scope', () => {
    expect(report.tool).toEqual({ name: packageJson.name, version: packageJson.version });
    expect(report.generatedAt).toBe(NOW.toISOString());
    expect(report).toMatchObject({ provider: 'aws', source: 'live', scope: { accounts: ['111122223333'], regions: ['us-east-1'] } });
    expect(report.baseline).toBe('default');
  });

  it('keeps waived findings, marked with their waiver', () => {
    const waived = report.findings.filter((f) => f.waiver);
    expect(waived).toHaveLength(1);
    expect(waived[0]).toMatchObject({ controlId: 'model-network-isolation', resourceId: LEGACY_ID, status: 'fail', waiver: { id: 'WVR-1' } });
  });

  it('reports expired and unused waivers and the coverage gaps', () => {
    expect(report.expiredWaivers.map((w) => w.id)).toEqual(['WVR-OLD']);
    expect(report.unusedWaivers.map((w) => w.id)).toEqual(['WVR-UNUSED']);
    expect(report.gaps).toHaveLength(1);
    expect(report.summary.gaps).toBe(1);
  });

  it('carries the metadata of every control of the provider', () => {
    expect(report.controls.map((c) => c.id)).toEqual(defaultBaseline().entries.filter((e) => e.control.providers.includes('aws')).map((e) => e.control.id));
    const isolation = report.controls.find((c) => c.id === 'model-network-isolation');
    expect(isolation?.remediation.live).toContain('update-endpoint');
  });

  it('sorts findings by resource, then control', () => {
    const keys = report.findings.map((f) => `${f.resourceId}\u0000${f.controlId}`);
    expect(keys).toEqual([...keys].sort());
  });

  it('gives the same findings whatever the inventory order', () => {
    const inventory = sampleInventory();
    const reversed = { ...inventory, resources: [...inventory.resources].reverse() };
    expect(sampleReport({ inventory: reversed }).findings).toEqual(report.findings);
  });

  it('counts unwaived findings by status and severity, and waived ones apart', () => {
    const unwaived = report.findings.filter((f) => !f.waiver);
    for (const status of ['fail', 'unknown', 'pass', 'not_applicable'] as Status[]) {
      expect(report.summary.byStatus[status]).toBe(unwaived.filter((f) => f.status === status).length);
      expect(report.summary.bySeverity.high[status]).toBe(unwaived.filter((f) => f.status === status && f.severity === 'high').length);
    }
    expect(report.summary.waived).toBe(1);
    expect(report.summary.findings).toBe(report.findings.length);
    expect(report.summary.resources).toBe(new Set(report.findings.map((f) => f.resourceId)).size);
  });
});

describe('failingFindings', () => {
  it('takes unwaived failures at or above the threshold only', () => {
    const report = reportWith([
      finding({ status: 'fail', severity: 'medium', resourceId: 'm' }),
      finding({ status: 'fail', severity: 'high', resourceId: 'h' }),
      finding({ status: 'fail', severity: 'critical', resourceId: 'c', waiver: { id: 'W', reason: 'r', approvedBy: 'a', expires: '2099-01-01' } }),
      finding({ status: 'unknown', severity: 'critical', resourceId: 'u' }),
      finding({ status: 'pass', severity: 'critical', resourceId: 'p' }),
    ]);
    expect(failingFindings(report, 'high').map((f) => f.resourceId)).toEqual(['h']);
    expect(failingFindings(report, 'info').map((f) => f.resourceId)).toEqual(['m', 'h']);
    expect(failingFindings(report, 'critical')).toEqual([]);
  });
});

describe('exitCodeFor', () => {
  it('is 0 when nothing fails at or above --fail-on', () => {
    const report = reportWith([finding({ status: 'fail', severity: 'low' }), finding({ status: 'pass' })]);
    expect(exitCodeFor(report, 'medium')).toBe(EXIT_CODES.ok);
    expect(explainExit(report, 'medium')).toBe('exit 0: no failing finding at or above medium.');
  });

  it('is 1 for a failing finding at or above --fail-on', () => {
    const report = reportWith([finding({ status: 'fail', severity: 'low' })]);
    expect(exitCodeFor(report, 'low')).toBe(EXIT_CODES.failing);
    expect(explainExit(report, 'low')).toBe('exit 1: 1 failing finding at or above low.');
  });

  it('is 0 when the only failure is waived', () => {
    const report = reportWith([finding({ status: 'fail', waiver: { id: 'W', reason: 'r', approvedBy: 'a', expires: '2099-01-01' } })]);
    expect(exitCodeFor(report, 'info')).toBe(EXIT_CODES.ok);
  });

  it('is 1 when reads failed but failing findings exist (1 wins over 3), and still says it is incomplete', () => {
    const report = reportWith([finding({ status: 'fail', severity: 'critical' })], 2);
    expect(exitCodeFor(report, 'low')).toBe(EXIT_CODES.failing);
    expect(explainExit(report, 'low')).toMatch(/^exit 1: 1 failing finding at or above low; the audit is also incomplete: 2 reads failed/);
  });

  it('is 3 when reads failed and nothing failed', () => {
    const report = reportWith([finding({ status: 'pass', severity: 'critical' })], 1);
    expect(exitCodeFor(report, 'low')).toBe(EXIT_CODES.incomplete);
    expect(explainExit(report, 'low')).toMatch(/^exit 3: the audit is incomplete: 1 read failed/);
  });

  it('is 3 for an unwaived unknown at or above --fail-on: unknown is never a pass', () => {
    const report = reportWith([finding({ status: 'unknown', severity: 'high' })]);
    expect(exitCodeFor(report, 'high')).toBe(EXIT_CODES.incomplete);
    expect(incompleteReasons(report, 'high')).toEqual(['1 result at or above high could not be decided (unknown)']);
    // Below the threshold it does not count, like a failure below it.
    expect(exitCodeFor(report, 'critical')).toBe(EXIT_CODES.ok);
  });

  it('lets a waiver acknowledge an expected unknown', () => {
    const report = reportWith([finding({ status: 'unknown', waiver: { id: 'W', reason: 'r', approvedBy: 'a', expires: '2099-01-01' } })]);
    expect(exitCodeFor(report, 'info')).toBe(EXIT_CODES.ok);
  });

  it('is 0 for a compliant inventory and 1 once a control fails', () => {
    const clean = runAudit({ inventory: compliantInventory(), baseline: defaultBaseline(), waivers: [], now: NOW });
    expect(exitCodeFor(clean, 'info')).toBe(EXIT_CODES.ok);
    const open = endpoint({ id: 'arn:aws:sagemaker:us-east-1:111122223333:endpoint/open', name: 'open', deployments: known([deployment({ networkIsolation: known(false) })]) });
    const failing = runAudit({ inventory: compliantInventory(open), baseline: defaultBaseline(), waivers: [], now: NOW });
    expect(exitCodeFor(failing, 'info')).toBe(EXIT_CODES.failing);
  });
});
