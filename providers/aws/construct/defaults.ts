// Secure defaults for SecureSageMakerEndpoint, as pure functions (aws-solutions-constructs style):
// each returns fresh props, creates no construct, and names the inferguard control each value
// satisfies. Precedence, lowest to highest: these defaults, then the user's override props, then the
// few values the construct must set to wire its parts together (see `mergeProps`).
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';

/**
 * Merges props in a fixed order: `defaults`, then the user's `overrides`, then `required` (values the
 * construct needs for wiring, e.g. the key a bucket encrypts with). A key the user sets to `undefined`
 * keeps the default: only a value the user actually gives replaces one.
 */
export function mergeProps<T extends object>(defaults: T, overrides?: Partial<T>, required?: Partial<T>): T {
  const defined = (value: Partial<T> | undefined): Partial<T> =>
    Object.fromEntries(Object.entries(value ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;
  return { ...defaults, ...defined(overrides), ...defined(required) };
}

// ---------------------------------------------------------------------------------------------
// Endpoint settings (the construct's own props, not an L2's)
// ---------------------------------------------------------------------------------------------

export interface EndpointDefaults {
  readonly instanceType: string;
  readonly instanceCount: number;
  readonly networkIsolation: boolean;
  readonly privateNetwork: boolean;
  readonly addVpcEndpoints: boolean;
  readonly additionalInterfaceEndpoints: readonly OptionalInterfaceEndpoint[];
  readonly volumeEncryption: boolean;
  readonly dataCaptureSamplingPercentage: number;
  readonly autoScalingMaxInstanceCount: (instanceCount: number) => number;
  readonly invocationsPerInstance: number;
  readonly logRetention: logs.RetentionDays;
  readonly monitoringScheduleExpression: string;
  readonly monitoringInstanceType: string;
  readonly monitoringMaxRuntime: Duration;
}

export function defaultEndpointSettings(): EndpointDefaults {
  return {
    // EBS-backed (no NVMe instance store), so the volume takes the customer key: endpoint-storage-customer-key.
    instanceType: 'ml.m5.xlarge',
    // endpoint-multiple-instances: two instances, which SageMaker spreads across the subnets' Availability Zones.
    instanceCount: 2,
    // model-network-isolation: the container gets no outbound network at all.
    networkIsolation: true,
    // model-private-network: the model's ENIs live in isolated subnets behind a security group.
    privateNetwork: true,
    // endpoint-private-api-path: interface endpoints with private DNS for sagemaker.api / sagemaker.runtime, plus an
    // S3 gateway endpoint (model data, captured data); logs and monitoring (CloudWatch) are added when Model Monitor
    // runs in the VPC. Nothing else by default: see `additionalInterfaceEndpoints`.
    addVpcEndpoints: true,
    // Interface endpoints nothing in the construct calls through (the model runs network-isolated; SageMaker pulls the
    // image and decrypts with the key outside the VPC): each costs per hour per AZ, so they are opt-in.
    additionalInterfaceEndpoints: [],
    // endpoint-storage-customer-key: KmsKeyId on the endpoint config (omitted, with no warning, for NVMe types).
    volumeEncryption: true,
    // data-capture-customer-key: capture is on (Model Monitor needs it) and always written with the customer key.
    // 20% is the SageMaker Python SDK's default sampling: enough for drift statistics, a fifth of the storage.
    dataCaptureSamplingPercentage: 20,
    // Auto scaling never goes below the initial count (so endpoint-multiple-instances holds after scale-in).
    autoScalingMaxInstanceCount: (instanceCount) => instanceCount * 2,
    // Target for SageMakerVariantInvocationsPerInstance (invocations per instance per minute); tune per model.
    invocationsPerInstance: 100,
    // Endpoint logs kept a year, encrypted with the customer key (cdk-nag NIST CloudWatchLogGroupRetentionPeriod).
    logRetention: logs.RetentionDays.ONE_YEAR,
    // model-monitoring-scheduled: on by default. Without a baseline the hourly job computes statistics of the captured
    // traffic and publishes them as CloudWatch metrics; with one it also checks them against the baseline's constraints.
    // Hourly is the most frequent schedule Model Monitor offers.
    monitoringScheduleExpression: 'cron(0 * ? * * *)',
    monitoringInstanceType: 'ml.m5.xlarge',
    // An hourly schedule requires MaxRuntimeInSeconds <= 3600.
    monitoringMaxRuntime: Duration.hours(1),
  };
}

// ---------------------------------------------------------------------------------------------
// KMS key
// ---------------------------------------------------------------------------------------------

export function defaultKeyProps(): kms.KeyProps {
  return {
    description: 'inferguard: encrypts model artifacts, endpoint storage, captured data, images and logs',
    // key-rotation-enabled: yearly automatic rotation of the key material.
    enableKeyRotation: true,
    // key-not-public: the policy comes from keyPolicyStatements (this account and AWS services only, never `*`).
    // Deleting the key makes every artifact and capture it encrypted unreadable: keep it when the stack goes, but let a
    // failed first create roll it back (DeletionPolicy RetainExceptOnCreate), so a retry does not meet an orphan.
    removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
    pendingWindow: Duration.days(30),
  };
}

/** Where the key lives; tokens (`Aws.ACCOUNT_ID`...) are fine. */
export interface KeyPolicyContext {
  readonly account: string;
  readonly region: string;
  readonly partition: string;
  /**
   * The principal (role or user ARN) that administers the key. Without one, the account administers it (any
   * principal of the account whose IAM policy allows it). It must include whoever deploys the stack, or the
   * next update of the key fails (KMS developer guide, "Default key policy": key administrators).
   */
  readonly administratorArn?: string;
}

/** Key administration without the right to use the key for data (no Encrypt/Decrypt/GenerateDataKey). */
export const KEY_ADMINISTRATION_ACTIONS: readonly string[] = [
  'kms:CancelKeyDeletion',
  'kms:CreateAlias',
  'kms:DeleteAlias',
  'kms:DescribeKey',
  'kms:DisableKey',
  'kms:DisableKeyRotation',
  'kms:EnableKey',
  'kms:EnableKeyRotation',
  'kms:GetKeyPolicy',
  'kms:GetKeyRotationStatus',
  'kms:ListAliases',
  'kms:ListGrants',
  'kms:ListKeyPolicies',
  'kms:ListResourceTags',
  'kms:PutKeyPolicy',
  'kms:RevokeGrant',
  'kms:RotateKeyOnDemand',
  'kms:ScheduleKeyDeletion',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:UpdateAlias',
  'kms:UpdateKeyDescription',
];

export const KEY_USE_ACTIONS: readonly string[] = [
  'kms:Decrypt',
  'kms:DescribeKey',
  'kms:Encrypt',
  'kms:GenerateDataKey',
  'kms:GenerateDataKeyWithoutPlaintext',
  'kms:ReEncryptFrom',
  'kms:ReEncryptTo',
];

/** The AWS services through which principals of the account may use the key (`kms:ViaService`). */
export function keyViaServices(region: string): string[] {
  return [`sagemaker.${region}.amazonaws.com`, `s3.${region}.amazonaws.com`, `ecr.${region}.amazonaws.com`];
}

/**
 * key-not-public: every statement names this account or one AWS service principal, never `*`.
 * The account's principals may use the key only through SageMaker, S3 and ECR (`kms:ViaService`),
 * so a role that can read the key cannot decrypt captured data outside those services; CloudWatch
 * Logs may use it only for SageMaker's own log groups (encryption-context condition).
 */
/** Who administers a customer key (never uses it): the named administrator, else the account's IAM policies. */
export function keyAdministrationStatement(account: string, administratorArn: string | undefined): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: administratorArn ? 'KeyAdministrationByTheNamedAdministrator' : 'KeyAdministrationByTheAccount',
    principals: [administratorArn ? new iam.ArnPrincipal(administratorArn) : new iam.AccountPrincipal(account)],
    actions: [...KEY_ADMINISTRATION_ACTIONS],
    resources: ['*'],
  });
}

