// Pulumi resource inputs -> the neutral model, for `scan` of `pulumi preview --json` output (steps[].newState) and
// `pulumi stack export` files (deployment.resources[]). The inputs are put in the shape ARM returns, checked with
// the same shapes, and stated by the same functions as the live readers, so a scenario yields the same facts
// either way. A value known only after deployment (Pulumi's unknown sentinel) or a secret is unknown, never a value.
import { readFileSync } from 'node:fs';
import type { ZodType } from 'zod';
import { evidence, known, listFact, unknown, type CoverageGap, type Fact, type ImageRef, type ListFact, type Identity, type InferenceEndpoint, type Inventory, type PolicyStatement, type Resource } from '../../../policies/model';
import { builtInRole } from '../built-in-roles';
import {
  assignmentStatements,
  DEPLOYMENT_TYPE,
  DIAGNOSTIC_SETTING_TYPE,
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
} from '../live/facts';
import {
  diagnosticSettingShape,
  environmentVersionShape,
  keyShape,
  onlineDeploymentShape,
  onlineEndpointShape,
  vaultShape,
  workspaceShape,
  type ArmDiagnosticSetting,
  type ArmEnvironmentVersion,
  type ArmOnlineDeployment,
  type ArmRoleDefinition,
  type ArmWorkspace,
} from '../live/shapes';

/** Pulumi's placeholder for a value known only after deployment. */
export const PULUMI_UNKNOWN = '04da6b54-80e4-46f7-96ec-b56ff0331ba9';
const SECRET_SIGNATURE = '4dabf18193072939515e22adb298388d';
/** What a secret becomes before mapping: evidence holding it makes the fact unknown. */
const SECRET = '[secret]';

export const PULUMI_TYPES = {
  workspace: 'azure-native:machinelearningservices:Workspace',
  endpoint: 'azure-native:machinelearningservices:OnlineEndpoint',
  deployment: 'azure-native:machinelearningservices:OnlineDeployment',
  vault: 'azure-native:keyvault:Vault',
  key: 'azure-native:keyvault:Key',
  identity: 'azure-native:managedidentity:UserAssignedIdentity',
  roleAssignment: 'azure-native:authorization:RoleAssignment',
  environment: 'azure-native:machinelearningservices:EnvironmentVersion',
  diagnosticSetting: 'azure-native:monitor:DiagnosticSetting',
} as const;

export class PulumiDocumentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PulumiDocumentError';
  }
}

export interface PulumiState {
  readonly urn: string;
  readonly type: string;
  readonly id?: string;
  readonly inputs: Record<string, unknown>;
  readonly outputs: Record<string, unknown>;
  /** Per input, the URNs of the resources its value came from (`propertyDependencies`): links a value known only after deployment. */
  readonly propertyDependencies?: Readonly<Record<string, readonly string[]>>;
}

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The resource states of a preview (`steps[].newState`) or a stack export (`deployment.resources[]`); undefined for anything else. */
export function pulumiStates(document: unknown): { states: PulumiState[]; format: 'preview' | 'export' } | undefined {
  if (!isRecord(document)) return undefined;
  const toState = (raw: unknown): PulumiState[] => {
    if (!isRecord(raw) || typeof raw.urn !== 'string' || typeof raw.type !== 'string') return [];
    const dependencies = isRecord(raw.propertyDependencies)
      ? Object.fromEntries(Object.entries(raw.propertyDependencies).map(([input, urns]) => [input, Array.isArray(urns) ? urns.filter((urn): urn is string => typeof urn === 'string') : []]))
      : undefined;
    return [
      {
        urn: raw.urn,
        type: raw.type,
        ...(typeof raw.id === 'string' ? { id: raw.id } : {}),
        inputs: isRecord(raw.inputs) ? raw.inputs : {},
        outputs: isRecord(raw.outputs) ? raw.outputs : {},
        ...(dependencies ? { propertyDependencies: dependencies } : {}),
      },
    ];
  };
  if (Array.isArray(document.steps) && document.steps.every((step) => isRecord(step) && typeof step.op === 'string' && typeof step.urn === 'string')) {
    return { format: 'preview', states: document.steps.flatMap((step) => (isRecord(step) && step.op !== 'delete' ? toState(step.newState) : [])) };
  }
  const deployment = document.deployment;
  if (typeof document.version === 'number' && isRecord(deployment) && Array.isArray(deployment.resources)) {
    return { format: 'export', states: deployment.resources.flatMap(toState) };
  }
  return undefined;
}

