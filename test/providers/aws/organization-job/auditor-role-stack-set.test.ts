// AuditorRoleStackSet: the member template's role carries the shipped auditor policy verbatim and nothing else,
// read-only; it trusts the audit job's role (and demands the external id when given); service-managed and
// self-managed targets; cdk-nag on both the StackSet's stack and the member template (included as a stack), and the
// inferguard scan of the member template.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Duration, Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { CfnInclude } from 'aws-cdk-lib/cloudformation-include';
import { AwsSolutionsChecks } from 'cdk-nag';
import auditorPolicy from '../../../../providers/aws/live/auditor-policy.json';
import { AuditorRoleStackSet, AuditorRoleStackSetConfigurationError, MEMBER_ROLE_LOGICAL_ID, type AuditorRoleStackSetProps } from '../../../../providers/aws/organization-job/auditor-role-stack-set';
import { ShardedOrganizationAudit } from '../../../../providers/aws/organization-job/sharded-organization-audit';
import { runCli } from '../../../bin/cli-harness';
import { scratchDir } from '../../../support/scratch';
import { ACCOUNT, REGION } from './support';

const JOB_ROLE = 'arn:aws:iam::111122223333:role/inferguard-org-shard';

function stackSetApp(props: Partial<AuditorRoleStackSetProps> = {}) {
  const app = new App({ outdir: scratchDir('inferguard-stackset-') });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  const stack = new Stack(app, 'AuditorRoles', { env: { account: ACCOUNT, region: REGION } });
  const roles = new AuditorRoleStackSet(stack, 'AuditorRoles', { trustedPrincipalArns: [JOB_ROLE], targets: { organizationalUnitIds: ['r-ab12'] }, ...props });
  return { app, stack, roles };
}

type Role = { Type: string; Properties: { RoleName: string; MaxSessionDuration: number; AssumeRolePolicyDocument: { Statement: Record<string, unknown>[] }; Policies: { PolicyName: string; PolicyDocument: unknown }[]; ManagedPolicyArns?: unknown } };

function deployed(stack: Stack) {
  const [, stackSet] = Object.entries(Template.fromStack(stack).toJSON().Resources as Record<string, { Type: string; Properties: Record<string, unknown> }>).find(([, r]) => r.Type === 'AWS::CloudFormation::StackSet') ?? [];
  if (!stackSet) throw new Error('no StackSet');
  const member = JSON.parse(stackSet.Properties.TemplateBody as string) as { Resources: Record<string, Role>; Parameters: Record<string, unknown> };
  return { properties: stackSet.Properties, member };
}

