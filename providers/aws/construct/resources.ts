// Factories for the resources around the endpoint, built from the secure defaults. Each merges the
// user's override props over the defaults, warns for every override that weakens a control, and
// marks what it created, so that SecureSageMakerEndpoint can tell a resource it can vouch for from
// one it cannot verify. They are exported: a shared key, bucket or repository created with them in
// another construct or stack is trusted like one the endpoint created itself.
import { FeatureFlags, Stack } from 'aws-cdk-lib';
import { S3_CREATE_DEFAULT_LOGGING_POLICY } from 'aws-cdk-lib/cx-api';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct, IConstruct } from 'constructs';
import {
  defaultAccessLogBucketProps,
  defaultArtifactBucketProps,
  defaultKeyProps,
  defaultRepositoryProps,
  defaultVpcProps,
  keyPolicyStatements,
  mergeProps,
} from './defaults';
import { acknowledgeNag } from './nag';
import { publicStatements } from './policy-check';
import { emitWeakenings, type Weakening } from './weakening';

const PROVISIONED = Symbol.for('inferguard.construct.provisioned-with-secure-defaults');

/** True when the resource was created by one of these factories (its weakenings, if any, were already reported). */
export function isProvisionedWithSecureDefaults(resource: object): boolean {
  return PROVISIONED in resource;
}

function markProvisioned<T extends object>(resource: T): T {
  Object.defineProperty(resource, PROVISIONED, { value: true });
  return resource;
}

// ---------------------------------------------------------------------------------------------
// Weakenings of L2 props (pure)
// ---------------------------------------------------------------------------------------------

export function keyWeakenings(scope: IConstruct, props: kms.KeyProps): Weakening[] {
  const weakenings: Weakening[] = [];
  if (props.enableKeyRotation !== true) {
    weakenings.push({
      control: 'key-rotation-enabled',
      problem: 'keyProps.enableKeyRotation is not true: the key material is never rotated, so a leaked or broken key version keeps protecting new data.',
      fix: 'Leave enableKeyRotation at its default (true).',
    });
  }
  if (props.policy && publicStatements(scope, props.policy, 'keyProps.policy').length > 0) {
    weakenings.push({
      control: 'key-not-public',
      problem: 'keyProps.policy has an Allow for principal "*" without an account, organization or source condition: anyone could use the key to decrypt the model and captured data.',
      fix: 'Name principals explicitly, or add an aws:PrincipalAccount / aws:PrincipalOrgID / kms:CallerAccount condition; or leave the policy to the construct.',
    });
  }
  return weakenings;
}

const fullyBlocked = (block: s3.BlockPublicAccess | undefined): boolean =>
  block !== undefined &&
  block.blockPublicAcls === true &&
  block.blockPublicPolicy === true &&
  block.ignorePublicAcls === true &&
  block.restrictPublicBuckets === true;

const customerKeyEncryption = (encryption: s3.BucketEncryption | undefined): boolean =>
  encryption === s3.BucketEncryption.KMS || encryption === s3.BucketEncryption.DSSE;

export function bucketWeakenings(props: s3.BucketProps): Weakening[] {
  const weakenings: Weakening[] = [];
  if (!fullyBlocked(props.blockPublicAccess) || props.publicReadAccess === true) {
    weakenings.push({
      control: 'artifact-store-private',
      problem: 'bucketProps leave public access open (blockPublicAccess is not BLOCK_ALL, or publicReadAccess is true): the model weights could be copied, or replaced, by anyone.',
      fix: 'Leave blockPublicAccess at BlockPublicAccess.BLOCK_ALL and publicReadAccess at false (the defaults).',
    });
  }
  if (props.enforceSSL !== true) {
    weakenings.push({
      control: 'artifact-store-tls-only',
      problem: 'bucketProps.enforceSSL is not true: the bucket accepts requests without TLS, so model weights can be read or swapped in transit.',
      fix: 'Leave enforceSSL at its default (true).',
    });
  }
  if (!customerKeyEncryption(props.encryption)) {
    weakenings.push({
      control: 'artifact-store-customer-key',
      problem: `bucketProps.encryption is ${props.encryption ?? 'unset'}: objects are encrypted with an AWS-managed key, outside your key policy and audit trail.`,
      fix: 'Leave encryption at BucketEncryption.KMS (the default), which uses the endpoint\'s customer-managed key.',
    });
  }
  return weakenings;
}

