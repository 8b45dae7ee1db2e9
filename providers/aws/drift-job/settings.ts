// Resolves ScheduledDriftCheck's props against its defaults, refuses what AWS would reject (or what could never run),
// and lists the overrides that weaken a baseline control (each becomes a synth warning naming the control).
import { Duration } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Weakening } from '../construct/weakening';
import { DEFAULT_SESSION_NAME, assumeRoleProblem } from '../live/assume-role';
import { defaultDriftJobSettings, LAMBDA_MAX_TIMEOUT, type DriftJobSettings } from './defaults';
import type { ScheduledDriftCheckProps } from './props';

/** A configuration the construct refuses: what was asked, why it cannot work, what to do instead. */
export class ScheduledDriftCheckConfigurationError extends Error {
  constructor(
    readonly constructPath: string,
    readonly problem: string,
    readonly fix: string,
  ) {
    super(`${constructPath}: ${problem} ${fix}`);
    this.name = 'ScheduledDriftCheckConfigurationError';
  }
}

/** IAM role names: 1-64 of letters, digits and +=,.@_- (IAM user guide, "IAM object quotas"). */
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

export function resolveDriftJobSettings(path: string, props: ScheduledDriftCheckProps): DriftJobSettings {
  const refuse = (problem: string, fix: string): never => {
    throw new ScheduledDriftCheckConfigurationError(path, problem, fix);
  };
  const defaults = defaultDriftJobSettings();
  const settings: DriftJobSettings = {
    scheduleExpression: props.scheduleExpression ?? defaults.scheduleExpression,
    timeZone: props.timeZone ?? defaults.timeZone,
    retain: props.retain ?? defaults.retain,
    snapshotPrefix: props.snapshotPrefix ?? defaults.snapshotPrefix,
    memorySize: props.memorySize ?? defaults.memorySize,
    timeout: props.timeout ?? defaults.timeout,
    retryAttempts: props.retryAttempts ?? defaults.retryAttempts,
    maxEventAge: props.maxEventAge ?? defaults.maxEventAge,
    logRetention: props.logRetention ?? defaults.logRetention,
  };
  if (!/^(cron|rate)\(.+\)$/.test(settings.scheduleExpression)) {
    refuse(
      `scheduleExpression "${settings.scheduleExpression}" is not a recurring EventBridge Scheduler expression.`,
      'Use cron(minutes hours day-of-month month day-of-week year), e.g. cron(0 6 * * ? *), or rate(value unit), e.g. rate(12 hours).',
    );
  }
  if (!Number.isInteger(settings.retain) || settings.retain < 1) {
    refuse(`retain is ${settings.retain}: the job must keep at least the snapshot it compares the next run with.`, 'Set retain to a whole number, 1 or more.');
  }
  if (settings.snapshotPrefix === '' || settings.snapshotPrefix.startsWith('/') || settings.snapshotPrefix.endsWith('/') || settings.snapshotPrefix.split('/').includes('..')) {
    refuse(`snapshotPrefix "${settings.snapshotPrefix}" is empty, starts or ends with "/", or contains "..".`, 'Use a relative key prefix such as drift/aws.');
  }
  if (settings.timeout.toSeconds() > LAMBDA_MAX_TIMEOUT.toSeconds()) {
    refuse(`timeout is ${settings.timeout.toHumanString()}, longer than a Lambda function can run (15 minutes).`, 'Lower the timeout, or audit fewer regions or accounts per job.');
  }
  if (!Number.isInteger(settings.memorySize) || settings.memorySize < 128 || settings.memorySize > 10240) {
    refuse(`memorySize is ${settings.memorySize} MB; Lambda accepts 128 to 10240.`, 'Set memorySize between 128 and 10240 (default 1024).');
  }
  if (!Number.isInteger(settings.retryAttempts) || settings.retryAttempts < 0 || settings.retryAttempts > 185) {
    refuse(`retryAttempts is ${settings.retryAttempts}; EventBridge Scheduler accepts 0 to 185.`, 'Set retryAttempts between 0 and 185 (default 3).');
  }
  const age = settings.maxEventAge.toSeconds();
  if (age < 60 || age > Duration.hours(24).toSeconds()) {
    refuse(`maxEventAge is ${settings.maxEventAge.toHumanString()}; EventBridge Scheduler accepts 1 minute to 24 hours.`, 'Set maxEventAge within that range (default 1 hour).');
  }
  for (const region of props.regions ?? []) {
    if (!REGION.test(region)) refuse(`regions has "${region}", which is not an AWS region name.`, 'Name regions as AWS does, e.g. us-east-1, eu-west-1.');
  }
  if (props.regions !== undefined && props.regions.length === 0) {
    refuse('regions is an empty list: the job would audit nothing.', 'Leave regions out to audit the stack\'s region, or name at least one.');
  }
  const auditRole = props.auditRole;
  if (auditRole !== undefined) {
    const problem = assumeRoleProblem({ roleArn: auditRole.roleArn, sessionName: DEFAULT_SESSION_NAME, ...(auditRole.externalId === undefined ? {} : { externalId: auditRole.externalId }) });
    if (problem !== undefined) refuse(`auditRole: ${problem.replace(/^--role-arn/, 'roleArn').replace(/^--external-id/, 'externalId')}.`, 'Give the ARN of the read-only role in the audited account (and its external id, if its trust policy demands one).');
  }
  if (props.accessLogBucket !== undefined && props.serverAccessLogsDisabledReason !== undefined) {
    refuse('accessLogBucket and serverAccessLogsDisabledReason are both set: logs cannot be both delivered and off.', 'Keep one of them.');
  }
  if (props.serverAccessLogsDisabledReason !== undefined && props.serverAccessLogsDisabledReason.trim().length < 10) {
    refuse('serverAccessLogsDisabledReason is empty or too short to tell an auditor why access logging is off.', 'Say why in a sentence, or leave it out to keep server access logs.');
  }
  if (props.snapshotBucketProps?.versioned === false) {
    refuse(
      'snapshotBucketProps.versioned is false: an overwritten or deleted snapshot could not be recovered, and the drift history is the job\'s record.',
      'Leave versioned at its default (true); expire old versions with lifecycle rules instead.',
    );
  }
  return settings;
}

