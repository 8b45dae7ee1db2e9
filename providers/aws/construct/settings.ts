// Resolves SecureSageMakerEndpoint props into settings: secure defaults under the user's values, the
// weakenings those values cause, and a synth error for every combination AWS would reject.
// Pure: no constructs are created here.
import { Token, type Duration } from 'aws-cdk-lib';
import { LOCAL_STORAGE_KMS_QUOTE, SERVERLESS_UNSUPPORTED_FEATURES_QUOTE, hasLocalInstanceStorage, parsePrivateEcrImage } from '../platform';
import { defaultEndpointSettings, modelMonitorAnalyzerImage, MODEL_MONITOR_ANALYZER_ACCOUNTS, MONITORING_INTERFACE_ENDPOINTS, REQUIRED_INTERFACE_ENDPOINTS, type OptionalInterfaceEndpoint } from './defaults';
import { SecureEndpointConfigurationError } from './errors';
import type { DataQualityMonitoringOptions, SecureSageMakerEndpointProps, ServerlessOptions } from './props';
import type { Weakening } from './weakening';

/**
 * Serverless Inference limits (SageMaker developer guide, serverless endpoints; ServerlessConfig API):
 * memory in 1 GB steps from 1024 to 6144 MB, concurrency 1-200 per endpoint. providers/aws/platform.ts
 * holds no numeric serverless limits yet; move these there if it grows them.
 */
export const SERVERLESS_MEMORY_SIZES_MB: readonly number[] = [1024, 2048, 3072, 4096, 5120, 6144];
export const SERVERLESS_MAX_CONCURRENCY = 200;

const IMAGE_DIGEST = /^sha256:[a-f0-9]{64}$/;
/** SageMaker endpoint names: `^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}`. */
const ENDPOINT_NAME = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;

export interface ResolvedDataCapture {
  readonly samplingPercentage: number;
  readonly csvContentTypes: readonly string[];
  readonly jsonContentTypes: readonly string[];
}

export interface ResolvedMonitoring {
  readonly analyzerImageUri: string;
  /** The analyzer image's repository (an AWS-owned account), for the monitoring role's pull permission. */
  readonly analyzerRepository: { readonly account: string; readonly region: string; readonly partition: string; readonly name: string };
  /** The baseline job's outputs in the artifact bucket; null: statistics only, no constraint checks. */
  readonly baseline: { readonly statisticsKey: string; readonly constraintsKey: string } | null;
  readonly scheduleExpression: string;
  readonly instanceType: string;
  /** False for NVMe processing instances, which cannot take a volume key. */
  readonly volumeKey: boolean;
  readonly maxRuntime: Duration;
}

export interface InstanceSettings {
  readonly kind: 'instance';
  readonly instanceType: string;
  readonly instanceCount: number;
  readonly networkIsolation: boolean;
  readonly privateNetwork: boolean;
  readonly addVpcEndpoints: boolean;
  /** The interface endpoints to add to the VPC (empty when addVpcEndpoints is off). */
  readonly interfaceEndpoints: readonly ('sagemaker.api' | 'sagemaker.runtime' | OptionalInterfaceEndpoint)[];
  /** KmsKeyId on the endpoint config: false for NVMe instance types (unsupported) or when turned off. */
  readonly volumeKey: boolean;
  readonly dataCapture: ResolvedDataCapture | null;
  readonly autoScaling: { readonly maxInstanceCount: number; readonly invocationsPerInstance: number } | null;
  readonly monitoring: ResolvedMonitoring | null;
}

export interface ServerlessSettings {
  readonly kind: 'serverless';
  readonly memorySizeInMb: number;
  readonly maxConcurrency: number;
  readonly provisionedConcurrency?: number;
  readonly volumeKey: boolean;
}

export interface ModelData {
  readonly key: string;
  /** `object`: a compressed model.tar.gz; `prefix`: uncompressed files under a key prefix. */
  readonly kind: 'object' | 'prefix';
}

export interface ResolvedSettings {
  readonly compute: InstanceSettings | ServerlessSettings;
  readonly imageDigest: string;
  readonly modelData: ModelData;
  readonly weakenings: readonly Weakening[];
}

