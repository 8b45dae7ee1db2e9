// Azure and Google Cloud resources as their adapters state them in the neutral model: a compliant
// resource by default, overridden per fixture. The facts follow the controls catalog's field paths.
import {
  evidence,
  known,
  unknown,
  type Deployment,
  type EncryptionKey,
  type Identity,
  type InferenceEndpoint,
  type Inventory,
  type KeyStore,
  type PolicyStatement,
  type Provider,
  type Resource,
  type Workspace,
} from '../../policies/model';
import type { Status } from '../../policies/control';
import type { ControlFixture } from '../support/fixtures';

type Cloud = Exclude<Provider, 'aws'>;

const at = (source: string) => <T>(path: string, value: T) => known(value, evidence(source, path, value));

// --- Azure ---------------------------------------------------------------------------------------
export const SUBSCRIPTION = '00000000-0000-0000-0000-000000000001';
export const RESOURCE_GROUP = `/subscriptions/${SUBSCRIPTION}/resourceGroups/ml`;
export const AZ_WORKSPACE_ID = `${RESOURCE_GROUP}/providers/Microsoft.MachineLearningServices/workspaces/inference`;
export const AZ_ENDPOINT_ID = `${AZ_WORKSPACE_ID}/onlineEndpoints/classifier`;
export const AZ_VAULT_ID = `${RESOURCE_GROUP}/providers/Microsoft.KeyVault/vaults/inference-kv`;
export const AZ_KEY_ID = `${AZ_VAULT_ID}/keys/inference`;
export const AZ_IDENTITY_ID = `${RESOURCE_GROUP}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/inference`;
export const DIGEST = 'sha256:' + 'b'.repeat(64);
const az = at('arm');

// --- Google Cloud --------------------------------------------------------------------------------
export const PROJECT = 'ml-prod';
export const GCP_REGION = 'us-central1';
export const GCP_WORKSPACE_ID = `projects/${PROJECT}`;
export const GCP_ENDPOINT_ID = `projects/${PROJECT}/locations/${GCP_REGION}/endpoints/1234`;
export const GCP_KEY_RING_ID = `projects/${PROJECT}/locations/${GCP_REGION}/keyRings/inference`;
export const GCP_KEY_ID = `${GCP_KEY_RING_ID}/cryptoKeys/endpoint`;
export const GCP_IDENTITY_ID = `serving@${PROJECT}.iam.gserviceaccount.com`;
const gc = at('gcp');

const place = (provider: Cloud) =>
  provider === 'azure'
    ? { provider, region: 'westeurope', account: SUBSCRIPTION }
    : { provider, region: GCP_REGION, account: PROJECT };

/** A deployment (an Azure online deployment, a Vertex deployed model): two instances, private network, dedicated identity, private image by digest. */
export function cloudDeployment(provider: Cloud, overrides: Partial<Deployment> = {}): Deployment {
  if (provider === 'azure') {
    return {
      name: 'blue',
      modelId: `${AZ_WORKSPACE_ID}/models/classifier/versions/1`,
      compute: { kind: 'instance', instanceType: 'Standard_DS3_v2' },
      unsupported: {},
      instanceCount: az('properties.scaleSettings / sku.capacity', 2),
      networkIsolation: az('properties.egressPublicNetworkAccess', true),
      outbound: az('properties.egressPublicNetworkAccess', 'none' as const),
      network: az('workspace.properties.managedNetwork', { kind: 'provider-managed' as const, networkId: null }),
      identityId: az('identity.userAssignedIdentities', AZ_IDENTITY_ID),
      images: az('properties.environment.image', [
        { uri: `inference.azurecr.io/classifier@${DIGEST}`, repositoryId: null, registry: 'private' as const, registryAccount: SUBSCRIPTION, digest: DIGEST, tag: null },
      ]),
      artifactStoreIds: az('properties.model', []),
      ...overrides,
    };
  }
  return {
    name: 'deployed-1',
    modelId: `projects/${PROJECT}/locations/${GCP_REGION}/models/77`,
    compute: { kind: 'instance', instanceType: 'n1-standard-4' },
    unsupported: {},
    instanceCount: gc('deployedModels[].dedicatedResources.minReplicaCount', 2),
    networkIsolation: gc('deployedModels[]', false),
    outbound: gc('deployedModels[]', 'open' as const),
    network: gc('privateServiceConnectConfig.enablePrivateServiceConnect', { kind: 'provider-managed' as const, networkId: null }),
    identityId: gc('deployedModels[].serviceAccount', GCP_IDENTITY_ID),
    images: gc('models.containerSpec.imageUri', [
      {
        uri: `${GCP_REGION}-docker.pkg.dev/${PROJECT}/models/classifier@${DIGEST}`,
        repositoryId: null,
        registry: 'private' as const,
        registryAccount: PROJECT,
        digest: DIGEST,
        tag: null,
      },
    ]),
    artifactStoreIds: gc('models.artifactUri', []),
    ...overrides,
  };
}

