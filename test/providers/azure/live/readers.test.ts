// The live Azure readers over HTTP against the ARM simulator: facts of the seeded scenarios, a 403 on one
// workspace, untrustworthy 200 answers, paging, shared reads once, and option checks.
import { collectAzureInventory, AzureAuditOptionsError } from '../../../../providers/azure/live/index';
import { resourcesOfKind, type Fact, type ImageRef, type Inventory, type ListFact } from '../../../../policies/model';
import {
  COMPLIANT_SUBSCRIPTION_ID,
  NON_COMPLIANT_SUBSCRIPTION_ID,
  SIM_IMAGE_DIGEST,
  compliantScenario,
  demoScenario,
  diagnosticSetting,
  environmentVersion,
  generatedScenario,
  nonCompliantScenario,
  startAzureSimulator,
  type ArmResource,
  type AzureScenario,
  type AzureServerOptions,
  type DiagnosticSettingOptions,
  type RunningAzureSimulator,
} from '../../../../sim/azure';

const running: RunningAzureSimulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((sim) => sim.close()));
});

async function audit(scenario: AzureScenario, options: AzureServerOptions = {}, subscriptions: string[] = []): Promise<{ inventory: Inventory; sim: RunningAzureSimulator }> {
  const sim = await startAzureSimulator(scenario, options);
  running.push(sim);
  const inventory = await collectAzureInventory({ subscriptions, endpointUrl: sim.url, accessToken: 'simulator-token', maxRetries: 1, requestTimeoutMs: 5_000 });
  return { inventory, sim };
}

function value<T>(fact: Fact<T>): T {
  if (!fact.known) throw new Error(`expected a known fact, got unknown: ${fact.reason}`);
  return fact.value;
}

function byName<R extends { name: string }>(resources: readonly R[], name: string): R {
  const found = resources.find((r) => r.name === name);
  if (!found) throw new Error(`no resource named ${name} in ${resources.map((r) => r.name).join(', ')}`);
  return found;
}