describe('AuditorRoleStackSet', () => {
  it('deploys one role whose only policy is the shipped auditor policy, verbatim and read-only', () => {
    const { app, stack } = stackSetApp();
    expect(() => app.synth()).not.toThrow();
    const { member } = deployed(stack);
    expect(Object.values(member.Resources).map((r) => r.Type)).toEqual(['AWS::IAM::Role']);
    const role = member.Resources[MEMBER_ROLE_LOGICAL_ID].Properties;
    expect(role.Policies).toEqual([{ PolicyName: 'inferguard-auditor', PolicyDocument: auditorPolicy }]);
    expect(role.ManagedPolicyArns).toBeUndefined();
    const actions = (auditorPolicy.Statement as { Action: string[] }[]).flatMap((s) => s.Action);
    expect(actions.filter((a) => !/^[a-z0-9]+:(List|Describe|Get)[A-Za-z]+$/.test(a))).toEqual([]);
    expect(role).toMatchObject({ RoleName: 'InferguardAuditor', MaxSessionDuration: 3600 });
  }, 120_000);

  it('trusts the audit account narrowed to the job\'s role, and demands the external id when one is given', () => {
    const plain = deployed(stackSetApp().stack);
    const trust = plain.member.Resources[MEMBER_ROLE_LOGICAL_ID].Properties.AssumeRolePolicyDocument.Statement;
    expect(trust).toEqual([
      {
        Sid: 'TheInferguardAuditJob',
        Effect: 'Allow',
        Principal: { AWS: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${TrustedAccountId}:root' } },
        Action: 'sts:AssumeRole',
        Condition: { ArnEquals: { 'aws:PrincipalArn': { Ref: 'TrustedPrincipalArns' } } },
      },
    ]);
    expect(plain.properties.Parameters).toEqual([
      { ParameterKey: 'TrustedAccountId', ParameterValue: ACCOUNT },
      { ParameterKey: 'TrustedPrincipalArns', ParameterValue: JOB_ROLE },
    ]);
    const withId = deployed(stackSetApp({ externalId: 'audit-42', maxSessionDuration: Duration.hours(2) }).stack);
    const role = withId.member.Resources[MEMBER_ROLE_LOGICAL_ID].Properties;
    expect(role.AssumeRolePolicyDocument.Statement[0].Condition).toEqual({ ArnEquals: { 'aws:PrincipalArn': { Ref: 'TrustedPrincipalArns' } }, StringEquals: { 'sts:ExternalId': { Ref: 'ExternalId' } } });
    expect(role.MaxSessionDuration).toBe(7200);
    expect(withId.properties.Parameters).toContainEqual({ ParameterKey: 'ExternalId', ParameterValue: 'audit-42' });
  });

  it('service-managed: auto-deploys to the OUs in one region; self-managed: the listed accounts', () => {
    const service = deployed(stackSetApp().stack).properties;
    expect(service).toMatchObject({
      PermissionModel: 'SERVICE_MANAGED',
      AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: false },
      CallAs: 'SELF',
      Capabilities: ['CAPABILITY_NAMED_IAM'],
      StackInstancesGroup: [{ Regions: [REGION], DeploymentTargets: { OrganizationalUnitIds: ['r-ab12'] } }],
    });
    const self = deployed(stackSetApp({ targets: { accounts: ['444455556666'] } }).stack).properties;
    expect(self).toMatchObject({ PermissionModel: 'SELF_MANAGED', StackInstancesGroup: [{ Regions: [REGION], DeploymentTargets: { Accounts: ['444455556666'] } }] });
    expect(self.AutoDeployment).toBeUndefined();
  });

  it('trusts the organization job\'s shard role when both are in one stack (a token parameter), and cdk-nag passes', () => {
    const app = new App({ outdir: scratchDir('inferguard-stackset-') });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    const stack = new Stack(app, 'Org', { env: { account: ACCOUNT, region: REGION } });
    const job = new ShardedOrganizationAudit(stack, 'Audit', { externalId: 'audit-42' });
    new AuditorRoleStackSet(stack, 'AuditorRoles', { trustedPrincipalArns: [job.shardRole.roleArn], roleName: job.settings.roleName, externalId: 'audit-42', targets: { organizationalUnitIds: ['r-ab12'] } });
    expect(() => app.synth()).not.toThrow();
    const { properties } = deployed(stack);
    expect(JSON.stringify(properties.Parameters)).toContain('AuditShardRole');
  }, 240_000);

  it.each<[string, Partial<AuditorRoleStackSetProps>, string]>([
    ['nobody trusted', { trustedPrincipalArns: [] }, 'trustedPrincipalArns is empty'],
    ['a session over 12 hours', { maxSessionDuration: Duration.hours(13) }, 'IAM accepts 1 to 12 hours'],
    ['no OU', { targets: { organizationalUnitIds: [] } }, 'organizationalUnitIds is empty'],
    ['an account that is not one', { targets: { accounts: ['1234'] } }, 'not a 12-digit account id'],
    ['a role path as name', { roleName: 'audit/Inferguard' }, 'is not an IAM role name'],
  ])('refuses %s', (_name, props, problem) => {
    expect(() => stackSetApp(props)).toThrow(AuditorRoleStackSetConfigurationError);
    expect(() => stackSetApp(props)).toThrow(problem);
  });
});

describe('the member template on its own', () => {
  let file: string;
  beforeAll(() => {
    const { stack } = stackSetApp({ externalId: 'audit-42' });
    file = join(scratchDir('inferguard-member-'), 'member.template.json');
    writeFileSync(file, JSON.stringify(deployed(stack).member, null, 2));
  });

  it('passes cdk-nag AwsSolutions once the read-only wildcard is acknowledged as the drift job acknowledges it', () => {
    const app = new App({ outdir: scratchDir('inferguard-member-app-') });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    const stack = new Stack(app, 'Member', { env: { account: '444455556666', region: REGION } });
    const include = new CfnInclude(stack, 'Template', { templateFile: file, parameters: { TrustedAccountId: ACCOUNT, TrustedPrincipalArns: [JOB_ROLE], ExternalId: 'audit-42' } });
    // Without the acknowledgement exactly one finding: the auditor policy's Resource "*" (Describe/List calls
    // without resource-level permissions). Nothing else in the template is flagged.
    expect(() => app.synth()).toThrow(/AwsSolutions-IAM5\[Resource::\*\]/);
    const again = new App({ outdir: scratchDir('inferguard-member-app-') });
    Validations.of(again).addPlugins(new AwsSolutionsChecks(again));
    const stack2 = new Stack(again, 'Member', { env: { account: '444455556666', region: REGION } });
    const include2 = new CfnInclude(stack2, 'Template', { templateFile: file, parameters: { TrustedAccountId: ACCOUNT, TrustedPrincipalArns: [JOB_ROLE], ExternalId: 'audit-42' } });
    Validations.of(include2.getResource(MEMBER_ROLE_LOGICAL_ID)).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'The shipped auditor policy: read-only Describe/List/Get calls, most without resource-level permissions.',
    });
    expect(() => again.synth()).not.toThrow();
    expect(include.getResource(MEMBER_ROLE_LOGICAL_ID)).toBeDefined();
  }, 120_000);

  it('inferguard scan of the member template: no failure, nothing unknown', async () => {
    const run = await runCli(['scan', file, '--format', 'json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { findings: { status: string; controlId: string }[]; gaps: unknown[] };
    expect(report.findings.filter((f) => f.status === 'fail' || f.status === 'unknown')).toEqual([]);
    expect(report.gaps).toEqual([]);
  }, 60_000);
});