/** `region`: the stack's region (a token for environment-agnostic stacks). */
export function resolveSettings(props: SecureSageMakerEndpointProps, constructPath: string, region: string): ResolvedSettings {
  const refuse = (problem: string, fix: string): never => {
    throw new SecureEndpointConfigurationError(constructPath, problem, fix);
  };
  const imageDigest = resolveImageDigest(props.imageDigest, refuse);
  const modelData = resolveModelData(props.modelDataKey, refuse);
  if (props.endpointName !== undefined && !Token.isUnresolved(props.endpointName) && !ENDPOINT_NAME.test(props.endpointName)) {
    refuse(
      `endpointName "${props.endpointName}" is not a valid SageMaker endpoint name.`,
      'Use 1-63 letters, digits and hyphens, starting and ending with a letter or digit.',
    );
  }
  const { compute, weakenings } = props.serverless ? resolveServerless(props, props.serverless, refuse) : resolveInstance(props, refuse, region);
  return { compute, imageDigest, modelData, weakenings };
}

type Refuse = (problem: string, fix: string) => never;

function resolveImageDigest(digest: string, refuse: Refuse): string {
  if (Token.isUnresolved(digest)) {
    refuse(
      'imageDigest is an unresolved token, so inferguard cannot check at synth time that the image is pinned by digest.',
      'Pass the digest as a literal string `sha256:<64 hex digits>`.',
    );
  }
  if (IMAGE_DIGEST.test(digest)) return digest;
  const findIt =
    "Find the digest with `docker inspect --format '{{index .RepoDigests 0}}' <image>` or " +
    '`aws ecr describe-images --repository-name <repo> --image-ids imageTag=<tag> --query "imageDetails[0].imageDigest"`, ' +
    'and pass it as imageDigest: "sha256:<64 hex digits>".';
  if (!digest.startsWith('sha256:')) {
    refuse(
      `imageDigest "${digest}" is a tag, not a digest: a tag can be moved to another image after deployment, so the endpoint would not run the image that was reviewed and scanned (image-pinned-by-digest).`,
      findIt,
    );
  }
  return refuse(`imageDigest "${digest}" is not a sha256 digest (expected "sha256:" and 64 lowercase hex digits).`, findIt);
}

function resolveModelData(key: string, refuse: Refuse): ModelData {
  if (key.startsWith('s3://')) {
    refuse(
      `modelDataKey "${key}" is an S3 URI; the construct needs the key inside the artifact bucket so it can scope the execution role to it.`,
      'Pass the bucket as `bucket` and only the key (e.g. "models/churn/model.tar.gz") as modelDataKey.',
    );
  }
  if (key.length === 0 || key.startsWith('/') || key.includes('*')) {
    refuse(`modelDataKey "${key}" is not a usable S3 key.`, 'Give a key such as "models/churn/model.tar.gz", or a prefix ending in "/" for uncompressed model files.');
  }
  return { key, kind: key.endsWith('/') ? 'prefix' : 'object' };
}

function resolveServerless(props: SecureSageMakerEndpointProps, serverless: ServerlessOptions, refuse: Refuse): { compute: ServerlessSettings; weakenings: Weakening[] } {
  const unsupported = (what: string, instead: string): never =>
    refuse(
      `${what} was asked for together with serverless, but SageMaker Serverless Inference does not support it (developer guide: serverless endpoints do not support "${SERVERLESS_UNSUPPORTED_FEATURES_QUOTE}").`,
      instead,
    );
  const realTimeInstead = 'Remove `serverless` to get a real-time endpoint that has it, or remove the option.';
  if (props.vpc || props.vpcProps || props.vpcSubnets || props.privateNetwork === true || props.addVpcEndpoints !== undefined || props.allowedClientSecurityGroups) {
    unsupported('A VPC (vpc, vpcProps, vpcSubnets, privateNetwork, addVpcEndpoints or allowedClientSecurityGroups)', realTimeInstead);
  }
  if (props.networkIsolation === true) unsupported('networkIsolation', realTimeInstead);
  if (props.dataCapture) unsupported('dataCapture', `${realTimeInstead} (set dataCapture: false, or leave it unset, for serverless).`);
  if (props.monitoring) unsupported('monitoring (Model Monitor)', realTimeInstead);
  if (props.additionalInterfaceEndpoints) unsupported('additionalInterfaceEndpoints (a VPC)', realTimeInstead);
  if (props.instanceType !== undefined || props.instanceCount !== undefined || props.autoScaling !== undefined) {
    refuse(
      'instanceType, instanceCount or autoScaling was given together with serverless; serverless endpoints have no instances (SageMaker scales them up to maxConcurrency).',
      'Size a serverless endpoint with serverless.memorySizeInMb and serverless.maxConcurrency, or remove `serverless` for instances.',
    );
  }
  const { memorySizeInMb, maxConcurrency, provisionedConcurrency } = serverless;
  if (!SERVERLESS_MEMORY_SIZES_MB.includes(memorySizeInMb)) {
    refuse(`serverless.memorySizeInMb ${memorySizeInMb} is not a size Serverless Inference offers.`, `Use one of ${SERVERLESS_MEMORY_SIZES_MB.join(', ')}.`);
  }
  if (!Number.isInteger(maxConcurrency) || maxConcurrency < 1 || maxConcurrency > SERVERLESS_MAX_CONCURRENCY) {
    refuse(`serverless.maxConcurrency ${maxConcurrency} is out of range.`, `Use a whole number from 1 to ${SERVERLESS_MAX_CONCURRENCY}.`);
  }
  if (provisionedConcurrency !== undefined && (!Number.isInteger(provisionedConcurrency) || provisionedConcurrency < 1 || provisionedConcurrency > maxConcurrency)) {
    refuse(`serverless.provisionedConcurrency ${provisionedConcurrency} must be a whole number from 1 to maxConcurrency (${maxConcurrency}).`, 'Lower it, or raise maxConcurrency.');
  }
  const volumeKey = props.volumeEncryption ?? defaultEndpointSettings().volumeEncryption;
  const weakenings: Weakening[] = volumeKey ? [] : [volumeKeyOff()];
  return {
    compute: { kind: 'serverless', memorySizeInMb, maxConcurrency, ...(provisionedConcurrency !== undefined ? { provisionedConcurrency } : {}), volumeKey },
    weakenings,
  };
}

