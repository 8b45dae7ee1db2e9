// Pulumi programs on Google Cloud, read from `pulumi preview --json` or `pulumi stack export`, stated as
// the provider-neutral model: Vertex AI endpoints, Cloud KMS key rings, keys and key IAM members, VPC
// Service Controls perimeters and service accounts. The REST mapping of the live readers is reused
// (the bridged inputs carry the API's field names); a value Pulumi does not know yet (the unknown
// sentinel) or keeps secret is unknown, never a value to judge.
import { readFileSync, statSync } from 'node:fs';
import {
  evidence,
  known,
  unknown,
  type EncryptionKey,
  type Fact,
  type Identity,
  type InferenceEndpoint,
  type Inventory,
  type ListFact,
  type PolicyStatement,
  type Resource,
  type ServicePerimeter,
} from '../../../policies/model';
import { bigqueryKeyName, endpointOf, imageRefOf, keyRingOf, loggingTableOf, neutralService, perimetersOfProject, servedModelUnknown, statementsOf, workspaceOf, type ServedModel } from '../live/facts';
import type { DeployedModel, Perimeter, VertexEndpoint } from '../live/shapes';

/** Pulumi's placeholder for a value known only after deployment. */
export const UNKNOWN_SENTINEL = '04da6b54-80e4-46f7-96ec-b56ff0331ba9';
/** The signature key of a secret in a stack export. */
const SECRET_SIGNATURE = '4dabf18193072939515e22adb298388d';

export const TYPES = {
  endpoint: 'gcp:vertex/aiEndpoint:AiEndpoint',
  modelGardenEndpoint: 'gcp:vertex/aiEndpointWithModelGardenDeployment:AiEndpointWithModelGardenDeployment',
  keyRing: 'gcp:kms/keyRing:KeyRing',
  cryptoKey: 'gcp:kms/cryptoKey:CryptoKey',
  keyMember: 'gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember',
  perimeter: 'gcp:accesscontextmanager/servicePerimeter:ServicePerimeter',
  serviceAccount: 'gcp:serviceaccount/account:Account',
  dataset: 'gcp:bigquery/dataset:Dataset',
  table: 'gcp:bigquery/table:Table',
} as const;

export class PulumiGcpError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PulumiGcpError';
  }
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** One resource as preview `newState` or a stack export's `resources[]` holds it. */
interface StateResource {
  readonly urn: string;
  readonly type: string;
  readonly custom: boolean;
  readonly id?: string;
  readonly inputs: JsonObject;
  readonly outputs: JsonObject;
  readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
}

interface Program {
  readonly format: 'preview' | 'stack-export';
  readonly resources: readonly StateResource[];
  /** `gcp:project` from the preview's config or the default provider's inputs. */
  readonly defaultProject?: string;
}

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

function stateResource(raw: unknown): StateResource | undefined {
  if (!isObject(raw) || typeof raw.urn !== 'string' || typeof raw.type !== 'string') return undefined;
  const dependencies = isObject(raw.propertyDependencies) ? raw.propertyDependencies : {};
  return {
    urn: raw.urn,
    type: raw.type,
    custom: raw.custom === true,
    ...(typeof raw.id === 'string' && raw.id !== '' && raw.id !== UNKNOWN_SENTINEL ? { id: raw.id } : {}),
    inputs: isObject(raw.inputs) ? raw.inputs : {},
    outputs: isObject(raw.outputs) ? raw.outputs : {},
    propertyDependencies: Object.fromEntries(Object.entries(dependencies).map(([key, urns]) => [key, Array.isArray(urns) ? urns.filter((u): u is string => typeof u === 'string') : []])),
  };
}

/** The program in a preview (`steps[].newState`) or a stack export (`deployment.resources`); undefined for any other JSON. */
export function programOf(document: unknown): Program | undefined {
  if (!isObject(document)) return undefined;
  if (Array.isArray(document.steps)) {
    const resources = document.steps.flatMap((step) => (isObject(step) && step.op !== 'delete' && step.op !== 'discard' ? [stateResource(step.newState)] : [])).filter((r): r is StateResource => r !== undefined);
    const config = isObject(document.config) ? document.config['gcp:project'] : undefined;
    return { format: 'preview', resources, ...(typeof config === 'string' ? { defaultProject: config } : {}) };
  }
  if (isObject(document.deployment) && Array.isArray(document.deployment.resources)) {
    const resources = document.deployment.resources.map(stateResource).filter((r): r is StateResource => r !== undefined);
    const provider = resources.find((r) => r.type === 'pulumi:providers:gcp' && typeof r.inputs.project === 'string');
    return { format: 'stack-export', resources, ...(provider ? { defaultProject: provider.inputs.project as string } : {}) };
  }
  return undefined;
}

