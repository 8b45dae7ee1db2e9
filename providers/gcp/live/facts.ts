// Vertex AI, Cloud KMS and Access Context Manager answers stated as the provider-neutral model. Pure
// functions of the answers: no calls here.
import {
  evidence,
  known,
  unknown,
  type DataCapture,
  type Deployment,
  type Evidence,
  type EncryptionKey,
  type Fact,
  type ImageRef,
  type InferenceEndpoint,
  type KeyStore,
  type ListFact,
  type NetworkAttachment,
  type PolicyStatement,
  type ProviderManagedNetwork,
  type RequestLogging,
  type ServicePerimeter,
  type Workspace,
} from '../../../policies/model';
import type { Read } from '../../collect/context';
import { BIGQUERY_URI, CRYPTO_KEY_NAME, MODEL_NAME, type CryptoKey, type DeployedModel, type IamPolicy, type Perimeter, type VertexEndpoint, type VertexModel } from './shapes';

const ENDPOINTS = 'aiplatform:projects.locations.endpoints.list';
const MODELS = 'aiplatform:projects.locations.models.get';
const CRYPTO_KEYS = 'cloudkms:projects.locations.keyRings.cryptoKeys.get';
const KEY_POLICY = 'cloudkms:projects.locations.keyRings.cryptoKeys.getIamPolicy';
const PERIMETERS = 'accesscontextmanager:accessPolicies.servicePerimeters.list';
const DAY_SECONDS = 86_400;

/** Google's service names as the model's neutral ones: `aiplatform.googleapis.com` -> `aiplatform`. */
export function neutralService(googleService: string): string {
  return googleService.replace(/\.googleapis\.com$/, '');
}

type AccessPath = 'private-service-connect' | 'vpc-peering' | 'dedicated-public' | 'shared-public';

/** The endpoint's access path; proto3 JSON: an absent `network` is "" and absent booleans are false. */
export function accessPathOf(endpoint: VertexEndpoint): AccessPath {
  if (endpoint.privateServiceConnectConfig?.enablePrivateServiceConnect === true || endpoint.enablePrivateServiceConnect === true) return 'private-service-connect';
  if ((endpoint.network ?? '') !== '') return 'vpc-peering';
  return endpoint.dedicatedEndpointEnabled === true ? 'dedicated-public' : 'shared-public';
}

function networkOf(endpoint: VertexEndpoint, path: AccessPath): NetworkAttachment | ProviderManagedNetwork | null {
  if (path === 'private-service-connect') return { kind: 'provider-managed', networkId: null };
  if (path === 'vpc-peering') return { kind: 'customer-network', networkId: endpoint.network ?? null, subnetIds: [], firewallIds: [] };
  return null;
}

function accessEvidence(endpoint: VertexEndpoint) {
  return [
    evidence(ENDPOINTS, 'privateServiceConnectConfig.enablePrivateServiceConnect', endpoint.privateServiceConnectConfig?.enablePrivateServiceConnect ?? false),
    evidence(ENDPOINTS, 'network', endpoint.network ?? ''),
    evidence(ENDPOINTS, 'dedicatedEndpointEnabled', endpoint.dedicatedEndpointEnabled ?? false),
  ];
}

/**
 * One deployed model. `dedicatedResources.minReplicaCount` is the replica floor; `automaticResources`
 * (and a shared resource pool) leave the machines to Google: the compute is stated serverless-like and the
 * replica count is known only when a minimum is set.
 */
function deploymentOf(model: DeployedModel, network: NetworkAttachment | ProviderManagedNetwork | null, path: AccessPath, served: ServedModel): Deployment {
  const dedicated = model.dedicatedResources;
  const instanceType = dedicated?.machineSpec?.machineType;
  const compute: Deployment['compute'] = dedicated !== undefined && instanceType ? { kind: 'instance', instanceType } : { kind: 'serverless' };
  const replicaSource = dedicated ? 'dedicatedResources.minReplicaCount' : 'automaticResources.minReplicaCount';
  const minimum = dedicated ? dedicated.minReplicaCount : model.automaticResources?.minReplicaCount;
  const instanceCount: Fact<number> =
    minimum !== undefined && minimum > 0
      ? known(minimum, evidence(ENDPOINTS, `deployedModels[${model.id}].${replicaSource}`, minimum))
      : unknown(dedicated ? 'the deployed model states no minimum replica count' : 'Google scales this deployed model automatically: no fixed replica count', evidence(ENDPOINTS, `deployedModels[${model.id}]`, model.sharedResources ?? 'automaticResources'));
  const identity = model.serviceAccount ?? null;
  return {
    name: model.displayName || model.id,
    modelId: model.model ?? null,
    compute,
    unsupported: { 'network-isolation': 'Vertex AI has no per-model switch that removes network access; VPC Service Controls bound which Google APIs it reaches', ...served.unsupported },
    instanceCount,
    networkIsolation: known(false, evidence(ENDPOINTS, 'deployedModels[].(no isolation setting)', null)),
    outbound: unknown('Vertex AI does not state a deployed model\'s outbound access', evidence(ENDPOINTS, 'deployedModels[]', model.id)),
    network: known(network, ...(path === 'private-service-connect' || path === 'vpc-peering' ? [evidence(ENDPOINTS, path === 'vpc-peering' ? 'network' : 'privateServiceConnectConfig', path)] : [evidence(ENDPOINTS, 'network', '')])),
    // Absent serviceAccount: the model runs as the Google-managed Vertex AI service agent.
    identityId: known(identity, evidence(ENDPOINTS, `deployedModels[${model.id}].serviceAccount`, identity)),
    images: served.images,
    artifactStoreIds: served.artifactStoreIds,
  };
}

