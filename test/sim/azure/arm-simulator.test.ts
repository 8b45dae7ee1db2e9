import {
  BUILT_IN_ROLES,
  COMPLIANT_SUBSCRIPTION_ID,
  NON_COMPLIANT_SUBSCRIPTION_ID,
  compliantScenario,
  createAzureArmHandler,
  demoScenario,
  generatedScenario,
  nonCompliantScenario,
  parseAzureFaultRule,
  servedActions,
  startAzureSimulator,
  type RunningAzureSimulator,
} from '../../../sim/azure';
import { armClient, jsonOf, type ArmClient } from './arm-client';
import { exampleBody, shapeMismatches } from './shape';

const ML = '2025-12-01';
const KV = '2026-02-01';
const NET = '2025-05-01';
const AUTHZ = '2022-04-01';
const MSI = '2023-01-31';
const SUBS = '2022-12-01';
const prodGroup = `/subscriptions/${COMPLIANT_SUBSCRIPTION_ID}/resourceGroups/ml-prod`;
const devGroup = `/subscriptions/${NON_COMPLIANT_SUBSCRIPTION_ID}/resourceGroups/ml-dev`;
const prodWorkspace = `${prodGroup}/providers/Microsoft.MachineLearningServices/workspaces/churn-ws`;
const devWorkspace = `${devGroup}/providers/Microsoft.MachineLearningServices/workspaces/fraud-ws`;

let sim: RunningAzureSimulator;
let client: ArmClient;

beforeAll(async () => {
  sim = await startAzureSimulator(demoScenario());
  client = armClient(sim.url);
});
afterAll(() => sim.close());
beforeEach(() => {
  sim.setFaults([]);
  sim.resetCalls();
});

describe('ARM rules', () => {
  it('refuses a call without api-version with ARM’s error body', async () => {
    const response = await client.get(`${prodWorkspace}`);
    expect(response.status).toBe(400);
    expect(jsonOf(response)).toEqual({ error: { code: 'MissingApiVersionParameter', message: 'The api-version query parameter (?api-version=) is required for all requests.' } });
  });

  it('refuses a malformed api-version', async () => {
    const response = await client.get(`${prodWorkspace}?api-version=latest`);
    expect(response.status).toBe(400);
    expect(jsonOf(response)).toMatchObject({ error: { code: 'InvalidApiVersionParameter' } });
  });

  it('answers 401 AuthenticationFailed without a bearer token', async () => {
    const response = await client.get(`${prodWorkspace}?api-version=${ML}`, { withToken: false });
    expect(response.status).toBe(401);
    expect(jsonOf(response)).toMatchObject({ error: { code: 'AuthenticationFailed' } });
  });

  it('serves reads only', async () => {
    const response = await sim.handler.handle({ method: 'DELETE', path: prodWorkspace, query: new URLSearchParams({ 'api-version': ML }), headers: { authorization: 'Bearer x' } });
    expect(response.status).toBe(405);
  });

  it('matches ids case-insensitively, as ARM does', async () => {
    const response = await client.get(`${prodWorkspace.toLowerCase()}?api-version=${ML}`);
    expect(response.status).toBe(200);
    expect(jsonOf(response).id).toBe(prodWorkspace);
  });

  it('answers 404 with ResourceNotFound, ResourceGroupNotFound and SubscriptionNotFound', async () => {
    const missing = await client.get(`${prodGroup}/providers/Microsoft.MachineLearningServices/workspaces/nope?api-version=${ML}`);
    expect(missing.status).toBe(404);
    expect(jsonOf(missing)).toEqual({
      error: {
        code: 'ResourceNotFound',
        message: "The Resource 'Microsoft.MachineLearningServices/workspaces/nope' under resource group 'ml-prod' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix",
      },
    });
    const group = await client.get(`/subscriptions/${COMPLIANT_SUBSCRIPTION_ID}/resourceGroups/nope/providers/Microsoft.MachineLearningServices/workspaces?api-version=${ML}`);
    expect(jsonOf(group)).toEqual({ error: { code: 'ResourceGroupNotFound', message: "Resource group 'nope' could not be found." } });
    const subscription = await client.get(`/subscriptions/00000000-0000-0000-0000-000000000000/providers/Microsoft.MachineLearningServices/workspaces?api-version=${ML}`);
    expect(subscription.status).toBe(404);
    expect(jsonOf(subscription)).toMatchObject({ error: { code: 'SubscriptionNotFound' } });
    const endpointOfMissingWorkspace = await client.get(`${prodGroup}/providers/Microsoft.MachineLearningServices/workspaces/nope/onlineEndpoints?api-version=${ML}`);
    expect(endpointOfMissingWorkspace.status).toBe(404);
  });

  it('answers an unknown resource type with InvalidResourceType', async () => {
    const response = await client.get(`${prodGroup}/providers/Microsoft.Storage/storageAccounts?api-version=2024-01-01`);
    expect(response.status).toBe(404);
    expect(jsonOf(response)).toMatchObject({ error: { code: 'InvalidResourceType' } });
  });
});

