/**
 * @jest-environment-options {"globalsCleanup": "off"}
 */
import * as pulumi from '@pulumi/pulumi';
import { DIGEST, IMAGE, REGISTRY_ID, RESOURCE_GROUP, SUBSCRIPTION, TENANT, installMocks, oneOf, recorded, resourcesOf, settle, valueOf } from './support';

installMocks();
// Imported after setMocks, as Pulumi requires.
import type * as Component from '../../../../providers/azure/component';
const { SecureAzureMlEndpoint, SecureAzureMlEndpointConfigurationError, INFERENCE_ROLES } = require('../../../../providers/azure/component') as typeof Component;

type Props = Component.SecureAzureMlEndpointProps;
import { readPulumiStates } from '../../../../providers/azure/pulumi/index';
import { evaluate } from '../../../../policies/evaluate';
import { resourcesOfKind } from '../../../../policies/model';
import { defaultBaseline } from '../../../../policies/baseline';

const baseProps: Props = {
  resourceGroupName: RESOURCE_GROUP,
  location: 'westeurope',
  image: IMAGE,
  containerRegistryId: REGISTRY_ID,
  model: { uri: 'azureml://datastores/workspaceblobstore/paths/models/churn/' },
};

let warnings: string[] = [];
beforeEach(() => {
  warnings = [];
  jest.spyOn(pulumi.log, 'warn').mockImplementation((message: string) => {
    warnings.push(message);
    return Promise.resolve();
  });
});
afterEach(() => jest.restoreAllMocks());

let counter = 0;
async function build(props: Partial<Props> = {}): Promise<{ name: string; component: Component.SecureAzureMlEndpoint }> {
  counter += 1;
  const name = `ml${counter}`;
  const component = new SecureAzureMlEndpoint(name, { ...baseProps, ...props });
  await settle(component);
  return { name, component };
}

function property<T = unknown>(value: unknown, path: string): T {
  return path.split('.').reduce<unknown>((current, key) => (current as Record<string, unknown> | undefined)?.[key], value) as T;
}

