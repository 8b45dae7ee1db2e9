// ShardedOrganizationAudit, synthesized for real: the state machine (list once, Distributed Map of shards that may
// fail without failing the run, merge, notify), least-privilege roles, cdk-nag AwsSolutions at synth (zero
// unacknowledged findings) and `inferguard scan` of the cloud assembly.
import { Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ORGANIZATION_JOB_ENV as ENV } from '../../../../providers/aws/organization-job/handler';
import { ShardedOrganizationAuditConfigurationError, resolveOrganizationJobSettings } from '../../../../providers/aws/organization-job/settings';
import type { ShardedOrganizationAuditProps } from '../../../../providers/aws/organization-job/props';
import { resultsWithStatus, synthAndScan, type Scan } from '../../../stacks/aws/scan-support';
import { organizationJobApp } from './support';

type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;
type Statement = { Sid?: string; Action: string | string[]; Resource: unknown; Condition?: unknown };

const resourcesOf = (template: Template, type: string) => Object.entries(template.toJSON().Resources as Resources).filter(([, r]) => r.Type === type);
const roleNamed = (template: Template, prefix: string) => {
  const found = resourcesOf(template, 'AWS::IAM::Role').find(([id]) => id.startsWith(prefix));
  if (!found) throw new Error(`no role ${prefix}`);
  return found[1].Properties;
};
const jobStatements = (role: Record<string, unknown>): Statement[] =>
  (role.Policies as { PolicyName: string; PolicyDocument: { Statement: Statement[] } }[]).find((p) => p.PolicyName === 'job')?.PolicyDocument.Statement ?? [];
const actionsOf = (statements: Statement[]) => statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action])).sort();

interface StateJson {
  Type: string;
  Next?: string;
  Retry?: { ErrorEquals: string[] }[];
  ItemProcessor?: { ProcessorConfig: Record<string, string>; StartAt: string; States: Record<string, StateJson> };
  MaxConcurrency?: number;
  ToleratedFailurePercentage?: number;
  ItemsPath?: string;
  ItemSelector?: Record<string, string>;
  Resource?: string;
}

/** The state machine's definition, with the function and topic references replaced by their logical ids. */
function definitionOf(template: Template): { StartAt: string; States: Record<string, StateJson>; TimeoutSeconds?: number } {
  const [, machine] = resourcesOf(template, 'AWS::StepFunctions::StateMachine')[0];
  const join = (machine.Properties.DefinitionString as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1];
  const text = join.map((part) => (typeof part === 'string' ? part : `<${JSON.stringify(part).replace(/"/g, "'")}>`)).join('');
  return JSON.parse(text) as { StartAt: string; States: Record<string, StateJson> };
}

