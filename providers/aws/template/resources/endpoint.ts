// AWS::SageMaker::Endpoint + EndpointConfig + Model (+ MonitoringSchedule) -> InferenceEndpoint.
import {
  known,
  listFact,
  unknown,
  type DataCapture,
  type Deployment,
  type Evidence,
  type Fact,
  type ImageRef,
  type InferenceEndpoint,
  type ListFact,
  type NetworkAttachment,
} from '../../../../policies/model';
import {
  asyncInferenceConfigured,
  dataCaptureEnabled,
  outboundFromIsolation,
  sageMakerEndpointAccess,
  variantCompute,
  variantUnsupported,
  type ProductionVariantLike,
} from '../../platform';
import { literal, parseBoolean, parseLiteralString, parseNumber, readBoolean, readNumber } from '../facts';
import { bucketIdFromUri, imageReference, keyReferenceId, namesNoKey, referenceId, roleReferenceId, type IdOrUnresolved } from '../references';
import { TemplateResource, type PropertyPath, type TemplateContext } from '../template-context';
import { Unresolved, isResolvedArray, isResolvedObject, type Resolved } from '../values';
import { monitoringScheduleCounter } from './monitoring';

const ENDPOINT = 'AWS::SageMaker::Endpoint';
const ENDPOINT_CONFIG = 'AWS::SageMaker::EndpointConfig';
const MODEL = 'AWS::SageMaker::Model';

/** The template resource a name-or-reference property points at: by Ref/GetAtt, or by its literal physical name. */
function findByNameOrRef(context: TemplateContext, value: Resolved | undefined, type: string, nameProperty: string): TemplateResource | string | Unresolved {
  const referenced = context.referenced(value, type);
  if (referenced) return referenced;
  if (value === undefined || value === null) return new Unresolved(`${nameProperty} is not set`, value ?? null);
  const name = context.render(value);
  if (name === null) return new Unresolved(`${nameProperty} is not a name or reference`, value);
  if (name instanceof Unresolved) return name;
  return context.byPhysicalName(type, nameProperty, name) ?? name;
}

/** A fact from an id reader: absent -> `absentValue`; unresolved -> unknown. */
function idFact(
  resource: TemplateResource,
  path: PropertyPath,
  read: (value: Resolved) => IdOrUnresolved,
  absentValue: { readonly value: string | null; readonly note: string },
  isAbsent: (value: Resolved | undefined) => boolean = (value) => value === undefined || value === null,
): Fact<string | null> {
  const value = resource.get(path);
  if (value === undefined || isAbsent(value)) return known(absentValue.value, resource.evidenceWith(path, value === '' ? `empty (${absentValue.note})` : absentValue.note));
  const id = read(value);
  return id instanceof Unresolved ? unknown(`${resource.type} ${resource.logicalId} ${path.join('.')}: ${id.reason}`, resource.evidence(path)) : known(id, resource.evidence(path));
}

/** A key property: not set or empty is the provider-managed key. */
function keyFact(context: TemplateContext, resource: TemplateResource, path: PropertyPath): Fact<string | null> {
  return idFact(resource, path, (v) => keyReferenceId(context, v), { value: null, note: 'not set (provider-managed key)' }, namesNoKey);
}

/** Reads a list property item by item; one unresolvable item makes the whole list unknown. */
function listOf(resource: TemplateResource, path: PropertyPath): readonly Resolved[] | Unresolved {
  const value = resource.get(path);
  if (value === undefined || value === null) return [];
  if (value instanceof Unresolved) return value;
  if (!isResolvedArray(value)) return new Unresolved(`${path.join('.')} is not a list`, value);
  const hidden = value.find((item) => item instanceof Unresolved);
  return hidden instanceof Unresolved ? hidden : value;
}

/** A list property whose items are counted: an item known only at deploy time is still one item. */
function countedListOf(resource: TemplateResource, path: PropertyPath): readonly Resolved[] | Unresolved {
  const value = resource.get(path);
  if (value === undefined || value === null) return [];
  if (value instanceof Unresolved) return value;
  return isResolvedArray(value) ? value : new Unresolved(`${path.join('.')} is not a list`, value);
}

