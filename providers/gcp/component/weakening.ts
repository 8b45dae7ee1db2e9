// What SecureVertexEndpoint refuses (settings no deployment can satisfy) and what it warns about
// (settings that leave a baseline control unmet), as pure functions of the merged settings.
import * as pulumi from '@pulumi/pulumi';
import { MAX_ROTATION_DAYS, MIN_DESTROY_SCHEDULED_DAYS, type VertexEndpointSettings } from './defaults';

/** The controls the component's defaults satisfy; ids shared with the AWS and Azure work. */
export const GCP_COMPONENT_CONTROL_IDS = [
  'endpoint-public-access-disabled',
  'endpoint-caller-authentication',
  'endpoint-storage-customer-key',
  'endpoint-request-logging',
  'data-capture-customer-key',
  'identity-least-privilege',
  'key-rotation-enabled',
  'key-not-public',
  'key-store-hardened',
  'project-service-perimeter',
  'workspace-private-access',
  'network-outbound-restricted',
] as const;
export type GcpControlId = (typeof GCP_COMPONENT_CONTROL_IDS)[number];

export interface Weakening {
  readonly control: GcpControlId;
  readonly problem: string;
  readonly fix: string;
}

export class SecureVertexEndpointError extends Error {
  override readonly name = 'SecureVertexEndpointError';
}

const PUBLIC_MEMBERS = ['allUsers', 'allAuthenticatedUsers'];
/** Basic roles and service-wide admin roles: far beyond what serving a model needs. */
function isBroadRole(role: string): boolean {
  return ['roles/owner', 'roles/editor', 'roles/viewer'].includes(role) || /\.admin$/.test(role) || role === 'roles/iam.serviceAccountUser' || role === 'roles/iam.serviceAccountTokenCreator';
}

/** `projects/P/locations/L/keyRings/R/cryptoKeys/K` → L, or undefined when the name has another shape. */
export function keyLocation(keyName: string): string | undefined {
  return /^projects\/[^/]+\/locations\/([^/]+)\/keyRings\/[^/]+\/cryptoKeys\/[^/]+$/.exec(keyName)?.[1];
}

