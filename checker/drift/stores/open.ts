// Opens the snapshot store a location names: an object-store URL (S3, Blob Storage, Cloud Storage) or a
// local folder. Each cloud's SDK is loaded only when its store is opened (a require() at that point, as
// the GCP and Azure readers load their auth libraries: under this package's CommonJS build a dynamic
// import() of a relative .ts module neither type-checks nor resolves in jest), so a user of one cloud
// does not load the others'.
import { SnapshotStoreError, type SnapshotStore } from '../store';
import { parseStoreLocation, StoreLocationError } from './locations';

export { ACCEPTED_FORMS, StoreLocationError } from './locations';

export interface OpenStoreOptions {
  /**
   * S3 only: encrypt each snapshot with this KMS key (SSE-KMS, e.g. a `--store-kms-key` option). Unset, the
   * bucket's default encryption applies; set it when the bucket policy demands a named key on every PutObject.
   */
  readonly s3KmsKeyId?: string;
}

/**
 * Loads a store module whose SDK is an optional peer of the package (installed only by those who keep
 * snapshots there): a missing SDK is a clear error naming what to install, not a stack trace.
 */
function loadStoreModule<T>(load: () => T, sdk: string, location: string): T {
  try {
    return load();
  } catch (error) {
    if ((error as { code?: unknown }).code === 'MODULE_NOT_FOUND' && String((error as Error).message).includes(sdk)) {
      throw new SnapshotStoreError(`${location}: this store needs ${sdk}, which is not installed. Install it beside inferguard (npm install ${sdk}).`, location, 'other');
    }
    throw error;
  }
}

/**
 * The store at `location`. `env` supplies the SDKs' own conventions: AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL
 * and AWS_REGION (S3), AZURE_STORAGE_CONNECTION_STRING (Blob), STORAGE_EMULATOR_HOST and
 * GOOGLE_OAUTH_ACCESS_TOKEN (GCS). Credentials otherwise come from each SDK's default chain, when first used.
 * Throws StoreLocationError (what was wrong, and the accepted forms) for a location that names no store.
 */
export async function openSnapshotStore(location: string, env: Readonly<Record<string, string | undefined>>, options: OpenStoreOptions = {}): Promise<SnapshotStore> {
  const parsed = parseStoreLocation(location);
  switch (parsed.kind) {
    case 's3': {
      const { S3SnapshotStore, s3OptionsFromEnv } = require('./s3') as typeof import('./s3');
      return new S3SnapshotStore(parsed, { ...s3OptionsFromEnv(env), ...(options.s3KmsKeyId ? { kmsKeyId: options.s3KmsKeyId } : {}) });
    }
    case 'blob': {
      const { BlobSnapshotStore, blobOptionsFromEnv } = loadStoreModule(() => require('./blob') as typeof import('./blob'), '@azure/storage-blob', location);
      return new BlobSnapshotStore(parsed, blobOptionsFromEnv(env));
    }
    case 'gcs': {
      const { GcsSnapshotStore, gcsOptionsFromEnv, GcsEndpointError } = loadStoreModule(() => require('./gcs') as typeof import('./gcs'), '@google-cloud/storage', location);
      try {
        return new GcsSnapshotStore(parsed, gcsOptionsFromEnv(env));
      } catch (error) {
        if (error instanceof GcsEndpointError) throw new SnapshotStoreError(error.message, location, 'other');
        throw error;
      }
    }
    case 'local': {
      if (options.s3KmsKeyId) throw new StoreLocationError(location, 'a KMS key applies to an s3:// store only');
      const { LocalSnapshotStore } = require('./local') as typeof import('./local');
      return new LocalSnapshotStore(parsed.folder);
    }
  }
}
