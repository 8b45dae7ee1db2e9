// SecureSageMakerEndpoint: a SageMaker endpoint that meets the inferguard baseline by default.
// Every override that weakens a control warns at synth time (id `inferguard:<control-id>`); every
// combination AWS would reject fails synth with what to do instead. See README.md.
import { Names, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as ecr from 'aws-cdk-lib/aws-ecr';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as sagemaker from 'aws-cdk-lib/aws-sagemaker';
import { Construct } from 'constructs';
import { defaultEndpointSettings, defaultModelSubnets } from './defaults';
import { SecureEndpointConfigurationError } from './errors';
import {
  artifactStatements,
  combinePolicies,
  createServiceRole,
  ecrPullStatements,
  keyStatements,
  logStatements,
  metricStatements,
  networkStatements,
  type ArnContext,
  type NetworkScope,
} from './execution-role';
import { createDataQualityMonitoring } from './monitoring';
import { addPrivateApiPath, createModelSecurityGroup, endpointPolicyStatements, type PrivateApiPath } from './network';
import type { SecureSageMakerEndpointProps } from './props';
import {
  createAccessLogBucket,
  createArtifactBucket,
  createEncryptionKey,
  createIsolatedVpc,
  createModelRepository,
  isProvisionedWithSecureDefaults,
} from './resources';
import { resolveSettings, type InstanceSettings, type ResolvedDataCapture, type ResolvedSettings, type ServerlessSettings } from './settings';
import { emitWeakenings, type ControlId, type Weakening } from './weakening';

/** The one production variant. */
export const VARIANT_NAME = 'AllTraffic';
/** Namespace of the endpoint instance metrics SageMaker publishes with the execution role. */
export const ENDPOINT_METRIC_NAMESPACE = '/aws/sagemaker/Endpoints';
/** Key prefixes in the artifact bucket. SageMaker appends `<endpoint name>/<variant>/...` to the capture destination. */
export const CAPTURE_PREFIX = 'data-capture';
export const MONITORING_PREFIX = 'monitoring';

export class SecureSageMakerEndpoint extends Construct {
  readonly endpointName: string;
  readonly endpoint: sagemaker.CfnEndpoint;
  readonly endpointConfig: sagemaker.CfnEndpointConfig;
  readonly model: sagemaker.CfnModel;
  /** The execution role the model runs as. */
  readonly role: iam.IRole;
  /** The customer-managed key for storage, captured data, artifacts, images and logs. */
  readonly key: kms.IKey;
  /** The artifact bucket: model data, captured data, monitoring reports. */
  readonly bucket: s3.IBucket;
  readonly repository: ecr.IRepository;
  /** The endpoint's log group `/aws/sagemaker/Endpoints/<name>`, encrypted with the key. */
  readonly logGroup: logs.LogGroup;
  /** Undefined for serverless endpoints and for `privateNetwork: false`. */
  readonly vpc?: ec2.IVpc;
  /** The model's security group (no ingress). Undefined without a VPC. */
  readonly securityGroup?: ec2.ISecurityGroup;
  /** The interface and gateway endpoints, when the construct added them. */
  readonly privateApiPath?: PrivateApiPath;
  /** Receives the artifact bucket's server access logs and the VPC flow logs, when the construct created either. */
  readonly accessLogBucket?: s3.IBucket;
  readonly scalableTarget?: appscaling.CfnScalableTarget;
  readonly monitoringSchedule?: sagemaker.CfnMonitoringSchedule;
  /** What the settings resolved to (after defaults, before AWS). */
  readonly settings: ResolvedSettings;

  private accessLogs?: s3.Bucket;
  private readonly givenAccessLogBucket?: s3.IBucket;

  constructor(scope: Construct, id: string, props: SecureSageMakerEndpointProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const arnContext: ArnContext = { partition: stack.partition, region: stack.region, account: stack.account };
    this.settings = resolveSettings(props, this.node.path, stack.region);
    const compute = this.settings.compute;
    const instance: InstanceSettings | null = compute.kind === 'instance' ? compute : null;
    this.refuseOverridesOfBroughtResources(props);
    this.givenAccessLogBucket = props.accessLogBucket;
    const weakenings: Weakening[] = [...this.settings.weakenings];

    this.endpointName = props.endpointName ?? Names.uniqueResourceName(this, { maxLength: 63, separator: '-' });
    const endpointArn = `arn:${arnContext.partition}:sagemaker:${arnContext.region}:${arnContext.account}:endpoint/${this.endpointName.toLowerCase()}`;

    // --- key, bucket, repository: created with the secure defaults, or brought (and then unverifiable) ---------
    if (props.encryptionKey && props.keyAdministratorArn) {
      throw new SecureEndpointConfigurationError(
        this.node.path,
        'both `encryptionKey` and `keyAdministratorArn` were given; the administrator only shapes the policy of a key the construct creates.',
        'Remove keyAdministratorArn (and name the administrator in your key\'s policy), or remove encryptionKey.',
      );
    }
    this.key = props.encryptionKey ?? createEncryptionKey(this, 'Key', props.keyProps, props.keyAdministratorArn);
    if (props.encryptionKey && !isProvisionedWithSecureDefaults(props.encryptionKey)) weakenings.push(...unverifiedKey());

    this.bucket =
      props.bucket ??
      createArtifactBucket(this, 'ArtifactBucket', {
        key: this.key,
        accessLogBucket: props.bucketProps?.serverAccessLogsBucket ?? this.accessLogBucketFor(),
        bucketProps: props.bucketProps,
      });
    if (props.bucket && !isProvisionedWithSecureDefaults(props.bucket)) weakenings.push(...unverifiedBucket());

    this.repository = props.repository ?? createModelRepository(this, 'Repository', this.key, props.repositoryProps);
    if (props.repository && !isProvisionedWithSecureDefaults(props.repository)) weakenings.push(...unverifiedRepository());
    weakenings.push(...this.repositoryPlacement(this.repository, stack));

    // --- network (real-time only) ------------------------------------------------------------------------------
    let network: NetworkScope | undefined;
    if (instance?.privateNetwork) {
      const vpc = props.vpc ?? createIsolatedVpc(this, 'Vpc', this.accessLogBucketFor(), props.vpcProps);
      const subnetSelection = props.vpcSubnets ?? defaultModelSubnets(vpc);
      const selected = vpc.selectSubnets(subnetSelection);
      if (selected.subnets.some((subnet) => vpc.publicSubnets.includes(subnet))) {
        weakenings.push({
          control: 'model-private-network',
          problem: 'vpcSubnets selects public subnets (with a route to an internet gateway) for the model ENIs.',
          fix: 'Select isolated or private subnets (the default picks the isolated ones).',
        });
      }
      const securityGroup = createModelSecurityGroup(this, 'ModelSecurityGroup', vpc);
      this.vpc = vpc;
      this.securityGroup = securityGroup;
      network = { vpcId: vpc.vpcId, subnetIds: selected.subnetIds, securityGroupIds: [securityGroup.securityGroupId] };
      if (instance.addVpcEndpoints) {
        const analyzer = instance.monitoring?.analyzerRepository;
        this.privateApiPath = addPrivateApiPath(this, {
          services: instance.interfaceEndpoints,
          vpc,
          subnets: subnetSelection,
          modelSecurityGroup: securityGroup,
          clientSecurityGroups: props.allowedClientSecurityGroups ?? [],
          policies: endpointPolicyStatements({
            ...arnContext,
            endpointArn,
            bucketArn: this.bucket.bucketArn,
            repositoryArns: [
              this.repository.repositoryArn,
              ...(analyzer ? [`arn:${analyzer.partition}:ecr:${analyzer.region}:${analyzer.account}:repository/${analyzer.name}`] : []),
            ],
          }),
        });
      }
    }
    this.accessLogBucket = this.accessLogs ?? (this.bucketOrVpcCreated(props) ? props.accessLogBucket : undefined);

    // --- logs ---------------------------------------------------------------------------------------------------
    // Created before the endpoint so SageMaker writes into this encrypted, retained group instead of making its own.
    const logGroupName = `/aws/sagemaker/Endpoints/${this.endpointName}`;
    // Its name is SageMaker's (fixed by the endpoint name): RetainExceptOnCreate, so a failed first create leaves no
    // orphan that makes the retry fail with "already exists".
    this.logGroup = new logs.LogGroup(this, 'EndpointLogs', {
      logGroupName,
      encryptionKey: this.key,
      retention: props.logRetention ?? defaultEndpointSettings().logRetention,
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
    });

    // --- identity -----------------------------------------------------------------------------------------------
    const capturePrefix = `${CAPTURE_PREFIX}/${this.endpointName}/`;
    const keyArns = [this.key.keyArn, ...(this.bucket.encryptionKey && this.bucket.encryptionKey !== this.key ? [this.bucket.encryptionKey.keyArn] : [])];
    let rolePolicy: iam.ManagedPolicy | undefined;
    if (props.role) {
      this.role = props.role;
      weakenings.push({
        control: 'identity-least-privilege',
        problem: 'a `role` was given: the construct cannot verify that it is limited to this model (S3 prefix, key, repository, log group), nor does it add permissions to it.',
        fix: 'Let the construct create the execution role, or make sure yours grants only what README.md lists (no wildcard actions, resources scoped to ARNs).',
      });
    } else {
      const created = createServiceRole(
        this,
        'ExecutionRole',
        `inferguard execution role of SageMaker endpoint ${this.endpointName}`,
        combinePolicies(
          artifactStatements(this.bucket.bucketArn, this.settings.modelData, instance?.dataCapture ? capturePrefix : undefined),
          // Captured data is written with the key; a serverless endpoint's stored image is encrypted through a grant
          // (SageMaker developer guide, "CreateEndpointConfig": KmsKeyId with serverless; KMS "kms:GrantIsForAWSResource").
          keyStatements(keyArns, { writes: Boolean(instance?.dataCapture), grantsForAwsResources: compute.kind === 'serverless' }),
          ecrPullStatements([this.repository.repositoryArn]),
          logStatements(`arn:${arnContext.partition}:logs:${arnContext.region}:${arnContext.account}:log-group:${logGroupName}`),
          metricStatements(ENDPOINT_METRIC_NAMESPACE),
          ...(network ? [networkStatements()] : []),
        ),
        arnContext,
      );
      this.role = created.role;
      rolePolicy = created.policy;
    }

    // --- model, endpoint config, endpoint ---------------------------------------------------------------------
    const modelDataUri = `s3://${this.bucket.bucketName}/${this.settings.modelData.key}`;
    this.model = new sagemaker.CfnModel(this, 'Model', {
      executionRoleArn: this.role.roleArn,
      primaryContainer: {
        // image-private-registry + image-pinned-by-digest: the private ECR repository, by digest.
        image: `${this.repository.env.account}.dkr.ecr.${this.repository.env.region}.${stack.urlSuffix}/${this.repository.repositoryName}@${this.settings.imageDigest}`,
        ...(this.settings.modelData.kind === 'object'
          ? { modelDataUrl: modelDataUri }
          : { modelDataSource: { s3DataSource: { s3Uri: modelDataUri, s3DataType: 'S3Prefix', compressionType: 'None' } } }),
        ...(props.environment ? { environment: { ...props.environment } } : {}),
      },
      // Serverless supports neither (SageMaker rejects them): both are left out, see README.md.
      ...(instance ? { enableNetworkIsolation: instance.networkIsolation } : {}),
      ...(network ? { vpcConfig: { subnets: [...network.subnetIds], securityGroupIds: [...network.securityGroupIds] } } : {}),
    });
    if (rolePolicy) this.model.node.addDependency(rolePolicy);

    this.endpointConfig = new sagemaker.CfnEndpointConfig(this, 'EndpointConfig', {
      productionVariants: [productionVariant(compute, this.model.attrModelName)],
      // endpoint-storage-customer-key (omitted for NVMe instance types, which cannot take one).
      ...(compute.volumeKey ? { kmsKeyId: this.key.keyArn } : {}),
      // data-capture-customer-key: captured requests are always written with the customer key.
      ...(instance?.dataCapture ? { dataCaptureConfig: dataCaptureConfig(instance.dataCapture, `s3://${this.bucket.bucketName}/${CAPTURE_PREFIX}`, this.key.keyArn) } : {}),
    });

    this.endpoint = new sagemaker.CfnEndpoint(this, 'Endpoint', {
      endpointName: this.endpointName,
      endpointConfigName: this.endpointConfig.attrEndpointConfigName,
      // An update (a new endpoint config) keeps the instance counts auto scaling set, instead of resetting them to
      // the config's initial count (CloudFormation AWS::SageMaker::Endpoint RetainAllVariantProperties).
      ...(instance ? { retainAllVariantProperties: true } : {}),
    });
    this.endpoint.node.addDependency(this.logGroup);
    if (rolePolicy) this.endpoint.node.addDependency(rolePolicy);

    // --- scaling and monitoring (real-time only) ------------------------------------------------------------------
    if (instance?.autoScaling) this.scalableTarget = this.addAutoScaling(instance);
    if (instance?.monitoring) {
      const monitoring = createDataQualityMonitoring(this, {
        settings: instance.monitoring,
        arnContext,
        endpointName: this.endpointName,
        bucket: this.bucket,
        key: this.key,
        capturePrefix,
        outputPrefix: `${MONITORING_PREFIX}/${this.endpointName}/`,
        network,
      });
      monitoring.jobDefinition.node.addDependency(this.endpoint);
      monitoring.schedule.node.addDependency(this.endpoint);
      this.monitoringSchedule = monitoring.schedule;
    }

    emitWeakenings(this, weakenings);
  }

  /** endpoint-multiple-instances holds after scale-in: the minimum capacity is the instance count. */
  private addAutoScaling(instance: InstanceSettings): appscaling.CfnScalableTarget {
    const scaling = instance.autoScaling!;
    // No RoleARN: Application Auto Scaling uses its service-linked role for SageMaker (created on first use).
    const target = new appscaling.CfnScalableTarget(this, 'ScalableTarget', {
      serviceNamespace: 'sagemaker',
      scalableDimension: 'sagemaker:variant:DesiredInstanceCount',
      resourceId: `endpoint/${this.endpointName}/variant/${VARIANT_NAME}`,
      minCapacity: instance.instanceCount,
      maxCapacity: scaling.maxInstanceCount,
    });
    target.node.addDependency(this.endpoint);
    new appscaling.CfnScalingPolicy(this, 'InvocationsScalingPolicy', {
      policyName: `${this.endpointName}-invocations-per-instance`,
      policyType: 'TargetTrackingScaling',
      scalingTargetId: target.ref,
      targetTrackingScalingPolicyConfiguration: {
        targetValue: scaling.invocationsPerInstance,
        predefinedMetricSpecification: { predefinedMetricType: 'SageMakerVariantInvocationsPerInstance' },
        scaleInCooldown: 300,
        scaleOutCooldown: 60,
      },
    });
    return target;
  }

  /** The access-log bucket: the one given, or one created on first need (an artifact bucket or a VPC made here). */
  private accessLogBucketFor(): s3.IBucket {
    if (this.givenAccessLogBucket) return this.givenAccessLogBucket;
    this.accessLogs ??= createAccessLogBucket(this, 'AccessLogs');
    return this.accessLogs;
  }

  private bucketOrVpcCreated(props: SecureSageMakerEndpointProps): boolean {
    return !props.bucket || (this.settings.compute.kind === 'instance' && this.settings.compute.privateNetwork && !props.vpc);
  }

  /** Override props for a resource the user brings would be silently ignored: refuse them. */
  private refuseOverridesOfBroughtResources(props: SecureSageMakerEndpointProps): void {
    const pairs: [string, unknown, string, unknown][] = [
      ['encryptionKey', props.encryptionKey, 'keyProps', props.keyProps],
      ['bucket', props.bucket, 'bucketProps', props.bucketProps],
      ['repository', props.repository, 'repositoryProps', props.repositoryProps],
      ['vpc', props.vpc, 'vpcProps', props.vpcProps],
    ];
    for (const [resource, given, overrides, overridden] of pairs) {
      if (given !== undefined && overridden !== undefined) {
        throw new SecureEndpointConfigurationError(
          this.node.path,
          `both \`${resource}\` and \`${overrides}\` were given; ${overrides} only shapes a ${resource} the construct creates, so it would be ignored.`,
          `Remove ${overrides}, or remove ${resource} to let the construct create it.`,
        );
      }
    }
  }

  /** SageMaker pulls only from ECR in the endpoint's region; a registry in another account is not the endpoint's own. */
  private repositoryPlacement(repository: ecr.IRepository, stack: Stack): Weakening[] {
    const { account, region } = repository.env;
    if (!Token.isUnresolved(region) && !Token.isUnresolved(stack.region) && region !== stack.region) {
      throw new SecureEndpointConfigurationError(
        this.node.path,
        `the repository is in ${region} but the endpoint is in ${stack.region}; SageMaker pulls images only from ECR in the endpoint's region.`,
        `Replicate the repository to ${stack.region} (ECR replication) and pass the replica.`,
      );
    }
    if (!Token.isUnresolved(account) && !Token.isUnresolved(stack.account) && account !== stack.account) {
      return [
        {
          control: 'image-private-registry',
          problem: `the repository belongs to account ${account}, not the endpoint's account ${stack.account}: whoever controls that registry controls the code that runs next to your model.`,
          fix: "Copy the image into a repository in this account (ECR replication or docker push), or list that account in the baseline's image-private-registry trustedAccounts.",
        },
      ];
    }
    return [];
  }
}

function productionVariant(compute: InstanceSettings | ServerlessSettings, modelName: string): sagemaker.CfnEndpointConfig.ProductionVariantProperty {
  if (compute.kind === 'instance') {
    return { variantName: VARIANT_NAME, modelName, initialVariantWeight: 1, instanceType: compute.instanceType, initialInstanceCount: compute.instanceCount };
  }
  const { memorySizeInMb, maxConcurrency, provisionedConcurrency } = compute;
  return {
    variantName: VARIANT_NAME,
    modelName,
    serverlessConfig: { memorySizeInMb, maxConcurrency, ...(provisionedConcurrency !== undefined ? { provisionedConcurrency } : {}) },
  };
}

function dataCaptureConfig(capture: ResolvedDataCapture, destinationS3Uri: string, kmsKeyId: string): sagemaker.CfnEndpointConfig.DataCaptureConfigProperty {
  const { csvContentTypes, jsonContentTypes } = capture;
  const header = {
    ...(csvContentTypes.length > 0 ? { csvContentTypes: [...csvContentTypes] } : {}),
    ...(jsonContentTypes.length > 0 ? { jsonContentTypes: [...jsonContentTypes] } : {}),
  };
  return {
    enableCapture: true,
    initialSamplingPercentage: capture.samplingPercentage,
    destinationS3Uri,
    kmsKeyId,
    captureOptions: [{ captureMode: 'Input' }, { captureMode: 'Output' }],
    ...(Object.keys(header).length > 0 ? { captureContentTypeHeader: header } : {}),
  };
}

/**
 * Warnings for a resource the user brought instead of letting the construct create it: what the
 * construct's factory guarantees cannot be verified at synth time.
 */
function unverified(prop: string, noun: string, factory: string, checks: readonly (readonly [ControlId, string])[]): Weakening[] {
  const fix = `Let the construct create the ${noun}, create it with ${factory}(), or verify it yourself and acknowledge this warning.`;
  return checks.map(([control, what]) => ({
    control,
    problem: `a \`${prop}\` created outside inferguard was given: ${what} cannot be verified at synth time.`,
    fix,
  }));
}

const unverifiedKey = (): Weakening[] =>
  unverified('encryptionKey', 'key', 'createEncryptionKey', [
    ['key-rotation-enabled', 'its rotation'],
    ['key-not-public', 'its key policy'],
  ]);

const unverifiedBucket = (): Weakening[] =>
  unverified('bucket', 'bucket', 'createArtifactBucket', [
    ['artifact-store-private', 'its public access block and policy'],
    ['artifact-store-tls-only', 'its TLS-only policy'],
    ['artifact-store-customer-key', 'its default encryption'],
  ]);

const unverifiedRepository = (): Weakening[] =>
  unverified('repository', 'repository', 'createModelRepository', [
    ['image-repository-scan-on-push', 'scan on push'],
    ['image-repository-immutable-tags', 'tag immutability'],
    ['image-repository-not-public', 'its repository policy'],
  ]);
