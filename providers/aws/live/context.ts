// What every AWS reader shares during one audit: the neutral collection machinery (limiter, reads,
// gaps, paging, progress: providers/collect) plus the SDK clients and how AWS SDK errors are named.
import { EC2Client } from '@aws-sdk/client-ec2';
import { ECRClient } from '@aws-sdk/client-ecr';
import { IAMClient } from '@aws-sdk/client-iam';
import { KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { CredentialProvider } from './assume-role';
import { CollectionContext, DEFAULT_REQUEST_TIMEOUT_MS, type FailureDescription, type ProgressListener } from '../../collect/context';

// The readers import these from here; they live in the shared module.
export { Canonical, Once, chunk, forEachConcurrently } from '../../collect/context';
export type { CallSite, ProgressListener, Read } from '../../collect/context';

export interface ClientSettings {
  readonly endpointUrl?: string;
  readonly profile?: string;
  /** Credentials of an assumed role (--role-arn); the profile or the standard chain otherwise. */
  readonly credentials?: CredentialProvider;
  readonly maxAttempts: number;
  /** Per attempt; DEFAULT_REQUEST_TIMEOUT_MS when absent. */
  readonly requestTimeoutMs?: number;
  /** Connections shared with other audits of the same run (an organization's accounts); the context opens its own otherwise. */
  readonly connections?: ConnectionPool;
}

/** An agent that only its pool closes: every SDK client's destroy() destroys its handler's agents. */
class PooledHttpAgent extends HttpAgent {
  override destroy(): void {}
  close(): void {
    super.destroy();
  }
}
class PooledHttpsAgent extends HttpsAgent {
  override destroy(): void {}
  close(): void {
    super.destroy();
  }
}

/**
 * Keep-alive connections shared by every SDK client of a run. Without it each client opens (and on AWS
 * TLS-handshakes) its own connections, and an organization's accounts each have a client per service
 * and region talking to the same regional endpoints. Each request is signed on its own (SigV4), so a
 * connection carries no account's identity. No socket cap per host: the call limiters bound what is in flight.
 */
export class ConnectionPool {
  readonly http = new PooledHttpAgent({ keepAlive: true });
  readonly https = new PooledHttpsAgent({ keepAlive: true });

  close(): void {
    this.http.close();
    this.https.close();
  }
}

interface Destroyable {
  destroy(): void;
}

/** The SDK's retry middleware wraps a throwable that is not an Error as "AWS SDK error wrapper for NAME: message". */
const SDK_WRAPPER = /^AWS SDK error wrapper for ([A-Za-z][\w.]*): /;

/** The error code of an SDK error (its name), of a timeout, or of a response the SDK could not parse. */
export function errorCodeOf(error: unknown): string {
  if (typeof error !== 'object' || error === null) return 'UnknownError';
  // Duck-typed rather than `instanceof Error`: errors from Node's own modules may come from another realm.
  const { Code, name, message } = error as { Code?: unknown; name?: unknown; message?: unknown };
  if (typeof Code === 'string' && Code) return Code;
  const wrapped = typeof message === 'string' ? SDK_WRAPPER.exec(message) : null;
  if (wrapped) return wrapped[1];
  return typeof name === 'string' && name ? name : 'UnknownError';
}

function errorMessageOf(error: unknown): string {
  const raw = typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string' ? (error as { message: string }).message : String(error);
  return raw.replace(SDK_WRAPPER, '').split('\n')[0].slice(0, 300) || 'no message';
}

export function describeAwsFailure(error: unknown): FailureDescription {
  return { code: errorCodeOf(error), message: errorMessageOf(error) };
}

export class AuditContext extends CollectionContext {
  private readonly clients = new Map<string, Destroyable>();
  private readonly connections: ConnectionPool;
  /** The pool is closed with the context unless the settings brought the run's. */
  private readonly ownsConnections: boolean;

  constructor(
    private readonly settings: ClientSettings,
    concurrency: number,
    onProgress?: ProgressListener,
  ) {
    super({ concurrency, describeFailure: describeAwsFailure, ...(onProgress ? { onProgress } : {}) });
    this.connections = settings.connections ?? new ConnectionPool();
    this.ownsConnections = settings.connections === undefined;
  }

  sagemaker(region: string): SageMakerClient {
    return this.client(`sagemaker:${region}`, () => new SageMakerClient(this.baseConfig(region)));
  }
  kms(region: string): KMSClient {
    return this.client(`kms:${region}`, () => new KMSClient(this.baseConfig(region)));
  }
  ecr(region: string): ECRClient {
    return this.client(`ecr:${region}`, () => new ECRClient(this.baseConfig(region)));
  }
  ec2(region: string): EC2Client {
    return this.client(`ec2:${region}`, () => new EC2Client(this.baseConfig(region)));
  }
  /** IAM is global; the region only picks the partition's endpoint. */
  iam(region: string): IAMClient {
    return this.client(`iam:${region}`, () => new IAMClient(this.baseConfig(region)));
  }
  s3(region: string): S3Client {
    const endpointOverridden = Boolean(this.settings.endpointUrl ?? process.env.AWS_ENDPOINT_URL_S3 ?? process.env.AWS_ENDPOINT_URL);
    return this.client(
      `s3:${region}`,
      // A bucket in another region answers 301 with its region; the SDK follows it from the response header.
      () => new S3Client({ ...this.baseConfig(region), forcePathStyle: endpointOverridden, followRegionRedirects: true }),
    );
  }

  destroy(): void {
    for (const client of this.clients.values()) client.destroy();
    this.clients.clear();
    if (this.ownsConnections) this.connections.close();
  }

  private client<C extends Destroyable>(key: string, create: () => C): C {
    const existing = this.clients.get(key);
    if (existing) return existing as C;
    const created = create();
    this.clients.set(key, created);
    return created;
  }

  private baseConfig(region: string) {
    const timeout = this.settings.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    return {
      region,
      maxAttempts: this.settings.maxAttempts,
      retryMode: 'adaptive',
      ...(this.settings.endpointUrl ? { endpoint: this.settings.endpointUrl } : {}),
      ...(this.settings.credentials ? { credentials: this.settings.credentials } : this.settings.profile ? { profile: this.settings.profile } : {}),
      requestHandler: {
        requestTimeout: timeout,
        connectionTimeout: timeout,
        // Without this the handler only logs a warning when the timeout passes.
        throwOnRequestTimeout: true,
        httpAgent: this.connections.http,
        httpsAgent: this.connections.https,
      },
    };
  }
}