interface ModelFacts {
  readonly networkIsolation: Fact<boolean>;
  readonly outbound: Deployment['outbound'];
  readonly network: Fact<NetworkAttachment | null>;
  readonly identityId: Fact<string | null>;
  readonly images: ListFact<ImageRef>;
  readonly artifactStoreIds: ListFact<string>;
}

/** The variant's model: a template resource, an outside model's name, none (inference components), or unresolved. */
type VariantModel = TemplateResource | string | null | Unresolved;

/**
 * A setting the endpoint config may carry and the model always does (as for live reads): the
 * config's value when it sets one, else the model's; `whenNeither` when there is no model.
 */
function fromConfigOrModel<T>(
  config: TemplateResource,
  model: VariantModel,
  read: (owner: TemplateResource, absent: { value: T; note: string }) => Fact<T>,
  field: string,
  whenNeither: { value: T; note: string },
): Fact<T> {
  const configSets = config.get([field]) !== undefined && config.get([field]) !== null;
  if (configSets) {
    const fact = read(config, whenNeither);
    return fact.known && model instanceof TemplateResource ? { ...fact, evidence: [...fact.evidence, model.evidence([field])] } : fact;
  }
  if (model === null) return known(whenNeither.value, config.evidenceWith([field], whenNeither.note));
  if (model instanceof TemplateResource) return read(model, whenNeither);
  return outsideModel(model, config, field);
}

function outsideModel(model: string | Unresolved, config: TemplateResource, field: string): Fact<never> {
  const reason = typeof model === 'string' ? `model ${model} is not declared in this template` : `ModelName: ${model.reason}`;
  return unknown(`${reason}, so its ${field} is not known`, config.evidence(['ProductionVariants']));
}

function variantFacts(context: TemplateContext, config: TemplateResource, model: VariantModel, path: PropertyPath): ModelFacts {
  const containers =
    model instanceof TemplateResource
      ? containerFacts(context, model)
      : (() => {
          const fact: Fact<never> =
            model === null
              ? unknown('the variant names no model (inference components are not read from templates)', config.evidence([...path, 'ModelName']))
              : outsideModel(model, config, 'containers');
          return { images: fact, artifactStoreIds: fact };
        })();
  const networkIsolation = fromConfigOrModel(config, model, (owner, absent) => readBoolean(owner, ['EnableNetworkIsolation'], absent), 'EnableNetworkIsolation', {
    value: false,
    note: 'not set (default: false)',
  });
  return {
    networkIsolation,
    outbound: outboundFromIsolation(networkIsolation),
    network: fromConfigOrModel<NetworkAttachment | null>(config, model, (owner) => networkAttachment(context, owner), 'VpcConfig', {
      value: null,
      note: 'not set (no VPC: the container uses SageMaker-managed networking)',
    }),
    identityId: fromConfigOrModel<string | null>(config, model, (owner, absent) => idFact(owner, ['ExecutionRoleArn'], (v) => roleReferenceId(context, v), absent), 'ExecutionRoleArn', {
      value: null,
      note: 'not set',
    }),
    ...containers,
  };
}

function networkAttachment(context: TemplateContext, owner: TemplateResource): Fact<NetworkAttachment | null> {
  const path = ['VpcConfig'];
  const vpcConfig = owner.get(path);
  if (vpcConfig === undefined || vpcConfig === null) return known(null, owner.evidenceWith(path, 'not set (no VPC: the container uses SageMaker-managed networking)'));
  const subnets = countedListOf(owner, [...path, 'Subnets']);
  const groups = countedListOf(owner, [...path, 'SecurityGroupIds']);
  const why = [subnets, groups].find((v): v is Unresolved => v instanceof Unresolved);
  if (why) return unknown(`${owner.type} ${owner.logicalId} VpcConfig: ${why.reason}`, owner.evidence(path));
  const subnetValues = subnets as readonly Resolved[];
  const groupValues = groups as readonly Resolved[];
  // A subnet or group given at deploy time is still one subnet or group: what is attached stays known.
  const idStrings = [...subnetValues, ...groupValues].map((v) => {
    const id = referenceId(context, v);
    return id instanceof Unresolved ? `unresolved (${id.reason})` : id;
  });
  return known(
    {
      networkId: networkIdOf(context, [...groupValues, ...subnetValues]),
      subnetIds: idStrings.slice(0, subnetValues.length),
      firewallIds: idStrings.slice(subnetValues.length),
    },
    owner.evidence(path),
  );
}