export function repositoryWeakenings(props: ecr.RepositoryProps): Weakening[] {
  const weakenings: Weakening[] = [];
  if (props.imageScanOnPush !== true) {
    weakenings.push({
      control: 'image-repository-scan-on-push',
      problem: 'repositoryProps.imageScanOnPush is not true: pushed images are not scanned, so known vulnerabilities reach the endpoint unnoticed.',
      fix: 'Leave imageScanOnPush at its default (true), or enable enhanced scanning in the registry.',
    });
  }
  if (props.imageTagMutability !== ecr.TagMutability.IMMUTABLE) {
    weakenings.push({
      control: 'image-repository-immutable-tags',
      problem: `repositoryProps.imageTagMutability is ${props.imageTagMutability ?? 'unset (MUTABLE)'}: a tag can be moved to another image after review.`,
      fix: 'Leave imageTagMutability at TagMutability.IMMUTABLE (the default).',
    });
  }
  return weakenings;
}

// ---------------------------------------------------------------------------------------------
// Factories
// ---------------------------------------------------------------------------------------------

/** A customer-managed key with rotation and a policy scoped to this account via SageMaker, S3 and ECR. */
export function createEncryptionKey(scope: Construct, id: string, keyProps?: Partial<kms.KeyProps>, administratorArn?: string): kms.Key {
  const stack = Stack.of(scope);
  const policy = new iam.PolicyDocument({
    statements: keyPolicyStatements({ account: stack.account, region: stack.region, partition: stack.partition, ...(administratorArn ? { administratorArn } : {}) }),
  });
  // A policy the user gives replaces the construct's, as any override does (and is checked for public statements);
  // it must then itself let SageMaker, S3, ECR and CloudWatch Logs use the key, or the deployment fails.
  const props = mergeProps({ ...defaultKeyProps(), policy }, keyProps);
  const key = new kms.Key(scope, id, props);
  emitWeakenings(key, keyWeakenings(key, props));
  return markProvisioned(key);
}

/**
 * The SSE-S3 bucket that receives server access logs and VPC flow logs (S3 access logging cannot use SSE-KMS).
 * `flowLogPrefix`: also let VPC flow-log delivery write under that prefix (for VPCs in other stacks, which cannot
 * add to this bucket's policy themselves).
 */
export function createAccessLogBucket(scope: Construct, id: string, options: { readonly flowLogPrefix?: string } = {}): s3.Bucket {
  const bucket = new s3.Bucket(scope, id, defaultAccessLogBucketProps());
  if (options.flowLogPrefix !== undefined) allowFlowLogDelivery(scope, bucket, options.flowLogPrefix);
  acknowledgeNag(
    bucket,
    {
      id: 'AwsSolutions-S1',
      reason: 'This is the server access log target itself; logging its own access would write a log record for every log delivery, without end.',
    },
    {
      id: 'NIST.800.53.R5-S3BucketLoggingEnabled',
      reason: 'This is the server access log target itself; logging its own access would write a log record for every log delivery, without end.',
    },
    {
      id: 'NIST.800.53.R5-S3DefaultEncryptionKMS',
      reason:
        'S3 server access logging only delivers to buckets with SSE-S3 default encryption ("Default server-side encryption with AWS KMS keys (SSE-KMS) is not supported", S3 user guide). Objects are still encrypted at rest (AES-256), public access is blocked and TLS is enforced.',
    },
  );
  return markProvisioned(bucket);
}

export interface ArtifactBucketOptions {
  readonly key: kms.IKey;
  /** Where server access logs go, unless `bucketProps.serverAccessLogsBucket` names another target. */
  readonly accessLogBucket: s3.IBucket;
  readonly bucketProps?: Partial<s3.BucketProps>;
}

/** The model-artifact bucket: SSE-KMS with the customer key, public access blocked, TLS-only, versioned, access-logged. */
export function createArtifactBucket(scope: Construct, id: string, options: ArtifactBucketOptions): s3.Bucket {
  const merged = mergeProps(defaultArtifactBucketProps(options.key), options.bucketProps);
  // The customer key only goes with KMS encryption, a minimum TLS version only with enforceSSL (CDK refuses either alone).
  const { encryptionKey, minimumTLSVersion, ...rest } = merged;
  const props: s3.BucketProps = {
    ...rest,
    ...(customerKeyEncryption(merged.encryption) ? { encryptionKey } : {}),
    ...(merged.enforceSSL === true ? { minimumTLSVersion } : {}),
  };
  const bucket = new s3.Bucket(scope, id, props);
  emitWeakenings(bucket, bucketWeakenings(props));
  if (!props.serverAccessLogsBucket) enableServerAccessLogs(bucket, options.accessLogBucket, 'artifact-bucket/');
  return markProvisioned(bucket);
}

