// Drift snapshots in Amazon S3 (or an S3-compatible endpoint): create-only PutObject with
// `If-None-Match: *` (S3 conditional writes), ListObjectsV2 paging, the bucket's own encryption unless a
// KMS key is named. Credentials come from the SDK's default chain.
import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
  type PutObjectCommandInput,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { SnapshotStoreError } from '../store';
import { DOING, ObjectSnapshotStore, messageOf, type ListedPage, type ObjectBackend, type StoreOperation } from './object-store';
import type { S3Location } from './locations';

export interface S3StoreOptions {
  /** An S3-compatible endpoint (moto, MinIO, a VPC endpoint URL); addressed path-style. */
  readonly endpointUrl?: string;
  /** The client's region; the SDK's own resolution (AWS_REGION, the profile) otherwise. A bucket in another region is followed there. */
  readonly region?: string;
  /** Encrypt each snapshot with this KMS key (SSE-KMS) instead of relying on the bucket's default encryption. */
  readonly kmsKeyId?: string;
  /** ListObjectsV2 MaxKeys per page; S3's 1,000 when unset. */
  readonly pageSize?: number;
  /** Client settings for tests (credentials, retries); the SDK's defaults otherwise. */
  readonly clientConfig?: S3ClientConfig;
}

/** The options a location's environment gives: the SDK's own endpoint variables, and the region. */
export function s3OptionsFromEnv(env: Readonly<Record<string, string | undefined>>): S3StoreOptions {
  const ignoreEndpoints = env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS?.trim().toLowerCase() === 'true';
  const endpointUrl = ignoreEndpoints ? undefined : env.AWS_ENDPOINT_URL_S3?.trim() || env.AWS_ENDPOINT_URL?.trim() || undefined;
  const region = env.AWS_REGION?.trim() || env.AWS_DEFAULT_REGION?.trim() || undefined;
  return { ...(endpointUrl ? { endpointUrl } : {}), ...(region ? { region } : {}) };
}

const PERMISSION: Readonly<Record<StoreOperation, string>> = {
  list: 's3:ListBucket',
  read: 's3:GetObject',
  write: 's3:PutObject',
  remove: 's3:DeleteObject',
};

const KMS_PERMISSION: Readonly<Record<StoreOperation, string | undefined>> = {
  list: undefined,
  read: 'kms:Decrypt',
  write: 'kms:GenerateDataKey',
  remove: undefined,
};

