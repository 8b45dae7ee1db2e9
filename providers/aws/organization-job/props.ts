import type { Duration } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type { OrganizationJobMode } from './handler';

export interface ShardedOrganizationAuditProps {
  /**
   * The read-only role every member account holds (AuditorRoleStackSet deploys it), assumed as
   * `arn:<partition>:iam::<account>:role/<roleName>`. Default: `InferguardAuditor` (the StackSet's default).
   */
  readonly roleName?: string;
  /** The external id the member role's trust policy demands (`--external-id`). */
  readonly externalId?: string;
  /** The session name CloudTrail shows in each member account (`--role-session-name`). Default: `inferguard-audit`. */
  readonly roleSessionName?: string;
  /** Audit only the accounts under these roots or OUs (nested OUs included). Default: the whole organization. */
  readonly organizationalUnitIds?: readonly string[];
  /** Accounts never audited, e.g. the management account (a service-managed StackSet deploys no role there). */
  readonly excludeAccountIds?: readonly string[];
  /** Regions audited in every account (`--regions`). Default: the stack's region. */
  readonly regions?: readonly string[];
  /** `audit` (default): one merged report per run. `drift`: each shard also keeps snapshots and reports its drift. */
  readonly mode?: OrganizationJobMode;
  /** Shards (`--shard i/n`): Distributed Map items, one Lambda invocation each. Default: 10. */
  readonly shardCount?: number;
  /** Shards running at once (the map's MaxConcurrency). Default: all of them. */
  readonly maxConcurrency?: number;
  /** Drift mode: snapshots kept per shard (`--retain`). Default: 365. */
  readonly retain?: number;
  /** Key prefix of the run files, merged reports and snapshots in the bucket. Default: `organization/aws`. */
  readonly prefix?: string;
  /** EventBridge Scheduler expression, `cron(...)` or `rate(...)`. Default: daily at 05:00 UTC. */
  readonly scheduleExpression?: string;
  /** IANA time zone of a cron expression. Default: UTC. */
  readonly timeZone?: string;
  /** The principal that administers the key; default: the account. */
  readonly keyAdministratorArn?: string;
  /** Overrides of the key's props (a weakening is a synth warning naming the control). */
  readonly keyProps?: Partial<kms.KeyProps>;
  /** Overrides of the bucket's props (a weakening is a synth warning naming the control). */
  readonly snapshotBucketProps?: Partial<s3.BucketProps>;
  /** Where the bucket's server access logs go. Default: a new SSE-S3 log bucket. */
  readonly accessLogBucket?: s3.IBucket;
  /** Turn server access logging off, saying why (acknowledges cdk-nag AwsSolutions-S1). */
  readonly serverAccessLogsDisabledReason?: string;
  /** A prebuilt Lambda asset exporting `listAccounts`, `runShard` and `mergeShards`. Default: bundled at synth. */
  readonly code?: lambda.Code;
  /** Memory of the shard function. Default: 1024 MB. */
  readonly memorySize?: number;
  /** Timeout of the shard function. Default and maximum: 15 minutes (Lambda's limit). */
  readonly shardTimeout?: Duration;
  /** The whole run's limit. Default: 15 minutes per wave of shards (shardCount / maxConcurrency, rounded up) + 30 minutes. */
  readonly executionTimeout?: Duration;
  /** Default: one year. */
  readonly logRetention?: logs.RetentionDays;
}
