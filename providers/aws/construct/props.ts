import type { Duration } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as ecr from 'aws-cdk-lib/aws-ecr';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';

/** Serverless Inference: SageMaker provisions compute per request, up to `maxConcurrency`. */
export interface ServerlessOptions {
  /** Memory per concurrent invocation: 1024, 2048, 3072, 4096, 5120 or 6144 MB. */
  readonly memorySizeInMb: number;
  /** Concurrent invocations before throttling (1-200, within the account quota). */
  readonly maxConcurrency: number;
  /** Pre-initialized capacity that avoids cold starts; at most `maxConcurrency`. */
  readonly provisionedConcurrency?: number;
}

export interface DataCaptureOptions {
  /** Percentage of requests captured (1-100). @default 20 */
  readonly samplingPercentage?: number;
  /** Content types captured as CSV (e.g. `text/csv`); the rest are base64-encoded. */
  readonly csvContentTypes?: readonly string[];
  /** Content types captured as JSON (e.g. `application/json`). */
  readonly jsonContentTypes?: readonly string[];
}

/**
 * A Model Monitor data-quality schedule. It compares captured requests with a baseline that a
 * baseline job produced beforehand (for example `DefaultModelMonitor.suggest_baseline` in the
 * SageMaker Python SDK), so it cannot be created before that baseline exists.
 */
export interface DataQualityMonitoringOptions {
  /**
   * The Model Monitor analyzer image for the endpoint's region: `sagemaker.image_uris.retrieve("model-monitor", region)`,
   * e.g. `156813124566.dkr.ecr.us-east-1.amazonaws.com/sagemaker-model-monitor-analyzer`. Must be a private ECR image.
   */
  readonly analyzerImageUri: string;
  /** Key, in the artifact bucket, of the baseline job's `statistics.json`. */
  readonly baselineStatisticsKey: string;
  /** Key, in the artifact bucket, of the baseline job's `constraints.json`. */
  readonly baselineConstraintsKey: string;
  /** @default 'cron(0 * ? * * *)' (hourly) */
  readonly scheduleExpression?: string;
  /** @default 'ml.m5.xlarge' */
  readonly instanceType?: string;
  /** @default Duration.hours(1) (an hourly schedule allows no more) */
  readonly maxRuntime?: Duration;
}

export interface AutoScalingOptions {
  /** @default twice the instance count */
  readonly maxInstanceCount?: number;
  /** Target invocations per instance per minute (SageMakerVariantInvocationsPerInstance). @default 100 */
  readonly invocationsPerInstance?: number;
}

export interface SecureSageMakerEndpointProps {
  // --- the model -------------------------------------------------------------------------------

  /**
   * Digest of the inference image in `repository`: `sha256:` and 64 hex digits. A tag is refused:
   * find the digest with `docker inspect --format '{{index .RepoDigests 0}}' <image>` or
   * `aws ecr describe-images --repository-name <repo> --image-ids imageTag=<tag>`.
   */
  readonly imageDigest: string;
  /**
   * The private ECR repository that holds the inference image. A repository the construct did not
   * create cannot be verified (scan on push, immutable tags, no public policy): each gets a warning.
   * @default a new repository with scan on push, immutable tags and the customer key
   */
  readonly repository?: ecr.IRepository;
  /** Overrides of the secure repository defaults, when the construct creates the repository. */
  readonly repositoryProps?: Partial<ecr.RepositoryProps>;
  /**
   * Key of the model data in the artifact bucket: an object (`models/churn/model.tar.gz`, compressed),
   * or a prefix ending in `/` (uncompressed model files).
   */
  readonly modelDataKey: string;
  /** Environment variables of the inference container. */
  readonly environment?: Readonly<Record<string, string>>;

  // --- storage and keys --------------------------------------------------------------------------

  /**
   * The bucket with the model data; captured data and monitoring reports go there too. A bucket the
   * construct did not create cannot be verified (public access, TLS-only, customer key): each gets a warning.
   * @default a new SSE-KMS bucket, public access blocked, TLS-only, versioned, with server access logs
   */
  readonly bucket?: s3.IBucket;
  /** Overrides of the secure bucket defaults, when the construct creates the bucket. */
  readonly bucketProps?: Partial<s3.BucketProps>;
  /**
   * The customer-managed key for endpoint storage, captured data, artifacts, images and logs. A key the
   * construct did not create cannot be verified (rotation, policy): each gets a warning.
   * @default a new key with yearly rotation and a policy scoped to this account and SageMaker/S3/ECR
   */
  readonly encryptionKey?: kms.IKey;
  /** Overrides of the secure key defaults, when the construct creates the key. */
  readonly keyProps?: Partial<kms.KeyProps>;
  /** @default one year */
  readonly logRetention?: logs.RetentionDays;

  // --- identity ---------------------------------------------------------------------------------

  /**
   * The execution role. A role the construct did not create cannot be verified to be least-privilege: warning.
   * @default a role scoped to the model prefix, the key, the repository and the endpoint's log group
   */
  readonly role?: iam.IRole;

  // --- network (real-time endpoints only) ----------------------------------------------------------

  /**
   * Attach the model to a private network. `false` removes the VPC, its endpoints and the VpcConfig (warning).
   * @default true
   */
  readonly privateNetwork?: boolean;
  /** Your VPC. @default a new VPC with isolated subnets in 2 AZs, no NAT, flow logs */
  readonly vpc?: ec2.IVpc;
  /** Overrides of the secure VPC defaults, when the construct creates the VPC. */
  readonly vpcProps?: Partial<ec2.VpcProps>;
  /** Subnets for the model's ENIs. @default the isolated subnets of the VPC (else its private ones) */
  readonly vpcSubnets?: ec2.SubnetSelection;
  /**
   * Add interface endpoints (sagemaker.api, sagemaker.runtime, sts, logs, ecr.api, ecr.dkr, kms) and an S3
   * gateway endpoint to the VPC. Turn off when your VPC already has them (a second one with private DNS fails).
   * @default true
   */
  readonly addVpcEndpoints?: boolean;
  /** Security groups of the clients that may reach the private API endpoints (tcp/443). @default none */
  readonly allowedClientSecurityGroups?: readonly ec2.ISecurityGroup[];
  /** @default true */
  readonly networkIsolation?: boolean;

  // --- compute ----------------------------------------------------------------------------------

  /** @default 'ml.m5.xlarge' */
  readonly instanceType?: string;
  /** @default 2 */
  readonly instanceCount?: number;
  /** Target-tracking auto scaling; `false` keeps the instance count fixed. @default on, min = instanceCount */
  readonly autoScaling?: AutoScalingOptions | false;
  /** Serverless Inference instead of instances (no VPC, isolation, data capture or monitoring: see README). */
  readonly serverless?: ServerlessOptions;
  /**
   * Encrypt the endpoint storage with the customer key (KmsKeyId). Instance types with NVMe instance
   * storage cannot take one (their storage is hardware-encrypted): it is omitted for them by default,
   * and asking for it explicitly is an error.
   * @default true where the instance type supports it
   */
  readonly volumeEncryption?: boolean;

  // --- data capture and monitoring -----------------------------------------------------------------

  /** Capture requests and responses (with the customer key); `false` turns capture off. @default 20% sampling */
  readonly dataCapture?: DataCaptureOptions | false;
  /** A data-quality monitoring schedule. @default none (warning: model-monitoring-scheduled) */
  readonly monitoring?: DataQualityMonitoringOptions;

  /** @default a name derived from the construct path */
  readonly endpointName?: string;
}
