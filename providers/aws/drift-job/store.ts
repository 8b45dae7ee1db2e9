// The encrypted store a scheduled job keeps its results in: a KMS key (rotating, this account only), a private,
// versioned, TLS-only bucket encrypted with it, and that bucket's server access logs. Shared by ScheduledDriftCheck
// and ShardedOrganizationAudit, so both get the same defaults, the same refusals and the same weakening warnings.
import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { acknowledgeNag } from '../construct/nag';
import { createAccessLogBucket } from '../construct/resources';
import { emitWeakenings, type Weakening } from '../construct/weakening';
import { defaultSnapshotBucketProps, defaultSnapshotKeyProps, mergeProps, snapshotKeyPolicyStatements } from './defaults';
import { driftJobWeakenings } from './settings';

export interface SnapshotStoreOptions {
  /** Name prefix of the job's log groups: CloudWatch Logs may use the key for those only. */
  readonly logGroupPrefix: string;
  readonly keyAdministratorArn?: string;
  readonly keyProps?: Partial<kms.KeyProps>;
  readonly snapshotBucketProps?: Partial<s3.BucketProps>;
  readonly accessLogBucket?: s3.IBucket;
  readonly serverAccessLogsDisabledReason?: string;
}

export interface SnapshotStore {
  readonly key: kms.Key;
  /** The key props after the user's overrides (the removal policy is reused for the job's log groups). */
  readonly keyProps: kms.KeyProps;
  readonly bucket: s3.Bucket;
  readonly accessLogBucket?: s3.Bucket;
  readonly weakenings: readonly Weakening[];
}

/** Creates `Key`, `AccessLogs` (unless given or turned off) and `Snapshots` in `scope`, and warns of each weakening. */
export function createSnapshotStore(scope: Construct, options: SnapshotStoreOptions): SnapshotStore {
  const stack = Stack.of(scope);
  const policy = new iam.PolicyDocument({
    statements: snapshotKeyPolicyStatements({
      account: stack.account,
      region: stack.region,
      partition: stack.partition,
      logGroupPrefix: options.logGroupPrefix,
      ...(options.keyAdministratorArn ? { administratorArn: options.keyAdministratorArn } : {}),
    }),
  });
  const keyProps = mergeProps({ ...defaultSnapshotKeyProps(), policy }, options.keyProps);
  const key = new kms.Key(scope, 'Key', keyProps);

  let accessLogs: s3.IBucket | undefined = options.accessLogBucket;
  let accessLogBucket: s3.Bucket | undefined;
  if (accessLogs === undefined && options.serverAccessLogsDisabledReason === undefined) {
    accessLogBucket = createAccessLogBucket(scope, 'AccessLogs');
    accessLogs = accessLogBucket;
  }
  const merged = mergeProps(defaultSnapshotBucketProps(key), options.snapshotBucketProps);
  // The key only goes with KMS encryption, a minimum TLS version only with enforceSSL (CDK refuses either alone).
  const { encryptionKey, minimumTLSVersion, ...rest } = merged;
  const bucketProps: s3.BucketProps = {
    ...rest,
    ...(merged.encryption === s3.BucketEncryption.KMS || merged.encryption === s3.BucketEncryption.DSSE ? { encryptionKey } : {}),
    ...(merged.enforceSSL === true ? { minimumTLSVersion } : {}),
  };
  const bucket = new s3.Bucket(scope, 'Snapshots', bucketProps);
  if (accessLogs !== undefined && bucketProps.serverAccessLogsBucket === undefined) enableServerAccessLogs(bucket, accessLogs, 'snapshot-bucket/');
  if (options.serverAccessLogsDisabledReason !== undefined) {
    acknowledgeNag(bucket, { id: 'AwsSolutions-S1', reason: options.serverAccessLogsDisabledReason });
  }
  const weakenings = driftJobWeakenings(keyProps, bucketProps);
  emitWeakenings(scope, weakenings);
  return { key, keyProps, bucket, ...(accessLogBucket ? { accessLogBucket } : {}), weakenings };
}

/**
 * Server access logging with a bucket-policy grant to logging.s3.amazonaws.com (the method AWS recommends over
 * ACLs; S3 user guide, "Enabling Amazon S3 server access logging"), set on the L1 so it does not depend on the
 * app's `@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy` feature flag (as the SageMaker construct does).
 */
function enableServerAccessLogs(bucket: s3.Bucket, target: s3.IBucket, prefix: string): void {
  const cfn = bucket.node.defaultChild as s3.CfnBucket;
  cfn.loggingConfiguration = { destinationBucketName: target.bucketName, logFilePrefix: prefix };
  target.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'S3ServerAccessLogsFromTheSnapshotBucket',
      principals: [new iam.ServicePrincipal('logging.s3.amazonaws.com')],
      actions: ['s3:PutObject'],
      resources: [target.arnForObjects(`${prefix}*`)],
      conditions: { ArnLike: { 'aws:SourceArn': bucket.bucketArn }, StringEquals: { 'aws:SourceAccount': Stack.of(bucket).account } },
    }),
  );
}
