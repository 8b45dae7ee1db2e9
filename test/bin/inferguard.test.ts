import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Inventory } from '../../policies/model';
import type { AwsCliDeps, AwsCollectOptions } from '../../bin/cli/providers/aws';
import { AuditError, UsageError } from '../../bin/cli/errors';
import { allControls } from '../../policies/controls/index';
import { renderControlsMarkdown } from '../../policies/docs';
import type { Report } from '../../checker/run';
import { compliantInventory } from '../support/builders';
import { sampleInventory } from '../checker/sample-report';
import { runCli, tempDir } from './cli-harness';

const REGION_ENV = { AWS_REGION: 'us-east-1' };
const clean = (): Inventory => compliantInventory();
const withoutGaps = (): Inventory => ({ ...sampleInventory(), gaps: [] });

/** A collector that records its options and returns `inventory`. */
function collector(inventory: () => Inventory) {
  const calls: AwsCollectOptions[] = [];
  const collectAwsInventory: AwsCliDeps['collectAwsInventory'] = async (options) => {
    calls.push(options);
    options.onProgress?.({ phase: 'endpoints', done: 1, total: 2, region: 'us-east-1' });
    return inventory();
  };
  return { calls, collectAwsInventory };
}

describe('inferguard CLI: usage', () => {
  it('prints help with exit 0', async () => {
    const run = await runCli(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Usage: inferguard');
    for (const command of ['audit', 'scan', 'controls', 'sim']) expect(run.stdout).toContain(command);
  });

  it('documents the exit codes in the help of the audit commands', async () => {
    const run = await runCli(['audit', 'aws', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('--fail-on <severity>');
    expect(run.stdout).toMatch(/Exit codes[\s\S]*3 {2}the audit could not complete/);
  });

  it('prints the version from package.json', async () => {
    const run = await runCli(['--version']);
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe((JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')) as { version: string }).version);
  });

  it('exits 2 without a command, and for an unknown one', async () => {
    expect((await runCli([])).code).toBe(2);
    const run = await runCli(['audits']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("unknown command 'audits'");
  });

  it.each([
    [['audit', 'aws', '--format', 'xml'], "option '--format <format>' argument 'xml' is invalid. Allowed choices are table, json, sarif, junit, ocsf, ocsf-jsonl, html."],
    [['audit', 'aws', '--fail-on', 'severe'], "option '--fail-on <severity>' argument 'severe' is invalid. Allowed choices are info, low, medium, high, critical."],
    [['audit', 'aws', '--concurrency', '0'], "option '--concurrency <n>' argument '0' is invalid. Expected a whole number from 1 to 64."],
    [['audit', 'aws', '--concurrency', '2.5'], "argument '2.5' is invalid. Expected a whole number from 1 to 64."],
    [['audit', 'aws', '--regions', 'us-east-1,narnia'], "option '--regions <list>' argument 'us-east-1,narnia' is invalid. 'narnia' is not an AWS region name"],
    [['audit', 'aws', '--endpoint-url', 'ftp://x'], '--endpoint-url: expected an http:// or https:// URL, not ftp://.'],
    [['scan', 'x.json', '--format', 'pdf'], "argument 'pdf' is invalid. Allowed choices are table, json, sarif, junit, ocsf, ocsf-jsonl, html."],
    [['controls', '--format', 'sarif'], "argument 'sarif' is invalid. Allowed choices are table, json, markdown."],
    [['sim', '--port', '70000'], "option '--port <port>' argument '70000' is invalid. Expected a whole number from 0 to 65535."],
    [['audit', 'aws', '--bogus'], "unknown option '--bogus'"],
  ])('%j exits 2 naming the flag, the value and the allowed values', async (argv, message) => {
    const { calls, collectAwsInventory } = collector(clean);
    const run = await runCli(argv, { env: REGION_ENV, deps: { collectAwsInventory } });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stdout).toBe('');
    expect(calls).toHaveLength(0);
  });

  it('rejects an invalid AWS_REGION with the variable named', async () => {
    const run = await runCli(['audit', 'aws'], { env: { AWS_REGION: 'mars-1' }, deps: collector(clean) });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('AWS_REGION=mars-1 is not valid');
  });
});

describe('inferguard audit aws', () => {
  it('takes regions from --regions, else AWS_REGION, else AWS_DEFAULT_REGION, else leaves them to the profile', async () => {
    const fake = collector(clean);
    await runCli(['audit', 'aws', '--regions', 'eu-west-1, us-east-2,eu-west-1'], { env: REGION_ENV, deps: fake });
    await runCli(['audit', 'aws'], { env: { AWS_REGION: 'ap-south-1', AWS_DEFAULT_REGION: 'eu-north-1' }, deps: fake });
    await runCli(['audit', 'aws'], { env: { AWS_DEFAULT_REGION: 'eu-north-1' }, deps: fake });
    await runCli(['audit', 'aws'], { env: {}, deps: fake });
    expect(fake.calls.map((c) => c.regions)).toEqual([['eu-west-1', 'us-east-2'], ['ap-south-1'], ['eu-north-1'], []]);
  });

  it('passes the endpoint, profile and concurrency to the reader', async () => {
    const fake = collector(clean);
    await runCli(['audit', 'aws', '--endpoint-url', 'http://127.0.0.1:4566', '--profile', 'audit', '--concurrency', '4'], { env: REGION_ENV, deps: fake });
    expect(fake.calls[0]).toMatchObject({ regions: ['us-east-1'], endpointUrl: 'http://127.0.0.1:4566', profile: 'audit', concurrency: 4 });
  });

  it('exits 2 with the reader\'s message when no region can be found', async () => {
    const run = await runCli(['audit', 'aws'], {
      deps: {
        collectAwsInventory: async () => {
          throw new UsageError('No AWS region: pass --regions (e.g. --regions us-east-1,eu-west-1), set AWS_REGION, or set a region in your AWS profile.');
        },
      },
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('inferguard: error: No AWS region: pass --regions');
  });

  it('exits 0 on a compliant account, with the table on stdout and progress on stderr', async () => {
    const run = await runCli(['audit', 'aws', '--show-passed'], { env: REGION_ENV, deps: collector(clean) });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('AWS::SageMaker::Endpoint classifier');
    expect(run.stdout).toMatch(/Summary: .* 0 fail/);
    expect(run.stdout).not.toContain('inferguard: Reading');
    expect(run.stderr).toContain('inferguard: Reading AWS resources in us-east-1');
    expect(run.stderr).toContain('exit 0: no failing finding at or above low.');
  });

  it('exits 1 on failing findings, with a JSON report that parses', async () => {
    const run = await runCli(['audit', 'aws', '--format', 'json'], { env: REGION_ENV, deps: collector(withoutGaps) });
    const report = JSON.parse(run.stdout) as Report;
    expect(report.findings.some((f) => f.status === 'fail')).toBe(true);
    // The sample also holds unknowns (endpoint 'unreadable'); at --fail-on critical none count.
    const critical = await runCli(['audit', 'aws', '--format', 'json', '--fail-on', 'critical'], { env: REGION_ENV, deps: collector(withoutGaps) });
    expect(critical.code).toBe(0);
    const failing = await runCli(['audit', 'aws', '--fail-on', 'medium'], {
      env: REGION_ENV,
      deps: collector(() => ({ ...withoutGaps(), resources: withoutGaps().resources.filter((r) => r.name !== 'unreadable') })),
    });
    expect(failing.code).toBe(1);
    expect(failing.stderr).toContain('exit 1: 2 failing findings at or above medium.');
  });

  it('exits 3 when reads failed and nothing failed, and still writes the report', async () => {
    const gap = sampleInventory().gaps[0];
    const run = await runCli(['audit', 'aws', '--format', 'sarif'], { env: REGION_ENV, deps: collector(() => ({ ...clean(), gaps: [gap] })) });
    expect(run.code).toBe(3);
    expect(JSON.parse(run.stdout).runs[0].invocations[0].executionSuccessful).toBe(false);
    expect(run.stderr).toContain('exit 3: the audit is incomplete: 1 read failed');
  });

  it('exits 1 when reads failed but findings failed too, and says it is incomplete', async () => {
    const run = await runCli(['audit', 'aws', '--format', 'sarif'], { env: REGION_ENV, deps: collector(sampleInventory) });
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout).runs[0].invocations[0].executionSuccessful).toBe(false);
    expect(run.stderr).toMatch(/exit 1: \d+ failing findings? at or above low; the audit is also incomplete: 1 read failed/);
  });

  it('exits 3 with a one-line message when the reader cannot run at all', async () => {
    const error = new Error('Could not load credentials from any providers');
    error.name = 'CredentialsProviderError';
    const run = await runCli(['audit', 'aws'], { env: REGION_ENV, deps: { collectAwsInventory: async () => Promise.reject(error) } });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(
      'inferguard: error: The AWS audit could not run: no credentials (Could not load credentials from any providers). Configure credentials: --profile NAME or AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.\n',
    );
    expect(run.stderr).not.toContain('    at ');
    expect(run.stderr).not.toContain('--debug');
    expect(run.stdout).toBe('');
  });

  it('ends the progress line on a terminal before the error message', async () => {
    const run = await runCli(['audit', 'aws'], { isTTY: true, env: REGION_ENV, deps: { collectAwsInventory: async () => Promise.reject(new Error('socket hang up')) } });
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/: failed \(\d+\.\ds\)\ninferguard: error: The AWS audit could not run: socket hang up\.\n/);
  });

  it('prints the stack of an unexpected error only with --debug', async () => {
    const boom = async () => Promise.reject(new TypeError('cannot read x of undefined\nsecond line'));
    const plain = await runCli(['scan', '.'], { deps: { readCloudFormation: boom } });
    expect(plain.code).toBe(3);
    expect(plain.stderr).not.toContain('    at ');
    expect(plain.stderr).not.toContain('second line');
    const debug = await runCli(['--debug', 'scan', '.'], { deps: { readCloudFormation: boom } });
    expect(debug.stderr).toContain('    at ');
  });

  it('writes --output atomically and nothing to stdout', async () => {
    const cwd = tempDir();
    const ok = await runCli(['audit', 'aws', '--format', 'junit', '--output', 'report.xml'], { cwd, env: REGION_ENV, deps: collector(clean) });
    expect(ok.code).toBe(0);
    expect(ok.stdout).toBe('');
    expect(readFileSync(join(cwd, 'report.xml'), 'utf8')).toMatch(/^<\?xml/);
    expect(readdirSync(cwd)).toEqual(['report.xml']);
    expect(ok.stderr).toContain(`junit report written to ${join(cwd, 'report.xml')}`);
  });

  it('refuses an --output folder that does not exist before reading anything', async () => {
    const fake = collector(clean);
    const run = await runCli(['audit', 'aws', '--output', 'missing/report.json'], { env: REGION_ENV, deps: fake });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--output missing\/report.json: the folder .*missing does not exist/);
    expect(fake.calls).toHaveLength(0);
  });

  it('is silent on stderr with --quiet', async () => {
    const run = await runCli(['audit', 'aws', '--quiet'], { env: REGION_ENV, deps: collector(clean) });
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('Summary:');
  });

  it('applies the config file: its waivers and its severities', async () => {
    const cwd = tempDir();
    writeFileSync(
      join(cwd, 'inferguard.yaml'),
      [
        'baseline:',
        '  controls:',
        '    model-private-network:',
        '      severity: low',
        'waivers:',
        '  - id: WVR-9',
        '    control: model-private-network',
        '    resource: "*legacy*"',
        '    reason: Being migrated into the VPC',
        '    approvedBy: platform-team',
        '    expires: "2099-01-01"',
      ].join('\n'),
    );
    const run = await runCli(['audit', 'aws', '--config', 'inferguard.yaml', '--format', 'json'], { cwd, env: REGION_ENV, deps: collector(withoutGaps) });
    const report = JSON.parse(run.stdout) as Report;
    const legacy = report.findings.find((f) => f.controlId === 'model-private-network' && f.resourceId.endsWith('endpoint/legacy'));
    expect(legacy).toMatchObject({ status: 'fail', severity: 'low', waiver: { id: 'WVR-9' } });
  });

  it('exits 2 with the config error message when the config file is wrong', async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'bad.yaml'), 'waivers:\n  - id: W\n    control: model-network-isolaton\n    resource: "*"\n    reason: r\n    approvedBy: a\n    expires: "2025-02-30"\n');
    const fake = collector(clean);
    const run = await runCli(['audit', 'aws', '--config', 'bad.yaml'], { cwd, env: REGION_ENV, deps: fake });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Invalid inferguard config');
    expect(run.stderr).toContain('did you mean "model-network-isolation"?');
    expect(run.stderr).toContain('"2025-02-30" is not a real date');
    expect(fake.calls).toHaveLength(0);
  });

  it('exits 2 naming a config file that does not exist', async () => {
    const run = await runCli(['audit', 'aws', '--config', 'nope.yaml'], { env: REGION_ENV, deps: collector(clean) });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/nope\.yaml.*the file does not exist/s);
  });
});

