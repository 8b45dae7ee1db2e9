// The CLI fails closed on hostile or broken input: nothing is overwritten that the run reads, an
// unwritable report is found before any work, URL credentials never reach output, and help,
// version and unknown-cloud handling tell a first-time user what applies.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Inventory } from '../../policies/model';
import type { AwsCliDeps, AwsCollectOptions } from '../../bin/cli/providers/aws';
import { realAwsDeps } from '../../bin/cli/providers/aws';
import { compliantInventory } from '../support/builders';
import { runCli, tempDir } from './cli-harness';

const REGION_ENV = { AWS_REGION: 'us-east-1' };

function collector(inventory: () => Inventory = compliantInventory) {
  const calls: AwsCollectOptions[] = [];
  const collectAwsInventory: AwsCliDeps['collectAwsInventory'] = async (options) => {
    calls.push(options);
    return inventory();
  };
  return { calls, collectAwsInventory };
}

describe('--output is checked before any work', () => {
  it('refuses the config file as --output', async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'inferguard.yaml'), 'baseline: {}\n');
    const fake = collector();
    const run = await runCli(['audit', 'aws', '--config', 'inferguard.yaml', '--output', './inferguard.yaml'], { cwd, env: REGION_ENV, deps: fake });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--output ./inferguard.yaml is the --config file inferguard.yaml, which the run reads; write the report somewhere else.');
    expect(readFileSync(join(cwd, 'inferguard.yaml'), 'utf8')).toBe('baseline: {}\n');
    expect(fake.calls).toHaveLength(0);
  });

  it('refuses the scanned template, and any file inside a scanned folder', async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'stack.template.json'), '{}');
    mkdirSync(join(cwd, 'cdk.out'));
    const reads: string[] = [];
    const deps = { readCloudFormation: async (path: string) => (reads.push(path), compliantInventory()) };
    const same = await runCli(['scan', 'stack.template.json', '--output', 'stack.template.json'], { cwd, deps });
    expect(same.code).toBe(2);
    expect(same.stderr).toContain('--output stack.template.json is the scanned stack.template.json, which the run reads');
    expect(readFileSync(join(cwd, 'stack.template.json'), 'utf8')).toBe('{}');
    const inside = await runCli(['scan', 'cdk.out', '--output', 'cdk.out/report.json'], { cwd, deps });
    expect(inside.code).toBe(2);
    expect(inside.stderr).toContain('--output cdk.out/report.json is inside the scanned cdk.out, which the run reads');
    expect(reads).toEqual([]);
    const beside = await runCli(['scan', 'cdk.out', '--output', 'report.json', '--quiet'], { cwd, deps });
    expect(beside.code).toBe(0);
  });

  it('refuses the config file as the controls list output too', async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'c.yaml'), 'baseline: {}\n');
    const run = await runCli(['controls', '--config', 'c.yaml', '--output', 'c.yaml'], { cwd });
    expect(run.code).toBe(2);
    expect(readFileSync(join(cwd, 'c.yaml'), 'utf8')).toBe('baseline: {}\n');
  });

  it('finds an unwritable --output folder before reading anything', async () => {
    // /proc takes no new files, whoever runs the test (root included).
    const fake = collector();
    const run = await runCli(['audit', 'aws', '--output', '/proc/inferguard-report.json'], { env: REGION_ENV, deps: fake });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--output \/proc\/inferguard-report\.json: cannot write in \/proc \(.+\); choose a folder you can write to\./);
    expect(fake.calls).toHaveLength(0);
    expect(run.stderr).not.toContain('Reading AWS resources');
  });
});