describe('SecureAzureMlEndpoint defaults', () => {
  let name: string;
  let component: Component.SecureAzureMlEndpoint;
  beforeAll(async () => {
    ({ name, component } = await build());
  });

  it('logs no warning', () => {
    expect(component.weakenings).toEqual([]);
  });

  it('makes the workspace private, v2, in an approved-outbound managed network, encrypted with the customer key', async () => {
    const workspace = oneOf('machinelearningservices:Workspace', name).inputs;
    const vaultId = await valueOf(component.vault.id);
    const keyIdentityId = await valueOf(component.keyIdentity!.id);
    expect(workspace.publicNetworkAccess).toBe('Disabled');
    expect(workspace.allowPublicAccessWhenBehindVnet).toBe(false);
    expect(workspace.v1LegacyMode).toBe(false);
    expect(workspace.managedNetwork).toMatchObject({ isolationMode: 'AllowOnlyApprovedOutbound' });
    expect(workspace.identity).toEqual({ type: 'SystemAssigned,UserAssigned', userAssignedIdentities: [keyIdentityId] });
    expect(workspace.encryption).toEqual({
      status: 'Enabled',
      identity: { userAssignedIdentity: keyIdentityId },
      keyVaultProperties: { keyVaultArmId: vaultId, keyIdentifier: await valueOf(component.key!.keyUriWithVersion) },
    });
    expect(workspace.containerRegistry).toBe(REGISTRY_ID);
    expect(workspace.storageAccount).toBe(await valueOf(component.storageAccount.id));
  });

  it('hardens the vault and gives the key a rotation policy', () => {
    const vault = resourcesOf('keyvault:Vault', name.toLowerCase())[0].inputs;
    expect(property(vault, 'properties')).toMatchObject({
      tenantId: TENANT,
      enableSoftDelete: true,
      enablePurgeProtection: true,
      enableRbacAuthorization: true,
      publicNetworkAccess: 'Disabled',
      networkAcls: { defaultAction: 'Deny', bypass: 'AzureServices' },
    });
    const key = oneOf('keyvault:Key', name).inputs;
    // The SDK's KeyRotationPolicyActionType values are lower case.
    expect(property(key, 'properties.rotationPolicy')).toEqual({
      attributes: { expiryTime: 'P730D' },
      lifetimeActions: [
        { action: { type: 'rotate' }, trigger: { timeAfterCreate: 'P365D' } },
        { action: { type: 'notify' }, trigger: { timeBeforeExpiry: 'P30D' } },
      ],
    });
  });

  it('connects the workspace through a private endpoint (amlworkspace) with both private DNS zones', async () => {
    const endpoint = oneOf('network:PrivateEndpoint', name).inputs;
    const workspaceId = await valueOf(component.workspace.id);
    expect(endpoint.privateLinkServiceConnections).toEqual([{ name: 'workspace', privateLinkServiceId: workspaceId, groupIds: ['amlworkspace'] }]);
    expect(endpoint.subnet).toMatchObject({ id: await valueOf(component.subnet!.id) });
    const zones = resourcesOf('privatedns:PrivateZone', name).map((zone) => zone.inputs.privateZoneName);
    expect(zones.sort()).toEqual(['privatelink.api.azureml.ms', 'privatelink.notebooks.azure.net']);
    const vnetId = await valueOf(component.virtualNetwork!.id);
    for (const link of resourcesOf('privatedns:VirtualNetworkLink', name)) expect(link.inputs.virtualNetwork).toEqual({ id: vnetId });
    const group = oneOf('network:PrivateDnsZoneGroup', name).inputs;
    const zoneIds = await Promise.all(component.privateDnsZones.map((zone) => valueOf(zone.id)));
    expect(property<{ privateDnsZoneId: string }[]>(group, 'privateDnsZoneConfigs').map((config) => config.privateDnsZoneId)).toEqual(zoneIds);
  });

  it('grants each identity only the roles inference needs, each on the one resource it reads', async () => {
    const assignments = resourcesOf('authorization:RoleAssignment', name).map((assignment) => assignment.inputs);
    const roleId = (guid: string): string => `/subscriptions/${SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/${guid}`;
    const endpointPrincipal = await valueOf(component.endpointIdentity.principalId);
    const keyPrincipal = await valueOf(component.keyIdentity!.principalId);
    const summary = assignments.map((assignment) => ({ principalId: assignment.principalId, roleDefinitionId: assignment.roleDefinitionId, scope: assignment.scope }));
    expect(summary).toHaveLength(3);
    expect(summary).toEqual(
      expect.arrayContaining([
        { principalId: keyPrincipal, roleDefinitionId: roleId(INFERENCE_ROLES.keyVaultCryptoServiceEncryptionUser.id), scope: await valueOf(component.key!.id) },
        { principalId: endpointPrincipal, roleDefinitionId: roleId(INFERENCE_ROLES.storageBlobDataReader.id), scope: await valueOf(component.storageAccount.id) },
        { principalId: endpointPrincipal, roleDefinitionId: roleId(INFERENCE_ROLES.acrPull.id), scope: REGISTRY_ID },
      ]),
    );
  });

  it('disables public access to the online endpoint and authenticates callers with Entra ID tokens', async () => {
    const endpoint = oneOf('machinelearningservices:OnlineEndpoint', name).inputs;
    expect(endpoint.properties).toEqual({ authMode: 'AADToken', publicNetworkAccess: 'Disabled' });
    expect(endpoint.identity).toEqual({ type: 'UserAssigned', userAssignedIdentities: [await valueOf(component.endpointIdentity.id)] });
  });

  it('deploys the digest-pinned image and the model on two instances, without the legacy egress setting', async () => {
    const deployment = oneOf('machinelearningservices:OnlineDeployment', name).inputs;
    expect(deployment.sku).toEqual({ name: 'Default', capacity: 2 });
    expect(deployment.properties).toEqual({
      endpointComputeType: 'Managed',
      instanceType: 'Standard_DS3_v2',
      model: await valueOf(component.model.id),
      environmentId: await valueOf(component.environment.id),
      scaleSettings: { scaleType: 'Default' },
    });
    const environment = oneOf('machinelearningservices:EnvironmentVersion', name).inputs;
    expect(property(environment, 'properties.image')).toBe(IMAGE);
    expect(environment.version).toBe(DIGEST.slice('sha256:'.length, 'sha256:'.length + 12));
  });
});