export function cloudEndpoint(provider: Cloud, overrides: Partial<InferenceEndpoint> = {}): InferenceEndpoint {
  const f = provider === 'azure' ? az : gc;
  return {
    kind: 'endpoint',
    id: provider === 'azure' ? AZ_ENDPOINT_ID : GCP_ENDPOINT_ID,
    name: 'classifier',
    ...place(provider),
    workspaceId: provider === 'azure' ? AZ_WORKSPACE_ID : GCP_WORKSPACE_ID,
    publicNetworkAccess: f(provider === 'azure' ? 'properties.publicNetworkAccess' : 'privateServiceConnectConfig', false),
    callerAuthentication: f(provider === 'azure' ? 'properties.authMode' : 'IAM', 'provider-identity' as const),
    deployments: f('deployments', [cloudDeployment(provider)]),
    storageKeyId: f('encryptionSpec.kmsKeyName', provider === 'azure' ? AZ_KEY_ID : GCP_KEY_ID),
    dataCapture: f('predictRequestResponseLoggingConfig', {
      enabled: true,
      // A Vertex AI logging table in a dataset with the endpoint's key; Azure's capture goes to its workspace.
      keyId: provider === 'gcp' ? GCP_KEY_ID : null,
      destinationStoreId: null,
      otherDestination: { kind: provider === 'azure' ? ('log-workspace' as const) : ('table' as const), id: 'request-log' },
    }),
    asyncOutput: f('(no asynchronous inference)', null),
    monitoringSchedules: f('monitoring', 1),
    ...overrides,
  };
}

export function cloudKey(provider: Cloud, overrides: Partial<EncryptionKey> = {}): EncryptionKey {
  const f = provider === 'azure' ? az : gc;
  return {
    kind: 'key',
    id: provider === 'azure' ? AZ_KEY_ID : GCP_KEY_ID,
    name: provider === 'azure' ? 'inference' : 'endpoint',
    ...place(provider),
    managedBy: f('key', 'customer' as const),
    enabled: f('attributes.enabled / primary.state', true),
    rotationPeriodDays: f(provider === 'azure' ? 'rotationPolicy.lifetimeActions' : 'rotationPeriod', provider === 'azure' ? 365 : 90),
    policy: f('getIamPolicy / roleAssignments', [] as PolicyStatement[]),
    storeId: provider === 'azure' ? AZ_VAULT_ID : GCP_KEY_RING_ID,
    ...overrides,
  };
}

export function cloudKeyStore(provider: Cloud, overrides: Partial<KeyStore> = {}): KeyStore {
  const f = provider === 'azure' ? az : gc;
  return {
    kind: 'key-store',
    id: provider === 'azure' ? AZ_VAULT_ID : GCP_KEY_RING_ID,
    name: 'inference',
    ...place(provider),
    softDelete: f('properties.enableSoftDelete', true),
    purgeProtection: f('properties.enablePurgeProtection', true),
    accessModel: f('properties.enableRbacAuthorization', 'role-based' as const),
    publicNetworkAccess: f('properties.publicNetworkAccess', false),
    ...overrides,
  };
}

