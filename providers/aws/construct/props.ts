import type { Duration } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as ecr from 'aws-cdk-lib/aws-ecr';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type { OptionalInterfaceEndpoint } from './defaults';

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
 * A Model Monitor data-quality schedule over the captured requests. Without a baseline each run computes
 * statistics of the captured traffic and publishes them as CloudWatch metrics; with one (from a baseline job such
 * as `DefaultModelMonitor.suggest_baseline` in the SageMaker Python SDK, uploaded to the artifact bucket before
 * the endpoint stack is deployed) it also reports violations of the baseline's constraints.
 */
export interface DataQualityMonitoringOptions {
  /**
   * The Model Monitor analyzer image: `sagemaker.image_uris.retrieve("model-monitor", region)`. Must be a private ECR image.
   * @default the analyzer image of the stack's region (MODEL_MONITOR_ANALYZER_ACCOUNTS); the region must then be concrete
   */
  readonly analyzerImageUri?: string;
  /** Key, in the artifact bucket, of the baseline job's `statistics.json` (give both keys or neither). @default no baseline */
  readonly baselineStatisticsKey?: string;
  /** Key, in the artifact bucket, of the baseline job's `constraints.json` (give both keys or neither). @default no baseline */
  readonly baselineConstraintsKey?: string;
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
  /**
   * ARN of the role or user that administers the key the construct creates (key policy). It must include whoever
   * deploys the stack. @default the account (any principal whose IAM policy allows key administration)
   */
  readonly keyAdministratorArn?: string;
  /**
   * Where the artifact bucket's server access logs and the VPC flow logs go, when the construct creates either.
   * The bucket must let S3 server access logging and VPC flow-log delivery write to it (createAccessLogBucket does).
   * @default a new SSE-S3 log bucket
   */
  readonly accessLogBucket?: s3.IBucket;
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
   * Add interface endpoints (sagemaker.api, sagemaker.runtime; logs and monitoring when Model Monitor runs in the
   * VPC) and an S3 gateway endpoint to the VPC. Turn off when your VPC already has them (a second one with private
   * DNS fails).
   * @default true
   */
  readonly addVpcEndpoints?: boolean;
  /**
   * More interface endpoints, for clients of your own in the VPC that call these services (each costs per hour
   * per Availability Zone, so none is added unless asked). @default none
   */
  readonly additionalInterfaceEndpoints?: readonly OptionalInterfaceEndpoint[];
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
  /**
   * The data-quality monitoring schedule; `false` turns it off (warning: model-monitoring-scheduled).
   * @default hourly, without a baseline, with the region's analyzer image (real-time endpoints with data capture)
   */
  readonly monitoring?: DataQualityMonitoringOptions | false;

  /** @default a name derived from the construct path */
  readonly endpointName?: string;
}
