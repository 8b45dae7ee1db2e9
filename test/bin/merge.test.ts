// `inferguard merge` end to end: shard reports written as `audit --format json` writes them, merged by the
// CLI into one report in any format, with the exit code of the whole; missing, failed, corrupt and
// conflicting inputs are gaps or errors naming the file, never a silent hole.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { render as renderJson } from '../../checker/report/json';
import { mergeReports, SHARD_MISSING } from '../../checker/report/merge';
import { exitCodeFor, type Report } from '../../checker/run';
import { describeErrors, validateSarif } from '../checker/report/schemas/validate';
import { ACCOUNTS, accountsOfShard, shardReport, wholeEstateReport } from '../checker/report/shard-reports';
import { runCli, tempDir } from './cli-harness';

function writeShards(dir: string, reports: Record<string, Report>): void {
  for (const [name, report] of Object.entries(reports)) writeFileSync(join(dir, name), renderJson(report));
}

describe('inferguard merge', () => {
  const cwd = tempDir();
  const shards = [1, 2, 3].map((i) => shardReport(i, 3));
  writeShards(cwd, { 'shard-1.json': shards[0], 'shard-2.json': shards[1], 'shard-3.json': shards[2] });
  const clean = { clean: true, allReadable: true };
  writeShards(cwd, { 'clean-1.json': shardReport(1, 3, clean), 'clean-2.json': shardReport(2, 3, clean), 'clean-3.json': shardReport(3, 3, clean) });

  it('merges three shards into the report of the whole estate, with its exit code (1: failures)', async () => {
    const run = await runCli(['merge', 'shard-3.json', 'shard-1.json', 'shard-2.json', '--format', 'json'], { cwd });
    const whole = wholeEstateReport();
    expect(run.code).toBe(exitCodeFor(whole, 'low'));
    expect(run.code).toBe(1);
    const merged = JSON.parse(run.stdout) as Report;
    expect(merged.findings).toEqual(JSON.parse(JSON.stringify(whole.findings)));
    expect(merged.summary).toEqual(whole.summary);
    expect(run.stdout).toBe(renderJson(mergeReports(shards.map((report, i) => ({ location: `shard-${i + 1}.json`, report }))).report));
    expect(run.stderr).toMatch(/exit 1: .*failing finding/);
  });

  it('writes the same bytes whatever the order of the files, and --output writes them to a file', async () => {
    const one = await runCli(['merge', 'shard-1.json', 'shard-2.json', 'shard-3.json', '--format', 'json', '--quiet'], { cwd });
    const other = await runCli(['merge', 'shard-2.json', 'shard-3.json', 'shard-1.json', '--format', 'json', '--output', 'merged.json', '--quiet'], { cwd });
    expect(other.code).toBe(one.code);
    expect(other.stdout).toBe('');
    expect(other.stderr).toBe('');
    expect(readFileSync(join(cwd, 'merged.json'), 'utf8')).toBe(one.stdout);
    const again = await runCli(['merge', 'merged.json', 'shard-2.json', '--format', 'json'], { cwd });
    expect(again.stdout).toBe(one.stdout);
  });

  it('exits 0 for a complete, clean estate, and 3 when a shard report is not given (a gap naming its accounts)', async () => {
    expect((await runCli(['merge', 'clean-1.json', 'clean-2.json', 'clean-3.json'], { cwd })).code).toBe(0);
    const run = await runCli(['merge', 'clean-1.json', 'clean-3.json', '--format', 'json'], { cwd });
    expect(run.code).toBe(3);
    const gap = (JSON.parse(run.stdout) as Report).gaps.find((g) => g.errorCode === SHARD_MISSING);
    expect(gap?.resourceId).toBe('shard 2/3');
    for (const account of accountsOfShard(2, 3, clean)) expect(gap?.message).toContain(account);
    expect(run.stderr).toMatch(/1 shard of 3 missing \(2\): their accounts were not audited/);
    expect(run.stderr).toMatch(/exit 3: the audit is incomplete/);
  });

  it('a failed shard (no file) is a usage error naming it, unless --allow-missing makes it a gap: exit 3', async () => {
    const refused = await runCli(['merge', 'clean-1.json', 'clean-2.json', 'failed-3.json'], { cwd });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/failed-3\.json: no such file\..*--allow-missing/);
    expect(refused.stdout).toBe('');

    const run = await runCli(['merge', 'clean-1.json', 'clean-2.json', 'failed-3.json', '--allow-missing', '--shards', '3', '--format', 'json'], { cwd });
    expect(run.code).toBe(3);
    const report = JSON.parse(run.stdout) as Report;
    const gap = report.gaps.find((g) => g.errorCode === SHARD_MISSING);
    expect(gap?.resourceId).toBe('shard 3/3');
    for (const account of accountsOfShard(3, 3, clean)) expect(gap?.message).toContain(account);
    expect(report.estate).toEqual({ discovered: ACCOUNTS.filter((a) => a !== '444455556666'), shardCount: 3, shards: [1, 2] });
    expect(run.stderr).toMatch(/1 report missing \(failed-3\.json\); the shards no report covers are gaps/);
  });

  it('a missing file whose shard another report covers leaves no gap (and says so)', async () => {
    const run = await runCli(['merge', 'clean-1.json', 'clean-2.json', 'clean-3.json', 'retry-3.json', '--allow-missing'], { cwd });
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/1 report missing \(retry-3\.json\); the other reports cover every shard/);
  });

  it('every shard failed: exit 3, nothing was audited', async () => {
    const run = await runCli(['merge', 'failed-1.json', 'failed-2.json', '--allow-missing', '--shards', '2'], { cwd });
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/none of the reports exists \(failed-1\.json, failed-2\.json\).*nothing was audited/);
    expect(run.stdout).toBe('');
  });

  it('a missing file among reports that are not shards cannot be a gap: usage error', async () => {
    writeShards(cwd, { 'account.json': { ...wholeEstateReport(), estate: undefined } });
    const run = await runCli(['merge', 'account.json', 'other-account.json', '--allow-missing'], { cwd });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/other-account\.json: no such file, and the other reports carry no estate/);
  });

  it.each([
    ['a corrupt report', 'corrupt.json', '{"reportVersion": 1, "findings": [', /corrupt\.json is not valid JSON/],
    ['a foreign file', 'package.json', '{"name": "x"}', /package\.json is not an inferguard JSON report/],
    ['OCSF output', 'events.json', '[{"class_uid": 2003, "metadata": {}}]', /events\.json is OCSF output/],
    ['a newer report', 'newer.json', '{"reportVersion": 2, "tool": {"name": "inferguard", "version": "2.0.0"}}', /newer\.json has report format version 2/],
  ])('refuses %s with exit 2, naming the file', async (_what, name, text, message) => {
    writeFileSync(join(cwd, name), text);
    const run = await runCli(['merge', 'shard-1.json', name], { cwd });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe('');
  });

  it('refuses reports of different providers (exit 2), naming them', async () => {
    writeShards(cwd, { 'azure.json': { ...shards[1], provider: 'azure' } });
    const run = await runCli(['merge', 'shard-1.json', 'azure.json'], { cwd });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/cannot merge reports of different providers: provider aws \(shard-1\.json\); provider azure \(azure\.json\)/);
  });

  it('refuses --shards that the reports contradict, and an --output that is one of the inputs', async () => {
    const count = await runCli(['merge', 'shard-1.json', '--shards', '4'], { cwd });
    expect(count.code).toBe(2);
    expect(count.stderr).toMatch(/--shards 4, but shard-1\.json is shard 1\/3/);
    const overwrite = await runCli(['merge', 'shard-1.json', 'shard-2.json', '--output', 'shard-2.json'], { cwd });
    expect(overwrite.code).toBe(2);
    expect(overwrite.stderr).toMatch(/--output shard-2\.json is the input report shard-2\.json/);
  });

  it('renders SARIF that is valid SARIF 2.1.0, with the missing shard in it', async () => {
    const run = await runCli(['merge', 'shard-1.json', 'shard-3.json', '--format', 'sarif'], { cwd });
    expect(run.code).toBe(1);
    const log: unknown = JSON.parse(run.stdout);
    const valid = validateSarif(log);
    expect(describeErrors(validateSarif.errors)).toEqual([]);
    expect(valid).toBe(true);
    expect(run.stdout).toContain('shard 2/3');
  });

  it('--fail-on moves the exit code as in audit', async () => {
    const run = await runCli(['merge', 'shard-1.json', 'shard-2.json', 'shard-3.json', '--fail-on', 'critical', '--quiet'], { cwd });
    const whole = wholeEstateReport();
    expect(run.code).toBe(exitCodeFor(whole, 'critical'));
  });

  it('lists merge in the help', async () => {
    const run = await runCli(['merge', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Usage: inferguard merge \[options\] <reports\.\.\.>/);
    expect(run.stdout).toMatch(/--allow-missing/);
    expect(run.stdout).toMatch(/--shards <n>/);
  });
});