/** The VPC the attachment's security groups (or subnets) belong to, when the template says. */
function networkIdOf(context: TemplateContext, members: readonly Resolved[]): string | null {
  for (const member of members) {
    const resource = context.referenced(member, 'AWS::EC2::SecurityGroup', 'AWS::EC2::Subnet');
    const vpc = resource?.get(['VpcId']);
    if (vpc === undefined) continue;
    const id = referenceId(context, vpc);
    if (typeof id === 'string') return id;
  }
  return null;
}

/** Where a container's model data may come from (as the live reader reads them). */
const MODEL_DATA_PATHS: readonly PropertyPath[] = [['ModelDataUrl'], ['ModelDataSource', 'S3DataSource', 'S3Uri']];

/** Images and model-artifact stores of the model's containers (PrimaryContainer and Containers[]). */
function containerFacts(context: TemplateContext, model: TemplateResource): Pick<ModelFacts, 'images' | 'artifactStoreIds'> {
  const containerPaths: PropertyPath[] = [];
  const containers = listOf(model, ['Containers']);
  const primary = model.get(['PrimaryContainer']);
  // An empty `PrimaryContainer: {}` beside Containers is absent, as the live reader reads it.
  const emptyBesideContainers = isResolvedObject(primary) && Object.keys(primary).length === 0 && Array.isArray(containers) && containers.length > 0;
  if (primary != null && !emptyBesideContainers) containerPaths.push(['PrimaryContainer']);
  const evidence: Evidence[] = [model.evidence(['PrimaryContainer']), model.evidence(['Containers'])];
  if (containers instanceof Unresolved) {
    const fact = unknown(`${MODEL} ${model.logicalId} Containers: ${containers.reason}`, ...evidence);
    return { images: fact, artifactStoreIds: fact };
  }
  containers.forEach((_c, i) => containerPaths.push(['Containers', i]));
  const images: ImageRef[] = [];
  const stores: string[] = [];
  // Images are judged one by one: a container whose image is not known leaves its siblings' known.
  const imageProblems: string[] = containerPaths.length === 0 ? ['has no containers'] : [];
  let storesProblem: string | null = null;
  for (const path of containerPaths) {
    const container = model.get(path);
    if (container instanceof Unresolved || (container !== undefined && !isResolvedObject(container))) {
      const reason = container instanceof Unresolved ? container.reason : 'not an object';
      imageProblems.push(`${path.join('.')}: ${reason}`);
      storesProblem ??= `${path.join('.')}: ${reason}`;
      continue;
    }
    const image = model.get([...path, 'Image']);
    if (image === undefined || image === null) {
      const pkg = model.get([...path, 'ModelPackageName']);
      imageProblems.push(pkg !== undefined ? `${path.join('.')} runs a model package, whose image is not in the template` : `${path.join('.')} names no image`);
    } else {
      const ref = imageReference(context, image);
      if (ref instanceof Unresolved) imageProblems.push(`${path.join('.')}.Image: ${ref.reason}`);
      else images.push(ref);
    }
    const additional = listOf(model, [...path, 'AdditionalModelDataSources']);
    const uriPaths = [
      ...MODEL_DATA_PATHS.map((p) => [...path, ...p]),
      ...(additional instanceof Unresolved ? [] : additional.map((_a, i) => [...path, 'AdditionalModelDataSources', i, 'S3DataSource', 'S3Uri'])),
    ];
    if (additional instanceof Unresolved) storesProblem ??= `${path.join('.')}.AdditionalModelDataSources: ${additional.reason}`;
    for (const uriPath of uriPaths) {
      const uri = model.get(uriPath);
      if (uri === undefined || uri === null) continue;
      const store = bucketIdFromUri(context, uri);
      if (store instanceof Unresolved) storesProblem ??= `${uriPath.join('.')}: ${store.reason}`;
      else if (!stores.includes(store)) stores.push(store);
    }
  }
  const fact = <T>(problem: string | null, value: T): Fact<T> =>
    problem ? unknown(`${MODEL} ${model.logicalId} ${problem}`, ...evidence) : known(value, ...evidence);
  return {
    images: listFact(images, imageProblems.map((p) => `${MODEL} ${model.logicalId} ${p}`), ...evidence),
    artifactStoreIds: fact(storesProblem, stores),
  };
}

