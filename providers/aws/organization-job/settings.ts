// Resolves ShardedOrganizationAudit's props against its defaults and refuses what AWS would reject or what could
// never run, before any resource exists.
import { Duration } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { DEFAULT_SESSION_NAME, assumeRoleProblem } from '../live/assume-role';
import { LAMBDA_MAX_TIMEOUT } from '../drift-job/defaults';
import type { OrganizationJobMode } from './handler';
import type { ShardedOrganizationAuditProps } from './props';

/** The member role's default name: AuditorRoleStackSet deploys it, ShardedOrganizationAudit assumes it. */
export const DEFAULT_AUDITOR_ROLE_NAME = 'InferguardAuditor';

/**
 * Distributed Map runs up to 10,000 child workflow executions in parallel (Step Functions developer guide, "Using
 * Map state in Distributed mode": MaxConcurrency); far more shards than any organization needs.
 */
export const MAX_SHARDS = 10_000;

export interface OrganizationJobSettings {
  readonly roleName: string;
  readonly roleSessionName: string;
  readonly externalId?: string;
  readonly organizationalUnitIds: readonly string[];
  readonly excludeAccountIds: readonly string[];
  readonly regions?: readonly string[];
  readonly mode: OrganizationJobMode;
  readonly shardCount: number;
  readonly maxConcurrency: number;
  readonly retain: number;
  readonly prefix: string;
  readonly scheduleExpression: string;
  readonly timeZone: string;
  readonly memorySize: number;
  readonly shardTimeout: Duration;
  readonly executionTimeout: Duration;
  readonly logRetention: logs.RetentionDays;
}

export class ShardedOrganizationAuditConfigurationError extends Error {
  constructor(
    readonly constructPath: string,
    readonly problem: string,
    readonly fix: string,
  ) {
    super(`${constructPath}: ${problem} ${fix}`);
    this.name = 'ShardedOrganizationAuditConfigurationError';
  }
}

/** IAM role names: 1-64 of letters, digits and +=,.@_- (IAM user guide, "IAM object quotas"). */
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
/** An organization root (`r-`) or organizational unit (`ou-`) id (Organizations API reference, ParentId pattern). */
const PARENT_ID = /^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/;
const ACCOUNT_ID = /^\d{12}$/;

