// ScheduledDriftCheck: `inferguard drift aws` on a schedule. EventBridge Scheduler invokes a Lambda function (the
// bundled CLI; defaults.ts has the measurements behind choosing Lambda over Fargate) that runs as a read-only
// auditor role, keeps its snapshots in an encrypted, versioned, private bucket and notifies an encrypted SNS topic.
import { Names, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import auditorPolicy from '../live/auditor-policy.json';
import { acknowledgeNag, nagText } from '../construct/nag';
import type { Weakening } from '../construct/weakening';
import { sharedDriftJobBundle } from './bundle';
import { DRIFT_JOB_RUNTIME, type DriftJobSettings } from './defaults';
import { DRIFT_JOB_ENV } from './handler';
import type { ScheduledDriftCheckProps } from './props';
import { resolveDriftJobSettings } from './settings';
import { createScheduledStart, notifyingAlarm } from './schedule';
import { createSnapshotStore } from './store';

/** Name prefix of the job's log groups; the key lets CloudWatch Logs use it for these only. */
export const DRIFT_JOB_LOG_GROUP_PREFIX = '/inferguard/drift/';

export class ScheduledDriftCheck extends Construct {
  readonly settings: DriftJobSettings;
  /** The baseline controls this configuration leaves unmet; each was emitted as an `inferguard:<id>` warning. */
  readonly weakenings: readonly Weakening[];
  readonly key: kms.Key;
  readonly snapshotBucket: s3.Bucket;
  /** The server-access-log target the construct created (none when one was given or logging is off). */
  readonly accessLogBucket?: s3.Bucket;
  readonly topic: sns.Topic;
  readonly logGroup: logs.LogGroup;
  /** The role the job runs as: the shipped auditor policy, its snapshot prefix, its topic, its log group. */
  readonly auditorRole: iam.Role;
  readonly function: lambda.Function;
  /** The role EventBridge Scheduler assumes to invoke the function and write to the dead-letter queue. */
  readonly schedulerRole: iam.Role;
  readonly deadLetterQueue: sqs.Queue;
  readonly schedule: scheduler.Schedule;
  /** Alarms that publish to the topic: a run that ended with an error, an invocation that went to the DLQ. */
  readonly alarms: readonly cloudwatch.Alarm[];
  /** `s3://bucket/prefix`, the `--store` the job passes. */
  readonly storeLocation: string;

  constructor(scope: Construct, id: string, props: ScheduledDriftCheckProps = {}) {
    super(scope, id);
    const settings = resolveDriftJobSettings(this.node.path, props);
    this.settings = settings;
    const stack = Stack.of(this);
    const logGroupName = `${DRIFT_JOB_LOG_GROUP_PREFIX}${Names.uniqueResourceName(this, { maxLength: 200, separator: '-' })}`;

    // --- key, snapshot bucket and its access logs ----------------------------------------------------
    const store = createSnapshotStore(this, { ...props, logGroupPrefix: DRIFT_JOB_LOG_GROUP_PREFIX });
    this.key = store.key;
    this.snapshotBucket = store.bucket;
    if (store.accessLogBucket) this.accessLogBucket = store.accessLogBucket;
    this.weakenings = store.weakenings;
    const keyProps = store.keyProps;
    this.storeLocation = `s3://${this.snapshotBucket.bucketName}/${settings.snapshotPrefix}`;

    // --- notifications ---------------------------------------------------------------------------
    // cdk-nag AwsSolutions-SNS2 (KMS) and SNS3 (a Deny on aws:SecureTransport=false).
    this.topic = new sns.Topic(this, 'Notifications', { masterKey: this.key, enforceSSL: true, displayName: 'inferguard drift' });
    // The topic policy replaces SNS's default one, so the alarms' publisher is named: CloudWatch, for this account's
    // alarms only (SNS developer guide, "Amazon SNS access control": aws:SourceAccount against confused deputies).
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchAlarmsOfThisAccount',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
    );

    // --- the job's role --------------------------------------------------------------------------
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      logGroupName,
      retention: settings.logRetention,
      encryptionKey: this.key,
      removalPolicy: keyProps.removalPolicy,
    });
    const prefix = settings.snapshotPrefix;
    this.auditorRole = new iam.Role(this, 'AuditorRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'inferguard drift job: read-only audit (the shipped auditor policy), its snapshots, its topic, its logs',
      inlinePolicies: {
        // providers/aws/live/auditor-policy.json, verbatim: exactly the reads `inferguard audit aws` makes.
        auditor: iam.PolicyDocument.fromJson(auditorPolicy),
        job: new iam.PolicyDocument({
          statements: [
            // The store lists, reads, writes (create-only) and deletes (retention) snapshots under its prefix only
            // (S3 user guide, "Policy and permissions in Amazon S3": ListBucket on the bucket, s3:prefix condition;
            // Get/Put/DeleteObject on the object ARNs).
            new iam.PolicyStatement({
              sid: 'ListSnapshots',
              actions: ['s3:ListBucket'],
              resources: [this.snapshotBucket.bucketArn],
              conditions: { StringLike: { 's3:prefix': [`${prefix}/*`, prefix] } },
            }),
            new iam.PolicyStatement({
              sid: 'ReadWriteSnapshots',
              actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
              resources: [this.snapshotBucket.arnForObjects(`${prefix}/*`)],
            }),
            // SSE-KMS objects: GenerateDataKey to write, Decrypt to read (S3 user guide, "Using server-side encryption
            // with AWS KMS keys": permissions); the same two let it publish to the encrypted topic (SNS developer
            // guide, "Encryption at rest": publisher permissions). The key policy allows them via S3 and SNS only.
            new iam.PolicyStatement({ sid: 'UseTheJobKey', actions: ['kms:GenerateDataKey', 'kms:Decrypt'], resources: [this.key.keyArn] }),
            new iam.PolicyStatement({ sid: 'Notify', actions: ['sns:Publish'], resources: [this.topic.topicArn] }),
            // Lambda writes the function's logs with the execution role (Lambda developer guide, "Sending Lambda
            // function logs to CloudWatch Logs": logs:CreateLogStream and logs:PutLogEvents).
            new iam.PolicyStatement({
              sid: 'WriteTheJobLogs',
              actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
              resources: [this.logGroup.logGroupArn],
            }),
          ],
        }),
        ...(props.auditRole === undefined ? {} : { auditAnotherAccount: assumeAuditRolePolicy(props.auditRole.roleArn) }),
      },
    });
    acknowledgeNag(
      this.auditorRole,
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'The shipped auditor policy (providers/aws/live/auditor-policy.json): read-only Describe/List/Get calls, most of which support no resource-level permissions (Service Authorization Reference); the audit must see every endpoint to find the ones that drifted.',
      },
      {
        id: `AwsSolutions-IAM5[Resource::${nagText(this, this.snapshotBucket.arnForObjects(`${prefix}/*`))}]`,
        reason: 'The job writes one new object per run under its own snapshot prefix (names carry the time of the run) and deletes ones past retention: only that prefix, never the whole bucket.',
      },
    );
    // --- function --------------------------------------------------------------------------------
    const environment: Record<string, string> = {
      [DRIFT_JOB_ENV.store]: this.storeLocation,
      [DRIFT_JOB_ENV.retain]: String(settings.retain),
      [DRIFT_JOB_ENV.topicArn]: this.topic.topicArn,
      ...(props.regions === undefined ? {} : { [DRIFT_JOB_ENV.regions]: props.regions.join(',') }),
      ...(props.auditRole === undefined ? {} : { [DRIFT_JOB_ENV.roleArn]: props.auditRole.roleArn }),
      ...(props.auditRole?.externalId === undefined ? {} : { [DRIFT_JOB_ENV.externalId]: props.auditRole.externalId }),
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    };
    this.function = new lambda.Function(this, 'Function', {
      description: 'inferguard drift aws: audit, snapshot, compare with the previous snapshot, notify',
      runtime: DRIFT_JOB_RUNTIME,
      code: props.code ?? lambda.Code.fromAsset(sharedDriftJobBundle().directory),
      handler: 'index.handler',
      role: this.auditorRole,
      logGroup: this.logGroup,
      environment,
      memorySize: settings.memorySize,
      timeout: settings.timeout,
      // One run at a time: two overlapping runs would each compare with the same previous snapshot.
      reservedConcurrentExecutions: 1,
      // A failed run is reported by the alarm below; the next scheduled run tries again (a retry would add a snapshot).
      retryAttempts: 0,
    });

    // --- schedule --------------------------------------------------------------------------------
    ({ deadLetterQueue: this.deadLetterQueue, schedulerRole: this.schedulerRole, schedule: this.schedule } = createScheduledStart(this, {
      targetArn: this.function.functionArn,
      // Lambda developer guide, "Invoke a Lambda function on a schedule": the execution role needs
      // lambda:InvokeFunction on the function. This function only (no versions or aliases).
      startStatement: new iam.PolicyStatement({ sid: 'InvokeTheJob', actions: ['lambda:InvokeFunction'], resources: [this.function.functionArn] }),
      policyName: 'invoke',
      roleDescription: 'inferguard drift job: EventBridge Scheduler invokes the job and writes undelivered invocations to the DLQ',
      scheduleDescription: 'inferguard drift aws',
      scheduleExpression: settings.scheduleExpression,
      timeZone: settings.timeZone,
      retryPolicy: { maximumRetryAttempts: settings.retryAttempts, maximumEventAgeInSeconds: settings.maxEventAge.toSeconds() },
    }));

    // --- alarms: a run that failed, an invocation that never arrived ------------------------------
    this.alarms = [
      notifyingAlarm(this, 'RunFailedAlarm', 'inferguard drift job: a run ended with a usage error or an incomplete audit (exit code 2 or 3); see the job\'s log group', this.function.metricErrors({ statistic: cloudwatch.Stats.SUM }), this.topic),
      notifyingAlarm(this, 'UndeliveredAlarm', 'inferguard drift job: the scheduler could not invoke the job; the invocation is in the dead-letter queue', this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ statistic: cloudwatch.Stats.MAXIMUM }), this.topic),
    ];
  }
}

/** sts:AssumeRole of the one read-only role in the audited account. */
function assumeAuditRolePolicy(roleArn: string): iam.PolicyDocument {
  return new iam.PolicyDocument({
    statements: [
      // IAM user guide, "Granting a user permissions to switch roles": sts:AssumeRole on the role ARN; the audited
      // account's role must also trust this job's role in its trust policy.
      new iam.PolicyStatement({ sid: 'AssumeTheAuditorRole', actions: ['sts:AssumeRole'], resources: [roleArn] }),
    ],
  });
}