describe('ShardedOrganizationAudit with its defaults', () => {
  let template: Template;
  let scan: Scan;

  beforeAll(async () => {
    const { app, stack } = organizationJobApp({}, { nag: true });
    scan = await synthAndScan(app, stack);
    template = Template.fromStack(stack);
  }, 240_000);

  it('passes cdk-nag AwsSolutions at synth (synth threw nothing) and the inferguard scan: no failure, nothing unknown', () => {
    expect(scan.code).toBe(0);
    expect(resultsWithStatus(scan, 'fail')).toEqual([]);
    expect(resultsWithStatus(scan, 'unknown')).toEqual([]);
    expect(scan.gaps).toEqual([]);
    expect(scan.warnings).toEqual([]);
    expect(resultsWithStatus(scan, 'pass')).toEqual(['key-not-public @ Audit/Key', 'key-rotation-enabled @ Audit/Key']);
  });

  it('lists once, maps over the shards (failures tolerated, throttles retried), merges, and notifies only when there is news', () => {
    const definition = definitionOf(template);
    expect(definition.StartAt).toBe('ListAccounts');
    const states = definition.States;
    expect(states.ListAccounts.Next).toBe('Shards');
    const map = states.Shards;
    expect(map).toMatchObject({ Type: 'Map', ItemsPath: '$.shards', MaxConcurrency: 10, ToleratedFailurePercentage: 100, Next: 'MergeReports' });
    expect(map.ItemSelector).toEqual({ 'runId.$': '$.runId', 'shard.$': '$$.Map.Item.Value' });
    expect(map.ItemProcessor?.ProcessorConfig).toEqual({ Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' });
    const shard = map.ItemProcessor?.States.RunShard;
    expect(shard?.Retry?.map((r) => r.ErrorEquals)).toEqual([['Lambda.ServiceException', 'Lambda.AWSLambdaException', 'Lambda.SdkClientException', 'Lambda.TooManyRequestsException']]);
    expect(states.MergeReports.Next).toBe('AnythingToReport');
    expect(states.AnythingToReport.Type).toBe('Choice');
    expect(states.NotifyOutcome.Resource).toContain('sns:publish');
    // 10 shards, all at once: one wave of 15 minutes plus 30.
    expect(definition.TimeoutSeconds).toBe(45 * 60);
  });

  it('the scheduler may only start this state machine (and write its DLQ); the state machine logs everything, encrypted, and traces', () => {
    const schedulerRole = roleNamed(template, 'AuditSchedulerRole');
    const statements = (schedulerRole.Policies as { PolicyDocument: { Statement: Statement[] } }[])[0].PolicyDocument.Statement;
    expect(statements.map((s) => [s.Sid, s.Action])).toEqual([
      ['StartTheRun', 'states:StartExecution'],
      ['DeadLetters', 'sqs:SendMessage'],
    ]);
    expect(JSON.stringify(statements[0].Resource)).toContain('AuditStateMachine');
    const [, machine] = resourcesOf(template, 'AWS::StepFunctions::StateMachine')[0];
    expect(machine.Properties).toMatchObject({ TracingConfiguration: { Enabled: true }, LoggingConfiguration: { Level: 'ALL', IncludeExecutionData: true } });
    const logGroups = resourcesOf(template, 'AWS::Logs::LogGroup').map(([, g]) => g.Properties);
    expect(logGroups).toHaveLength(4);
    for (const group of logGroups) {
      expect(group.KmsKeyId).toBeDefined();
      expect(JSON.stringify(group.LogGroupName)).toContain('/aws/vendedlogs/inferguard/organization/');
    }
  });

  it('gives each function only what it does: list (Organizations List*), shard (AssumeRole of the member role), merge', () => {
    const list = jobStatements(roleNamed(template, 'AuditListRole'));
    expect(actionsOf(list)).toEqual(['kms:GenerateDataKey', 'logs:CreateLogStream', 'logs:PutLogEvents', 'organizations:ListAccounts', 's3:PutObject']);
    const shard = jobStatements(roleNamed(template, 'AuditShardRole'));
    expect(actionsOf(shard)).toEqual(['kms:Decrypt', 'kms:GenerateDataKey', 'logs:CreateLogStream', 'logs:PutLogEvents', 's3:GetObject', 's3:PutObject', 'sts:AssumeRole']);
    expect(shard.find((s) => s.Action === 'sts:AssumeRole')?.Resource).toEqual({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::*:role/InferguardAuditor']] });
    const merge = jobStatements(roleNamed(template, 'AuditMergeRole'));
    expect(actionsOf(merge)).toEqual(['kms:Decrypt', 'kms:GenerateDataKey', 'logs:CreateLogStream', 'logs:PutLogEvents', 's3:GetObject', 's3:ListBucket', 's3:PutObject']);
    // The listing report (the listing's gaps): written by the list function, read by the merge.
    const objectsOf = (statements: Statement[], action: string) => JSON.stringify(statements.find((s) => s.Action === action)?.Resource);
    expect(objectsOf(list, 's3:PutObject')).toMatch(/runs\/\*\/accounts\.txt.*runs\/\*\/listing\.json/);
    expect(objectsOf(merge, 's3:GetObject')).toMatch(/runs\/\*\/shards\/\*.*runs\/\*\/listing\.json/);
    // No function carries the auditor policy: member accounts are read only through the assumed role.
    for (const prefix of ['AuditListRole', 'AuditShardRole', 'AuditMergeRole']) expect(JSON.stringify(roleNamed(template, prefix))).not.toContain('sagemaker:');
  });

  it('passes the run\'s settings to the functions through their environment', () => {
    const fns = resourcesOf(template, 'AWS::Lambda::Function').map(([, f]) => f.Properties);
    expect(fns.map((f) => f.Handler).sort()).toEqual(['index.listAccounts', 'index.mergeShards', 'index.runShard']);
    const shard = fns.find((f) => f.Handler === 'index.runShard');
    expect(shard).toMatchObject({ Runtime: 'nodejs24.x', Timeout: 900, MemorySize: 1024 });
    const variables = (shard?.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(variables).toMatchObject({ [ENV.prefix]: 'organization/aws', [ENV.mode]: 'audit', [ENV.shardCount]: '10', [ENV.roleName]: 'InferguardAuditor', [ENV.sessionName]: 'inferguard-audit' });
    expect(variables[ENV.topicArn]).toBeUndefined();
  });

  it('alarms on a failed or timed-out run, a failed shard and an undelivered start', () => {
    const metrics = resourcesOf(template, 'AWS::CloudWatch::Alarm').map(([, a]) => a.Properties.MetricName).sort();
    expect(metrics).toEqual(['ApproximateNumberOfMessagesVisible', 'Errors', 'ExecutionsFailed', 'ExecutionsTimedOut']);
  });
});

describe('ShardedOrganizationAudit variants', () => {
  it('drift mode under OUs, with an external id: per-shard snapshot store, drift news, ListAccountsForParent/ListOrganizationalUnitsForParent, and cdk-nag passes', () => {
    const { app, stack } = organizationJobApp(
      { mode: 'drift', organizationalUnitIds: ['ou-ab12-11111111'], excludeAccountIds: ['999999999999'], externalId: 'audit-42', shardCount: 40, maxConcurrency: 8, regions: ['us-east-1', 'eu-west-1'] },
      { nag: true },
    );
    expect(() => app.synth()).not.toThrow();
    const template = Template.fromStack(stack);
    // Exactly the calls the listing makes under OUs (providers/aws/live/organization.ts).
    expect(actionsOf(jobStatements(roleNamed(template, 'AuditListRole')))).toEqual([
      'kms:GenerateDataKey', 'logs:CreateLogStream', 'logs:PutLogEvents', 'organizations:ListAccountsForParent', 'organizations:ListOrganizationalUnitsForParent', 's3:PutObject',
    ]);
    expect(actionsOf(jobStatements(roleNamed(template, 'AuditShardRole')))).toEqual([
      'kms:Decrypt', 'kms:GenerateDataKey', 'logs:CreateLogStream', 'logs:PutLogEvents', 's3:DeleteObject', 's3:GetObject', 's3:GetObject', 's3:ListBucket', 's3:PutObject', 's3:PutObject', 'sns:Publish', 'sts:AssumeRole',
    ]);
    const shard = resourcesOf(template, 'AWS::Lambda::Function').map(([, f]) => f.Properties).find((f) => f.Handler === 'index.runShard');
    expect((shard?.Environment as { Variables: Record<string, unknown> }).Variables).toMatchObject({
      [ENV.mode]: 'drift', [ENV.organizationalUnits]: 'ou-ab12-11111111', [ENV.excludeAccounts]: '999999999999', [ENV.externalId]: 'audit-42', [ENV.retain]: '365', [ENV.regions]: 'us-east-1,eu-west-1',
    });
    const definition = definitionOf(template);
    expect(definition.States.Shards.MaxConcurrency).toBe(8);
    // 40 shards, 8 at once: 5 waves of 15 minutes plus 30.
    expect(definition.TimeoutSeconds).toBe((5 * 15 + 30) * 60);
  }, 240_000);

  it('a weakened bucket fails synth with the cdk-nag finding and an inferguard warning (the packs really run)', () => {
    const { app, job } = organizationJobApp({ snapshotBucketProps: { blockPublicAccess: s3.BlockPublicAccess.BLOCK_ACLS } }, { nag: true });
    expect(job.weakenings.map((w) => w.control)).toEqual(['artifact-store-private']);
    expect(() => app.synth()).toThrow(/AwsSolutions-S2/);
  }, 240_000);
});

describe('resolveOrganizationJobSettings', () => {
  it.each<[string, ShardedOrganizationAuditProps, string]>([
    ['no shard', { shardCount: 0 }, 'shardCount is 0'],
    ['more concurrency than shards', { shardCount: 4, maxConcurrency: 5 }, 'maxConcurrency is 5'],
    ['a role ARN as role name', { roleName: 'arn:aws:iam::111122223333:role/X' }, 'is not an IAM role name'],
    ['a malformed external id', { externalId: 'x' }, 'externalId must be 2 to 1224'],
    ['an OU that is not one', { organizationalUnitIds: ['Production'] }, 'neither a root'],
    ['an excluded account that is not one', { excludeAccountIds: ['12'] }, 'not a 12-digit account id'],
    ['no region', { regions: [] }, 'regions is an empty list'],
    ['a one-time schedule', { scheduleExpression: 'at(2027-01-01T00:00:00)' }, 'not a recurring'],
    ['a prefix that climbs', { prefix: 'a/../b' }, 'contains ".."'],
    ['an unversioned bucket', { snapshotBucketProps: { versioned: false } }, 'versioned is false'],
  ])('refuses %s, saying what to do', (_name, props, problem) => {
    const resolve = () => resolveOrganizationJobSettings('Stack/Audit', props);
    expect(resolve).toThrow(ShardedOrganizationAuditConfigurationError);
    expect(resolve).toThrow(problem);
  });
});