describe('paging', () => {
  it('pages every list with absolute nextLinks that the SDK follows to the end', async () => {
    const many = await startAzureSimulator(generatedScenario(7), { pageSize: 3 });
    try {
      const pager = armClient(many.url);
      const subscriptionId = (generatedScenario(7).subscriptions[0]).subscriptionId;
      const first = jsonOf(await pager.get(`/subscriptions/${subscriptionId}/providers/Microsoft.MachineLearningServices/workspaces?api-version=${ML}`));
      expect(String(first.nextLink)).toMatch(new RegExp(`^${many.url}/subscriptions/${subscriptionId}/providers/Microsoft.MachineLearningServices/workspaces\\?api-version=${ML}&%24skipToken=`));
      const { items, pages } = await pager.listAll(`/subscriptions/${subscriptionId}/providers/Microsoft.MachineLearningServices/workspaces?api-version=${ML}`);
      expect(pages).toBe(3);
      expect(items.map((item) => item.name)).toEqual(['m0-ws', 'm1-ws', 'm2-ws', 'm3-ws', 'm4-ws', 'm5-ws', 'm6-ws']);
      const bad = await pager.get(`/subscriptions/${subscriptionId}/providers/Microsoft.MachineLearningServices/workspaces?api-version=${ML}&$skipToken=zz`);
      expect(bad.status).toBe(400);
    } finally {
      await many.close();
    }
  });
});

