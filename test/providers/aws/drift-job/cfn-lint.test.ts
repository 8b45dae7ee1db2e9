// cfn-lint (the CloudFormation linter AWS publishes, on this machine's image) over the drift job's templates: the
// defaults, auditing another account, and access logs off. Zero errors: CloudFormation would accept them.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { ScheduledDriftCheckProps } from '../../../../providers/aws/drift-job/props';
import { driftJobApp } from './support';

const run = promisify(execFile);

const VARIANTS: readonly ScheduledDriftCheckProps[] = [
  {},
  { auditRole: { roleArn: 'arn:aws:iam::444455556666:role/InferguardAuditor', externalId: 'audit-42' }, regions: ['us-east-1', 'eu-west-1'], scheduleExpression: 'rate(12 hours)' },
  { serverAccessLogsDisabledReason: 'Object-level CloudTrail data events on this bucket are the access record.' },
];

interface LintMatch {
  readonly Level: string;
  readonly Rule: { readonly Id: string };
  readonly Message: string;
  readonly Filename: string;
}

it('cfn-lint reports no error in any variant\'s template', async () => {
  const templates = VARIANTS.map((props) => {
    const { app, stack } = driftJobApp(props);
    app.synth();
    return join(app.outdir, stack.templateFile);
  });
  const output = await run('cfn-lint', ['--format', 'json', '--', ...templates], { maxBuffer: 16 * 1024 * 1024 }).catch((error: { stdout?: string; stderr?: string }) => {
    if (!error.stdout) throw new Error(`cfn-lint did not run (is it installed? python3 -m pip install cfn-lint): ${error.stderr ?? String(error)}`);
    return { stdout: error.stdout };
  });
  const matches = JSON.parse(output.stdout) as LintMatch[];
  expect(matches.filter((m) => m.Level === 'Error').map((m) => `${m.Filename}: ${m.Rule.Id} ${m.Message}`)).toEqual([]);
  process.stdout.write(`cfn-lint warnings: ${JSON.stringify(matches.map((m) => `${m.Level} ${m.Rule.Id} ${m.Message}`))}\n`);
}, 300_000);
