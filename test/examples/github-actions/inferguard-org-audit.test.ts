// The organization-audit CI example: a matrix of shard jobs (OIDC credentials, one JSON report each, kept as an
// artifact) and a merge job (the reports merged, SARIF to code scanning, the run failed on exit 1 or 3 after the
// upload). Each shard step's script runs for real with a stand-in `npx` that writes a real shard report (runAudit
// over a split estate); the merge step's script runs for real with the real CLI (bundled from the sources) on them.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildSync } from 'esbuild';
import { render as renderJson } from '../../../checker/report/json';
import { SHARD_MISSING } from '../../../checker/report/merge';
import { exitCodeFor, type Report } from '../../../checker/run';
import { describeErrors, validateSarif } from '../../checker/report/schemas/validate';
import { accountsOfShard, shardReport, type OrgOptions } from '../../checker/report/shard-reports';
import { scratchDir } from '../../support/scratch';
import { readWorkflow, stepMatching, type WorkflowHeader, type WorkflowStep } from './workflow';

interface Job {
  readonly needs?: string;
  readonly if?: string;
  readonly permissions: Record<string, string>;
  readonly strategy?: { readonly 'fail-fast': boolean; readonly matrix: { readonly shard: readonly number[] } };
  readonly env?: Record<string, string>;
  readonly steps: readonly WorkflowStep[];
}

interface OrgAuditWorkflow extends WorkflowHeader {
  readonly env: { readonly SHARD_COUNT: number };
  readonly jobs: { readonly shard: Job; readonly merge: Job };
}

const REPO = resolve(__dirname, '../../..');
const workflow = readWorkflow<OrgAuditWorkflow>('inferguard-org-audit.yml');
const { shard: shardJob, merge: mergeJob } = workflow.jobs;
const SHARDS = workflow.env.SHARD_COUNT;

const step = (job: Job, pattern: RegExp): WorkflowStep => stepMatching(job.steps, pattern);

const auditStep = step(shardJob, /inferguard audit aws/);
const mergeStep = step(mergeJob, /inferguard merge/);
const bash = execFileSync('bash', ['-c', 'command -v bash'], { encoding: 'utf8' }).trim();

/** A step's script as the runner gives it to bash: the matrix expression replaced by the shard number. */
const script = (s: WorkflowStep, shard?: number) => (s.run ?? '').replaceAll('${{ matrix.shard }}', String(shard ?? ''));

function runScript(source: string, dir: string, npxBody: string, env: Record<string, string> = {}) {
  const bin = join(dir, 'bin');
  mkdirSync(bin, { recursive: true });
  writeFileSync(join(bin, 'npx'), `#!${bash}\n${npxBody}\n`);
  chmodSync(join(bin, 'npx'), 0o755);
  const output = join(dir, 'github-output');
  writeFileSync(output, '');
  const result = spawnSync(bash, ['-e', '-c', source], {
    cwd: dir,
    env: { PATH: `${bin}:${process.env.PATH ?? ''}`, GITHUB_OUTPUT: output, SHARD_COUNT: String(SHARDS), MEMBER_ROLE_NAME: 'InferguardAuditor', ...env },
    encoding: 'utf8',
  });
  return { status: result.status, stderr: result.stderr, stdout: result.stdout, outputs: readFileSync(output, 'utf8') };
}