describe('Microsoft.MachineLearningServices', () => {
  it('lists workspaces by subscription and resource group, in the documented shape', async () => {
    const bySubscription = await client.listAll(`/subscriptions/${COMPLIANT_SUBSCRIPTION_ID}/providers/Microsoft.MachineLearningServices/workspaces?api-version=${ML}`);
    expect(bySubscription.items.map((item) => item.id)).toEqual([prodWorkspace]);
    const byGroup = await client.listAll(`${devGroup}/providers/Microsoft.MachineLearningServices/workspaces?api-version=${ML}`);
    expect(byGroup.items.map((item) => item.id)).toEqual([devWorkspace]);
    const rules = {
      freeForm: ['identity.userAssignedIdentities', 'properties.managedNetwork.outboundRules', 'tags'],
      documentedExtras: ['kind', 'sku', 'systemData', 'tags', 'properties.provisioningState', 'properties.v1LegacyMode', 'properties.workspaceId'],
    };
    for (const item of [...bySubscription.items, ...byGroup.items]) expect(shapeMismatches(item, exampleBody('ml_workspace_get.json'), rules)).toEqual([]);
    expect(sim.calls().map((call) => call.operation)).toEqual(['Workspaces_ListBySubscription', 'Workspaces_ListByResourceGroup']);
  });

  it('gets a workspace with its managed network, encryption and private endpoint connections', async () => {
    const ws = jsonOf(await client.get(`${prodWorkspace}?api-version=${ML}`));
    expect(ws).toMatchObject({
      properties: {
        publicNetworkAccess: 'Disabled',
        managedNetwork: { isolationMode: 'AllowOnlyApprovedOutbound' },
        encryption: { status: 'Enabled', keyVaultProperties: { keyVaultArmId: `${prodGroup}/providers/Microsoft.KeyVault/vaults/churnkv` } },
        privateEndpointConnections: [{ properties: { privateLinkServiceConnectionState: { status: 'Approved' } } }],
      },
    });
    const dev = jsonOf(await client.get(`${devWorkspace}?api-version=${ML}`));
    expect(dev.properties).toMatchObject({ publicNetworkAccess: 'Enabled', managedNetwork: { isolationMode: 'Disabled' }, privateEndpointConnections: [] });
    expect((dev.properties as Record<string, unknown>).encryption).toBeUndefined();
  });

  it('lists and gets private endpoint connections of a workspace', async () => {
    const { items } = await client.listAll(`${prodWorkspace}/privateEndpointConnections?api-version=${ML}`);
    expect(items).toHaveLength(1);
    const one = await client.get(`${String(items[0].id)}?api-version=${ML}`);
    expect(jsonOf(one)).toEqual(items[0]);
    expect(sim.calls().map((call) => call.operation)).toEqual(['PrivateEndpointConnections_List', 'PrivateEndpointConnections_Get']);
  });

  it('lists and gets online endpoints and deployments in the documented shape', async () => {
    const endpoints = await client.listAll(`${devWorkspace}/onlineEndpoints?api-version=${ML}`);
    expect(endpoints.items).toHaveLength(1);
    const endpoint = endpoints.items[0];
    expect(endpoint.properties).toMatchObject({ authMode: 'Key', publicNetworkAccess: 'Enabled' });
    const endpointRules = { freeForm: ['properties.properties', 'properties.traffic', 'properties.mirrorTraffic', 'identity.userAssignedIdentities', 'tags'], documentedExtras: ['properties.publicNetworkAccess', 'properties.mirrorTraffic'] };
    expect(shapeMismatches(endpoint, exampleBody('ml_online_endpoint_get.json'), endpointRules)).toEqual([]);
    expect(jsonOf(await client.get(`${String(endpoint.id)}?api-version=${ML}`))).toEqual(endpoint);

    const deployments = await client.listAll(`${String(endpoint.id)}/deployments?api-version=${ML}`);
    expect(deployments.items.map((item) => item.name)).toEqual(['blue']);
    const deployment = jsonOf(await client.get(`${String(endpoint.id)}/deployments/blue?api-version=${ML}`));
    expect(deployment).toMatchObject({ sku: { capacity: 1 }, properties: { endpointComputeType: 'Managed', egressPublicNetworkAccess: 'Enabled' } });
    const deploymentRules = { freeForm: ['properties.properties', 'properties.environmentVariables', 'tags'], documentedExtras: ['properties.egressPublicNetworkAccess'] };
    expect(shapeMismatches(deployment, exampleBody('ml_online_deployment_managed_get.json'), deploymentRules)).toEqual([]);
    expect(sim.calls().map((call) => call.operation)).toEqual(['OnlineEndpoints_List', 'OnlineEndpoints_Get', 'OnlineDeployments_List', 'OnlineDeployments_Get']);
  });
});

