// Live Azure inventory: read-only ARM reads of Azure Machine Learning workspaces, their online endpoints and
// deployments, the Key Vault vaults and keys they use, and the user-assigned identities the endpoints run as with
// their role assignments, stated as the neutral model. A failed read is a coverage gap plus unknown facts for
// what depended on it; everything else is still reported. Shared resources are read once.
import type { z } from 'zod';
import { CollectionContext, DEFAULT_REQUEST_TIMEOUT_MS, Once, type CallSite, type ProgressListener, type Read } from '../../collect/context';
import { evidence, known, listFact, unknown, type AttachedPolicy, type Identity, type ImageRef, type InferenceEndpoint, type Inventory, type ListFact, type PolicyStatement, type Resource, type Workspace } from '../../../policies/model';
import { ArmClient, describeArmFailure, type TokenSource } from './arm';
import { armBaseUrl, azureCloud, AzureAuditOptionsError, type AzureCloud } from './clouds';
import { AzureEstate, ESTATE_API_VERSIONS, type EstateScope } from './estate';
import { partitionEstate, type Shard } from '../../collect/estate';
import pLimit from 'p-limit';
import {
  assignmentStatements,
  DEPLOYMENT_TYPE,
  callerAuthentication,
  collectsData,
  deploymentFacts,
  encryptionKeyResource,
  endpointIdentityId,
  endpointPublicAccess,
  environmentImages,
  environmentLocation,
  keyStoreResource,
  requestLogging,
  subscriptionOf,
  workspaceKeyId,
  workspaceResource,
} from './facts';
import {
  diagnosticSettingShape,
  environmentVersionShape,
  keyShape,
  listPage,
  onlineDeploymentShape,
  onlineEndpointShape,
  roleAssignmentShape,
  roleDefinitionShape,
  userAssignedIdentityShape,
  vaultShape,
  workspaceShape,
  type ArmDiagnosticSetting,
  type ArmEnvironmentVersion,
  type ArmKey,
  type ArmOnlineDeployment,
  type ArmOnlineEndpoint,
  type ArmRoleAssignment,
  type ArmRoleDefinition,
  type ArmVault,
  type ArmWorkspace,
} from './shapes';

export { AzureAuditOptionsError, AZURE_CLOUDS } from './clouds';
export { AUDITED_SUBSCRIPTION_STATES, ESTATE_API_VERSIONS, RESOURCE_GRAPH_SUBSCRIPTIONS_PER_QUERY, WORKSPACES_BY_SUBSCRIPTION_QUERY } from './estate';

/** The api-version each resource provider is read at (current stable versions of Microsoft's REST reference). */
export const API_VERSIONS = {
  subscriptions: ESTATE_API_VERSIONS.subscriptions,
  managementGroups: ESTATE_API_VERSIONS.managementGroups,
  resourceGraph: ESTATE_API_VERSIONS.resourceGraph,
  machineLearning: '2025-12-01',
  keyVault: '2026-02-01',
  managedIdentity: '2023-01-31',
  authorization: '2022-04-01',
  /** Diagnostic settings: the version Microsoft's REST reference documents for DiagnosticSettings_List. */
  insights: '2021-05-01-preview',
} as const;

export interface AzureAuditOptions {
  /** --subscription; when empty, the subscriptions below `managementGroup`, or else every subscription the credential lists. */
  readonly subscriptions: readonly string[];
  /** --management-group: audit the subscriptions below this management group (at any depth). */
  readonly managementGroup?: string;
  /**
   * Azure Resource Graph narrows listed subscriptions to those holding workspaces (default true); false
   * (--no-resource-graph) reads every subscription directly, which does not depend on Resource Graph's freshness.
   */
  readonly resourceGraph?: boolean;
  /** --shard: audit only this shard of the discovered subscriptions. */
  readonly shard?: Shard;
  /** Subscriptions audited at once (each one's calls share the overall `concurrency`); 8 by default. */
  readonly subscriptionConcurrency?: number;
  /** --cloud: AzureCloud (default), AzureUSGovernment, AzureChinaCloud. */
  readonly cloud?: string;
  /** --endpoint-url: replaces the cloud's ARM base URL (https, or http on a loopback address). */
  readonly endpointUrl?: string;
  /** A bearer token used as is; INFERGUARD_AZURE_ACCESS_TOKEN when absent; otherwise DefaultAzureCredential. */
  readonly accessToken?: string;
  readonly concurrency?: number;
  /** Retries of the pipeline's retry policy (429 with Retry-After, transient failures); 3 by default. */
  readonly maxRetries?: number;
  readonly requestTimeoutMs?: number;
  readonly onProgress?: ProgressListener;
}

