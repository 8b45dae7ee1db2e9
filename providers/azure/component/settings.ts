// Resolves the component's settings (defaults < user overrides), then judges them: a setting that weakens
// a baseline control becomes a `Weakening` (a Pulumi warning naming the control id); a setting Azure would
// reject, or ignore, is refused with the reason before any resource is declared.
import {
  BROAD_ROLES,
  defaultDeploymentSettings,
  defaultEndpointSettings,
  defaultKeySettings,
  defaultKeyVaultSettings,
  defaultLoggingSettings,
  defaultNetworkSettings,
  defaultWorkspaceSettings,
  mergeSettings,
  type DeploymentSettings,
  type EndpointSettings,
  type KeySettings,
  type KeyVaultSettings,
  type LoggingSettings,
  type NetworkSettings,
  type WorkspaceSettings,
} from './defaults';
import { isAzureContainerRegistry, parseImageReference, type ImageReference } from '../image';
import type { RoleGrant, SecureAzureMlEndpointProps } from './props';

export { isAzureContainerRegistry, parseImageReference, type ImageReference };

/** The baseline controls the component's defaults satisfy (ids shared with the other clouds where the judgement is the same). */
export const AZURE_COMPONENT_CONTROL_IDS = [
  'workspace-private-access',
  'network-outbound-restricted',
  'workspace-customer-key',
  'key-store-hardened',
  'key-rotation-enabled',
  'endpoint-public-access-disabled',
  'endpoint-caller-authentication',
  'endpoint-multiple-instances',
  'endpoint-request-logging',
  'identity-least-privilege',
  'image-private-registry',
  'image-pinned-by-digest',
] as const;

export type AzureControlId = (typeof AZURE_COMPONENT_CONTROL_IDS)[number];

export interface Weakening {
  readonly control: AzureControlId;
  /** What the configuration does and why that matters. */
  readonly problem: string;
  /** What to do instead. */
  readonly fix: string;
}

export function warningId(control: AzureControlId): string {
  return `inferguard:${control}`;
}

export function warningMessage(weakening: Weakening): string {
  return `${warningId(weakening.control)}: ${weakening.problem} To fix: ${weakening.fix}`;
}

/** A configuration the component refuses: what was asked, why it cannot work, what to do instead. */
export class SecureAzureMlEndpointConfigurationError extends Error {
  constructor(
    readonly component: string,
    readonly problem: string,
    readonly fix: string,
  ) {
    super(`${component}: ${problem} ${fix}`);
    this.name = 'SecureAzureMlEndpointConfigurationError';
  }
}

export interface ResolvedSettings {
  readonly workspace: WorkspaceSettings;
  readonly keyVault: KeyVaultSettings;
  readonly key: KeySettings;
  readonly endpoint: EndpointSettings;
  readonly deployment: DeploymentSettings;
  readonly network: NetworkSettings;
  readonly logging: LoggingSettings;
  readonly image: ImageReference;
  readonly hasRegistry: boolean;
  readonly additionalRoleAssignments: readonly RoleGrant[];
}

const DIGEST = /^sha256:[0-9a-f]{64}$/;

/** Days in an ISO 8601 duration of days, months or years (`P365D`, `P18M`, `P1Y`), as Key Vault counts them. */
export function durationDays(duration: string): number | undefined {
  const match = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?$/.exec(duration);
  if (match === null || duration === 'P') return undefined;
  const [, years = '0', months = '0', days = '0'] = match;
  return Number(years) * 365 + Number(months) * 30 + Number(days);
}

export function resolveSettings(props: SecureAzureMlEndpointProps): ResolvedSettings {
  return {
    workspace: mergeSettings(defaultWorkspaceSettings(), props.workspace),
    keyVault: mergeSettings(defaultKeyVaultSettings(), props.keyVault),
    key: mergeSettings(defaultKeySettings(), props.key),
    endpoint: mergeSettings(defaultEndpointSettings(), props.endpoint),
    deployment: mergeSettings(defaultDeploymentSettings(), props.deployment),
    network: mergeSettings(defaultNetworkSettings(), props.network),
    logging: mergeSettings(defaultLoggingSettings(), props.logging),
    image: parseImageReference(props.image),
    hasRegistry: props.containerRegistryId !== undefined,
    additionalRoleAssignments: props.additionalRoleAssignments ?? [],
  };
}

function roleGuid(roleDefinitionId: string): string {
  return (roleDefinitionId.split('/').pop() ?? roleDefinitionId).toLowerCase();
}

/** A scope that covers more than one resource: a management group, subscription or resource group. */
function isBroadScope(scope: string): boolean {
  return /^\/providers\/Microsoft\.Management\//i.test(scope) || /^\/subscriptions\/[^/]+(\/resourceGroups\/[^/]+)?\/?$/i.test(scope) || scope === '/';
}

