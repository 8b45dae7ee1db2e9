import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type * as Sarif from 'sarif';
import { logicalIdLine } from '../../../checker/report/locations';
import { SARIF_SCHEMA, SOURCE_ROOT, render, toSarif } from '../../../checker/report/sarif';
import type { Inventory } from '../../../policies/model';
import { LEGACY_ID, UNREADABLE_ID, sampleInventory, sampleReport } from '../sample-report';

describe('sarif reporter', () => {
  const report = sampleReport();
  const log = JSON.parse(render(report)) as Sarif.Log;
  const run = log.runs[0];
  const rules = run.tool.driver.rules ?? [];
  const results = run.results ?? [];

  it('is a SARIF 2.1.0 log with one run named after the tool', () => {
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toBe(SARIF_SCHEMA);
    expect(log.runs).toHaveLength(1);
    expect(run.tool.driver).toMatchObject({ name: report.tool.name, version: report.tool.version });
  });

  it('has one rule per control, with help text carrying the remediation and a security-severity', () => {
    expect(rules.map((r) => r.id)).toEqual(report.controls.map((c) => c.id));
    const isolation = rules.find((r) => r.id === 'model-network-isolation');
    expect(isolation?.shortDescription?.text).toBe('Model containers run with network isolation');
    expect(isolation?.help?.text).toContain('update-endpoint');
    expect(isolation?.help?.markdown).toContain('**Remediation**');
    expect(isolation?.helpUri).toBeUndefined();
    expect(isolation?.properties?.['security-severity']).toBe('8.0');
    expect(isolation?.defaultConfiguration?.level).toBe('error');
  });

  it('points every result at its rule by id and index', () => {
    expect(results.length).toBeGreaterThan(0);
    for (const result of results) {
      expect(result.ruleIndex).toBeGreaterThanOrEqual(0);
      expect(rules[result.ruleIndex ?? -1]?.id).toBe(result.ruleId);
    }
  });

  it('emits only fail and unknown results, waived ones included', () => {
    const expected = report.findings.filter((f) => f.status === 'fail' || f.status === 'unknown');
    expect(results).toHaveLength(expected.length);
    expect(results.map((r) => r.properties?.status)).toEqual(expected.map((f) => f.status));
  });

  it('gives failures a level from severity and unknowns kind review with level none', () => {
    const fail = results.find((r) => r.ruleId === 'model-private-network' && r.locations?.[0].logicalLocations?.[0].fullyQualifiedName === LEGACY_ID);
    expect(fail).toMatchObject({ kind: 'fail', level: 'warning' });
    const unknowns = results.filter((r) => r.locations?.[0].logicalLocations?.[0].fullyQualifiedName === UNREADABLE_ID);
    expect(unknowns.length).toBeGreaterThan(0);
    for (const r of unknowns) expect(r).toMatchObject({ kind: 'review', level: 'none' });
  });

  it('locates live resources logically, by ARN and provider type', () => {
    const location = results[0].locations?.[0];
    expect(location?.physicalLocation).toBeUndefined();
    expect(location?.logicalLocations?.[0]).toMatchObject({ kind: expect.stringMatching(/^AWS::/), fullyQualifiedName: expect.stringMatching(/^arn:aws:/) });
  });

  it('marks a waived finding as an accepted suppression with the justification', () => {
    const waived = results.filter((r) => r.suppressions?.length);
    expect(waived).toHaveLength(1);
    expect(waived[0].ruleId).toBe('model-network-isolation');
    expect(waived[0].suppressions?.[0]).toMatchObject({ kind: 'external', status: 'accepted', justification: expect.stringContaining('approved by security-team') });
  });

  it('gives each result a fingerprint that is stable and unique per control and resource', () => {
    const fingerprints = results.map((r) => r.partialFingerprints?.['inferguardFinding/v1']);
    expect(new Set(fingerprints).size).toBe(results.length);
    const again = toSarif(sampleReport()).runs[0].results?.map((r) => r.partialFingerprints?.['inferguardFinding/v1']);
    expect(again).toEqual(fingerprints);
  });

  it('reports coverage gaps as error notifications of an unsuccessful invocation', () => {
    const invocation = run.invocations?.[0];
    expect(invocation?.executionSuccessful).toBe(false);
    expect(invocation?.toolExecutionNotifications?.[0]).toMatchObject({ level: 'error', message: { text: expect.stringContaining('DescribeEndpointConfig') } });
    const complete = toSarif({ ...report, gaps: [] }).runs[0].invocations?.[0];
    expect(complete?.executionSuccessful).toBe(true);
  });

  it('points template results at the scanned file, relative to the repository root', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'inferguard-sarif-'));
    try {
      const scan = toSarif({ ...sampleReport({ target: 'cdk.out/App.template.json' }), source: 'template' }, { cwd, root: cwd });
      expect(scan.runs[0].results?.[0].locations?.[0].physicalLocation?.artifactLocation).toEqual({ uri: 'cdk.out/App.template.json', uriBaseId: SOURCE_ROOT });
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});