describe('SecureAzureMlEndpoint request logging', () => {
  it('sends the endpoint traffic log to a Log Analytics workspace it creates', async () => {
    const { name, component } = await build();
    const setting = oneOf('monitor:DiagnosticSetting', name).inputs;
    expect(setting).toMatchObject({
      resourceUri: await valueOf(component.endpoint.id),
      workspaceId: await valueOf(component.logAnalyticsWorkspace!.id),
      logs: [{ category: 'AmlOnlineEndpointTrafficLog', enabled: true }],
    });
    expect(oneOf('operationalinsights:Workspace', name).inputs).toMatchObject({ sku: { name: 'PerGB2018' }, retentionInDays: 90 });
  });

  it('uses a Log Analytics workspace of the caller when given one', async () => {
    const central = `/subscriptions/${SUBSCRIPTION}/resourceGroups/monitoring/providers/Microsoft.OperationalInsights/workspaces/central`;
    const { name, component } = await build({ logging: { logAnalyticsWorkspaceId: central } });
    expect(component.logAnalyticsWorkspace).toBeUndefined();
    expect(resourcesOf('operationalinsights:Workspace', name)).toHaveLength(0);
    expect(oneOf('monitor:DiagnosticSetting', name).inputs.workspaceId).toBe(central);
  });
});

describe('the defaults, read back by the Pulumi adapter and judged by the baseline', () => {
  it('fail no Azure control, and pass those the component provisions for', async () => {
    const { name } = await build();
    // What a stack export records: the inputs azure-native checked (with autonamed names) and the outputs.
    const states = recorded
      .filter((r) => r.name.startsWith(name))
      .map((r) => ({ urn: `urn:pulumi:test::inferguard-test::${r.type}::${r.name}`, type: r.type, id: r.id, inputs: r.state, outputs: { id: r.id, ...r.state } }));
    const inventory = readPulumiStates(states);
    expect(inventory.gaps).toEqual([]);
    const [endpoint] = resourcesOfKind(inventory, 'endpoint');
    expect(endpoint.deployments).toMatchObject({ known: true, value: [expect.objectContaining({ name: 'default' })] });
    const findings = evaluate(inventory, defaultBaseline());
    expect(findings.filter((f) => f.status === 'fail').map((f) => `${f.controlId} ${f.resourceName}: ${f.message}`)).toEqual([]);
    const passed = new Set(findings.filter((f) => f.status === 'pass').map((f) => f.controlId));
    for (const control of ['endpoint-public-access-disabled', 'endpoint-caller-authentication', 'endpoint-multiple-instances', 'endpoint-request-logging', 'image-private-registry', 'image-pinned-by-digest', 'network-outbound-restricted', 'key-store-hardened', 'key-rotation-enabled']) {
      expect([control, passed.has(control)]).toEqual([control, true]);
    }
  });
});

describe('SecureAzureMlEndpoint with a subnet of the caller', () => {
  it('puts the private endpoint there and links the DNS zones to its virtual network', async () => {
    const vnetId = `/subscriptions/${SUBSCRIPTION}/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/hub`;
    const { name, component } = await build({ privateEndpointSubnetId: `${vnetId}/subnets/endpoints` });
    expect(component.virtualNetwork).toBeUndefined();
    expect(resourcesOf('network:VirtualNetwork', name)).toHaveLength(0);
    expect(oneOf('network:PrivateEndpoint', name).inputs.subnet).toMatchObject({ id: `${vnetId}/subnets/endpoints` });
    const links = resourcesOf('privatedns:VirtualNetworkLink', name);
    expect(links).toHaveLength(2);
    for (const link of links) expect(link.inputs.virtualNetwork).toEqual({ id: vnetId });
  });
});

interface WeakeningCase {
  readonly title: string;
  readonly props: Partial<Props>;
  /** The controls it weakens, in the order reported (one, unless the override needs another to be possible). */
  readonly controls: readonly string[];
  /** The override reaches the resource: the input it changed. */
  readonly input: (name: string) => unknown;
  readonly expected: unknown;
}

