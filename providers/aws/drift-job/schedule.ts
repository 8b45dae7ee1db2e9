// How a scheduled job is started and watched: EventBridge Scheduler with a role that may start this one target and
// write what it could not deliver to a dead-letter queue, and alarms that notify the job's topic. Shared by
// ScheduledDriftCheck (a Lambda target) and ShardedOrganizationAudit (a Step Functions target).
import { Aws, TimeZone } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { acknowledgeNag } from '../construct/nag';
import { defaultDeadLetterQueueProps } from './defaults';

export interface ScheduledStartOptions {
  readonly targetArn: string;
  /** The one statement that lets the scheduler start the target (its sid, action and the document requiring it). */
  readonly startStatement: iam.PolicyStatement;
  /** Name of the scheduler role's inline policy. */
  readonly policyName: string;
  readonly roleDescription: string;
  readonly scheduleDescription: string;
  readonly scheduleExpression: string;
  readonly timeZone: string;
  readonly retryPolicy: { readonly maximumRetryAttempts: number; readonly maximumEventAgeInSeconds: number };
}

export interface ScheduledStart {
  readonly deadLetterQueue: sqs.Queue;
  readonly schedulerRole: iam.Role;
  readonly schedule: scheduler.Schedule;
}

/** Creates `DeadLetterQueue`, `SchedulerRole` and `Schedule` in `scope`. */
export function createScheduledStart(scope: Construct, options: ScheduledStartOptions): ScheduledStart {
  const deadLetterQueue = new sqs.Queue(scope, 'DeadLetterQueue', defaultDeadLetterQueueProps());
  acknowledgeNag(deadLetterQueue, {
    id: 'AwsSolutions-SQS3',
    reason: 'This queue is itself the dead-letter queue of the schedule (Scheduler writes the starts it could not deliver here); a dead-letter queue of a dead-letter queue would hold nothing.',
  });
  const schedulerRole = new iam.Role(scope, 'SchedulerRole', {
    // EventBridge Scheduler user guide, "Set up the execution role": aws:SourceAccount in the trust policy, so only
    // schedules of this account may assume it (confused deputy).
    assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } } }),
    description: options.roleDescription,
    inlinePolicies: {
      [options.policyName]: new iam.PolicyDocument({
        statements: [
          options.startStatement,
          // EventBridge Scheduler user guide, "Configuring a schedule's dead-letter queue": sqs:SendMessage on the DLQ.
          new iam.PolicyStatement({ sid: 'DeadLetters', actions: ['sqs:SendMessage'], resources: [deadLetterQueue.queueArn] }),
        ],
      }),
    },
  });
  const target: scheduler.IScheduleTarget = {
    bind: () => ({
      arn: options.targetArn,
      role: schedulerRole,
      deadLetterConfig: { arn: deadLetterQueue.queueArn },
      retryPolicy: { ...options.retryPolicy },
    }),
  };
  const schedule = new scheduler.Schedule(scope, 'Schedule', {
    schedule: scheduler.ScheduleExpression.expression(options.scheduleExpression, TimeZone.of(options.timeZone)),
    target,
    description: options.scheduleDescription,
  });
  return { deadLetterQueue, schedulerRole, schedule };
}

/** An alarm in `scope` that notifies `topic` as soon as `metric` reaches 1 in a period; no data is no alarm. */
export function notifyingAlarm(scope: Construct, id: string, description: string, metric: cloudwatch.IMetric, topic: sns.ITopic): cloudwatch.Alarm {
  const alarm = new cloudwatch.Alarm(scope, id, {
    alarmDescription: description,
    metric,
    threshold: 1,
    evaluationPeriods: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
  alarm.addAlarmAction(new cloudwatchActions.SnsAction(topic));
  return alarm;
}
