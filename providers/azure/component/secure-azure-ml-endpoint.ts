// SecureAzureMlEndpoint: an Azure Machine Learning managed online endpoint whose defaults meet the inferguard
// baseline — private workspace behind a private endpoint, managed network with approved outbound only, customer
// key from a hardened vault with rotation, least-privilege identities, private endpoint with Entra ID auth, and
// a deployment of a digest-pinned image on two or more instances.
import * as authorization from '@pulumi/azure-native/authorization';
import * as keyvault from '@pulumi/azure-native/keyvault';
import * as machinelearningservices from '@pulumi/azure-native/machinelearningservices';
import * as managedidentity from '@pulumi/azure-native/managedidentity';
import * as monitor from '@pulumi/azure-native/monitor';
import * as network from '@pulumi/azure-native/network';
import * as operationalinsights from '@pulumi/azure-native/operationalinsights';
import * as privatedns from '@pulumi/azure-native/privatedns';
import * as storage from '@pulumi/azure-native/storage';
import * as pulumi from '@pulumi/pulumi';
import { ENDPOINT_TRAFFIC_LOG_CATEGORY, INFERENCE_ROLES, WORKSPACE_PRIVATE_DNS_ZONES, WORKSPACE_PRIVATE_LINK_GROUP_ID, type BuiltInRole } from './defaults';
import type { SecureAzureMlEndpointProps } from './props';
import { checkConfiguration, findWeakenings, resolveSettings, warningMessage, type ResolvedSettings, type Weakening } from './settings';

export const SECURE_AZURE_ML_ENDPOINT_TYPE = 'inferguard:azure:SecureAzureMlEndpoint';

/** Letters and digits only, lower case: the part of a name that storage accounts and vaults accept. */
function compactName(name: string, maxLength: number): string {
  const compact = name.toLowerCase().replace(/[^a-z0-9]/g, '');
  return (compact === '' ? 'ml' : compact).slice(0, maxLength);
}

export class SecureAzureMlEndpoint extends pulumi.ComponentResource {
  readonly settings: ResolvedSettings;
  /** The baseline controls this configuration leaves unmet; each was logged as an `inferguard:<id>` warning. */
  readonly weakenings: readonly Weakening[];
  readonly workspace: machinelearningservices.Workspace;
  readonly vault: keyvault.Vault;
  readonly key?: keyvault.Key;
  readonly storageAccount: storage.StorageAccount;
  /** Runs the deployment's container: AcrPull on the registry, Storage Blob Data Reader on the workspace storage. */
  readonly endpointIdentity: managedidentity.UserAssignedIdentity;
  /** Used by the workspace for its customer key only: Key Vault Crypto Service Encryption User on that key. */
  readonly keyIdentity?: managedidentity.UserAssignedIdentity;
  readonly roleAssignments: readonly authorization.RoleAssignment[];
  readonly virtualNetwork?: network.VirtualNetwork;
  readonly subnet?: network.Subnet;
  readonly privateEndpoint?: network.PrivateEndpoint;
  readonly privateDnsZones: readonly privatedns.PrivateZone[];
  readonly virtualNetworkLinks: readonly privatedns.VirtualNetworkLink[];
  readonly privateDnsZoneGroup?: network.PrivateDnsZoneGroup;
  readonly model: machinelearningservices.ModelVersion;
  readonly environment: machinelearningservices.EnvironmentVersion;
  readonly endpoint: machinelearningservices.OnlineEndpoint;
  readonly deployment: machinelearningservices.OnlineDeployment;
  /** Receives the endpoint's traffic log, when the component creates it (no logging.logAnalyticsWorkspaceId given). */
  readonly logAnalyticsWorkspace?: operationalinsights.Workspace;
  /** Sends the endpoint's traffic log (every scoring request) to Log Analytics. */
  readonly requestLogging?: monitor.DiagnosticSetting;