describe('inferguard scan', () => {
  const template = (): Inventory => ({ ...compliantInventory(), source: 'template' });

  it('reads the path from the working folder and reports it as the target', async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'stack.template.json'), '{}');
    const paths: string[] = [];
    const run = await runCli(['scan', 'stack.template.json', '--format', 'json'], {
      cwd,
      deps: { readCloudFormation: async (path) => (paths.push(path), template()) },
    });
    expect(run.code).toBe(0);
    expect(paths).toEqual([join(cwd, 'stack.template.json')]);
    expect(JSON.parse(run.stdout)).toMatchObject({ source: 'template', target: 'stack.template.json' });
  });

  it('exits 2 for a path that does not exist', async () => {
    const run = await runCli(['scan', 'missing.yaml']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('missing.yaml: no such file or folder. Give a CloudFormation template (.json, .yaml, .yml) or a cdk.out folder.');
  });

  it('exits 2 when the template itself is invalid, 3 when reading fails otherwise', async () => {
    const invalid = await runCli(['scan', '.'], { deps: { readCloudFormation: async () => Promise.reject(new UsageError('template.json: Resources must be a mapping')) } });
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toContain('template.json: Resources must be a mapping');
    const failed = await runCli(['scan', '.'], { deps: { readCloudFormation: async () => Promise.reject(new AuditError('disk on fire')) } });
    expect(failed.code).toBe(3);
  });
});

describe('inferguard controls', () => {
  it('lists the baseline as a table', async () => {
    const run = await runCli(['controls']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Baseline default: ${allControls.length} controls`);
    for (const control of allControls) expect(run.stdout).toContain(control.id);
  });

  it('lists the baseline as JSON, with severities from the config file', async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'c.yaml'), 'baseline:\n  controls:\n    model-monitoring-scheduled:\n      enabled: false\n    key-rotation-enabled:\n      severity: critical\n');
    const run = await runCli(['controls', '--format', 'json', '--config', 'c.yaml'], { cwd });
    const list = JSON.parse(run.stdout) as { controls: { id: string; severity: string }[] };
    expect(list.controls).toHaveLength(allControls.length - 1);
    expect(list.controls.find((c) => c.id === 'key-rotation-enabled')?.severity).toBe('critical');
  });

  it('writes CONTROLS.md from the controls\' own documentation', async () => {
    const cwd = tempDir();
    const run = await runCli(['controls', '--format', 'markdown', '--output', 'CONTROLS.md'], { cwd });
    expect(run.code).toBe(0);
    expect(readFileSync(join(cwd, 'CONTROLS.md'), 'utf8')).toBe(renderControlsMarkdown(allControls));
  });
});