describe('examples/github-actions/inferguard-org-audit.yml', () => {
  it('runs on a cron schedule (and on demand), one run at a time', () => {
    expect(workflow.on.schedule?.[0].cron.split(' ')).toHaveLength(5);
    expect(workflow.on).toHaveProperty('workflow_dispatch');
    expect(workflow.concurrency['cancel-in-progress']).toBe(false);
  });

  it('gives each job only the permissions it needs, with OIDC credentials and no stored keys', () => {
    expect(workflow.permissions).toEqual({ contents: 'read' });
    expect(shardJob.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    expect(mergeJob.permissions).toEqual({ contents: 'read', 'security-events': 'write' });
    const credentials = step(shardJob, /^aws-actions\/configure-aws-credentials@/);
    expect(credentials.with?.['role-to-assume']).toBe('${{ vars.INFERGUARD_ORG_ROLE_ARN }}');
    expect(String(credentials.with?.['role-session-name'])).toContain('${{ matrix.shard }}');
    expect(mergeJob.steps.some((s) => /configure-aws-credentials/.test(s.uses ?? ''))).toBe(false);
    expect(JSON.stringify(workflow)).not.toMatch(/aws-access-key-id|aws-secret-access-key|secrets\./);
  });

  it('runs one job per shard, 1 to SHARD_COUNT, none cancelling the others, and the merge after all of them even when one failed', () => {
    expect(shardJob.strategy?.matrix.shard).toEqual(Array.from({ length: SHARDS }, (_, i) => i + 1));
    expect(shardJob.strategy?.['fail-fast']).toBe(false);
    expect(mergeJob.needs).toBe('shard');
    expect(mergeJob.if).toBe('${{ always() }}');
  });

  it('each shard uploads its report under a name the merge job downloads', () => {
    const upload = step(shardJob, /^actions\/upload-artifact@/);
    expect(upload.with).toMatchObject({ name: 'inferguard-shard-${{ matrix.shard }}', path: 'shard-${{ matrix.shard }}.json' });
    expect(upload.if).toContain('always()');
    const download = step(mergeJob, /^actions\/download-artifact@/);
    expect(download.with).toEqual({ pattern: 'inferguard-shard-*', path: 'shards', 'merge-multiple': true });
    const order = mergeJob.steps.map((s) => s.uses ?? s.run ?? '');
    const at = (pattern: RegExp) => order.findIndex((s) => pattern.test(s));
    expect(at(/download-artifact/)).toBeLessThan(at(/inferguard merge/));
    expect(at(/inferguard merge/)).toBeLessThan(at(/upload-sarif/));
    expect(at(/upload-sarif/)).toBeLessThan(at(/^if \[ "\$\{\{ steps\.merge\.outputs\.exit-code \}\}"/));
    const sarif = step(mergeJob, /^github\/codeql-action\/upload-sarif@/);
    expect(sarif.with).toEqual({ sarif_file: 'org-audit.sarif', category: 'inferguard-org-audit-aws' });
  });

  it('fails the run on exit 1 or 3 of the merge, after the upload', () => {
    const fail = mergeJob.steps[mergeJob.steps.length - 1];
    expect(fail.if).toBe("${{ steps.merge.outputs.exit-code == '1' || steps.merge.outputs.exit-code == '3' }}");
    expect(mergeStep.id).toBe('merge');
  });

  it.each([
    [0, 0],
    [1, 0],
    [3, 0],
    [2, 2],
  ])('the shard step, when inferguard audit exits %i, exits %i, with the shard and the role in the command', (auditCode, stepCode) => {
    const dir = scratchDir('inferguard-org-shard-');
    const run = runScript(script(auditStep, 2), dir, `echo "$@" > args\nexit ${auditCode}`);
    expect(run.status).toBe(stepCode);
    expect(readFileSync(join(dir, 'args'), 'utf8').trim()).toBe(
      `inferguard audit aws --organization --role-name InferguardAuditor --shard 2/${SHARDS} --format json --output shard-2.json`,
    );
  });

  describe('the shards and the merge, run for real', () => {
    // The real CLI, bundled from the sources (node_modules stay external) next to a package.json naming it.
    const cliDir = scratchDir('inferguard-org-cli-');
    buildSync({ entryPoints: [join(REPO, 'bin/inferguard.ts')], bundle: true, platform: 'node', format: 'cjs', packages: 'external', outfile: join(cliDir, 'inferguard.js'), logLevel: 'error' });
    const { name, version } = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { name: string; version: string };
    writeFileSync(join(cliDir, 'package.json'), JSON.stringify({ name, version }));
    const realNpx = `[ "$1" = inferguard ] || exit 127\nshift\nNODE_PATH=${JSON.stringify(join(REPO, 'node_modules'))} exec ${JSON.stringify(process.execPath)} ${JSON.stringify(join(cliDir, 'inferguard.js'))} "$@"`;

    /** Runs each shard's step (a stand-in audit writing the shard's real report), keeps the reports as the artifacts would, then the merge step. */
    function pipeline(options: OrgOptions, failedShards: readonly number[]) {
      const root = scratchDir('inferguard-org-run-');
      const merged = join(root, 'merge');
      mkdirSync(join(merged, 'shards'), { recursive: true });
      for (let shard = 1; shard <= SHARDS; shard += 1) {
        const dir = join(root, `shard-${shard}`);
        mkdirSync(dir);
        const report = shardReport(shard, SHARDS, options);
        writeFileSync(join(dir, 'prepared.json'), renderJson(report));
        // A failed shard ends with a usage error and writes nothing; the others write their report at --output.
        const npx = failedShards.includes(shard)
          ? 'exit 2'
          : `while [ "$#" -gt 0 ]; do if [ "$1" = --output ]; then cp prepared.json "$2"; fi; shift; done\nexit ${exitCodeFor(report, 'low')}`;
        const run = runScript(script(auditStep, shard), dir, npx);
        expect(run.status).toBe(failedShards.includes(shard) ? 2 : 0);
        if (existsSync(join(dir, `shard-${shard}.json`))) copyFileSync(join(dir, `shard-${shard}.json`), join(merged, 'shards', `shard-${shard}.json`));
      }
      const run = runScript(script(mergeStep), merged, realNpx);
      return { ...run, dir: merged };
    }

    it('all shards clean: exit-code 0, and the SARIF is valid', () => {
      const run = pipeline({ clean: true, allReadable: true }, []);
      expect(run.stderr).toMatch(/exit 0: no failing finding at or above low/);
      expect(run.status).toBe(0);
      expect(run.outputs).toBe('exit-code=0\n');
      const log: unknown = JSON.parse(readFileSync(join(run.dir, 'org-audit.sarif'), 'utf8'));
      expect(validateSarif(log)).toBe(true);
      expect(describeErrors(validateSarif.errors)).toEqual([]);
    }, 60_000);

    it('a failed shard: the merge still runs, records exit-code 3, and its accounts are a gap in the report and the SARIF', () => {
      const run = pipeline({ clean: true, allReadable: true }, [3]);
      expect(run.status).toBe(0);
      expect(run.outputs).toBe('exit-code=3\n');
      const report = JSON.parse(readFileSync(join(run.dir, 'org-audit.json'), 'utf8')) as Report;
      const gap = report.gaps.find((g) => g.errorCode === SHARD_MISSING);
      expect(gap?.resourceId).toBe(`shard 3/${SHARDS}`);
      const lost = accountsOfShard(3, SHARDS, { allReadable: true });
      for (const account of lost) expect(gap?.message).toContain(account);
      expect(readFileSync(join(run.dir, 'org-audit.sarif'), 'utf8')).toContain(`shard 3/${SHARDS}`);
    }, 60_000);

    it('failing findings: exit-code 1', () => {
      const run = pipeline({}, []);
      expect(run.status).toBe(0);
      expect(run.outputs).toBe('exit-code=1\n');
    }, 60_000);

    it('every shard failed: the merge step fails (exit 3), with no report to upload', () => {
      const run = pipeline({ clean: true }, [1, 2, 3, 4]);
      expect(run.status).toBe(3);
      expect(run.outputs).toBe('exit-code=3\n');
      expect(run.stderr).toMatch(/none of the reports exists/);
      expect(existsSync(join(run.dir, 'org-audit.sarif'))).toBe(false);
    }, 60_000);
  });
});