/**
 * Server access logging with a bucket-policy grant to logging.s3.amazonaws.com (the method AWS
 * recommends over ACLs), set on the L1 so it does not depend on the
 * `@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy` feature flag of the app.
 */
function enableServerAccessLogs(bucket: s3.Bucket, target: s3.IBucket, prefix: string): void {
  const cfn = bucket.node.defaultChild as s3.CfnBucket;
  cfn.loggingConfiguration = { destinationBucketName: target.bucketName, logFilePrefix: prefix };
  target.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'S3ServerAccessLogsFromTheArtifactBucket',
      principals: [new iam.ServicePrincipal('logging.s3.amazonaws.com')],
      actions: ['s3:PutObject'],
      resources: [target.arnForObjects(`${prefix}*`)],
      conditions: { ArnLike: { 'aws:SourceArn': bucket.bucketArn }, StringEquals: { 'aws:SourceAccount': Stack.of(bucket).account } },
    }),
  );
}

/** A private ECR repository: scan on push, immutable tags, layers encrypted with the customer key, no repository policy. */
export function createModelRepository(scope: Construct, id: string, key: kms.IKey, repositoryProps?: Partial<ecr.RepositoryProps>): ecr.Repository {
  const props = mergeProps(defaultRepositoryProps(key), repositoryProps);
  const repository = new ecr.Repository(scope, id, props);
  emitWeakenings(repository, repositoryWeakenings(props));
  return markProvisioned(repository);
}

/** The bucket-policy statements VPC flow-log delivery needs (VPC user guide, "Publish flow logs to Amazon S3"). */
function allowFlowLogDelivery(scope: Construct, bucket: s3.IBucket, prefix: string): void {
  const stack = Stack.of(scope);
  const fromThisAccount = {
    StringEquals: { 'aws:SourceAccount': stack.account },
    ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'logs', resource: '*' }) },
  };
  const delivery = [new iam.ServicePrincipal('delivery.logs.amazonaws.com')];
  bucket.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'VpcFlowLogDelivery',
      principals: delivery,
      actions: ['s3:PutObject'],
      resources: [bucket.arnForObjects(`${prefix}AWSLogs/${stack.account}/*`)],
      conditions: { ...fromThisAccount, StringEquals: { ...fromThisAccount.StringEquals, 's3:x-amz-acl': 'bucket-owner-full-control' } },
    }),
  );
  bucket.addToResourcePolicy(
    new iam.PolicyStatement({ sid: 'VpcFlowLogAclCheck', principals: delivery, actions: ['s3:GetBucketAcl', 's3:ListBucket'], resources: [bucket.bucketArn], conditions: fromThisAccount }),
  );
}

/** Where createIsolatedVpc delivers flow logs in the log bucket. */
export const FLOW_LOG_PREFIX = 'vpc-flow-logs/';

/** A VPC with isolated subnets only (2 AZs, no NAT, no internet gateway) and flow logs to the log bucket. */
export function createIsolatedVpc(scope: Construct, id: string, flowLogBucket: s3.IBucket, vpcProps?: Partial<ec2.VpcProps>): ec2.Vpc {
  const prefix = FLOW_LOG_PREFIX;
  const flowLogs = { all: { destination: ec2.FlowLogDestination.toS3(flowLogBucket, prefix), trafficType: ec2.FlowLogTrafficType.ALL } };
  const vpc = new ec2.Vpc(scope, id, mergeProps({ ...defaultVpcProps(), flowLogs }, vpcProps));
  // Without these statements EC2 adds them to the bucket policy itself, and the next stack update erases them.
  // CDK writes them too when the app sets @aws-cdk/aws-s3:createDefaultLoggingPolicy; then they are not repeated here.
  // A bucket of another stack (imported) keeps its own policy: it must already allow delivery (createAccessLogBucket's flowLogPrefix).
  if (!FeatureFlags.of(scope).isEnabled(S3_CREATE_DEFAULT_LOGGING_POLICY) && flowLogBucket instanceof s3.Bucket) allowFlowLogDelivery(scope, flowLogBucket, prefix);
  acknowledgeNag(vpc, {
    id: 'NIST.800.53.R5-VPCDefaultSecurityGroupClosed',
    reason:
      'Nothing is attached to the default security group: every ENI in this VPC (model, VPC endpoints) gets a dedicated group without public ingress. Emptying the default group needs a Lambda-backed custom resource (function, role, managed policy), which adds more to secure than it removes. The default group only admits traffic from its own members.',
  });
  return markProvisioned(vpc);
}
