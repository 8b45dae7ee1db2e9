// Turns what SageMaker said about one endpoint (DescribeEndpoint, DescribeEndpointConfig, DescribeModel,
// ListMonitoringSchedules) into the model's InferenceEndpoint. States facts; judges nothing.
//
// Two steps, so an endpoint's raw descriptions can be dropped as soon as it is read: `endpointDraft`
// builds everything its own descriptions say; `completeEndpoint` adds what region-wide reads say (the
// monitoring schedule listing, and the VPC of its security groups from one DescribeSecurityGroups).
//
// Precedence: an endpoint config may carry VpcConfig, EnableNetworkIsolation and ExecutionRoleArn
// (endpoints built on inference components). When the config sets one, it is the value the endpoint
// runs with; the model's value is kept as second evidence. Otherwise the variant's model decides.
import type { ContainerDefinition, ProductionVariant, VpcConfig } from '@aws-sdk/client-sagemaker';
import {
  evidence,
  known,
  listFact,
  mapFact,
  unknown,
  type DataCapture,
  type Deployment,
  type Evidence,
  type Fact,
  type ImageRef,
  type InferenceEndpoint,
  type ListFact,
  type NetworkAttachment,
} from '../../../policies/model';
import {
  asyncInferenceConfigured,
  dataCaptureEnabled,
  outboundFromIsolation,
  parseArn,
  parseImageUri,
  parseS3Uri,
  partitionOfRegion,
  s3BucketArn,
  sageMakerEndpointAccess,
  variantCompute,
  variantUnsupported,
} from '../platform';
import type { Canonical, Read } from './context';
import type { EndpointConfigDescription, EndpointRecord, ModelDescription, ScheduleState } from './sagemaker';

const ENDPOINT = 'sagemaker:DescribeEndpoint';
const CONFIG = 'sagemaker:DescribeEndpointConfig';
const MODEL = 'sagemaker:DescribeModel';
const SCHEDULES = 'sagemaker:ListMonitoringSchedules';

/** Schedules in these states do not watch the endpoint. */
const INACTIVE_SCHEDULE_STATES = new Set(['Stopped', 'Failed']);

export interface EndpointDependencies {
  /** Resolves a KMS key reference found at `cause` to the key's ARN (reading the key once). */
  resolveKey(reference: string, cause: Evidence): Promise<Fact<string>>;
  /** The audit's shared instances of the facts endpoints commonly state alike. */
  readonly canonical: Canonical;
}

/** Region-wide reads that complete an endpoint's facts. */
export interface RegionReads {
  /** The region's monitoring schedules by endpoint name. */
  readonly schedules: Read<ReadonlyMap<string, readonly ScheduleState[]>>;
  /** The VPC a security group belongs to, when the group was read. */
  vpcOfGroup(groupId: string): string | null;
}

/** A deployment whose network is still the VpcConfig it runs with (VPC id not yet known). */
export type DeploymentDraft = Omit<Deployment, 'network'> & { readonly network: Fact<VpcConfig | null> };

/**
 * An endpoint as its own descriptions state it. It keeps only the values its evidence cites, not the
 * descriptions themselves; `completeEndpoint` turns it into the InferenceEndpoint.
 */
export type EndpointDraft = Omit<InferenceEndpoint, 'deployments' | 'monitoringSchedules'> & { readonly deployments: Fact<readonly DeploymentDraft[]> };

/** Shared resources an endpoint uses, read from its raw descriptions before the facts are built. */
export interface EndpointReferences {
  readonly roleArns: string[];
  readonly bucketNames: string[];
  readonly images: ImageRef[];
  readonly securityGroupIds: string[];
}

type VariantList = 'ProductionVariants' | 'ShadowProductionVariants';

interface VariantContext {
  readonly variant: ProductionVariant;
  /** Field path of the variant in DescribeEndpointConfig, e.g. `ProductionVariants[0]`. */
  readonly path: string;
  readonly config: EndpointConfigDescription;
  /** undefined when the variant names no model (inference-component endpoints). */
  readonly model: Read<ModelDescription> | undefined;
}

