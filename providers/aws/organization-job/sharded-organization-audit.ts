// ShardedOrganizationAudit: `inferguard audit aws` (or `drift aws`) over every account of an AWS Organization, in
// shards, on engines that exist. EventBridge Scheduler starts a Step Functions state machine: a Lambda lists the
// accounts once (Organizations; a page it could not read is a gap in its listing report), a Distributed Map runs one
// Lambda per shard (`--shard i/n`, each account reached by assuming the member role AuditorRoleStackSet deploys), a
// Lambda merges the shard reports and the listing report (`inferguard merge`; a shard that failed is a gap, never a
// silent hole) and the state machine publishes the outcome to an encrypted topic.
import { Arn, ArnFormat, Aws, Duration, Names, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { acknowledgeNag, nagText, type NagAcknowledgement } from '../construct/nag';
import type { Weakening } from '../construct/weakening';
import { handlerEntry, sharedDriftJobBundle } from '../drift-job/bundle';
import { DRIFT_JOB_RUNTIME } from '../drift-job/defaults';
import { createScheduledStart, notifyingAlarm } from '../drift-job/schedule';
import { createSnapshotStore } from '../drift-job/store';
import { ORGANIZATION_JOB_ENV } from './handler';
import type { ShardedOrganizationAuditProps } from './props';
import { resolveOrganizationJobSettings, type OrganizationJobSettings } from './settings';

/**
 * Name prefix of the job's log groups (functions and state machine); the key lets CloudWatch Logs use it for these
 * only. Under /aws/vendedlogs/ as the Step Functions developer guide recommends for state machine logs (CloudWatch
 * Logs resource-policy size limit).
 */
export const ORGANIZATION_JOB_LOG_GROUP_PREFIX = '/aws/vendedlogs/inferguard/organization/';

/** Lambda errors worth retrying: the service's own failures and throttling, never the shard's own error. */
const LAMBDA_TRANSIENT_ERRORS = ['Lambda.ServiceException', 'Lambda.AWSLambdaException', 'Lambda.SdkClientException', 'Lambda.TooManyRequestsException'];

export class ShardedOrganizationAudit extends Construct {
  readonly settings: OrganizationJobSettings;
  readonly weakenings: readonly Weakening[];
  readonly key: kms.Key;
  /** Account lists, shard reports, merged reports (JSON and OCSF) and, in drift mode, each shard's snapshots. */
  readonly bucket: s3.Bucket;
  readonly accessLogBucket?: s3.Bucket;
  readonly topic: sns.Topic;
  /** Lists the organization's accounts: the only role with Organizations permissions (List* only). */
  readonly listRole: iam.Role;
  /** Runs the shards: sts:AssumeRole on the member role name in any account, its own prefix, nothing else. */
  readonly shardRole: iam.Role;
  readonly mergeRole: iam.Role;
  readonly listFunction: lambda.Function;
  readonly shardFunction: lambda.Function;
  readonly mergeFunction: lambda.Function;
  readonly stateMachine: sfn.StateMachine;
  readonly schedulerRole: iam.Role;
  readonly deadLetterQueue: sqs.Queue;
  readonly schedule: scheduler.Schedule;
  readonly alarms: readonly cloudwatch.Alarm[];
  /** `s3://bucket/prefix/runs/`: one folder per execution, named by the execution. */
  readonly runsLocation: string;

  constructor(scope: Construct, id: string, props: ShardedOrganizationAuditProps = {}) {
    super(scope, id);
    const settings = resolveOrganizationJobSettings(this.node.path, props);
    this.settings = settings;
    const stack = Stack.of(this);
    const prefix = settings.prefix;
    const logGroupName = (part: string) => `${ORGANIZATION_JOB_LOG_GROUP_PREFIX}${Names.uniqueResourceName(this, { maxLength: 180, separator: '-' })}/${part}`;

    // --- key, bucket, access logs: the drift job's store, same defaults and weakening warnings ----------------------
    const store = createSnapshotStore(this, { ...props, logGroupPrefix: ORGANIZATION_JOB_LOG_GROUP_PREFIX });
    this.key = store.key;
    this.bucket = store.bucket;
    if (store.accessLogBucket) this.accessLogBucket = store.accessLogBucket;
    this.weakenings = store.weakenings;
    this.runsLocation = `s3://${this.bucket.bucketName}/${prefix}/runs/`;

    // --- topic -------------------------------------------------------------------------------------------------------
    this.topic = new sns.Topic(this, 'Notifications', { masterKey: this.key, enforceSSL: true, displayName: 'inferguard organization audit' });
    // SNS developer guide, "Amazon SNS access control": CloudWatch publishes the alarms, for this account only.
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchAlarmsOfThisAccount',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
    );

    // --- the three functions' roles -------------------------------------------------------------------------------------
    const newLogGroup = (idPart: string, name: string) =>
      new logs.LogGroup(this, idPart, { logGroupName: logGroupName(name), retention: settings.logRetention, encryptionKey: this.key, removalPolicy: store.keyProps.removalPolicy });
    const listLogs = newLogGroup('ListLogs', 'list');
    const shardLogs = newLogGroup('ShardLogs', 'shard');
    const mergeLogs = newLogGroup('MergeLogs', 'merge');
    const runObjects = (pattern: string) => this.bucket.arnForObjects(`${prefix}/runs/${pattern}`);
    // S3 user guide, "Using server-side encryption with AWS KMS keys": GenerateDataKey to write, Decrypt to read an
    // SSE-KMS object. The key policy allows either only through S3 and SNS (kms:ViaService).
    const useKey = (actions: string[]) => new iam.PolicyStatement({ sid: 'UseTheJobKey', actions, resources: [this.key.keyArn] });
    // Lambda developer guide, "Sending Lambda function logs to CloudWatch Logs": CreateLogStream and PutLogEvents.
    const writeLogs = (group: logs.LogGroup) => new iam.PolicyStatement({ sid: 'WriteItsLogs', actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [group.logGroupArn] });
    const lambdaRole = (roleId: string, description: string, statements: iam.PolicyStatement[]) =>
      new iam.Role(this, roleId, { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'), description, inlinePolicies: { job: new iam.PolicyDocument({ statements }) } });

    // Organizations API reference, ListAccounts / ListAccountsForParent / ListOrganizationalUnitsForParent: callable
    // from the management account or a delegated administrator; the Service Authorization Reference lists no resource
    // type for ListAccounts, and the root and OU ARNs of the other two embed the organization id, unknown at synth, so
    // Resource is *. Exactly the calls the listing (live/organization.ts) makes: ListAccounts for the whole
    // organization; under OUs, each OU's accounts and its child OUs. No DescribeOrganization: the management account
    // is left out through excludeAccountIds.
    const organizationsActions =
      settings.organizationalUnitIds.length === 0 ? ['organizations:ListAccounts'] : ['organizations:ListAccountsForParent', 'organizations:ListOrganizationalUnitsForParent'];
    this.listRole = lambdaRole('ListRole', 'inferguard organization audit: lists the organization\'s accounts (read-only) and writes the run\'s account list and listing report', [
      new iam.PolicyStatement({ sid: 'ListTheOrganizationsAccounts', actions: organizationsActions, resources: ['*'] }),
      new iam.PolicyStatement({ sid: 'WriteTheAccountList', actions: ['s3:PutObject'], resources: [runObjects('*/accounts.txt'), runObjects('*/listing.json')] }),
      useKey(['kms:GenerateDataKey']),
      writeLogs(listLogs),
    ]);

    // IAM user guide, "Grant a user permissions to switch roles": sts:AssumeRole on the role ARN; the member role's
    // trust policy (AuditorRoleStackSet) must name this role too. The account is a wildcard: the organization's
    // accounts are known only at run time, and only a role with exactly this name (and that trusts this role) can be
    // assumed.
    const memberRoleArn = `arn:${Aws.PARTITION}:iam::*:role/${settings.roleName}`;
    const shardStatements = [
      new iam.PolicyStatement({ sid: 'AssumeTheMemberAuditorRole', actions: ['sts:AssumeRole'], resources: [memberRoleArn] }),
      new iam.PolicyStatement({ sid: 'ReadTheAccountList', actions: ['s3:GetObject'], resources: [runObjects('*/accounts.txt')] }),
      new iam.PolicyStatement({ sid: 'WriteTheShardReport', actions: ['s3:PutObject'], resources: [runObjects('*/shards/*')] }),
      useKey(['kms:GenerateDataKey', 'kms:Decrypt']),
      writeLogs(shardLogs),
    ];
    if (settings.mode === 'drift') {
      // The shard's snapshot store (as ScheduledDriftCheck's): list with an s3:prefix condition, read, create, delete
      // past retention (S3 user guide, "Policy and permissions in Amazon S3"); drift news to the topic.
      shardStatements.push(
        new iam.PolicyStatement({
          sid: 'ListShardSnapshots',
          actions: ['s3:ListBucket'],
          resources: [this.bucket.bucketArn],
          conditions: { StringLike: { 's3:prefix': [`${prefix}/snapshots/*`] } },
        }),
        new iam.PolicyStatement({ sid: 'ReadWriteShardSnapshots', actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], resources: [this.bucket.arnForObjects(`${prefix}/snapshots/*`)] }),
        new iam.PolicyStatement({ sid: 'NotifyDrift', actions: ['sns:Publish'], resources: [this.topic.topicArn] }),
      );
    }
    this.shardRole = lambdaRole('ShardRole', 'inferguard organization audit: audits its shard of accounts as their read-only member role, writes its report', shardStatements);

    this.mergeRole = lambdaRole('MergeRole', 'inferguard organization audit: merges the shard reports of a run and writes the merged reports', [
      new iam.PolicyStatement({ sid: 'ListTheShardReports', actions: ['s3:ListBucket'], resources: [this.bucket.bucketArn], conditions: { StringLike: { 's3:prefix': [`${prefix}/runs/*`] } } }),
      new iam.PolicyStatement({ sid: 'ReadTheShardReports', actions: ['s3:GetObject'], resources: [runObjects('*/shards/*'), runObjects('*/listing.json')] }),
      new iam.PolicyStatement({ sid: 'WriteTheMergedReports', actions: ['s3:PutObject'], resources: [runObjects('*/merged.json'), runObjects('*/merged.ocsf.json')] }),
      useKey(['kms:GenerateDataKey', 'kms:Decrypt']),
      writeLogs(mergeLogs),
    ]);
    const prefixReason = (what: string) => `${what} The run id (the execution's name) is known only at run time; the wildcard stays inside this job's prefix ${prefix}/ of its own bucket.`;
    acknowledgeNag(
      this.listRole,
      { id: 'AwsSolutions-IAM5[Resource::*]', reason: 'Organizations ListAccounts/ListAccountsForParent/ListOrganizationalUnitsForParent: read-only listing calls made from the management or delegated administrator account; ListAccounts has no resource type (Service Authorization Reference), and the OU and root ARNs embed the organization id, unknown at synth.' },
      { id: `AwsSolutions-IAM5[Resource::${nagText(this, runObjects('*/accounts.txt'))}]`, reason: prefixReason('Writes one account list per run.') },
      { id: `AwsSolutions-IAM5[Resource::${nagText(this, runObjects('*/listing.json'))}]`, reason: prefixReason('Writes one listing report (the listing\'s gaps) per run.') },
    );
    acknowledgeNag(
      this.shardRole,
      { id: `AwsSolutions-IAM5[Resource::${nagText(this, memberRoleArn)}]`, reason: 'The member accounts are the organization\'s, listed at run time; only a role with exactly this name whose trust policy names this role (AuditorRoleStackSet) can be assumed, and it is read-only.' },
      { id: `AwsSolutions-IAM5[Resource::${nagText(this, runObjects('*/accounts.txt'))}]`, reason: prefixReason('Reads the run\'s account list.') },
      { id: `AwsSolutions-IAM5[Resource::${nagText(this, runObjects('*/shards/*'))}]`, reason: prefixReason('Writes its shard report.') },
      ...(settings.mode === 'drift'
        ? [{ id: `AwsSolutions-IAM5[Resource::${nagText(this, this.bucket.arnForObjects(`${prefix}/snapshots/*`))}]`, reason: 'Each shard keeps time-named snapshots under its own shard-i-of-n prefix and deletes those past retention: this job\'s snapshot prefix only.' }]
        : []),
    );
    acknowledgeNag(
      this.mergeRole,
      { id: `AwsSolutions-IAM5[Resource::${nagText(this, runObjects('*/shards/*'))}]`, reason: prefixReason('Reads the run\'s shard reports.') },
      { id: `AwsSolutions-IAM5[Resource::${nagText(this, runObjects('*/listing.json'))}]`, reason: prefixReason('Reads the run\'s listing report (the listing\'s gaps).') },
      { id: `AwsSolutions-IAM5[Resource::${nagText(this, runObjects('*/merged.json'))}]`, reason: prefixReason('Writes the run\'s merged report.') },
      { id: `AwsSolutions-IAM5[Resource::${nagText(this, runObjects('*/merged.ocsf.json'))}]`, reason: prefixReason('Writes the run\'s merged OCSF report.') },
    );

    // --- functions: one bundle, three handlers --------------------------------------------------------------------
    const code = props.code ?? lambda.Code.fromAsset(sharedDriftJobBundle(handlerEntry(__dirname)).directory);
    const environment: Record<string, string> = {
      [ORGANIZATION_JOB_ENV.bucket]: this.bucket.bucketName,
      [ORGANIZATION_JOB_ENV.prefix]: prefix,
      [ORGANIZATION_JOB_ENV.mode]: settings.mode,
      [ORGANIZATION_JOB_ENV.shardCount]: String(settings.shardCount),
      [ORGANIZATION_JOB_ENV.roleName]: settings.roleName,
      [ORGANIZATION_JOB_ENV.sessionName]: settings.roleSessionName,
      ...(settings.externalId === undefined ? {} : { [ORGANIZATION_JOB_ENV.externalId]: settings.externalId }),
      ...(settings.regions === undefined ? {} : { [ORGANIZATION_JOB_ENV.regions]: settings.regions.join(',') }),
      ...(settings.organizationalUnitIds.length === 0 ? {} : { [ORGANIZATION_JOB_ENV.organizationalUnits]: settings.organizationalUnitIds.join(',') }),
      ...(settings.excludeAccountIds.length === 0 ? {} : { [ORGANIZATION_JOB_ENV.excludeAccounts]: settings.excludeAccountIds.join(',') }),
      ...(settings.mode === 'drift' ? { [ORGANIZATION_JOB_ENV.retain]: String(settings.retain), [ORGANIZATION_JOB_ENV.topicArn]: this.topic.topicArn } : {}),
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    };
    const newFunction = (fnId: string, handler: string, role: iam.Role, logGroup: logs.LogGroup, description: string, memorySize: number, timeout: Duration) =>
      new lambda.Function(this, fnId, {
        description,
        runtime: DRIFT_JOB_RUNTIME,
        code,
        handler: `index.${handler}`,
        role,
        logGroup,
        environment,
        memorySize,
        timeout,
        // The state machine retries what is worth retrying; Lambda's own async retries do not apply to its sync invokes.
        retryAttempts: 0,
      });
    this.listFunction = newFunction('ListFunction', 'listAccounts', this.listRole, listLogs, 'inferguard organization audit: list the organization\'s accounts once per run', 512, Duration.minutes(5));
    this.shardFunction = newFunction('ShardFunction', 'runShard', this.shardRole, shardLogs, `inferguard ${settings.mode} aws --shard i/${settings.shardCount} over the run's account list`, settings.memorySize, settings.shardTimeout);
    this.mergeFunction = newFunction('MergeFunction', 'mergeShards', this.mergeRole, mergeLogs, 'inferguard merge: the run\'s shard reports into one (JSON and OCSF)', 1024, Duration.minutes(10));

    // --- the state machine ------------------------------------------------------------------------------------------
    const invoke = (taskId: string, fn: lambda.IFunction, payload: Record<string, unknown>, extra: Partial<tasks.LambdaInvokeProps> = {}) => {
      const task = new tasks.LambdaInvoke(this, taskId, {
        lambdaFunction: fn,
        payload: sfn.TaskInput.fromObject(payload),
        payloadResponseOnly: true,
        retryOnServiceExceptions: false,
        ...extra,
      });
      // Step Functions developer guide, "Handling errors in Step Functions workflows": retry Lambda's service errors
      // and throttling with backoff and jitter; an error the function raised itself is not retried (a shard that
      // failed would fail again, and its report is then a gap).
      task.addRetry({ errors: LAMBDA_TRANSIENT_ERRORS, interval: Duration.seconds(2), maxAttempts: 6, backoffRate: 2, jitterStrategy: sfn.JitterType.FULL });
      return task;
    };
    const runId = sfn.JsonPath.stringAt('$$.Execution.Name');
    const listAccounts = invoke('ListAccounts', this.listFunction, { runId });
    const runShard = invoke('RunShard', this.shardFunction, { runId: sfn.JsonPath.stringAt('$.runId'), shard: sfn.JsonPath.numberAt('$.shard') });
    const shards = new sfn.DistributedMap(this, 'Shards', {
      itemsPath: sfn.JsonPath.stringAt('$.shards'),
      itemSelector: { runId: sfn.JsonPath.stringAt('$.runId'), shard: sfn.JsonPath.numberAt('$$.Map.Item.Value') },
      maxConcurrency: settings.maxConcurrency,
      // A failed shard is a missing report, hence a gap in the merged report: never the end of the run.
      toleratedFailurePercentage: 100,
      // Standard child workflows: a shard runs up to 15 minutes, past Express's 5.
      mapExecutionType: sfn.StateMachineType.STANDARD,
      label: 'Shards',
      resultPath: sfn.JsonPath.DISCARD,
    });
    shards.itemProcessor(runShard);
    const merge = invoke('MergeReports', this.mergeFunction, { runId }, { resultPath: '$.merged' });
    const notify = new tasks.SnsPublish(this, 'NotifyOutcome', {
      topic: this.topic,
      subject: `inferguard organization ${settings.mode}`,
      message: sfn.TaskInput.fromJsonPathAt('$.merged.message'),
      resultPath: sfn.JsonPath.DISCARD,
    });
    const outcome = new sfn.Choice(this, 'AnythingToReport')
      .when(sfn.Condition.booleanEquals('$.merged.notify', true), notify.next(new sfn.Succeed(this, 'Reported')))
      .otherwise(new sfn.Succeed(this, 'NothingToReport'));
    const stateMachineLogs = newLogGroup('StateMachineLogs', 'states');
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      definitionBody: sfn.DefinitionBody.fromChainable(listAccounts.next(shards).next(merge).next(outcome)),
      stateMachineType: sfn.StateMachineType.STANDARD,
      timeout: settings.executionTimeout,
      // cdk-nag AwsSolutions-SF1 (all events logged) and SF2 (X-Ray tracing).
      logs: { destination: stateMachineLogs, level: sfn.LogLevel.ALL, includeExecutionData: true },
      tracingEnabled: true,
      comment: `inferguard organization ${settings.mode}: list the accounts, ${settings.shardCount} shards, merge, notify`,
    });
    // SNS developer guide, "Encryption at rest": a publisher to an encrypted topic needs kms:GenerateDataKey and
    // kms:Decrypt on its key (here through SNS only, by the key policy).
    this.stateMachine.addToRolePolicy(new iam.PolicyStatement({ sid: 'PublishToTheEncryptedTopic', actions: ['kms:GenerateDataKey', 'kms:Decrypt'], resources: [this.key.keyArn] }));
    this.acknowledgeStateMachineRole();

    // --- schedule ---------------------------------------------------------------------------------------------------
    ({ deadLetterQueue: this.deadLetterQueue, schedulerRole: this.schedulerRole, schedule: this.schedule } = createScheduledStart(this, {
      targetArn: this.stateMachine.stateMachineArn,
      // EventBridge Scheduler user guide, "Managing targets" (templated target Step Functions StartExecution):
      // the execution role needs states:StartExecution on the state machine. This one only.
      startStatement: new iam.PolicyStatement({ sid: 'StartTheRun', actions: ['states:StartExecution'], resources: [this.stateMachine.stateMachineArn] }),
      policyName: 'start',
      roleDescription: 'inferguard organization audit: EventBridge Scheduler starts the state machine and writes undelivered starts to the DLQ',
      scheduleDescription: `inferguard organization ${settings.mode}`,
      scheduleExpression: settings.scheduleExpression,
      timeZone: settings.timeZone,
      retryPolicy: { maximumRetryAttempts: 3, maximumEventAgeInSeconds: Duration.hours(1).toSeconds() },
    }));

    // --- alarms: a run that failed or timed out, a shard that failed, a start that never arrived -------------------
    const alarm = (alarmId: string, description: string, metric: cloudwatch.IMetric) => notifyingAlarm(this, alarmId, description, metric, this.topic);
    this.alarms = [
      alarm('RunFailedAlarm', 'inferguard organization audit: a run failed (the account list or the merge could not be made); see the state machine\'s log group', this.stateMachine.metricFailed({ statistic: cloudwatch.Stats.SUM })),
      alarm('RunTimedOutAlarm', 'inferguard organization audit: a run timed out', this.stateMachine.metricTimedOut({ statistic: cloudwatch.Stats.SUM })),
      alarm('ShardFailedAlarm', 'inferguard organization audit: a shard failed; its accounts are a gap in the merged report', this.shardFunction.metricErrors({ statistic: cloudwatch.Stats.SUM })),
      alarm('UndeliveredAlarm', 'inferguard organization audit: the scheduler could not start a run; the start is in the dead-letter queue', this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ statistic: cloudwatch.Stats.MAXIMUM })),
    ];
  }

  /**
   * The wildcards CDK writes into the state machine's role, each as the AWS documentation requires it; cdk-nag
   * AwsSolutions-IAM5 is acknowledged for exactly those.
   */
  private acknowledgeStateMachineRole(): void {
    const role = this.stateMachine.role;
    const acks: NagAcknowledgement[] = [
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'CloudWatch Logs vended-log delivery (logs:CreateLogDelivery, GetLogDelivery, UpdateLogDelivery, DeleteLogDelivery, ListLogDeliveries, PutResourcePolicy, DescribeResourcePolicies, DescribeLogGroups) and X-Ray (PutTraceSegments, PutTelemetryRecords, GetSamplingRules, GetSamplingTargets) support no resource-level permissions: Step Functions developer guide, "Logging Step Functions using CloudWatch Logs" and "IAM policies for using AWS X-Ray in Step Functions".',
      },
    ];
    for (const fn of [this.listFunction, this.shardFunction, this.mergeFunction]) {
      acks.push({
        id: `AwsSolutions-IAM5[Resource::${nagText(this, fn.functionArn)}:*]`,
        reason: 'CDK grants lambda:InvokeFunction on the function and its versions and aliases (ARN:*); the state machine invokes only this function, which has neither.',
      });
    }
    acknowledgeNag(role, ...acks);
    // Step Functions developer guide, "IAM policies for using Distributed Map states": StartExecution on the state
    // machine itself (the child workflows), DescribeExecution and StopExecution on its executions, RedriveExecution
    // on the map run's executions (`<name>/<label>:*`). CDK writes these into its DistributedMapPolicy.
    const distributedMapPolicy = this.stateMachine.node.tryFindChild('DistributedMapPolicy');
    if (distributedMapPolicy !== undefined) {
      const stack = Stack.of(this);
      const name = Arn.split(this.stateMachine.stateMachineArn, ArnFormat.COLON_RESOURCE_NAME).resourceName;
      const executionsOf = (resourceName: string) => stack.formatArn({ service: 'states', resource: 'execution', resourceName, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
      acknowledgeNag(
        distributedMapPolicy,
        {
          id: `AwsSolutions-IAM5[Resource::${nagText(this, executionsOf(`${name}`))}:*]`,
          reason: 'The Distributed Map describes and stops the child workflow executions it starts, whose names Step Functions generates at run time: this state machine\'s executions only (Step Functions developer guide, "IAM policies for using Distributed Map states").',
        },
        {
          id: `AwsSolutions-IAM5[Resource::${nagText(this, executionsOf(`${name}/Shards:*`))}]`,
          reason: 'Redriving the map run re-runs only its failed shards; the executions of the run labelled Shards of this state machine only (Step Functions developer guide, "Redriving Map Runs").',
        },
      );
    }
  }
}