describe('Microsoft.KeyVault, Microsoft.Network, Microsoft.ManagedIdentity', () => {
  it('gets vaults and keys, with the rotation policy when there is one', async () => {
    const vaults = await client.listAll(`/subscriptions/${COMPLIANT_SUBSCRIPTION_ID}/providers/Microsoft.KeyVault/vaults?api-version=${KV}`);
    expect(vaults.items.map((item) => item.name)).toEqual(['churnkv']);
    const hardened = vaults.items[0];
    expect(hardened.properties).toMatchObject({ enablePurgeProtection: true, enableRbacAuthorization: true, publicNetworkAccess: 'Disabled', networkAcls: { defaultAction: 'Deny' } });
    const vaultRules = { freeForm: ['tags'], documentedExtras: ['properties.enableSoftDelete', 'properties.softDeleteRetentionInDays', 'properties.enableRbacAuthorization', 'properties.enablePurgeProtection', 'properties.networkAcls'] };
    expect(shapeMismatches(hardened, exampleBody('keyvault_vault_get.json'), vaultRules)).toEqual([]);
    const weak = jsonOf(await client.get(`${devGroup}/providers/Microsoft.KeyVault/vaults/fraudkv?api-version=${KV}`));
    expect(weak.properties).toMatchObject({ enableRbacAuthorization: false, publicNetworkAccess: 'Enabled' });
    expect((weak.properties as Record<string, unknown>).enablePurgeProtection).toBeUndefined();

    const keys = await client.listAll(`${String(hardened.id)}/keys?api-version=${KV}`);
    expect(keys.items).toHaveLength(1);
    // Keys_List answers a summary per key (as Microsoft's listKeys example does): no rotation policy there.
    expect(Object.keys(keys.items[0].properties as Record<string, unknown>).sort()).toEqual(['attributes', 'keyUri']);
    const rotating = jsonOf(await client.get(`${String(keys.items[0].id)}?api-version=${KV}`));
    expect(rotating.properties).toMatchObject({ rotationPolicy: { lifetimeActions: [{ trigger: { timeAfterCreate: 'P365D' }, action: { type: 'rotate' } }, { action: { type: 'notify' } }] } });
    const keyRules = { freeForm: ['tags'], documentedExtras: ['tags', 'properties.rotationPolicy', 'properties.attributes.exportable'] };
    expect(shapeMismatches(rotating, exampleBody('keyvault_key_get.json'), keyRules)).toEqual([]);
    const stale = jsonOf(await client.get(`${devGroup}/providers/Microsoft.KeyVault/vaults/fraudkv/keys/fraud-key?api-version=${KV}`));
    expect((stale.properties as Record<string, unknown>).rotationPolicy).toBeUndefined();
  });

  it('lists and gets private endpoints in the documented shape', async () => {
    const inGroup = await client.listAll(`${prodGroup}/providers/Microsoft.Network/privateEndpoints?api-version=${NET}`);
    const inSubscription = await client.listAll(`/subscriptions/${COMPLIANT_SUBSCRIPTION_ID}/providers/Microsoft.Network/privateEndpoints?api-version=${NET}`);
    expect(inGroup.items).toEqual(inSubscription.items);
    const endpoint = jsonOf(await client.get(`${String(inGroup.items[0].id)}?api-version=${NET}`));
    expect(endpoint).toMatchObject({ properties: { privateLinkServiceConnections: [{ properties: { privateLinkServiceId: prodWorkspace, groupIds: ['amlworkspace'], privateLinkServiceConnectionState: { status: 'Approved' } } }] } });
    const rules = { freeForm: ['tags'], documentedExtras: ['tags', 'properties.privateLinkServiceConnections[].name', 'properties.privateLinkServiceConnections[].type', 'properties.privateLinkServiceConnections[].properties.provisioningState'] };
    expect(shapeMismatches(endpoint, exampleBody('network_private_endpoint_get.json'), rules)).toEqual([]);
    expect(sim.calls().map((call) => call.operation)).toEqual(['PrivateEndpoints_List', 'PrivateEndpoints_ListBySubscription', 'PrivateEndpoints_Get']);
  });

  it('lists and gets user-assigned identities', async () => {
    const { items } = await client.listAll(`${prodGroup}/providers/Microsoft.ManagedIdentity/userAssignedIdentities?api-version=${MSI}`);
    expect(items.map((item) => item.name).sort()).toEqual(['churn-endpoint-identity', 'churn-key-identity']);
    const one = jsonOf(await client.get(`${String(items[0].id)}?api-version=${MSI}`));
    expect(one.properties).toEqual({ tenantId: expect.any(String), principalId: expect.any(String), clientId: expect.any(String) });
  });
});

