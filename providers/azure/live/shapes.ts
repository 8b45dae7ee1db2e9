// The documented shapes of the ARM answers the readers use (Microsoft's REST reference). Only what the
// facts depend on is required; other fields pass through. A 200 without this shape is a failed read.
import { z } from 'zod';

// An ARM id (`/subscriptions/...`) when read live; a Pulumi URN for a resource not yet deployed.
const armId = z.string().min(1);
const loose = z.record(z.string(), z.unknown());

export const subscriptionShape = z.object({ subscriptionId: z.string().min(1), state: z.string().optional(), displayName: z.string().optional() });

const userAssignedMap = z.record(z.string(), z.unknown()).nullish();
const managedIdentity = z.object({ type: z.string(), principalId: z.string().nullish(), userAssignedIdentities: userAssignedMap }).passthrough().nullish();

export const workspaceShape = z.object({
  id: armId,
  name: z.string(),
  location: z.string().optional(),
  identity: managedIdentity,
  properties: z
    .object({
      publicNetworkAccess: z.string().nullish(),
      keyVault: z.string().nullish(),
      containerRegistry: z.string().nullish(),
      privateEndpointConnections: z
        .array(z.object({ id: z.string(), properties: z.object({ privateLinkServiceConnectionState: z.object({ status: z.string().nullish() }).passthrough().nullish() }).passthrough().nullish() }).passthrough())
        .nullish(),
      managedNetwork: z.object({ isolationMode: z.string().nullish(), networkId: z.string().nullish() }).passthrough().nullish(),
      encryption: z
        .object({
          status: z.string().nullish(),
          keyVaultProperties: z.object({ keyIdentifier: z.string().nullish(), keyVaultArmId: z.string().nullish() }).passthrough().nullish(),
          identity: z.object({ userAssignedIdentity: z.string().nullish() }).passthrough().nullish(),
        })
        .passthrough()
        .nullish(),
    })
    .passthrough(),
});
export type ArmWorkspace = z.infer<typeof workspaceShape>;

export const onlineEndpointShape = z.object({
  id: armId,
  name: z.string(),
  location: z.string().optional(),
  identity: managedIdentity,
  properties: z.object({ authMode: z.string(), publicNetworkAccess: z.string().nullish(), provisioningState: z.string().nullish() }).passthrough(),
});
export type ArmOnlineEndpoint = z.infer<typeof onlineEndpointShape>;

export const onlineDeploymentShape = z.object({
  id: armId,
  name: z.string(),
  sku: z.object({ capacity: z.number().nullish() }).passthrough().nullish(),
  properties: z
    .object({
      endpointComputeType: z.string(),
      instanceType: z.string().nullish(),
      model: z.string().nullish(),
      environmentId: z.string().nullish(),
      egressPublicNetworkAccess: z.string().nullish(),
      scaleSettings: z.object({ scaleType: z.string().nullish(), minInstances: z.number().nullish() }).passthrough().nullish(),
      dataCollector: loose.nullish(),
    })
    .passthrough(),
});
export type ArmOnlineDeployment = z.infer<typeof onlineDeploymentShape>;

/** `workspaces/environments/versions` (EnvironmentVersions_Get): an image, or a Docker build context, and its OS. */
export const environmentVersionShape = z.object({
  id: armId,
  name: z.string(),
  properties: z
    .object({
      image: z.string().nullish(),
      build: z.object({ contextUri: z.string().nullish(), dockerfilePath: z.string().nullish() }).passthrough().nullish(),
      osType: z.string().nullish(),
      autoRebuild: z.string().nullish(),
      environmentType: z.string().nullish(),
    })
    .passthrough(),
});
export type ArmEnvironmentVersion = z.infer<typeof environmentVersionShape>;

/** `Microsoft.Insights/diagnosticSettings` (DiagnosticSettings_List at 2021-05-01-preview): where resource logs go. */
export const diagnosticSettingShape = z.object({
  id: armId,
  name: z.string(),
  properties: z
    .object({
      workspaceId: z.string().nullish(),
      storageAccountId: z.string().nullish(),
      eventHubAuthorizationRuleId: z.string().nullish(),
      marketplacePartnerId: z.string().nullish(),
      logs: z.array(z.object({ category: z.string().nullish(), categoryGroup: z.string().nullish(), enabled: z.boolean() }).passthrough()).nullish(),
    })
    .passthrough(),
});
export type ArmDiagnosticSetting = z.infer<typeof diagnosticSettingShape>;