function resolveInstance(props: SecureSageMakerEndpointProps, refuse: Refuse, region: string): { compute: InstanceSettings; weakenings: Weakening[] } {
  const defaults = defaultEndpointSettings();
  const instanceType = props.instanceType ?? defaults.instanceType;
  const instanceCount = props.instanceCount ?? defaults.instanceCount;
  const networkIsolation = props.networkIsolation ?? defaults.networkIsolation;
  const privateNetwork = props.privateNetwork ?? defaults.privateNetwork;
  const addVpcEndpoints = privateNetwork && (props.addVpcEndpoints ?? defaults.addVpcEndpoints);
  const weakenings: Weakening[] = [];

  if (!/^ml\.[a-z0-9-]+\.[a-z0-9]+$/.test(instanceType)) {
    refuse(`instanceType "${instanceType}" is not a SageMaker hosting instance type.`, 'Use a type such as "ml.m5.xlarge" or "ml.g5.2xlarge".');
  }
  if (!Number.isInteger(instanceCount) || instanceCount < 1) {
    refuse(`instanceCount ${instanceCount} must be a whole number of at least 1.`, 'Use 2 or more (the default) so one instance can fail without an outage.');
  }
  if (!privateNetwork && (props.vpc || props.vpcProps || props.vpcSubnets || props.addVpcEndpoints === true || props.allowedClientSecurityGroups)) {
    refuse(
      'privateNetwork is false, but a VPC option (vpc, vpcProps, vpcSubnets, addVpcEndpoints or allowedClientSecurityGroups) was given too.',
      'Remove privateNetwork: false to attach the model to that VPC, or remove the VPC options.',
    );
  }

  // endpoint-storage-customer-key: NVMe instance storage cannot take a KmsKeyId (CreateEndpointConfig rejects it).
  const localStorage = hasLocalInstanceStorage(instanceType);
  if (localStorage && props.volumeEncryption === true) {
    refuse(
      `volumeEncryption was asked for on ${instanceType}, whose storage is NVMe instance storage: "${LOCAL_STORAGE_KMS_QUOTE}" (CreateEndpointConfig API reference), so the deployment would fail.`,
      'Remove volumeEncryption (the local NVMe volumes are encrypted by a hardware module on the instance; the baseline treats the control as not applicable), or choose an EBS-backed instance type such as ml.m5, ml.c5, ml.r5 or ml.g4 (not g4dn).',
    );
  }
  const volumeKey = !localStorage && (props.volumeEncryption ?? defaults.volumeEncryption);
  if (!localStorage && !volumeKey) weakenings.push(volumeKeyOff());

  if (!networkIsolation) {
    weakenings.push({
      control: 'model-network-isolation',
      problem: 'networkIsolation is false: the model container can make outbound network calls, so a compromised or malicious model can exfiltrate data or fetch code.',
      fix: 'Leave networkIsolation at its default (true); give the container what it needs in the model data or image instead of fetching it at run time.',
    });
  }
  if (!privateNetwork) {
    weakenings.push({
      control: 'model-private-network',
      problem: 'privateNetwork is false: the model is not attached to a VPC, so its traffic to S3 and other services is not under your routing and security groups.',
      fix: 'Leave privateNetwork at its default (true), optionally with your own `vpc`.',
    });
  }
  if (!addVpcEndpoints) {
    weakenings.push({
      control: 'endpoint-private-api-path',
      problem: privateNetwork
        ? 'addVpcEndpoints is false: the construct adds no sagemaker.api / sagemaker.runtime interface endpoints, so it cannot show that calls to the endpoint stay inside the network.'
        : 'privateNetwork is false, so no interface endpoints for sagemaker.api / sagemaker.runtime are created: calls to the endpoint go over public AWS endpoints.',
      fix: privateNetwork
        ? 'Leave addVpcEndpoints on, or make sure the VPC already has available interface endpoints with private DNS for sagemaker.api and sagemaker.runtime.'
        : 'Leave privateNetwork at its default (true).',
    });
  }
  if (instanceCount < 2) {
    weakenings.push({
      control: 'endpoint-multiple-instances',
      problem: `instanceCount is ${instanceCount}: one instance is a single point of failure (an instance or AZ failure, or a patch, takes the endpoint down).`,
      fix: 'Use instanceCount: 2 or more (the default is 2); auto scaling keeps that as its minimum.',
    });
  }

  const dataCapture: ResolvedDataCapture | null =
    props.dataCapture === false
      ? null
      : {
          samplingPercentage: props.dataCapture?.samplingPercentage ?? defaults.dataCaptureSamplingPercentage,
          csvContentTypes: props.dataCapture?.csvContentTypes ?? [],
          jsonContentTypes: props.dataCapture?.jsonContentTypes ?? [],
        };
  if (dataCapture && (!Number.isInteger(dataCapture.samplingPercentage) || dataCapture.samplingPercentage < 1 || dataCapture.samplingPercentage > 100)) {
    refuse(`dataCapture.samplingPercentage ${dataCapture.samplingPercentage} must be a whole number from 1 to 100.`, 'Use e.g. 20 (the default), or set dataCapture: false.');
  }

  if (props.monitoring && !dataCapture) {
    refuse('monitoring was asked for with dataCapture: false, but Model Monitor analyses the captured requests.', 'Remove dataCapture: false (capture is on by default), or remove monitoring.');
  }
  // On by default wherever requests are captured; `monitoring: false` (or no capture) turns it off, with a warning.
  const monitoring = props.monitoring === false || !dataCapture ? null : resolveMonitoring(props.monitoring ?? {}, refuse, region);
  if (!monitoring) {
    weakenings.push({
      control: 'model-monitoring-scheduled',
      problem: `${props.monitoring === false ? 'monitoring is false' : 'dataCapture is false, so there is nothing to monitor'}: nothing watches the endpoint for data drift or manipulated inputs.`,
      fix: 'Remove monitoring: false and dataCapture: false (both are on by default); add baselineStatisticsKey and baselineConstraintsKey to check the traffic against a baseline.',
    });
  }
  const interfaceEndpoints = addVpcEndpoints
    ? [...new Set([...REQUIRED_INTERFACE_ENDPOINTS, ...(monitoring ? MONITORING_INTERFACE_ENDPOINTS : []), ...(props.additionalInterfaceEndpoints ?? [])])]
    : [];
  if (!addVpcEndpoints && props.additionalInterfaceEndpoints?.length) {
    refuse('additionalInterfaceEndpoints was given with addVpcEndpoints: false (or privateNetwork: false).', 'Remove additionalInterfaceEndpoints, or let the construct add endpoints.');
  }

  let autoScaling: InstanceSettings['autoScaling'] = null;
  if (props.autoScaling !== false) {
    const maxInstanceCount = props.autoScaling?.maxInstanceCount ?? defaults.autoScalingMaxInstanceCount(instanceCount);
    const invocationsPerInstance = props.autoScaling?.invocationsPerInstance ?? defaults.invocationsPerInstance;
    if (!Number.isInteger(maxInstanceCount) || maxInstanceCount < instanceCount) {
      refuse(
        `autoScaling.maxInstanceCount ${maxInstanceCount} is below instanceCount ${instanceCount}; the scaling minimum is the instance count.`,
        'Raise maxInstanceCount to at least instanceCount, or set autoScaling: false.',
      );
    }
    if (!(invocationsPerInstance > 0)) refuse(`autoScaling.invocationsPerInstance ${invocationsPerInstance} must be positive.`, 'Use e.g. 100 (the default).');
    autoScaling = { maxInstanceCount, invocationsPerInstance };
  }

  return {
    compute: {
      kind: 'instance',
      instanceType,
      instanceCount,
      networkIsolation,
      privateNetwork,
      addVpcEndpoints,
      interfaceEndpoints,
      volumeKey,
      dataCapture,
      autoScaling,
      monitoring,
    },
    weakenings,
  };
}