describe('a YAML alias bomb in --config', () => {
  it('is a config error (exit 2), not a hang or an unexpected failure', async () => {
    const cwd = tempDir();
    // Each level repeats the one before nine times: 9^10 strings once expanded, from a file of under 1 KB.
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 10; i += 1) {
      const previous = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [*${previous},*${previous},*${previous},*${previous},*${previous},*${previous},*${previous},*${previous},*${previous}]`);
    }
    writeFileSync(join(cwd, 'bomb.yaml'), `${levels.join('\n')}\nbaseline: {}\n`);
    const fake = collector();
    const run = await runCli(['audit', 'aws', '--config', 'bomb.yaml'], { cwd, env: REGION_ENV, deps: fake });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Invalid inferguard config');
    expect(run.stderr).toMatch(/alias/i);
    expect(run.stderr).not.toContain('unexpected');
    expect(fake.calls).toHaveLength(0);
  });
});

describe('credentials in --endpoint-url are never echoed', () => {
  it('hides them in a rejected URL', async () => {
    const run = await runCli(['audit', 'aws', '--endpoint-url', 'ftp://auditor:Pa55w0rd-x@127.0.0.1:1']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--endpoint-url: expected an http:// or https:// URL, not ftp://.');
    expect(run.stderr).not.toContain('Pa55w0rd-x');
  });

  it('hides them in progress lines, errors and the report, on stdout and in files', async () => {
    const cwd = tempDir();
    const leaky: AwsCliDeps['collectAwsInventory'] = async (options) => ({
      ...compliantInventory(),
      gaps: [{ service: 'sagemaker', operation: 'ListEndpoints', region: 'us-east-1', errorCode: 'TimeoutError', message: `connect to ${options.endpointUrl ?? ''} timed out` }],
    });
    const argv = ['audit', 'aws', '--endpoint-url', 'http://auditor:Pa55w0rd-x@127.0.0.1:4566'];
    const toStdout = await runCli([...argv, '--format', 'json'], { env: REGION_ENV, deps: { collectAwsInventory: leaky } });
    expect(toStdout.code).toBe(3);
    expect(toStdout.stderr).toContain('Reading AWS resources in us-east-1 at http://***@127.0.0.1:4566/');
    const toFile = await runCli([...argv, '--format', 'sarif', '--output', 'r.sarif'], { cwd, env: REGION_ENV, deps: { collectAwsInventory: leaky } });
    const failing = await runCli(argv, { env: REGION_ENV, deps: { collectAwsInventory: async (o) => Promise.reject(new Error(`getaddrinfo failed for ${o.endpointUrl ?? ''}`)) } });
    expect(failing.code).toBe(3);
    const everything = [toStdout.stdout, toStdout.stderr, toFile.stdout, toFile.stderr, readFileSync(join(cwd, 'r.sarif'), 'utf8'), failing.stderr].join('\n');
    expect(everything).toContain('timed out');
    expect(everything).toContain('getaddrinfo failed');
    expect(everything).not.toContain('Pa55w0rd-x');
    expect(everything).not.toContain('auditor:');
  });
});

describe('first-run help, version and clouds', () => {
  it('prints the version with -V too', async () => {
    const long = await runCli(['--version']);
    const short = await runCli(['-V']);
    expect(short.code).toBe(0);
    expect(short.stdout).toBe(long.stdout);
    expect(short.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('shows audit aws its own options with defaults and the report exit codes', async () => {
    const run = await runCli(['audit', 'aws', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/--concurrency <n>\s+parallel API calls, 1 to 64 \(default: 16\)/);
    expect(run.stdout).toMatch(/--request-timeout-ms <ms>[\s\S]*\(default: 30000\)/);
    expect(run.stdout).toMatch(/--fail-on <severity>[\s\S]*default: "low"\)/);
    expect(run.stdout).toMatch(/Exit codes:\n {2}0 [\s\S]* {2}3 {2}the audit could not complete/);
    expect(run.stdout).not.toContain('--scenario');
  });

  it('shows controls only what applies to it', async () => {
    const run = await runCli(['controls', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('default: "table")');
    expect(run.stdout).toMatch(/Exit codes:\n {2}0 {2}the list was written\n {2}2 {2}usage or configuration error/);
    expect(run.stdout).not.toContain('--fail-on');
    expect(run.stdout).not.toContain('the audit could not complete');
  });

  it('exits 2 for an unregistered cloud, listing the registered ones, before anything runs', async () => {
    const fake = collector();
    const run = await runCli(['audit', 'gcp', '--projects', 'p1'], { deps: fake });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('inferguard: error: Unknown cloud "gcp" for audit. Registered: aws.');
    expect(fake.calls).toHaveLength(0);
    const none = await runCli(['audit']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('Name the cloud to audit: inferguard audit <cloud>, one of aws');
  });

  it('passes the default concurrency and request timeout to the reader, and the flags when given', async () => {
    const fake = collector();
    await runCli(['audit', 'aws', '--quiet'], { env: REGION_ENV, deps: fake });
    await runCli(['audit', 'aws', '--quiet', '--concurrency', '3', '--request-timeout-ms', '2500'], { env: REGION_ENV, deps: fake });
    expect(fake.calls.map((c) => [c.concurrency, c.requestTimeoutMs])).toEqual([
      [16, 30_000],
      [3, 2500],
    ]);
    const bad = await runCli(['audit', 'aws', '--request-timeout-ms', '0'], { env: REGION_ENV, deps: fake });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("option '--request-timeout-ms <ms>' argument '0' is invalid. Expected a whole number from 100 to 600000.");
  });
});

describe('--profile that does not exist', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('is one line that names the profile (the SDK\'s real credential chain)', async () => {
    const home = tempDir();
    writeFileSync(join(home, 'config'), '[profile audit]\nregion = us-east-1\n');
    writeFileSync(join(home, 'credentials'), '[audit]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = secret\n');
    for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_WEB_IDENTITY_TOKEN_FILE', 'AWS_CONTAINER_CREDENTIALS_FULL_URI', 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI']) {
      delete process.env[name];
    }
    Object.assign(process.env, { AWS_CONFIG_FILE: join(home, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'), AWS_EC2_METADATA_DISABLED: 'true' });
    const fake = collector();
    const deps = { ...fake, checkAwsCredentials: realAwsDeps().checkAwsCredentials };
    const run = await runCli(['audit', 'aws', '--profile', 'nope', '--regions', 'us-east-1'], { deps });
    expect(run.code).toBe(3);
    const errors = run.stderr.split('\n').filter((line) => line.startsWith('inferguard: error:'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^inferguard: error: The AWS audit could not run: no credentials for AWS profile "nope" \(.+\)\. Check the name \(aws configure list-profiles\)/);
    expect(run.stderr).not.toContain('--debug');
    expect(fake.calls).toHaveLength(0);
    const found = await runCli(['audit', 'aws', '--profile', 'audit', '--regions', 'us-east-1', '--quiet'], { deps });
    expect(found.code).toBe(0);
    expect(fake.calls).toHaveLength(1);
  });
});