/**
 * True when `path` is a JSON file in one of Pulumi's documented formats (preview --json, stack export) that
 * declares Azure resources (`azure-native:` types); another cloud's Pulumi files are left to that cloud's reader.
 */
export function isPulumiFile(path: string): boolean {
  try {
    const found = pulumiStates(JSON.parse(readFileSync(path, 'utf8')) as unknown);
    return found !== undefined && found.states.some((state) => state.type.startsWith('azure-native:'));
  } catch {
    return false;
  }
}

export function readPulumiFile(path: string): Inventory {
  let document: unknown;
  try {
    document = JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch (error) {
    throw new PulumiDocumentError(`${path} is not JSON (${error instanceof Error ? error.message : String(error)}): pass the output of \`pulumi preview --json\` or \`pulumi stack export\``);
  }
  return readPulumiDocument(document, path);
}

export function readPulumiDocument(document: unknown, origin = 'the document'): Inventory {
  const found = pulumiStates(document);
  if (!found) throw new PulumiDocumentError(`${origin} is neither \`pulumi preview --json\` output (steps[]) nor a \`pulumi stack export\` file (version, deployment.resources[])`);
  return readPulumiStates(found.states);
}

/** The model of Pulumi resource states (a preview's, an export's, or a policy pack's stack resources). */
export function readPulumiStates(states: readonly PulumiState[]): Inventory {
  return new PulumiAzureReader(states.map(sanitize)).inventory();
}

/** Sentinels stay as they are, secrets become SECRET, everything else is copied. */
function sanitize(state: PulumiState): PulumiState {
  const clean = (value: unknown): unknown => {
    if (value === '[secret]') return SECRET;
    if (Array.isArray(value)) return value.map(clean);
    if (isRecord(value)) {
      if (SECRET_SIGNATURE in value) return SECRET;
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, clean(v)]));
    }
    return value;
  };
  return { ...state, inputs: clean(state.inputs) as Json, outputs: clean(state.outputs) as Json };
}

function unresolved(value: unknown): string | undefined {
  if (value === PULUMI_UNKNOWN) return 'known only after deployment';
  if (value === SECRET) return 'a secret';
  if (Array.isArray(value)) return value.map(unresolved).find((r) => r !== undefined);
  if (isRecord(value)) return Object.values(value).map(unresolved).find((r) => r !== undefined);
  return undefined;
}

/** Any fact whose evidence holds an unresolved value becomes unknown (with that reason), however the mapping read it. */
function withUnresolvedUnknown<T>(value: T): T {
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (!isRecord(node)) return node;
    if (typeof node.known === 'boolean' && Array.isArray(node.evidence)) {
      const evidence = node.evidence as { path: string; value: unknown }[];
      const blocker = evidence.find((e) => unresolved(e.value) !== undefined);
      if (blocker) return unknown(`${blocker.path} is ${unresolved(blocker.value)}`, ...(node.evidence as never[]));
      return node.known ? { ...node, value: walk(node.value) } : node;
    }
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v)]));
  };
  return walk(value) as T;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The ARM id when the state has one (a deployed resource); the URN otherwise. */
function idOf(state: PulumiState): string {
  const id = state.id ?? text(state.outputs.id);
  return id && id !== PULUMI_UNKNOWN ? id : state.urn;
}

function nameOf(state: PulumiState, input: string): string {
  return text(state.inputs[input]) ?? text(state.outputs.name) ?? state.urn.split('::').pop() ?? state.urn;
}

/** Pulumi lists user-assigned identity ids; ARM keys a map by them. */
function armIdentity(identity: unknown): Json | undefined {
  if (!isRecord(identity)) return undefined;
  const assigned = identity.userAssignedIdentities;
  return { ...identity, ...(Array.isArray(assigned) ? { userAssignedIdentities: Object.fromEntries(assigned.map((id) => [String(id), {}])) } : {}) };
}

function lower(value: unknown): string {
  return String(value ?? '').toLowerCase();
}

class PulumiAzureReader {
  private readonly gaps: CoverageGap[] = [];

  constructor(private readonly states: readonly PulumiState[]) {}

  private ofType(type: string): PulumiState[] {
    return this.states.filter((state) => state.type === type);
  }

  private parse<T>(state: PulumiState, body: unknown, shape: ZodType<T>): T | undefined {
    const parsed = shape.safeParse(body);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    this.gaps.push({ service: 'pulumi', operation: state.type, resourceId: state.urn, errorCode: 'UnexpectedInputs', message: `inputs not understood (${issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid'})` });
    return undefined;
  }