function variantsOf(config: EndpointConfigDescription, models: EndpointRecord['models']): VariantContext[] {
  const lists: VariantList[] = ['ProductionVariants', 'ShadowProductionVariants'];
  return lists.flatMap((list) =>
    (config[list] ?? []).map((variant, i) => ({ variant, path: `${list}[${i}]`, config, model: variant.ModelName ? models.get(variant.ModelName) : undefined })),
  );
}

/** An empty `PrimaryContainer: {}` beside `Containers` is absent (emulators answer it for "not set"). */
function containersOf(model: ModelDescription): { container: ContainerDefinition; path: string }[] {
  const primary = model.PrimaryContainer;
  const primaryIsSet = primary !== undefined && !(Object.keys(primary).length === 0 && (model.Containers ?? []).length > 0);
  return [
    ...(primaryIsSet ? [{ container: primary, path: 'PrimaryContainer' }] : []),
    ...(model.Containers ?? []).map((container, i) => ({ container, path: `Containers[${i}]` })),
  ];
}

function modelDataUris(container: ContainerDefinition, path: string): { uri: string; path: string }[] {
  return [
    ...(container.ModelDataUrl ? [{ uri: container.ModelDataUrl, path: `${path}.ModelDataUrl` }] : []),
    ...(container.ModelDataSource?.S3DataSource?.S3Uri ? [{ uri: container.ModelDataSource.S3DataSource.S3Uri, path: `${path}.ModelDataSource.S3DataSource.S3Uri` }] : []),
    ...(container.AdditionalModelDataSources ?? []).flatMap((source, i) =>
      source.S3DataSource?.S3Uri ? [{ uri: source.S3DataSource.S3Uri, path: `${path}.AdditionalModelDataSources[${i}].S3DataSource.S3Uri` }] : [],
    ),
  ];
}

/** The VpcConfig the variant runs with: the endpoint config's when set, else its model's. */
function effectiveVpc(v: VariantContext): VpcConfig | undefined {
  return v.config.VpcConfig ?? (v.model?.status === 'ok' ? v.model.value.VpcConfig : undefined);
}

function effectiveRole(v: VariantContext): string | undefined {
  return v.config.ExecutionRoleArn ?? (v.model?.status === 'ok' ? v.model.value.ExecutionRoleArn : undefined);
}

export function endpointReferences(record: EndpointRecord): EndpointReferences {
  const references: EndpointReferences = { roleArns: [], bucketNames: [], images: [], securityGroupIds: [] };
  if (record.config?.status !== 'ok') return references;
  const config = record.config.value;
  for (const v of variantsOf(config, record.models)) {
    const role = effectiveRole(v);
    if (role) references.roleArns.push(role);
    references.securityGroupIds.push(...(effectiveVpc(v)?.SecurityGroupIds ?? []));
    if (v.model?.status !== 'ok') continue;
    for (const { container, path } of containersOf(v.model.value)) {
      if (container.Image) references.images.push(parseImageUri(container.Image));
      for (const { uri } of modelDataUris(container, path)) {
        const bucket = parseS3Uri(uri)?.bucket;
        if (bucket) references.bucketNames.push(bucket);
      }
    }
  }
  const captureBucket = config.DataCaptureConfig?.DestinationS3Uri ? parseS3Uri(config.DataCaptureConfig.DestinationS3Uri)?.bucket : undefined;
  if (captureBucket) references.bucketNames.push(captureBucket);
  return references;
}