/** A Pulumi JSON document whose resources are Google Cloud's: at least one `gcp:` resource and no other cloud's. */
export function isGcpProgram(program: Program): boolean {
  const custom = program.resources.filter((r) => r.custom && !r.type.startsWith('pulumi:'));
  return custom.length > 0 && custom.every((r) => r.type.startsWith('gcp:'));
}

export function acceptsGcpPulumiJson(path: string): boolean {
  try {
    if (!statSync(path).isFile() || !path.endsWith('.json')) return false;
    const program = programOf(JSON.parse(readFileSync(path, 'utf8')));
    return program !== undefined && isGcpProgram(program);
  } catch {
    return false;
  }
}

type Value = { readonly state: 'known'; readonly value: Json } | { readonly state: 'absent' } | { readonly state: 'unknown'; readonly reason: string };

/** A value with Pulumi's wrappers removed: `__defaults` dropped, secrets and the unknown sentinel found anywhere inside. */
function plain(value: Json | undefined, path: string): Value {
  if (value === undefined || value === null) return { state: 'absent' };
  if (value === UNKNOWN_SENTINEL) return { state: 'unknown', reason: `${path} is known only after deployment` };
  if (value === '[secret]') return { state: 'unknown', reason: `${path} is a secret` };
  if (Array.isArray(value)) {
    const items: Json[] = [];
    for (const [index, item] of value.entries()) {
      const read = plain(item, `${path}[${index}]`);
      if (read.state === 'unknown') return read;
      if (read.state === 'known') items.push(read.value);
    }
    return { state: 'known', value: items };
  }
  if (isObject(value)) {
    if (SECRET_SIGNATURE in value) {
      if (typeof value.plaintext === 'string') return plain(JSON.parse(value.plaintext) as Json, path);
      return { state: 'unknown', reason: `${path} is a secret` };
    }
    const out: JsonObject = {};
    for (const [key, field] of Object.entries(value)) {
      if (key === '__defaults') continue;
      const read = plain(field, `${path}.${key}`);
      if (read.state === 'unknown') return read;
      if (read.state === 'known') out[key] = read.value;
    }
    return { state: 'known', value: out };
  }
  return { state: 'known', value };
}

function input(resource: StateResource, name: string): Value {
  return plain(resource.inputs[name], `${resource.type}.${name}`);
}

function text(value: Value): string | undefined {
  return value.state === 'known' && typeof value.value === 'string' && value.value !== '' ? value.value : undefined;
}

class ProgramReader {
  private readonly byUrn: ReadonlyMap<string, StateResource>;
  private readonly ids = new Map<string, string>();

  constructor(private readonly program: Program) {
    this.byUrn = new Map(program.resources.map((r) => [r.urn, r]));
  }

  private ofType(type: string): StateResource[] {
    return this.program.resources.filter((r) => r.type === type);
  }

  private project(resource: StateResource): string | undefined {
    return text(input(resource, 'project')) ?? this.program.defaultProject;
  }

  /** The cloud id of a resource: the id Pulumi recorded, or the one its inputs spell, or else its URN. */
  idOf(resource: StateResource): string {
    const cached = this.ids.get(resource.urn);
    if (cached !== undefined) return cached;
    const id = this.computeId(resource);
    this.ids.set(resource.urn, id);
    return id;
  }

  private computeId(resource: StateResource): string {
    const name = text(input(resource, 'name'));
    const project = this.project(resource);
    const location = text(input(resource, 'location'));
    switch (resource.type) {
      case TYPES.keyRing:
        if (name && project && location) return `projects/${project}/locations/${location}/keyRings/${name}`;
        break;
      case TYPES.cryptoKey: {
        const ring = this.reference(resource, 'keyRing', TYPES.keyRing);
        if (name && ring.state === 'known') return `${ring.value}/cryptoKeys/${name}`;
        break;
      }
      case TYPES.endpoint:
        if (name && project && location) return `projects/${project}/locations/${location}/endpoints/${name}`;
        break;
      case TYPES.perimeter:
        if (name) return name;
        break;
      case TYPES.serviceAccount: {
        const accountId = text(input(resource, 'accountId'));
        if (accountId && project) return `${accountId}@${project}.iam.gserviceaccount.com`;
        break;
      }
    }
    return resource.id ?? resource.urn;
  }

