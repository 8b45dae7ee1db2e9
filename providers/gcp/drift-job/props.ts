import type * as pulumi from '@pulumi/pulumi';

/** The auditor role to grant: a copy the component creates (in the project or an organization), or one that exists. */
export type GcpAuditorRole =
  /** Create the shipped role in this organization (all its permissions, perimeter reads included); grant it on the project. */
  | { readonly organizationId: string }
  /** Grant an existing role, e.g. `organizations/123/roles/inferguardAuditor` made with gcloud from auditor-role.json. */
  | { readonly roleName: string };

/**
 * Organization-wide: every project under an organization (or folders), split into shards that run as the tasks of
 * one Cloud Run job execution (CLOUD_RUN_TASK_INDEX is the shard), then joined by `inferguard merge` in a second
 * job that a Cloud Workflows workflow starts once the shard execution has ended.
 */
export interface GcpDriftEstate {
  /** Audit every project under this organization (`--organization`). */
  readonly organizationId?: string;
  /** Or under these folders (`--folder`), each with its subfolders. */
  readonly folderIds?: readonly string[];
  /** Tasks of the job, one shard each (the job's taskCount). */
  readonly shards: number;
  /** Tasks running at once. Default: every shard. */
  readonly parallelism?: number;
}

export interface ScheduledGcpDriftCheckProps {
  readonly projectId: string;
  /** Region of the Cloud Run job and the Cloud Scheduler job, e.g. europe-west4. */
  readonly region: string;
  /** The inferguard image, pinned by digest: `europe-docker.pkg.dev/p/r/inferguard@sha256:...` (a tag is refused). */
  readonly image: string;
  /** Default: a project-level copy of the shipped role without its organization-only permissions (a warning says which). */
  readonly auditorRole?: GcpAuditorRole;
  /** Where the snapshot bucket lives. Default: the job's region. */
  readonly bucketLocation?: string;
  /** A Cloud KMS key for the bucket's default encryption and the job (CMEK). Default: Google-managed keys. */
  readonly kmsKeyName?: pulumi.Input<string>;
  /** Cloud Scheduler unix-cron, five fields. Default: `0 6 * * *`. */
  readonly schedule?: string;
  readonly timeZone?: string;
  readonly snapshotPrefix?: string;
  /** Days snapshots are kept (bucket lifecycle). Default: 365. */
  readonly retainDays?: number;
  /** Where drift notifications go (`--notify-webhook`, https). */
  readonly notifyWebhookUrl?: string;
  /** The Secret Manager secret (`projects/p/secrets/s`) holding the webhook's HMAC secret; the job may read only it. */
  readonly webhookSecretId?: string;
  /**
   * Cloud Monitoring's own notice of a run that did not end clean: an email notification channel per address and an
   * alert policy on the job's failed executions. Any non-zero exit of `inferguard drift` (1 drift, 2 error, 3
   * incomplete) fails the execution, so this says "drift or trouble"; the webhook stays the detailed channel.
   * Default: no alert.
   */
  readonly alerts?: { readonly emails: readonly string[] };
  readonly labels?: Readonly<Record<string, string>>;
  /** Audit an organization or folders in shards, with a merged report per run (see GcpDriftEstate). Default: the project alone. */
  readonly estate?: GcpDriftEstate;
}