  constructor(name: string, props: SecureAzureMlEndpointProps, opts?: pulumi.ComponentResourceOptions) {
    super(SECURE_AZURE_ML_ENDPOINT_TYPE, name, {}, opts);
    const settings = resolveSettings(props);
    checkConfiguration(name, settings);
    this.settings = settings;
    this.weakenings = findWeakenings(settings);
    for (const weakening of this.weakenings) void pulumi.log.warn(warningMessage(weakening), this);

    const { workspace: ws, keyVault: kv, key: keySettings, endpoint: ep, deployment: dep } = settings;
    const parent = { parent: this };
    const resourceGroupName = props.resourceGroupName;
    const location = props.location;
    const tags = { ...props.tags, 'managed-by': 'inferguard' };
    // The credentials' subscription and tenant, asked for only when the caller did not give them.
    let clientConfig: pulumi.Output<authorization.GetClientConfigResult> | undefined;
    const fromCredentials = (): pulumi.Output<authorization.GetClientConfigResult> => (clientConfig ??= authorization.getClientConfigOutput({ parent: this }));
    const subscriptionId = props.subscriptionId ?? fromCredentials().subscriptionId;
    const tenantId = props.tenantId ?? fromCredentials().tenantId;
    const roleId = (role: BuiltInRole): pulumi.Output<string> =>
      pulumi.interpolate`/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${role.id}`;
    const roleAssignments: authorization.RoleAssignment[] = [];
    const grant = (id: string, principalId: pulumi.Input<string>, role: pulumi.Input<string>, reason: string, scope: pulumi.Input<string>): authorization.RoleAssignment => {
      const assignment = new authorization.RoleAssignment(
        `${name}-${id}`,
        { principalId, principalType: 'ServicePrincipal', roleDefinitionId: role, scope, description: `inferguard: ${reason}` },
        parent,
      );
      roleAssignments.push(assignment);
      return assignment;
    };
    const grantBuiltIn = (id: string, principalId: pulumi.Input<string>, role: BuiltInRole, scope: pulumi.Input<string>): authorization.RoleAssignment =>
      grant(id, principalId, roleId(role), role.reason, scope);

    // --- key store and customer key -------------------------------------------------------------
    this.vault = new keyvault.Vault(
      `${compactName(name, 14)}kv`,
      {
        resourceGroupName,
        location,
        tags,
        properties: {
          tenantId,
          sku: { family: 'A', name: kv.sku },
          enableSoftDelete: kv.enableSoftDelete,
          softDeleteRetentionInDays: kv.softDeleteRetentionInDays,
          enablePurgeProtection: kv.enablePurgeProtection,
          enableRbacAuthorization: kv.enableRbacAuthorization,
          publicNetworkAccess: kv.publicNetworkAccess,
          // Trusted Azure services (the workspace) pass the firewall; nothing else does.
          networkAcls: { defaultAction: kv.networkDefaultAction, bypass: 'AzureServices' },
          enabledForDeployment: false,
          enabledForDiskEncryption: false,
          enabledForTemplateDeployment: false,
        },
      },
      parent,
    );

    let keyRoleAssignment: authorization.RoleAssignment | undefined;
    if (ws.customerManagedKey) {
      this.key = new keyvault.Key(
        `${name}-key`,
        {
          resourceGroupName,
          vaultName: this.vault.name,
          tags,
          properties: {
            kty: keySettings.kty,
            keySize: keySettings.keySize,
            keyOps: ['wrapKey', 'unwrapKey'],
            rotationPolicy: {
              attributes: { expiryTime: keySettings.expiresAfter },
              lifetimeActions: [
                ...(keySettings.rotationEnabled ? [{ action: { type: keyvault.KeyRotationPolicyActionType.Rotate }, trigger: { timeAfterCreate: keySettings.rotateAfter } }] : []),
                { action: { type: keyvault.KeyRotationPolicyActionType.Notify }, trigger: { timeBeforeExpiry: keySettings.notifyBeforeExpiry } },
              ],
            },
          },
        },
        parent,
      );
      this.keyIdentity = new managedidentity.UserAssignedIdentity(`${name}-key-identity`, { resourceGroupName, location, tags }, parent);
      keyRoleAssignment = grantBuiltIn('key-encryption', this.keyIdentity.principalId, INFERENCE_ROLES.keyVaultCryptoServiceEncryptionUser, this.key.id);
    }

    // --- workspace storage (where the model files live) ----------------------------------------
    this.storageAccount = new storage.StorageAccount(
      `${compactName(name, 14)}st`,
      {
        resourceGroupName,
        location,
        tags,
        kind: 'StorageV2',
        sku: { name: 'Standard_ZRS' },
        allowBlobPublicAccess: false,
        enableHttpsTrafficOnly: true,
        minimumTlsVersion: 'TLS1_2',
        // The managed network reaches it through managed private endpoints.
        publicNetworkAccess: ws.publicNetworkAccess === 'Disabled' ? 'Disabled' : 'Enabled',
        networkRuleSet: { defaultAction: 'Deny', bypass: 'AzureServices' },
      },
      parent,
    );

    // --- workspace ------------------------------------------------------------------------------
    const keyIdentityId = this.keyIdentity?.id;
    this.workspace = new machinelearningservices.Workspace(
      `${name}-workspace`,
      {
        resourceGroupName,
        location,
        tags,
        kind: 'Default',
        sku: { name: 'Basic', tier: 'Basic' },
        identity:
          keyIdentityId === undefined
            ? { type: 'SystemAssigned' }
            : { type: 'SystemAssigned,UserAssigned', userAssignedIdentities: [keyIdentityId] },
        publicNetworkAccess: ws.publicNetworkAccess,
        allowPublicAccessWhenBehindVnet: ws.allowPublicAccessWhenBehindVnet,
        v1LegacyMode: ws.v1LegacyMode,
        hbiWorkspace: ws.hbiWorkspace,
        managedNetwork: { isolationMode: ws.isolationMode },
        keyVault: this.vault.id,
        storageAccount: this.storageAccount.id,
        ...(props.containerRegistryId === undefined ? {} : { containerRegistry: props.containerRegistryId }),
        ...(this.key === undefined || keyIdentityId === undefined
          ? {}
          : {
              encryption: {
                status: 'Enabled',
                identity: { userAssignedIdentity: keyIdentityId },
                keyVaultProperties: { keyVaultArmId: this.vault.id, keyIdentifier: this.key.keyUriWithVersion },
              },
            }),
      },
      { parent: this, ...(keyRoleAssignment === undefined ? {} : { dependsOn: [keyRoleAssignment] }) },
    );

    // --- private endpoint and DNS ---------------------------------------------------------------
    const privateDnsZones: privatedns.PrivateZone[] = [];
    const virtualNetworkLinks: privatedns.VirtualNetworkLink[] = [];
    if (ws.privateEndpoint) {
      let subnetId: pulumi.Input<string>;
      let virtualNetworkId: pulumi.Input<string>;
      if (props.privateEndpointSubnetId === undefined) {
        const vnet = new network.VirtualNetwork(
          `${name}-vnet`,
          { resourceGroupName, location, tags, addressSpace: { addressPrefixes: [settings.network.addressPrefix] } },
          parent,
        );
        const subnet = new network.Subnet(
          `${name}-private-endpoints`,
          { resourceGroupName, virtualNetworkName: vnet.name, addressPrefix: settings.network.privateEndpointSubnetPrefix, privateEndpointNetworkPolicies: 'Enabled' },
          parent,
        );
        subnetId = subnet.id;
        virtualNetworkId = vnet.id;
        this.virtualNetwork = vnet;
        this.subnet = subnet;
      } else {
        subnetId = props.privateEndpointSubnetId;
        virtualNetworkId = pulumi.output(props.privateEndpointSubnetId).apply((id) => id.replace(/\/subnets\/[^/]+\/?$/i, ''));
      }
      this.privateEndpoint = new network.PrivateEndpoint(
        `${name}-workspace-pe`,
        {
          resourceGroupName,
          location,
          tags,
          subnet: { id: subnetId },
          privateLinkServiceConnections: [{ name: 'workspace', privateLinkServiceId: this.workspace.id, groupIds: [WORKSPACE_PRIVATE_LINK_GROUP_ID] }],
        },
        parent,
      );
      for (const zoneName of WORKSPACE_PRIVATE_DNS_ZONES) {
        const id = zoneName.replace(/^privatelink\./, '').replace(/\./g, '-');
        const zone = new privatedns.PrivateZone(`${name}-${id}`, { resourceGroupName, location: 'global', privateZoneName: zoneName, tags }, parent);
        virtualNetworkLinks.push(
          new privatedns.VirtualNetworkLink(
            `${name}-${id}-link`,
            { resourceGroupName, location: 'global', privateZoneName: zone.name, virtualNetwork: { id: virtualNetworkId }, registrationEnabled: false, tags },
            parent,
          ),
        );
        privateDnsZones.push(zone);
      }
      this.privateDnsZoneGroup = new network.PrivateDnsZoneGroup(
        `${name}-workspace-dns`,
        {
          resourceGroupName,
          privateEndpointName: this.privateEndpoint.name,
          privateDnsZoneGroupName: 'default',
          privateDnsZoneConfigs: privateDnsZones.map((zone, index) => ({ name: WORKSPACE_PRIVATE_DNS_ZONES[index].replace(/\./g, '-'), privateDnsZoneId: zone.id })),
        },
        parent,
      );
    }
    this.privateDnsZones = privateDnsZones;
    this.virtualNetworkLinks = virtualNetworkLinks;

    // --- endpoint identity and its roles --------------------------------------------------------
    this.endpointIdentity = new managedidentity.UserAssignedIdentity(`${name}-endpoint-identity`, { resourceGroupName, location, tags }, parent);
    const principalId = this.endpointIdentity.principalId;
    const deploymentPrerequisites: pulumi.Resource[] = [grantBuiltIn('model-read', principalId, INFERENCE_ROLES.storageBlobDataReader, this.storageAccount.id)];
    if (props.containerRegistryId !== undefined) deploymentPrerequisites.push(grantBuiltIn('image-pull', principalId, INFERENCE_ROLES.acrPull, props.containerRegistryId));
    settings.additionalRoleAssignments.forEach((extra, index) => {
      // A bare GUID is a role of this subscription; a full id (a custom role elsewhere) is used as given.
      const role = extra.roleDefinitionId.startsWith('/')
        ? extra.roleDefinitionId
        : pulumi.interpolate`/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${extra.roleDefinitionId}`;
      deploymentPrerequisites.push(grant(`extra-role-${index}`, principalId, role, extra.description ?? 'additional role requested by the caller', extra.scope));
    });
    this.roleAssignments = roleAssignments;

    // --- online endpoint and deployment ---------------------------------------------------------
    this.endpoint = new machinelearningservices.OnlineEndpoint(
      `${name}-endpoint`,
      {
        resourceGroupName,
        location,
        tags,
        workspaceName: this.workspace.name,
        identity: { type: 'UserAssigned', userAssignedIdentities: [this.endpointIdentity.id] },
        properties: { authMode: ep.authMode, publicNetworkAccess: ep.publicNetworkAccess },
      },
      parent,
    );

    this.model = new machinelearningservices.ModelVersion(
      `${name}-model`,
      {
        resourceGroupName,
        workspaceName: this.workspace.name,
        name: props.model.name ?? 'model',
        version: props.model.version ?? '1',
        properties: { modelUri: props.model.uri, modelType: props.model.type ?? 'custom_model' },
      },
      parent,
    );
    const digest = settings.image.digest ?? '';
    this.environment = new machinelearningservices.EnvironmentVersion(
      `${name}-environment`,
      {
        resourceGroupName,
        workspaceName: this.workspace.name,
        name: `${compactName(name, 40)}-image`,
        // One environment version per image digest: versions are immutable, and so is the image they name.
        version: digest.replace(/^sha256:/, '').slice(0, 12),
        properties: { image: props.image, osType: 'Linux', autoRebuild: 'Disabled' },
      },
      parent,
    );

    this.deployment = new machinelearningservices.OnlineDeployment(
      `${name}-deployment`,
      {
        resourceGroupName,
        location,
        tags,
        workspaceName: this.workspace.name,
        endpointName: this.endpoint.name,
        deploymentName: 'default',
        sku: { name: 'Default', capacity: dep.instanceCount },
        properties: {
          endpointComputeType: 'Managed',
          instanceType: dep.instanceType,
          model: this.model.id,
          environmentId: this.environment.id,
          scaleSettings: { scaleType: 'Default' },
          ...(dep.egressPublicNetworkAccess === undefined ? {} : { egressPublicNetworkAccess: dep.egressPublicNetworkAccess }),
        },
      },
      { parent: this, dependsOn: deploymentPrerequisites },
    );

    // --- request logging ------------------------------------------------------------------------
    const logging = settings.logging;
    if (logging.requestLogging) {
      let logWorkspaceId: pulumi.Input<string>;
      if (logging.logAnalyticsWorkspaceId === undefined) {
        this.logAnalyticsWorkspace = new operationalinsights.Workspace(
          `${name}-logs`,
          { resourceGroupName, location, tags, sku: { name: 'PerGB2018' }, retentionInDays: logging.retentionInDays },
          parent,
        );
        logWorkspaceId = this.logAnalyticsWorkspace.id;
      } else {
        logWorkspaceId = logging.logAnalyticsWorkspaceId;
      }
      this.requestLogging = new monitor.DiagnosticSetting(
        `${name}-traffic-log`,
        { name: 'inferguard-traffic-log', resourceUri: this.endpoint.id, workspaceId: logWorkspaceId, logs: [{ category: ENDPOINT_TRAFFIC_LOG_CATEGORY, enabled: true }] },
        parent,
      );
    }

    this.registerOutputs({
      workspaceId: this.workspace.id,
      endpointId: this.endpoint.id,
      deploymentId: this.deployment.id,
      keyVaultId: this.vault.id,
      endpointIdentityId: this.endpointIdentity.id,
    });
  }
}