  /**
   * The id an input names: its literal value, or, when Pulumi does not know it yet, the resource of
   * `type` the input depends on (preview: a key ring created in the same program).
   */
  reference(resource: StateResource, name: string, type: string, path: string[] = []): Value {
    let read = input(resource, name);
    for (const key of path) read = read.state === 'known' && isObject(read.value) ? plain(read.value[key], `${name}.${key}`) : read.state === 'unknown' ? read : { state: 'absent' };
    if (read.state !== 'unknown') return read.state === 'known' && typeof read.value !== 'string' ? { state: 'absent' } : read;
    const target = (resource.propertyDependencies[name] ?? []).map((urn) => this.byUrn.get(urn)).find((r) => r?.type === type);
    return target ? { state: 'known', value: this.idOf(target) } : read;
  }

  inventory(): Inventory {
    const resources: Resource[] = [];
    const perimeters = this.ofType(TYPES.perimeter).map((r) => this.perimeter(r));
    const endpoints = [...this.ofType(TYPES.endpoint).map((r) => this.endpoint(r)), ...this.ofType(TYPES.modelGardenEndpoint).map((r) => this.modelGardenEndpoint(r))];
    const keys = this.ofType(TYPES.cryptoKey).map((r) => this.key(r));
    resources.push(...this.workspaces(endpoints, keys, perimeters), ...endpoints, ...keys);
    resources.push(...this.ofType(TYPES.keyRing).map((r) => ({ ...keyRingOf(this.idOf(r)), aliases: [r.urn] })));
    resources.push(...this.ofType(TYPES.serviceAccount).map((r) => this.serviceAccount(r)));
    const projects = [...new Set(resources.flatMap((r) => (r.account ? [r.account] : [])))];
    const regions = [...new Set(resources.flatMap((r) => (r.region ? [r.region] : [])))].sort();
    return { provider: 'gcp', source: 'plan', scope: { accounts: projects, regions }, resources, gaps: [] };
  }

  private endpoint(resource: StateResource): InferenceEndpoint {
    const fields = ['network', 'privateServiceConnectConfig', 'dedicatedEndpointEnabled', 'predictRequestResponseLoggingConfig', 'displayName'] as const;
    const rest: Record<string, Json> = {};
    const unknownFields = new Map<string, string>();
    for (const field of fields) {
      const read = input(resource, field);
      if (read.state === 'known') rest[field] = read.value;
      if (read.state === 'unknown') unknownFields.set(field, read.reason);
    }
    const key = this.reference(resource, 'encryptionSpec', TYPES.cryptoKey, ['kmsKeyName']);
    const id = this.idOf(resource);
    const project = this.project(resource) ?? '';
    const location = text(input(resource, 'location')) ?? '';
    const shaped = { ...rest, name: id, ...(key.state === 'known' ? { encryptionSpec: { kmsKeyName: key.value as string } } : {}) } as VertexEndpoint;
    const live = endpointOf(shaped, { projectId: project, location, workspaceId: `projects/${project}` }, { loggingKey: (uri) => this.loggingKey(uri) });
    const source = (path: string, value: unknown) => evidence(TYPES.endpoint, path, value);
    const accessUnknown = ['network', 'privateServiceConnectConfig', 'dedicatedEndpointEnabled'].map((f) => unknownFields.get(f)).find((r) => r !== undefined);
    const loggingUnknown = unknownFields.get('predictRequestResponseLoggingConfig');
    return {
      ...live,
      id,
      name: text(input(resource, 'displayName')) ?? text(input(resource, 'name')) ?? id,
      ...(location ? { region: location } : {}),
      aliases: [resource.urn],
      publicNetworkAccess: accessUnknown ? unknown(accessUnknown, source('network', null)) : restate(live.publicNetworkAccess, TYPES.endpoint),
      storageKeyId: key.state === 'unknown' ? unknown(key.reason, source('encryptionSpec.kmsKeyName', UNKNOWN_SENTINEL)) : restate(live.storageKeyId, TYPES.endpoint),
      dataCapture: loggingUnknown ? unknown(loggingUnknown) : restate(live.dataCapture, TYPES.endpoint),
      // No pulumi-gcp resource deploys a model to an endpoint: what serves on it is known only live.
      deployments: unknown('models are deployed to a Vertex AI endpoint outside Pulumi (no pulumi-gcp resource deploys one): audit it live', source('deployedModels', null)),
      monitoringSchedules: unknown('model monitoring jobs are separate from the endpoint: audit it live'),
    };
  }

