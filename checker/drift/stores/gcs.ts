// Drift snapshots in Google Cloud Storage: create-only single-request uploads (`ifGenerationMatch=0`,
// 412 when the name is taken), listings paged by pageToken. Credentials: GOOGLE_OAUTH_ACCESS_TOKEN as is
// when set (as the GCP audit takes it), otherwise Application Default Credentials.
import { OAuth2Client } from 'google-auth-library';
import { ApiError, Storage, type Bucket, type StorageOptions } from '@google-cloud/storage';
import { SnapshotStoreError } from '../store';
import { DOING, ObjectSnapshotStore, isLoopbackHost, messageOf, type ListedPage, type ObjectBackend, type StoreOperation } from './object-store';
import type { GcsLocation } from './locations';

export interface GcsStoreOptions {
  /** Another JSON API endpoint (an emulator, Private Service Connect); `http://` only to this machine. */
  readonly apiEndpoint?: string;
  /** A bearer token used as is instead of Application Default Credentials. */
  readonly accessToken?: string;
  /** Entries per listing page (maxResults); the service's 1,000 when unset. */
  readonly pageSize?: number;
  /** Client settings for tests (retries); the library's defaults otherwise. */
  readonly storageOptions?: StorageOptions;
}

export class GcsEndpointError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GcsEndpointError';
  }
}