export async function endpointDraft(record: EndpointRecord, deps: EndpointDependencies): Promise<EndpointDraft> {
  const name = record.summary.EndpointName ?? '';
  const id = record.summary.EndpointArn ?? name;
  const arn = parseArn(id);
  const account = arn?.account ?? '';
  const base = {
    kind: 'endpoint' as const,
    id,
    name,
    provider: 'aws' as const,
    region: record.region,
    ...(account ? { account } : {}),
    ...endpointAccess(deps.canonical),
  };

  if (record.endpoint.status !== 'ok' || record.config === null) {
    const why = unknown(failureReason(record.endpoint, 'DescribeEndpoint'), evidence(ENDPOINT, 'EndpointConfigName', null));
    return { ...base, ...(record.summary.EndpointStatus ? { status: record.summary.EndpointStatus } : {}), deployments: why, storageKeyId: why, dataCapture: why, asyncOutput: why };
  }
  const status = record.endpoint.value.EndpointStatus ?? record.summary.EndpointStatus;
  const withStatus = { ...base, ...(status ? { status } : {}) };
  if (record.config.status !== 'ok') {
    const why = unknown(failureReason(record.config, 'DescribeEndpointConfig'), evidence(ENDPOINT, 'EndpointConfigName', record.endpoint.value.EndpointConfigName));
    return { ...withStatus, deployments: why, storageKeyId: why, dataCapture: why, asyncOutput: why };
  }

  const config = record.config.value;
  const where = { region: record.region, account };
  const deployments = variantsOf(config, record.models).map((v) => deploymentOf(v, where, deps.canonical));
  const [storageKeyId, dataCapture, asyncOutput] = await Promise.all([
    optionalKey(config.KmsKeyId, 'KmsKeyId', deps),
    dataCaptureOf(config, record.region, deps),
    asyncOutputOf(config, deps),
  ]);
  return {
    ...withStatus,
    deployments: known(deployments, evidence(CONFIG, 'ProductionVariants', config.ProductionVariants ?? []), ...(config.ShadowProductionVariants ? [evidence(CONFIG, 'ShadowProductionVariants', config.ShadowProductionVariants)] : [])),
    storageKeyId: deps.canonical.of(storageKeyId),
    dataCapture,
    asyncOutput: deps.canonical.of(asyncOutput),
  };
}

/** The access facts every SageMaker endpoint shares, one instance for the audit. */
function endpointAccess(canonical: Canonical): Pick<InferenceEndpoint, 'publicNetworkAccess' | 'callerAuthentication'> {
  const access = sageMakerEndpointAccess();
  return { publicNetworkAccess: canonical.of(access.publicNetworkAccess), callerAuthentication: canonical.of(access.callerAuthentication) };
}

/** The endpoint with what the region-wide reads say: its monitoring schedules and its network's VPC. */
export function completeEndpoint(draft: EndpointDraft, reads: RegionReads, canonical: Canonical): InferenceEndpoint {
  const network = (d: DeploymentDraft) => canonical.of(mapFact(d.network, (vpc) => (vpc ? attachment(vpc, reads) : null)));
  // Spreading keeps the draft's key order; monitoringSchedules comes last, as the model lists it.
  return {
    ...draft,
    deployments: mapFact(draft.deployments, (list) => list.map((d) => ({ ...d, network: network(d) }))),
    monitoringSchedules: monitoringScheduleCount(draft.name, reads.schedules),
  };
}

/** The network a deployment's VpcConfig puts it in: the VPC of the first of its groups that was read. */
function attachment(vpc: VpcConfig, reads: RegionReads): NetworkAttachment {
  const firewallIds = vpc.SecurityGroupIds ?? [];
  const networkId = firewallIds.map((g) => reads.vpcOfGroup(g)).find((id): id is string => id !== null) ?? null;
  return { networkId, subnetIds: vpc.Subnets ?? [], firewallIds };
}

function failureReason(read: Read<unknown>, operation: string): string {
  if (read.status === 'failed') return read.reason;
  if (read.status === 'absent') return `${operation} found nothing (${read.errorCode})`;
  return `${operation} was not read`;
}

/** Compute, limits, instance count, isolation and role repeat across endpoints: they are shared (see Canonical). */
function deploymentOf(v: VariantContext, where: { region: string; account: string }, canonical: Canonical): DeploymentDraft {
  const { variant, path, config, model } = v;
  const compute = variantCompute(variant) ?? { kind: 'instance' as const, instanceType: 'unknown' };
  const modelName = variant.ModelName;
  const modelId =
    model?.status === 'ok' && model.value.ModelArn
      ? model.value.ModelArn
      : modelName
        ? `arn:${partitionOfRegion(where.region)}:sagemaker:${where.region}:${where.account}:model/${modelName.toLowerCase()}`
        : null;
  const networkIsolation = canonical.of(fromConfigOrModel(v, 'EnableNetworkIsolation', config.EnableNetworkIsolation, (m) => m.EnableNetworkIsolation === true, false));
  return {
    name: variant.VariantName ?? path,
    modelId,
    compute: canonical.of(compute),
    unsupported: canonical.of(variantUnsupported(variant)),
    instanceCount: canonical.of(instanceCountOf(variant, path)),
    networkIsolation,
    outbound: canonical.of(outboundFromIsolation(networkIsolation)),
    network: networkOf(v),
    identityId: canonical.of(fromConfigOrModel(v, 'ExecutionRoleArn', config.ExecutionRoleArn, (m) => m.ExecutionRoleArn ?? null, null)),
    images: fromModel(v, (m) => imagesOf(m)),
    artifactStoreIds: fromModel(v, (m) => artifactStoresOf(m, where.region)),
  };
}