export function keyPolicyStatements(context: KeyPolicyContext): iam.PolicyStatement[] {
  const account = new iam.AccountPrincipal(context.account);
  return [
    keyAdministrationStatement(context.account, context.administratorArn),
    new iam.PolicyStatement({
      sid: 'UseOnlyThroughInferenceServices',
      principals: [account],
      actions: [...KEY_USE_ACTIONS],
      resources: ['*'],
      conditions: {
        StringEquals: { 'kms:ViaService': keyViaServices(context.region), 'kms:CallerAccount': context.account },
      },
    }),
    // SageMaker (endpoint and processing volumes) and ECR (image layers) use grants for the resources they create.
    new iam.PolicyStatement({
      sid: 'GrantsOnlyForAwsResources',
      principals: [account],
      actions: ['kms:CreateGrant'],
      resources: ['*'],
      conditions: {
        StringEquals: { 'kms:ViaService': keyViaServices(context.region), 'kms:CallerAccount': context.account },
        Bool: { 'kms:GrantIsForAWSResource': 'true' },
      },
    }),
    new iam.PolicyStatement({
      sid: 'CloudWatchLogsForSageMakerLogGroups',
      principals: [new iam.ServicePrincipal(`logs.${context.region}.amazonaws.com`)],
      actions: [...KEY_USE_ACTIONS],
      resources: ['*'],
      conditions: {
        ArnLike: {
          'kms:EncryptionContext:aws:logs:arn': `arn:${context.partition}:logs:${context.region}:${context.account}:log-group:/aws/sagemaker/*`,
        },
      },
    }),
  ];
}

