// ScheduledAzureDriftCheck: `inferguard drift azure` as a Container Apps job on a cron schedule. It runs as a
// user-assigned identity that holds only the shipped auditor role (providers/azure/live/auditor-role.json) on the
// audited subscriptions and Storage Blob Data Contributor on its own snapshot container, and keeps its snapshots in
// a storage account that takes Entra ID tokens only, over TLS 1.2, with no public blob access and blob versioning.
import * as app from '@pulumi/azure-native/app';
import * as authorization from '@pulumi/azure-native/authorization';
import * as managedidentity from '@pulumi/azure-native/managedidentity';
import type * as monitor from '@pulumi/azure-native/monitor';
import type * as storage from '@pulumi/azure-native/storage';
import * as pulumi from '@pulumi/pulumi';
import { alertsProblem, declareFailedExecutionAlert } from './alerts';
import { ACR_PULL_ROLE_ID, defaultAzureDriftJobSettings, IMAGE_BY_DIGEST, STORAGE_BLOB_DATA_CONTRIBUTOR_ROLE_ID, type AzureDriftJobSettings } from './defaults';
import type { ScheduledAzureDriftCheckProps } from './props';
import { builtInRoleDefinitionIdAt, compactName, declareAuditorRole, declareJobStorage, roleAssigner } from './storage-and-roles';

export * from './defaults';
export type { ScheduledAzureDriftCheckProps } from './props';
export * from './sharded-audit';

export const SCHEDULED_AZURE_DRIFT_CHECK_TYPE = 'inferguard:azure:ScheduledDriftCheck';
/** The environment variable the job's container reads the webhook's HMAC secret from. */
export const WEBHOOK_SECRET_ENV = 'INFERGUARD_WEBHOOK_SECRET';

/** A configuration the component refuses: what was asked, why it cannot work, what to do instead. */
export class ScheduledAzureDriftCheckConfigurationError extends Error {
  constructor(
    readonly component: string,
    readonly problem: string,
    readonly fix: string,
  ) {
    super(`${component}: ${problem} ${fix}`);
    this.name = 'ScheduledAzureDriftCheckConfigurationError';
  }
}

export { FAILED_EXECUTIONS_METRIC, FAILED_EXECUTION_ALERT_TIMING } from './alerts';

