// ShardedAzureAudit: an organization-wide `inferguard audit azure`, split into `shards` Container Apps jobs on one cron
// schedule, each auditing its shard (`--shard i/n`, fixed in that job's arguments) and writing its JSON report to the
// report container, then a merge job, later the same UTC day, joining the day's reports with `inferguard merge --shards
// n --allow-missing` (a shard whose report is missing is a gap naming its subscriptions) into one merged report.
//
// Why Container Apps jobs, one per shard: Container Apps jobs do not tell a replica its index (parallel replicas of an
// execution are identical; its built-in variables name the job and execution only), Azure Batch gives each task its
// own command line but its jobs and schedules are data-plane objects no Pulumi (ARM) resource declares, and a
// Kubernetes indexed job (JOB_COMPLETION_INDEX) needs an AKS cluster. A job per shard carries its index in its own
// definition, as a Batch task's command line would, on the same serverless engine as ScheduledAzureDriftCheck.
//
// Reports cross from job to blob with the Azure CLI's image (`az storage blob ... --auth-mode login`), as the job's own
// identity: the storage account takes Entra ID only (no shared key), so no Azure Files share can carry them.
// The shard jobs hold the shipped auditor role on the audited scope and write-only-what-they-must on the report
// container; the merge job holds no Azure read at all, only the report container.
import * as app from '@pulumi/azure-native/app';
import * as authorization from '@pulumi/azure-native/authorization';
import * as managedidentity from '@pulumi/azure-native/managedidentity';
import type * as storage from '@pulumi/azure-native/storage';
import * as pulumi from '@pulumi/pulumi';
import type * as azureInputs from '@pulumi/azure-native/types/input';
import { ACR_PULL_ROLE_ID, IMAGE_BY_DIGEST, STORAGE_BLOB_DATA_CONTRIBUTOR_ROLE_ID, type PublicNetworkAccess } from './defaults';
import type * as monitor from '@pulumi/azure-native/monitor';
import { alertsProblem, declareFailedExecutionAlert, type JobAlertProps } from './alerts';
import { builtInRoleDefinitionIdAt, compactName, declareAuditorRole, declareJobStorage, roleAssigner } from './storage-and-roles';

export const SHARDED_AZURE_AUDIT_TYPE = 'inferguard:azure:ShardedAudit';
/** Where the inferguard image keeps its entry point (deploy/container/Dockerfile). */
export const INFERGUARD_ENTRY = '/app/dist/bin/inferguard.js';
/** More shards than this is more jobs than one resource group should hold; split the estate by management group instead. */
export const MAX_AZURE_SHARDS = 50;

export interface ShardedAzureAuditProps {
  readonly resourceGroupName: pulumi.Input<string>;
  readonly location?: pulumi.Input<string>;
  /** The Container Apps environment the jobs run in. */
  readonly environmentId: pulumi.Input<string>;
  /** The inferguard image by digest; it must have /bin/sh (the shipped Dockerfile's node:*-slim base does). */
  readonly image: string;
  /** An Azure CLI image by digest (e.g. mcr.microsoft.com/azure-cli@sha256:...), which moves reports to and from blob storage. */
  readonly transferImage: string;
  /** The registry of both images: each identity gets AcrPull on it. Omit for public registries. */
  readonly containerRegistryId?: pulumi.Input<string>;
  /** What to audit: the subscriptions below a management group, or named subscriptions. */
  readonly scope: { readonly managementGroupId: string } | { readonly subscriptionIds: readonly string[] };
  /** How many shard jobs (1 to 50). */
  readonly shards: number;
  /** When the shards run: Container Apps cron `M H * * *` (daily, UTC). Default `0 5 * * *`. */
  readonly cronExpression?: string;
  /** When the merge runs: `M H * * *`, the same UTC day, after the shards' timeout. Default: the shards' start plus their timeout plus 15 minutes. */
  readonly mergeCronExpression?: string;
  /** Seconds a shard may run before Container Apps stops it (its report is then missing: a gap). Default 3600. */
  readonly shardTimeoutSeconds?: number;
  /** Ask Azure Resource Graph which subscriptions hold workspaces (default), or read each (`--no-resource-graph`). */
  readonly resourceGraph?: boolean;
  /** Blob prefix of the reports: `<prefix>/<UTC day>/shard-i-of-n.json` and `merged.json`. Default `org-audit/azure`. */
  readonly reportPrefix?: string;
  readonly storagePublicNetworkAccess?: PublicNetworkAccess;
  readonly allowedSubnetIds?: readonly pulumi.Input<string>[];
  /**
   * Azure Monitor mails these addresses when the merge job's run fails: it exits non-zero for a failing finding (1), an
   * error (2) or a gap (3), a shard that wrote no report among them. Default: no alert.
   */
  readonly alerts?: JobAlertProps;
  readonly tags?: Readonly<Record<string, string>>;
}