describe('Microsoft.Authorization and subscriptions', () => {
  const devGroupOwner = (items: Record<string, unknown>[]): Record<string, unknown> | undefined =>
    items.find((item) => String((item.properties as Record<string, unknown>).roleDefinitionId).endsWith(BUILT_IN_ROLES.owner.id));

  it('lists role assignments for a scope: atScope() keeps those at or above it', async () => {
    const atGroup = await client.listAll(`${devGroup}/providers/Microsoft.Authorization/roleAssignments?api-version=${AUTHZ}&$filter=atScope()`);
    expect(devGroupOwner(atGroup.items)?.properties).toMatchObject({ scope: devGroup, principalType: 'ServicePrincipal' });
    const atWorkspace = await client.listAll(`${devWorkspace}/providers/Microsoft.Authorization/roleAssignments?api-version=${AUTHZ}&$filter=atScope()`);
    expect(devGroupOwner(atWorkspace.items)).toBeDefined();
    const atSubscription = await client.listAll(`/subscriptions/${NON_COMPLIANT_SUBSCRIPTION_ID}/providers/Microsoft.Authorization/roleAssignments?api-version=${AUTHZ}&$filter=atScope()`);
    expect(atSubscription.items).toEqual([]);
    const belowSubscription = await client.listAll(`/subscriptions/${NON_COMPLIANT_SUBSCRIPTION_ID}/providers/Microsoft.Authorization/roleAssignments?api-version=${AUTHZ}`);
    expect(belowSubscription.items).toHaveLength(1);
    const principalId = String((devGroupOwner(atGroup.items)?.properties as Record<string, unknown>).principalId);
    const byPrincipal = await client.listAll(`/subscriptions/${NON_COMPLIANT_SUBSCRIPTION_ID}/providers/Microsoft.Authorization/roleAssignments?api-version=${AUTHZ}&$filter=${encodeURIComponent(`principalId eq '${principalId}'`)}`);
    expect(byPrincipal.items).toHaveLength(1);
    const unsupported = await client.get(`${devGroup}/providers/Microsoft.Authorization/roleAssignments?api-version=${AUTHZ}&$filter=${encodeURIComponent("roleName eq 'Owner'")}`);
    expect(unsupported.status).toBe(400);
    const one = await client.get(`${String(devGroupOwner(atGroup.items)?.id)}?api-version=${AUTHZ}`);
    expect(jsonOf(one)).toEqual(devGroupOwner(atGroup.items));
  });

  it('gets and lists role definitions, with a roleName filter', async () => {
    const owner = jsonOf(await client.get(`/subscriptions/${COMPLIANT_SUBSCRIPTION_ID}/providers/Microsoft.Authorization/roleDefinitions/${BUILT_IN_ROLES.owner.id}?api-version=${AUTHZ}`));
    expect(owner).toMatchObject({ id: `/subscriptions/${COMPLIANT_SUBSCRIPTION_ID}/providers/Microsoft.Authorization/roleDefinitions/${BUILT_IN_ROLES.owner.id}`, properties: { roleName: 'Owner', type: 'BuiltInRole', permissions: [{ actions: ['*'] }] } });
    const filtered = await client.listAll(`${prodGroup}/providers/Microsoft.Authorization/roleDefinitions?api-version=${AUTHZ}&$filter=${encodeURIComponent("roleName eq 'AcrPull'")}`);
    expect(filtered.items.map((item) => (item.properties as Record<string, unknown>).roleName)).toEqual(['AcrPull']);
    const missing = await client.get(`/subscriptions/${COMPLIANT_SUBSCRIPTION_ID}/providers/Microsoft.Authorization/roleDefinitions/00000000-0000-0000-0000-000000000001?api-version=${AUTHZ}`);
    expect(jsonOf(missing)).toMatchObject({ error: { code: 'RoleDefinitionDoesNotExist' } });
  });

  it('lists subscriptions and resource groups', async () => {
    const subscriptions = jsonOf(await client.get(`/subscriptions?api-version=${SUBS}`));
    expect(subscriptions.count).toEqual({ type: 'Total', value: 2 });
    expect((subscriptions.value as Record<string, unknown>[]).map((item) => item.subscriptionId)).toEqual([COMPLIANT_SUBSCRIPTION_ID, NON_COMPLIANT_SUBSCRIPTION_ID]);
    const groups = await client.listAll(`/subscriptions/${COMPLIANT_SUBSCRIPTION_ID}/resourcegroups?api-version=${SUBS}`);
    expect(groups.items.map((item) => item.name)).toEqual(['ml-prod']);
  });
});

