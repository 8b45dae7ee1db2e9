import type * as pulumi from '@pulumi/pulumi';
import type { PublicNetworkAccess } from './defaults';

export interface ScheduledAzureDriftCheckProps {
  readonly resourceGroupName: pulumi.Input<string>;
  readonly location?: pulumi.Input<string>;
  /** The Container Apps environment the job runs in (`Microsoft.App/managedEnvironments` id). */
  readonly environmentId: pulumi.Input<string>;
  /** The inferguard image, pinned by digest: `myregistry.azurecr.io/inferguard@sha256:...` (a tag is refused). */
  readonly image: string;
  /** The registry's resource id: the job's identity gets AcrPull on it and pulls with it. Omit for a public registry. */
  readonly containerRegistryId?: pulumi.Input<string>;
  /** Subscriptions to audit (`--subscription`); the auditor role is assigned in each. Default: the credentials' one. */
  readonly subscriptionIds?: readonly string[];
  /** Container Apps cron, five fields, UTC. Default: `0 6 * * *`. */
  readonly cronExpression?: string;
  /** Snapshots to keep (`--retain`). Default: 365. */
  readonly retain?: number;
  /** Blob name prefix of the snapshots. Default: `drift/azure`. */
  readonly snapshotPrefix?: string;
  /** Where drift notifications go (`--notify-webhook`, https). Default: none (the run's exit code and logs only). */
  readonly notifyWebhookUrl?: string;
  /** The HMAC secret of the webhook signature, kept as a Container Apps secret. */
  readonly webhookSecret?: pulumi.Input<string>;
  /** The snapshot storage account's public network access (see defaults.ts for why Enabled is the default). */
  readonly storagePublicNetworkAccess?: PublicNetworkAccess;
  /** Subnets allowed through the storage firewall (a VNet-integrated environment's subnet). */
  readonly allowedSubnetIds?: readonly pulumi.Input<string>[];
  /**
   * Azure Monitor's own notice of a run that did not end clean: an action group emailing these addresses and a metric
   * alert on the job's failed executions. Any non-zero exit of `inferguard drift` (1 drift, 2 error, 3 incomplete) is a
   * failed execution, so this says "drift or trouble"; the webhook stays the detailed channel. Default: no alert.
   */
  readonly alerts?: { readonly emails: readonly string[] };
  readonly tags?: Readonly<Record<string, string>>;
}
