// ARM bodies -> the neutral model. States what each field says (with its path and raw value); judges nothing.
import {
  evidence,
  known,
  listFact,
  mapFact,
  unknown,
  type CallerAuthentication,
  type Deployment,
  type EncryptionKey,
  type Fact,
  type ImageRef,
  type KeyStore,
  type ListFact,
  type OutboundAccess,
  type PolicyStatement,
  type PrivateEndpointConnection,
  type RequestLogging,
  type Workspace,
} from '../../../policies/model';
import { acrNameOf, parseImageReference } from '../image';
import type { ArmDiagnosticSetting, ArmEnvironmentVersion, ArmKey, ArmOnlineDeployment, ArmOnlineEndpoint, ArmRoleAssignment, ArmRoleDefinition, ArmVault, ArmWorkspace } from './shapes';

export const WORKSPACE_TYPE = 'Microsoft.MachineLearningServices/workspaces';
export const ENDPOINT_TYPE = 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints';
export const DEPLOYMENT_TYPE = 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments';
export const ENVIRONMENT_VERSION_TYPE = 'Microsoft.MachineLearningServices/workspaces/environments/versions';
export const DIAGNOSTIC_SETTING_TYPE = 'Microsoft.Insights/diagnosticSettings';
export const VAULT_TYPE = 'Microsoft.KeyVault/vaults';
export const KEY_TYPE = 'Microsoft.KeyVault/vaults/keys';

export function subscriptionOf(id: string): string {
  return /^\/subscriptions\/([^/]+)/i.exec(id)?.[1] ?? '';
}

/** `Enabled`/`Disabled` as a boolean; absent means the documented default. */
function enabled(value: string | null | undefined, source: string, path: string, absentMeans: boolean): Fact<boolean> {
  if (value === undefined || value === null) return known(absentMeans, evidence(source, path, value ?? null));
  if (/^enabled$/i.test(value)) return known(true, evidence(source, path, value));
  if (/^disabled$/i.test(value)) return known(false, evidence(source, path, value));
  return unknown(`${path} has an undocumented value ${JSON.stringify(value)}`, evidence(source, path, value));
}

export function managedNetworkOutbound(ws: ArmWorkspace): Fact<OutboundAccess | null> {
  const mode = ws.properties.managedNetwork?.isolationMode ?? null;
  const proof = evidence(WORKSPACE_TYPE, 'properties.managedNetwork.isolationMode', mode);
  if (mode === null || /^disabled$/i.test(mode)) return known(null, proof);
  if (/^AllowOnlyApprovedOutbound$/i.test(mode)) return known('approved-only', proof);
  if (/^AllowInternetOutbound$/i.test(mode)) return known('open', proof);
  return unknown(`managed network isolation mode ${JSON.stringify(mode)} is not documented`, proof);
}

/** The ARM id of the workspace's customer key (`{vault}/keys/{name}`), or null for Microsoft-managed encryption. */
export function workspaceKeyId(ws: ArmWorkspace): Fact<string | null> {
  const encryption = ws.properties.encryption;
  const status = encryption?.status ?? null;
  if (!encryption || status === null || /^disabled$/i.test(status)) return known(null, evidence(WORKSPACE_TYPE, 'properties.encryption.status', status));
  const identifier = encryption.keyVaultProperties?.keyIdentifier ?? null;
  const vaultId = encryption.keyVaultProperties?.keyVaultArmId ?? null;
  const name = identifier ? /\/keys\/([^/]+)/.exec(new URL(identifier, 'https://invalid').pathname)?.[1] : undefined;
  const proof = evidence(WORKSPACE_TYPE, 'properties.encryption.keyVaultProperties', { keyIdentifier: identifier, keyVaultArmId: vaultId });
  if (!vaultId || !name) return unknown('the workspace encrypts with a customer key, but its key identifier or vault id is missing', proof);
  return known(`${vaultId}/keys/${name}`, proof);
}

