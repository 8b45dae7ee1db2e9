// Drift snapshots in Azure Blob Storage: create-only block blob uploads (`If-None-Match: *`, 409
// BlobAlreadyExists when the name is taken), hierarchy listings paged by continuation token.
// Credentials: AZURE_STORAGE_CONNECTION_STRING when set (the Azure tools' convention; how tests reach
// Azurite), otherwise DefaultAzureCredential, created only then.
import type { TokenCredential } from '@azure/identity';
import { BlobServiceClient, RestError, type ContainerClient, type StoragePipelineOptions } from '@azure/storage-blob';
import { SnapshotStoreError } from '../store';
import { DOING, ObjectSnapshotStore, messageOf, type ListedPage, type ObjectBackend, type StoreOperation } from './object-store';
import type { BlobLocation } from './locations';

export interface BlobStoreOptions {
  /** A connection string (account key or SAS); it must point at the location's account. */
  readonly connectionString?: string;
  /** An Entra ID credential; DefaultAzureCredential when neither this nor a connection string is given. */
  readonly credential?: TokenCredential;
  /** Blobs per listing page; the service's 5,000 when unset. */
  readonly pageSize?: number;
  /** Client settings for tests (retries); the SDK's defaults otherwise. */
  readonly pipelineOptions?: StoragePipelineOptions;
}

export function blobOptionsFromEnv(env: Readonly<Record<string, string | undefined>>): BlobStoreOptions {
  const connectionString = env.AZURE_STORAGE_CONNECTION_STRING?.trim();
  return connectionString ? { connectionString } : {};
}

const ROLE: Readonly<Record<StoreOperation, string>> = {
  list: 'Storage Blob Data Reader',
  read: 'Storage Blob Data Reader',
  write: 'Storage Blob Data Contributor',
  remove: 'Storage Blob Data Contributor',
};

const DATA_ACTION: Readonly<Record<StoreOperation, string>> = {
  list: 'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read',
  read: 'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read',
  // Creating a new blob needs only add/action; blobs/write would also allow overwriting one.
  write: 'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/add/action',
  remove: 'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/delete',
};

const SAS_PERMISSION: Readonly<Record<StoreOperation, string>> = { list: 'l (list)', read: 'r (read)', write: 'c (create)', remove: 'd (delete)' };

/** The error code the service sent (`BlobAlreadyExists`), from the error or its response header. */
function serviceCode(error: RestError): string | undefined {
  const header = error.response?.headers.get('x-ms-error-code');
  return error.code ?? header ?? undefined;
}