describe('faults', () => {
  it('AuthorizationFailed: 403 naming the action and scope', async () => {
    sim.setFaults([{ operation: 'Workspaces_Get', fault: 'AuthorizationFailed', pathContains: 'fraud-ws' }]);
    const denied = await client.get(`${devWorkspace}?api-version=${ML}`);
    expect(denied.status).toBe(403);
    expect(jsonOf(denied)).toMatchObject({ error: { code: 'AuthorizationFailed', message: expect.stringContaining("perform action 'Microsoft.MachineLearningServices/workspaces/read' over scope") } });
    expect((await client.get(`${prodWorkspace}?api-version=${ML}`)).status).toBe(200);
  });

  it('Throttled: 429 with Retry-After, which the SDK pipeline honours and then succeeds', async () => {
    sim.setFaults([{ operation: 'Vaults_Get', fault: 'Throttled', times: 1 }]);
    const retrying = armClient(sim.url, 3);
    const response = await retrying.get(`${prodGroup}/providers/Microsoft.KeyVault/vaults/churnkv?api-version=${KV}`);
    expect(response.status).toBe(200);
    expect(sim.calls().map((call) => [call.status, call.fault])).toEqual([[429, 'Throttled'], [200, undefined]]);
    sim.setFaults([{ operation: 'Vaults_Get', fault: 'Throttled' }]);
    const throttled = await client.get(`${prodGroup}/providers/Microsoft.KeyVault/vaults/churnkv?api-version=${KV}`);
    expect(throttled.headers.get('retry-after')).toBe('1');
    expect(jsonOf(throttled)).toMatchObject({ error: { code: 'SubscriptionRequestsThrottled' } });
  });

  it('InternalError: 500, retried by the SDK', async () => {
    sim.setFaults([{ operation: 'OnlineEndpoints_List', fault: 'InternalError', times: 1 }]);
    const response = await armClient(sim.url, 2).get(`${prodWorkspace}/onlineEndpoints?api-version=${ML}`);
    expect(response.status).toBe(200);
    expect(sim.calls().map((call) => call.status)).toEqual([500, 200]);
  });

  it('Hang: the call never answers and the client times out', async () => {
    const hanging = await startAzureSimulator(compliantScenario(), { hangMs: 5_000, faults: [{ operation: 'Keys_List', fault: 'Hang' }] });
    try {
      await expect(armClient(hanging.url).get(`${prodGroup}/providers/Microsoft.KeyVault/vaults/churnkv/keys?api-version=${KV}`, { timeoutMs: 200 })).rejects.toThrow();
    } finally {
      await hanging.close();
    }
  });

  it('Truncated, EmptyBody, ForeignBody and ForeignJson answer 200 with a body that is not the documented shape', async () => {
    const path = `${prodWorkspace}/onlineEndpoints?api-version=${ML}`;
    sim.setFaults([{ operation: 'OnlineEndpoints_List', fault: 'Truncated', times: 1 }]);
    const truncated = await client.get(path);
    expect(truncated.status).toBe(200);
    expect(() => JSON.parse(truncated.bodyAsText ?? '')).toThrow();
    sim.setFaults([{ operation: 'OnlineEndpoints_List', fault: 'EmptyBody', times: 1 }]);
    expect((await client.get(path)).bodyAsText ?? '').toBe('');
    sim.setFaults([{ operation: 'OnlineEndpoints_List', fault: 'ForeignBody', times: 1 }]);
    const foreign = await client.get(path);
    expect(foreign.headers.get('content-type')).toMatch(/text\/html/);
    expect(foreign.bodyAsText).toContain('Sign in to your account');
    sim.setFaults([{ operation: 'OnlineEndpoints_List', fault: 'ForeignJson', times: 1 }]);
    expect(jsonOf(await client.get(path))).toEqual({});
    expect(jsonOf(await client.get(path)).value).toHaveLength(1);
  });

  it('parses fault rules and explains bad ones', () => {
    expect(parseAzureFaultRule('Workspaces_Get=AuthorizationFailed,path=prod,times=2')).toEqual({ operation: 'Workspaces_Get', fault: 'AuthorizationFailed', pathContains: 'prod', times: 2 });
    expect(parseAzureFaultRule('*=Throttled,everyNth=3')).toEqual({ operation: '*', fault: 'Throttled', everyNth: 3 });
    expect(() => parseAzureFaultRule('workspaces_get=Hang')).toThrow('Did you mean Workspaces_Get?');
    expect(() => parseAzureFaultRule('Workspaces_Get=Slow')).toThrow('Unknown fault "Slow"');
  });
});