export function workspaceResource(ws: ArmWorkspace): Workspace {
  const connections = ws.properties.privateEndpointConnections ?? [];
  const problems: string[] = [];
  const elements: PrivateEndpointConnection[] = [];
  for (const connection of connections) {
    const status = (connection.properties?.privateLinkServiceConnectionState?.status ?? '').toLowerCase();
    if (status === 'approved' || status === 'pending' || status === 'rejected' || status === 'disconnected') elements.push({ id: connection.id, status });
    else problems.push(`private endpoint connection ${connection.id} has no documented status (${JSON.stringify(status)})`);
  }
  return {
    kind: 'workspace',
    id: ws.id,
    name: ws.name,
    provider: 'azure',
    account: subscriptionOf(ws.id),
    ...(ws.location ? { region: ws.location } : {}),
    publicNetworkAccess: enabled(ws.properties.publicNetworkAccess, WORKSPACE_TYPE, 'properties.publicNetworkAccess', true),
    privateEndpointConnections: listFact(elements, problems, evidence(WORKSPACE_TYPE, 'properties.privateEndpointConnections', connections.map((c) => c.id))),
    // Azure ML has no service perimeter of its own (that is GCP's VPC Service Controls).
    servicePerimeters: known([], evidence(WORKSPACE_TYPE, 'properties', 'no service perimeters on Azure')),
    managedNetworkOutbound: managedNetworkOutbound(ws),
    encryptionKeyId: workspaceKeyId(ws),
  };
}

const AUTH_MODES: Readonly<Record<string, CallerAuthentication>> = { key: 'static-key', amltoken: 'short-lived-token', aadtoken: 'provider-identity' };

export function callerAuthentication(endpoint: ArmOnlineEndpoint): Fact<CallerAuthentication> {
  const mode = endpoint.properties.authMode;
  const proof = evidence(ENDPOINT_TYPE, 'properties.authMode', mode);
  const meaning = AUTH_MODES[mode.toLowerCase()];
  return meaning ? known(meaning, proof) : unknown(`authMode ${JSON.stringify(mode)} is not documented`, proof);
}

export function endpointPublicAccess(endpoint: ArmOnlineEndpoint): Fact<boolean> {
  // ARM's documented default for an online endpoint is Enabled.
  return enabled(endpoint.properties.publicNetworkAccess, ENDPOINT_TYPE, 'properties.publicNetworkAccess', true);
}

/** The user-assigned identity the endpoint (and its deployments) run as; null for a system-assigned one. */
export function endpointIdentityId(endpoint: ArmOnlineEndpoint): Fact<string | null> {
  const identity = endpoint.identity;
  const proof = evidence(ENDPOINT_TYPE, 'identity', identity ?? null);
  const assigned = Object.keys(identity?.userAssignedIdentities ?? {});
  if (identity && /userassigned/i.test(identity.type) && assigned.length > 0) return known(assigned[0], proof);
  return known(null, proof);
}

/**
 * The images of a deployment, from what its environment says: `images` as the reader or plan adapter stated them
 * (see environmentImages), or, when the environment could not be read, the reason.
 */
export function deploymentFacts(deployment: ArmOnlineDeployment, ws: ArmWorkspace, identityId: Fact<string | null>, images: ListFact<ImageRef>): Deployment {
  const p = deployment.properties;
  const instanceCount: Fact<number> =
    typeof deployment.sku?.capacity === 'number'
      ? known(deployment.sku.capacity, evidence(DEPLOYMENT_TYPE, 'sku.capacity', deployment.sku.capacity))
      : typeof p.scaleSettings?.minInstances === 'number'
        ? known(p.scaleSettings.minInstances, evidence(DEPLOYMENT_TYPE, 'properties.scaleSettings.minInstances', p.scaleSettings.minInstances))
        : unknown('the deployment states neither sku.capacity nor properties.scaleSettings.minInstances', evidence(DEPLOYMENT_TYPE, 'sku', deployment.sku ?? null));
  const { outbound, network } = deploymentNetwork(deployment, ws);
  return {
    name: deployment.name,
    modelId: p.model ?? null,
    compute: { kind: 'instance', instanceType: p.instanceType ?? `${p.endpointComputeType} (instance type not stated)` },
    unsupported: {},
    instanceCount,
    networkIsolation: mapFact(outbound, (access) => access === 'none'),
    outbound,
    network,
    identityId,
    images,
    artifactStoreIds: listFact([], [`where model ${p.model ?? '(none)'} is stored is not read (model versions are outside the auditor's reads)`], evidence(DEPLOYMENT_TYPE, 'properties.model', p.model ?? null)),
  };
}