function sameEndpoint(a: string, b: string): boolean {
  const normal = (url: string): string => {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`.replace(/\/+$/, '').toLowerCase();
  };
  return normal(a) === normal(b);
}

class BlobBackend implements ObjectBackend {
  readonly description: string;
  private containerClient: ContainerClient | undefined;

  constructor(
    private readonly location: BlobLocation,
    private readonly options: BlobStoreOptions,
  ) {
    this.description = `${location.serviceUrl}/${location.container}${location.prefix === '' ? '' : `/${location.prefix.slice(0, -1)}`}`;
  }

  objectUrl(key: string): string {
    return `${this.location.serviceUrl}/${this.location.container}/${key}`;
  }

  /** The container's client, built on first use: DefaultAzureCredential is loaded only when it is the credential. */
  private async container(): Promise<ContainerClient> {
    if (this.containerClient === undefined) {
      let service: BlobServiceClient;
      if (this.options.connectionString !== undefined) {
        service = BlobServiceClient.fromConnectionString(this.options.connectionString, this.options.pipelineOptions);
        if (!sameEndpoint(service.url, this.location.serviceUrl)) {
          throw new SnapshotStoreError(
            `AZURE_STORAGE_CONNECTION_STRING points at ${new URL(service.url).origin}${new URL(service.url).pathname.replace(/\/+$/, '')} (account ${service.accountName}), but the store location is ${this.description}. Use a connection string for account ${this.location.account}, or unset it to sign in with DefaultAzureCredential.`,
            this.description,
            'other',
          );
        }
      } else {
        // Loaded only here (as the Azure reader loads it): a connection-string user never loads @azure/identity.
        const credential = this.options.credential ?? new (require('@azure/identity') as typeof import('@azure/identity')).DefaultAzureCredential();
        service = new BlobServiceClient(this.location.serviceUrl, credential, this.options.pipelineOptions);
      }
      this.containerClient = service.getContainerClient(this.location.container);
    }
    return this.containerClient;
  }

  async createIfAbsent(key: string, body: Uint8Array): Promise<'created' | 'exists'> {
    const blob = (await this.container()).getBlockBlobClient(key);
    try {
      await blob.upload(body, body.byteLength, {
        conditions: { ifNoneMatch: '*' },
        blobHTTPHeaders: { blobContentType: key.endsWith('.json') ? 'application/json' : 'application/octet-stream' },
      });
      return 'created';
    } catch (error) {
      // Put Blob with If-None-Match: * answers 409 BlobAlreadyExists; some versions and emulators 412 ConditionNotMet.
      if (error instanceof RestError && (serviceCode(error) === 'BlobAlreadyExists' || error.statusCode === 412)) return 'exists';
      throw error;
    }
  }

  async get(key: string): Promise<Uint8Array> {
    const buffer = await (await this.container()).getBlockBlobClient(key).downloadToBuffer();
    return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  }

  async listPage(prefix: string, next: string | undefined): Promise<ListedPage> {
    const pages = (await this.container())
      .listBlobsByHierarchy('/', { prefix })
      .byPage({ ...(next === undefined ? {} : { continuationToken: next }), ...(this.options.pageSize === undefined ? {} : { maxPageSize: this.options.pageSize }) });
    const result = await pages.next();
    if (result.done === true) return { keys: [] };
    const page = result.value;
    const keys = page.segment.blobItems.map((item) => item.name);
    return { keys, ...(page.continuationToken ? { next: page.continuationToken } : {}) };
  }

  async delete(key: string): Promise<void> {
    await (await this.container()).getBlockBlobClient(key).deleteIfExists();
  }

  failure(operation: StoreOperation, key: string | undefined, error: unknown): SnapshotStoreError {
    if (error instanceof SnapshotStoreError) return error;
    const where = key === undefined ? this.description : this.objectUrl(key);
    const failed = `Could not ${DOING[operation]} ${where}`;
    const fallback = operation === 'write' || operation === 'remove' ? 'unwritable' : 'unreadable';
    const credentialHelp =
      'Set AZURE_STORAGE_CONNECTION_STRING, or give DefaultAzureCredential an identity (`az login`, the AZURE_CLIENT_ID/AZURE_TENANT_ID/AZURE_CLIENT_SECRET variables, or the job\'s managed identity).';
    if (error instanceof Error && (error.name === 'CredentialUnavailableError' || error.name === 'AggregateAuthenticationError' || error.name === 'AuthenticationError')) {
      return new SnapshotStoreError(`${failed}: no Azure credential (${messageOf(error)}). ${credentialHelp}`, where, 'denied');
    }
    if (!(error instanceof RestError)) return new SnapshotStoreError(`${failed}: ${error instanceof Error ? error.name : 'Error'}: ${messageOf(error)}.`, where, fallback);
    const code = serviceCode(error) ?? 'no error code';
    const said = `${code}${error.statusCode === undefined ? '' : ` (HTTP ${error.statusCode})`}`;
    if (code === 'AuthenticationFailed' || code === 'InvalidAuthenticationInfo' || error.statusCode === 401) {
      return new SnapshotStoreError(`${failed}: the credential was refused (${said}). ${credentialHelp}`, where, 'denied');
    }
    if (error.statusCode === 403) {
      const scope = `the container ${this.location.container} of storage account ${this.location.account}`;
      // AuthorizationFailure is also the answer to a request the account's network rules refuse, and
      // Azurite's to a wrong account key (where Azure says AuthenticationFailed).
      const alsoCheck = code === 'AuthorizationFailure' ? ` Check too that the account's network rules admit this client and that the credential is the job's: ${credentialHelp}` : '';
      return new SnapshotStoreError(
        `${failed}: access denied (${said}). The job's identity needs the role ${ROLE[operation]} on ${scope} (or a custom role with the data action ${DATA_ACTION[operation]}); a SAS needs the permission ${SAS_PERMISSION[operation]}. This is the job's own snapshot container, not an audited one.${alsoCheck}`,
        where,
        'denied',
      );
    }
    if (code === 'ContainerNotFound') {
      return new SnapshotStoreError(`${failed}: the container ${this.location.container} does not exist in account ${this.location.account} (${said}). Create it, or correct the store location.`, where, 'not-found');
    }
    if (code === 'BlobNotFound' || error.statusCode === 404) {
      return new SnapshotStoreError(`${failed}: no such snapshot (${said}); it may have been removed by retention.`, where, 'not-found');
    }
    return new SnapshotStoreError(`${failed}: ${said}: ${messageOf(error)}.`, where, fallback);
  }
}

export class BlobSnapshotStore extends ObjectSnapshotStore {
  constructor(location: BlobLocation, options: BlobStoreOptions = {}) {
    super(new BlobBackend(location, options), location.prefix);
  }
}