const DEFAULT_CONCURRENCY = 16;
/**
 * ARM meters reads per subscription (and per principal and region): auditing a few subscriptions at a time keeps each
 * one's budget untouched by the others' bursts, while the overall call limit keeps the process's own pace.
 */
const DEFAULT_SUBSCRIPTION_CONCURRENCY = 8;
const DEFAULT_MAX_RETRIES = 3;
const TOKEN_REFRESH_MARGIN_MS = 120_000;

export async function collectAzureInventory(options: AzureAuditOptions): Promise<Inventory> {
  const concurrency = positiveInteger(options.concurrency ?? DEFAULT_CONCURRENCY, 'concurrency');
  const maxRetries = nonNegativeInteger(options.maxRetries ?? DEFAULT_MAX_RETRIES, 'maxRetries');
  const timeoutMs = positiveInteger(options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS, 'requestTimeoutMs');
  const subscriptionConcurrency = positiveInteger(options.subscriptionConcurrency ?? DEFAULT_SUBSCRIPTION_CONCURRENCY, 'subscriptionConcurrency');
  if (options.managementGroup !== undefined && options.subscriptions.length > 0)
    throw new AzureAuditOptionsError('--management-group and --subscription both name the scope: give the management group, or the subscriptions');
  if (options.managementGroup !== undefined && !/^[\w().-]{1,90}$/.test(options.managementGroup))
    throw new AzureAuditOptionsError(`--management-group "${options.managementGroup}" is not a management group id (letters, digits, -, _, (, ), . up to 90 characters; az account management-group list shows them)`);
  const cloud = azureCloud(options.cloud);
  const baseUrl = armBaseUrl(options.endpointUrl ?? cloud.resourceManager);
  const fixedToken = options.accessToken ?? process.env.INFERGUARD_AZURE_ACCESS_TOKEN;
  const token = fixedToken ? async () => fixedToken : credentialToken(cloud);
  if (!fixedToken) await firstToken(token);
  const ctx = new CollectionContext({ concurrency, describeFailure: describeArmFailure, ...(options.onProgress ? { onProgress: options.onProgress } : {}) });
  const arm = new ArmClient({ baseUrl, token, timeoutMs, maxRetries });
  const scope: EstateScope = { subscriptions: options.subscriptions, ...(options.managementGroup !== undefined ? { managementGroup: options.managementGroup } : {}) };
  return new AzureAudit(ctx, arm, options.onProgress).run(scope, { resourceGraph: options.resourceGraph ?? true, subscriptionConcurrency, ...(options.shard ? { shard: options.shard } : {}) });
}

/** No credential at all is no audit (exit 3 with one clear line), not one gap per call. */
export class AzureCredentialError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AzureCredentialError';
  }
}

async function firstToken(token: TokenSource): Promise<void> {
  try {
    await token();
  } catch (error) {
    const detail = (error instanceof Error ? error.message : String(error)).split('\n')[0].slice(0, 300);
    throw new AzureCredentialError(`no Azure credential (${detail}): sign in with \`az login\`, set the AZURE_CLIENT_ID/AZURE_TENANT_ID/AZURE_CLIENT_SECRET variables DefaultAzureCredential reads, or set INFERGUARD_AZURE_ACCESS_TOKEN`);
  }
}