const SUBSCRIPTION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Resolves the settings and refuses what Azure would reject or what could never run; pure. */
export function resolveAzureDriftJobSettings(name: string, props: ScheduledAzureDriftCheckProps): AzureDriftJobSettings {
  const refuse = (problem: string, fix: string): never => {
    throw new ScheduledAzureDriftCheckConfigurationError(name, problem, fix);
  };
  const defaults = defaultAzureDriftJobSettings();
  const settings: AzureDriftJobSettings = {
    ...defaults,
    cronExpression: props.cronExpression ?? defaults.cronExpression,
    retain: props.retain ?? defaults.retain,
    snapshotPrefix: props.snapshotPrefix ?? defaults.snapshotPrefix,
  };
  if (!IMAGE_BY_DIGEST.test(props.image)) {
    refuse(
      `image "${props.image}" is not pinned by digest: a tag can be moved to another image, so the job could run code nobody reviewed (image-pinned-by-digest).`,
      'Give registry/repository@sha256:<digest> (docker buildx imagetools inspect IMAGE prints it).',
    );
  }
  if (settings.cronExpression.trim().split(/\s+/).length !== 5) {
    refuse(`cronExpression "${settings.cronExpression}" does not have five fields.`, 'Container Apps jobs take minute hour day-of-month month day-of-week, in UTC, e.g. 0 6 * * *.');
  }
  if (!Number.isInteger(settings.retain) || settings.retain < 1) {
    refuse(`retain is ${settings.retain}: the job must keep at least the snapshot it compares the next run with.`, 'Set retain to a whole number, 1 or more.');
  }
  if (settings.snapshotPrefix === '' || settings.snapshotPrefix.startsWith('/') || settings.snapshotPrefix.endsWith('/') || settings.snapshotPrefix.split('/').includes('..')) {
    refuse(`snapshotPrefix "${settings.snapshotPrefix}" is empty, starts or ends with "/", or contains "..".`, 'Use a relative prefix such as drift/azure.');
  }
  for (const id of props.subscriptionIds ?? []) {
    if (!SUBSCRIPTION_ID.test(id)) refuse(`subscriptionIds has "${id}", which is not a subscription id (a GUID).`, 'Give subscription ids, e.g. from az account list --query [].id.');
  }
  if (props.subscriptionIds !== undefined && props.subscriptionIds.length === 0) {
    refuse('subscriptionIds is an empty list: the job would audit nothing.', 'Leave it out to audit the deploying credentials\' subscription, or name at least one.');
  }
  if (props.notifyWebhookUrl !== undefined && !props.notifyWebhookUrl.startsWith('https://')) {
    refuse(`notifyWebhookUrl "${props.notifyWebhookUrl}" is not https: the drift news would cross the network in clear text.`, 'Use an https:// URL.');
  }
  if (props.webhookSecret !== undefined && props.notifyWebhookUrl === undefined) {
    refuse('webhookSecret is set without notifyWebhookUrl: there is nothing to sign.', 'Set notifyWebhookUrl too, or drop webhookSecret.');
  }
  if (props.allowedSubnetIds !== undefined && props.allowedSubnetIds.length > 0 && (props.storagePublicNetworkAccess ?? 'Enabled') === 'Disabled') {
    refuse('allowedSubnetIds is set while storagePublicNetworkAccess is Disabled: subnet rules apply only to the public endpoint, which is off.', 'Use a private endpoint with Disabled, or subnet rules with Enabled.');
  }
  const alerts = alertsProblem(props.alerts);
  if (alerts !== undefined) refuse(...alerts);
  return settings;
}

export class ScheduledAzureDriftCheck extends pulumi.ComponentResource {
  readonly settings: AzureDriftJobSettings;
  readonly identity: managedidentity.UserAssignedIdentity;
  readonly auditorRoleDefinition: authorization.RoleDefinition;
  readonly roleAssignments: readonly authorization.RoleAssignment[];
  readonly storageAccount: storage.StorageAccount;
  readonly blobService: storage.BlobServiceProperties;
  readonly container: storage.BlobContainer;
  readonly job: app.Job;
  /** With `alerts`: the action group that emails, and the alert on the job's failed executions. */
  readonly actionGroup?: monitor.ActionGroup;
  readonly failedExecutionAlert?: monitor.MetricAlert;
  /** `https://ACCOUNT.blob.core.windows.net/CONTAINER/prefix`, the `--store` the job passes. */
  readonly storeLocation: pulumi.Output<string>;

