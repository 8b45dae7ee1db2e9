// Secure defaults for ScheduledAzureDriftCheck, as pure functions: each returns fresh settings, creates no resource,
// and names the inferguard control (or Azure security benchmark recommendation) each value satisfies.

/** Storage Blob Data Contributor (built-in; same id in every subscription): read, write, delete blobs of its scope. */
export const STORAGE_BLOB_DATA_CONTRIBUTOR_ROLE_ID = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe';
/** AcrPull (built-in): pull images from the registry of its scope. */
export const ACR_PULL_ROLE_ID = '7f951dda-4ed3-4680-a7ca-43fe172d538d';

/** An image reference pinned by digest: `registry/repository@sha256:<64 hex>`. */
export const IMAGE_BY_DIGEST = /^(?<registry>[a-z0-9.-]+(:\d+)?)\/[a-z0-9._/-]+@sha256:[0-9a-f]{64}$/;

export interface AzureDriftJobSettings {
  /** Container Apps cron: five fields, UTC (minute hour day-of-month month day-of-week). */
  readonly cronExpression: string;
  readonly retain: number;
  /** Blob name prefix of the snapshots in the container. */
  readonly snapshotPrefix: string;
  readonly containerName: string;
  /** Seconds one execution may run before Container Apps stops it. */
  readonly replicaTimeoutSeconds: number;
  readonly cpu: number;
  readonly memory: string;
}

export function defaultAzureDriftJobSettings(): AzureDriftJobSettings {
  return {
    // Daily, early morning UTC (as the AWS job).
    cronExpression: '0 6 * * *',
    retain: 365,
    snapshotPrefix: 'drift/azure',
    containerName: 'inferguard-drift',
    replicaTimeoutSeconds: 1800,
    // The smallest consumption-plan size with a full half vCPU; the audit is I/O bound.
    cpu: 0.5,
    memory: '1Gi',
  };
}

import type { PublicNetworkAccess } from '../component/defaults';
export type { PublicNetworkAccess };

export interface SnapshotStorageSettings {
  readonly allowBlobPublicAccess: boolean;
  readonly enableHttpsTrafficOnly: boolean;
  readonly minimumTlsVersion: 'TLS1_2';
  readonly allowSharedKeyAccess: boolean;
  readonly defaultToOAuthAuthentication: boolean;
  /**
   * Enabled by default, as a documented choice: a Container Apps environment on the consumption plan without a
   * virtual network reaches storage over its public endpoint (Container Apps is not a "trusted Azure service" that
   * passes a storage firewall). The account still takes Entra ID tokens only (shared keys off) over TLS 1.2. With a
   * VNet-integrated environment, set `Disabled` and give its subnet (`allowedSubnetIds`) or add a private endpoint.
   */
  readonly publicNetworkAccess: PublicNetworkAccess;
  readonly blobVersioning: boolean;
  readonly deleteRetentionDays: number;
}

export function defaultSnapshotStorageSettings(): SnapshotStorageSettings {
  return {
    // artifact-store-private: no anonymous read of any container, ever.
    allowBlobPublicAccess: false,
    // artifact-store-tls-only: HTTPS only, TLS 1.2 minimum.
    enableHttpsTrafficOnly: true,
    minimumTlsVersion: 'TLS1_2',
    // identity-least-privilege: no account keys or SAS signed with them; the job's identity is the only way in.
    allowSharedKeyAccess: false,
    defaultToOAuthAuthentication: true,
    publicNetworkAccess: 'Enabled',
    // History is never overwritten: every overwritten or deleted snapshot stays as a version / soft-deleted blob.
    blobVersioning: true,
    deleteRetentionDays: 30,
  };
}

/** What a storage account's firewall says: deny all but the given subnets, or let Entra ID alone decide. */
export type SnapshotNetworkRuleSet<SubnetId> =
  | { readonly defaultAction: 'Deny'; readonly bypass: 'None'; readonly virtualNetworkRules: { readonly virtualNetworkResourceId: SubnetId; readonly action: 'Allow' }[] }
  | { readonly defaultAction: 'Allow' };

/** The security inputs of a job's storage account (both Azure jobs declare theirs from this one function). */
export type SnapshotStorageAccountSecurity<SubnetId> = Omit<SnapshotStorageSettings, 'blobVersioning' | 'deleteRetentionDays'> & {
  readonly networkRuleSet: SnapshotNetworkRuleSet<SubnetId>;
};

/** The account's part of the settings, and its firewall: deny all but the given subnets, or none (Entra ID alone decides); pure. */
export function snapshotStorageAccountSecurity<SubnetId>(settings: SnapshotStorageSettings, allowedSubnetIds: readonly SubnetId[] = []): SnapshotStorageAccountSecurity<SubnetId> {
  // Blob versioning and soft delete are the blob service's settings, not the account's.
  const { blobVersioning: _blobService, deleteRetentionDays: _alsoBlobService, ...account } = settings;
  return {
    ...account,
    networkRuleSet:
      allowedSubnetIds.length > 0
        ? { defaultAction: 'Deny', bypass: 'None', virtualNetworkRules: allowedSubnetIds.map((id) => ({ virtualNetworkResourceId: id, action: 'Allow' })) }
        : { defaultAction: 'Allow' },
  };
}