// ---------------------------------------------------------------------------------------------
// Model artifact bucket and its access-log bucket
// ---------------------------------------------------------------------------------------------

export function defaultArtifactBucketProps(key: kms.IKey): s3.BucketProps {
  return {
    // artifact-store-customer-key: SSE-KMS with the customer key; bucket keys cut KMS calls (and cost) per object.
    encryption: s3.BucketEncryption.KMS,
    encryptionKey: key,
    bucketKeyEnabled: true,
    // artifact-store-private: all four public-access blocks, and ACLs disabled so no object can be made public.
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    publicReadAccess: false,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    // artifact-store-tls-only: a Deny on aws:SecureTransport=false for the bucket and every object, TLS 1.2 minimum.
    enforceSSL: true,
    minimumTLSVersion: 1.2,
    // Versions keep every model artifact that was ever served, so a poisoned overwrite can be found and rolled back.
    versioned: true,
    // The model weights outlive the stack (but not a failed first create: RetainExceptOnCreate).
    removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
  };
}

/**
 * The target of the artifact bucket's server access logs and of the VPC flow logs. S3 server access
 * logging supports SSE-S3 only on the destination bucket ("Default server-side encryption with AWS KMS
 * keys (SSE-KMS) is not supported", S3 user guide, Enabling server access logging), so this bucket is
 * SSE-S3; it is otherwise as locked down as the artifact bucket.
 */
export function defaultAccessLogBucketProps(): s3.BucketProps {
  return {
    encryption: s3.BucketEncryption.S3_MANAGED,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    publicReadAccess: false,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    enforceSSL: true,
    minimumTLSVersion: 1.2,
    versioned: true,
    lifecycleRules: [{ id: 'expire-old-logs', expiration: Duration.days(400), noncurrentVersionExpiration: Duration.days(30) }],
    removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
  };
}

// ---------------------------------------------------------------------------------------------
// Image repository
// ---------------------------------------------------------------------------------------------

export function defaultRepositoryProps(key: kms.IKey): ecr.RepositoryProps {
  return {
    // image-repository-scan-on-push: every pushed image is scanned for known vulnerabilities.
    imageScanOnPush: true,
    // image-repository-immutable-tags: a tag, once pushed, can never point at another image.
    imageTagMutability: ecr.TagMutability.IMMUTABLE,
    // Layers encrypted with the customer key.
    encryption: ecr.RepositoryEncryption.KMS,
    encryptionKey: key,
    // image-repository-not-public: no repository policy at all; only IAM principals of this account can pull.
    removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
  };
}

// ---------------------------------------------------------------------------------------------
// Network
// ---------------------------------------------------------------------------------------------

