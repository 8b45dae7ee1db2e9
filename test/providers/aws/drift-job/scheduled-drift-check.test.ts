// ScheduledDriftCheck, synthesized for real: the resources it declares, cdk-nag AwsSolutions at synth (zero
// unacknowledged findings), and `inferguard scan` of the cloud assembly, as a user would run it.
import { Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import auditorPolicy from '../../../../providers/aws/live/auditor-policy.json';
import { DRIFT_JOB_ENV } from '../../../../providers/aws/drift-job/handler';
import { resultsWithStatus, synthAndScan, type Scan } from '../../../stacks/aws/scan-support';
import { ACCOUNT, driftJobApp, REGION } from './support';

type Resources = Record<string, { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string }>;

function resourcesOf(template: Template, type: string) {
  return Object.entries(template.toJSON().Resources as Resources).filter(([, r]) => r.Type === type);
}

function only(template: Template, type: string) {
  const found = resourcesOf(template, type);
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  return { logicalId: found[0][0], properties: found[0][1].Properties, resource: found[0][1] };
}

function policyNamed(properties: Record<string, unknown>, name: string): { Statement: Record<string, unknown>[] } {
  const policies = properties.Policies as { PolicyName: string; PolicyDocument: { Statement: Record<string, unknown>[] } }[];
  const found = policies.find((p) => p.PolicyName === name);
  if (!found) throw new Error(`no inline policy ${name}; have ${policies.map((p) => p.PolicyName).join(', ')}`);
  return found.PolicyDocument;
}

describe('ScheduledDriftCheck with its defaults', () => {
  let template: Template;
  let scan: Scan;

  beforeAll(async () => {
    const { app, stack } = driftJobApp({}, { nag: true });
    // cdk-nag runs as a policy-validation plugin: synth throws on any unacknowledged finding.
    scan = await synthAndScan(app, stack);
    template = Template.fromStack(stack);
  }, 180_000);

  it('passes cdk-nag AwsSolutions at synth (synth threw nothing) and the scan exits 0', () => {
    expect(scan.code).toBe(0);
    expect(scan.stderr).toContain('0 fail, 0 unknown, 0 waived');
  });

  it('fails nothing of the inferguard baseline and leaves nothing unknown', () => {
    expect(resultsWithStatus(scan, 'fail')).toEqual([]);
    expect(resultsWithStatus(scan, 'unknown')).toEqual([]);
    expect(scan.gaps).toEqual([]);
    expect(scan.warnings).toEqual([]);
    expect(resultsWithStatus(scan, 'pass')).toEqual(['key-not-public @ Drift/Key', 'key-rotation-enabled @ Drift/Key']);
    // The artifact-store controls judge buckets that hold model artifacts or captured data, and
    // identity-least-privilege judges roles an inference deployment runs as: the job's are neither, and say so.
    expect(resultsWithStatus(scan, 'not_applicable')).toEqual([
      'artifact-store-customer-key @ Drift/AccessLogs',
      'artifact-store-customer-key @ Drift/Snapshots',
      'artifact-store-private @ Drift/AccessLogs',
      'artifact-store-private @ Drift/Snapshots',
      'artifact-store-tls-only @ Drift/AccessLogs',
      'artifact-store-tls-only @ Drift/Snapshots',
      'identity-least-privilege @ Drift/AuditorRole',
      'identity-least-privilege @ Drift/SchedulerRole',
    ]);
  });

  it('schedules the function daily with a retry policy and a dead-letter queue, as a role that may do only that', () => {
    const schedule = only(template, 'AWS::Scheduler::Schedule').properties;
    expect(schedule.ScheduleExpression).toBe('cron(0 6 * * ? *)');
    expect(schedule.ScheduleExpressionTimezone).toBe('UTC');
    const target = schedule.Target as Record<string, unknown>;
    const fn = only(template, 'AWS::Lambda::Function');
    const queue = only(template, 'AWS::SQS::Queue');
    expect(target.Arn).toEqual({ 'Fn::GetAtt': [fn.logicalId, 'Arn'] });
    expect(target.DeadLetterConfig).toEqual({ Arn: { 'Fn::GetAtt': [queue.logicalId, 'Arn'] } });
    expect(target.RetryPolicy).toEqual({ MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 });
    const role = resourcesOf(template, 'AWS::IAM::Role').find(([id]) => id === (target.RoleArn as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0]);
    if (!role) throw new Error('the schedule role is not in the stack');
    expect(policyNamed(role[1].Properties, 'invoke').Statement).toEqual([
      { Sid: 'InvokeTheJob', Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: { 'Fn::GetAtt': [fn.logicalId, 'Arn'] } },
      { Sid: 'DeadLetters', Effect: 'Allow', Action: 'sqs:SendMessage', Resource: { 'Fn::GetAtt': [queue.logicalId, 'Arn'] } },
    ]);
    expect(JSON.stringify(role[1].Properties.AssumeRolePolicyDocument)).toContain('"aws:SourceAccount"');
    expect(queue.properties).toMatchObject({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 24 * 3600 });
  });

  it('runs the bundled CLI as the auditor role, one run at a time, with the store, retention and topic in its environment', () => {
    const fn = only(template, 'AWS::Lambda::Function').properties;
    expect(fn).toMatchObject({ Handler: 'index.handler', Runtime: 'nodejs24.x', MemorySize: 1024, Timeout: 900, ReservedConcurrentExecutions: 1 });
    const variables = (fn.Environment as { Variables: Record<string, unknown> }).Variables;
    const topic = only(template, 'AWS::SNS::Topic');
    expect(variables[DRIFT_JOB_ENV.topicArn]).toEqual({ Ref: topic.logicalId });
    expect(variables[DRIFT_JOB_ENV.retain]).toBe('365');
    expect(JSON.stringify(variables[DRIFT_JOB_ENV.store])).toMatch(/^\{"Fn::Join":\["",\["s3:\/\/",\{"Ref":"DriftSnapshots[0-9A-F]+"\},"\/drift\/aws"\]\]\}$/);
    expect(variables[DRIFT_JOB_ENV.roleArn]).toBeUndefined();
    const invokeConfig = only(template, 'AWS::Lambda::EventInvokeConfig').properties;
    expect(invokeConfig.MaximumRetryAttempts).toBe(0);
  });

  it('gives the auditor role the shipped auditor policy verbatim, and only its prefix, key, topic and log group besides', () => {
    const role = resourcesOf(template, 'AWS::IAM::Role').find(([id]) => id.startsWith('DriftAuditorRole'));
    if (!role) throw new Error('no auditor role');
    const policies = (role[1].Properties.Policies as { PolicyName: string }[]).map((p) => p.PolicyName).sort();
    expect(policies).toEqual(['auditor', 'job']);
    expect(role[1].Properties.ManagedPolicyArns).toBeUndefined();
    expect(policyNamed(role[1].Properties, 'auditor')).toEqual(auditorPolicy);
    const job = policyNamed(role[1].Properties, 'job').Statement;
    expect(job.map((s) => [s.Sid, s.Action])).toEqual([
      ['ListSnapshots', 's3:ListBucket'],
      ['ReadWriteSnapshots', ['s3:GetObject', 's3:PutObject', 's3:DeleteObject']],
      ['UseTheJobKey', ['kms:GenerateDataKey', 'kms:Decrypt']],
      ['Notify', 'sns:Publish'],
      ['WriteTheJobLogs', ['logs:CreateLogStream', 'logs:PutLogEvents']],
    ]);
    expect(job[0].Condition).toEqual({ StringLike: { 's3:prefix': ['drift/aws/*', 'drift/aws'] } });
    expect(JSON.stringify(job[1].Resource)).toContain('/drift/aws/*');
    expect(JSON.stringify(role[1].Properties.AssumeRolePolicyDocument)).toContain('lambda.amazonaws.com');
  });

  it('keeps snapshots in a KMS-encrypted, versioned, private, TLS-only, access-logged bucket', () => {
    const buckets = resourcesOf(template, 'AWS::S3::Bucket');
    const [snapshotsId, snapshots] = buckets.find(([id]) => id.startsWith('DriftSnapshots')) ?? [];
    const [logsId] = buckets.find(([id]) => id.startsWith('DriftAccessLogs')) ?? [];
    if (!snapshots || !logsId) throw new Error('missing buckets');
    const key = only(template, 'AWS::KMS::Key');
    expect(snapshots.Properties).toMatchObject({
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ BucketKeyEnabled: true, ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': [key.logicalId, 'Arn'] } } }] },
      VersioningConfiguration: { Status: 'Enabled' },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      LoggingConfiguration: { DestinationBucketName: { Ref: logsId }, LogFilePrefix: 'snapshot-bucket/' },
    });
    expect(snapshots.DeletionPolicy).toBe('RetainExceptOnCreate');
    const policies = resourcesOf(template, 'AWS::S3::BucketPolicy').map(([, p]) => p.Properties);
    const snapshotPolicy = policies.find((p) => JSON.stringify(p.Bucket) === JSON.stringify({ Ref: snapshotsId }));
    expect(JSON.stringify(snapshotPolicy)).toContain('"aws:SecureTransport":"false"');
    expect(key.properties.EnableKeyRotation).toBe(true);
  });

  it('encrypts the topic and log group with the key, denies plain-HTTP publishing, and alarms on failed or undelivered runs', () => {
    const key = only(template, 'AWS::KMS::Key');
    const topic = only(template, 'AWS::SNS::Topic');
    expect(topic.properties.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': [key.logicalId, 'Arn'] });
    const topicPolicy = JSON.stringify(only(template, 'AWS::SNS::TopicPolicy').properties);
    expect(topicPolicy).toContain('"aws:SecureTransport":"false"');
    expect(topicPolicy).toContain('cloudwatch.amazonaws.com');
    const logGroup = only(template, 'AWS::Logs::LogGroup').properties;
    expect(logGroup).toMatchObject({ RetentionInDays: 365, KmsKeyId: { 'Fn::GetAtt': [key.logicalId, 'Arn'] } });
    expect(String(logGroup.LogGroupName)).toMatch(/^\/inferguard\/drift\//);
    const alarms = resourcesOf(template, 'AWS::CloudWatch::Alarm').map(([, a]) => a.Properties);
    expect(alarms.map((a) => [a.MetricName, a.AlarmActions])).toEqual([
      ['Errors', [{ Ref: topic.logicalId }]],
      ['ApproximateNumberOfMessagesVisible', [{ Ref: topic.logicalId }]],
    ]);
  });

});

describe('ScheduledDriftCheck variants under cdk-nag', () => {
  it('another account: passes --role-arn and --external-id, may assume only that role, and passes cdk-nag', () => {
    const { app, stack } = driftJobApp({ auditRole: { roleArn: 'arn:aws:iam::444455556666:role/InferguardAuditor', externalId: 'audit-42' }, regions: ['us-east-1', 'eu-west-1'] }, { nag: true });
    expect(() => app.synth()).not.toThrow();
    const template = Template.fromStack(stack);
    const fn = only(template, 'AWS::Lambda::Function').properties;
    const variables = (fn.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(variables[DRIFT_JOB_ENV.roleArn]).toBe('arn:aws:iam::444455556666:role/InferguardAuditor');
    expect(variables[DRIFT_JOB_ENV.externalId]).toBe('audit-42');
    expect(variables[DRIFT_JOB_ENV.regions]).toBe('us-east-1,eu-west-1');
    const role = resourcesOf(template, 'AWS::IAM::Role').find(([id]) => id.startsWith('DriftAuditorRole'));
    if (!role) throw new Error('no auditor role');
    expect(policyNamed(role[1].Properties, 'auditAnotherAccount').Statement).toEqual([
      { Sid: 'AssumeTheAuditorRole', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::444455556666:role/InferguardAuditor' },
    ]);
  }, 120_000);

  it('server access logs off with a reason: no log bucket, and the reason acknowledges AwsSolutions-S1', () => {
    const { app, stack } = driftJobApp({ serverAccessLogsDisabledReason: 'Object-level CloudTrail data events on this bucket are the access record.' }, { nag: true });
    expect(() => app.synth()).not.toThrow();
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::S3::Bucket', 1);
    expect(only(template, 'AWS::S3::Bucket').properties.LoggingConfiguration).toBeUndefined();
  }, 120_000);

  it('a weakened bucket fails synth with the cdk-nag finding and an inferguard warning (the packs really run)', () => {
    const { app, job } = driftJobApp({ snapshotBucketProps: { blockPublicAccess: s3.BlockPublicAccess.BLOCK_ACLS } }, { nag: true });
    expect(job.weakenings.map((w) => w.control)).toEqual(['artifact-store-private']);
    expect(() => app.synth()).toThrow(/AwsSolutions-S2/);
  }, 120_000);

  it('uses the stack account in the key policy', () => {
    const { stack } = driftJobApp();
    const key = only(Template.fromStack(stack), 'AWS::KMS::Key');
    expect(JSON.stringify(key.properties.KeyPolicy)).toContain(`:iam::${ACCOUNT}:root`);
    expect(JSON.stringify(key.properties.KeyPolicy)).toContain(`logs.${REGION}.amazonaws.com`);
    expect(JSON.stringify(key.properties.KeyPolicy)).not.toContain('"AWS":"*"');
  }, 120_000);
});