/** DefaultAzureCredential (loaded only here), a token cached until shortly before it expires. */
function credentialToken(cloud: AzureCloud): TokenSource {
  let cached: { token: string; expiresOn: number } | undefined;
  let credential: { getToken(scope: string): Promise<{ token: string; expiresOnTimestamp: number } | null> } | undefined;
  return async () => {
    if (cached && cached.expiresOn - TOKEN_REFRESH_MARGIN_MS > Date.now()) return cached.token;
    if (!credential) {
      const identity = require('@azure/identity') as typeof import('@azure/identity');
      credential = new identity.DefaultAzureCredential({ authorityHost: cloud.authorityHost });
    }
    const result = await credential.getToken(cloud.tokenScope);
    if (!result) throw new AzureAuditOptionsError('DefaultAzureCredential returned no token: sign in with `az login`, or set INFERGUARD_AZURE_ACCESS_TOKEN');
    cached = { token: result.token, expiresOn: result.expiresOnTimestamp };
    return result.token;
  };
}

/** A key as Keys_Get answered it, or its Keys_List summary and why the Get failed. */
interface KeyRead {
  readonly key: ArmKey;
  readonly unreadReason?: string;
}

interface IdentityRead {
  readonly resource: Identity;
}

class AzureAudit {
  private readonly vaults = new Once<Read<ArmVault>>();
  private readonly vaultKeys = new Once<Read<KeyRead[]>>();
  private readonly environments = new Once<Read<ArmEnvironmentVersion>>();
  private readonly identities = new Once<IdentityRead>();
  private readonly assignments = new Once<Read<ArmRoleAssignment[]>>();
  private readonly definitions = new Once<Read<ArmRoleDefinition>>();

  constructor(
    private readonly ctx: CollectionContext,
    private readonly arm: ArmClient,
    private readonly onProgress?: ProgressListener,
  ) {}

  async run(scope: EstateScope, how: { resourceGraph: boolean; subscriptionConcurrency: number; shard?: Shard }): Promise<Inventory> {
    const estate = new AzureEstate(this.ctx, this.arm, (phase, done, total) => this.onProgress?.({ phase, done, total }));
    const discovered = await estate.discover(scope);
    const { selected, coverage } = partitionEstate(discovered.subscriptions, how.shard, discovered.inactive);
    const narrowable = how.resourceGraph ? selected.filter((id) => discovered.listed.has(id)) : [];
    const empty = narrowable.length > 0 ? await estate.withoutWorkspaces(narrowable) : new Set<string>();
    const toRead = selected.filter((id) => !empty.has(id));
    this.ctx.expect('subscriptions', selected.length);
    for (let i = 0; i < empty.size; i += 1) this.ctx.advance('subscriptions');
    const limitSubscriptions = pLimit(how.subscriptionConcurrency);
    const perSubscription = await Promise.all(
      toRead.map((subscription) =>
        limitSubscriptions(async () => {
          const found = await this.subscription(subscription);
          this.ctx.advance('subscriptions');
          return found;
        }),
      ),
    );
    const subscriptions = selected;
    const workspaces = perSubscription.flat();
    const vaults = await this.vaults.all();
    const keys = await this.vaultKeys.all();
    const identities = await this.identities.all();
    const vaultResources = vaults.flatMap((read) => (read.status === 'ok' ? [keyStoreResource(read.value)] : []));
    const keyResources = keys.flatMap((read) => (read.status === 'ok' ? read.value.map(({ key, unreadReason }) => encryptionKeyResource(key, key.id.replace(/\/keys\/[^/]+$/i, ''), unreadReason)) : []));
    const resources: Resource[] = [
      ...workspaces.flatMap((w) => [w.workspace, ...w.endpoints]),
      ...byId(vaultResources),
      ...byId(keyResources),
      ...byId(identities.map((read) => read.resource)),
    ];
    return {
      provider: 'azure',
      source: 'live',
      scope: { accounts: subscriptions, regions: [...new Set(resources.flatMap((r) => (r.region ? [r.region] : [])))].sort() },
      resources,
      gaps: [...this.ctx.gaps],
      estate: coverage,
    };
  }