function defaultAnalyzerImage(region: string, refuse: Refuse): string {
  if (Token.isUnresolved(region)) {
    return refuse(
      'monitoring is on by default, but the stack has no concrete region, so the Model Monitor analyzer image (one registry per region) cannot be chosen.',
      'Give the stack an env with a region, pass monitoring.analyzerImageUri (`sagemaker.image_uris.retrieve("model-monitor", region)`), or set monitoring: false.',
    );
  }
  return (
    modelMonitorAnalyzerImage(region) ??
    refuse(
      `monitoring is on by default, but inferguard does not know the Model Monitor analyzer image of ${region} (it knows ${Object.keys(MODEL_MONITOR_ANALYZER_ACCOUNTS).length} regions).`,
      'Pass monitoring.analyzerImageUri: `sagemaker.image_uris.retrieve("model-monitor", region)`, or set monitoring: false.',
    )
  );
}

function resolveMonitoring(options: DataQualityMonitoringOptions, refuse: Refuse, region: string): ResolvedMonitoring {
  const defaults = defaultEndpointSettings();
  const analyzerImageUri = options.analyzerImageUri ?? defaultAnalyzerImage(region, refuse);
  const image =
    parsePrivateEcrImage(analyzerImageUri) ??
    refuse(
      `monitoring.analyzerImageUri "${analyzerImageUri}" is not a private ECR image URI.`,
      'Use the Model Monitor analyzer image for the region: `sagemaker.image_uris.retrieve("model-monitor", region)`, e.g. 156813124566.dkr.ecr.us-east-1.amazonaws.com/sagemaker-model-monitor-analyzer.',
    );
  for (const [name, key] of [
    ['baselineStatisticsKey', options.baselineStatisticsKey],
    ['baselineConstraintsKey', options.baselineConstraintsKey],
  ] as const) {
    if (key !== undefined && (key.length === 0 || key.startsWith('s3://') || key.startsWith('/') || key.endsWith('/'))) {
      refuse(`monitoring.${name} "${key}" must be the key of one object in the artifact bucket.`, 'Give a key such as "baselines/churn/statistics.json".');
    }
  }
  if ((options.baselineStatisticsKey === undefined) !== (options.baselineConstraintsKey === undefined)) {
    refuse('monitoring has only one of baselineStatisticsKey and baselineConstraintsKey; a baseline job writes both.', 'Give both keys (statistics.json and constraints.json), or neither for statistics without constraint checks.');
  }
  const instanceType = options.instanceType ?? defaults.monitoringInstanceType;
  const maxRuntime = options.maxRuntime ?? defaults.monitoringMaxRuntime;
  if (maxRuntime.toSeconds() < 1 || maxRuntime.toSeconds() > 86400) {
    refuse(`monitoring.maxRuntime of ${maxRuntime.toSeconds()} s is out of range.`, 'Use at most 1 hour for an hourly schedule, 24 hours for a daily one.');
  }
  return {
    analyzerImageUri,
    analyzerRepository: { account: image.account, region: image.region, partition: image.partition, name: image.repositoryName },
    baseline:
      options.baselineStatisticsKey !== undefined && options.baselineConstraintsKey !== undefined
        ? { statisticsKey: options.baselineStatisticsKey, constraintsKey: options.baselineConstraintsKey }
        : null,
    scheduleExpression: options.scheduleExpression ?? defaults.monitoringScheduleExpression,
    instanceType,
    volumeKey: !hasLocalInstanceStorage(instanceType),
    maxRuntime,
  };
}

function volumeKeyOff(): Weakening {
  return {
    control: 'endpoint-storage-customer-key',
    problem: 'volumeEncryption is false: the endpoint storage (which holds the model artifacts) is encrypted with an AWS-managed key, outside your key policy and audit trail.',
    fix: 'Leave volumeEncryption at its default (true).',
  };
}
