// Where drift snapshots live. One interface for a local folder and the object stores the scheduled
// jobs use (S3, Azure Blob Storage, Google Cloud Storage): history is append-only, so a write never
// replaces an existing snapshot and a crash mid-write leaves every earlier one readable.

/** One stored snapshot, as listed. */
export interface SnapshotRef {
  /** The name inside the store, e.g. `2026-12-02T19-22-06.123Z-aws.json`; sorts oldest first. */
  readonly name: string;
  /** Where it is, for messages: a file path or an object URL such as `s3://bucket/prefix/name`. */
  readonly location: string;
}

export interface SnapshotStore {
  /** For messages: the folder or `s3://bucket/prefix`. */
  readonly description: string;
  /** Every complete snapshot, oldest first (by name). Partial or temporary writes are never listed. */
  list(): Promise<readonly SnapshotRef[]>;
  /** The stored bytes. Throws SnapshotStoreError naming the location when it cannot be read. */
  read(ref: SnapshotRef): Promise<Uint8Array>;
  /**
   * Stores `body` under `name`, create-only: an existing snapshot of that name is never overwritten
   * (local: write a temporary file, fsync, then link/rename; object stores: conditional create such as
   * S3 `If-None-Match: *`, Blob `If-None-Match: *`, GCS `ifGenerationMatch=0`). Throws SnapshotStoreError
   * when it exists already or cannot be written.
   */
  write(name: string, body: Uint8Array): Promise<SnapshotRef>;
  /** Removes one snapshot (retention). */
  remove(ref: SnapshotRef): Promise<void>;
}

/** A store operation that failed, with the location it concerned and how to fix it. */
export class SnapshotStoreError extends Error {
  constructor(
    message: string,
    readonly location: string,
    readonly code: 'exists' | 'unreadable' | 'unwritable' | 'not-found' | 'denied' | 'other' = 'other',
  ) {
    super(message);
    this.name = 'SnapshotStoreError';
  }
}