  /**
   * An endpoint with one Model Garden model deployed to it, both made by one resource: the serving image
   * is `modelConfig.containerSpec.imageUri` when the program gives one (stated as the live reader states a
   * Model's image); without it Model Garden picks the publisher's container at deploy time (unknown until
   * then). The resource offers no CMEK, no request/response logging and no serving account: Google-managed
   * encryption, no logging and the default identity are what Vertex AI then does.
   */
  private modelGardenEndpoint(resource: StateResource): InferenceEndpoint {
    const settings = plain(resource.inputs as Json, resource.type);
    const inputs = settings.state === 'known' && isObject(settings.value) ? settings.value : {};
    const at = (value: Json | undefined, ...path: string[]): Json | undefined => path.reduce<Json | undefined>((v, key) => (isObject(v) ? v[key] : undefined), value);
    const project = this.project(resource) ?? '';
    const location = text(input(resource, 'location')) ?? '';
    const endpointId = typeof resource.outputs.endpoint === 'string' && resource.outputs.endpoint !== UNKNOWN_SENTINEL ? resource.outputs.endpoint : undefined;
    const id = endpointId && project && location ? `projects/${project}/locations/${location}/endpoints/${endpointId}` : resource.urn;
    const deployedId = typeof resource.outputs.deployedModelId === 'string' && resource.outputs.deployedModelId !== UNKNOWN_SENTINEL ? resource.outputs.deployedModelId : 'model-garden';
    const psc = at(inputs.endpointConfig, 'privateServiceConnectConfig');
    const dedicated = at(inputs.deployConfig, 'dedicatedResources');
    const deployed = {
      id: deployedId,
      ...(typeof (inputs.publisherModelName ?? inputs.huggingFaceModelId) === 'string' ? { model: String(inputs.publisherModelName ?? inputs.huggingFaceModelId) } : {}),
      ...(isObject(dedicated) ? { dedicatedResources: dedicated } : {}),
    } as DeployedModel;
    const shaped = {
      name: id,
      deployedModels: [deployed],
      ...(at(inputs.endpointConfig, 'dedicatedEndpointEnabled') === true ? { dedicatedEndpointEnabled: true } : {}),
      ...(isObject(psc) ? { privateServiceConnectConfig: { enablePrivateServiceConnect: psc.enablePrivateServiceConnect === true } } : {}),
    } as VertexEndpoint;
    const imageUri = at(inputs.modelConfig, 'containerSpec', 'imageUri');
    const source = (path: string, value: unknown) => evidence(TYPES.modelGardenEndpoint, path, value);
    const served: ServedModel =
      settings.state === 'unknown'
        ? servedModelUnknown(settings.reason)
        : typeof imageUri === 'string' && imageUri !== ''
          ? { images: known([imageRefOf(imageUri)], source('modelConfig.containerSpec.imageUri', imageUri)), artifactStoreIds: known([], source('(Model Garden weights come from the publisher)', null)) }
          : servedModelUnknown('no modelConfig.containerSpec: Model Garden chooses the publisher\'s serving container at deploy time: audit it live', source('modelConfig.containerSpec', null));
    const live = endpointOf(shaped, { projectId: project, location, workspaceId: `projects/${project}` }, { servedBy: () => served });
    const displayName = at(inputs.endpointConfig, 'endpointDisplayName');
    const whole = settings.state === 'unknown' ? settings.reason : undefined;
    return {
      ...live,
      name: typeof displayName === 'string' && displayName ? displayName : (resource.urn.split('::').pop() ?? id),
      ...(location ? { region: location } : {}),
      aliases: [resource.urn],
      publicNetworkAccess: whole ? unknown(whole) : restate(live.publicNetworkAccess, TYPES.modelGardenEndpoint),
      storageKeyId: known(null, source('(no encryptionSpec: Google-managed encryption)', null)),
      deployments: whole ? unknown(whole) : restate(live.deployments, TYPES.modelGardenEndpoint),
      monitoringSchedules: unknown('model monitoring jobs are separate from the endpoint: audit it live'),
    };
  }