export const vaultShape = z.object({
  id: armId,
  name: z.string(),
  location: z.string().optional(),
  properties: z
    .object({
      tenantId: z.string(),
      enableSoftDelete: z.boolean().nullish(),
      enablePurgeProtection: z.boolean().nullish(),
      enableRbacAuthorization: z.boolean().nullish(),
      publicNetworkAccess: z.string().nullish(),
      networkAcls: z.object({ defaultAction: z.string().nullish() }).passthrough().nullish(),
    })
    .passthrough(),
});
export type ArmVault = z.infer<typeof vaultShape>;

const lifetimeAction = z.object({
  trigger: z.object({ timeAfterCreate: z.string().nullish(), timeBeforeExpiry: z.string().nullish() }).passthrough().nullish(),
  action: z.object({ type: z.string().nullish() }).passthrough().nullish(),
});

export const keyShape = z.object({
  id: armId,
  name: z.string(),
  location: z.string().optional(),
  properties: z
    .object({
      attributes: z.object({ enabled: z.boolean().nullish() }).passthrough().nullish(),
      rotationPolicy: z
        .object({ attributes: z.object({ expiryTime: z.string().nullish() }).passthrough().nullish(), lifetimeActions: z.array(lifetimeAction).nullish() })
        .passthrough()
        .nullish(),
    })
    .passthrough(),
});
export type ArmKey = z.infer<typeof keyShape>;

export const userAssignedIdentityShape = z.object({ id: armId, name: z.string(), location: z.string().optional(), properties: z.object({ principalId: z.string().min(1) }).passthrough() });

export const roleAssignmentShape = z.object({
  id: armId,
  properties: z.object({ roleDefinitionId: z.string(), principalId: z.string(), scope: z.string(), condition: z.string().nullish() }).passthrough(),
});
export type ArmRoleAssignment = z.infer<typeof roleAssignmentShape>;

const permission = z.object({
  actions: z.array(z.string()).default([]),
  notActions: z.array(z.string()).default([]),
  dataActions: z.array(z.string()).nullish(),
  notDataActions: z.array(z.string()).nullish(),
});
export const roleDefinitionShape = z.object({
  id: armId,
  name: z.string(),
  properties: z.object({ roleName: z.string(), type: z.string(), permissions: z.array(permission) }).passthrough(),
});
export type ArmRoleDefinition = z.infer<typeof roleDefinitionShape>;

/** A page of an ARM list: `value` always, `nextLink` when there are more (absolute URL). */
export function listPage<T extends z.ZodType>(item: T) {
  return z.object({ value: z.array(item), nextLink: z.string().nullish() });
}

/**
 * ManagementGroups_GetDescendants: each entity below the group, a management group or a subscription (its `type`
 * `Microsoft.Management/managementGroups/subscriptions` in the reference's example, `/subscriptions` in its field
 * description; `id` `/subscriptions/<id>`). providers/azure/live/estate.ts tells them apart.
 */
export const descendantShape = z.object({
  id: z.string().min(1),
  type: z.string().min(1),
  name: z.string().min(1),
  properties: z.object({ displayName: z.string().nullish(), parent: z.object({ id: z.string().nullish() }).passthrough().nullish() }).passthrough().nullish(),
});
export type ArmDescendant = z.infer<typeof descendantShape>;

/** A Resource Graph answer (`resultFormat: objectArray`): rows in `data`, `$skipToken` while more remain. */
export function resourceGraphPage<T extends z.ZodType>(row: T) {
  return z.object({
    totalRecords: z.number(),
    count: z.number(),
    // The reference defines a string enum ("true" / "false"); a boolean means the same.
    resultTruncated: z.union([z.string(), z.boolean()]),
    data: z.array(row),
    $skipToken: z.string().nullish(),
  });
}
