// The CI example: a scheduled workflow with exactly the permissions it needs, OIDC credentials, snapshots in S3 and
// the SARIF report uploaded to code scanning. Its drift step's shell script is run for real with a stand-in `npx`,
// for each exit code of `inferguard drift`.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scratchDir } from '../../support/scratch';
import { readWorkflow, stepMatching, type WorkflowHeader, type WorkflowStep } from './workflow';

interface DriftWorkflow extends WorkflowHeader {
  readonly jobs: Record<string, { readonly steps: readonly WorkflowStep[]; readonly env: Record<string, string> }>;
}

const workflow = readWorkflow<DriftWorkflow>('inferguard-drift.yml');
const job = workflow.jobs.drift;
const step = (pattern: RegExp): WorkflowStep => stepMatching(job.steps, pattern);

describe('examples/github-actions/inferguard-drift.yml', () => {
  it('runs on a cron schedule (and on demand), one run at a time', () => {
    expect(workflow.on.schedule?.map((s) => s.cron)).toEqual(['17 6 * * *']);
    expect(workflow.on.schedule?.[0].cron.split(' ')).toHaveLength(5);
    expect(workflow.on).toHaveProperty('workflow_dispatch');
    expect(workflow.concurrency['cancel-in-progress']).toBe(false);
  });

  it('asks for exactly the permissions it needs', () => {
    expect(workflow.permissions).toEqual({ contents: 'read', 'id-token': 'write', 'security-events': 'write' });
  });

  it('assumes a role with OIDC, with no stored keys anywhere', () => {
    const credentials = step(/^aws-actions\/configure-aws-credentials@/);
    expect(credentials.with?.['role-to-assume']).toBe('${{ vars.INFERGUARD_AUDITOR_ROLE_ARN }}');
    expect(JSON.stringify(workflow)).not.toMatch(/aws-access-key-id|aws-secret-access-key|secrets\./);
  });

  it('runs inferguard drift aws with an S3 store and a SARIF report, then uploads it to code scanning', () => {
    const drift = step(/inferguard drift aws/);
    expect(drift.run).toContain('npx inferguard drift aws --store "$SNAPSHOT_STORE" --retain 365 --format sarif --output drift.sarif');
    expect(job.env.SNAPSHOT_STORE).toMatch(/^s3:\/\/\$\{\{ vars\.INFERGUARD_SNAPSHOT_BUCKET \}\}\/drift\/aws$/);
    const upload = step(/^github\/codeql-action\/upload-sarif@/);
    expect(upload.with).toEqual({ sarif_file: 'drift.sarif', category: 'inferguard-drift-aws' });
    expect(upload.if).toContain('always()');
    // The upload comes after the drift step and before the step that fails the run on drift.
    const order = job.steps.map((s) => s.uses ?? s.run ?? '');
    const at = (pattern: RegExp) => order.findIndex((s) => pattern.test(s));
    expect(at(/configure-aws-credentials/)).toBeLessThan(at(/inferguard drift aws/));
    expect(at(/inferguard drift aws/)).toBeLessThan(at(/upload-sarif/));
    expect(at(/upload-sarif/)).toBeLessThan(at(/found drift since the last snapshot/));
  });

  it.each([
    [0, 0, '0'],
    [1, 0, '1'],
    [2, 2, '2'],
    [3, 3, '3'],
  ])('the drift step, when inferguard exits %i, exits %i and records exit-code=%s', (inferguardCode, stepCode, recorded) => {
    const bash = execFileSync('bash', ['-c', 'command -v bash'], { encoding: 'utf8' }).trim();
    const dir = scratchDir('inferguard-workflow-');
    const npx = join(dir, 'npx');
    writeFileSync(npx, `#!${bash}\necho "$@" > "${join(dir, 'args')}"\nexit ${inferguardCode}\n`);
    chmodSync(npx, 0o755);
    const output = join(dir, 'github-output');
    writeFileSync(output, '');
    const result = spawnSync(bash, ['-e', '-c', step(/inferguard drift aws/).run ?? ''], {
      env: { PATH: `${dir}:${process.env.PATH ?? ''}`, GITHUB_OUTPUT: output, SNAPSHOT_STORE: 's3://bucket/drift/aws' },
      encoding: 'utf8',
    });
    expect(result.status).toBe(stepCode);
    expect(readFileSync(output, 'utf8')).toBe(`exit-code=${recorded}\n`);
    expect(readFileSync(join(dir, 'args'), 'utf8').trim()).toBe('inferguard drift aws --store s3://bucket/drift/aws --retain 365 --format sarif --output drift.sarif');
  });
});