/** A neutral grant as an adapter states a role assignment / IAM binding. */
export function grant(actions: string[], resources: string[], overrides: Partial<PolicyStatement> = {}): PolicyStatement {
  return {
    effect: 'Allow',
    principals: [],
    actions,
    resources,
    conditions: [],
    origin: 'role-assignment',
    serviceWideActions: [],
    handsOffIdentities: false,
    identityHandOffActions: [],
    ...overrides,
  };
}

export function cloudIdentity(provider: Cloud, overrides: Partial<Identity> = {}): Identity {
  const f = provider === 'azure' ? az : gc;
  const scoped =
    provider === 'azure'
      ? grant(['Microsoft.MachineLearningServices/workspaces/onlineEndpoints/score/action'], [AZ_ENDPOINT_ID])
      : grant(['logging.logEntries.create'], [GCP_WORKSPACE_ID]);
  return {
    kind: 'identity',
    id: provider === 'azure' ? AZ_IDENTITY_ID : GCP_IDENTITY_ID,
    name: 'inference',
    ...place(provider),
    statements: f('roleAssignments', [scoped]),
    attachedPolicies: f('roleAssignments.roleDefinitionId', []),
    ...overrides,
  };
}

export function cloudWorkspace(provider: Cloud, overrides: Partial<Workspace> = {}): Workspace {
  const f = provider === 'azure' ? az : gc;
  return {
    kind: 'workspace',
    id: provider === 'azure' ? AZ_WORKSPACE_ID : GCP_WORKSPACE_ID,
    name: provider === 'azure' ? 'inference' : PROJECT,
    ...place(provider),
    publicNetworkAccess: f('properties.publicNetworkAccess', false),
    privateEndpointConnections: f('properties.privateEndpointConnections', [{ id: 'pe-1', status: 'approved' as const }]),
    servicePerimeters: f('servicePerimeters', provider === 'gcp' ? [{ id: 'accessPolicies/1/servicePerimeters/ml', mode: 'enforced' as const, restrictedServices: ['aiplatform'] }] : []),
    managedNetworkOutbound: f('properties.managedNetwork.isolationMode', 'approved-only' as const),
    encryptionKeyId: f('properties.encryption.keyVaultProperties.keyIdentifier', provider === 'azure' ? AZ_KEY_ID : GCP_KEY_ID),
    ...overrides,
  };
}

/** The compliant inventory of `provider`, with `resources` replacing those of the same kind and id and the rest added. */
export function cloudScenario(provider: Cloud, ...resources: Resource[]): Inventory {
  const base: Resource[] = [cloudEndpoint(provider), cloudKey(provider), cloudKeyStore(provider), cloudIdentity(provider), cloudWorkspace(provider)];
  const same = (a: Resource, b: Resource) => a.kind === b.kind && a.id === b.id;
  const replaced = base.map((b) => resources.find((r) => same(r, b)) ?? b);
  const added = resources.filter((r) => !base.some((b) => same(b, r)));
  const { account, region } = place(provider);
  return { provider, source: 'live', scope: { accounts: [account], regions: [region] }, resources: [...replaced, ...added], gaps: [] };
}

/** A fixture judging `resource` inside the compliant inventory of its provider. */
export function cloudFixture(
  name: string,
  resource: Resource,
  expect: Status,
  options: { parameters?: Record<string, unknown>; messageIncludes?: string; inventory?: Inventory } = {},
): ControlFixture {
  const provider = resource.provider as Cloud;
  return {
    name: `${provider}: ${name}`,
    provider,
    inventory: options.inventory ?? cloudScenario(provider, resource),
    resourceId: resource.id,
    expect,
    ...(options.parameters ? { parameters: options.parameters } : {}),
    ...(options.messageIncludes ? { messageIncludes: options.messageIncludes } : {}),
  };
}

/** A fact the adapter could not read: a 403 from ARM or Google. */
export const forbidden = (provider: Cloud, path: string) =>
  unknown(provider === 'azure' ? 'AuthorizationFailed from ARM' : 'PERMISSION_DENIED from Google', evidence(provider === 'azure' ? 'arm' : 'gcp', path, null));

export const CLOUDS: readonly Cloud[] = ['azure', 'gcp'];
