// ScheduledGcpDriftCheck: `inferguard drift gcp` as a Cloud Run job that Cloud Scheduler starts through the Cloud
// Run Admin API (`jobs.run`) with an OAuth token of its own service account, which holds only roles/run.invoker on
// that one job. The job's service account holds only the shipped auditor role on the project and create/read on its
// snapshot bucket (it can neither overwrite nor delete history; the bucket's lifecycle rule expires it).
import * as cloudrunv2 from '@pulumi/gcp/cloudrunv2';
import * as cloudscheduler from '@pulumi/gcp/cloudscheduler';
import * as folder from '@pulumi/gcp/folder';
import * as monitoring from '@pulumi/gcp/monitoring';
import * as organizations from '@pulumi/gcp/organizations';
import * as projects from '@pulumi/gcp/projects';
import * as secretmanager from '@pulumi/gcp/secretmanager';
import * as serviceaccount from '@pulumi/gcp/serviceaccount';
import * as storage from '@pulumi/gcp/storage';
import * as workflows from '@pulumi/gcp/workflows';
import * as pulumi from '@pulumi/pulumi';
import type * as gcpInputs from '@pulumi/gcp/types/input';
import auditorRole from '../live/auditor-role.json';
import {
  BUCKET_MOUNT_PATH,
  REPORTS_PREFIX,
  shardReportPath,
  CLOUD_PLATFORM_SCOPE,
  defaultGcpDriftJobSettings,
  defaultSnapshotBucketSettings,
  IMAGE_BY_DIGEST,
  ORGANIZATION_ONLY_PERMISSION_PREFIXES,
  type GcpDriftJobSettings,
} from './defaults';
import type { ScheduledGcpDriftCheckProps } from './props';

export * from './defaults';
export type { GcpAuditorRole, GcpDriftEstate, ScheduledGcpDriftCheckProps } from './props';

/**
 * The workflow that runs one organization-wide pass: start the shard job (its execution's tasks are the shards),
 * wait until that execution has ended however its tasks ended, then run the merge job over the shard reports of
 * that execution. Cloud Workflows is the engine that knows when every task is done and which execution it was;
 * a second scheduled job would have to guess both. `--allow-missing`: a shard that failed before writing its report
 * is a gap naming its projects in the merged report, never a silent hole.
 */
export function shardWorkflowDefinition(o: { readonly shardJob: string; readonly mergeJob: string; readonly shards: number; readonly pollSeconds: number }): Record<string, unknown> {
  const folderOf = (file: string) => `\${"${BUCKET_MOUNT_PATH}/${REPORTS_PREFIX}/" + executionId + "/${file}"}`;
  const shardFiles = Array.from({ length: o.shards }, (_, index) => folderOf(`shard-${index}.json`));
  return {
    main: {
      steps: [
        // skip_polling: the operation's metadata names the execution at once, so the merge knows its folder.
        { runShards: { call: 'googleapis.run.v2.projects.locations.jobs.run', args: { name: o.shardJob, connector_params: { skip_polling: true } }, result: 'operation' } },
        { names: { assign: [{ execution: '${operation.metadata.name}' }, { executionId: '${text.split(operation.metadata.name, "/")[7]}' }] } },
        { waitForShards: { call: 'sys.sleep', args: { seconds: o.pollSeconds } } },
        { checkShards: { call: 'googleapis.run.v2.projects.locations.jobs.executions.get', args: { name: '${execution}' }, result: 'status' } },
        { endedYet: { switch: [{ condition: '${not ("completionTime" in status)}', next: 'waitForShards' }] } },
        {
          merge: {
            call: 'googleapis.run.v2.projects.locations.jobs.run',
            args: {
              name: o.mergeJob,
              body: { overrides: { containerOverrides: [{ args: ['merge', ...shardFiles, '--shards', String(o.shards), '--allow-missing', '--format', 'json', '--output', folderOf('merged.json')] }] } },
            },
            result: 'merged',
          },
        },
        { done: { return: { execution: '${execution}', report: folderOf('merged.json') } } },
      ],
    },
  };
}