/** STORAGE_EMULATOR_HOST as the Google clients read it: `host:port` (http) or a URL; a token must not cross a network in clear. */
export function gcsEndpoint(value: string): string {
  const text = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new GcsEndpointError(`STORAGE_EMULATOR_HOST "${value}" is not a host:port or URL; expected e.g. 127.0.0.1:9023 or https://storage.example.internal.`);
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new GcsEndpointError(`STORAGE_EMULATOR_HOST "${value}": plain http to ${url.hostname} refused, a token would travel unencrypted. Use https://, or http only to 127.0.0.1, localhost or [::1].`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new GcsEndpointError(`STORAGE_EMULATOR_HOST "${value}": ${url.protocol} is not http or https.`);
  // The JSON API lives under /storage/v1 of the host; the client adds it.
  return `${url.protocol}//${url.host}`;
}

export function gcsOptionsFromEnv(env: Readonly<Record<string, string | undefined>>): GcsStoreOptions {
  const emulator = env.STORAGE_EMULATOR_HOST?.trim();
  const accessToken = env.GOOGLE_OAUTH_ACCESS_TOKEN?.trim();
  return { ...(emulator ? { apiEndpoint: gcsEndpoint(emulator) } : {}), ...(accessToken ? { accessToken } : {}) };
}

const PERMISSION: Readonly<Record<StoreOperation, string>> = {
  list: 'storage.objects.list',
  read: 'storage.objects.get',
  write: 'storage.objects.create',
  remove: 'storage.objects.delete',
};

const ROLE: Readonly<Record<StoreOperation, string>> = {
  list: 'roles/storage.objectViewer',
  read: 'roles/storage.objectViewer',
  write: 'roles/storage.objectCreator',
  remove: 'roles/storage.objectUser',
};

class GcsBackend implements ObjectBackend {
  readonly description: string;
  private readonly bucket: Bucket;

  constructor(
    private readonly location: GcsLocation,
    private readonly options: GcsStoreOptions,
  ) {
    this.description = `gs://${location.bucket}${location.prefix === '' ? '' : `/${location.prefix.slice(0, -1)}`}`;
    const token = options.accessToken;
    let authClient: StorageOptions['authClient'];
    if (token !== undefined) {
      const client = new OAuth2Client();
      client.setCredentials({ access_token: token });
      // @google-cloud/storage carries its own copy of google-auth-library (11; the project's is 10): the
      // classes differ only in private fields, and the calls the client makes (getRequestHeaders,
      // request) are the same in both, so the project's client is handed over as the storage client's type.
      authClient = client as unknown as StorageOptions['authClient'];
    }
    const storage = new Storage({
      ...(options.apiEndpoint ? { apiEndpoint: options.apiEndpoint } : {}),
      // A custom endpoint is sent no credentials unless asked; a given token is always sent.
      ...(authClient ? { authClient, useAuthWithCustomEndpoint: true } : {}),
      ...options.storageOptions,
    });
    this.bucket = storage.bucket(location.bucket);
  }

  objectUrl(key: string): string {
    return `gs://${this.location.bucket}/${key}`;
  }

  async createIfAbsent(key: string, body: Uint8Array): Promise<'created' | 'exists'> {
    try {
      // One request (no resumable session): the object exists whole or not at all.
      await this.bucket.file(key).save(Buffer.from(body.buffer, body.byteOffset, body.byteLength), {
        resumable: false,
        preconditionOpts: { ifGenerationMatch: 0 },
        metadata: { contentType: key.endsWith('.json') ? 'application/json' : 'application/octet-stream' },
      });
      return 'created';
    } catch (error) {
      if (error instanceof ApiError && error.code === 412) return 'exists';
      throw error;
    }
  }

  async get(key: string): Promise<Uint8Array> {
    const [contents] = await this.bucket.file(key).download();
    return new Uint8Array(contents.buffer, contents.byteOffset, contents.byteLength);
  }

  async listPage(prefix: string, next: string | undefined): Promise<ListedPage> {
    const [files, nextQuery] = await this.bucket.getFiles({
      prefix,
      delimiter: '/',
      autoPaginate: false,
      ...(next === undefined ? {} : { pageToken: next }),
      ...(this.options.pageSize === undefined ? {} : { maxResults: this.options.pageSize }),
    });
    const token = (nextQuery as { pageToken?: unknown } | null | undefined)?.pageToken;
    return { keys: files.map((file) => file.name), ...(typeof token === 'string' && token !== '' ? { next: token } : {}) };
  }

  async delete(key: string): Promise<void> {
    await this.bucket.file(key).delete({ ignoreNotFound: true });
  }

  failure(operation: StoreOperation, key: string | undefined, error: unknown): SnapshotStoreError {
    const where = key === undefined ? this.description : this.objectUrl(key);
    const failed = `Could not ${DOING[operation]} ${where}`;
    const fallback = operation === 'write' || operation === 'remove' ? 'unwritable' : 'unreadable';
    const status = error instanceof ApiError ? error.code : undefined;
    const said = `${status === undefined ? (error instanceof Error ? error.name : 'Error') : `HTTP ${status}`}: ${messageOf(error)}`;
    const credentialHelp = 'Set GOOGLE_OAUTH_ACCESS_TOKEN, or give Application Default Credentials an identity (`gcloud auth application-default login`, GOOGLE_APPLICATION_CREDENTIALS, or the job\'s service account).';
    if (status === 401 || /Could not load the default credentials|invalid_grant|Unable to detect a Project Id/i.test(messageOf(error))) {
      return new SnapshotStoreError(`${failed}: no usable Google credential (${said}). ${credentialHelp}`, where, 'denied');
    }
    if (status === 403) {
      return new SnapshotStoreError(
        `${failed}: access denied (${said}). The job's service account needs ${PERMISSION[operation]} on bucket ${this.location.bucket}, e.g. the role ${ROLE[operation]} (writing snapshots: roles/storage.objectCreator with roles/storage.objectViewer). This is the job's own snapshot bucket, not an audited one.`,
        where,
        'denied',
      );
    }
    if (status === 404) {
      if (key === undefined || /bucket does not exist/i.test(messageOf(error))) {
        return new SnapshotStoreError(`${failed}: the bucket ${this.location.bucket} does not exist (${said}). Create it, or correct the store location.`, where, 'not-found');
      }
      return new SnapshotStoreError(`${failed}: no such snapshot (${said}); it may have been removed by retention.`, where, 'not-found');
    }
    return new SnapshotStoreError(`${failed}: ${said}.`, where, fallback);
  }
}

export class GcsSnapshotStore extends ObjectSnapshotStore {
  constructor(location: GcsLocation, options: GcsStoreOptions = {}) {
    super(new GcsBackend(location, options), location.prefix);
  }
}
