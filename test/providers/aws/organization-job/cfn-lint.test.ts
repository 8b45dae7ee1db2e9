// cfn-lint (the CloudFormation linter AWS publishes, on this machine's image) over the organization job's templates
// (audit defaults; drift mode under OUs), the StackSet's stack and the member template it deploys. Zero errors.
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { AuditorRoleStackSet, auditorRoleMemberTemplate } from '../../../../providers/aws/organization-job/auditor-role-stack-set';
import type { ShardedOrganizationAuditProps } from '../../../../providers/aws/organization-job/props';
import { scratchDir } from '../../../support/scratch';
import { ACCOUNT, organizationJobApp, REGION } from './support';

const run = promisify(execFile);

const VARIANTS: readonly ShardedOrganizationAuditProps[] = [
  {},
  { mode: 'drift', organizationalUnitIds: ['ou-ab12-11111111'], externalId: 'audit-42', shardCount: 40, maxConcurrency: 8 },
];

interface LintMatch {
  readonly Level: string;
  readonly Rule: { readonly Id: string };
  readonly Message: string;
  readonly Filename: string;
}

it('cfn-lint reports no error in the job, the StackSet or the member template', async () => {
  const templates = VARIANTS.map((props) => {
    const { app, stack } = organizationJobApp(props);
    app.synth();
    return join(app.outdir, stack.templateFile);
  });
  const app = new App({ outdir: scratchDir('inferguard-stackset-lint-') });
  const stack = new Stack(app, 'AuditorRoles', { env: { account: ACCOUNT, region: REGION } });
  new AuditorRoleStackSet(stack, 'AuditorRoles', { trustedPrincipalArns: ['arn:aws:iam::111122223333:role/shard'], externalId: 'audit-42', targets: { organizationalUnitIds: ['r-ab12'] } });
  app.synth();
  templates.push(join(app.outdir, stack.templateFile));
  for (const requireExternalId of [false, true]) {
    const member = join(app.outdir, `member-${requireExternalId}.template.json`);
    writeFileSync(member, JSON.stringify(auditorRoleMemberTemplate({ roleName: 'InferguardAuditor', maxSessionDuration: Duration.hours(1), requireExternalId })));
    templates.push(member);
  }
  const output = await run('cfn-lint', ['--format', 'json', '--', ...templates], { maxBuffer: 16 * 1024 * 1024 }).catch((error: { stdout?: string; stderr?: string }) => {
    if (!error.stdout) throw new Error(`cfn-lint did not run (is it installed? python3 -m pip install cfn-lint): ${error.stderr ?? String(error)}`);
    return { stdout: error.stdout };
  });
  const matches = JSON.parse(output.stdout) as LintMatch[];
  expect(matches.filter((m) => m.Level === 'Error').map((m) => `${m.Filename}: ${m.Rule.Id} ${m.Message}`)).toEqual([]);
  process.stdout.write(`cfn-lint warnings: ${JSON.stringify(matches.map((m) => `${m.Level} ${m.Rule.Id} ${m.Message}`))}\n`);
}, 300_000);
