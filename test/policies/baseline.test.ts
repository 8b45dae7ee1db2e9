import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, defaultBaseline, loadConfigFile, parseConfig } from '../../policies/baseline';
import { allControls } from '../../policies/controls/index';
import { evaluate } from '../../policies/evaluate';
import { compliantInventory } from '../support/builders';

function configError(text: string, fileName = 'inferguard.yaml'): ConfigError {
  try {
    parseConfig(text, fileName);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('defaultBaseline', () => {
  it('enables every control at its own severity with its default parameters', () => {
    const baseline = defaultBaseline();
    expect(baseline.entries.map((e) => e.control.id)).toEqual(allControls.map((c) => c.id));
    for (const entry of baseline.entries) expect(entry.severity).toBe(entry.control.severity);
    const multi = baseline.entries.find((e) => e.control.id === 'endpoint-multiple-instances');
    expect(multi?.parameters).toEqual({ minInstances: 2 });
  });

  it('finds nothing failing or unknown in the compliant inventory', () => {
    const findings = evaluate(compliantInventory(), defaultBaseline());
    expect(findings.filter((f) => f.status === 'fail' || f.status === 'unknown').map((f) => `${f.controlId}: ${f.message}`)).toEqual([]);
    expect(new Set(findings.map((f) => f.controlId))).toEqual(new Set(allControls.filter((c) => c.providers.includes('aws')).map((c) => c.id)));
  });
});

describe('parseConfig', () => {
  const yaml = `
baseline:
  controls:
    endpoint-multiple-instances:
      severity: high
      parameters:
        minInstances: 3
    model-monitoring-scheduled:
      enabled: false
waivers:
  - id: WVR-1
    control: model-private-network
    resource: "dev-*"
    reason: Development endpoints are serverless.
    approvedBy: platform-security
    expires: "2026-12-31"
`;

  it('applies severity, parameters and enabled from YAML, and keeps the other controls at their defaults', () => {
    const { baseline, waivers } = parseConfig(yaml, 'inferguard.yaml');
    const ids = baseline.entries.map((e) => e.control.id);
    expect(ids).not.toContain('model-monitoring-scheduled');
    expect(ids).toHaveLength(allControls.length - 1);
    const multi = baseline.entries.find((e) => e.control.id === 'endpoint-multiple-instances');
    expect(multi).toMatchObject({ severity: 'high', parameters: { minInstances: 3 } });
    const key = baseline.entries.find((e) => e.control.id === 'key-rotation-enabled');
    // The rotation maximum depends on the provider (AWS and Azure 365 days, Google Cloud 90): the baseline leaves it unset.
    expect(key).toMatchObject({ severity: 'high', parameters: {} });
    expect(waivers).toEqual([
      {
        id: 'WVR-1',
        control: 'model-private-network',
        resource: 'dev-*',
        reason: 'Development endpoints are serverless.',
        approvedBy: 'platform-security',
        expires: '2026-12-31',
      },
    ]);
  });

  it('reads JSON for any other extension, and an empty file as the default baseline', () => {
    const json = JSON.stringify({ baseline: { controls: { 'key-rotation-enabled': { parameters: { maxRotationDays: 90 } } } } });
    const { baseline } = parseConfig(json, 'inferguard.json');
    expect(baseline.entries.find((e) => e.control.id === 'key-rotation-enabled')?.parameters).toEqual({ maxRotationDays: 90 });
    expect(parseConfig('', 'empty.yml').baseline.entries).toHaveLength(allControls.length);
    expect(parseConfig('', 'empty.json').waivers).toEqual([]);
  });

  it('names the file, the exact path, the problem and the fix for a bad parameter value', () => {
    const error = configError('baseline:\n  controls:\n    endpoint-multiple-instances:\n      parameters:\n        minInstances: 0\n');
    expect(error.file).toBe('inferguard.yaml');
    expect(error.issues).toEqual([
      { path: 'baseline.controls.endpoint-multiple-instances.parameters.minInstances', problem: 'is 0, must be at least 1', fix: 'set it to at least 1' },
    ]);
    expect(error.message).toContain('inferguard.yaml');
    expect(error.message).toContain('baseline.controls.endpoint-multiple-instances.parameters.minInstances: is 0, must be at least 1. Fix: set it to at least 1');
  });

  it('reports a wrongly typed parameter with what was found', () => {
    const error = configError('baseline:\n  controls:\n    endpoint-multiple-instances:\n      parameters:\n        minInstances: "two"\n');
    expect(error.issues[0]).toMatchObject({ problem: 'expected a number, got "two"', fix: 'set it to a number' });
  });

  it('rejects an unknown control id with a did-you-mean', () => {
    const error = configError('baseline:\n  controls:\n    endpoint-multiple-instance:\n      enabled: false\n');
    expect(error.issues).toEqual([
      {
        path: 'baseline.controls.endpoint-multiple-instance',
        problem: 'no control has id "endpoint-multiple-instance"',
        fix: 'did you mean "endpoint-multiple-instances"? Rename it, or remove it',
      },
    ]);
  });

  it('lists the known ids when nothing is close', () => {
    const error = configError('baseline:\n  controls:\n    gpu-quota:\n      enabled: false\n');
    expect(error.issues[0].fix).toContain('known control ids: artifact-store-customer-key');
  });

  it('rejects unknown parameter names, also for controls without parameters', () => {
    const misspelt = configError('baseline:\n  controls:\n    endpoint-multiple-instances:\n      parameters:\n        minInstance: 3\n');
    expect(misspelt.issues).toEqual([
      {
        path: 'baseline.controls.endpoint-multiple-instances.parameters.minInstance',
        problem: 'unknown key "minInstance"',
        fix: 'did you mean "minInstances"? Rename it, or remove it',
      },
    ]);
    const none = configError('baseline:\n  controls:\n    model-private-network:\n      parameters:\n        strict: true\n');
    expect(none.issues[0]).toMatchObject({ path: 'baseline.controls.model-private-network.parameters.strict', fix: 'remove it; this takes no keys' });
  });

  it('rejects an unknown severity and unknown keys in the file structure', () => {
    const severity = configError('baseline:\n  controls:\n    key-not-public:\n      severity: hgh\n');
    expect(severity.issues[0]).toMatchObject({ path: 'baseline.controls.key-not-public.severity', fix: 'did you mean "high"?' });
    const structure = configError('baselines: {}\n');
    expect(structure.issues[0]).toMatchObject({ path: 'baselines', problem: 'unknown key "baselines"', fix: 'did you mean "baseline"? Rename it, or remove it' });
    const entry = configError('baseline:\n  controls:\n    key-not-public:\n      enable: false\n');
    expect(entry.issues[0]).toMatchObject({ path: 'baseline.controls.key-not-public.enable', fix: 'did you mean "enabled"? Rename it, or remove it' });
  });

  it('reports every waiver problem with its index', () => {
    const error = configError(
      'waivers:\n  - id: W1\n    control: key-not-public\n    resource: "*"\n    reason: ""\n    approvedBy: sec\n    expires: "2026-02-30"\n',
    );
    expect(error.issues).toEqual([
      { path: 'waivers[0].reason', problem: 'the reason is empty', fix: 'say why the exception is acceptable and what compensates for it' },
      {
        path: 'waivers[0].expires',
        problem: '"2026-02-30" is not a real date in the form YYYY-MM-DD',
        fix: 'give the last day the waiver applies, e.g. "2026-12-31" (quoted in YAML)',
      },
    ]);
  });

  it('reports a missing waiver field', () => {
    const error = configError('waivers:\n  - id: W1\n    control: key-not-public\n    resource: "*"\n    reason: r\n    approvedBy: sec\n');
    expect(error.issues).toEqual([{ path: 'waivers[0].expires', problem: 'is missing', fix: 'add it: a string' }]);
  });

  it('reports YAML and JSON syntax errors with the file name', () => {
    const yamlError = configError('baseline:\n  controls: [\n', 'bad.yaml');
    expect(yamlError.message).toContain('bad.yaml');
    expect(yamlError.issues[0].problem).toMatch(/^YAML syntax error: .*line/);
    const jsonError = configError('{"baseline": ', 'bad.json');
    expect(jsonError.message).toContain('bad.json');
    expect(jsonError.issues[0].problem).toMatch(/^JSON syntax error/);
  });
});

describe('loadConfigFile', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'inferguard-config-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads YAML by extension', () => {
    const path = join(dir, 'config.yml');
    writeFileSync(path, 'baseline:\n  controls:\n    firewall-no-public-ingress:\n      severity: high\n');
    expect(loadConfigFile(path).baseline.entries.find((e) => e.control.id === 'firewall-no-public-ingress')?.severity).toBe('high');
  });

  it('names a missing file', () => {
    const path = join(dir, 'missing.yaml');
    expect(() => loadConfigFile(path)).toThrow(ConfigError);
    expect(() => loadConfigFile(path)).toThrow(`${path}:\n  - (top level): the file does not exist`);
  });
});