describe('sarif locations and tool information', () => {
  const root = mkdtempSync(join(tmpdir(), 'inferguard-sarif-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  /** The sample inventory as a template scan of stack `App`: ids `App/LogicalId`. */
  function templateInventory(): Inventory {
    const inventory = sampleInventory();
    const logical = (id: string) => `App/${id.split(/[/:]/).pop()?.replace(/[^A-Za-z0-9]/g, '') ?? 'X'}`;
    return { ...inventory, source: 'template', resources: inventory.resources.map((r) => ({ ...r, id: logical(r.id) })) };
  }
  const template = (ids: readonly string[]) =>
    `${JSON.stringify({ Resources: Object.fromEntries(ids.map((id) => [id.split('/')[1], { Type: 'AWS::SageMaker::Endpoint', Properties: {} }])) }, null, 2)}\n`;

  function setUp(folder: string, file: string): { cwd: string; ids: string[] } {
    mkdirSync(join(root, '.git'), { recursive: true });
    const cwd = join(root, folder);
    mkdirSync(dirname(join(cwd, file)), { recursive: true });
    const ids = templateInventory().resources.map((r) => r.id);
    writeFileSync(join(cwd, file), template(ids));
    return { cwd, ids };
  }

  it('points each template result at the template file, relative to the repository root, at its logical id', () => {
    const { cwd } = setUp('infra', 'templates/App.template.json');
    const report = sampleReport({ inventory: templateInventory(), target: 'templates/App.template.json' });
    const log = toSarif(report, { cwd });
    const text = readFileSync(join(cwd, 'templates/App.template.json'), 'utf8').split('\n');
    const results = log.runs[0].results ?? [];
    expect(results.length).toBeGreaterThan(0);
    for (const result of results) {
      const physical = result.locations?.[0].physicalLocation;
      expect(physical?.artifactLocation).toEqual({ uri: 'infra/templates/App.template.json', uriBaseId: SOURCE_ROOT });
      const logicalId = (result.locations?.[0].logicalLocations?.[0].fullyQualifiedName ?? '').split('/')[1];
      const line = physical?.region?.startLine ?? 0;
      expect(text[line - 1]).toContain(`"${logicalId}": {`);
    }
  });

  it('finds the template of each stack in a cdk.out folder through its manifest', () => {
    const { cwd } = setUp('app', 'cdk.out/AppStack.template.json');
    writeFileSync(
      join(cwd, 'cdk.out/manifest.json'),
      JSON.stringify({ artifacts: { AppStack: { type: 'aws:cloudformation:stack', properties: { templateFile: 'AppStack.template.json', stackName: 'App' } } } }),
    );
    const log = toSarif(sampleReport({ inventory: templateInventory(), target: 'cdk.out' }), { cwd });
    const uris = new Set(log.runs[0].results?.map((r) => r.locations?.[0].physicalLocation?.artifactLocation?.uri));
    expect([...uris]).toEqual(['app/cdk.out/AppStack.template.json']);
    expect(log.runs[0].results?.every((r) => (r.locations?.[0].physicalLocation?.region?.startLine ?? 0) > 1)).toBe(true);
  });

  it('finds the line of a logical id in YAML too', () => {
    expect(logicalIdLine('AWSTemplateFormatVersion: x\nResources:\n  Bucket:\n    Type: AWS::S3::Bucket\n  Endpoint:\n', 'Endpoint')).toBe(5);
    expect(logicalIdLine('Outputs:\n  Endpoint: x\n', 'Endpoint')).toBeUndefined();
  });

  it('names where to learn about the tool when the package has a homepage', () => {
    const report = sampleReport();
    expect(toSarif({ ...report, tool: { ...report.tool, homepage: 'https://example.org/inferguard' } }).runs[0].tool.driver.informationUri).toBe('https://example.org/inferguard');
    expect(toSarif({ ...report, tool: { name: report.tool.name, version: report.tool.version } }).runs[0].tool.driver.informationUri).toBeUndefined();
  });
});