  private async subscription(subscriptionId: string): Promise<{ workspace: Workspace; endpoints: InferenceEndpoint[] }[]> {
    const site: CallSite = { service: 'Microsoft.MachineLearningServices', operation: 'Workspaces_ListBySubscription', resourceId: `/subscriptions/${subscriptionId}` };
    const read = await this.pages(site, this.arm.url(`/subscriptions/${subscriptionId}/providers/Microsoft.MachineLearningServices/workspaces`, API_VERSIONS.machineLearning), workspaceShape);
    if (read.status !== 'ok') return [];
    this.ctx.expect('workspaces', read.value.length, subscriptionId);
    return Promise.all(
      read.value.map(async (ws) => {
        const result = await this.workspace(ws);
        this.ctx.advance('workspaces', subscriptionId);
        return result;
      }),
    );
  }

  private async workspace(ws: ArmWorkspace): Promise<{ workspace: Workspace; endpoints: InferenceEndpoint[] }> {
    const workspace = workspaceResource(ws);
    // The workspace's own vault and the vault of its customer key (often the same): read once each.
    const vaultIds = [ws.properties.keyVault, ws.properties.encryption?.keyVaultProperties?.keyVaultArmId].filter((id): id is string => typeof id === 'string' && id.startsWith('/'));
    for (const vaultId of vaultIds) this.readVault(vaultId);
    const keyIdentity = ws.properties.encryption?.identity?.userAssignedIdentity;
    if (keyIdentity) void this.readIdentity(keyIdentity);

    const site: CallSite = { service: 'Microsoft.MachineLearningServices', operation: 'OnlineEndpoints_List', resourceId: ws.id };
    const endpoints = await this.pages(site, this.arm.url(`${ws.id}/onlineEndpoints`, API_VERSIONS.machineLearning), onlineEndpointShape);
    if (endpoints.status !== 'ok') return { workspace, endpoints: [] };
    return { workspace, endpoints: await Promise.all(endpoints.value.map((endpoint) => this.endpoint(endpoint, ws))) };
  }

  private async endpoint(endpoint: ArmOnlineEndpoint, ws: ArmWorkspace): Promise<InferenceEndpoint> {
    const identityId = endpointIdentityId(endpoint);
    if (identityId.known && identityId.value) void this.readIdentity(identityId.value);
    const site: CallSite = { service: 'Microsoft.MachineLearningServices', operation: 'OnlineDeployments_List', resourceId: endpoint.id };
    const settingsSite: CallSite = { service: 'Microsoft.Insights', operation: 'DiagnosticSettings_List', resourceId: endpoint.id };
    const [deployments, settings] = await Promise.all([
      this.pages(site, this.arm.url(`${endpoint.id}/deployments`, API_VERSIONS.machineLearning), onlineDeploymentShape),
      this.pages(settingsSite, this.arm.url(`${endpoint.id}/providers/Microsoft.Insights/diagnosticSettings`, API_VERSIONS.insights), diagnosticSettingShape),
    ]);
    const deploymentList = deployments.status === 'ok' ? known(deployments.value) : unknown(failureReason(deployments));
    const settingList = settings.status === 'ok' ? known<readonly ArmDiagnosticSetting[]>(settings.value) : unknown(failureReason(settings));
    const deploymentsFact =
      deployments.status === 'ok'
        ? known(await Promise.all(deployments.value.map(async (d) => deploymentFacts(d, ws, identityId, await this.deploymentImages(d, ws)))))
        : unknown(failureReason(deployments));
    return {
      kind: 'endpoint',
      id: endpoint.id,
      name: endpoint.name,
      provider: 'azure',
      account: subscriptionOf(endpoint.id),
      ...(endpoint.location ? { region: endpoint.location } : {}),
      ...(endpoint.properties.provisioningState ? { status: endpoint.properties.provisioningState } : {}),
      workspaceId: ws.id,
      publicNetworkAccess: endpointPublicAccess(endpoint),
      callerAuthentication: callerAuthentication(endpoint),
      requestLogging: requestLogging(settingList, deploymentList),
      deployments: deploymentsFact,
      // Managed online endpoints keep their data under the workspace's encryption.
      storageKeyId: workspaceKeyId(ws),
      dataCapture: deployments.status === 'ok' ? known(dataCapture(deployments.value)) : unknown(failureReason(deployments)),
      asyncOutput: known(null),
      monitoringSchedules: unknown('Azure ML model monitoring schedules are not read by the auditor'),
    };
  }