/** Every setting that leaves a baseline control unmet, one entry per cause. */
export function findWeakenings(settings: ResolvedSettings): Weakening[] {
  const { workspace, keyVault, key, endpoint, deployment, image } = settings;
  const found: Weakening[] = [];
  const add = (control: AzureControlId, problem: string, fix: string): void => {
    found.push({ control, problem, fix });
  };
  if (workspace.publicNetworkAccess === 'Enabled') {
    add('workspace-private-access', 'workspace.publicNetworkAccess is Enabled: the workspace API is reachable from the internet.', "Leave it 'Disabled' and reach the workspace through its private endpoint.");
  }
  if (workspace.allowPublicAccessWhenBehindVnet) {
    add('workspace-private-access', 'workspace.allowPublicAccessWhenBehindVnet is true: the workspace accepts public traffic although it has a private endpoint.', 'Leave it false.');
  }
  if (!workspace.privateEndpoint) {
    add('workspace-private-access', 'workspace.privateEndpoint is false: no approved private endpoint connects the workspace to your network.', 'Leave it true (a private endpoint with groupId amlworkspace and its private DNS zones).');
  }
  if (workspace.isolationMode !== 'AllowOnlyApprovedOutbound') {
    add(
      'network-outbound-restricted',
      `workspace.isolationMode is ${workspace.isolationMode}: compute in the workspace ${workspace.isolationMode === 'Disabled' ? 'has no managed network' : 'may reach any internet destination'}.`,
      "Use 'AllowOnlyApprovedOutbound' and add outbound rules for the destinations the model needs.",
    );
  }
  if (workspace.isolationMode === 'Disabled' && deployment.egressPublicNetworkAccess !== 'Disabled') {
    add('network-outbound-restricted', 'Without a managed network, the deployment may reach the internet (deployment.egressPublicNetworkAccess is not Disabled).', "Use the managed network, or set deployment.egressPublicNetworkAccess to 'Disabled'.");
  }
  if (!workspace.customerManagedKey) {
    add('workspace-customer-key', 'workspace.customerManagedKey is false: workspace data is encrypted with a Microsoft-managed key you cannot revoke or audit.', 'Leave it true (the component creates the key and grants the workspace identity access to it alone).');
  }
  if (!keyVault.enableRbacAuthorization) {
    add('key-store-hardened', 'keyVault.enableRbacAuthorization is false: vault access policies grant data access outside Azure RBAC and its audit trail.', 'Leave it true.');
  }
  if (keyVault.publicNetworkAccess === 'Enabled') {
    add('key-store-hardened', 'keyVault.publicNetworkAccess is Enabled: the vault holding the key is reachable from public networks.', "Leave it 'Disabled'; trusted Azure services still reach it.");
  }
  if (keyVault.networkDefaultAction === 'Allow') {
    add('key-store-hardened', 'keyVault.networkDefaultAction is Allow: the vault firewall admits every network.', "Leave it 'Deny'.");
  }
  if (!keyVault.enablePurgeProtection) {
    add('key-store-hardened', 'keyVault.enablePurgeProtection is false: a deleted key can be purged at once, making encrypted data unreadable.', 'Leave it true.');
  }
  if (!key.rotationEnabled) {
    add('key-rotation-enabled', 'key.rotationEnabled is false: the key never rotates automatically.', `Leave it true (rotation every ${key.rotateAfter}).`);
  } else {
    const days = durationDays(key.rotateAfter);
    if (days !== undefined && days > 365) {
      add('key-rotation-enabled', `key.rotateAfter is ${key.rotateAfter} (${days} days), longer than the 365 days the baseline accepts.`, 'Rotate at least yearly, e.g. P365D.');
    }
  }
  if (endpoint.publicNetworkAccess === 'Enabled') {
    add('endpoint-public-access-disabled', 'endpoint.publicNetworkAccess is Enabled: anyone on the internet can reach the scoring URI.', "Leave it 'Disabled' and score through the workspace's private endpoint.");
  }
  if (endpoint.authMode === 'Key') {
    add('endpoint-caller-authentication', "endpoint.authMode is Key: callers share non-expiring keys that identify nobody.", "Use 'AADToken' (Microsoft Entra ID tokens, authorized per identity) or at least 'AMLToken'.");
  }
  if (deployment.instanceCount < 2) {
    add('endpoint-multiple-instances', `deployment.instanceCount is ${deployment.instanceCount}: one instance failure or update stops the endpoint.`, 'Run at least 2 instances.');
  }
  if (!settings.logging.requestLogging) {
    add('endpoint-request-logging', 'logging.requestLogging is false: no record of who called the endpoint, when, and with what result.', 'Leave it true (a diagnostic setting sends AmlOnlineEndpointTrafficLog to Log Analytics).');
  }
  if (!isAzureContainerRegistry(image.registry)) {
    add('image-private-registry', `The image comes from ${image.registry}, not from an Azure Container Registry you control.`, 'Import it into your registry (az acr import) and reference it there.');
  }
  for (const grant of settings.additionalRoleAssignments) {
    const broad = BROAD_ROLES.find((role) => role.id === roleGuid(grant.roleDefinitionId));
    if (broad !== undefined) {
      add('identity-least-privilege', `An additional role assignment gives the endpoint identity ${broad.name} (${broad.reason}).`, 'Grant a data-plane reader role on the one resource the model reads.');
    } else if (typeof grant.scope === 'string' && isBroadScope(grant.scope)) {
      add('identity-least-privilege', `An additional role assignment applies at ${grant.scope}, i.e. to every resource below it.`, 'Scope it to the one resource the model reads.');
    }
  }
  return found;
}