export const SCHEDULED_GCP_DRIFT_CHECK_TYPE = 'inferguard:gcp:ScheduledDriftCheck';
export const WEBHOOK_SECRET_ENV = 'INFERGUARD_WEBHOOK_SECRET';

// Cloud Monitoring's Cloud Run job metric: completed executions, labelled by `result` ("succeeded" or "failed"), on the
// `cloud_run_job` monitored resource. Google's metrics list (cloud.google.com/monitoring/api/metrics_gcp, "run") names
// it; that page was not in our reference corpus, so the name and label are as in published alert policies that use
// them; check it there before relying on it.
export const FAILED_EXECUTIONS_METRIC = { type: 'run.googleapis.com/job/completed_execution_count', resultLabel: 'failed' } as const;
/** Failed executions of one job: the alert policy's filter. */
export function failedExecutionsFilter(projectId: string, region: string, jobName: string): string {
  return [
    'resource.type = "cloud_run_job"',
    `resource.labels.project_id = "${projectId}"`,
    `resource.labels.location = "${region}"`,
    `resource.labels.job_name = "${jobName}"`,
    `metric.type = "${FAILED_EXECUTIONS_METRIC.type}"`,
    `metric.labels.result = "${FAILED_EXECUTIONS_METRIC.resultLabel}"`,
  ].join(' AND ');
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A configuration the component refuses: what was asked, why it cannot work, what to do instead. */
export class ScheduledGcpDriftCheckConfigurationError extends Error {
  constructor(
    readonly component: string,
    readonly problem: string,
    readonly fix: string,
  ) {
    super(`${component}: ${problem} ${fix}`);
    this.name = 'ScheduledGcpDriftCheckConfigurationError';
  }
}

/** The shipped role's permissions that a project-level custom role may hold. */
export function projectLevelAuditorPermissions(): { readonly kept: string[]; readonly dropped: string[] } {
  const organizationOnly = (permission: string) => ORGANIZATION_ONLY_PERMISSION_PREFIXES.some((prefix) => permission.startsWith(prefix));
  return { kept: auditorRole.includedPermissions.filter((p) => !organizationOnly(p)), dropped: auditorRole.includedPermissions.filter(organizationOnly) };
}

export function resolveGcpDriftJobSettings(name: string, props: ScheduledGcpDriftCheckProps): GcpDriftJobSettings {
  const refuse = (problem: string, fix: string): never => {
    throw new ScheduledGcpDriftCheckConfigurationError(name, problem, fix);
  };
  const defaults = defaultGcpDriftJobSettings();
  const settings: GcpDriftJobSettings = {
    ...defaults,
    schedule: props.schedule ?? defaults.schedule,
    timeZone: props.timeZone ?? defaults.timeZone,
    snapshotPrefix: props.snapshotPrefix ?? defaults.snapshotPrefix,
    retainDays: props.retainDays ?? defaults.retainDays,
  };
  if (!IMAGE_BY_DIGEST.test(props.image)) {
    refuse(
      `image "${props.image}" is not pinned by digest: a tag can be moved to another image, so the job could run code nobody reviewed (image-pinned-by-digest).`,
      'Give registry/path@sha256:<digest> (gcloud artifacts docker images describe IMAGE prints it).',
    );
  }
  if (settings.schedule.trim().split(/\s+/).length !== 5) {
    refuse(`schedule "${settings.schedule}" does not have five fields.`, 'Cloud Scheduler takes unix-cron: minute hour day-of-month month day-of-week, e.g. 0 6 * * *.');
  }
  if (!Number.isInteger(settings.retainDays) || settings.retainDays < 1) {
    refuse(`retainDays is ${settings.retainDays}: the job must keep at least the snapshot it compares the next run with.`, 'Set retainDays to a whole number of days, 1 or more (more than the schedule\'s interval).');
  }
  if (settings.snapshotPrefix === '' || settings.snapshotPrefix.startsWith('/') || settings.snapshotPrefix.endsWith('/') || settings.snapshotPrefix.split('/').includes('..')) {
    refuse(`snapshotPrefix "${settings.snapshotPrefix}" is empty, starts or ends with "/", or contains "..".`, 'Use a relative prefix such as drift/gcp.');
  }
  if (props.notifyWebhookUrl !== undefined && !props.notifyWebhookUrl.startsWith('https://')) {
    refuse(`notifyWebhookUrl "${props.notifyWebhookUrl}" is not https: the drift news would cross the network in clear text.`, 'Use an https:// URL.');
  }
  if (props.webhookSecretId !== undefined) {
    if (props.notifyWebhookUrl === undefined) refuse('webhookSecretId is set without notifyWebhookUrl: there is nothing to sign.', 'Set notifyWebhookUrl too, or drop webhookSecretId.');
    if (!/^projects\/[^/]+\/secrets\/[^/]+$/.test(props.webhookSecretId)) {
      refuse(`webhookSecretId "${props.webhookSecretId}" is not a secret name.`, 'Give projects/PROJECT/secrets/SECRET (the job reads its latest version).');
    }
  }
  const role = props.auditorRole;
  if (role !== undefined && 'roleName' in role && !/^(projects|organizations)\/[^/]+\/roles\/[A-Za-z0-9_.]+$/.test(role.roleName)) {
    refuse(`auditorRole.roleName "${role.roleName}" is not a custom role name.`, 'Give organizations/ORG_ID/roles/ROLE_ID or projects/PROJECT/roles/ROLE_ID.');
  }
  if (role !== undefined && 'organizationId' in role && !/^\d+$/.test(role.organizationId)) {
    refuse(`auditorRole.organizationId "${role.organizationId}" is not an organization id (digits).`, 'gcloud organizations list prints it.');
  }
  const estate = props.estate;
  if (estate !== undefined) {
    if (!Number.isInteger(estate.shards) || estate.shards < 1 || estate.shards > 10_000) refuse(`estate.shards is ${estate.shards}.`, 'Give a whole number of shards from 1 to 10000 (Cloud Run job tasks).');
    if (estate.parallelism !== undefined && (!Number.isInteger(estate.parallelism) || estate.parallelism < 1)) refuse(`estate.parallelism is ${estate.parallelism}.`, 'Give a whole number of tasks, 1 or more, or leave it out to run every shard at once.');
    const folders = estate.folderIds ?? [];
    if ((estate.organizationId === undefined) === (folders.length === 0)) refuse('estate names neither an organization nor folders, or both.', 'Set estate.organizationId, or estate.folderIds.');
    if (estate.organizationId !== undefined && !/^\d+$/.test(estate.organizationId)) refuse(`estate.organizationId "${estate.organizationId}" is not an organization id (digits).`, 'gcloud organizations list prints it.');
    for (const id of folders) if (!/^\d+$/.test(id)) refuse(`estate.folderIds has "${id}", which is not a folder id (digits).`, 'gcloud resource-manager folders list prints them.');
    if (role === undefined) {
      refuse(
        'estate is set but the auditor role would be a project-level copy, which cannot hold resourcemanager.projects.list, resourcemanager.folders.list or the perimeter reads the estate needs.',
        'Set auditorRole: { organizationId } (the component creates the role there), or { roleName } of an organization-level role.',
      );
    }
  }
  if (props.alerts !== undefined) {
    if (props.alerts.emails.length === 0) refuse('alerts.emails is an empty list: the alert would notify nobody.', 'Name at least one address, or leave alerts out.');
    for (const email of props.alerts.emails) {
      if (!EMAIL.test(email)) refuse(`alerts.emails has "${email}", which is not an email address.`, 'Give addresses such as secops@example.com.');
    }
  }
  return settings;
}

/** Letters, digits and hyphens, starting with a letter: the part of a name service accounts and jobs accept. */
function idOf(name: string, suffix: string, maxLength: number): string {
  const base = name.toLowerCase().replace(/[^a-z0-9-]/g, '-').replace(/^[^a-z]+/, '');
  return `${(base === '' ? 'drift' : base).slice(0, maxLength - suffix.length - 1)}-${suffix}`;
}

/** Create (not overwrite: objectCreator has no storage.objects.delete) and read/list on the snapshot bucket, and nothing else. */
function snapshotBucketGrants(resourcePrefix: string, bucket: pulumi.Input<string>, member: pulumi.Input<string>, parent: pulumi.Resource): storage.BucketIAMMember[] {
  return ['roles/storage.objectCreator', 'roles/storage.objectViewer'].map(
    (bucketRole) => new storage.BucketIAMMember(`${resourcePrefix}-${bucketRole.split('.').pop()}`, { bucket, role: bucketRole, member }, { parent }),
  );
}

/** The snapshot bucket as a Cloud Storage volume (second-generation environment), where shard and merged reports are written. */
interface BucketVolume {
  readonly name: string;
  readonly gcs: { readonly bucket: pulumi.Output<string>; readonly readOnly: boolean };
}

/**
 * A Cloud Run job of the component (the drift or shard job, the merge job): its own service account, no retry (a
 * retried task would add a snapshot or audit its shard twice), the settings' timeout and size, CMEK when given.
 */
function runJobArgs(
  name: string,
  props: ScheduledGcpDriftCheckProps,
  settings: GcpDriftJobSettings,
  labels: Readonly<Record<string, string>>,
  job: {
    readonly idSuffix: string;
    readonly taskCount: number;
    readonly parallelism: number;
    readonly serviceAccount: pulumi.Input<string>;
    readonly args: pulumi.Input<string>[];
    /** With a bucket volume it is mounted at BUCKET_MOUNT_PATH. */
    readonly bucketVolume?: BucketVolume;
    readonly envs?: gcpInputs.cloudrunv2.JobTemplateTemplateContainerEnv[];
  },
): cloudrunv2.JobArgs {
  const volume = job.bucketVolume;
  return {
    project: props.projectId,
    location: props.region,
    name: idOf(name, job.idSuffix, 63),
    labels,
    template: {
      taskCount: job.taskCount,
      parallelism: job.parallelism,
      template: {
        ...(volume === undefined ? {} : { executionEnvironment: 'EXECUTION_ENVIRONMENT_GEN2', volumes: [volume] }),
        serviceAccount: job.serviceAccount,
        maxRetries: 0,
        timeout: `${settings.timeoutSeconds}s`,
        ...(props.kmsKeyName === undefined ? {} : { encryptionKey: props.kmsKeyName }),
        containers: [
          {
            image: props.image,
            args: job.args,
            ...(volume === undefined ? {} : { volumeMounts: [{ name: volume.name, mountPath: BUCKET_MOUNT_PATH }] }),
            resources: { limits: { cpu: settings.cpu, memory: settings.memory } },
            ...(job.envs === undefined ? {} : { envs: job.envs }),
          },
        ],
      },
    },
  };
}

export class ScheduledGcpDriftCheck extends pulumi.ComponentResource {
  readonly settings: GcpDriftJobSettings;
  readonly jobServiceAccount: serviceaccount.Account;
  readonly schedulerServiceAccount: serviceaccount.Account;
  /** The custom role the component created (none when `auditorRole.roleName` names an existing one). */
  readonly auditorRole?: projects.IAMCustomRole | organizations.IAMCustomRole;
  readonly auditorRoleName: pulumi.Output<string>;
  readonly bucket: storage.Bucket;
  readonly job: cloudrunv2.Job;
  readonly scheduler: cloudscheduler.Job;
  readonly iamMembers: readonly pulumi.CustomResource[];
  /** With `alerts`: one email channel per address, and the policy on the job's failed executions. */
  readonly notificationChannels: readonly monitoring.NotificationChannel[] = [];
  readonly failedExecutionAlert?: monitoring.AlertPolicy;
  /** `gs://bucket/prefix`, the `--store` the job passes. */
  readonly storeLocation: pulumi.Output<string>;
  /** With an estate: the merge job, its service account, and the workflow that runs the shards then the merge. */
  mergeJob?: cloudrunv2.Job;
  mergeServiceAccount?: serviceaccount.Account;
  workflowServiceAccount?: serviceaccount.Account;
  workflow?: workflows.Workflow;

  constructor(name: string, props: ScheduledGcpDriftCheckProps, opts?: pulumi.ComponentResourceOptions) {
    super(SCHEDULED_GCP_DRIFT_CHECK_TYPE, name, {}, opts);
    const settings = resolveGcpDriftJobSettings(name, props);
    this.settings = settings;
    const parent = { parent: this };
    const { projectId: project, region } = props;
    const labels = { ...props.labels, 'managed-by': 'inferguard' };
    const bucketSettings = defaultSnapshotBucketSettings();

    this.jobServiceAccount = new serviceaccount.Account(
      `${name}-job-sa`,
      { project, accountId: idOf(name, 'drift', 30), displayName: 'inferguard drift job', description: 'Runs inferguard drift gcp: read-only audit, create/read of its snapshots' },
      parent,
    );
    this.schedulerServiceAccount = new serviceaccount.Account(
      `${name}-scheduler-sa`,
      { project, accountId: idOf(name, 'sched', 30), displayName: 'inferguard drift scheduler', description: 'Starts the inferguard drift Cloud Run job (roles/run.invoker on that job only)' },
      parent,
    );
    const jobMember = pulumi.interpolate`serviceAccount:${this.jobServiceAccount.email}`;
    const iamMembers: pulumi.CustomResource[] = [];

    // --- the auditor role, at the project ----------------------------------------------------------
    const role = props.auditorRole;
    const roleId = `inferguardDriftAuditor_${name.replace(/[^A-Za-z0-9]/g, '')}`.slice(0, 64);
    if (role !== undefined && 'roleName' in role) {
      this.auditorRoleName = pulumi.output(role.roleName);
    } else if (role !== undefined && 'organizationId' in role) {
      const created = new organizations.IAMCustomRole(
        `${name}-auditor-role`,
        { orgId: role.organizationId, roleId, title: auditorRole.title, description: auditorRole.description, stage: auditorRole.stage, permissions: auditorRole.includedPermissions },
        parent,
      );
      this.auditorRole = created;
      this.auditorRoleName = created.name;
    } else {
      const { kept, dropped } = projectLevelAuditorPermissions();
      const created = new projects.IAMCustomRole(
        `${name}-auditor-role`,
        { project, roleId, title: auditorRole.title, description: auditorRole.description, stage: auditorRole.stage, permissions: kept },
        parent,
      );
      this.auditorRole = created;
      this.auditorRoleName = created.name;
      void pulumi.log.warn(
        `${name}: the auditor role is created in the project, which cannot hold ${dropped.join(', ')} (organization-level permissions): the job's reads of VPC Service Controls perimeters will be gaps and their controls unknown. To fix: set auditorRole: { organizationId } (or grant Access Context Manager Reader on the organization to the job's service account).`,
        this,
      );
    }
    const estate = props.estate;
    if (estate === undefined) {
      iamMembers.push(new projects.IAMMember(`${name}-auditor`, { project, role: this.auditorRoleName, member: jobMember }, parent));
    } else if (estate.organizationId !== undefined) {
      // Listing projects and folders, the asset search and perimeter reads are checked on the organization: granted there, inherited below.
      iamMembers.push(new organizations.IAMMember(`${name}-auditor`, { orgId: estate.organizationId, role: this.auditorRoleName, member: jobMember }, parent));
    } else {
      for (const id of estate.folderIds ?? []) {
        iamMembers.push(new folder.IAMMember(`${name}-auditor-${id}`, { folder: `folders/${id}`, role: this.auditorRoleName, member: jobMember }, parent));
      }
    }

    // --- snapshot bucket ---------------------------------------------------------------------------
    this.bucket = new storage.Bucket(
      `${name}-snapshots`,
      {
        project,
        location: props.bucketLocation ?? region.toUpperCase(),
        labels,
        uniformBucketLevelAccess: bucketSettings.uniformBucketLevelAccess,
        publicAccessPrevention: bucketSettings.publicAccessPrevention,
        versioning: { enabled: bucketSettings.versioning },
        ...(props.kmsKeyName === undefined ? {} : { encryption: { defaultKmsKeyName: props.kmsKeyName } }),
        lifecycleRules: [
          // Retention: live snapshots expire after retainDays (the job cannot delete); noncurrent versions later.
          { action: { type: 'Delete' }, condition: { age: settings.retainDays, matchesPrefixes: [`${settings.snapshotPrefix}/`], withState: 'LIVE' } },
          { action: { type: 'Delete' }, condition: { daysSinceNoncurrentTime: bucketSettings.noncurrentVersionDays, withState: 'ARCHIVED' } },
          ...(props.estate === undefined ? [] : [{ action: { type: 'Delete' }, condition: { age: settings.retainDays, matchesPrefixes: [`${REPORTS_PREFIX}/`], withState: 'LIVE' } }]),
        ],
        forceDestroy: false,
      },
      parent,
    );
    iamMembers.push(...snapshotBucketGrants(name, this.bucket.name, jobMember, this));
    if (props.webhookSecretId !== undefined) {
      iamMembers.push(
        new secretmanager.SecretIamMember(`${name}-webhook-secret`, { secretId: props.webhookSecretId, role: 'roles/secretmanager.secretAccessor', member: jobMember }, parent),
      );
    }
    this.storeLocation = pulumi.interpolate`gs://${this.bucket.name}/${settings.snapshotPrefix}`;

    // --- the Cloud Run job -------------------------------------------------------------------------
    const args: pulumi.Input<string>[] = ['drift', 'gcp', '--store', this.storeLocation];
    if (estate === undefined) args.push('--project', project);
    else {
      if (estate.organizationId !== undefined) args.push('--organization', estate.organizationId);
      for (const id of estate.folderIds ?? []) args.push('--folder', id);
      // Each task audits its shard (CLOUD_RUN_TASK_INDEX/COUNT) and writes its audit report for the merge.
      args.push('--shard', 'auto', '--format', 'audit-json', '--output', shardReportPath());
    }
    // With an estate the bucket is mounted (Cloud Storage volume, second-generation environment) for the reports.
    const bucketVolume: BucketVolume = { name: 'bucket', gcs: { bucket: this.bucket.name, readOnly: false } };
    if (props.notifyWebhookUrl !== undefined) args.push('--notify-webhook', props.notifyWebhookUrl);
    if (props.webhookSecretId !== undefined) args.push('--webhook-secret-env', WEBHOOK_SECRET_ENV);
    this.job = new cloudrunv2.Job(
      `${name}-job`,
      runJobArgs(name, props, settings, labels, {
        idSuffix: 'drift',
        taskCount: estate?.shards ?? 1,
        parallelism: estate?.parallelism ?? estate?.shards ?? 1,
        serviceAccount: this.jobServiceAccount.email,
        args,
        ...(estate === undefined ? {} : { bucketVolume }),
        envs: props.webhookSecretId === undefined ? [] : [{ name: WEBHOOK_SECRET_ENV, valueSource: { secretKeyRef: { secret: props.webhookSecretId, version: 'latest' } } }],
      }),
      { parent: this, dependsOn: [...iamMembers] },
    );
    // The scheduler's account may start this job and nothing else (Cloud Run "Execute jobs on a schedule": Cloud Run
    // Invoker on the job; the role holds run.jobs.run).
    const schedulerMember = pulumi.interpolate`serviceAccount:${this.schedulerServiceAccount.email}`;
    let target: cloudscheduler.JobArgs['httpTarget'];
    let invoker: pulumi.CustomResource;
    if (estate === undefined) {
      invoker = new cloudrunv2.JobIamMember(`${name}-invoker`, { project, location: region, name: this.job.name, role: 'roles/run.invoker', member: schedulerMember }, parent);
      iamMembers.push(invoker);
      target = {
        httpMethod: 'POST',
        uri: pulumi.interpolate`https://run.googleapis.com/v2/projects/${project}/locations/${region}/jobs/${this.job.name}:run`,
        oauthToken: { serviceAccountEmail: this.schedulerServiceAccount.email, scope: CLOUD_PLATFORM_SCOPE },
      };
    } else {
      const run = this.estateRun(name, props, estate, settings, bucketVolume, labels, iamMembers);
      invoker = run.invoker;
      target = {
        httpMethod: 'POST',
        uri: pulumi.interpolate`https://workflowexecutions.googleapis.com/v1/projects/${props.projectId}/locations/${region}/workflows/${run.workflow.name}/executions`,
        oauthToken: { serviceAccountEmail: this.schedulerServiceAccount.email, scope: CLOUD_PLATFORM_SCOPE },
      };
    }
    this.iamMembers = iamMembers;

    // --- the schedule ------------------------------------------------------------------------------
    // Cloud Run Admin API v2: POST .../v2/projects/P/locations/L/jobs/J:run, authorized by an OAuth access token
    // (Google APIs take OAuth tokens, not the OIDC tokens Cloud Run services take).
    this.scheduler = new cloudscheduler.Job(
      `${name}-schedule`,
      {
        project,
        region,
        description: estate === undefined ? 'Starts the inferguard drift Cloud Run job' : 'Starts the inferguard organization-wide drift workflow (shards, then merge)',
        schedule: settings.schedule,
        timeZone: settings.timeZone,
        attemptDeadline: '60s',
        retryConfig: { retryCount: settings.schedulerRetryCount, minBackoffDuration: '60s', maxBackoffDuration: '600s' },
        httpTarget: target,
      },
      { parent: this, dependsOn: [invoker] },
    );

    // --- the native notice: Cloud Monitoring mails on a failed execution (drift found, error or incomplete) --------
    if (props.alerts !== undefined) {
      this.notificationChannels = props.alerts.emails.map(
        (email, index) =>
          new monitoring.NotificationChannel(
            `${name}-email-${index}`,
            { project, type: 'email', displayName: `inferguard drift (${name}): ${email}`, labels: { email_address: email }, userLabels: labels },
            parent,
          ),
      );
      this.failedExecutionAlert = new monitoring.AlertPolicy(
        `${name}-failed-execution`,
        {
          project,
          displayName: `inferguard drift (${name}): the job's run failed`,
          combiner: 'OR',
          severity: 'WARNING',
          conditions: [
            {
              displayName: 'A drift job execution ended failed',
              conditionThreshold: {
                filter: this.job.name.apply((jobName) => failedExecutionsFilter(project, region, jobName)),
                comparison: 'COMPARISON_GT',
                thresholdValue: 0,
                duration: '0s',
                // A DELTA count: sum what completed in each 5 minutes, fire on any failure.
                aggregations: [{ alignmentPeriod: '300s', perSeriesAligner: 'ALIGN_SUM' }],
              },
            },
          ],
          notificationChannels: this.notificationChannels.map((channel) => channel.name),
          // A daily job: close the incident after 30 minutes without a new failure (Cloud Monitoring's minimum).
          alertStrategy: { autoClose: '1800s' },
          documentation: {
            mimeType: 'text/markdown',
            content: 'The inferguard drift job ended non-zero: 1 drift found, 2 error, 3 incomplete. The execution\'s logs (and the webhook, if set) say which.',
          },
          userLabels: labels,
        },
        parent,
      );
    }
    this.registerOutputs({ storeLocation: this.storeLocation, jobName: this.job.name, bucketName: this.bucket.name });
  }

  /**
   * The merge job (its own account: create/read on the bucket, nothing else), the workflow that runs the shard job
   * and then the merge (its account may start those two jobs and read executions), and the scheduler's right to
   * start the workflow.
   */
  private estateRun(
    name: string,
    props: ScheduledGcpDriftCheckProps,
    estate: NonNullable<ScheduledGcpDriftCheckProps['estate']>,
    settings: GcpDriftJobSettings,
    bucketVolume: BucketVolume,
    labels: Record<string, string>,
    iamMembers: pulumi.CustomResource[],
  ): { workflow: workflows.Workflow; invoker: pulumi.CustomResource } {
    const parent = { parent: this };
    const { projectId: project, region } = props;
    const mergeAccount = new serviceaccount.Account(
      `${name}-merge-sa`,
      { project, accountId: idOf(name, 'merge', 30), displayName: 'inferguard drift merge', description: 'Joins the shard reports of one drift run (create/read on the snapshot bucket only)' },
      parent,
    );
    const mergeGrants = snapshotBucketGrants(`${name}-merge`, this.bucket.name, pulumi.interpolate`serviceAccount:${mergeAccount.email}`, this);
    iamMembers.push(...mergeGrants);
    const mergeJob = new cloudrunv2.Job(
      `${name}-merge`,
      // The workflow gives the arguments (the shard reports of its execution); alone, the job prints its usage.
      runJobArgs(name, props, settings, labels, { idSuffix: 'merge', taskCount: 1, parallelism: 1, serviceAccount: mergeAccount.email, args: ['merge', '--help'], bucketVolume }),
      { parent: this, dependsOn: mergeGrants },
    );
    const workflowAccount = new serviceaccount.Account(
      `${name}-workflow-sa`,
      { project, accountId: idOf(name, 'flow', 30), displayName: 'inferguard drift workflow', description: 'Runs the shard job, then the merge job, of one organization-wide drift run' },
      parent,
    );
    const workflowMember = pulumi.interpolate`serviceAccount:${workflowAccount.email}`;
    // run.invoker on each job holds run.jobs.run and run.jobs.runWithOverrides (the merge gets its arguments); reading the
    // execution's state needs run.executions.get, which Cloud Run grants only at project level (roles/run.viewer, read-only).
    const workflowGrants = [
      new cloudrunv2.JobIamMember(`${name}-flow-runs-shards`, { project, location: region, name: this.job.name, role: 'roles/run.invoker', member: workflowMember }, parent),
      new cloudrunv2.JobIamMember(`${name}-flow-runs-merge`, { project, location: region, name: mergeJob.name, role: 'roles/run.invoker', member: workflowMember }, parent),
      new projects.IAMMember(`${name}-flow-reads-executions`, { project, role: 'roles/run.viewer', member: workflowMember }, parent),
    ];
    iamMembers.push(...workflowGrants);
    const workflow = new workflows.Workflow(
      `${name}-workflow`,
      {
        project,
        region,
        name: idOf(name, 'drift', 63),
        description: 'inferguard organization-wide drift: the shard job, then inferguard merge over its reports',
        serviceAccount: workflowAccount.id,
        callLogLevel: 'LOG_ERRORS_ONLY',
        ...(props.kmsKeyName === undefined ? {} : { cryptoKeyName: props.kmsKeyName }),
        labels,
        sourceContents: pulumi
          .all([this.job.name, mergeJob.name])
          .apply(([shardJob, merge]) =>
            JSON.stringify(
              shardWorkflowDefinition({ shardJob: `projects/${project}/locations/${region}/jobs/${shardJob}`, mergeJob: `projects/${project}/locations/${region}/jobs/${merge}`, shards: estate.shards, pollSeconds: settings.pollSeconds }),
              null,
              2,
            ),
          ),
      },
      { parent: this, dependsOn: workflowGrants },
    );
    // Workflows has no per-workflow IAM: the scheduler's account may start executions of workflows in this project, nothing else.
    const invoker = new projects.IAMMember(`${name}-invoker`, { project, role: 'roles/workflows.invoker', member: pulumi.interpolate`serviceAccount:${this.schedulerServiceAccount.email}` }, parent);
    iamMembers.push(invoker);
    this.mergeJob = mergeJob;
    this.mergeServiceAccount = mergeAccount;
    this.workflowServiceAccount = workflowAccount;
    this.workflow = workflow;
    return { workflow, invoker };
  }
}