  inventory(): Inventory {
    const workspaces = this.ofType(PULUMI_TYPES.workspace).flatMap((state) => {
      const { resourceGroupName, workspaceName, location, identity, ...properties } = state.inputs;
      // Private endpoint connections are not inputs: a deployed workspace's outputs carry them (flattened); a plan does not know them yet.
      const deployed = Array.isArray(state.outputs.privateEndpointConnections);
      const connections = deployed ? (state.outputs.privateEndpointConnections as unknown[]).map((c) => (isRecord(c) && !isRecord(c.properties) ? { id: c.id, properties: c } : c)) : [];
      const body = this.parse(state, { id: idOf(state), name: nameOf(state, 'workspaceName'), location, identity: armIdentity(identity), properties: { ...properties, privateEndpointConnections: connections } }, workspaceShape);
      return body ? [{ state, body, deployed, group: lower(resourceGroupName), name: lower(workspaceName ?? state.outputs.name) }] : [];
    });
    const endpoints = this.ofType(PULUMI_TYPES.endpoint).flatMap((state) => {
      const body = this.parse(state, { id: idOf(state), name: nameOf(state, 'endpointName'), location: state.inputs.location, identity: armIdentity(state.inputs.identity), properties: state.inputs.properties ?? state.inputs.onlineEndpointProperties }, onlineEndpointShape);
      return body ? [{ state, body }] : [];
    });
    const deployments = this.ofType(PULUMI_TYPES.deployment).flatMap((state) => {
      const body = this.parse(state, { id: idOf(state), name: nameOf(state, 'deploymentName'), sku: state.inputs.sku, properties: state.inputs.properties ?? state.inputs.onlineDeploymentProperties }, onlineDeploymentShape);
      return body ? [{ state, body }] : [];
    });
    const vaults = this.ofType(PULUMI_TYPES.vault).flatMap((state) => {
      const body = this.parse(state, { id: idOf(state), name: nameOf(state, 'vaultName'), location: state.inputs.location, properties: state.inputs.properties }, vaultShape);
      return body ? [{ state, body }] : [];
    });
    const keys = this.ofType(PULUMI_TYPES.key).flatMap((state) => {
      const properties = isRecord(state.inputs.properties) ? state.inputs.properties : {};
      const attributes = isRecord(properties.attributes) ? properties.attributes : {};
      // A key is enabled unless its attributes say otherwise (ARM's default).
      const vault = this.ofType(PULUMI_TYPES.vault).find((v) => lower(v.inputs.resourceGroupName) === lower(state.inputs.resourceGroupName) && lower(v.inputs.vaultName) === lower(state.inputs.vaultName));
      // A key lives where its vault does.
      const location = vault?.inputs.location;
      const body = this.parse(state, { id: idOf(state), name: nameOf(state, 'keyName'), location, properties: { ...properties, attributes: { enabled: true, ...attributes } } }, keyShape);
      return body ? [{ state, body }] : [];
    });

    const environments = this.ofType(PULUMI_TYPES.environment).flatMap((state) => {
      const body = this.parse(state, { id: idOf(state), name: text(state.inputs.version) ?? nameOf(state, 'version'), properties: state.inputs.properties }, environmentVersionShape);
      return body ? [{ state, body }] : [];
    });
    const settings = this.ofType(PULUMI_TYPES.diagnosticSetting).flatMap((state) => {
      const { resourceUri, name, ...properties } = state.inputs;
      // A destination created in the same preview is known only after deployment: named by the URN it depends on.
      const linkedDestinations = Object.fromEntries(
        ['workspaceId', 'storageAccountId', 'eventHubAuthorizationRuleId'].flatMap((input) => {
          const urn = state.propertyDependencies?.[input]?.[0];
          return unresolved(properties[input]) !== undefined && urn ? [[input, urn]] : [];
        }),
      );
      const body = this.parse(state, { id: idOf(state), name: text(name) ?? nameOf(state, 'name'), properties: { ...properties, ...linkedDestinations } }, diagnosticSettingShape);
      return body ? [{ state, body, target: resourceUri }] : [];
    });
    /**
     * The resource a setting targets: its resourceUri, or (in a preview, where the id is known only after deployment)
     * the URN its resourceUri depends on.
     */
    const targetOf = (setting: (typeof settings)[number]): string | undefined =>
      unresolved(setting.target) === undefined ? text(setting.target)?.toLowerCase() : setting.state.propertyDependencies?.resourceUri?.[0]?.toLowerCase();
    /** The endpoint's diagnostic settings in the stack; unknown when a setting's target cannot be told. */
    const settingsOf = (endpoint: PulumiState, endpointId: string): Fact<readonly ArmDiagnosticSetting[]> => {
      const proof = evidence(DIAGNOSTIC_SETTING_TYPE, 'resourceUri', settings.map((s) => (unresolved(s.target) === undefined ? s.target : `depends on ${targetOf(s) ?? 'an unknown resource'}`)));
      const untold = settings.filter((s) => targetOf(s) === undefined);
      if (untold.length > 0) return unknown(`diagnostic setting ${untold.map((s) => s.state.urn).join(', ')} targets a resource known only after deployment`, proof);
      const mine = [endpointId.toLowerCase(), endpoint.urn.toLowerCase()];
      // Before deployment the endpoint's id is its URN, while a setting may name it by its ARM id: the path below the subscription tells.
      const [group, workspace, name] = ['resourceGroupName', 'workspaceName', 'endpointName'].map((input) => text(endpoint.inputs[input])?.toLowerCase());
      const armPath = group && workspace && name ? `/resourcegroups/${group}/providers/microsoft.machinelearningservices/workspaces/${workspace}/onlineendpoints/${name}` : undefined;
      const targetsMe = (target: string): boolean => mine.includes(target) || (armPath !== undefined && /^\/subscriptions\/[^/]+\//.test(target) && target.endsWith(armPath));
      return known(settings.filter((s) => targetsMe(targetOf(s) ?? '')).map((s) => s.body), proof);
    };
    /** The deployment's image, from the environment version the stack declares for its environmentId (or, in a preview, that it depends on). */
    const imagesOf = (deployment: PulumiState, body: ArmOnlineDeployment, ws: ArmWorkspace): ListFact<ImageRef> => {
      const reference = body.properties.environmentId ?? null;
      if (unresolved(reference) !== undefined) {
        const linked = environments.find((e) => (deployment.propertyDependencies?.properties ?? []).includes(e.state.urn));
        const linkProof = evidence(DEPLOYMENT_TYPE, 'properties.environmentId', linked ? `depends on ${linked.state.urn}` : reference);
        if (!linked) return unknown('properties.environmentId is known only after deployment, and the deployment depends on no environment version in this stack', linkProof);
        const images = environmentImages(linked.body, ws);
        return images.known ? known(images.value, linkProof, ...images.evidence) : { ...images, evidence: [linkProof, ...images.evidence] };
      }
      const proof = evidence(DEPLOYMENT_TYPE, 'properties.environmentId', reference);
      const location = environmentLocation(reference, ws);
      if (!location.readable) return unknown(location.reason, proof);
      const environment: ArmEnvironmentVersion | undefined = environments.find((e) => lower(e.body.id) === lower(location.id))?.body;
      if (!environment) return unknown(`environment ${location.id} is not declared in this stack, so its image is not known from the plan`, proof);
      const images = environmentImages(environment, ws);
      return images.known ? known(images.value, proof, ...images.evidence) : { ...images, evidence: [proof, ...images.evidence] };
    };

    const sameParent = (state: PulumiState, keys: readonly string[], other: PulumiState) => keys.every((key) => lower(state.inputs[key]) === lower(other.inputs[key]) && state.inputs[key] !== undefined);
    const workspaceOf = (state: PulumiState): ArmWorkspace | undefined => workspaces.find((w) => w.group === lower(state.inputs.resourceGroupName) && w.name === lower(state.inputs.workspaceName))?.body;

    const endpointResources: InferenceEndpoint[] = endpoints.map(({ state, body }) => {
      const ws = workspaceOf(state);
      const identityId = endpointIdentityId(body);
      const mine = deployments.filter((d) => sameParent(d.state, ['resourceGroupName', 'workspaceName', 'endpointName'], state));
      const noWorkspace = 'the workspace is not in this stack, so its managed network (which decides outbound access) is unknown';
      return {
        kind: 'endpoint',
        id: body.id,
        name: body.name,
        provider: 'azure',
        account: subscriptionOf(body.id),
        ...(body.location ? { region: body.location } : {}),
        ...(ws ? { workspaceId: ws.id } : {}),
        publicNetworkAccess: endpointPublicAccess(body),
        callerAuthentication: callerAuthentication(body),
        requestLogging: requestLogging(settingsOf(state, body.id), known(mine.map((d) => d.body))),
        deployments: ws ? listFact(mine.map((d) => deploymentFacts(d.body, ws, identityId, imagesOf(d.state, d.body, ws))), []) : unknown(noWorkspace),
        storageKeyId: ws ? workspaceKeyId(ws) : unknown(noWorkspace),
        dataCapture: known({ enabled: collectsData(mine.map((d) => d.body)), keyId: null, destinationStoreId: null }),
        asyncOutput: known(null),
        monitoringSchedules: unknown('Azure ML model monitoring schedules are not read from Pulumi inputs'),
      };
    });

    const vaultIdByName = new Map(vaults.map((v) => [`${lower(v.state.inputs.resourceGroupName)}/${lower(v.body.name)}`, v.body.id]));
    const resources: Resource[] = [
      ...workspaces.map((w) => {
        const workspace = workspaceResource(w.body);
        return w.deployed ? workspace : { ...workspace, privateEndpointConnections: unknown('private endpoint connections are known only after deployment (they are not inputs of the workspace)') };
      }),
      ...endpointResources,
      ...vaults.map((v) => keyStoreResource(v.body)),
      ...keys.map((k) => encryptionKeyResource(k.body, vaultIdByName.get(`${lower(k.state.inputs.resourceGroupName)}/${lower(k.state.inputs.vaultName)}`) ?? k.body.id.replace(/\/keys\/[^/]+$/i, ''))),
      ...this.identities(),
    ].map(withUnresolvedUnknown);
    const accounts = [...new Set(resources.map((r) => r.account ?? '').filter((a) => a !== ''))];
    return { provider: 'azure', source: 'plan', scope: { accounts, regions: [...new Set(resources.flatMap((r) => (r.region ? [r.region] : [])))].sort() }, resources, gaps: this.gaps };
  }

  /** User-assigned identities with the built-in roles assigned to their principal in the stack. */
  private identities(): Identity[] {
    const assignments = this.ofType(PULUMI_TYPES.roleAssignment);
    const unlinked = assignments.filter((a) => unresolved(a.inputs.principalId) !== undefined);
    return this.ofType(PULUMI_TYPES.identity).map((state) => {
      const id = idOf(state);
      const base = { kind: 'identity' as const, id, name: nameOf(state, 'resourceName'), provider: 'azure' as const, account: subscriptionOf(id), ...(text(state.inputs.location) ? { region: text(state.inputs.location) } : {}) };
      const principalId = text(state.outputs.principalId);
      if (!principalId || unresolved(principalId)) return { ...base, statements: unknown('the identity\'s principal id is known only after deployment'), attachedPolicies: unknown('the identity\'s principal id is known only after deployment') };
      const statements: PolicyStatement[] = [];
      const problems = unlinked.map((a) => `role assignment ${a.urn} names a principal known only after deployment`);
      const attached: { id: string; name: string; providerManaged: boolean }[] = [];
      for (const assignment of assignments.filter((a) => lower(a.inputs.principalId) === lower(principalId))) {
        const definitionId = text(assignment.inputs.roleDefinitionId) ?? '';
        const scope = text(assignment.inputs.scope) ?? '';
        const role = builtInRole(definitionId);
        if (!role || unresolved(scope)) {
          problems.push(role ? `role assignment ${assignment.urn}: its scope is ${unresolved(scope)}` : `role assignment ${assignment.urn}: role ${definitionId} is not a built-in role inferguard knows, and its definition is not in the stack`);
          continue;
        }
        const definition: ArmRoleDefinition = { id: definitionId, name: role.id, properties: { roleName: role.roleName, type: 'BuiltInRole', permissions: [{ ...role.permissions, actions: [...role.permissions.actions], notActions: [...role.permissions.notActions], dataActions: [...role.permissions.dataActions], notDataActions: [...role.permissions.notDataActions] }] } };
        statements.push(...assignmentStatements({ id: idOf(assignment), properties: { roleDefinitionId: definitionId, principalId, scope, condition: text(assignment.inputs.condition) ?? null } }, definition));
        attached.push({ id: definitionId, name: role.roleName, providerManaged: true });
      }
      return { ...base, statements: listFact(statements, problems), attachedPolicies: problems.length === 0 ? known(attached) : unknown(problems.join('; ')) };
    });
  }
}