export function resolveOrganizationJobSettings(path: string, props: ShardedOrganizationAuditProps): OrganizationJobSettings {
  const refuse = (problem: string, fix: string): never => {
    throw new ShardedOrganizationAuditConfigurationError(path, problem, fix);
  };
  const shardCount = props.shardCount ?? 10;
  if (!Number.isInteger(shardCount) || shardCount < 1 || shardCount > MAX_SHARDS) {
    refuse(`shardCount is ${shardCount}; it must be a whole number from 1 to ${MAX_SHARDS}.`, 'Size it so each shard\'s accounts fit in one Lambda run (README: capacity).');
  }
  const maxConcurrency = props.maxConcurrency ?? shardCount;
  if (!Number.isInteger(maxConcurrency) || maxConcurrency < 1 || maxConcurrency > shardCount) {
    refuse(`maxConcurrency is ${maxConcurrency}; it must be a whole number from 1 to shardCount (${shardCount}).`, 'Leave it out to run every shard at once.');
  }
  const shardTimeout = props.shardTimeout ?? LAMBDA_MAX_TIMEOUT;
  if (shardTimeout.toSeconds() > LAMBDA_MAX_TIMEOUT.toSeconds() || shardTimeout.toSeconds() < 60) {
    refuse(`shardTimeout is ${shardTimeout.toHumanString()}; a Lambda function runs 1 to 15 minutes here.`, 'Use more shards (each audits fewer accounts) rather than a longer run.');
  }
  const waves = Math.ceil(shardCount / maxConcurrency);
  const executionTimeout = props.executionTimeout ?? Duration.seconds(waves * shardTimeout.toSeconds() + Duration.minutes(30).toSeconds());
  if (executionTimeout.toSeconds() < waves * shardTimeout.toSeconds()) {
    refuse(`executionTimeout is ${executionTimeout.toHumanString()}, shorter than ${waves} wave(s) of ${shardTimeout.toHumanString()} shards.`, 'Raise it, or leave it out for the default.');
  }
  const settings: OrganizationJobSettings = {
    roleName: props.roleName ?? DEFAULT_AUDITOR_ROLE_NAME,
    roleSessionName: props.roleSessionName ?? DEFAULT_SESSION_NAME,
    ...(props.externalId === undefined ? {} : { externalId: props.externalId }),
    organizationalUnitIds: props.organizationalUnitIds ?? [],
    excludeAccountIds: props.excludeAccountIds ?? [],
    ...(props.regions === undefined ? {} : { regions: props.regions }),
    mode: props.mode ?? 'audit',
    shardCount,
    maxConcurrency,
    retain: props.retain ?? 365,
    prefix: props.prefix ?? 'organization/aws',
    // An hour before the single-account drift job's default (06:00), so the two do not read the same APIs at once.
    scheduleExpression: props.scheduleExpression ?? 'cron(0 5 * * ? *)',
    timeZone: props.timeZone ?? 'UTC',
    memorySize: props.memorySize ?? 1024,
    shardTimeout,
    executionTimeout,
    logRetention: props.logRetention ?? logs.RetentionDays.ONE_YEAR,
  };
  if (!ROLE_NAME.test(settings.roleName)) refuse(`roleName "${settings.roleName}" is not an IAM role name.`, 'Give the name only (1-64 of letters, digits and +=,.@_-), not an ARN or a path.');
  const problem = assumeRoleProblem({
    roleArn: `arn:aws:iam::111122223333:role/${settings.roleName}`,
    sessionName: settings.roleSessionName,
    ...(settings.externalId === undefined ? {} : { externalId: settings.externalId }),
  });
  if (problem !== undefined) refuse(`${problem.replace(/^--role-session-name/, 'roleSessionName').replace(/^--external-id/, 'externalId')}.`, 'Fix the value (the member role\'s trust policy must agree).');
  for (const id of settings.organizationalUnitIds) {
    if (!PARENT_ID.test(id)) refuse(`organizationalUnitIds has "${id}", which is neither a root (r-...) nor an OU id (ou-...-...).`, 'Copy the ids from the Organizations console or `aws organizations list-roots` / `list-organizational-units-for-parent`.');
  }
  for (const id of settings.excludeAccountIds) {
    if (!ACCOUNT_ID.test(id)) refuse(`excludeAccountIds has "${id}", which is not a 12-digit account id.`, 'List account ids, e.g. 111122223333.');
  }
  if (settings.regions !== undefined && settings.regions.length === 0) refuse('regions is an empty list: the job would audit nothing.', 'Leave regions out to audit the stack\'s region, or name at least one.');
  for (const region of settings.regions ?? []) {
    if (!REGION.test(region)) refuse(`regions has "${region}", which is not an AWS region name.`, 'Name regions as AWS does, e.g. us-east-1.');
  }
  if (settings.mode !== 'audit' && settings.mode !== 'drift') refuse(`mode is "${String(settings.mode)}".`, 'Use audit or drift.');
  if (!Number.isInteger(settings.retain) || settings.retain < 1) refuse(`retain is ${settings.retain}: a shard must keep the snapshot it compares the next run with.`, 'Set retain to a whole number, 1 or more.');
  if (settings.prefix === '' || settings.prefix.startsWith('/') || settings.prefix.endsWith('/') || settings.prefix.split('/').includes('..')) {
    refuse(`prefix "${settings.prefix}" is empty, starts or ends with "/", or contains "..".`, 'Use a relative key prefix such as organization/aws.');
  }
  if (!/^(cron|rate)\(.+\)$/.test(settings.scheduleExpression)) {
    refuse(`scheduleExpression "${settings.scheduleExpression}" is not a recurring EventBridge Scheduler expression.`, 'Use cron(...) or rate(...), e.g. cron(0 5 * * ? *).');
  }
  if (!Number.isInteger(settings.memorySize) || settings.memorySize < 128 || settings.memorySize > 10240) {
    refuse(`memorySize is ${settings.memorySize} MB; Lambda accepts 128 to 10240.`, 'Set memorySize between 128 and 10240 (default 1024).');
  }
  if (props.accessLogBucket !== undefined && props.serverAccessLogsDisabledReason !== undefined) {
    refuse('accessLogBucket and serverAccessLogsDisabledReason are both set: logs cannot be both delivered and off.', 'Keep one of them.');
  }
  if (props.serverAccessLogsDisabledReason !== undefined && props.serverAccessLogsDisabledReason.trim().length < 10) {
    refuse('serverAccessLogsDisabledReason is empty or too short to tell an auditor why access logging is off.', 'Say why in a sentence, or leave it out.');
  }
  if (props.snapshotBucketProps?.versioned === false) {
    refuse('snapshotBucketProps.versioned is false: an overwritten report or snapshot could not be recovered.', 'Leave versioned at its default (true).');
  }
  return settings;
}
