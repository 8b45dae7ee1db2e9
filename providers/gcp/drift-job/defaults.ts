// Secure defaults for ScheduledGcpDriftCheck, as pure functions: each returns fresh settings, creates no resource,
// and names the inferguard control (or the Google Cloud recommendation) each value satisfies.

/** An image reference pinned by digest: `registry/path@sha256:<64 hex>`. */
export const IMAGE_BY_DIGEST = /^[a-z0-9.-]+(:\d+)?\/[a-z0-9._/-]+@sha256:[0-9a-f]{64}$/;

/**
 * Permissions of the shipped auditor role that Google Cloud supports only in roles created at an organization
 * (Access Context Manager works at the organization; IAM "Custom roles permissions support": NOT_SUPPORTED at
 * project level). A project-level copy of the role leaves them out, and perimeter reads are then gaps.
 */
export const ORGANIZATION_ONLY_PERMISSION_PREFIXES = ['accesscontextmanager.', 'resourcemanager.folders.', 'resourcemanager.projects.list'] as const;

/** Where the job and the merge job mount the snapshot bucket (Cloud Storage volume), and the reports' prefix in it. */
export const BUCKET_MOUNT_PATH = '/mnt/inferguard';
export const REPORTS_PREFIX = 'reports/gcp';

/** The shard report a task writes: one folder per execution (CLOUD_RUN_EXECUTION), one file per task; Cloud Run expands $(VAR) in args. */
export function shardReportPath(): string {
  return `${BUCKET_MOUNT_PATH}/${REPORTS_PREFIX}/$(CLOUD_RUN_EXECUTION)/shard-$(CLOUD_RUN_TASK_INDEX).json`;
}

/** Scope of the scheduler's OAuth token for the Cloud Run Admin API (Cloud Scheduler "Use authentication with HTTP targets"). */
export const CLOUD_PLATFORM_SCOPE = 'https://www.googleapis.com/auth/cloud-platform';

export interface GcpDriftJobSettings {
  /** Cloud Scheduler unix-cron, five fields, in `timeZone`. */
  readonly schedule: string;
  readonly timeZone: string;
  /** Object name prefix of the snapshots in the bucket. */
  readonly snapshotPrefix: string;
  /**
   * Days a snapshot is kept, by the bucket's lifecycle rule: the job's identity may only create and read objects
   * (roles/storage.objectCreator + objectViewer), so it can neither overwrite nor delete history, nor expire it.
   */
  readonly retainDays: number;
  /** Seconds one execution may run. */
  readonly timeoutSeconds: number;
  readonly cpu: string;
  readonly memory: string;
  /** Cloud Scheduler retries of a failed `jobs.run` call. */
  readonly schedulerRetryCount: number;
  /** With an estate: seconds between the workflow's checks of whether the shard execution has ended. */
  readonly pollSeconds: number;
}

export function defaultGcpDriftJobSettings(): GcpDriftJobSettings {
  return {
    pollSeconds: 60,
    // Daily, early morning UTC (as the AWS and Azure jobs).
    schedule: '0 6 * * *',
    timeZone: 'Etc/UTC',
    snapshotPrefix: 'drift/gcp',
    // A year of daily snapshots.
    retainDays: 365,
    timeoutSeconds: 1800,
    cpu: '1',
    memory: '1Gi',
    // The call only starts an execution: retrying a refused or failed start is safe (jobs.run is one execution per
    // success), a failed *run* is not retried (maxRetries 0) since it would add a snapshot.
    schedulerRetryCount: 3,
  };
}

export interface SnapshotBucketSettings {
  readonly uniformBucketLevelAccess: boolean;
  readonly publicAccessPrevention: 'enforced';
  readonly versioning: boolean;
  /** Days a noncurrent version (an overwritten or deleted snapshot) is kept. */
  readonly noncurrentVersionDays: number;
}

export function defaultSnapshotBucketSettings(): SnapshotBucketSettings {
  return {
    // identity-least-privilege: IAM only, no per-object ACLs that could grant anyone else a snapshot.
    uniformBucketLevelAccess: true,
    // artifact-store-private: allUsers / allAuthenticatedUsers can never be granted on the bucket.
    publicAccessPrevention: 'enforced',
    // History is never overwritten: every replaced or deleted snapshot stays as a noncurrent version.
    versioning: true,
    noncurrentVersionDays: 90,
  };
}