/**
 * Outbound access: the workspace's managed network mode decides when the workspace has one, and the platform
 * then ignores the deployment's egressPublicNetworkAccess (stated in the evidence); otherwise that field does.
 */
function deploymentNetwork(deployment: ArmOnlineDeployment, ws: ArmWorkspace): Pick<Deployment, 'outbound' | 'network'> {
  const managed = managedNetworkOutbound(ws);
  const egress = deployment.properties.egressPublicNetworkAccess ?? null;
  if (!managed.known) return { outbound: managed, network: managed };
  if (managed.value !== null) {
    const ignored = evidence(DEPLOYMENT_TYPE, 'properties.egressPublicNetworkAccess (ignored by the platform: the workspace managed network decides outbound)', egress);
    return {
      outbound: known(managed.value, ...managed.evidence, ignored),
      network: known({ kind: 'provider-managed', networkId: ws.properties.managedNetwork?.networkId ?? null }, ...managed.evidence, ignored),
    };
  }
  const proof = evidence(DEPLOYMENT_TYPE, 'properties.egressPublicNetworkAccess', egress);
  const open = enabled(egress, DEPLOYMENT_TYPE, 'properties.egressPublicNetworkAccess', true);
  return { outbound: mapFact(open, (isOpen): OutboundAccess => (isOpen ? 'open' : 'none')), network: known(null, ...managed.evidence, proof) };
}

export function keyStoreResource(vault: ArmVault): KeyStore {
  const p = vault.properties;
  const source = VAULT_TYPE;
  const access = p.publicNetworkAccess ?? null;
  const defaultAction = p.networkAcls?.defaultAction ?? null;
  const publicProof = [evidence(source, 'properties.publicNetworkAccess', access), evidence(source, 'properties.networkAcls.defaultAction', defaultAction)];
  // Enabled with a firewall that denies by default admits only listed networks: not the public internet.
  const publicNetworkAccess: Fact<boolean> =
    access !== null && /^disabled$/i.test(access) ? known(false, ...publicProof) : defaultAction !== null && /^deny$/i.test(defaultAction) ? known(false, ...publicProof) : known(true, ...publicProof);
  return {
    kind: 'key-store',
    id: vault.id,
    name: vault.name,
    provider: 'azure',
    account: subscriptionOf(vault.id),
    ...(vault.location ? { region: vault.location } : {}),
    // Soft delete is on unless explicitly off (it can no longer be turned off).
    softDelete: known(p.enableSoftDelete !== false, evidence(source, 'properties.enableSoftDelete', p.enableSoftDelete ?? null)),
    // ARM omits enablePurgeProtection until it is turned on.
    purgeProtection: known(p.enablePurgeProtection === true, evidence(source, 'properties.enablePurgeProtection', p.enablePurgeProtection ?? null)),
    accessModel: known(p.enableRbacAuthorization === true ? 'role-based' : 'store-policy', evidence(source, 'properties.enableRbacAuthorization', p.enableRbacAuthorization ?? null)),
    publicNetworkAccess,
  };
}

const DAYS = { Y: 365, M: 30, W: 7, D: 1 } as const;

/** Whole days of an ISO 8601 duration (`P365D`, `P1Y`, `P18M`); undefined when it is not one. */
export function durationDays(text: string): number | undefined {
  const match = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:\d+H)?(?:\d+M)?(?:\d+S)?)?$/i.exec(text.trim());
  if (!match || text.trim().toUpperCase() === 'P') return undefined;
  const [, y, m, w, d] = match;
  return Number(y ?? 0) * DAYS.Y + Number(m ?? 0) * DAYS.M + Number(w ?? 0) * DAYS.W + Number(d ?? 0) * DAYS.D;
}