  /** The image of the deployment's environment version, read once however many deployments use it. */
  private async deploymentImages(deployment: ArmOnlineDeployment, ws: ArmWorkspace): Promise<ListFact<ImageRef>> {
    const reference = deployment.properties.environmentId ?? null;
    const proof = evidence(DEPLOYMENT_TYPE, 'properties.environmentId', reference);
    const location = environmentLocation(reference, ws);
    if (!location.readable) return unknown(location.reason, proof);
    const read = await this.environments.get(location.id.toLowerCase(), () =>
      this.read({ service: 'Microsoft.MachineLearningServices', operation: 'EnvironmentVersions_Get', resourceId: location.id }, this.arm.url(location.id, API_VERSIONS.machineLearning), environmentVersionShape),
    );
    if (read.status !== 'ok') return unknown(`environment ${location.id}: ${failureReason(read)}`, proof);
    const images = environmentImages(read.value, ws);
    return images.known ? known(images.value, proof, ...images.evidence) : { ...images, evidence: [proof, ...images.evidence] };
  }

  private readVault(vaultId: string): void {
    const key = vaultId.toLowerCase();
    void this.vaults.get(key, () =>
      this.read({ service: 'Microsoft.KeyVault', operation: 'Vaults_Get', resourceId: vaultId }, this.arm.url(vaultId, API_VERSIONS.keyVault), vaultShape),
    );
    void this.vaultKeys.get(key, () => this.readKeys(vaultId));
  }

  /**
   * Every key of a vault. Keys_List answers a summary of each key (attributes and keyUri, no rotation policy: see
   * Microsoft's listKeys example), so each key is read with Keys_Get, whose body carries `rotationPolicy`.
   */
  private async readKeys(vaultId: string): Promise<Read<KeyRead[]>> {
    const listed = await this.pages({ service: 'Microsoft.KeyVault', operation: 'Keys_List', resourceId: vaultId }, this.arm.url(`${vaultId}/keys`, API_VERSIONS.keyVault), keyShape);
    if (listed.status !== 'ok') return listed;
    const reads = await Promise.all(
      listed.value.map((summary) => this.read({ service: 'Microsoft.KeyVault', operation: 'Keys_Get', resourceId: summary.id }, this.arm.url(summary.id, API_VERSIONS.keyVault), keyShape)),
    );
    // A key whose Get failed keeps its summary, its rotation unknown: the gap is listed, the key still reported.
    const keys = listed.value.map((summary, index): KeyRead => {
      const read = reads[index];
      return read.status === 'ok' ? { key: read.value } : { key: summary, unreadReason: `Keys_Get ${summary.id}: ${failureReason(read)}` };
    });
    return { status: 'ok', value: keys };
  }