describe('collectAzureInventory against the ARM simulator', () => {
  it('states the compliant scenario as the model: private endpoint, Entra ID auth, managed network, customer key, hardened vault', async () => {
    const { inventory } = await audit(compliantScenario());
    expect(inventory.gaps).toEqual([]);
    expect(inventory.scope.accounts).toEqual([COMPLIANT_SUBSCRIPTION_ID]);
    const ws = byName(resourcesOfKind(inventory, 'workspace'), 'churn-ws');
    expect(value(ws.publicNetworkAccess)).toBe(false);
    expect(value(ws.managedNetworkOutbound)).toBe('approved-only');
    expect(value(ws.privateEndpointConnections).map((c) => c.status)).toEqual(['approved']);
    const keyId = value(ws.encryptionKeyId);
    expect(keyId).toMatch(/\/providers\/Microsoft\.KeyVault\/vaults\/churnkv\/keys\/churn-key$/);

    const endpoint = byName(resourcesOfKind(inventory, 'endpoint'), 'churn');
    expect(endpoint.workspaceId).toBe(ws.id);
    expect(value(endpoint.publicNetworkAccess)).toBe(false);
    expect(value(endpoint.callerAuthentication)).toBe('provider-identity');
    const [deployment] = value(endpoint.deployments);
    expect(value(deployment.instanceCount)).toBe(2);
    expect(value(deployment.outbound)).toBe('approved-only');
    expect(value(deployment.network)).toMatchObject({ kind: 'provider-managed' });
    // The deployment says Enabled, and the evidence states that the platform ignores it under a managed network.
    expect(deployment.outbound.evidence.some((e) => e.path.includes('egressPublicNetworkAccess (ignored') && e.value === 'Enabled')).toBe(true);
    // The environment version names the image in the workspace's own registry, by digest.
    expect(value(deployment.images)).toEqual([
      { uri: `churnacr.azurecr.io/churn-scorer@${SIM_IMAGE_DIGEST}`, repositoryId: null, registry: 'private', registryAccount: COMPLIANT_SUBSCRIPTION_ID, digest: SIM_IMAGE_DIGEST, tag: null },
    ]);
    expect(value(endpoint.requestLogging!)).toEqual({ enabled: true, content: 'access', destination: { kind: 'log-workspace', id: expect.stringMatching(/\/Microsoft\.OperationalInsights\/workspaces\/churn-logs$/) } });
    expect(value(deployment.identityId)).toMatch(/userAssignedIdentities\/churn-endpoint-identity$/);

    const key = resourcesOfKind(inventory, 'key').find((k) => k.id === keyId);
    expect(key && value(key.rotationPeriodDays)).toBe(365);
    expect(key?.storeId).toMatch(/vaults\/churnkv$/);
    const store = byName(resourcesOfKind(inventory, 'key-store'), 'churnkv');
    expect([value(store.softDelete), value(store.purgeProtection), value(store.accessModel), value(store.publicNetworkAccess)]).toEqual([true, true, 'role-based', false]);

    const identity = byName(resourcesOfKind(inventory, 'identity'), 'churn-endpoint-identity');
    const statements = value(identity.statements);
    expect(statements.map((s) => s.origin).sort()).toEqual(expect.arrayContaining([expect.stringContaining('AcrPull'), expect.stringContaining('Storage Blob Data Reader')]));
    expect(statements.flatMap((s) => s.serviceWideActions)).toEqual([]);
    expect(value(identity.attachedPolicies).every((p) => p.providerManaged)).toBe(true);
  });

  it('states every mistake of the non-compliant scenario', async () => {
    const { inventory } = await audit(nonCompliantScenario());
    expect(inventory.gaps).toEqual([]);
    const ws = byName(resourcesOfKind(inventory, 'workspace'), 'fraud-ws');
    expect(value(ws.publicNetworkAccess)).toBe(true);
    expect(value(ws.managedNetworkOutbound)).toBeNull();
    expect(value(ws.encryptionKeyId)).toBeNull();
    const endpoint = byName(resourcesOfKind(inventory, 'endpoint'), 'fraud');
    expect(value(endpoint.publicNetworkAccess)).toBe(true);
    expect(value(endpoint.callerAuthentication)).toBe('static-key');
    const [deployment] = value(endpoint.deployments);
    expect(value(deployment.outbound)).toBe('open');
    expect(value(deployment.network)).toBeNull();
    expect(value(deployment.instanceCount)).toBe(1);
    expect(value(deployment.images)).toEqual([
      { uri: 'mcr.microsoft.com/azureml/minimal-ubuntu22.04-py39-cpu-inference:latest', repositoryId: null, registry: 'public', registryAccount: null, digest: null, tag: 'latest' },
    ]);
    // Console logs to a storage account, the traffic log switched off: requests are not logged.
    expect(value(endpoint.requestLogging!)).toEqual({ enabled: false, content: null, destination: null });
    const key = byName(resourcesOfKind(inventory, 'key'), 'fraud-key');
    expect(value(key.rotationPeriodDays)).toBeNull();
    const store = byName(resourcesOfKind(inventory, 'key-store'), 'fraudkv');
    expect([value(store.purgeProtection), value(store.accessModel), value(store.publicNetworkAccess)]).toEqual([false, 'store-policy', true]);
    const identity = byName(resourcesOfKind(inventory, 'identity'), 'fraud-endpoint-identity');
    const owner = value(identity.statements).find((s) => s.origin.includes('Owner'));
    expect(owner?.serviceWideActions).toEqual(['*']);
    expect(owner?.handsOffIdentities).toBe(true);
    expect(owner?.resources).toEqual([expect.stringMatching(/\/resourceGroups\/ml-dev$/)]);
  });

  it('lists every subscription the credential can see by default, and only the named ones with --subscription', async () => {
    const all = await audit(demoScenario());
    expect([...all.inventory.scope.accounts].sort()).toEqual([COMPLIANT_SUBSCRIPTION_ID, NON_COMPLIANT_SUBSCRIPTION_ID].sort());
    expect(resourcesOfKind(all.inventory, 'workspace').map((w) => w.name).sort()).toEqual(['churn-ws', 'fraud-ws']);
    const one = await audit(demoScenario(), {}, [NON_COMPLIANT_SUBSCRIPTION_ID]);
    expect(resourcesOfKind(one.inventory, 'workspace').map((w) => w.name)).toEqual(['fraud-ws']);
    expect(one.sim.calls().some((c) => c.operation === 'Subscriptions_List')).toBe(false);
  });

  it('a 403 on one workspace: a gap naming it, its endpoints unread, everything else reported', async () => {
    const { inventory } = await audit(demoScenario(), { faults: [{ operation: '*', pathContains: '/workspaces/fraud-ws', fault: 'AuthorizationFailed' }] });
    const fraudWs = byName(resourcesOfKind(inventory, 'workspace'), 'fraud-ws');
    expect(inventory.gaps).toEqual([expect.objectContaining({ operation: 'OnlineEndpoints_List', resourceId: fraudWs.id, errorCode: 'AuthorizationFailed' })]);
    expect(resourcesOfKind(inventory, 'endpoint').map((e) => e.name)).toEqual(['churn']);
    expect(value(byName(resourcesOfKind(inventory, 'endpoint'), 'churn').callerAuthentication)).toBe('provider-identity');
    expect(byName(resourcesOfKind(inventory, 'key-store'), 'fraudkv')).toBeDefined();
  });

  it('a 403 on one deployment list makes that endpoint\'s deployments unknown, with the reason', async () => {
    const { inventory } = await audit(demoScenario(), { faults: [{ operation: 'OnlineDeployments_List', pathContains: 'fraud-ws', fault: 'AuthorizationFailed' }] });
    const fraud = byName(resourcesOfKind(inventory, 'endpoint'), 'fraud');
    expect(fraud.deployments.known).toBe(false);
    expect(fraud.dataCapture.known).toBe(false);
    expect(value(fraud.callerAuthentication)).toBe('static-key');
    expect(inventory.gaps).toHaveLength(1);
    expect(value(byName(resourcesOfKind(inventory, 'endpoint'), 'churn').deployments)).toHaveLength(1);
  });

  it.each(['EmptyBody', 'ForeignBody', 'ForeignJson', 'Truncated'] as const)('a 200 with %s is a failed read (unknown + gap), never "nothing there"', async (fault) => {
    const { inventory } = await audit(demoScenario(), { faults: [{ operation: 'OnlineEndpoints_List', pathContains: 'churn-ws', fault }] });
    expect(inventory.gaps).toEqual([expect.objectContaining({ operation: 'OnlineEndpoints_List', resourceId: expect.stringMatching(/churn-ws$/) })]);
    expect(['InvalidResponse', 'UnexpectedShape']).toContain(inventory.gaps[0].errorCode);
    expect(resourcesOfKind(inventory, 'endpoint').map((e) => e.name)).toEqual(['fraud']);
  });

  it('a foreign answer to the role assignment read makes that identity\'s statements unknown', async () => {
    const { inventory } = await audit(nonCompliantScenario(), { faults: [{ operation: 'RoleAssignments_ListForScope', fault: 'ForeignJson' }] });
    const identity = byName(resourcesOfKind(inventory, 'identity'), 'fraud-endpoint-identity');
    expect(identity.statements.known).toBe(false);
    expect(identity.attachedPolicies.known).toBe(false);
    expect(inventory.gaps.map((g) => g.operation)).toEqual(['RoleAssignments_ListForScope']);
  });

  it('honours 429 Retry-After through the pipeline\'s retry policy and then reads the answer', async () => {
    const { inventory, sim } = await audit(compliantScenario(), { faults: [{ operation: 'OnlineEndpoints_List', fault: 'Throttled', times: 1 }], retryAfterSeconds: 1 });
    expect(inventory.gaps).toEqual([]);
    expect(resourcesOfKind(inventory, 'endpoint')).toHaveLength(1);
    expect(sim.calls().filter((c) => c.operation === 'OnlineEndpoints_List').map((c) => c.status)).toEqual([429, 200]);
  });

  it('throttled until the retries run out: the listing is a listed gap and no endpoint is invented', async () => {
    const { inventory, sim } = await audit(compliantScenario(), { faults: [{ operation: 'OnlineEndpoints_List', fault: 'Throttled' }], retryAfterSeconds: 1 });
    expect(inventory.gaps.map((g) => g.operation)).toEqual(['OnlineEndpoints_List']);
    expect(resourcesOfKind(inventory, 'endpoint')).toEqual([]);
    expect(resourcesOfKind(inventory, 'workspace')).toHaveLength(1);
    expect(sim.calls().filter((c) => c.operation === 'OnlineEndpoints_List').map((c) => c.status)).toEqual([429, 429]);
  });

  it('a hung call ends at the timeout as a gap', async () => {
    const sim = await startAzureSimulator(compliantScenario(), { faults: [{ operation: 'Keys_List', fault: 'Hang' }], hangMs: 10_000 });
    running.push(sim);
    const inventory = await collectAzureInventory({ subscriptions: [], endpointUrl: sim.url, accessToken: 't', maxRetries: 0, requestTimeoutMs: 2_000 });
    expect(inventory.gaps).toEqual([expect.objectContaining({ operation: 'Keys_List' })]);
    expect(resourcesOfKind(inventory, 'key')).toEqual([]);
    expect(resourcesOfKind(inventory, 'endpoint')).toHaveLength(1);
  });

  it('follows absolute nextLinks across pages and reads a vault shared by many workspaces once', async () => {
    const scenario = generatedScenario(7);
    const { inventory, sim } = await audit(scenario, { pageSize: 2 });
    expect(inventory.gaps).toEqual([]);
    expect(resourcesOfKind(inventory, 'workspace')).toHaveLength(7);
    expect(resourcesOfKind(inventory, 'endpoint')).toHaveLength(7);
    const workspaceLists = sim.calls().filter((c) => c.operation === 'Workspaces_ListBySubscription');
    expect(workspaceLists).toHaveLength(4);
    const vaultReads = sim.calls().filter((c) => c.operation === 'Vaults_Get').map((c) => c.path.toLowerCase());
    expect(new Set(vaultReads).size).toBe(vaultReads.length);
  });

  describe('deployment images, from the environment version each deployment names', () => {
    /** The compliant scenario with its deployment pointed at `environmentId`, plus `extra` resources. */
    function withEnvironment(environmentId: (ws: ArmResource) => string, ...extra: ((ws: ArmResource) => ArmResource)[]): AzureScenario {
      const scenario = compliantScenario();
      const ws = scenario.resources.find((r) => r.type === 'Microsoft.MachineLearningServices/workspaces')!;
      const resources = scenario.resources.map((r) =>
        r.type === 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments' ? { ...r, properties: { ...(r.properties as object), environmentId: environmentId(ws) } } : r,
      );
      return { ...scenario, resources: [...resources, ...extra.map((make) => make(ws))] };
    }
    async function imagesOf(scenario: AzureScenario): Promise<{ images: ListFact<ImageRef>; inventory: Inventory; sim: RunningAzureSimulator }> {
      const { inventory, sim } = await audit(scenario);
      const [deployment] = value(byName(resourcesOfKind(inventory, 'endpoint'), 'churn').deployments);
      return { images: deployment.images, inventory, sim };
    }

    it('azureml:<name>:<version> is read in the deployment\'s workspace; an ACR that is not the workspace\'s has no known subscription', async () => {
      const digest = `sha256:${'c'.repeat(64)}`;
      const { images } = await imagesOf(withEnvironment(() => 'azureml:shared-scorer:7', (ws) => environmentVersion(ws, 'shared-scorer', '7', { image: `partnerregistry.azurecr.io/scorer@${digest}` })));
      expect(value(images)).toEqual([{ uri: `partnerregistry.azurecr.io/scorer@${digest}`, repositoryId: null, registry: 'private', registryAccount: null, digest, tag: null }]);
    });

    it('an environment built from a Dockerfile: unknown, naming the registry the build pushes to', async () => {
      const { images } = await imagesOf(
        withEnvironment((ws) => `${ws.id}/environments/built/versions/1`, (ws) => environmentVersion(ws, 'built', '1', { build: { contextUri: 'https://churnst.blob.core.windows.net/env/context/', dockerfilePath: 'Dockerfile' } })),
      );
      expect(images.known).toBe(false);
      expect(images.known ? '' : images.reason).toMatch(/built from a Dockerfile.*workspace's registry .*churnacr.*digest the build chooses/);
    });

    it('a registry asset, a label and a missing environment version stay unknown with the reason, and only the last is a gap', async () => {
      const asset = await imagesOf(withEnvironment(() => 'azureml://registries/azureml/environments/sklearn-1.5/versions/3'));
      expect(asset.images.known ? '' : asset.images.reason).toMatch(/asset of an Azure ML registry/);
      expect(asset.inventory.gaps).toEqual([]);
      const label = await imagesOf(withEnvironment(() => 'azureml:sklearn@latest'));
      expect(label.images.known ? '' : label.images.reason).toMatch(/names a label/);
      const missing = await imagesOf(withEnvironment((ws) => `${ws.id}/environments/gone/versions/1`));
      expect(missing.images.known ? '' : missing.images.reason).toMatch(/environments\/gone\/versions\/1: not found|ResourceNotFound/);
    });

    it('reads an environment version once however many deployments use it', async () => {
      const { sim } = await audit(generatedScenario(4));
      const reads = sim.calls().filter((c) => c.operation === 'EnvironmentVersions_Get').map((c) => c.path.toLowerCase());
      expect(reads).toHaveLength(4);
      expect(new Set(reads).size).toBe(reads.length);
    });
  });

  describe('request logging, from the endpoint\'s diagnostic settings and its deployments\' data collection', () => {
    function withSettings(...settings: DiagnosticSettingOptions[]): AzureScenario {
      const scenario = compliantScenario();
      const endpoint = scenario.resources.find((r) => r.type === 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints')!;
      const kept = scenario.resources.filter((r) => r.type !== 'Microsoft.Insights/diagnosticSettings');
      return { ...scenario, resources: [...kept, ...settings.map((options, index) => diagnosticSetting(endpoint, `setting-${index}`, options))] };
    }
    const logs = (options: AzureScenario) => audit(options).then(({ inventory }) => byName(resourcesOfKind(inventory, 'endpoint'), 'churn').requestLogging!);
    const LA = '/subscriptions/0b1f6471-1bf0-4dda-aec3-111111111111/resourceGroups/ml-prod/providers/Microsoft.OperationalInsights/workspaces/central';

    it('the allLogs category group holds the traffic log', async () => {
      expect(value(await logs(withSettings({ workspaceId: LA, logs: [{ categoryGroup: 'allLogs', enabled: true }] })))).toEqual({ enabled: true, content: 'access', destination: { kind: 'log-workspace', id: LA } });
    });

    it('a setting without a destination, or with the traffic log disabled, logs nothing', async () => {
      expect(value(await logs(withSettings({ logs: [{ category: 'AmlOnlineEndpointTrafficLog', enabled: true }] })))).toMatchObject({ enabled: false });
      expect(value(await logs(withSettings({ workspaceId: LA, logs: [{ category: 'AmlOnlineEndpointTrafficLog', enabled: false }] })))).toMatchObject({ enabled: false });
      expect(value(await logs(withSettings()))).toMatchObject({ enabled: false });
    });

    it('the audit category group alone is unknown: Microsoft does not document whether it holds the traffic log', async () => {
      const fact = await logs(withSettings({ workspaceId: LA, logs: [{ categoryGroup: 'audit', enabled: true }] }));
      expect(fact.known ? '' : fact.reason).toMatch(/audit.*does not document/);
    });

    it('an unreadable diagnostic setting list is a gap and unknown', async () => {
      const { inventory } = await audit(compliantScenario(), { faults: [{ operation: 'DiagnosticSettings_List', fault: 'AuthorizationFailed' }] });
      expect(inventory.gaps).toEqual([expect.objectContaining({ operation: 'DiagnosticSettings_List', errorCode: 'AuthorizationFailed' })]);
      expect(byName(resourcesOfKind(inventory, 'endpoint'), 'churn').requestLogging!.known).toBe(false);
    });
  });

  it('reads each key with Keys_Get (the list carries no rotation policy); a failed Get leaves that key\'s rotation unknown, never "off"', async () => {
    const { inventory, sim } = await audit(compliantScenario(), { faults: [{ operation: 'Keys_Get', fault: 'AuthorizationFailed' }] });
    expect(inventory.gaps).toEqual([expect.objectContaining({ operation: 'Keys_Get', errorCode: 'AuthorizationFailed' })]);
    const key = byName(resourcesOfKind(inventory, 'key'), 'churn-key');
    expect(key.rotationPeriodDays.known).toBe(false);
    expect(value(key.enabled)).toBe(true);
    expect(sim.calls().filter((c) => c.operation === 'Keys_List')).toHaveLength(1);
  });

  it('refuses plain http to a host that is not this machine, an unknown cloud, and bad numbers, saying how to fix them', async () => {
    await expect(collectAzureInventory({ subscriptions: [], endpointUrl: 'http://arm.example.test', accessToken: 't' })).rejects.toThrow(/plain http.*loopback|127\.0\.0\.1/);
    await expect(collectAzureInventory({ subscriptions: [], cloud: 'AzureMoon', accessToken: 't' })).rejects.toThrow(AzureAuditOptionsError);
    await expect(collectAzureInventory({ subscriptions: [], concurrency: 0, accessToken: 't' })).rejects.toThrow(/concurrency/);
  });
});