export function rotationPeriodDays(key: ArmKey): Fact<number | null> {
  const policy = key.properties.rotationPolicy ?? null;
  const proof = evidence(KEY_TYPE, 'properties.rotationPolicy', policy);
  const rotate = (policy?.lifetimeActions ?? []).find((action) => /^rotate$/i.test(action.action?.type ?? ''));
  if (!rotate) return known(null, proof);
  const afterCreate = rotate.trigger?.timeAfterCreate;
  if (afterCreate) {
    const days = durationDays(afterCreate);
    return days === undefined ? unknown(`rotation trigger ${afterCreate} is not an ISO 8601 duration`, proof) : known(days, proof);
  }
  const beforeExpiry = rotate.trigger?.timeBeforeExpiry;
  const expiry = policy?.attributes?.expiryTime;
  if (beforeExpiry && expiry) {
    const [total, before] = [durationDays(expiry), durationDays(beforeExpiry)];
    if (total !== undefined && before !== undefined) return known(total - before, proof);
  }
  return unknown('the key has a rotate action whose period cannot be read', proof);
}

/** `rotationUnread`: why the key's full body (with its rotation policy) could not be read; its rotation is then unknown. */
export function encryptionKeyResource(key: ArmKey, vaultId: string, rotationUnread?: string): EncryptionKey {
  const enabledValue = key.properties.attributes?.enabled;
  return {
    kind: 'key',
    id: key.id,
    name: key.name,
    provider: 'azure',
    account: subscriptionOf(key.id),
    ...(key.location ? { region: key.location } : {}),
    managedBy: known('customer', evidence(KEY_TYPE, 'id', key.id)),
    enabled: typeof enabledValue === 'boolean' ? known(enabledValue, evidence(KEY_TYPE, 'properties.attributes.enabled', enabledValue)) : unknown('the key does not state attributes.enabled', evidence(KEY_TYPE, 'properties.attributes', key.properties.attributes ?? null)),
    rotationPeriodDays: rotationUnread === undefined ? rotationPeriodDays(key) : unknown(rotationUnread, evidence(KEY_TYPE, 'properties.rotationPolicy', null)),
    // Key Vault keys have no resource policy: who may use them is RBAC (or the vault's access policies).
    policy: known([], evidence(KEY_TYPE, 'properties', 'Key Vault keys carry no key policy')),
    storeId: vaultId,
  };
}