type VariantList = 'ProductionVariants' | 'ShadowProductionVariants';

/** Why an InstanceType is not known, or null when it is a literal (or absent). */
function unresolvedInstanceType(value: Resolved | undefined): Unresolved | null {
  if (value === undefined || value === null || literal(value, parseLiteralString) !== undefined) return null;
  return value instanceof Unresolved ? value : new Unresolved('InstanceType is not a literal string', value);
}

/**
 * The storage key, unknown where the config names none and a variant's instance type is unresolved:
 * whether that type has local NVMe storage (which cannot take a volume key) decides the verdict.
 */
function storageKeyOf(context: TemplateContext, config: TemplateResource): Fact<string | null> {
  const key = keyFact(context, config, ['KmsKeyId']);
  if (!key.known || key.value !== null) return key;
  const lists: VariantList[] = ['ProductionVariants', 'ShadowProductionVariants'];
  for (const list of lists) {
    const variants = config.get([list]);
    if (!isResolvedArray(variants)) continue;
    for (let i = 0; i < variants.length; i++) {
      if (config.get([list, i, 'ServerlessConfig']) !== undefined) continue;
      const why = unresolvedInstanceType(config.get([list, i, 'InstanceType']));
      if (why) {
        return unknown(
          `${ENDPOINT_CONFIG} ${config.logicalId} sets no KmsKeyId, and ${list}[${i}].InstanceType is not known (${why.reason}): an instance type with local NVMe storage cannot take a volume key, any other needs one`,
          ...key.evidence,
          config.evidence([list, i, 'InstanceType']),
        );
      }
    }
  }
  return key;
}

function deployment(context: TemplateContext, config: TemplateResource, list: VariantList, index: number): Deployment | Unresolved {
  const path: PropertyPath = [list, index];
  const variant = config.get(path);
  if (!isResolvedObject(variant)) return variant instanceof Unresolved ? variant : new Unresolved('a production variant is not an object', variant ?? null);
  const serverless = config.get([...path, 'ServerlessConfig']);
  const instanceType = config.get([...path, 'InstanceType']);
  if (serverless instanceof Unresolved) return serverless;
  const like: ProductionVariantLike = isResolvedObject(serverless)
    ? {
        ServerlessConfig: {
          MemorySizeInMB: literal(serverless.MemorySizeInMB, parseNumber),
          MaxConcurrency: literal(serverless.MaxConcurrency, parseNumber),
        },
      }
    : { InstanceType: literal(instanceType, parseLiteralString) };
  // Without ServerlessConfig the variant runs on instances, whatever the (unresolved) instance type turns out to be.
  const unresolvedType = serverless === undefined || serverless === null ? unresolvedInstanceType(instanceType) : null;
  const compute = unresolvedType ? ({ kind: 'instance', instanceType: `unknown (${unresolvedType.reason})` } as const) : variantCompute(like);
  if (!compute) return new Unresolved(`${list}[${index}] names neither InstanceType nor ServerlessConfig`, variant);
  const name = literal(config.get([...path, 'VariantName']), parseLiteralString) ?? `${list}[${index}]`;
  const modelRef = config.get([...path, 'ModelName']);
  const model: VariantModel = modelRef === undefined || modelRef === null ? null : findByNameOrRef(context, modelRef, MODEL, 'ModelName');
  return {
    name,
    modelId:
      model instanceof TemplateResource
        ? model.modelId
        : typeof model === 'string'
          ? `arn:${context.partition}:sagemaker:${context.region}:${context.account}:model/${model.toLowerCase()}`
          : null,
    compute,
    unsupported: variantUnsupported(like),
    // As for live reads: a serverless variant counts as one (the control is not applicable to it).
    instanceCount:
      compute.kind === 'serverless'
        ? known(1, config.evidence([...path, 'ServerlessConfig']))
        : readNumber(config, [...path, 'InitialInstanceCount']),
    ...variantFacts(context, config, model, path),
  };
}

