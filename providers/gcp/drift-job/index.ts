// ScheduledGcpDriftCheck: `inferguard drift gcp` as a Cloud Run job that Cloud Scheduler starts through the Cloud
// Run Admin API (`jobs.run`) with an OAuth token of its own service account, which holds only roles/run.invoker on
// that one job. The job's service account holds only the shipped auditor role on the project and create/read on its
// snapshot bucket (it can neither overwrite nor delete history; the bucket's lifecycle rule expires it).
import * as cloudrunv2 from '@pulumi/gcp/cloudrunv2';
import * as cloudscheduler from '@pulumi/gcp/cloudscheduler';
import * as monitoring from '@pulumi/gcp/monitoring';
import * as organizations from '@pulumi/gcp/organizations';
import * as projects from '@pulumi/gcp/projects';
import * as secretmanager from '@pulumi/gcp/secretmanager';
import * as serviceaccount from '@pulumi/gcp/serviceaccount';
import * as storage from '@pulumi/gcp/storage';
import * as pulumi from '@pulumi/pulumi';
import auditorRole from '../live/auditor-role.json';
import {
  CLOUD_PLATFORM_SCOPE,
  defaultGcpDriftJobSettings,
  defaultSnapshotBucketSettings,
  IMAGE_BY_DIGEST,
  ORGANIZATION_ONLY_PERMISSION_PREFIXES,
  type GcpDriftJobSettings,
} from './defaults';
import type { ScheduledGcpDriftCheckProps } from './props';

export * from './defaults';
export type { GcpAuditorRole, ScheduledGcpDriftCheckProps } from './props';

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
    iamMembers.push(new projects.IAMMember(`${name}-auditor`, { project, role: this.auditorRoleName, member: jobMember }, parent));

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
        ],
        forceDestroy: false,
      },
      parent,
    );
    // Create (not overwrite: objectCreator has no storage.objects.delete) and read/list its snapshots.
    for (const bucketRole of ['roles/storage.objectCreator', 'roles/storage.objectViewer']) {
      iamMembers.push(new storage.BucketIAMMember(`${name}-${bucketRole.split('.').pop()}`, { bucket: this.bucket.name, role: bucketRole, member: jobMember }, parent));
    }
    if (props.webhookSecretId !== undefined) {
      iamMembers.push(
        new secretmanager.SecretIamMember(`${name}-webhook-secret`, { secretId: props.webhookSecretId, role: 'roles/secretmanager.secretAccessor', member: jobMember }, parent),
      );
    }
    this.storeLocation = pulumi.interpolate`gs://${this.bucket.name}/${settings.snapshotPrefix}`;

    // --- the Cloud Run job -------------------------------------------------------------------------
    const args: pulumi.Input<string>[] = ['drift', 'gcp', '--store', this.storeLocation, '--project', project];
    if (props.notifyWebhookUrl !== undefined) args.push('--notify-webhook', props.notifyWebhookUrl);
    if (props.webhookSecretId !== undefined) args.push('--webhook-secret-env', WEBHOOK_SECRET_ENV);
    this.job = new cloudrunv2.Job(
      `${name}-job`,
      {
        project,
        location: region,
        name: idOf(name, 'drift', 63),
        labels,
        template: {
          taskCount: 1,
          parallelism: 1,
          template: {
            serviceAccount: this.jobServiceAccount.email,
            // No retry: a retried task would add another snapshot; the next scheduled run tries again.
            maxRetries: 0,
            timeout: `${settings.timeoutSeconds}s`,
            ...(props.kmsKeyName === undefined ? {} : { encryptionKey: props.kmsKeyName }),
            containers: [
              {
                image: props.image,
                args,
                resources: { limits: { cpu: settings.cpu, memory: settings.memory } },
                envs:
                  props.webhookSecretId === undefined
                    ? []
                    : [{ name: WEBHOOK_SECRET_ENV, valueSource: { secretKeyRef: { secret: props.webhookSecretId, version: 'latest' } } }],
              },
            ],
          },
        },
      },
      { parent: this, dependsOn: [...iamMembers] },
    );
    // The scheduler's account may start this job and nothing else (Cloud Run "Execute jobs on a schedule": Cloud Run
    // Invoker on the job; the role holds run.jobs.run).
    const invoker = new cloudrunv2.JobIamMember(
      `${name}-invoker`,
      { project, location: region, name: this.job.name, role: 'roles/run.invoker', member: pulumi.interpolate`serviceAccount:${this.schedulerServiceAccount.email}` },
      parent,
    );
    iamMembers.push(invoker);
    this.iamMembers = iamMembers;

    // --- the schedule ------------------------------------------------------------------------------
    // Cloud Run Admin API v2: POST .../v2/projects/P/locations/L/jobs/J:run, authorized by an OAuth access token
    // (Google APIs take OAuth tokens, not the OIDC tokens Cloud Run services take).
    this.scheduler = new cloudscheduler.Job(
      `${name}-schedule`,
      {
        project,
        region,
        description: 'Starts the inferguard drift Cloud Run job',
        schedule: settings.schedule,
        timeZone: settings.timeZone,
        attemptDeadline: '60s',
        retryConfig: { retryCount: settings.schedulerRetryCount, minBackoffDuration: '60s', maxBackoffDuration: '600s' },
        httpTarget: {
          httpMethod: 'POST',
          uri: pulumi.interpolate`https://run.googleapis.com/v2/projects/${project}/locations/${region}/jobs/${this.job.name}:run`,
          oauthToken: { serviceAccountEmail: this.schedulerServiceAccount.email, scope: CLOUD_PLATFORM_SCOPE },
        },
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
}
