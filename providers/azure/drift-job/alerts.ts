// Azure Monitor's own notice of a job run that did not end clean: an action group that emails and a metric alert on
// the job's failed executions. Both jobs (ScheduledAzureDriftCheck, ShardedAzureAudit's merge) declare it here.
import * as app from '@pulumi/azure-native/app';
import * as monitor from '@pulumi/azure-native/monitor';
import * as pulumi from '@pulumi/pulumi';
import { compactName } from './storage-and-roles';

// Azure Monitor's supported metrics for Microsoft.App/jobs (learn.microsoft.com, azure-monitor/reference/supported-metrics/
// microsoft-app-jobs-metrics): "Job Executions", REST name `Executions`, dimensions state, jobName, executionName. `Failed`
// is the execution status Container Apps reports for a run whose replica exited non-zero (JobExecution.status).
export const FAILED_EXECUTIONS_METRIC = { namespace: 'Microsoft.App/jobs', name: 'Executions', dimension: 'state', value: 'Failed' } as const;
/** A daily job: look every 15 minutes at the last hour, so a failed run is mailed within 15 minutes, once. */
export const FAILED_EXECUTION_ALERT_TIMING = { evaluationFrequency: 'PT15M', windowSize: 'PT1H', severity: 2 } as const;

/** Who is mailed when a run fails. */
export interface JobAlertProps {
  readonly emails: readonly string[];
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** What is wrong with `alerts`, as [problem, fix], or undefined when nothing is. */
export function alertsProblem(alerts: JobAlertProps | undefined): readonly [string, string] | undefined {
  if (alerts === undefined) return undefined;
  if (alerts.emails.length === 0) return ['alerts.emails is an empty list: the alert would notify nobody.', 'Name at least one address, or leave alerts out.'];
  const bad = alerts.emails.find((email) => !EMAIL.test(email));
  return bad === undefined ? undefined : [`alerts.emails has "${bad}", which is not an email address.`, 'Give addresses such as secops@example.com.'];
}

export interface FailedExecutionAlert {
  readonly actionGroup: monitor.ActionGroup;
  readonly alert: monitor.MetricAlert;
}

/** Declares `${name}-alerts` (the action group) and `${name}-failed-execution` (the alert on `job`'s failed executions). */
export function declareFailedExecutionAlert(
  name: string,
  settings: { readonly resourceGroupName: pulumi.Input<string>; readonly tags: Readonly<Record<string, string>>; readonly alerts: JobAlertProps; readonly job: app.Job; readonly description: string },
  parent: pulumi.Resource,
): FailedExecutionAlert {
  const { resourceGroupName, tags } = settings;
  const actionGroup = new monitor.ActionGroup(
    `${name}-alerts`,
    {
      resourceGroupName,
      location: 'Global',
      tags,
      enabled: true,
      groupShortName: compactName(name, 12),
      emailReceivers: settings.alerts.emails.map((emailAddress, index) => ({ name: `email-${index}`, emailAddress, useCommonAlertSchema: true })),
    },
    { parent },
  );
  const metric = FAILED_EXECUTIONS_METRIC;
  const alert = new monitor.MetricAlert(
    `${name}-failed-execution`,
    {
      resourceGroupName,
      location: 'global',
      tags,
      description: settings.description,
      enabled: true,
      severity: FAILED_EXECUTION_ALERT_TIMING.severity,
      evaluationFrequency: FAILED_EXECUTION_ALERT_TIMING.evaluationFrequency,
      windowSize: FAILED_EXECUTION_ALERT_TIMING.windowSize,
      scopes: [settings.job.id],
      targetResourceType: metric.namespace,
      autoMitigate: true,
      criteria: {
        odataType: 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria',
        allOf: [
          {
            criterionType: 'StaticThresholdCriterion',
            name: 'FailedExecutions',
            metricNamespace: metric.namespace,
            metricName: metric.name,
            dimensions: [{ name: metric.dimension, operator: 'Include', values: [metric.value] }],
            operator: 'GreaterThan',
            threshold: 0,
            timeAggregation: 'Total',
          },
        ],
      },
      actions: [{ actionGroupId: actionGroup.id }],
    },
    { parent },
  );
  return { actionGroup, alert };
}
