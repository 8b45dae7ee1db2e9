// What ScheduledAzureDriftCheck and ShardedAzureAudit declare alike: the storage their jobs write to (account, blob
// service, private container) and the shipped auditor role with its assignments. One declaration, so the two
// components cannot come apart on a storage security setting or on what the auditor role holds.
import * as authorization from '@pulumi/azure-native/authorization';
import * as storage from '@pulumi/azure-native/storage';
import * as pulumi from '@pulumi/pulumi';
import auditorRole from '../live/auditor-role.json';
import { defaultSnapshotStorageSettings, snapshotStorageAccountSecurity, type PublicNetworkAccess } from './defaults';

/** Letters and digits only, lower case, at most `maxLength` (storage account and action group names); `fallback` when none is left. */
export function compactName(name: string, maxLength: number, fallback = 'drift'): string {
  const compact = name.toLowerCase().replace(/[^a-z0-9]/g, '');
  return (compact === '' ? fallback : compact).slice(0, maxLength);
}

/** The storage choices both components' props offer. */
export interface JobStorageProps {
  readonly resourceGroupName: pulumi.Input<string>;
  readonly location?: pulumi.Input<string>;
  /** Default: the secure default's (see defaults.ts for why it is Enabled). */
  readonly storagePublicNetworkAccess?: PublicNetworkAccess;
  readonly allowedSubnetIds?: readonly pulumi.Input<string>[];
}

/** What each component names its own: Pulumi names of the account (which Azure's autonaming turns into 3-24 lower-case letters and digits) and the container, and the container's name. */
export interface JobStorageNames {
  readonly account: string;
  readonly container: string;
  readonly containerName: string;
}

export interface JobStorage {
  readonly storageAccount: storage.StorageAccount;
  readonly blobService: storage.BlobServiceProperties;
  readonly container: storage.BlobContainer;
  /** `https://ACCOUNT.blob.core.windows.net/CONTAINER/prefix`. */
  readonly locationOf: (prefix: string) => pulumi.Output<string>;
}

/** A storage account that takes Entra ID tokens only, over HTTPS and TLS 1.2, with no public blob access, versioned, and one private container. */
export function declareJobStorage(name: string, props: JobStorageProps, tags: Readonly<Record<string, string>>, names: JobStorageNames, parent: pulumi.Resource): JobStorage {
  const { resourceGroupName, location } = props;
  const settings = { ...defaultSnapshotStorageSettings(), ...(props.storagePublicNetworkAccess ? { publicNetworkAccess: props.storagePublicNetworkAccess } : {}) };
  const storageAccount = new storage.StorageAccount(
    names.account,
    { resourceGroupName, location, tags, kind: 'StorageV2', sku: { name: 'Standard_ZRS' }, ...snapshotStorageAccountSecurity(settings, props.allowedSubnetIds) },
    { parent },
  );
  const blobService = new storage.BlobServiceProperties(
    `${name}-blob-service`,
    {
      resourceGroupName,
      accountName: storageAccount.name,
      blobServicesName: 'default',
      isVersioningEnabled: settings.blobVersioning,
      deleteRetentionPolicy: { enabled: true, days: settings.deleteRetentionDays },
      containerDeleteRetentionPolicy: { enabled: true, days: settings.deleteRetentionDays },
    },
    { parent },
  );
  const container = new storage.BlobContainer(
    names.container,
    { resourceGroupName, accountName: storageAccount.name, containerName: names.containerName, publicAccess: storage.PublicAccess.None },
    { parent },
  );
  const locationOf = (prefix: string) => pulumi.interpolate`https://${storageAccount.name}.blob.core.windows.net/${names.containerName}/${prefix}`;
  return { storageAccount, blobService, container, locationOf };
}

/** The shipped auditor role, verbatim except its assignable scopes (the audited subscriptions or management group). */
export function declareAuditorRole(name: string, scopes: readonly pulumi.Input<string>[], parent: pulumi.Resource): authorization.RoleDefinition {
  return new authorization.RoleDefinition(
    `${name}-auditor-role`,
    {
      scope: scopes[0],
      roleName: `${auditorRole.Name} (${name})`,
      description: auditorRole.Description,
      roleType: 'CustomRole',
      permissions: [{ actions: auditorRole.Actions, notActions: auditorRole.NotActions, dataActions: auditorRole.DataActions, notDataActions: auditorRole.NotDataActions }],
      assignableScopes: [...scopes],
    },
    { parent },
  );
}

/**
 * A built-in role's definition id for an assignment at `scope`: in the scope's own subscription (a container, a
 * registry in another subscription), or tenant-wide for a scope above subscriptions (a management group).
 */
export function builtInRoleDefinitionIdAt(scope: pulumi.Input<string>, roleId: string): pulumi.Output<string> {
  return pulumi.output(scope).apply((id) => {
    const subscription = /^\/subscriptions\/([^/]+)/i.exec(id)?.[1];
    return `${subscription ? `/subscriptions/${subscription}` : ''}/providers/Microsoft.Authorization/roleDefinitions/${roleId}`;
  });
}

export interface RoleAssigner {
  /** Declares `${name}-${id}`: `roleDefinitionId` for a service principal at `scope`, described as `${component}: ${reason}`. */
  readonly assign: (id: string, principalId: pulumi.Input<string>, roleDefinitionId: pulumi.Input<string>, scope: pulumi.Input<string>, reason: string) => authorization.RoleAssignment;
  /** Every assignment declared so far: the jobs depend on them, so an identity holds its roles before its first run. */
  readonly assignments: authorization.RoleAssignment[];
}

export function roleAssigner(name: string, component: string, parent: pulumi.Resource): RoleAssigner {
  const assignments: authorization.RoleAssignment[] = [];
  const assign: RoleAssigner['assign'] = (id, principalId, roleDefinitionId, scope, reason) => {
    const assignment = new authorization.RoleAssignment(
      `${name}-${id}`,
      { principalId, principalType: 'ServicePrincipal', roleDefinitionId, scope, description: `${component}: ${reason}` },
      { parent },
    );
    assignments.push(assignment);
    return assignment;
  };
  return { assign, assignments };
}