  constructor(name: string, props: ScheduledAzureDriftCheckProps, opts?: pulumi.ComponentResourceOptions) {
    super(SCHEDULED_AZURE_DRIFT_CHECK_TYPE, name, {}, opts);
    const settings = resolveAzureDriftJobSettings(name, props);
    this.settings = settings;
    const parent = { parent: this };
    const { resourceGroupName, location } = props;
    const tags = { ...props.tags, 'managed-by': 'inferguard' };

    const subscriptions: pulumi.Input<string>[] =
      props.subscriptionIds !== undefined ? [...props.subscriptionIds] : [authorization.getClientConfigOutput({ parent: this }).subscriptionId];
    const subscriptionScopes = subscriptions.map((id) => pulumi.interpolate`/subscriptions/${id}`);

    this.identity = new managedidentity.UserAssignedIdentity(`${name}-identity`, { resourceGroupName, location, tags }, parent);

    this.auditorRoleDefinition = declareAuditorRole(name, subscriptionScopes, this);
    const { assign, assignments } = roleAssigner(name, 'inferguard drift job', this);
    const principalId = this.identity.principalId;
    subscriptionScopes.forEach((scope, index) => assign(`auditor-${index}`, principalId, this.auditorRoleDefinition.id, scope, 'read-only audit (the shipped auditor role)'));

    // --- snapshot storage -------------------------------------------------------------------------
    const snapshots = declareJobStorage(name, props, tags, { account: `${compactName(name, 17)}drift`, container: `${name}-snapshots`, containerName: settings.containerName }, this);
    this.storageAccount = snapshots.storageAccount;
    this.blobService = snapshots.blobService;
    this.container = snapshots.container;
    // Storage Blob Data Contributor on the snapshot container only (not the account, not other containers).
    assign('snapshots', principalId, builtInRoleDefinitionIdAt(this.container.id, STORAGE_BLOB_DATA_CONTRIBUTOR_ROLE_ID), this.container.id, 'write, read and expire its snapshots in this container');
    if (props.containerRegistryId !== undefined) assign('acr-pull', principalId, builtInRoleDefinitionIdAt(props.containerRegistryId, ACR_PULL_ROLE_ID), props.containerRegistryId, 'pull the inferguard image');
    this.roleAssignments = assignments;

    this.storeLocation = snapshots.locationOf(settings.snapshotPrefix);

    // --- the job ----------------------------------------------------------------------------------
    const args: pulumi.Input<string>[] = ['drift', 'azure', '--store', this.storeLocation, '--retain', String(settings.retain)];
    for (const id of subscriptions) args.push('--subscription', id);
    if (props.notifyWebhookUrl !== undefined) args.push('--notify-webhook', props.notifyWebhookUrl);
    if (props.webhookSecret !== undefined) args.push('--webhook-secret-env', WEBHOOK_SECRET_ENV);
    const registryHost = IMAGE_BY_DIGEST.exec(props.image)?.groups?.registry ?? '';
    this.job = new app.Job(
      `${name}-job`,
      {
        resourceGroupName,
        location,
        tags,
        environmentId: props.environmentId,
        identity: { type: 'UserAssigned', userAssignedIdentities: [this.identity.id] },
        configuration: {
          triggerType: 'Schedule',
          scheduleTriggerConfig: { cronExpression: settings.cronExpression, parallelism: 1, replicaCompletionCount: 1 },
          replicaTimeout: settings.replicaTimeoutSeconds,
          // No retry: exit 1 (drift found) is a "failed" execution to Container Apps, and a retry would add a snapshot.
          replicaRetryLimit: 0,
          ...(props.containerRegistryId === undefined ? {} : { registries: [{ server: registryHost, identity: this.identity.id }] }),
          ...(props.webhookSecret === undefined ? {} : { secrets: [{ name: 'webhook-secret', value: props.webhookSecret }] }),
        },
        template: {
          containers: [
            {
              name: 'inferguard',
              image: props.image,
              args,
              resources: { cpu: settings.cpu, memory: settings.memory },
              env: [
                // DefaultAzureCredential picks the user-assigned identity by its client id.
                { name: 'AZURE_CLIENT_ID', value: this.identity.clientId },
                ...(props.webhookSecret === undefined ? [] : [{ name: WEBHOOK_SECRET_ENV, secretRef: 'webhook-secret' }]),
              ],
            },
          ],
        },
      },
      // The identity must hold its roles before the first run.
      { parent: this, dependsOn: assignments },
    );

    // --- the native notice: Azure Monitor mails on a failed execution (drift found, error or incomplete) ------------
    if (props.alerts !== undefined) {
      const declared = declareFailedExecutionAlert(
        name,
        { resourceGroupName, tags, alerts: props.alerts, job: this.job, description: 'inferguard drift job: a run ended non-zero (1 drift found, 2 error, 3 incomplete). Read the execution\'s logs or the webhook for which.' },
        this,
      );
      this.actionGroup = declared.actionGroup;
      this.failedExecutionAlert = declared.alert;
    }
    this.registerOutputs({ storeLocation: this.storeLocation, jobName: this.job.name, identityPrincipalId: this.identity.principalId });
  }
}