  /**
   * The key of the logging table the program declares: the table's own key, else (the table Vertex AI
   * creates on its first write) its dataset's default key. A dataset outside the program is unknown.
   */
  private loggingKey(outputUri: string): Fact<string | null> {
    const target = loggingTableOf(outputUri);
    const uriEvidence = evidence(TYPES.endpoint, 'predictRequestResponseLoggingConfig.bigqueryDestination.outputUri', outputUri);
    if (target?.dataset === undefined) return unknown(`${outputUri} names no dataset: Vertex AI creates the logging dataset itself, so its key is known only after the first request is logged`, uriEvidence);
    const matches = (resource: StateResource, ...pairs: [string, string | undefined][]) => (this.project(resource) ?? '') === target.project && pairs.every(([field, want]) => text(input(resource, field)) === want);
    const table = this.ofType(TYPES.table).find((r) => matches(r, ['datasetId', target.dataset], ['tableId', target.table]));
    if (table) return this.keyOfSetting(table, 'encryptionConfiguration', uriEvidence);
    const dataset = this.ofType(TYPES.dataset).find((r) => matches(r, ['datasetId', target.dataset]));
    if (dataset) return this.keyOfSetting(dataset, 'defaultEncryptionConfiguration', uriEvidence);
    return unknown(`the logging dataset ${target.project}:${target.dataset} is not declared in this program: audit it live`, uriEvidence);
  }

  private keyOfSetting(resource: StateResource, setting: 'encryptionConfiguration' | 'defaultEncryptionConfiguration', uriEvidence: ReturnType<typeof evidence>): Fact<string | null> {
    const key = this.reference(resource, setting, TYPES.cryptoKey, ['kmsKeyName']);
    if (key.state === 'unknown') return unknown(key.reason, uriEvidence);
    const name = bigqueryKeyName(key.state === 'known' ? String(key.value) : undefined);
    return known(name, uriEvidence, evidence(resource.type, `${setting}.kmsKeyName`, name));
  }

  private key(resource: StateResource): EncryptionKey {
    const id = this.idOf(resource);
    const ring = this.reference(resource, 'keyRing', TYPES.keyRing);
    const ringResource = this.ofType(TYPES.keyRing).find((r) => ring.state === 'known' && this.idOf(r) === ring.value);
    const location = ring.state === 'known' ? /\/locations\/([^/]+)\//.exec(String(ring.value))?.[1] : undefined;
    const project = ring.state === 'known' ? /^projects\/([^/]+)\//.exec(String(ring.value))?.[1] : undefined;
    const rotation = input(resource, 'rotationPeriod');
    const rotationDays: Fact<number | null> =
      rotation.state === 'unknown'
        ? unknown(rotation.reason)
        : rotation.state === 'absent'
          ? known(null, evidence(TYPES.cryptoKey, 'rotationPeriod', null))
          : /^\d+(\.\d+)?s$/.test(String(rotation.value))
            ? known(Number.parseFloat(String(rotation.value)) / 86_400, evidence(TYPES.cryptoKey, 'rotationPeriod', rotation.value))
            : unknown(`rotationPeriod "${String(rotation.value)}" is not a duration in seconds such as "7776000s"`);
    const skipped = input(resource, 'skipInitialVersionCreation');
    const enabled: Fact<boolean> = skipped.state === 'known' && skipped.value === true ? unknown('the key is created without a version') : known(true, evidence(TYPES.cryptoKey, '(the first version is created enabled)', true));
    return {
      kind: 'key',
      id,
      name: text(input(resource, 'name')) ?? id,
      provider: 'gcp',
      ...(location ? { region: location } : {}),
      ...(project ? { account: project } : {}),
      aliases: [resource.urn],
      managedBy: known('customer', evidence(TYPES.cryptoKey, 'type', resource.type)),
      enabled,
      rotationPeriodDays: rotationDays,
      policy: this.keyPolicy(id),
      ...(ring.state === 'known' ? { storeId: ringResource ? this.idOf(ringResource) : String(ring.value) } : {}),
    };
  }