/** Every reason the settings cannot be deployed; empty when they can. */
export function refusals(s: VertexEndpointSettings): string[] {
  const reasons: string[] = [];
  if (!/^\d+$/.test(s.projectNumber)) reasons.push(`projectNumber must be the project's number (digits, from \`gcloud projects describe ${s.projectId} --format='value(projectNumber)'\`), not "${s.projectNumber}".`);
  if (s.region.trim() === '' || s.region === 'global') reasons.push(`region must be a Vertex AI region such as europe-west4, not "${s.region}": endpoints and their keys are regional.`);
  if (s.privateServiceConnect.enabled && s.network !== undefined) {
    reasons.push('network (VPC peering) and Private Service Connect cannot be used together: Vertex AI takes one private path per endpoint. Remove `network`, or set `privateServiceConnect: { enabled: false }` to use peering.');
  }
  if (s.privateServiceConnect.enabled && s.dedicatedEndpoint) {
    reasons.push('dedicatedEndpoint cannot be combined with Private Service Connect: a PSC endpoint is already dedicated. Remove `dedicatedEndpoint`.');
  }
  if (s.network !== undefined && !/^projects\/[^/]+\/global\/networks\/[^/]+$/.test(s.network)) {
    reasons.push(`network must be a full network name, projects/PROJECT_NUMBER/global/networks/NAME, not "${s.network}".`);
  }
  if (s.key.existingKeyName !== undefined) {
    const location = keyLocation(s.key.existingKeyName);
    if (location === undefined) reasons.push(`key.existingKeyName must be projects/P/locations/L/keyRings/R/cryptoKeys/K, not "${s.key.existingKeyName}".`);
    else if (location !== s.region) reasons.push(`key.existingKeyName is in ${location} but the endpoint is in ${s.region}: Vertex AI only accepts a key in the endpoint's own region. Use a key in ${s.region}.`);
  }
  if (!Number.isInteger(s.key.rotationDays) || s.key.rotationDays < 1) reasons.push(`key.rotationDays must be a whole number of days >= 1 (Cloud KMS's minimum), not ${String(s.key.rotationDays)}.`);
  if (!Number.isInteger(s.key.destroyScheduledDays) || s.key.destroyScheduledDays < 1 || s.key.destroyScheduledDays > 120) {
    reasons.push(`key.destroyScheduledDays must be a whole number from 1 to 120 (Cloud KMS's range), not ${String(s.key.destroyScheduledDays)}.`);
  }
  if (!(s.requestLogging.samplingRate > 0 && s.requestLogging.samplingRate <= 1)) reasons.push(`requestLogging.samplingRate must be in (0, 1], not ${String(s.requestLogging.samplingRate)}.`);
  if (s.requestLogging.bigqueryDestination !== undefined && !/^bq:\/\/[^.]+\.[^.]+(\.[^.]+)?$/.test(s.requestLogging.bigqueryDestination)) {
    reasons.push(`requestLogging.bigqueryDestination must be bq://PROJECT.DATASET[.TABLE], not "${s.requestLogging.bigqueryDestination}".`);
  }
  const perimeter = s.servicePerimeter;
  if (perimeter.enabled) {
    if (perimeter.accessPolicy !== undefined && perimeter.existingPerimeter !== undefined) {
      reasons.push('servicePerimeter.accessPolicy (create a perimeter) and servicePerimeter.existingPerimeter (join one) exclude each other: set one.');
    } else if (perimeter.accessPolicy === undefined && perimeter.existingPerimeter === undefined) {
      reasons.push('A VPC Service Controls perimeter needs the organization\'s access policy: set servicePerimeter.accessPolicy (accessPolicies/N, from `gcloud access-context-manager policies list --organization ORG`) or servicePerimeter.existingPerimeter (accessPolicies/N/servicePerimeters/NAME), or servicePerimeter.enabled: false to go without one.');
    }
    if (perimeter.accessPolicy !== undefined && !/^accessPolicies\/\d+$/.test(perimeter.accessPolicy)) reasons.push(`servicePerimeter.accessPolicy must be accessPolicies/NUMBER, not "${perimeter.accessPolicy}".`);
    if (perimeter.existingPerimeter !== undefined && !/^accessPolicies\/\d+\/servicePerimeters\/\w+$/.test(perimeter.existingPerimeter)) {
      reasons.push(`servicePerimeter.existingPerimeter must be accessPolicies/NUMBER/servicePerimeters/NAME, not "${perimeter.existingPerimeter}".`);
    }
    if (perimeter.existingPerimeter !== undefined && (perimeter.dryRun || perimeter.ingressPolicies.length > 0 || perimeter.egressPolicies.length > 0)) {
      reasons.push('servicePerimeter.dryRun, ingressPolicies and egressPolicies shape a perimeter this component creates; an existing perimeter keeps its own. Remove them or use accessPolicy.');
    }
  }
  return reasons;
}