/** What the Model a deployed model serves states about its image and artifacts (`models.get`). */
export interface ServedModel {
  readonly images: ListFact<ImageRef>;
  readonly artifactStoreIds: ListFact<string>;
  readonly unsupported?: Deployment['unsupported'];
}

/** The Model as `models.get` names it: the deployed version (`model@modelVersionId`) unless the deployment already names one. */
export function servedModelName(model: DeployedModel): string | undefined {
  if (!model.model) return undefined;
  if (model.model.includes('@') || !model.modelVersionId) return model.model;
  return `${model.model}@${model.modelVersionId}`;
}

export function modelParts(name: string): { project: string; location: string; model: string; version?: string } | undefined {
  const match = MODEL_NAME.exec(name);
  return match ? { project: match[1], location: match[2], model: match[3], ...(match[4] ? { version: match[4] } : {}) } : undefined;
}

/** Nothing read: the facts stay unknown with the reason (a failed read, or a source that does not hold the Model). */
export function servedModelUnknown(reason: string, ...ev: Evidence[]): ServedModel {
  return { images: unknown(reason, ...ev), artifactStoreIds: unknown(reason, ...ev) };
}

const ARTIFACT_REGISTRY = /^[a-z0-9-]+-docker\.pkg\.dev\/([^/]+)\/[^/]+\/./;
const CONTAINER_REGISTRY = /^(?:[a-z]+\.)?gcr\.io\/([^/]+)\/./;

/**
 * An image URI as the model sees it. Artifact Registry (`LOCATION-docker.pkg.dev/PROJECT/REPO/IMAGE`) and
 * Container Registry (`[REGION.]gcr.io/PROJECT/IMAGE`, now served by Artifact Registry) are Google's
 * private registries: who may push or pull is the IAM of the PROJECT in the path, so that project is the
 * registry's account. Google's pre-built serving containers live there too, in Google's own project
 * (`…-docker.pkg.dev/vertex-ai/prediction/…`): private to Google, so `vertex-ai` is a foreign account a
 * baseline trusts only by naming it (as AWS Deep Learning Containers are judged by their ECR account).
 * Any other host is public. Pinned means `@sha256:`; a tag is only a tag.
 */
export function imageRefOf(uri: string): ImageRef {
  const digestAt = uri.indexOf('@');
  const digest = digestAt >= 0 ? uri.slice(digestAt + 1) : null;
  const name = digestAt >= 0 ? uri.slice(0, digestAt) : uri;
  const lastSegment = name.slice(name.lastIndexOf('/') + 1);
  const colon = lastSegment.lastIndexOf(':');
  const tag = colon >= 0 ? lastSegment.slice(colon + 1) : null;
  const project = ARTIFACT_REGISTRY.exec(name)?.[1] ?? CONTAINER_REGISTRY.exec(name)?.[1];
  return { uri, repositoryId: null, registry: project ? 'private' : 'public', registryAccount: project ?? null, digest: digest && /^sha256:[a-f0-9]{64}$/.test(digest) ? digest : null, tag };
}

/** Model sources Vertex AI serves in its own managed containers: the Model has no image a customer chose. */
const GOOGLE_SERVED_SOURCES: Readonly<Record<string, string>> = {
  AUTOML: 'an AutoML model is served by Vertex AI in a Google-managed serving container; there is no customer image to judge',
  BQML: 'a BigQuery ML model is served by Vertex AI in a Google-managed serving container; there is no customer image to judge',
};