const weakeningCases: WeakeningCase[] = [
  { title: 'workspace public network access', props: { workspace: { publicNetworkAccess: 'Enabled' } }, controls: ['workspace-private-access'], input: (n) => oneOf('machinelearningservices:Workspace', n).inputs.publicNetworkAccess, expected: 'Enabled' },
  { title: 'public access behind a network', props: { workspace: { allowPublicAccessWhenBehindVnet: true } }, controls: ['workspace-private-access'], input: (n) => oneOf('machinelearningservices:Workspace', n).inputs.allowPublicAccessWhenBehindVnet, expected: true },
  { title: 'no private endpoint', props: { workspace: { privateEndpoint: false } }, controls: ['workspace-private-access'], input: (n) => resourcesOf('network:PrivateEndpoint', n).length, expected: 0 },
  { title: 'internet outbound', props: { workspace: { isolationMode: 'AllowInternetOutbound' } }, controls: ['network-outbound-restricted'], input: (n) => property(oneOf('machinelearningservices:Workspace', n).inputs, 'managedNetwork.isolationMode'), expected: 'AllowInternetOutbound' },
  { title: 'no managed network, egress disabled on the deployment', props: { workspace: { isolationMode: 'Disabled' }, deployment: { egressPublicNetworkAccess: 'Disabled' } }, controls: ['network-outbound-restricted'], input: (n) => property(oneOf('machinelearningservices:OnlineDeployment', n).inputs, 'properties.egressPublicNetworkAccess'), expected: 'Disabled' },
  { title: 'no customer key', props: { workspace: { customerManagedKey: false } }, controls: ['workspace-customer-key'], input: (n) => oneOf('machinelearningservices:Workspace', n).inputs.encryption, expected: undefined },
  { title: 'vault public access', props: { keyVault: { publicNetworkAccess: 'Enabled' } }, controls: ['key-store-hardened'], input: (n) => property(resourcesOf('keyvault:Vault', n)[0].inputs, 'properties.publicNetworkAccess'), expected: 'Enabled' },
  { title: 'vault firewall open', props: { keyVault: { networkDefaultAction: 'Allow' } }, controls: ['key-store-hardened'], input: (n) => property(resourcesOf('keyvault:Vault', n)[0].inputs, 'properties.networkAcls.defaultAction'), expected: 'Allow' },
  { title: 'vault access policies without a customer key', props: { workspace: { customerManagedKey: false }, keyVault: { enableRbacAuthorization: false } }, controls: ['workspace-customer-key', 'key-store-hardened'], input: (n) => property(resourcesOf('keyvault:Vault', n)[0].inputs, 'properties.enableRbacAuthorization'), expected: false },
  { title: 'no key rotation', props: { key: { rotationEnabled: false } }, controls: ['key-rotation-enabled'], input: (n) => property<unknown[]>(oneOf('keyvault:Key', n).inputs, 'properties.rotationPolicy.lifetimeActions').length, expected: 1 },
  { title: 'rotation slower than yearly', props: { key: { rotateAfter: 'P2Y', expiresAfter: 'P3Y' } }, controls: ['key-rotation-enabled'], input: (n) => property(oneOf('keyvault:Key', n).inputs, 'properties.rotationPolicy.lifetimeActions.0.trigger.timeAfterCreate'), expected: 'P2Y' },
  { title: 'public online endpoint', props: { endpoint: { publicNetworkAccess: 'Enabled' } }, controls: ['endpoint-public-access-disabled'], input: (n) => property(oneOf('machinelearningservices:OnlineEndpoint', n).inputs, 'properties.publicNetworkAccess'), expected: 'Enabled' },
  { title: 'key authentication', props: { endpoint: { authMode: 'Key' } }, controls: ['endpoint-caller-authentication'], input: (n) => property(oneOf('machinelearningservices:OnlineEndpoint', n).inputs, 'properties.authMode'), expected: 'Key' },
  { title: 'one instance', props: { deployment: { instanceCount: 1 } }, controls: ['endpoint-multiple-instances'], input: (n) => property(oneOf('machinelearningservices:OnlineDeployment', n).inputs, 'sku.capacity'), expected: 1 },
  { title: 'no request logging', props: { logging: { requestLogging: false } }, controls: ['endpoint-request-logging'], input: (n) => resourcesOf('monitor:DiagnosticSetting', n).length, expected: 0 },
  { title: 'image from a public registry', props: { image: `mcr.microsoft.com/azureml/minimal-ubuntu22.04-py39-cpu-inference@${DIGEST}`, containerRegistryId: undefined }, controls: ['image-private-registry'], input: (n) => property(oneOf('machinelearningservices:EnvironmentVersion', n).inputs, 'properties.image'), expected: `mcr.microsoft.com/azureml/minimal-ubuntu22.04-py39-cpu-inference@${DIGEST}` },
  {
    title: 'Contributor for the endpoint identity',
    props: { additionalRoleAssignments: [{ roleDefinitionId: 'b24988ac-6180-42a0-ab88-20f7382dd24c', scope: REGISTRY_ID }] },
    controls: ['identity-least-privilege'],
    input: (n) => resourcesOf('authorization:RoleAssignment', n).find((a) => a.name.endsWith('extra-role-0'))?.inputs.roleDefinitionId,
    expected: `/subscriptions/${SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/b24988ac-6180-42a0-ab88-20f7382dd24c`,
  },
  {
    title: 'a reader role at resource-group scope',
    props: { additionalRoleAssignments: [{ roleDefinitionId: `/subscriptions/${SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7`, scope: `/subscriptions/${SUBSCRIPTION}/resourceGroups/${RESOURCE_GROUP}` }] },
    controls: ['identity-least-privilege'],
    input: (n) => resourcesOf('authorization:RoleAssignment', n).find((a) => a.inputs.scope === `/subscriptions/${SUBSCRIPTION}/resourceGroups/${RESOURCE_GROUP}`)?.inputs.roleDefinitionId,
    expected: `/subscriptions/${SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7`,
  },
];