function partitionOf(region: string | undefined): string {
  if (region?.startsWith('cn-')) return 'aws-cn';
  if (region?.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

class S3Backend implements ObjectBackend {
  readonly description: string;

  constructor(
    private readonly client: S3Client,
    private readonly location: S3Location,
    private readonly options: S3StoreOptions,
  ) {
    this.description = `s3://${location.bucket}${location.prefix === '' ? '' : `/${location.prefix.slice(0, -1)}`}`;
  }

  objectUrl(key: string): string {
    return `s3://${this.location.bucket}/${key}`;
  }

  async createIfAbsent(key: string, body: Uint8Array): Promise<'created' | 'exists'> {
    const input: PutObjectCommandInput = {
      Bucket: this.location.bucket,
      Key: key,
      Body: body,
      ContentType: key.endsWith('.json') ? 'application/json' : 'application/octet-stream',
      IfNoneMatch: '*',
      ...(this.options.kmsKeyId ? { ServerSideEncryption: 'aws:kms' as const, SSEKMSKeyId: this.options.kmsKeyId } : {}),
    };
    // 409 ConditionalRequestConflict: another conditional write to the key was in flight; S3 asks for a retry.
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.client.send(new PutObjectCommand(input));
        return 'created';
      } catch (error) {
        if (error instanceof S3ServiceException && (error.name === 'PreconditionFailed' || error.$metadata.httpStatusCode === 412)) return 'exists';
        const conflict = error instanceof S3ServiceException && error.name === 'ConditionalRequestConflict';
        if (!conflict || attempt >= 3) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
      }
    }
  }

  async get(key: string): Promise<Uint8Array> {
    const answer = await this.client.send(new GetObjectCommand({ Bucket: this.location.bucket, Key: key }));
    if (answer.Body === undefined) throw new Error('GetObject answered without a body');
    return answer.Body.transformToByteArray();
  }

  async listPage(prefix: string, next: string | undefined): Promise<ListedPage> {
    const answer = await this.client.send(
      new ListObjectsV2Command({
        Bucket: this.location.bucket,
        Prefix: prefix,
        Delimiter: '/',
        ...(next === undefined ? {} : { ContinuationToken: next }),
        ...(this.options.pageSize === undefined ? {} : { MaxKeys: this.options.pageSize }),
      }),
    );
    const keys = (answer.Contents ?? []).map((object) => object.Key).filter((key): key is string => key !== undefined);
    if (answer.IsTruncated === true && !answer.NextContinuationToken) throw new Error('ListObjectsV2 said the listing is truncated but gave no continuation token');
    return { keys, ...(answer.IsTruncated === true ? { next: answer.NextContinuationToken } : {}) };
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.location.bucket, Key: key }));
  }

  failure(operation: StoreOperation, key: string | undefined, error: unknown): SnapshotStoreError {
    const where = key === undefined ? this.description : this.objectUrl(key);
    const code = error instanceof S3ServiceException ? error.name : error instanceof Error ? error.name : 'Error';
    const status = error instanceof S3ServiceException ? error.$metadata.httpStatusCode : undefined;
    const said = `${code}${status === undefined ? '' : ` (HTTP ${status})`}: ${messageOf(error)}`;
    const failed = `Could not ${DOING[operation]} ${where}`;
    const fallback = operation === 'write' || operation === 'remove' ? 'unwritable' : 'unreadable';

    if (code === 'InvalidAccessKeyId' || code === 'SignatureDoesNotMatch' || code === 'ExpiredToken' || code === 'InvalidToken' || code === 'InvalidClientTokenId' || code === 'CredentialsProviderError') {
      return new SnapshotStoreError(
        `${failed}: the AWS credentials were refused or missing (${said}). Set credentials the SDK's default chain finds (AWS_PROFILE, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, SSO, or the job's role).`,
        where,
        'denied',
      );
    }
    if (code === 'AccessDenied' || code === 'AllAccessDisabled' || status === 403) {
      const partition = partitionOf(this.options.region);
      const resource = operation === 'list' ? `arn:${partition}:s3:::${this.location.bucket}` : `arn:${partition}:s3:::${this.location.bucket}/${this.location.prefix}*`;
      const kms = KMS_PERMISSION[operation];
      const kmsHint = kms ? `; if the bucket encrypts with a customer-managed KMS key${this.options.kmsKeyId ? ` (or with ${this.options.kmsKeyId})` : ''}, also ${kms} on that key` : '';
      const listHint = operation === 'list' && this.location.prefix !== '' ? ` (a condition s3:prefix = "${this.location.prefix}" may narrow it)` : '';
      return new SnapshotStoreError(
        `${failed}: access denied (${said}). The job's identity needs ${PERMISSION[operation]} on ${resource}${listHint}${kmsHint}. This is the job's own snapshot bucket, not an audited one.`,
        where,
        'denied',
      );
    }
    if (code === 'NoSuchBucket') {
      return new SnapshotStoreError(`${failed}: the bucket ${this.location.bucket} does not exist (${said}). Create it, or correct the store location.`, where, 'not-found');
    }
    if (code === 'NoSuchKey' || (status === 404 && key !== undefined)) {
      return new SnapshotStoreError(`${failed}: no such snapshot (${said}); it may have been removed by retention.`, where, 'not-found');
    }
    if (code === 'PermanentRedirect' || code === 'AuthorizationHeaderMalformed' || status === 301) {
      return new SnapshotStoreError(`${failed}: the bucket is in another region (${said}). Set AWS_REGION to the bucket's region.`, where, fallback);
    }
    if (code === 'NotImplemented' || status === 501) {
      return new SnapshotStoreError(
        `${failed}: the endpoint does not implement this request (${said}). Snapshot writes need S3 conditional writes (If-None-Match on PutObject); an S3-compatible store without them cannot keep history append-only.`,
        where,
        fallback,
      );
    }
    if (code === 'Error' && /Region is missing/i.test(messageOf(error))) {
      return new SnapshotStoreError(`${failed}: no AWS region is configured. Set AWS_REGION to the bucket's region.`, where, fallback);
    }
    return new SnapshotStoreError(`${failed}: ${said}.`, where, fallback);
  }
}

export class S3SnapshotStore extends ObjectSnapshotStore {
  constructor(location: S3Location, options: S3StoreOptions = {}) {
    const client = new S3Client({
      ...(options.region ? { region: options.region } : {}),
      ...(options.endpointUrl ? { endpoint: options.endpointUrl, forcePathStyle: true } : {}),
      // A bucket in another region than the client's answers with a redirect the SDK can follow.
      followRegionRedirects: true,
      ...options.clientConfig,
    });
    super(new S3Backend(client, location, options), location.prefix);
  }
}