  /** The key's IAM members declared in the program (grants made elsewhere are not in it). */
  private keyPolicy(keyId: string): ListFact<PolicyStatement> {
    const statements: PolicyStatement[] = [];
    const problems: string[] = [];
    for (const member of this.ofType(TYPES.keyMember)) {
      const target = this.reference(member, 'cryptoKeyId', TYPES.cryptoKey);
      if (target.state !== 'known' || target.value !== keyId) {
        if (target.state === 'unknown') problems.push(target.reason);
        continue;
      }
      const role = input(member, 'role');
      const who = input(member, 'member');
      const condition = input(member, 'condition');
      if (role.state !== 'known' || who.state !== 'known') {
        problems.push(`${member.urn}: role or member not known before deployment`);
        continue;
      }
      const expression = condition.state === 'known' && isObject(condition.value) && typeof condition.value.expression === 'string' ? condition.value.expression : undefined;
      statements.push(...statementsOf({ etag: 'program', bindings: [{ role: String(role.value), members: [String(who.value)], ...(expression ? { condition: { expression } } : {}) }] }, keyId));
    }
    const ev = evidence(TYPES.keyMember, 'member', statements.flatMap((s) => s.principals));
    return problems.length === 0 ? known(statements, ev) : { known: false, reason: problems.join('; '), evidence: [ev], knownElements: statements };
  }

  private perimeter(resource: StateResource): { readonly perimeter?: Perimeter; readonly problem?: string } {
    const read = plain(resource.inputs as Json, resource.type);
    if (read.state !== 'known' || !isObject(read.value)) return { problem: read.state === 'unknown' ? read.reason : `${resource.urn} has no inputs` };
    const value = read.value;
    const config = (c: Json | undefined) =>
      isObject(c) ? { resources: Array.isArray(c.resources) ? c.resources.map(String) : [], restrictedServices: Array.isArray(c.restrictedServices) ? c.restrictedServices.map(String) : [] } : undefined;
    const status = config(value.status);
    const spec = config(value.spec);
    return {
      perimeter: {
        name: this.idOf(resource),
        ...(typeof value.perimeterType === 'string' ? { perimeterType: value.perimeterType } : {}),
        ...(status ? { status } : {}),
        ...(spec ? { spec } : {}),
        ...(value.useExplicitDryRunSpec === true ? { useExplicitDryRunSpec: true } : {}),
      },
    };
  }

  /**
   * One workspace per project the endpoints live in, and per project a perimeter of the program lists.
   * A perimeter names projects by number (`projects/NUMBER`); a project no perimeter of the program
   * names may still be in one defined elsewhere (an organization's own stack): its perimeters are unknown.
   */
  private workspaces(endpoints: readonly InferenceEndpoint[], keys: readonly EncryptionKey[], perimeters: readonly { perimeter?: Perimeter; problem?: string }[]) {
    const numbers = projectNumbers(endpoints, keys);
    const problems = perimeters.flatMap((p) => (p.problem ? [p.problem] : []));
    const declared = perimeters.flatMap((p) => (p.perimeter ? [p.perimeter] : []));
    const listed = [...new Set(declared.flatMap((p) => [...(p.status?.resources ?? []), ...(p.spec?.resources ?? [])]).filter((r) => r.startsWith('projects/')).map((r) => r.slice('projects/'.length)))];
    const endpointProjects = [...new Set(endpoints.flatMap((e) => (e.account ? [e.account] : [])))];
    const numbered = new Set(endpointProjects.flatMap((p) => (numbers.has(p) ? [numbers.get(p) as string] : [])));
    const ev = evidence(TYPES.perimeter, 'status.resources | spec.resources', listed.map((p) => `projects/${p}`));
    const factFor = (names: readonly string[]): ListFact<ServicePerimeter> => {
      const found = names.flatMap((name) => perimetersOfProject(declared, name));
      if (problems.length > 0) return { known: false, reason: problems.join('; '), evidence: [ev], knownElements: found };
      if (!names.some((name) => listed.includes(name))) return unknown(`no service perimeter in this program lists projects/${names.join(' or projects/')}; perimeters are often managed at the organization: audit it live`, ev);
      return known(found, ev);
    };
    const projects = [...new Set([...endpointProjects, ...listed.filter((p) => !numbered.has(p))])];
    return projects.map((project) => {
      const number = numbers.get(project);
      const workspace = workspaceOf(project, number, factFor(number ? [project, number] : [project]));
      return { ...workspace, publicNetworkAccess: restate(workspace.publicNetworkAccess, TYPES.perimeter) };
    });
  }