export function defaultVpcProps(): ec2.VpcProps {
  return {
    // endpoint-multiple-instances: two AZs so the instances do not share a failure domain.
    maxAzs: 2,
    // model-private-network: isolated subnets only; no internet gateway, no NAT, no route out.
    natGateways: 0,
    createInternetGateway: false,
    subnetConfiguration: [{ name: 'inference', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 }],
    // Interface endpoints with private DNS need both.
    enableDnsHostnames: true,
    enableDnsSupport: true,
    // The default security group is attached to nothing (every ENI here gets its own group). Emptying it needs
    // a Lambda-backed custom resource, i.e. a function, a role and a managed policy: more to secure than it removes.
    restrictDefaultSecurityGroup: false,
  };
}

/** Where the model's ENIs go in a VPC the construct did not create: isolated subnets if any, else private ones. */
export function defaultModelSubnets(vpc: ec2.IVpc): ec2.SubnetSelection {
  return vpc.isolatedSubnets.length > 0 ? { subnetType: ec2.SubnetType.PRIVATE_ISOLATED } : { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS };
}

/** Interface endpoints the construct adds only when asked (`additionalInterfaceEndpoints`). */
export type OptionalInterfaceEndpoint = 'sts' | 'kms' | 'ecr.api' | 'ecr.dkr' | 'logs' | 'monitoring';

/** Every interface endpoint the construct can add (CDK service objects), by the service names the baseline knows. */
export const INTERFACE_ENDPOINT_SERVICES: Readonly<Record<'sagemaker.api' | 'sagemaker.runtime' | OptionalInterfaceEndpoint, ec2.InterfaceVpcEndpointAwsService>> = {
  'sagemaker.api': ec2.InterfaceVpcEndpointAwsService.SAGEMAKER_API,
  'sagemaker.runtime': ec2.InterfaceVpcEndpointAwsService.SAGEMAKER_RUNTIME,
  sts: ec2.InterfaceVpcEndpointAwsService.STS,
  kms: ec2.InterfaceVpcEndpointAwsService.KMS,
  'ecr.api': ec2.InterfaceVpcEndpointAwsService.ECR,
  'ecr.dkr': ec2.InterfaceVpcEndpointAwsService.ECR_DOCKER,
  logs: ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS,
  monitoring: ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_MONITORING,
};

/** Always added: clients and administrators reach the endpoint privately (endpoint-private-api-path). */
export const REQUIRED_INTERFACE_ENDPOINTS = ['sagemaker.api', 'sagemaker.runtime'] as const;
/**
 * Added when Model Monitor runs in the VPC: its processing job writes logs and publishes metrics from the VPC
 * (SageMaker developer guide, "Give SageMaker AI Processing Jobs Access to Resources in Your Amazon VPC":
 * "Configure the CloudWatch VPC endpoint"; CloudWatch user guide, "Using CloudWatch ... with interface VPC endpoints").
 */
export const MONITORING_INTERFACE_ENDPOINTS = ['logs', 'monitoring'] as const;

/**
 * The Model Monitor analyzer image's registry account per region (SageMaker Python SDK,
 * src/sagemaker/image_uri_config/model-monitor.json, repository `sagemaker-model-monitor-analyzer`).
 */
export const MODEL_MONITOR_ANALYZER_ACCOUNTS: Readonly<Record<string, string>> = {
  'eu-north-1': '895015795356',
  'me-south-1': '607024016150',
  'ap-south-1': '126357580389',
  'us-east-2': '777275614652',
  'eu-west-1': '468650794304',
  'eu-central-1': '048819808253',
  'sa-east-1': '539772159869',
  'ap-east-1': '001633400207',
  'us-east-1': '156813124566',
  'ap-northeast-2': '709848358524',
  'eu-west-2': '749857270468',
  'eu-west-3': '680080141114',
  'ap-northeast-1': '574779866223',
  'us-west-2': '159807026194',
  'us-west-1': '890145073186',
  'ap-southeast-1': '245545462676',
  'ap-southeast-2': '563025443158',
  'ca-central-1': '536280801234',
  'cn-north-1': '453000072557',
  'cn-northwest-1': '453252182341',
};

/** The analyzer image of a region, or undefined for a region the table does not hold. */
export function modelMonitorAnalyzerImage(region: string): string | undefined {
  const account = MODEL_MONITOR_ANALYZER_ACCOUNTS[region];
  if (!account) return undefined;
  const suffix = region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
  return `${account}.dkr.ecr.${region}.${suffix}/sagemaker-model-monitor-analyzer`;
}