describe('request log', () => {
  it('records operation, RBAC action, api-version and status of every call', async () => {
    await client.get(`${prodWorkspace}?api-version=${ML}`);
    await client.get(`${prodWorkspace}`);
    expect(sim.calls()).toEqual([
      { method: 'GET', path: prodWorkspace, operation: 'Workspaces_Get', action: 'Microsoft.MachineLearningServices/workspaces/read', apiVersion: ML, status: 200 },
      { method: 'GET', path: prodWorkspace, operation: 'Workspaces_Get', action: 'Microsoft.MachineLearningServices/workspaces/read', status: 400 },
    ]);
  });

  it('every served action is a read', () => {
    for (const action of servedActions()) expect(action).toMatch(/\/read$/);
  });
});

describe('the handler without a server', () => {
  it('answers the same request shape a shared router passes in, after the injected latency', async () => {
    const handler = createAzureArmHandler(compliantScenario(), { latencyMs: 20, pageSize: 1 });
    const response = await handler.handle({
      method: 'GET',
      path: `${prodGroup}/providers/Microsoft.ManagedIdentity/userAssignedIdentities`,
      query: new URLSearchParams({ 'api-version': MSI }),
      headers: { authorization: 'Bearer x', host: 'sim.local:8443' },
    });
    expect(response.status).toBe(200);
    expect(String(JSON.parse(response.body).nextLink)).toMatch(/^http:\/\/sim\.local:8443\/subscriptions\//);
    expect(handler.calls()).toHaveLength(1);
    handler.close();
  });

  it('refuses negative latency and a page size below 1', () => {
    expect(() => createAzureArmHandler(compliantScenario(), { latencyMs: -1 })).toThrow('latencyMs');
    expect(() => createAzureArmHandler(compliantScenario(), { pageSize: 0 })).toThrow('pageSize');
  });
});

describe('scenarios', () => {
  it('non-compliant scenario carries each seeded mistake', async () => {
    const single = await startAzureSimulator(nonCompliantScenario());
    try {
      const armc = armClient(single.url);
      const endpoint = jsonOf(await armc.get(`${devWorkspace}/onlineEndpoints/fraud?api-version=${ML}`));
      expect(endpoint.properties).toMatchObject({ authMode: 'Key', publicNetworkAccess: 'Enabled' });
      const subscriptions = jsonOf(await armc.get(`/subscriptions?api-version=${SUBS}`));
      expect((subscriptions.value as unknown[]).length).toBe(1);
    } finally {
      await single.close();
    }
  });

  it('rejects duplicate resource ids in a scenario', async () => {
    const scenario = compliantScenario();
    await expect(startAzureSimulator({ ...scenario, resources: [...scenario.resources, scenario.resources[0]] })).rejects.toThrow('two resources with id');
  });

  it('the shape check itself catches a wrongly cased or retyped field', () => {
    const example = exampleBody('ml_online_endpoint_get.json');
    expect(shapeMismatches({ id: 'x', Properties: {} }, example)).toEqual(['Properties: not in the example']);
    expect(shapeMismatches({ properties: { authMode: 1 } }, example)).toEqual(['properties.authMode: number where the example has string']);
  });
});