function refuse(component: string, problem: string, fix: string): never {
  throw new SecureAzureMlEndpointConfigurationError(component, problem, fix);
}

/** Throws for a configuration Azure would reject or silently ignore, or one the component cannot make work. */
export function checkConfiguration(component: string, settings: ResolvedSettings): void {
  const { workspace, keyVault, key, deployment, image } = settings;
  if (!keyVault.enableSoftDelete) {
    refuse(component, 'keyVault.enableSoftDelete is false, but Key Vault no longer lets a vault opt out of soft delete, and Azure Machine Learning refuses a customer key without it.', 'Remove the override.');
  }
  if (workspace.customerManagedKey && !keyVault.enablePurgeProtection) {
    refuse(component, 'A customer-managed key needs a vault with purge protection: Azure Machine Learning refuses the key otherwise.', 'Leave keyVault.enablePurgeProtection true, or set workspace.customerManagedKey to false.');
  }
  if (workspace.customerManagedKey && !keyVault.enableRbacAuthorization) {
    refuse(component, 'The component grants the workspace access to the key with an Azure RBAC role assignment, which an access-policy vault ignores (keyVault.enableRbacAuthorization is false).', 'Leave keyVault.enableRbacAuthorization true.');
  }
  if (!Number.isInteger(keyVault.softDeleteRetentionInDays) || keyVault.softDeleteRetentionInDays < 7 || keyVault.softDeleteRetentionInDays > 90) {
    refuse(component, `keyVault.softDeleteRetentionInDays is ${keyVault.softDeleteRetentionInDays}; Key Vault accepts whole days from 7 to 90.`, 'Use a value from 7 to 90.');
  }
  for (const [name, value] of [['rotateAfter', key.rotateAfter], ['expiresAfter', key.expiresAfter], ['notifyBeforeExpiry', key.notifyBeforeExpiry]] as const) {
    if (durationDays(value) === undefined) refuse(component, `key.${name} is "${value}", not an ISO 8601 duration of years, months or days.`, 'Write it like P365D, P18M or P2Y.');
  }
  if (key.rotationEnabled && (durationDays(key.rotateAfter) ?? 0) >= (durationDays(key.expiresAfter) ?? 0)) {
    refuse(component, `key.rotateAfter (${key.rotateAfter}) is not shorter than key.expiresAfter (${key.expiresAfter}): each version would expire before it is rotated.`, 'Make expiresAfter longer than rotateAfter.');
  }
  if (workspace.v1LegacyMode) {
    refuse(component, 'workspace.v1LegacyMode true blocks the v2 APIs that managed online endpoints and the managed network need.', 'Remove the override.');
  }
  if (workspace.isolationMode !== 'Disabled' && deployment.egressPublicNetworkAccess !== undefined) {
    refuse(
      component,
      `deployment.egressPublicNetworkAccess is ${deployment.egressPublicNetworkAccess}, but Azure ignores it once the workspace uses a managed network (isolationMode ${workspace.isolationMode}): the setting would claim a protection that is not in force.`,
      'Remove it and control outbound traffic with workspace.isolationMode and outbound rules.',
    );
  }
  const { retentionInDays } = settings.logging;
  if (settings.logging.requestLogging && settings.logging.logAnalyticsWorkspaceId === undefined && (!Number.isInteger(retentionInDays) || retentionInDays < 30 || retentionInDays > 730)) {
    refuse(component, `logging.retentionInDays is ${retentionInDays}; a Log Analytics workspace keeps data for whole days from 30 to 730.`, 'Use a value from 30 to 730.');
  }
  if (!Number.isInteger(deployment.instanceCount) || deployment.instanceCount < 1) {
    refuse(component, `deployment.instanceCount is ${deployment.instanceCount}; a deployment needs a whole number of instances, at least 1.`, 'Use 2 or more.');
  }
  if (image.digest === undefined || !DIGEST.test(image.digest)) {
    refuse(
      component,
      `The image "${image.registry}/${image.repository}${image.tag === undefined ? '' : `:${image.tag}`}" is not pinned by a sha256 digest: a tag can be moved to other content after review.`,
      'Reference it as <registry>/<repository>@sha256:<64 hex digits> (az acr repository show -n <registry> --image <repo>:<tag> --query digest).',
    );
  }
  if (isAzureContainerRegistry(image.registry) && !settings.hasRegistry) {
    refuse(component, `The image is in ${image.registry}, but containerRegistryId is not given: the endpoint identity would get no AcrPull and could not pull it.`, 'Pass containerRegistryId, the resource id of that registry.');
  }
}