const fullyBlocked = (block: s3.BlockPublicAccess | undefined): boolean =>
  block !== undefined && block.blockPublicAcls === true && block.blockPublicPolicy === true && block.ignorePublicAcls === true && block.restrictPublicBuckets === true;

/** The baseline controls the key and snapshot bucket overrides leave unmet. */
export function driftJobWeakenings(keyProps: kms.KeyProps, bucketProps: s3.BucketProps): Weakening[] {
  const weakenings: Weakening[] = [];
  if (keyProps.enableKeyRotation !== true) {
    weakenings.push({
      control: 'key-rotation-enabled',
      problem: 'keyProps.enableKeyRotation is not true: the key that encrypts the drift snapshots and notifications is never rotated.',
      fix: 'Leave enableKeyRotation at its default (true).',
    });
  }
  if (!fullyBlocked(bucketProps.blockPublicAccess) || bucketProps.publicReadAccess === true) {
    weakenings.push({
      control: 'artifact-store-private',
      problem: 'snapshotBucketProps leave public access open: the snapshots list every audited resource and its weaknesses.',
      fix: 'Leave blockPublicAccess at BlockPublicAccess.BLOCK_ALL and publicReadAccess at false (the defaults).',
    });
  }
  if (bucketProps.enforceSSL !== true) {
    weakenings.push({
      control: 'artifact-store-tls-only',
      problem: 'snapshotBucketProps.enforceSSL is not true: snapshots can be read or replaced over plain HTTP.',
      fix: 'Leave enforceSSL at its default (true).',
    });
  }
  if (bucketProps.encryption !== s3.BucketEncryption.KMS && bucketProps.encryption !== s3.BucketEncryption.DSSE) {
    weakenings.push({
      control: 'artifact-store-customer-key',
      problem: `snapshotBucketProps.encryption is ${bucketProps.encryption ?? 'unset'}: snapshots are encrypted with an AWS-managed key, outside the job key's policy.`,
      fix: 'Leave encryption at BucketEncryption.KMS (the default), with the job\'s customer-managed key.',
    });
  }
  return weakenings;
}
