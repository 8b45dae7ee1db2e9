// AWS::SageMaker::Endpoint + EndpointConfig + Model (+ MonitoringSchedule) -> InferenceEndpoint.
import {
  known,
  unknown,
  type DataCapture,
  type Deployment,
  type Evidence,
  type Fact,
  type ImageRef,
  type InferenceEndpoint,
  type NetworkAttachment,
} from '../../../../policies/model';
import { dataCaptureEnabled, variantCompute, variantUnsupported, type ProductionVariantLike } from '../../platform';
import { literal, parseBoolean, parseLiteralString, parseNumber, readBoolean, readNumber } from '../facts';
import { bucketIdFromUri, imageReference, keyReferenceId, referenceId, roleReferenceId, type IdOrUnresolved } from '../references';
import type { PropertyPath, TemplateContext, TemplateResource } from '../template-context';
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
  absentValue: { value: null; note: string },
): Fact<string | null> {
  const value = resource.get(path);
  if (value === undefined || value === null) return known(absentValue.value, resource.evidenceWith(path, absentValue.note));
  const id = read(value);
  return id instanceof Unresolved ? unknown(`${resource.type} ${resource.logicalId} ${path.join('.')}: ${id.reason}`, resource.evidence(path)) : known(id, resource.evidence(path));
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

interface ModelFacts {
  readonly networkIsolation: Fact<boolean>;
  readonly network: Fact<NetworkAttachment | null>;
  readonly identityId: Fact<string | null>;
  readonly images: Fact<readonly ImageRef[]>;
  readonly artifactStoreIds: Fact<readonly string[]>;
}

function modelFacts(context: TemplateContext, model: TemplateResource, config: TemplateResource): ModelFacts {
  const modelIsolation = readBoolean(model, ['EnableNetworkIsolation'], { value: false, note: 'not set (CreateModel default: false)' });
  const configIsolation = readBoolean(config, ['EnableNetworkIsolation'], { value: false, note: 'not set (default: false)' });
  // Isolation set on the model or on the endpoint config isolates the container.
  const networkIsolation: Fact<boolean> =
    (modelIsolation.known && modelIsolation.value) || (configIsolation.known && configIsolation.value)
      ? known(true, ...modelIsolation.evidence, ...configIsolation.evidence)
      : !modelIsolation.known
        ? modelIsolation
        : !configIsolation.known
          ? configIsolation
          : known(false, ...modelIsolation.evidence, ...configIsolation.evidence);
  const vpcOwner = model.get(['VpcConfig']) !== undefined || config.get(['VpcConfig']) === undefined ? model : config;
  const roleOwner = model.get(['ExecutionRoleArn']) !== undefined || config.get(['ExecutionRoleArn']) === undefined ? model : config;
  return {
    networkIsolation,
    network: networkAttachment(context, vpcOwner),
    identityId: idFact(roleOwner, ['ExecutionRoleArn'], (v) => roleReferenceId(context, v), { value: null, note: 'not set' }),
    ...containerFacts(context, model),
  };
}

function networkAttachment(context: TemplateContext, owner: TemplateResource): Fact<NetworkAttachment | null> {
  const path = ['VpcConfig'];
  const vpcConfig = owner.get(path);
  if (vpcConfig === undefined || vpcConfig === null) return known(null, owner.evidenceWith(path, 'not set (no VPC: the container uses SageMaker-managed networking)'));
  const subnets = listOf(owner, [...path, 'Subnets']);
  const groups = listOf(owner, [...path, 'SecurityGroupIds']);
  const why = [subnets, groups].find((v): v is Unresolved => v instanceof Unresolved);
  if (why) return unknown(`${owner.type} ${owner.logicalId} VpcConfig: ${why.reason}`, owner.evidence(path));
  const subnetValues = subnets as readonly Resolved[];
  const groupValues = groups as readonly Resolved[];
  const ids = [...subnetValues, ...groupValues].map((v) => referenceId(context, v));
  const badId = ids.find((v): v is Unresolved => v instanceof Unresolved);
  if (badId) return unknown(`${owner.type} ${owner.logicalId} VpcConfig: ${badId.reason}`, owner.evidence(path));
  const idStrings = ids as string[];
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

/** Images and model-artifact stores of the model's containers (PrimaryContainer and Containers[]). */
function containerFacts(context: TemplateContext, model: TemplateResource): Pick<ModelFacts, 'images' | 'artifactStoreIds'> {
  const containerPaths: PropertyPath[] = [];
  if (model.get(['PrimaryContainer']) != null) containerPaths.push(['PrimaryContainer']);
  const containers = listOf(model, ['Containers']);
  const evidence: Evidence[] = [model.evidence(['PrimaryContainer']), model.evidence(['Containers'])];
  if (containers instanceof Unresolved) {
    const fact = unknown(`${MODEL} ${model.logicalId} Containers: ${containers.reason}`, ...evidence);
    return { images: fact, artifactStoreIds: fact };
  }
  containers.forEach((_c, i) => containerPaths.push(['Containers', i]));
  const images: ImageRef[] = [];
  const stores: string[] = [];
  let imagesProblem: string | null = null;
  let storesProblem: string | null = null;
  for (const path of containerPaths) {
    const container = model.get(path);
    if (container instanceof Unresolved || (container !== undefined && !isResolvedObject(container))) {
      const reason = container instanceof Unresolved ? container.reason : 'not an object';
      imagesProblem ??= `${path.join('.')}: ${reason}`;
      storesProblem ??= `${path.join('.')}: ${reason}`;
      continue;
    }
    const image = model.get([...path, 'Image']);
    if (image !== undefined && image !== null) {
      const ref = imageReference(context, image);
      if (ref instanceof Unresolved) imagesProblem ??= `${path.join('.')}.Image: ${ref.reason}`;
      else images.push(ref);
    }
    for (const uriPath of [[...path, 'ModelDataUrl'], [...path, 'ModelDataSource', 'S3DataSource', 'S3Uri']]) {
      const uri = model.get(uriPath);
      if (uri === undefined || uri === null) continue;
      const store = bucketIdFromUri(context, uri);
      if (store instanceof Unresolved) storesProblem ??= `${uriPath.join('.')}: ${store.reason}`;
      else if (!stores.includes(store)) stores.push(store);
    }
  }
  const fact = <T>(problem: string | null, value: T): Fact<T> =>
    problem ? unknown(`${MODEL} ${model.logicalId} ${problem}`, ...evidence) : known(value, ...evidence);
  return { images: fact(imagesProblem, images), artifactStoreIds: fact(storesProblem, stores) };
}

/** Facts about a variant's model when the model is not in the template. */
function externalModelFacts(reason: string, evidence: Evidence): ModelFacts {
  const fact = unknown(reason, evidence);
  return { networkIsolation: fact, network: fact, identityId: fact, images: fact, artifactStoreIds: fact };
}

function deployment(context: TemplateContext, config: TemplateResource, index: number): Deployment | Unresolved {
  const path: PropertyPath = ['ProductionVariants', index];
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
  const compute = variantCompute(like);
  if (!compute) {
    const why = instanceType instanceof Unresolved ? instanceType.reason : 'names neither InstanceType nor ServerlessConfig';
    return new Unresolved(`production variant ${index} compute cannot be resolved: ${why}`, variant);
  }
  const name = literal(config.get([...path, 'VariantName']), parseLiteralString) ?? `ProductionVariants[${index}]`;
  const modelRef = config.get([...path, 'ModelName']);
  const model = modelRef === undefined ? undefined : findByNameOrRef(context, modelRef, MODEL, 'ModelName');
  const modelEvidence = config.evidence([...path, 'ModelName']);
  let facts: ModelFacts;
  let modelId: string | null;
  if (model === undefined) {
    // An inference-component endpoint: containers come from AWS::SageMaker::InferenceComponent.
    facts = externalModelFacts(`production variant ${name} has no ModelName (inference components are not read from templates)`, modelEvidence);
    modelId = null;
  } else if (model instanceof Unresolved) {
    facts = externalModelFacts(`production variant ${name} ModelName: ${model.reason}`, modelEvidence);
    modelId = null;
  } else if (typeof model === 'string') {
    facts = externalModelFacts(`model ${model} is not declared in this template`, modelEvidence);
    modelId = `arn:${context.partition}:sagemaker:${context.region}:${context.account}:model/${model}`;
  } else {
    facts = modelFacts(context, model, config);
    modelId = model.modelId;
  }
  return {
    name,
    modelId,
    compute,
    unsupported: variantUnsupported(like),
    instanceCount:
      compute.kind === 'serverless'
        ? unknown('a serverless variant has no instance count (SageMaker scales it on demand)', config.evidence([...path, 'ServerlessConfig']))
        : readNumber(config, [...path, 'InitialInstanceCount']),
    ...facts,
  };
}

function deploymentsOf(context: TemplateContext, config: TemplateResource): Fact<readonly Deployment[]> {
  const variants = listOf(config, ['ProductionVariants']);
  const evidence = config.evidence(['ProductionVariants']);
  if (variants instanceof Unresolved) return unknown(`${ENDPOINT_CONFIG} ${config.logicalId} ProductionVariants: ${variants.reason}`, evidence);
  const deployments: Deployment[] = [];
  for (let i = 0; i < variants.length; i++) {
    const d = deployment(context, config, i);
    if (d instanceof Unresolved) return unknown(`${ENDPOINT_CONFIG} ${config.logicalId} ${d.reason}`, evidence);
    deployments.push(d);
  }
  return known(deployments, evidence);
}

function dataCaptureOf(context: TemplateContext, config: TemplateResource): Fact<DataCapture> {
  const path = ['DataCaptureConfig'];
  const value = config.get(path);
  if (value === undefined || value === null) return known({ enabled: false, keyId: null }, config.evidenceWith(path, 'not set (no data capture)'));
  if (value instanceof Unresolved) return unknown(`${ENDPOINT_CONFIG} ${config.logicalId} DataCaptureConfig: ${value.reason}`, config.evidence(path));
  const enable = config.get([...path, 'EnableCapture']);
  const enableCapture = enable === undefined ? undefined : parseBoolean(enable);
  if (enableCapture instanceof Unresolved) return unknown(`${ENDPOINT_CONFIG} ${config.logicalId} DataCaptureConfig.EnableCapture: ${enableCapture.reason}`, config.evidence(path));
  const key = idFact(config, [...path, 'KmsKeyId'], (v) => keyReferenceId(context, v), { value: null, note: 'not set (provider-managed key)' });
  if (!key.known) return key;
  return known({ enabled: dataCaptureEnabled({ EnableCapture: enableCapture }), keyId: key.value }, config.evidence(path));
}

function asyncOutputOf(context: TemplateContext, config: TemplateResource): Fact<{ readonly keyId: string | null } | null> {
  const path = ['AsyncInferenceConfig'];
  const value = config.get(path);
  if (value === undefined || value === null) return known(null, config.evidenceWith(path, 'not set (not an asynchronous endpoint)'));
  if (value instanceof Unresolved) return unknown(`${ENDPOINT_CONFIG} ${config.logicalId} AsyncInferenceConfig: ${value.reason}`, config.evidence(path));
  const key = idFact(config, [...path, 'OutputConfig', 'KmsKeyId'], (v) => keyReferenceId(context, v), { value: null, note: 'not set (provider-managed key)' });
  return key.known ? known({ keyId: key.value }, ...key.evidence) : key;
}

export function endpointsFromTemplate(context: TemplateContext): InferenceEndpoint[] {
  const countSchedules = monitoringScheduleCounter(context);
  return context.ofType(ENDPOINT).map((endpoint) => {
    const config = findByNameOrRef(context, endpoint.get(['EndpointConfigName']), ENDPOINT_CONFIG, 'EndpointConfigName');
    const configEvidence = endpoint.evidence(['EndpointConfigName']);
    const base = {
      kind: 'endpoint' as const,
      id: endpoint.modelId,
      name: endpoint.nameFrom('EndpointName'),
      provider: 'aws' as const,
      region: context.region,
      account: context.account,
      monitoringSchedules: countSchedules(endpoint),
    };
    if (typeof config === 'string' || config instanceof Unresolved) {
      const reason =
        typeof config === 'string'
          ? `endpoint config ${config} is not declared in this template`
          : `${ENDPOINT} ${endpoint.logicalId} EndpointConfigName: ${config.reason}`;
      const fact = unknown(reason, configEvidence);
      return { ...base, deployments: fact, storageKeyId: fact, dataCapture: fact, asyncOutput: fact };
    }
    return {
      ...base,
      deployments: deploymentsOf(context, config),
      storageKeyId: idFact(config, ['KmsKeyId'], (v) => keyReferenceId(context, v), { value: null, note: 'not set (provider-managed key)' }),
      dataCapture: dataCaptureOf(context, config),
      asyncOutput: asyncOutputOf(context, config),
    };
  });
}