/**
 * The Model's serving image and artifacts. `containerSpec.imageUri` is the image as uploaded (Vertex AI
 * copies it at upload and never pulls that URI again, so a tag says nothing about which image was copied).
 * Without a containerSpec: AutoML and BigQuery ML models run in Google's containers (not applicable to the
 * registry control, no image to pin); any other model without one is unknown, never a pass.
 */
export function servedModelOf(model: VertexModel, source: string = MODELS): ServedModel {
  const imageUri = model.containerSpec?.imageUri;
  const sourceType = model.modelSourceInfo?.sourceType ?? 'MODEL_SOURCE_TYPE_UNSPECIFIED';
  const artifactUri = model.artifactUri ?? '';
  const bucket = /^gs:\/\/([^/]+)/.exec(artifactUri)?.[1];
  const artifactStoreIds: ListFact<string> =
    artifactUri === '' ? known([], evidence(source, 'artifactUri', null)) : bucket ? known([`projects/_/buckets/${bucket}`], evidence(source, 'artifactUri', artifactUri)) : unknown(`artifactUri ${artifactUri} is not a Cloud Storage location`, evidence(source, 'artifactUri', artifactUri));
  if (imageUri) return { images: known([imageRefOf(imageUri)], evidence(source, 'containerSpec.imageUri', imageUri)), artifactStoreIds };
  const googleServed = GOOGLE_SERVED_SOURCES[sourceType];
  const ev = [evidence(source, 'containerSpec.imageUri', null), evidence(source, 'modelSourceInfo.sourceType', sourceType)];
  if (googleServed) return { images: known([], ...ev), artifactStoreIds, unsupported: { 'private-registry': googleServed } };
  return { images: unknown(`the Model ${model.name} states no containerSpec.imageUri (source ${sourceType}): its serving image is not known`, ...ev), artifactStoreIds };
}

const LOGGING_TABLE = 'request_response_logging';

/**
 * The table Vertex AI writes request/response logs to, from `bigqueryDestination.outputUri`: a named
 * table, or `request_response_logging` in a named dataset; with only a project, Vertex AI makes the
 * dataset itself (named after the endpoint), so no table can be named beforehand.
 */
export function loggingTableOf(outputUri: string): { project: string; dataset?: string; table?: string } | undefined {
  const match = BIGQUERY_URI.exec(outputUri);
  if (!match) return undefined;
  const [, project, dataset, table] = match;
  return dataset ? { project, dataset, table: table ?? LOGGING_TABLE } : { project };
}

/** A BigQuery kmsKeyName as the Cloud KMS key's name (a key version names its key). */
export function bigqueryKeyName(kmsKeyName: string | undefined): string | null {
  if (!kmsKeyName) return null;
  return kmsKeyName.replace(/\/cryptoKeyVersions\/[^/]+$/, '');
}

/** The key of the logging table; a source that does not read BigQuery leaves it unknown. */
export type LoggingKeyOf = (outputUri: string) => Fact<string | null>;

const loggingKeyNotRead: LoggingKeyOf = (outputUri) => unknown(`the key of the BigQuery logging table ${outputUri} was not read`, evidence(ENDPOINTS, 'predictRequestResponseLoggingConfig.bigqueryDestination.outputUri', outputUri));

function requestLoggingOf(endpoint: VertexEndpoint): RequestLogging {
  const logging = endpoint.predictRequestResponseLoggingConfig;
  const table = logging?.bigqueryDestination?.outputUri;
  if (logging?.enabled !== true) return { enabled: false, content: null, destination: null };
  return { enabled: true, content: 'payloads', destination: table ? { kind: 'table', id: table } : null };
}

function dataCaptureOf(endpoint: VertexEndpoint, loggingKey: LoggingKeyOf): Fact<DataCapture> {
  const logging = endpoint.predictRequestResponseLoggingConfig;
  const table = logging?.bigqueryDestination?.outputUri;
  const config = evidence(ENDPOINTS, 'predictRequestResponseLoggingConfig', logging ?? null);
  if (logging?.enabled !== true) return known({ enabled: false, keyId: null, destinationStoreId: null }, config);
  if (!table) return unknown('request/response logging is on but names no BigQuery destination', config);
  const key = loggingKey(table);
  if (!key.known) return { ...key, evidence: [config, ...key.evidence] };
  return known({ enabled: true, keyId: key.value, destinationStoreId: null, otherDestination: { kind: 'table', id: table } }, config, ...key.evidence);
}

export interface EndpointContext {
  readonly projectId: string;
  readonly location: string;
  readonly workspaceId: string;
}

/** The Model each deployed model serves, as far as the source knows it. */
export type ServedModelOf = (model: DeployedModel) => ServedModel;