/** Each setting that leaves a control unmet, once per cause. */
export function weakenings(s: VertexEndpointSettings): Weakening[] {
  const found: Weakening[] = [];
  const add = (control: GcpControlId, problem: string, fix: string): void => {
    found.push({ control, problem, fix });
  };
  if (!s.privateServiceConnect.enabled && s.network === undefined) {
    add(
      'endpoint-public-access-disabled',
      s.dedicatedEndpoint ? 'The dedicated endpoint has neither Private Service Connect nor a peered network: its DNS name is reachable from the internet.' : 'The endpoint has neither Private Service Connect nor a peered network: it is served on the shared public domain.',
      'Leave privateServiceConnect on (default), or set `network` for VPC peering.',
    );
  }
  const publicInvokers = s.invokers.filter((m) => PUBLIC_MEMBERS.includes(m));
  if (publicInvokers.length > 0) add('endpoint-caller-authentication', `invokers grants predict to ${publicInvokers.join(' and ')}: anyone can call the model.`, 'Grant roles/aiplatform.user to named users, groups or service accounts only.');
  if (!s.key.customerManaged) add('endpoint-storage-customer-key', 'key.customerManaged is false: the endpoint is encrypted with a Google-managed key you cannot rotate, disable or audit.', 'Leave key.customerManaged on (default).');
  if (!s.key.customerManaged && s.requestLogging.enabled && s.requestLogging.bigqueryDestination === undefined) {
    add('data-capture-customer-key', 'key.customerManaged is false: the request/response logging dataset made here is encrypted with a Google-managed key too.', 'Leave key.customerManaged on (default), or log to a CMEK dataset of your own (requestLogging.bigqueryDestination).');
  }
  if (s.key.customerManaged && s.key.existingKeyName === undefined && s.key.rotationDays > MAX_ROTATION_DAYS) {
    add('key-rotation-enabled', `key.rotationDays is ${s.key.rotationDays}, longer than ${MAX_ROTATION_DAYS} days.`, `Rotate at most every ${MAX_ROTATION_DAYS} days (default).`);
  }
  if (s.key.customerManaged && s.key.existingKeyName !== undefined) {
    add('key-rotation-enabled', `key.existingKeyName is a key this component does not manage: its rotation period and grants are not checked here.`, 'Check the key with `inferguard audit gcp`, or let the component create the key (default).');
  }
  if (s.key.customerManaged && s.key.existingKeyName === undefined) {
    const soft = [
      ...(s.key.protectionLevel === 'HSM' ? [] : ['its material is software-protected, not in an HSM']),
      ...(s.key.destroyScheduledDays >= MIN_DESTROY_SCHEDULED_DAYS ? [] : [`a destroyed version is gone after ${s.key.destroyScheduledDays} days`]),
    ];
    if (soft.length > 0) add('key-store-hardened', `The key is weaker than the baseline: ${soft.join('; ')}.`, `Keep protectionLevel HSM and destroyScheduledDays >= ${MIN_DESTROY_SCHEDULED_DAYS} (defaults).`);
  }
  const publicKeyMembers = s.key.extraEncrypterDecrypters.filter((m) => PUBLIC_MEMBERS.includes(m));
  if (publicKeyMembers.length > 0) add('key-not-public', `key.extraEncrypterDecrypters grants the key to ${publicKeyMembers.join(' and ')}.`, 'Grant the key to named principals only.');
  if (!s.requestLogging.enabled) add('endpoint-request-logging', 'requestLogging.enabled is false: no record of what was asked and answered.', 'Leave request/response logging on (default).');
  const broad = s.extraServingRoles.filter(isBroadRole);
  if (broad.length > 0) add('identity-least-privilege', `extraServingRoles gives the serving account ${broad.join(', ')}.`, 'Grant narrow roles on the resources the model reads, not basic or admin roles.');
  const perimeter = s.servicePerimeter;
  if (!perimeter.enabled) add('project-service-perimeter', 'servicePerimeter.enabled is false: Vertex AI data can be copied out of the project with stolen credentials.', 'Create a perimeter (servicePerimeter.accessPolicy) or join one (servicePerimeter.existingPerimeter).');
  else {
    if (perimeter.dryRun) add('project-service-perimeter', 'servicePerimeter.dryRun is true: violations are only logged, nothing is blocked.', 'Enforce the perimeter (dryRun: false, default) once the dry-run logs are clean.');
    if (perimeter.existingPerimeter === undefined && !perimeter.restrictedServices.includes('aiplatform.googleapis.com')) {
      add('project-service-perimeter', 'servicePerimeter.restrictedServices leaves out aiplatform.googleapis.com.', 'Restrict aiplatform.googleapis.com (default list).');
    }
    if (perimeter.ingressPolicies.length > 0) add('workspace-private-access', `servicePerimeter.ingressPolicies admits ${perimeter.ingressPolicies.length} rule(s) of callers from outside the perimeter.`, 'Keep ingress rules narrow (named identities and access levels) and review them.');
    if (perimeter.egressPolicies.length > 0) add('network-outbound-restricted', `servicePerimeter.egressPolicies lets ${perimeter.egressPolicies.length} rule(s) of traffic leave the perimeter.`, 'Keep egress rules to named projects and methods and review them.');
  }
  return found;
}

export function warningMessage(weakening: Weakening): string {
  return `inferguard:${weakening.control}: ${weakening.problem} To fix: ${weakening.fix}`;
}

/** One `pulumi.log.warn` per weakening, on the component. */
export function warnWeakenings(resource: pulumi.Resource, found: readonly Weakening[]): void {
  for (const weakening of found) void pulumi.log.warn(warningMessage(weakening), resource);
}