  private serviceAccount(resource: StateResource): Identity {
    const id = this.idOf(resource);
    const project = this.project(resource);
    const grants = 'the account\'s IAM grants are separate resources (project IAM members) this reader does not follow: audit it live';
    return {
      kind: 'identity',
      id,
      name: text(input(resource, 'accountId')) ?? id,
      provider: 'gcp',
      ...(project ? { account: project } : {}),
      aliases: [resource.urn],
      statements: unknown(grants),
      attachedPolicies: unknown(grants),
      inferenceServiceMayAssume: known(true, evidence(TYPES.serviceAccount, '(Vertex AI serves a deployed model as any service account the deployer may act as)', true)),
    };
  }
}

/**
 * Project numbers the program reveals: the Vertex AI service agent of a project is named by its number
 * (`service-NUMBER@gcp-sa-aiplatform.iam.gserviceaccount.com`), and a project's endpoints use keys
 * granted to it. Perimeters name projects by number, so this ties them to the endpoints' project.
 */
function projectNumbers(endpoints: readonly InferenceEndpoint[], keys: readonly EncryptionKey[]): Map<string, string> {
  const found = new Map<string, Set<string>>();
  for (const endpoint of endpoints) {
    const keyId = endpoint.storageKeyId.known ? endpoint.storageKeyId.value : null;
    const key = keys.find((k) => k.id === keyId);
    if (!endpoint.account || !key) continue;
    for (const statement of key.policy.known ? key.policy.value : []) {
      for (const principal of statement.principals) {
        const number = /^serviceAccount:service-(\d+)@gcp-sa-aiplatform\.iam\.gserviceaccount\.com$/.exec(principal)?.[1];
        if (number) found.set(endpoint.account, (found.get(endpoint.account) ?? new Set()).add(number));
      }
    }
  }
  return new Map([...found].flatMap(([project, numbers]) => (numbers.size === 1 ? [[project, [...numbers][0]] as [string, string]] : [])));
}

/** A fact derived by the live mapping, with its evidence pointed at the Pulumi resource type. */
function restate<T>(fact: Fact<T>, source: string): Fact<T> {
  return { ...fact, evidence: fact.evidence.map((e) => ({ ...e, source })) } as Fact<T>;
}

export function readPulumiGcpDocument(document: unknown, where = 'the document'): Inventory {
  const program = programOf(document);
  if (program === undefined) {
    throw new PulumiGcpError(`${where} is neither \`pulumi preview --json\` output (with "steps") nor \`pulumi stack export\` output (with "deployment.resources").`);
  }
  if (!isGcpProgram(program)) throw new PulumiGcpError(`${where} holds no Google Cloud (gcp:) resources, or resources of another cloud too: scan each cloud's stack separately.`);
  return new ProgramReader(program).inventory();
}

/** One resource as a policy pack sees it: its properties and, by input name, the URNs that input depends on. */
export interface PulumiGcpState {
  readonly urn: string;
  readonly type: string;
  readonly props: Record<string, unknown>;
  readonly propertyDependencies?: Readonly<Record<string, readonly string[]>>;
}

/**
 * The resources of a stack as a CrossGuard policy sees them, stated as the model (the same reader as
 * `scan`); the default project comes from the stack's `gcp` provider resource, as in a stack export.
 */
export function readPulumiGcpStates(states: readonly PulumiGcpState[]): Inventory {
  const resources = states.flatMap((state) => {
    const read = stateResource({ urn: state.urn, type: state.type, custom: !state.type.startsWith('pulumi:pulumi:'), inputs: state.props, outputs: state.props, propertyDependencies: state.propertyDependencies ?? {} });
    return read ? [read] : [];
  });
  const provider = resources.find((r) => r.type === 'pulumi:providers:gcp' && typeof r.inputs.project === 'string');
  return new ProgramReader({ format: 'preview', resources, ...(provider ? { defaultProject: provider.inputs.project as string } : {}) }).inventory();
}

export function readPulumiGcp(path: string): Inventory {
  let document: unknown;
  try {
    document = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new PulumiGcpError(`${path} is not JSON (${error instanceof Error ? error.message : String(error)}): save \`pulumi preview --json\` or \`pulumi stack export\` to a file and scan that.`);
  }
  return readPulumiGcpDocument(document, path);
}

export { neutralService };
