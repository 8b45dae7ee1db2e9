/**
 * @jest-environment-options {"globalsCleanup":"off"}
 */
// ScheduledGcpDriftCheck under Pulumi mocks: the resources it declares and the inputs each gets, and what it refuses.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as pulumi from '@pulumi/pulumi';

interface Created {
  readonly type: string;
  readonly name: string;
  readonly inputs: Record<string, unknown>;
  readonly id: string;
}
const created: Created[] = [];

pulumi.runtime.setMocks(
  {
    newResource(args) {
      const inputs = args.inputs as Record<string, unknown>;
      const state: Record<string, unknown> = { ...inputs };
      const id = `${args.name}-id`;
      if (args.type === 'gcp:serviceaccount/account:Account') state.email = `${String(inputs.accountId)}@${String(inputs.project)}.iam.gserviceaccount.com`;
      if (args.type === 'gcp:projects/iAMCustomRole:IAMCustomRole') state.name = `projects/${String(inputs.project)}/roles/${String(inputs.roleId)}`;
      if (args.type === 'gcp:organizations/iAMCustomRole:IAMCustomRole') state.name = `organizations/${String(inputs.orgId)}/roles/${String(inputs.roleId)}`;
      if (args.type === 'gcp:storage/bucket:Bucket') state.name = `${args.name}-bucket`;
      if (args.type === 'gcp:monitoring/notificationChannel:NotificationChannel') state.name = `projects/${String(inputs.project)}/notificationChannels/${args.name}`;
      created.push({ type: args.type, name: args.name, inputs, id });
      return { id, state };
    },
    call(args) {
      return args.inputs;
    },
  },
  'project',
  'stack',
  false,
);

// Imported after setMocks, as Pulumi requires.
import type * as DriftJob from '../../../../providers/gcp/drift-job';
const { ScheduledGcpDriftCheck, ScheduledGcpDriftCheckConfigurationError, projectLevelAuditorPermissions, WEBHOOK_SECRET_ENV, CLOUD_PLATFORM_SCOPE, FAILED_EXECUTIONS_METRIC } =
  require('../../../../providers/gcp/drift-job') as typeof DriftJob;

const DIGEST = `sha256:${'cd'.repeat(32)}`;
const IMAGE = `europe-docker.pkg.dev/ml-prod/tools/inferguard@${DIGEST}`;
const base: DriftJob.ScheduledGcpDriftCheckProps = { projectId: 'ml-prod', region: 'europe-west4', image: IMAGE };
const shippedRole = JSON.parse(readFileSync(join(__dirname, '../../../../providers/gcp/live/auditor-role.json'), 'utf8')) as { includedPermissions: string[] };

function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply((value) => resolve(value)));
}

async function build(props: Partial<DriftJob.ScheduledGcpDriftCheckProps> = {}, name = 'fraud') {
  created.length = 0;
  const warn = jest.spyOn(pulumi.log, 'warn').mockImplementation(() => Promise.resolve());
  try {
    const component = new ScheduledGcpDriftCheck(name, { ...base, ...props });
    await valueOf(component.scheduler.urn);
    await valueOf(component.storeLocation);
    await new Promise((resolve) => setTimeout(resolve, 50));
    return { component, warnings: warn.mock.calls.map((call) => String(call[0])) };
  } finally {
    warn.mockRestore();
  }
}

const ofType = (type: string) => created.filter((r) => r.type === type);
function one(type: string): Created {
  const found = ofType(type);
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  return found[0];
}

interface RunJobInputs {
  template: { taskCount: number; template: { serviceAccount: string; maxRetries: number; encryptionKey?: string; containers: { image: string; args: string[]; envs: unknown[] }[] } };
}

