// Pulumi mocks for the component tests: record every resource's inputs, answer the provider's computed outputs.
import * as pulumi from '@pulumi/pulumi';

export const SUBSCRIPTION = '00000000-1111-2222-3333-444444444444';
export const TENANT = '99999999-8888-7777-6666-555555555555';
export const RESOURCE_GROUP = 'rg-inference';
export const DIGEST = `sha256:${'ab12'.repeat(16)}`;
export const IMAGE = `contoso.azurecr.io/churn-scorer@${DIGEST}`;
export const REGISTRY_ID = `/subscriptions/${SUBSCRIPTION}/resourceGroups/${RESOURCE_GROUP}/providers/Microsoft.ContainerRegistry/registries/contoso`;

export interface RecordedResource {
  readonly type: string;
  readonly name: string;
  readonly inputs: Record<string, unknown>;
  readonly id: string;
  /** The state the mock answered: inputs plus the provider's computed outputs. */
  readonly state: Record<string, unknown>;
}

/** ARM resource type and the input holding the resource's own name, per Pulumi type token. */
const ARM_TYPES: Readonly<Record<string, { readonly armType: string; readonly nameInput?: string }>> = {
  'azure-native:keyvault:Vault': { armType: 'Microsoft.KeyVault/vaults', nameInput: 'vaultName' },
  'azure-native:keyvault:Key': { armType: 'Microsoft.KeyVault/vaults/keys', nameInput: 'keyName' },
  'azure-native:storage:StorageAccount': { armType: 'Microsoft.Storage/storageAccounts', nameInput: 'accountName' },
  'azure-native:machinelearningservices:Workspace': { armType: 'Microsoft.MachineLearningServices/workspaces', nameInput: 'workspaceName' },
  'azure-native:machinelearningservices:OnlineEndpoint': { armType: 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints', nameInput: 'endpointName' },
  'azure-native:machinelearningservices:OnlineDeployment': { armType: 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments', nameInput: 'deploymentName' },
  'azure-native:machinelearningservices:ModelVersion': { armType: 'Microsoft.MachineLearningServices/workspaces/models/versions' },
  'azure-native:machinelearningservices:EnvironmentVersion': { armType: 'Microsoft.MachineLearningServices/workspaces/environments/versions' },
  'azure-native:managedidentity:UserAssignedIdentity': { armType: 'Microsoft.ManagedIdentity/userAssignedIdentities', nameInput: 'resourceName' },
  'azure-native:authorization:RoleAssignment': { armType: 'Microsoft.Authorization/roleAssignments', nameInput: 'roleAssignmentName' },
  'azure-native:network:VirtualNetwork': { armType: 'Microsoft.Network/virtualNetworks', nameInput: 'virtualNetworkName' },
  'azure-native:network:Subnet': { armType: 'Microsoft.Network/virtualNetworks/subnets', nameInput: 'subnetName' },
  'azure-native:network:PrivateEndpoint': { armType: 'Microsoft.Network/privateEndpoints', nameInput: 'privateEndpointName' },
  'azure-native:network:PrivateDnsZoneGroup': { armType: 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups', nameInput: 'privateDnsZoneGroupName' },
  'azure-native:privatedns:PrivateZone': { armType: 'Microsoft.Network/privateDnsZones', nameInput: 'privateZoneName' },
  'azure-native:privatedns:VirtualNetworkLink': { armType: 'Microsoft.Network/privateDnsZones/virtualNetworkLinks', nameInput: 'virtualNetworkLinkName' },
  'azure-native:operationalinsights:Workspace': { armType: 'Microsoft.OperationalInsights/workspaces', nameInput: 'workspaceName' },
};

/** ARM ids of child and extension resources, which live under their parent (as ARM names them). */
function childId(type: string, inputs: Record<string, unknown>, name: string): string | undefined {
  const group = `/subscriptions/${SUBSCRIPTION}/resourceGroups/${RESOURCE_GROUP}/providers`;
  if (type === 'azure-native:machinelearningservices:EnvironmentVersion') {
    return `${group}/Microsoft.MachineLearningServices/workspaces/${String(inputs.workspaceName)}/environments/${String(inputs.name)}/versions/${String(inputs.version)}`;
  }
  if (type === 'azure-native:storage:BlobContainer') {
    return `${group}/Microsoft.Storage/storageAccounts/${String(inputs.accountName)}/blobServices/default/containers/${String(inputs.containerName ?? name)}`;
  }
  if (type === 'azure-native:monitor:DiagnosticSetting') return `${String(inputs.resourceUri)}/providers/Microsoft.Insights/diagnosticSettings/${name}`;
  return undefined;
}

export const recorded: RecordedResource[] = [];

export function installMocks(): void {
  void pulumi.runtime.setMocks(
    {
      newResource(args: pulumi.runtime.MockResourceArgs): { id: string; state: Record<string, unknown> } {
        const inputs = args.inputs as Record<string, unknown>;
        const known = ARM_TYPES[args.type];
        const ownName = known?.nameInput === undefined ? undefined : inputs[known.nameInput];
        const name = typeof ownName === 'string' ? ownName : typeof inputs.name === 'string' ? inputs.name : args.name;
        const id = childId(args.type, inputs, name) ?? (known === undefined ? `${args.name}-id` : `/subscriptions/${SUBSCRIPTION}/resourceGroups/${RESOURCE_GROUP}/providers/${known.armType}/${name}`);
        // azure-native's autonaming: a resource's own name input holds the generated name.
        const computed: Record<string, unknown> = { name, ...(known?.nameInput === undefined || inputs[known.nameInput] !== undefined ? {} : { [known.nameInput]: name }) };
        if (args.type === 'azure-native:managedidentity:UserAssignedIdentity') {
          computed.principalId = `principal-of-${args.name}`;
          computed.clientId = `client-of-${args.name}`;
        }
        if (args.type === 'azure-native:keyvault:Key') {
          computed.keyUri = `https://vault.vault.azure.net/keys/${name}`;
          computed.keyUriWithVersion = `https://vault.vault.azure.net/keys/${name}/0123456789abcdef0123456789abcdef`;
        }
        const state = { ...inputs, ...computed };
        recorded.push({ type: args.type, name: args.name, inputs, id, state });
        return { id, state };
      },
      call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
        if (args.token === 'azure-native:authorization:getClientConfig') {
          return { subscriptionId: SUBSCRIPTION, tenantId: TENANT, clientId: 'client', objectId: 'object' };
        }
        throw new Error(`unexpected invoke ${args.token}`);
      },
    },
    'inferguard-test',
    'test',
    true,
  );
}

/** The value of an output (mocks resolve every output). */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply((value) => resolve(value)));
}

/** Waits until every resource the component exposes is registered. */
export async function settle(component: object): Promise<void> {
  const resources: pulumi.CustomResource[] = [];
  for (const value of Object.values(component)) {
    const candidates: unknown[] = Array.isArray(value) ? value : [value];
    for (const candidate of candidates) if (pulumi.CustomResource.isInstance(candidate)) resources.push(candidate);
  }
  await Promise.all(resources.map((resource) => valueOf(resource.id)));
}

export function resourcesOf(type: string, namePrefix: string): RecordedResource[] {
  return recorded.filter((resource) => resource.type === `azure-native:${type}` && resource.name.startsWith(namePrefix));
}

export function oneOf(type: string, namePrefix: string): RecordedResource {
  const found = resourcesOf(type, namePrefix);
  if (found.length !== 1) throw new Error(`expected one ${type} named ${namePrefix}*, found ${found.length}`);
  return found[0];
}