function instanceCountOf(variant: ProductionVariant, path: string): Fact<number> {
  if (variant.ServerlessConfig) return known(1, evidence(CONFIG, `${path}.ServerlessConfig`, variant.ServerlessConfig));
  const count = variant.InitialInstanceCount;
  const ev = evidence(CONFIG, `${path}.InitialInstanceCount`, count ?? null);
  return typeof count === 'number' ? known(count, ev) : unknown('the variant states no InitialInstanceCount', ev);
}

/**
 * A setting the endpoint config may carry and the model always does. `whenNeither` is the platform
 * default when the variant has no model and the config is silent — a fail-shaped value (off / none).
 */
function fromConfigOrModel<T>(v: VariantContext, field: 'EnableNetworkIsolation' | 'ExecutionRoleArn', configValue: T | undefined, fromModelValue: (m: ModelDescription) => T, whenNeither: T): Fact<T> {
  const modelEvidence = v.model?.status === 'ok' ? [evidence(MODEL, field, v.model.value[field] ?? null)] : [];
  if (configValue !== undefined) return known(configValue, evidence(CONFIG, field, configValue), ...modelEvidence);
  if (v.model === undefined) return known(whenNeither, evidence(CONFIG, field, null));
  if (v.model.status !== 'ok') return unknown(failureReason(v.model, 'DescribeModel'), evidence(MODEL, field, null));
  return known(fromModelValue(v.model.value), ...modelEvidence);
}

/** The VpcConfig the deployment runs with; `completeEndpoint` makes it a NetworkAttachment. */
function networkOf(v: VariantContext): Fact<VpcConfig | null> {
  const modelEvidence = v.model?.status === 'ok' ? [evidence(MODEL, 'VpcConfig', v.model.value.VpcConfig ?? null)] : [];
  if (v.config.VpcConfig) return known(v.config.VpcConfig, evidence(CONFIG, 'VpcConfig', v.config.VpcConfig), ...modelEvidence);
  if (v.model === undefined) return known(null, evidence(CONFIG, 'VpcConfig', null));
  if (v.model.status !== 'ok') return unknown(failureReason(v.model, 'DescribeModel'), evidence(MODEL, 'VpcConfig', null));
  return known(effectiveVpc(v) ?? null, ...modelEvidence);
}

function fromModel<T>(v: VariantContext, read: (m: ModelDescription) => Fact<T>): Fact<T> {
  if (v.model === undefined) return unknown('the variant names no model (inference components are not read)', evidence(CONFIG, `${v.path}.ModelName`, null));
  if (v.model.status !== 'ok') return unknown(failureReason(v.model, 'DescribeModel'), evidence(MODEL, 'PrimaryContainer', null));
  return read(v.model.value);
}

/** One image per container; a container whose image is not known leaves the others known (a partial list). */
function imagesOf(model: ModelDescription): ListFact<ImageRef> {
  const images: ImageRef[] = [];
  const ev: Evidence[] = [];
  const problems: string[] = [];
  for (const { container, path } of containersOf(model)) {
    if (!container.Image) {
      problems.push(container.ModelPackageName ? `${path} runs model package ${container.ModelPackageName}, whose image is not read` : `${path} names no image`);
      ev.push(evidence(MODEL, `${path}.Image`, null));
      continue;
    }
    images.push(parseImageUri(container.Image));
    ev.push(evidence(MODEL, `${path}.Image`, container.Image));
    if (container.ImageConfig?.RepositoryAccessMode) ev.push(evidence(MODEL, `${path}.ImageConfig.RepositoryAccessMode`, container.ImageConfig.RepositoryAccessMode));
  }
  if (images.length === 0 && problems.length === 0) return unknown('the model has no containers', evidence(MODEL, 'PrimaryContainer', null));
  return listFact(images, problems, ...ev);
}