describe('ScheduledGcpDriftCheck', () => {
  it('runs inferguard drift gcp as its own service account, once per start, never retried', async () => {
    const { component } = await build();
    const job = one('gcp:cloudrunv2/job:Job').inputs as unknown as RunJobInputs;
    expect(job.template.taskCount).toBe(1);
    expect(job.template.template.serviceAccount).toBe('fraud-drift@ml-prod.iam.gserviceaccount.com');
    expect(job.template.template.maxRetries).toBe(0);
    expect(job.template.template.containers[0].image).toBe(IMAGE);
    const store = await valueOf(component.storeLocation);
    expect(store).toBe('gs://fraud-snapshots-bucket/drift/gcp');
    expect(job.template.template.containers[0].args).toEqual(['drift', 'gcp', '--store', store, '--project', 'ml-prod']);
  });

  it('is started by Cloud Scheduler through the Run Admin API with an OAuth token of an account that may only invoke this job', async () => {
    await build();
    const schedule = one('gcp:cloudscheduler/job:Job').inputs as { schedule: string; timeZone: string; httpTarget: Record<string, unknown>; retryConfig: Record<string, unknown> };
    expect(schedule.schedule).toBe('0 6 * * *');
    expect(schedule.httpTarget).toEqual({
      httpMethod: 'POST',
      uri: 'https://run.googleapis.com/v2/projects/ml-prod/locations/europe-west4/jobs/fraud-drift:run',
      oauthToken: { serviceAccountEmail: 'fraud-sched@ml-prod.iam.gserviceaccount.com', scope: CLOUD_PLATFORM_SCOPE },
    });
    expect(schedule.retryConfig).toMatchObject({ retryCount: 3 });
    expect(ofType('gcp:cloudrunv2/jobIamMember:JobIamMember').map((m) => m.inputs)).toEqual([
      { project: 'ml-prod', location: 'europe-west4', name: 'fraud-drift', role: 'roles/run.invoker', member: 'serviceAccount:fraud-sched@ml-prod.iam.gserviceaccount.com' },
    ]);
    // The scheduler's account holds nothing else anywhere.
    const grantsToScheduler = created.filter((r) => JSON.stringify(r.inputs.member ?? '').includes('fraud-sched@'));
    expect(grantsToScheduler.map((r) => r.type)).toEqual(['gcp:cloudrunv2/jobIamMember:JobIamMember']);
  });

  it('grants the job account only the auditor role on the project and create/read on its bucket', async () => {
    const { warnings } = await build();
    const member = 'serviceAccount:fraud-drift@ml-prod.iam.gserviceaccount.com';
    const grants = created.filter((r) => r.inputs.member === member).map((r) => `${r.type} ${String(r.inputs.role)}`).sort();
    expect(grants).toEqual([
      'gcp:projects/iAMMember:IAMMember projects/ml-prod/roles/inferguardDriftAuditor_fraud',
      'gcp:storage/bucketIAMMember:BucketIAMMember roles/storage.objectCreator',
      'gcp:storage/bucketIAMMember:BucketIAMMember roles/storage.objectViewer',
    ]);
    const role = one('gcp:projects/iAMCustomRole:IAMCustomRole').inputs as { permissions: string[] };
    const { kept, dropped } = projectLevelAuditorPermissions();
    expect(role.permissions).toEqual(kept);
    expect([...kept, ...dropped].sort()).toEqual([...shippedRole.includedPermissions].sort());
    // Organization-level permissions: perimeter reads, and the folder and project listings of organization-wide audits.
    expect(dropped).toEqual(['accesscontextmanager.policies.list', 'accesscontextmanager.servicePerimeters.list', 'resourcemanager.folders.get', 'resourcemanager.folders.list', 'resourcemanager.projects.list']);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('accesscontextmanager.policies.list, accesscontextmanager.servicePerimeters.list');
  });

  it('creates the whole shipped role in the organization when given one, with no warning', async () => {
    const { warnings } = await build({ auditorRole: { organizationId: '123456789' } });
    const role = one('gcp:organizations/iAMCustomRole:IAMCustomRole').inputs as { orgId: string; permissions: string[] };
    expect(role).toMatchObject({ orgId: '123456789', permissions: shippedRole.includedPermissions });
    expect(one('gcp:projects/iAMMember:IAMMember').inputs.role).toBe('organizations/123456789/roles/inferguardDriftAuditor_fraud');
    expect(warnings).toEqual([]);
  });

  it('keeps snapshots in a uniform-access, public-access-prevented, versioned bucket that expires them itself, CMEK when given', async () => {
    await build({ kmsKeyName: 'projects/ml-prod/locations/europe-west4/keyRings/r/cryptoKeys/k' });
    const bucket = one('gcp:storage/bucket:Bucket').inputs;
    expect(bucket).toMatchObject({
      uniformBucketLevelAccess: true,
      publicAccessPrevention: 'enforced',
      versioning: { enabled: true },
      encryption: { defaultKmsKeyName: 'projects/ml-prod/locations/europe-west4/keyRings/r/cryptoKeys/k' },
      forceDestroy: false,
      lifecycleRules: [
        { action: { type: 'Delete' }, condition: { age: 365, matchesPrefixes: ['drift/gcp/'], withState: 'LIVE' } },
        { action: { type: 'Delete' }, condition: { daysSinceNoncurrentTime: 90, withState: 'ARCHIVED' } },
      ],
    });
    const job = one('gcp:cloudrunv2/job:Job').inputs as unknown as RunJobInputs;
    expect(job.template.template.encryptionKey).toBe('projects/ml-prod/locations/europe-west4/keyRings/r/cryptoKeys/k');
  });

  it('signs webhooks with a Secret Manager secret only the job may read', async () => {
    await build({ notifyWebhookUrl: 'https://hooks.example.com/drift', webhookSecretId: 'projects/ml-prod/secrets/drift-hmac' });
    const job = one('gcp:cloudrunv2/job:Job').inputs as unknown as RunJobInputs;
    expect(job.template.template.containers[0].args.slice(6)).toEqual(['--notify-webhook', 'https://hooks.example.com/drift', '--webhook-secret-env', WEBHOOK_SECRET_ENV]);
    expect(job.template.template.containers[0].envs).toEqual([{ name: WEBHOOK_SECRET_ENV, valueSource: { secretKeyRef: { secret: 'projects/ml-prod/secrets/drift-hmac', version: 'latest' } } }]);
    expect(one('gcp:secretmanager/secretIamMember:SecretIamMember').inputs).toEqual({
      secretId: 'projects/ml-prod/secrets/drift-hmac',
      role: 'roles/secretmanager.secretAccessor',
      member: 'serviceAccount:fraud-drift@ml-prod.iam.gserviceaccount.com',
    });
  });

  it('with alerts: an email channel per address, and an alert policy on this job\'s failed executions that notifies them', async () => {
    const { component } = await build({ alerts: { emails: ['secops@example.com', 'ml-platform@example.com'] } });
    const channels = ofType('gcp:monitoring/notificationChannel:NotificationChannel');
    expect(channels.map((c) => [c.name, c.inputs.project, c.inputs.type, c.inputs.labels])).toEqual([
      ['fraud-email-0', 'ml-prod', 'email', { email_address: 'secops@example.com' }],
      ['fraud-email-1', 'ml-prod', 'email', { email_address: 'ml-platform@example.com' }],
    ]);
    const policy = one('gcp:monitoring/alertPolicy:AlertPolicy').inputs;
    expect(policy).toMatchObject({
      project: 'ml-prod',
      combiner: 'OR',
      severity: 'WARNING',
      notificationChannels: ['projects/ml-prod/notificationChannels/fraud-email-0', 'projects/ml-prod/notificationChannels/fraud-email-1'],
      conditions: [
        {
          conditionThreshold: {
            filter:
              'resource.type = "cloud_run_job" AND resource.labels.project_id = "ml-prod" AND resource.labels.location = "europe-west4" AND resource.labels.job_name = "fraud-drift" AND metric.type = "run.googleapis.com/job/completed_execution_count" AND metric.labels.result = "failed"',
            comparison: 'COMPARISON_GT',
            thresholdValue: 0,
            duration: '0s',
            aggregations: [{ alignmentPeriod: '300s', perSeriesAligner: 'ALIGN_SUM' }],
          },
        },
      ],
    });
    expect(FAILED_EXECUTIONS_METRIC).toEqual({ type: 'run.googleapis.com/job/completed_execution_count', resultLabel: 'failed' });
    expect(component.notificationChannels).toHaveLength(2);
    expect(component.failedExecutionAlert).toBeDefined();
  });

  it('without alerts: no notification channel, no alert policy', async () => {
    const { component } = await build();
    expect(ofType('gcp:monitoring/notificationChannel:NotificationChannel')).toEqual([]);
    expect(ofType('gcp:monitoring/alertPolicy:AlertPolicy')).toEqual([]);
    expect(component.notificationChannels).toEqual([]);
    expect(component.failedExecutionAlert).toBeUndefined();
  });

  it.each<[string, Partial<DriftJob.ScheduledGcpDriftCheckProps>, string]>([
    ['an image by tag', { image: 'europe-docker.pkg.dev/ml-prod/tools/inferguard:latest' }, 'is not pinned by digest'],
    ['a six-field schedule', { schedule: '0 0 6 * * *' }, 'does not have five fields'],
    ['no retention', { retainDays: 0 }, 'retainDays is 0'],
    ['an absolute prefix', { snapshotPrefix: '/drift' }, 'snapshotPrefix "/drift"'],
    ['a plain-http webhook', { notifyWebhookUrl: 'http://hooks.example.com' }, 'is not https'],
    ['a secret without a webhook', { webhookSecretId: 'projects/p/secrets/s' }, 'nothing to sign'],
    ['a secret that is not a name', { notifyWebhookUrl: 'https://h.example.com', webhookSecretId: 'drift-hmac' }, 'is not a secret name'],
    ['alerts to nobody', { alerts: { emails: [] } }, 'notify nobody'],
    ['alerts to a name', { alerts: { emails: ['secops'] } }, 'is not an email address'],
    ['a predefined role', { auditorRole: { roleName: 'roles/viewer' } }, 'is not a custom role name'],
    ['an organization name for an id', { auditorRole: { organizationId: 'example.com' } }, 'is not an organization id'],
  ])('refuses %s before declaring anything', (_case, props, problem) => {
    created.length = 0;
    const create = () => new ScheduledGcpDriftCheck('refused', { ...base, ...props });
    expect(create).toThrow(ScheduledGcpDriftCheckConfigurationError);
    expect(create).toThrow(problem);
    expect(created).toEqual([]);
  });
});