const modelsNotRead: ServedModelOf = (model) => servedModelUnknown('the Model resource was not read', evidence(ENDPOINTS, 'deployedModels[].model', model.model ?? null));

/** What the source read beyond the endpoint itself: the Models it serves, the key of its logging table. */
export interface EndpointSources {
  readonly servedBy?: ServedModelOf;
  readonly loggingKey?: LoggingKeyOf;
}

export function endpointOf(endpoint: VertexEndpoint, context: EndpointContext, sources: EndpointSources = {}): InferenceEndpoint {
  const servedBy = sources.servedBy ?? modelsNotRead;
  const path = accessPathOf(endpoint);
  const network = networkOf(endpoint, path);
  const id = endpoint.name.split('/').pop() ?? endpoint.name;
  const deployments: ListFact<Deployment> = known((endpoint.deployedModels ?? []).map((model) => deploymentOf(model, network, path, servedBy(model))), evidence(ENDPOINTS, 'deployedModels', (endpoint.deployedModels ?? []).length));
  const keyName = endpoint.encryptionSpec?.kmsKeyName || null;
  const logging = endpoint.predictRequestResponseLoggingConfig;
  return {
    kind: 'endpoint',
    id: endpoint.name,
    name: endpoint.displayName || id,
    provider: 'gcp',
    region: context.location,
    account: context.projectId,
    aliases: [`projects/${context.projectId}/locations/${context.location}/endpoints/${id}`],
    workspaceId: context.workspaceId,
    publicNetworkAccess: known(path === 'dedicated-public' || path === 'shared-public', ...accessEvidence(endpoint)),
    callerAuthentication: known('provider-identity', evidence(ENDPOINTS, '(predict authorizes callers with Google IAM: aiplatform.endpoints.predict)', 'IAM')),
    deployments,
    storageKeyId: known(keyName, evidence(ENDPOINTS, 'encryptionSpec.kmsKeyName', keyName)),
    requestLogging: known(requestLoggingOf(endpoint), evidence(ENDPOINTS, 'predictRequestResponseLoggingConfig', logging ?? null)),
    dataCapture: dataCaptureOf(endpoint, sources.loggingKey ?? loggingKeyNotRead),
    asyncOutput: known(null, evidence(ENDPOINTS, '(online prediction has no asynchronous output)', null)),
    monitoringSchedules: known(endpoint.modelDeploymentMonitoringJob ? 1 : 0, evidence(ENDPOINTS, 'modelDeploymentMonitoringJob', endpoint.modelDeploymentMonitoringJob ?? '')),
  };
}

export function keyParts(name: string): { project: string; location: string; ring: string; key: string } | undefined {
  const match = CRYPTO_KEY_NAME.exec(name);
  return match ? { project: match[1], location: match[2], ring: match[3], key: match[4] } : undefined;
}

/** An IAM member as a policy principal; anyone (`allUsers`) and any Google account (`allAuthenticatedUsers`) are `*`. */
function principalOf(member: string): string {
  return member === 'allUsers' || member === 'allAuthenticatedUsers' ? '*' : member;
}

/** Basic roles that grant every permission of every service. */
const SERVICE_WIDE_ROLES = new Set(['roles/owner', 'roles/editor']);

export function statementsOf(policy: IamPolicy, resource: string): PolicyStatement[] {
  return (policy.bindings ?? []).map((binding) => ({
    effect: 'Allow',
    principals: [...new Set((binding.members ?? []).map(principalOf))],
    actions: [binding.role],
    resources: [resource],
    // An IAM condition is a CEL expression; it is not read as restricting the caller.
    conditions: binding.condition?.expression ? [{ operator: 'cel', key: binding.condition.title ?? 'condition', values: [binding.condition.expression], meaning: 'other' }] : [],
    origin: `${resource} IAM policy`,
    serviceWideActions: SERVICE_WIDE_ROLES.has(binding.role) ? [binding.role] : [],
    handsOffIdentities: false,
    identityHandOffActions: [],
  }));
}