export class ShardedAzureAuditConfigurationError extends Error {
  constructor(component: string, problem: string, fix: string) {
    super(`${component}: ${problem} ${fix}`);
    this.name = 'ShardedAzureAuditConfigurationError';
  }
}

const SUBSCRIPTION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MANAGEMENT_GROUP_ID = /^[\w().-]{1,90}$/;
const DAILY = /^(\d{1,2}) (\d{1,2}) \* \* \*$/;

export interface ShardedAuditSettings {
  readonly shards: number;
  readonly cronExpression: string;
  readonly mergeCronExpression: string;
  readonly shardTimeoutSeconds: number;
  readonly reportPrefix: string;
  readonly containerName: string;
}

function minuteOfDay(cron: string): number | undefined {
  const match = DAILY.exec(cron.trim());
  if (!match) return undefined;
  const [minute, hour] = [Number(match[1]), Number(match[2])];
  return minute < 60 && hour < 24 ? hour * 60 + minute : undefined;
}

/** Resolves the settings and refuses what could not run or could merge the wrong day's reports; pure. */
export function resolveShardedAuditSettings(name: string, props: ShardedAzureAuditProps): ShardedAuditSettings {
  const refuse = (problem: string, fix: string): never => {
    throw new ShardedAzureAuditConfigurationError(name, problem, fix);
  };
  for (const [what, image] of [['image', props.image], ['transferImage', props.transferImage]] as const) {
    if (!IMAGE_BY_DIGEST.test(image)) refuse(`${what} "${image}" is not pinned by digest (image-pinned-by-digest).`, 'Give registry/repository@sha256:<digest>.');
  }
  if (!Number.isInteger(props.shards) || props.shards < 1 || props.shards > MAX_AZURE_SHARDS) refuse(`shards is ${props.shards}.`, `Give a whole number from 1 to ${MAX_AZURE_SHARDS}.`);
  if ('managementGroupId' in props.scope) {
    if (!MANAGEMENT_GROUP_ID.test(props.scope.managementGroupId)) refuse(`managementGroupId "${props.scope.managementGroupId}" is not a management group id.`, 'az account management-group list shows them.');
  } else {
    if (props.scope.subscriptionIds.length === 0) refuse('subscriptionIds is an empty list: the shards would audit nothing.', 'Name at least one, or give a managementGroupId.');
    for (const id of props.scope.subscriptionIds) if (!SUBSCRIPTION_ID.test(id)) refuse(`subscriptionIds has "${id}", which is not a subscription id.`, 'Give subscription GUIDs.');
  }
  const shardTimeoutSeconds = props.shardTimeoutSeconds ?? 3600;
  if (!Number.isInteger(shardTimeoutSeconds) || shardTimeoutSeconds < 60) refuse(`shardTimeoutSeconds is ${shardTimeoutSeconds}.`, 'Give a whole number of seconds, 60 or more.');
  const cronExpression = props.cronExpression ?? '0 5 * * *';
  const start = minuteOfDay(cronExpression);
  if (start === undefined) refuse(`cronExpression "${cronExpression}" is not a daily "M H * * *" schedule.`, 'The merge reads the reports of the day the shards ran (UTC), so both run daily, e.g. 0 5 * * *.');
  const earliestMerge = (start as number) + Math.ceil(shardTimeoutSeconds / 60);
  const defaultMerge = earliestMerge + 15;
  if (props.mergeCronExpression === undefined && defaultMerge >= 24 * 60)
    refuse(`the shards start at ${cronExpression} and may run ${shardTimeoutSeconds} s: a merge after them would fall on the next UTC day.`, 'Start the shards earlier in the day.');
  const mergeCronExpression = props.mergeCronExpression ?? `${defaultMerge % 60} ${Math.floor(defaultMerge / 60)} * * *`;
  const merge = minuteOfDay(mergeCronExpression);
  if (merge === undefined) refuse(`mergeCronExpression "${mergeCronExpression}" is not a daily "M H * * *" schedule.`, 'Give one the same UTC day as the shards, after their timeout.');
  if ((merge as number) < earliestMerge)
    refuse(`mergeCronExpression "${mergeCronExpression}" runs before the shards (${cronExpression}) have surely ended (timeout ${shardTimeoutSeconds} s): it would merge reports still being written.`, 'Run it later the same UTC day.');
  const reportPrefix = props.reportPrefix ?? 'org-audit/azure';
  if (!/^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/.test(reportPrefix) || reportPrefix.split('/').includes('..'))
    refuse(`reportPrefix "${reportPrefix}" is not a relative blob prefix of letters, digits, ".", "_" and "-".`, 'Use e.g. org-audit/azure.');
  const alerts = alertsProblem(props.alerts);
  if (alerts !== undefined) refuse(...alerts);
  return { shards: props.shards, cronExpression, mergeCronExpression, shardTimeoutSeconds, reportPrefix, containerName: 'inferguard-reports' };
}