describe('ScheduledGcpDriftCheck with an estate (organization-wide, sharded)', () => {
  const estate = { organizationId: '424242424242', shards: 4 };
  const orgRole = { auditorRole: { organizationId: '424242424242' } } as const;
  interface ShardJobInputs {
    name: string;
    template: {
      taskCount: number;
      parallelism: number;
      template: { serviceAccount: string; executionEnvironment: string; volumes: { name: string; gcs: { bucket: string; readOnly: boolean } }[]; containers: { args: string[]; volumeMounts: { name: string; mountPath: string }[] }[] };
    };
  }
  const jobs = () => ofType('gcp:cloudrunv2/job:Job').map((j) => j.inputs as unknown as ShardJobInputs);

  it('runs one task per shard, each auditing its shard of the organization and writing its report under the execution\'s folder', async () => {
    const { component } = await build({ ...orgRole, estate });
    const shard = jobs().find((j) => j.name === 'fraud-drift');
    expect(shard?.template.taskCount).toBe(4);
    expect(shard?.template.parallelism).toBe(4);
    const store = await valueOf(component.storeLocation);
    expect(shard?.template.template.containers[0].args).toEqual([
      'drift', 'gcp', '--store', store, '--organization', '424242424242', '--shard', 'auto', '--format', 'audit-json',
      '--output', '/mnt/inferguard/reports/gcp/$(CLOUD_RUN_EXECUTION)/shard-$(CLOUD_RUN_TASK_INDEX).json',
    ]);
    expect(shard?.template.template.volumes).toEqual([{ name: 'bucket', gcs: { bucket: 'fraud-snapshots-bucket', readOnly: false } }]);
    expect(shard?.template.template.executionEnvironment).toBe('EXECUTION_ENVIRONMENT_GEN2');
    expect(shard?.template.template.containers[0].volumeMounts).toEqual([{ name: 'bucket', mountPath: '/mnt/inferguard' }]);
    // The auditor role is granted on the organization (inherited by every project), not on the job's project.
    expect(one('gcp:organizations/iAMMember:IAMMember').inputs).toMatchObject({ orgId: '424242424242', role: 'organizations/424242424242/roles/inferguardDriftAuditor_fraud', member: 'serviceAccount:fraud-drift@ml-prod.iam.gserviceaccount.com' });
  });

  it('grants least privilege: the merge account only create/read on the bucket, the workflow only to run the two jobs and read executions, the scheduler only to start workflows', async () => {
    await build({ ...orgRole, estate });
    const grantsOf = (account: string) => created.filter((r) => r.inputs.member === `serviceAccount:${account}@ml-prod.iam.gserviceaccount.com`).map((r) => `${r.type} ${String(r.inputs.role)} ${String(r.inputs.name ?? '')}`).sort();
    expect(grantsOf('fraud-merge')).toEqual(['gcp:storage/bucketIAMMember:BucketIAMMember roles/storage.objectCreator ', 'gcp:storage/bucketIAMMember:BucketIAMMember roles/storage.objectViewer ']);
    expect(grantsOf('fraud-flow')).toEqual([
      'gcp:cloudrunv2/jobIamMember:JobIamMember roles/run.invoker fraud-drift',
      'gcp:cloudrunv2/jobIamMember:JobIamMember roles/run.invoker fraud-merge',
      'gcp:projects/iAMMember:IAMMember roles/run.viewer ',
    ]);
    expect(grantsOf('fraud-sched')).toEqual(['gcp:projects/iAMMember:IAMMember roles/workflows.invoker ']);
    // Nobody may delete or overwrite a report or snapshot.
    expect(created.filter((r) => /objectAdmin|storage\.admin|objectUser/.test(String(r.inputs.role)))).toEqual([]);
  });

  it('schedules the workflow, which runs the shard job, waits for its execution to end, then merges that execution\'s shard reports', async () => {
    await build({ ...orgRole, estate });
    const schedule = one('gcp:cloudscheduler/job:Job').inputs as { httpTarget: { uri: string; oauthToken: { serviceAccountEmail: string } } };
    expect(schedule.httpTarget.uri).toBe('https://workflowexecutions.googleapis.com/v1/projects/ml-prod/locations/europe-west4/workflows/fraud-drift/executions');
    expect(schedule.httpTarget.oauthToken.serviceAccountEmail).toBe('fraud-sched@ml-prod.iam.gserviceaccount.com');
    const workflow = one('gcp:workflows/workflow:Workflow').inputs as { serviceAccount: string; sourceContents: string };
    expect(workflow.serviceAccount).toBe('fraud-workflow-sa-id');
    const steps = (JSON.parse(workflow.sourceContents) as { main: { steps: Record<string, { call?: string; args?: { name?: string; body?: { overrides: { containerOverrides: { args: string[] }[] } } } }>[] } }).main.steps;
    expect(steps.map((step) => Object.keys(step)[0])).toEqual(['runShards', 'names', 'waitForShards', 'checkShards', 'endedYet', 'merge', 'done']);
    expect(steps[0].runShards.args?.name).toBe('projects/ml-prod/locations/europe-west4/jobs/fraud-drift');
    expect(steps[3].checkShards.call).toBe('googleapis.run.v2.projects.locations.jobs.executions.get');
    expect(steps[5].merge.args?.name).toBe('projects/ml-prod/locations/europe-west4/jobs/fraud-merge');
    const mergeArgs = steps[5].merge.args?.body?.overrides.containerOverrides[0].args ?? [];
    expect(mergeArgs.slice(0, 1)).toEqual(['merge']);
    expect(mergeArgs.filter((a) => /shard-\d+\.json/.test(a))).toEqual([0, 1, 2, 3].map((i) => `\${"/mnt/inferguard/reports/gcp/" + executionId + "/shard-${i}.json"}`));
    expect(mergeArgs).toEqual(expect.arrayContaining(['--shards', '4', '--allow-missing', '--format', 'json', '--output']));
  });

  it('runs the merge job as the shard job runs: no retry, the same timeout, size, CMEK and bucket volume; only its account and arguments differ', async () => {
    const kmsKeyName = 'projects/ml-prod/locations/europe-west4/keyRings/r/cryptoKeys/k';
    await build({ ...orgRole, estate, kmsKeyName });
    type Container = { args: string[]; envs?: unknown[] } & Record<string, unknown>;
    type Job = { labels: unknown; template: { template: { serviceAccount: string; containers: Container[] } & Record<string, unknown> } };
    const byName = (name: string) => ofType('gcp:cloudrunv2/job:Job').find((j) => j.inputs.name === name)?.inputs as unknown as Job;
    // Everything of a job's run but its account, arguments and environment.
    const runSettings = (job: Job) => {
      const { serviceAccount: _account, containers, ...task } = job.template.template;
      const { args: _args, envs: _envs, ...container } = containers[0];
      return { labels: job.labels, task, container };
    };
    const shard = runSettings(byName('fraud-drift'));
    expect(runSettings(byName('fraud-merge'))).toEqual(shard);
    expect(shard.task).toEqual({
      executionEnvironment: 'EXECUTION_ENVIRONMENT_GEN2',
      volumes: [{ name: 'bucket', gcs: { bucket: 'fraud-snapshots-bucket', readOnly: false } }],
      maxRetries: 0,
      timeout: '1800s',
      encryptionKey: kmsKeyName,
    });
    expect(shard.container).toEqual({ image: IMAGE, volumeMounts: [{ name: 'bucket', mountPath: '/mnt/inferguard' }], resources: { limits: { cpu: '1', memory: '1Gi' } } });
    expect(byName('fraud-merge').template.template.serviceAccount).toBe('fraud-merge@ml-prod.iam.gserviceaccount.com');
  });

  it('refuses an estate without an organization-level role, without a scope, or with a bad shard count', async () => {
    await expect(build({ estate })).rejects.toThrow(ScheduledGcpDriftCheckConfigurationError);
    await expect(build({ ...orgRole, estate: { shards: 2 } })).rejects.toThrow(/neither an organization nor folders/);
    await expect(build({ ...orgRole, estate: { organizationId: '1', shards: 0 } })).rejects.toThrow(/estate.shards is 0/);
  });

  it('grants the role on each folder when the estate is folders', async () => {
    await build({ auditorRole: { roleName: 'organizations/1/roles/inferguardAuditor' }, estate: { folderIds: ['7001', '7002'], shards: 2 } });
    expect(ofType('gcp:folder/iAMMember:IAMMember').map((m) => m.inputs.folder)).toEqual(['folders/7001', 'folders/7002']);
    const shard = jobs().find((j) => j.name === 'fraud-drift');
    expect(shard?.template.template.containers[0].args).toEqual(expect.arrayContaining(['--folder', '7001', '--folder', '7002', '--shard', 'auto']));
  });
});
