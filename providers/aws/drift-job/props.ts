import type { Duration } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';

/**
 * Auditing another account from this one (a security tooling account watching a workload account). Every account
 * of an organization is the organization-scale work (sharded runs), not this job's.
 */
export interface CrossAccountAudit {
  /**
   * The read-only role (carrying providers/aws/live/auditor-policy.json) in the audited account; its trust policy
   * must allow this job's role. Passed to the CLI as `--role-arn`.
   */
  readonly roleArn: string;
  /** The external id the role's trust policy demands (`--external-id`). */
  readonly externalId?: string;
}

export interface ScheduledDriftCheckProps {
  /** EventBridge Scheduler expression, `cron(...)` or `rate(...)`. Default: daily at 06:00 (`cron(0 6 * * ? *)`). */
  readonly scheduleExpression?: string;
  /** IANA time zone of a cron expression. Default: UTC. */
  readonly timeZone?: string;
  /** Regions to audit (`--regions`). Default: the stack's region (the function's AWS_REGION). */
  readonly regions?: readonly string[];
  /** Snapshots to keep (`--retain`). Default: 365. */
  readonly retain?: number;
  /** Key prefix of the snapshots in the bucket. Default: `drift/aws`. */
  readonly snapshotPrefix?: string;
  /** Audit another account by assuming a read-only role there. Default: this account, with the job's own role. */
  readonly auditRole?: CrossAccountAudit;
  /** The principal that administers the key; default: the account (any principal its IAM policies allow). */
  readonly keyAdministratorArn?: string;
  /** Overrides of the key's props (a weakening is a synth warning naming the control). */
  readonly keyProps?: Partial<kms.KeyProps>;
  /** Overrides of the snapshot bucket's props (a weakening is a synth warning naming the control). */
  readonly snapshotBucketProps?: Partial<s3.BucketProps>;
  /** Where the snapshot bucket's server access logs go. Default: a new SSE-S3 log bucket the construct creates. */
  readonly accessLogBucket?: s3.IBucket;
  /**
   * Turn server access logging off, saying why (the reason acknowledges cdk-nag AwsSolutions-S1). Cannot be combined
   * with `accessLogBucket`.
   */
  readonly serverAccessLogsDisabledReason?: string;
  /** A prebuilt Lambda asset (a folder with index.js exporting `handler`). Default: bundled with esbuild at synth. */
  readonly code?: lambda.Code;
  /** Default: 1024 MB. */
  readonly memorySize?: number;
  /** Default and maximum: 15 minutes (Lambda's limit). */
  readonly timeout?: Duration;
  /** Scheduler retries of an invocation it could not deliver (0-185). Default: 3. */
  readonly retryAttempts?: number;
  /** How long Scheduler keeps an undelivered invocation (1 minute - 24 hours). Default: 1 hour. */
  readonly maxEventAge?: Duration;
  /** Default: one year. */
  readonly logRetention?: logs.RetentionDays;
}