/** One deployment per variant; a variant that cannot be resolved leaves the others known (a partial list). */
function deploymentsOf(context: TemplateContext, config: TemplateResource): ListFact<Deployment> {
  const deployments: Deployment[] = [];
  const problems: string[] = [];
  const lists: VariantList[] = ['ProductionVariants', 'ShadowProductionVariants'];
  const evidence = lists.filter((l) => l === 'ProductionVariants' || config.get([l]) !== undefined).map((l) => config.evidence([l]));
  for (const list of lists) {
    const variants = listOf(config, [list]);
    if (variants instanceof Unresolved) return unknown(`${ENDPOINT_CONFIG} ${config.logicalId} ${list}: ${variants.reason}`, ...evidence);
    for (let i = 0; i < variants.length; i++) {
      const d = deployment(context, config, list, i);
      if (d instanceof Unresolved) problems.push(`${ENDPOINT_CONFIG} ${config.logicalId} ${d.reason}`);
      else deployments.push(d);
    }
  }
  return listFact(deployments, problems, ...evidence);
}

function dataCaptureOf(context: TemplateContext, config: TemplateResource): Fact<DataCapture> {
  const path = ['DataCaptureConfig'];
  const value = config.get(path);
  if (value === undefined || value === null) return known({ enabled: false, keyId: null, destinationStoreId: null }, config.evidenceWith(path, 'not set (no data capture)'));
  if (value instanceof Unresolved) return unknown(`${ENDPOINT_CONFIG} ${config.logicalId} DataCaptureConfig: ${value.reason}`, config.evidence(path));
  const enable = config.get([...path, 'EnableCapture']);
  const enableCapture = enable === undefined ? undefined : parseBoolean(enable);
  if (enableCapture instanceof Unresolved) return unknown(`${ENDPOINT_CONFIG} ${config.logicalId} DataCaptureConfig.EnableCapture: ${enableCapture.reason}`, config.evidence(path));
  const key = keyFact(context, config, [...path, 'KmsKeyId']);
  if (!key.known) return key;
  const destinationPath = [...path, 'DestinationS3Uri'];
  const destination = config.get(destinationPath);
  const enabled = dataCaptureEnabled({ EnableCapture: enableCapture, DestinationS3Uri: destination });
  const store = enabled && destination !== undefined && destination !== null ? bucketIdFromUri(context, destination) : null;
  if (store instanceof Unresolved) return unknown(`${ENDPOINT_CONFIG} ${config.logicalId} ${destinationPath.join('.')}: ${store.reason}`, config.evidence(destinationPath));
  return known({ enabled, keyId: key.value, destinationStoreId: store }, config.evidence(path));
}

function asyncOutputOf(context: TemplateContext, config: TemplateResource): Fact<{ readonly keyId: string | null } | null> {
  const path = ['AsyncInferenceConfig'];
  const value = config.get(path);
  if (value === undefined || value === null) return known(null, config.evidenceWith(path, 'not set (not an asynchronous endpoint)'));
  if (value instanceof Unresolved) return unknown(`${ENDPOINT_CONFIG} ${config.logicalId} AsyncInferenceConfig: ${value.reason}`, config.evidence(path));
  if (!asyncInferenceConfigured({ OutputConfig: config.get([...path, 'OutputConfig']) })) {
    return known(null, config.evidenceWith(path, 'no OutputConfig (not an asynchronous endpoint)'));
  }
  const key = keyFact(context, config, [...path, 'OutputConfig', 'KmsKeyId']);
  return key.known ? known({ keyId: key.value }, ...key.evidence) : key;
}