/** `sh -c` quoting for values already validated to hold no quote. */
const quoted = (value: string) => `'${value}'`;

export class ShardedAzureAudit extends pulumi.ComponentResource {
  readonly settings: ShardedAuditSettings;
  readonly shardIdentity: managedidentity.UserAssignedIdentity;
  readonly mergeIdentity: managedidentity.UserAssignedIdentity;
  readonly auditorRoleDefinition: authorization.RoleDefinition;
  readonly storageAccount: storage.StorageAccount;
  readonly container: storage.BlobContainer;
  readonly shardJobs: readonly app.Job[];
  readonly mergeJob: app.Job;
  /** With `alerts`: the action group that emails, and the alert on the merge job's failed executions. */
  readonly actionGroup?: monitor.ActionGroup;
  readonly failedExecutionAlert?: monitor.MetricAlert;
  /** `https://ACCOUNT.blob.core.windows.net/CONTAINER/PREFIX`: each day's shard reports and merged report are below it. */
  readonly reportLocation: pulumi.Output<string>;

  constructor(name: string, props: ShardedAzureAuditProps, opts?: pulumi.ComponentResourceOptions) {
    super(SHARDED_AZURE_AUDIT_TYPE, name, {}, opts);
    const settings = resolveShardedAuditSettings(name, props);
    this.settings = settings;
    const parent = { parent: this };
    const { resourceGroupName, location } = props;
    const tags = { ...props.tags, 'managed-by': 'inferguard' };

    this.shardIdentity = new managedidentity.UserAssignedIdentity(`${name}-shard-identity`, { resourceGroupName, location, tags }, parent);
    this.mergeIdentity = new managedidentity.UserAssignedIdentity(`${name}-merge-identity`, { resourceGroupName, location, tags }, parent);

    // The shipped auditor role, assignable to (and assigned at) the audited management group or subscriptions.
    const auditScopes: pulumi.Input<string>[] =
      'managementGroupId' in props.scope ? [`/providers/Microsoft.Management/managementGroups/${props.scope.managementGroupId}`] : props.scope.subscriptionIds.map((id) => `/subscriptions/${id}`);
    this.auditorRoleDefinition = declareAuditorRole(name, auditScopes, this);
    const { assign, assignments } = roleAssigner(name, 'inferguard sharded audit', this);
    auditScopes.forEach((scope, index) => assign(`auditor-${index}`, this.shardIdentity.principalId, this.auditorRoleDefinition.id, scope, 'read-only audit (the shipped auditor role)'));

    // --- report storage: Entra ID only, TLS 1.2, no public blob access, versioned ------------------------------------
    const reports = declareJobStorage(name, props, tags, { account: `${compactName(name, 16, 'audit')}reports`, container: `${name}-reports`, containerName: settings.containerName }, this);
    this.storageAccount = reports.storageAccount;
    this.container = reports.container;
    const contributor = builtInRoleDefinitionIdAt(this.container.id, STORAGE_BLOB_DATA_CONTRIBUTOR_ROLE_ID);
    // Both write reports (shards theirs, the merge the merged one) and only in this container.
    assign('shard-reports', this.shardIdentity.principalId, contributor, this.container.id, 'write its shard report');
    assign('merge-reports', this.mergeIdentity.principalId, contributor, this.container.id, 'read the shard reports, write the merged one');
    if (props.containerRegistryId !== undefined) {
      const acrPull = builtInRoleDefinitionIdAt(props.containerRegistryId, ACR_PULL_ROLE_ID);
      assign('shard-acr-pull', this.shardIdentity.principalId, acrPull, props.containerRegistryId, 'pull the images');
      assign('merge-acr-pull', this.mergeIdentity.principalId, acrPull, props.containerRegistryId, 'pull the images');
    }
    this.reportLocation = reports.locationOf(settings.reportPrefix);

    // --- the jobs ----------------------------------------------------------------------------------------------------
    const n = settings.shards;
    const scopeArgs = 'managementGroupId' in props.scope ? `--management-group ${quoted(props.scope.managementGroupId)}` : props.scope.subscriptionIds.map((id) => `--subscription ${quoted(id)}`).join(' ');
    const graphArg = props.resourceGraph === false ? ' --no-resource-graph' : '';
    const login = 'az login --identity --client-id "$AZURE_CLIENT_ID" --output none';
    const blobArgs = pulumi.interpolate`--auth-mode login --account-name ${this.storageAccount.name} --container-name ${settings.containerName}`;
    const reportsVolume = { name: 'reports', storageType: 'EmptyDir' };
    const mount = [{ volumeName: 'reports', mountPath: '/reports' }];
    const registry = (identity: managedidentity.UserAssignedIdentity) =>
      props.containerRegistryId === undefined
        ? {}
        : { registries: [...new Set([props.image, props.transferImage].map((image) => IMAGE_BY_DIGEST.exec(image)?.groups?.registry ?? ''))].map((server) => ({ server, identity: identity.id })) };
    const job = (jobName: string, identity: managedidentity.UserAssignedIdentity, cronExpression: string, timeout: number, initContainers: azureInputs.app.InitContainerArgs[], container: azureInputs.app.ContainerArgs) =>
      new app.Job(
        jobName,
        {
          resourceGroupName,
          location,
          tags,
          environmentId: props.environmentId,
          identity: { type: 'UserAssigned', userAssignedIdentities: [identity.id] },
          configuration: {
            triggerType: 'Schedule',
            scheduleTriggerConfig: { cronExpression, parallelism: 1, replicaCompletionCount: 1 },
            replicaTimeout: timeout,
            // No retry: a retried shard would audit twice; a missing report is a gap the merge states.
            replicaRetryLimit: 0,
            ...registry(identity),
          },
          template: { volumes: [reportsVolume], initContainers, containers: [container] },
        },
        { parent: this, dependsOn: assignments },
      );
    const env = (identity: managedidentity.UserAssignedIdentity) => [{ name: 'AZURE_CLIENT_ID', value: identity.clientId }];
    const resources = { cpu: 0.5, memory: '1Gi' };
    const day = `${settings.reportPrefix}/$(cat /reports/day)`;

    const shardJobs: app.Job[] = [];
    for (let index = 1; index <= n; index += 1) {
      const shard = `shard-${index}-of-${n}.json`;
      // The audit's own exit code (0, 1 findings, 3 incomplete) still leaves a report to upload; 2 (usage) does not.
      const audit = [
        'date -u +%F > /reports/day;',
        `node ${INFERGUARD_ENTRY} audit azure ${scopeArgs}${graphArg} --shard ${index}/${n} --format json --output /reports/report.json --quiet;`,
        'code=$?; echo "inferguard audit exited $code";',
        '[ "$code" -ne 2 ] && [ -s /reports/report.json ]',
      ].join(' ');
      shardJobs.push(
        job(
          `${name}-shard-${index}`,
          this.shardIdentity,
          settings.cronExpression,
          settings.shardTimeoutSeconds,
          [{ name: 'audit', image: props.image, command: ['/bin/sh', '-c', audit], resources, env: env(this.shardIdentity), volumeMounts: mount }],
          {
            name: 'upload',
            image: props.transferImage,
            command: ['/bin/sh', '-c', pulumi.interpolate`${login} && az storage blob upload ${blobArgs} --name "${day}/${shard}" --file /reports/report.json --overwrite --output none`],
            resources,
            env: env(this.shardIdentity),
            volumeMounts: mount,
          },
        ),
      );
    }
    this.shardJobs = shardJobs;

    const files = Array.from({ length: n }, (_, i) => `"/reports/in/${day}/shard-${i + 1}-of-${n}.json"`).join(' ');
    const merge = [
      `node ${INFERGUARD_ENTRY} merge ${files} --shards ${n} --allow-missing --format json --output /reports/merged.json --quiet;`,
      'code=$?; echo "inferguard merge exited $code"; echo $code > /reports/merge-exit;',
      '[ "$code" -ne 2 ] && [ -s /reports/merged.json ]',
    ].join(' ');
    this.mergeJob = job(
      `${name}-merge`,
      this.mergeIdentity,
      settings.mergeCronExpression,
      1800,
      [
        {
          name: 'download',
          image: props.transferImage,
          command: ['/bin/sh', '-c', pulumi.interpolate`date -u +%F > /reports/day && mkdir -p /reports/in && ${login} && az storage blob download-batch --auth-mode login --account-name ${this.storageAccount.name} --source ${settings.containerName} --pattern "${day}/shard-*" --destination /reports/in --output none`],
          resources,
          env: env(this.mergeIdentity),
          volumeMounts: mount,
        },
        { name: 'merge', image: props.image, command: ['/bin/sh', '-c', merge], resources, env: env(this.mergeIdentity), volumeMounts: mount },
      ],
      {
        name: 'upload',
        image: props.transferImage,
        // The execution ends with the merged report's exit code: Container Apps marks it Failed on findings or gaps.
        command: ['/bin/sh', '-c', pulumi.interpolate`${login} && az storage blob upload ${blobArgs} --name "${day}/merged.json" --file /reports/merged.json --overwrite --output none && exit "$(cat /reports/merge-exit)"`],
        resources,
        env: env(this.mergeIdentity),
        volumeMounts: mount,
      },
    );
    if (props.alerts !== undefined) {
      const declared = declareFailedExecutionAlert(
        name,
        { resourceGroupName, tags, alerts: props.alerts, job: this.mergeJob, description: 'inferguard sharded audit: the merged run ended non-zero (1 failing findings, 2 error, 3 gaps, a missing shard among them). Read the merged report.' },
        this,
      );
      this.actionGroup = declared.actionGroup;
      this.failedExecutionAlert = declared.alert;
    }
    this.registerOutputs({ reportLocation: this.reportLocation, mergeJobName: this.mergeJob.name });
  }
}