  private readIdentity(identityId: string): Promise<IdentityRead> {
    return this.identities.get(identityId.toLowerCase(), async () => {
      const name = identityId.split('/').pop() ?? identityId;
      const base = { kind: 'identity' as const, id: identityId, name, provider: 'azure' as const, account: subscriptionOf(identityId) };
      const read = await this.read(
        { service: 'Microsoft.ManagedIdentity', operation: 'UserAssignedIdentities_Get', resourceId: identityId },
        this.arm.url(identityId, API_VERSIONS.managedIdentity),
        userAssignedIdentityShape,
      );
      if (read.status !== 'ok') {
        const reason = failureReason(read);
        return { resource: { ...base, statements: unknown(reason), attachedPolicies: unknown(reason) } };
      }
      const principalId = read.value.properties.principalId;
      const subscription = subscriptionOf(identityId);
      const assignments = await this.assignments.get(principalId.toLowerCase(), () =>
        this.pages(
          { service: 'Microsoft.Authorization', operation: 'RoleAssignments_ListForScope', resourceId: identityId },
          this.arm.url(`/subscriptions/${subscription}/providers/Microsoft.Authorization/roleAssignments`, API_VERSIONS.authorization, { $filter: `assignedTo('${principalId}')` }),
          roleAssignmentShape,
        ),
      );
      const region = read.value.location ? { region: read.value.location } : {};
      if (assignments.status !== 'ok') {
        const reason = failureReason(assignments);
        return { resource: { ...base, ...region, statements: unknown(reason), attachedPolicies: unknown(reason) } };
      }
      const statements: PolicyStatement[] = [];
      const attached: AttachedPolicy[] = [];
      const problems: string[] = [];
      for (const assignment of assignments.value) {
        const definitionId = assignment.properties.roleDefinitionId;
        const definition = await this.definitions.get(definitionId.toLowerCase(), () =>
          this.read({ service: 'Microsoft.Authorization', operation: 'RoleDefinitions_Get', resourceId: definitionId }, this.arm.url(definitionId, API_VERSIONS.authorization), roleDefinitionShape),
        );
        if (definition.status !== 'ok') {
          problems.push(`role ${definitionId} at ${assignment.properties.scope}: ${failureReason(definition)}`);
          continue;
        }
        statements.push(...assignmentStatements(assignment, definition.value));
        attached.push({ id: definition.value.id, name: definition.value.properties.roleName, providerManaged: /^BuiltInRole$/i.test(definition.value.properties.type) });
      }
      return {
        resource: {
          ...base,
          ...region,
          statements: listFact(statements, problems),
          attachedPolicies: problems.length === 0 ? known(attached) : unknown(problems.join('; ')),
        },
      };
    });
  }

  private read<T>(site: CallSite, url: string, shape: z.ZodType<T>): Promise<Read<T>> {
    return this.ctx.call(site, () => this.arm.get(url, shape));
  }

  /** Every page of a list, following ARM's absolute nextLink. */
  private pages<T>(site: CallSite, firstUrl: string, item: z.ZodType<T>): Promise<Read<T[]>> {
    const shape = listPage(item);
    return this.ctx.callPages<T>(site, async (nextLink) => {
      const page = (await this.arm.get(nextLink ?? firstUrl, shape)) as { value: T[]; nextLink?: string | null };
      return { items: page.value, next: page.nextLink || undefined };
    });
  }
}

function dataCapture(deployments: readonly ArmOnlineDeployment[]): { enabled: boolean; keyId: null; destinationStoreId: null } {
  return { enabled: collectsData(deployments), keyId: null, destinationStoreId: null };
}

function failureReason(read: Read<unknown>): string {
  return read.status === 'failed' ? read.reason : read.status === 'absent' ? `not found (${read.errorCode})` : 'read';
}

function byId<R extends { id: string }>(resources: readonly R[]): R[] {
  const seen = new Map<string, R>();
  for (const r of resources) if (!seen.has(r.id.toLowerCase())) seen.set(r.id.toLowerCase(), r);
  return [...seen.values()].sort((a, b) => a.id.localeCompare(b.id));
}

function positiveInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) throw new AzureAuditOptionsError(`${name} must be a positive integer, got ${value}`);
  return value;
}

function nonNegativeInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 0) throw new AzureAuditOptionsError(`${name} must be a whole number of at least 0, got ${value}`);
  return value;
}