/** A key from `cryptoKeys.get` and `getIamPolicy`, each read on its own: a failed one leaves its facts unknown. */
export function keyOf(name: string, key: Read<CryptoKey>, policy: Read<IamPolicy>): EncryptionKey {
  const parts = keyParts(name);
  const storeId = parts ? `projects/${parts.project}/locations/${parts.location}/keyRings/${parts.ring}` : undefined;
  const failed = (read: Read<unknown>): string => (read.status === 'failed' ? read.reason : `not found (${read.status === 'absent' ? read.errorCode : ''})`);
  let enabled: Fact<boolean>;
  let rotation: Fact<number | null>;
  if (key.status === 'ok') {
    const state = key.value.primary?.state;
    enabled = state === undefined ? unknown('the key has no primary version (not an encryption key)', evidence(CRYPTO_KEYS, 'primary.state', null)) : known(state === 'ENABLED', evidence(CRYPTO_KEYS, 'primary.state', state));
    const period = key.value.rotationPeriod;
    rotation = known(period === undefined ? null : Number.parseFloat(period) / DAY_SECONDS, evidence(CRYPTO_KEYS, 'rotationPeriod', period ?? null));
  } else {
    enabled = unknown(failed(key));
    rotation = unknown(failed(key));
  }
  const statements: ListFact<PolicyStatement> = policy.status === 'ok' ? known(statementsOf(policy.value, name), evidence(KEY_POLICY, 'bindings', policy.value.bindings ?? [])) : unknown(failed(policy));
  return {
    kind: 'key',
    id: name,
    name: parts?.key ?? name,
    provider: 'gcp',
    ...(parts ? { region: parts.location, account: parts.project } : {}),
    managedBy: known('customer', evidence(CRYPTO_KEYS, 'name', name)),
    enabled,
    rotationPeriodDays: rotation,
    policy: statements,
    ...(storeId ? { storeId } : {}),
  };
}

/** A key ring holds no settings of its own (only name and creation time); what it states is Cloud KMS behaviour. */
export function keyRingOf(storeId: string): KeyStore {
  const [, project, , location] = storeId.split('/');
  const platform = (what: string) => evidence('cloudkms', `(platform: ${what})`, true);
  return {
    kind: 'key-store',
    id: storeId,
    name: storeId.split('/').pop() ?? storeId,
    provider: 'gcp',
    region: location,
    account: project,
    softDelete: known(true, platform('a destroyed key version stays restorable for destroyScheduledDuration')),
    purgeProtection: known(true, platform('key versions cannot be destroyed before the scheduled duration, at least 24 hours')),
    accessModel: known('role-based', platform('access to keys is granted by Google IAM')),
    publicNetworkAccess: known(true, platform('Cloud KMS has no per-key-ring network setting; only a VPC Service Controls perimeter restricts it')),
  };
}

/** The perimeters that name the project: `status` is enforced; `spec` (with useExplicitDryRunSpec) is the dry run. Bridges restrict nothing. */
export function perimetersOfProject(perimeters: readonly Perimeter[], projectNumber: string): ServicePerimeter[] {
  const resource = `projects/${projectNumber}`;
  const found: ServicePerimeter[] = [];
  for (const perimeter of perimeters) {
    if (perimeter.perimeterType === 'PERIMETER_TYPE_BRIDGE') continue;
    if (perimeter.status?.resources?.includes(resource)) found.push({ id: perimeter.name, mode: 'enforced', restrictedServices: (perimeter.status.restrictedServices ?? []).map(neutralService) });
    if (perimeter.useExplicitDryRunSpec === true && perimeter.spec?.resources?.includes(resource)) {
      found.push({ id: perimeter.name, mode: 'dry-run', restrictedServices: (perimeter.spec.restrictedServices ?? []).map(neutralService) });
    }
  }
  return found;
}

export function workspaceOf(projectId: string, projectNumber: string | undefined, perimeters: ListFact<ServicePerimeter>): Workspace {
  const enforcedAroundVertex = (list: readonly ServicePerimeter[]) => list.some((p) => p.mode === 'enforced' && p.restrictedServices.includes('aiplatform'));
  const publicAccess: Fact<boolean> = perimeters.known
    ? known(!enforcedAroundVertex(perimeters.value), evidence(PERIMETERS, 'status.restrictedServices (a project has no network switch: its Vertex AI API is reachable from anywhere unless an enforced perimeter restricts it)', perimeters.value.map((p) => p.id)))
    : unknown(`the project's service perimeters could not be read: ${perimeters.reason}`);
  return {
    kind: 'workspace',
    id: `projects/${projectId}`,
    name: projectId,
    provider: 'gcp',
    account: projectId,
    ...(projectNumber ? { aliases: [`projects/${projectNumber}`] } : {}),
    publicNetworkAccess: publicAccess,
    privateEndpointConnections: known([], evidence('cloudresourcemanager', '(a project has no private endpoint connections)', [])),
    servicePerimeters: perimeters,
    managedNetworkOutbound: known(null, evidence('cloudresourcemanager', '(a project has no managed network)', null)),
    encryptionKeyId: known(null, evidence('cloudresourcemanager', '(a project holds no key of its own; each resource names its key)', null)),
  };
}