/**
 * The account the endpoint's images are judged against. Without a deployment environment the
 * stack's account is the `${AWS.AccountId}` placeholder, which an image built from the same
 * placeholder provably shares; an image naming a literal account may or may not be the stack's
 * own, so the endpoint's account is then not stated (never guessed different, never guessed same).
 */
function accountForImages(context: TemplateContext, deployments: Fact<readonly Deployment[]>): string | undefined {
  if (context.environment.account !== undefined || !deployments.known) return context.account;
  const literalAccount = deployments.value.some(
    (d) => d.images.known && d.images.value.some((image) => image.registryAccount !== null && image.registryAccount !== context.account),
  );
  return literalAccount ? undefined : context.account;
}

/** The facts an endpoint config declares, for an endpoint or for a config no endpoint of the template uses yet. */
function configFacts(context: TemplateContext, config: TemplateResource) {
  const deployments = deploymentsOf(context, config);
  return {
    account: accountForImages(context, deployments),
    deployments,
    storageKeyId: storageKeyOf(context, config),
    dataCapture: dataCaptureOf(context, config),
    asyncOutput: asyncOutputOf(context, config),
  };
}

export function endpointsFromTemplate(context: TemplateContext): InferenceEndpoint[] {
  const countSchedules = monitoringScheduleCounter(context);
  const usedConfigs = new Set<TemplateResource>();
  let undecidedEndpoint = false;
  const endpoints: InferenceEndpoint[] = context.ofType(ENDPOINT).map((endpoint) => {
    const config = findByNameOrRef(context, endpoint.get(['EndpointConfigName']), ENDPOINT_CONFIG, 'EndpointConfigName');
    const configEvidence = endpoint.evidence(['EndpointConfigName']);
    const base = {
      kind: 'endpoint' as const,
      id: endpoint.modelId,
      name: endpoint.nameFrom('EndpointName'),
      provider: 'aws' as const,
      region: context.region,
      account: context.account,
      ...sageMakerEndpointAccess(),
      monitoringSchedules: countSchedules(endpoint),
    };
    if (typeof config === 'string' || config instanceof Unresolved) {
      if (config instanceof Unresolved) undecidedEndpoint = true;
      const reason =
        typeof config === 'string'
          ? `endpoint config ${config} is not declared in this template`
          : `${ENDPOINT} ${endpoint.logicalId} EndpointConfigName: ${config.reason}`;
      const fact = unknown(reason, configEvidence);
      return { ...base, deployments: fact, storageKeyId: fact, dataCapture: fact, asyncOutput: fact };
    }
    usedConfigs.add(config);
    return { ...base, ...configFacts(context, config) };
  });
  // The config of an endpoint whose Condition keeps it from being created is that endpoint's, not one awaiting an endpoint.
  for (const endpoint of context.notCreatedOfType(ENDPOINT)) {
    const config = findByNameOrRef(context, endpoint.get(['EndpointConfigName']), ENDPOINT_CONFIG, 'EndpointConfigName');
    if (config instanceof TemplateResource) usedConfigs.add(config);
  }
  // An endpoint config no endpoint of the template uses: a pipeline, another stack or code creates
  // the endpoint. What the config declares is judged all the same, as an endpoint marked configurationOnly.
  for (const config of context.ofType(ENDPOINT_CONFIG)) {
    if (usedConfigs.has(config)) continue;
    const facts = configFacts(context, config);
    endpoints.push({
      kind: 'endpoint',
      id: config.modelId,
      name: config.nameFrom('EndpointConfigName'),
      provider: 'aws',
      region: context.region,
      ...sageMakerEndpointAccess(),
      configurationOnly: true,
      monitoringSchedules: unknown(
        `no ${ENDPOINT} of this template uses ${ENDPOINT_CONFIG} ${config.logicalId}: the schedules that will watch the endpoint created from it are not known${undecidedEndpoint ? ' (an endpoint of the template names its config in a way that cannot be resolved)' : ''}`,
        config.evidenceWith([], 'no AWS::SageMaker::Endpoint of the template uses this config'),
      ),
      ...facts,
    });
  }
  return endpoints;
}