function artifactStoresOf(model: ModelDescription, region: string): Fact<readonly string[]> {
  const ids: string[] = [];
  const ev: Evidence[] = [];
  for (const { container, path } of containersOf(model)) {
    for (const { uri, path: uriPath } of modelDataUris(container, path)) {
      ev.push(evidence(MODEL, uriPath, uri));
      const bucket = parseS3Uri(uri)?.bucket;
      if (bucket) ids.push(s3BucketArn(bucket, partitionOfRegion(region)));
    }
  }
  // A model without model data (weights baked into the image) uses no artifact store.
  return known([...new Set(ids)], ...(ev.length > 0 ? ev : [evidence(MODEL, 'PrimaryContainer.ModelDataUrl', null)]));
}

async function optionalKey(reference: string | undefined, path: string, deps: EndpointDependencies): Promise<Fact<string | null>> {
  const ev = evidence(CONFIG, path, reference ?? null);
  return reference ? deps.resolveKey(reference, ev) : known(null, ev);
}

async function dataCaptureOf(config: EndpointConfigDescription, region: string, deps: EndpointDependencies): Promise<Fact<DataCapture>> {
  const capture = config.DataCaptureConfig;
  if (!capture) return known({ enabled: false, keyId: null, destinationStoreId: null }, evidence(CONFIG, 'DataCaptureConfig', null));
  const enabled = dataCaptureEnabled(capture);
  const key = await optionalKey(capture.KmsKeyId, 'DataCaptureConfig.KmsKeyId', deps);
  const enabledEvidence = evidence(CONFIG, 'DataCaptureConfig.EnableCapture', capture.EnableCapture ?? null);
  if (!key.known) return unknown(key.reason, enabledEvidence, ...key.evidence);
  const bucket = enabled && capture.DestinationS3Uri ? parseS3Uri(capture.DestinationS3Uri)?.bucket : undefined;
  const destinationStoreId = bucket ? s3BucketArn(bucket, partitionOfRegion(region)) : null;
  const destinationEvidence = evidence(CONFIG, 'DataCaptureConfig.DestinationS3Uri', capture.DestinationS3Uri ?? null);
  return known({ enabled, keyId: key.value, destinationStoreId }, enabledEvidence, destinationEvidence, ...key.evidence);
}

async function asyncOutputOf(config: EndpointConfigDescription, deps: EndpointDependencies): Promise<Fact<{ readonly keyId: string | null } | null>> {
  const output = config.AsyncInferenceConfig?.OutputConfig;
  if (!asyncInferenceConfigured(config.AsyncInferenceConfig)) return known(null, evidence(CONFIG, 'AsyncInferenceConfig', config.AsyncInferenceConfig ?? null));
  const key = await optionalKey(output?.KmsKeyId, 'AsyncInferenceConfig.OutputConfig.KmsKeyId', deps);
  if (!key.known) return key;
  return known({ keyId: key.value }, ...key.evidence);
}

function monitoringScheduleCount(endpointName: string, schedules: RegionReads['schedules']): Fact<number> {
  const path = `MonitoringScheduleSummaries[EndpointName=${endpointName}]`;
  if (schedules.status !== 'ok') return unknown(failureReason(schedules, 'ListMonitoringSchedules'), evidence(SCHEDULES, path, null));
  const mine = schedules.value.get(endpointName) ?? [];
  const active = mine.filter((s) => !INACTIVE_SCHEDULE_STATES.has(s.MonitoringScheduleStatus ?? ''));
  return known(
    active.length,
    evidence(
      SCHEDULES,
      path,
      mine.map((s) => ({ MonitoringScheduleName: s.MonitoringScheduleName, MonitoringScheduleStatus: s.MonitoringScheduleStatus })),
    ),
  );
}