describe('each weakening override logs exactly its control', () => {
  it.each(weakeningCases.map((c) => [c.title, c] as const))('%s', async (_title, testCase) => {
    const { name, component } = await build(testCase.props);
    expect(component.weakenings.map((w) => w.control)).toEqual(testCase.controls);
    expect(warnings).toHaveLength(testCase.controls.length);
    testCase.controls.forEach((control, index) => expect(warnings[index]).toContain(`inferguard:${control}`));
    expect(testCase.input(name)).toEqual(testCase.expected);
  });

  it('AMLToken (expiring tokens) is no weakening', async () => {
    const { component } = await build({ endpoint: { authMode: 'AMLToken' } });
    expect(component.weakenings).toEqual([]);
    expect(warnings).toEqual([]);
  });
});

describe('configurations Azure would reject or ignore are refused with the reason', () => {
  const refusals: [string, Partial<Props>, RegExp][] = [
    ['customer key without purge protection', { keyVault: { enablePurgeProtection: false } }, /purge protection/],
    ['soft delete off', { keyVault: { enableSoftDelete: false } }, /soft delete/],
    ['customer key with access-policy vault', { keyVault: { enableRbacAuthorization: false } }, /RBAC role assignment/],
    ['egress setting with a managed network', { deployment: { egressPublicNetworkAccess: 'Disabled' } }, /ignores it once the workspace uses a managed network/],
    ['v1 legacy mode', { workspace: { v1LegacyMode: true } }, /v2 APIs/],
    ['zero instances', { deployment: { instanceCount: 0 } }, /at least 1/],
    ['image by tag', { image: 'contoso.azurecr.io/churn-scorer:1.4' }, /not pinned by a sha256 digest/],
    ['ACR image without its registry id', { containerRegistryId: undefined }, /containerRegistryId/],
    ['retention out of range', { keyVault: { softDeleteRetentionInDays: 3 } }, /7 to 90/],
    ['bad duration', { key: { rotateAfter: 'yearly' } }, /ISO 8601/],
    ['log retention out of range', { logging: { retentionInDays: 7 } }, /30 to 730/],
    ['rotation after expiry', { key: { rotateAfter: 'P400D', expiresAfter: 'P365D' } }, /not shorter than/],
  ];
  it.each(refusals)('%s', (_title, props, reason) => {
    counter += 1;
    const attempt = (): unknown => new SecureAzureMlEndpoint(`refused${counter}`, { ...baseProps, ...props });
    expect(attempt).toThrow(SecureAzureMlEndpointConfigurationError);
    expect(attempt).toThrow(reason);
  });
});

describe('without a customer key', () => {
  it('creates no key or key identity and leaves the workspace on its system identity', async () => {
    const { name, component } = await build({ workspace: { customerManagedKey: false } });
    expect(component.key).toBeUndefined();
    expect(component.keyIdentity).toBeUndefined();
    expect(resourcesOf('keyvault:Key', name)).toHaveLength(0);
    expect(oneOf('machinelearningservices:Workspace', name).inputs.identity).toEqual({ type: 'SystemAssigned' });
    expect(recorded.filter((r) => r.name.startsWith(`${name}-key`))).toHaveLength(0);
  });
});