const SERVICE_WIDE = /^(\*|[^/*]+\/\*)$/;
const IDENTITY_HAND_OFF = /^Microsoft\.ManagedIdentity\/userAssignedIdentities\/(\*\/)?assign\/action$/i;

/** One role assignment as statements: one per permission block (actions), plus one for its data actions. */
export function assignmentStatements(assignment: ArmRoleAssignment, definition: ArmRoleDefinition): PolicyStatement[] {
  const scope = assignment.properties.scope;
  const origin = `role ${definition.properties.roleName} at ${scope}`;
  const conditions = assignment.properties.condition ? [{ operator: 'RBAC condition', key: 'condition', values: [assignment.properties.condition], meaning: 'other' as const }] : [];
  const statement = (actions: readonly string[], notActions: readonly string[], suffix: string): PolicyStatement => {
    const serviceWideActions = actions.filter((action) => SERVICE_WIDE.test(action));
    const identityHandOffActions = actions.filter((action) => IDENTITY_HAND_OFF.test(action));
    return {
      effect: 'Allow',
      principals: [],
      actions,
      ...(notActions.length > 0 ? { notActions } : {}),
      resources: [scope],
      conditions,
      origin: `${origin}${suffix}`,
      serviceWideActions,
      handsOffIdentities: identityHandOffActions.length > 0 || serviceWideActions.some((action) => action === '*' || /^Microsoft\.ManagedIdentity\/\*$/i.test(action)),
      identityHandOffActions,
    };
  };
  return definition.properties.permissions.flatMap((block) => [
    ...(block.actions.length > 0 ? [statement(block.actions, block.notActions, '')] : []),
    ...((block.dataActions ?? []).length > 0 ? [statement(block.dataActions ?? [], block.notDataActions ?? [], ' (data actions)')] : []),
  ]);
}

/** Where a deployment's environment version can be read: an ARM id in a workspace, or why it cannot be. */
export type EnvironmentLocation = { readonly readable: true; readonly id: string } | { readonly readable: false; readonly reason: string };

const WORKSPACE_ENVIRONMENT = /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.MachineLearningServices\/workspaces\/[^/]+\/environments\/[^/]+\/versions\/[^/]+$/i;

/**
 * Reads `properties.environmentId` in the forms Azure ML documents: an ARM id; `azureml:/subscriptions/...`;
 * `azureml://subscriptions/{s}/resourcegroups/{rg}/workspaces/{w}/environments/{e}/versions/{v}`; `azureml:{e}:{v}`
 * (in the deployment's workspace). A label (`@latest`, `/labels/...`) names no fixed version, and a registry asset
 * (`azureml://registries/...`) does not name the registry's subscription and resource group: both stay unread.
 */
export function environmentLocation(environmentId: string | null | undefined, ws: ArmWorkspace): EnvironmentLocation {
  if (!environmentId) return { readable: false, reason: 'the deployment names no environment (properties.environmentId is empty)' };
  const text = environmentId.trim();
  if (/^azureml:\/\/registries\//i.test(text)) {
    return { readable: false, reason: `environment ${text} is an asset of an Azure ML registry: the reference names neither the registry's subscription nor its resource group, so its image is not read` };
  }
  if (/@[^/]+$/.test(text) || /\/labels\/[^/]+$/i.test(text)) {
    return { readable: false, reason: `environment ${text} names a label, not a version: the image it resolves to can change without the deployment changing` };
  }
  const armPath = text.replace(/^azureml:(?=\/subscriptions\/)/i, '');
  if (WORKSPACE_ENVIRONMENT.test(armPath)) return { readable: true, id: armPath };
  const asset = /^azureml:\/\/subscriptions\/([^/]+)\/resourcegroups\/([^/]+)\/workspaces\/([^/]+)\/environments\/([^/]+)\/versions\/([^/]+)$/i.exec(text);
  if (asset) {
    const [, subscription, group, workspace, name, version] = asset;
    return { readable: true, id: `/subscriptions/${subscription}/resourceGroups/${group}/providers/Microsoft.MachineLearningServices/workspaces/${workspace}/environments/${name}/versions/${version}` };
  }
  const short = /^azureml:([^:/@]+):([^:/@]+)$/i.exec(text);
  if (short) return { readable: true, id: `${ws.id}/environments/${short[1]}/versions/${short[2]}` };
  return { readable: false, reason: `environment reference ${JSON.stringify(text)} is in no form Azure ML documents (an ARM id, azureml:<name>:<version>, azureml://...)` };
}

/** The subscription of the workspace's own container registry when `registryHost` is its login server; null otherwise. */
function registrySubscription(registryHost: string, ws: ArmWorkspace): string | null {
  const acr = acrNameOf(registryHost);
  const workspaceRegistry = ws.properties.containerRegistry ?? '';
  const workspaceRegistryName = /\/providers\/Microsoft\.ContainerRegistry\/registries\/([^/]+)$/i.exec(workspaceRegistry)?.[1]?.toLowerCase();
  return acr !== undefined && acr === workspaceRegistryName ? subscriptionOf(workspaceRegistry) || null : null;
}

/**
 * The image an environment version runs, as the model states images: the registry (an Azure Container Registry is
 * private; its subscription is known when it is the workspace's own registry), digest or tag. An environment built
 * from a Dockerfile lands in the workspace's registry under a name and digest the build chooses, which the
 * environment version does not state: unknown, with what is known in the reason.
 */
export function environmentImages(environment: ArmEnvironmentVersion, ws: ArmWorkspace): ListFact<ImageRef> {
  const p = environment.properties;
  if (p.image) {
    const reference = parseImageReference(p.image.trim());
    const proof = evidence(ENVIRONMENT_VERSION_TYPE, 'properties.image', p.image);
    const registryAccount = registrySubscription(reference.registry, ws);
    const image: ImageRef = {
      uri: p.image.trim(),
      repositoryId: null,
      registry: acrNameOf(reference.registry) === undefined ? 'public' : 'private',
      registryAccount,
      digest: reference.digest ?? null,
      tag: reference.tag ?? null,
    };
    const registryProof = evidence(WORKSPACE_TYPE, 'properties.containerRegistry', ws.properties.containerRegistry ?? null);
    return known([image], proof, registryProof);
  }
  if (p.build) {
    const registry = ws.properties.containerRegistry ?? null;
    return listFact(
      [],
      [
        `environment ${environment.id} is built from a Dockerfile (${p.build.contextUri ?? 'no context'}): the image is pushed to ${registry ? `the workspace's registry ${registry}` : 'a registry Azure ML creates for the workspace'} under a name and digest the build chooses, which the environment version does not state`,
      ],
      evidence(ENVIRONMENT_VERSION_TYPE, 'properties.build', p.build),
      evidence(ENVIRONMENT_VERSION_TYPE, 'properties.autoRebuild', p.autoRebuild ?? null),
    );
  }
  return listFact([], [`environment ${environment.id} states neither an image nor a build`], evidence(ENVIRONMENT_VERSION_TYPE, 'properties', null));
}

/** The diagnostic-log category of an online endpoint's requests (who called, when, with what status and latency). */
export const TRAFFIC_LOG_CATEGORY = 'AmlOnlineEndpointTrafficLog';

type SettingCoverage = 'covers' | 'undocumented-group' | 'no';

/** Whether a setting sends the traffic log somewhere: enabled for the category itself or for `allLogs` (every category), with a destination. */
function coverage(setting: ArmDiagnosticSetting): SettingCoverage {
  const p = setting.properties;
  const destination = p.workspaceId || p.storageAccountId || p.eventHubAuthorizationRuleId || p.marketplacePartnerId;
  if (!destination) return 'no';
  const logs = (p.logs ?? []).filter((log) => log.enabled);
  if (logs.some((log) => (log.category ?? '').toLowerCase() === TRAFFIC_LOG_CATEGORY.toLowerCase() || /^allLogs$/i.test(log.categoryGroup ?? ''))) return 'covers';
  // Microsoft's supported-logs reference for online endpoints does not say which categories the `audit` group holds.
  if (logs.some((log) => /^audit$/i.test(log.categoryGroup ?? ''))) return 'undocumented-group';
  return 'no';
}

/** Data collection (model inputs and outputs) on any deployment of the endpoint. */
export function collectsData(deployments: readonly ArmOnlineDeployment[]): boolean {
  return deployments.some((deployment) => {
    const collections = (deployment.properties.dataCollector as { collections?: Record<string, { dataCollectionMode?: string } | null> } | null | undefined)?.collections ?? {};
    return Object.values(collections).some((collection) => /^enabled$/i.test(collection?.dataCollectionMode ?? ''));
  });
}

/**
 * The endpoint's request logging: a diagnostic setting that sends AmlOnlineEndpointTrafficLog to a destination
 * (access records), and/or data collection of model inputs and outputs on a deployment (payloads).
 */
export function requestLogging(settings: Fact<readonly ArmDiagnosticSetting[]>, deployments: Fact<readonly ArmOnlineDeployment[]>): Fact<RequestLogging> {
  const collecting = deployments.known && collectsData(deployments.value);
  const collectionProof = evidence(DEPLOYMENT_TYPE, 'properties.dataCollector.collections', deployments.known ? deployments.value.map((d) => d.properties.dataCollector ?? null) : null);
  const settingsProof = evidence(DIAGNOSTIC_SETTING_TYPE, 'properties.logs', settings.known ? settings.value.map((s) => ({ name: s.name, logs: s.properties.logs ?? [], workspaceId: s.properties.workspaceId ?? null })) : null);
  const covering = settings.known ? settings.value.filter((s) => coverage(s) === 'covers') : [];
  if (covering.length > 0) {
    const workspaceId = covering.map((s) => s.properties.workspaceId).find((id): id is string => typeof id === 'string' && id !== '');
    return known(
      { enabled: true, content: collecting ? 'payloads' : 'access', destination: workspaceId ? { kind: 'log-workspace', id: workspaceId } : null },
      settingsProof,
      collectionProof,
    );
  }
  if (collecting) return known({ enabled: true, content: 'payloads', destination: null }, collectionProof, settingsProof);
  if (!settings.known) return unknown(settings.reason, ...settings.evidence);
  if (!deployments.known) return unknown(deployments.reason, ...deployments.evidence);
  const grouped = settings.value.filter((s) => coverage(s) === 'undocumented-group');
  if (grouped.length > 0) {
    return unknown(`diagnostic setting ${grouped.map((s) => s.name).join(', ')} sends only the \`audit\` category group, and Microsoft does not document whether it holds ${TRAFFIC_LOG_CATEGORY}`, settingsProof);
  }
  return known({ enabled: false, content: null, destination: null }, settingsProof, collectionProof);
}
