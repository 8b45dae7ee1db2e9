// The pure core: one CloudFormation template (already parsed) -> the provider-neutral model.
import { evidence, known, unknown, type CoverageGap, type Fact, type Inventory, type InventoryAlternative, type KeyReference, type Resource } from '../../../policies/model';
import { isAwsManagedKeyAlias } from '../platform';
import type { TemplateEnvironment } from './intrinsics';
import { artifactStoresFromTemplate } from './resources/artifact-store';
import { endpointsFromTemplate } from './resources/endpoint';
import { firewallsFromTemplate } from './resources/firewall';
import { identitiesFromTemplate } from './resources/identity';
import { imageRepositoriesFromTemplate } from './resources/image-repository';
import { keysFromTemplate } from './resources/key';
import { networksFromTemplate } from './resources/network';
import { TemplateContext, type SiblingStacks, type TemplateResource } from './template-context';

export type { TemplateEnvironment } from './intrinsics';

/** One reader per model kind; each reads the resource types it knows and ignores the rest. */
const READERS: readonly ((context: TemplateContext) => Resource[])[] = [
  endpointsFromTemplate,
  keysFromTemplate,
  identitiesFromTemplate,
  artifactStoresFromTemplate,
  imageRepositoriesFromTemplate,
  networksFromTemplate,
  firewallsFromTemplate,
];

const NESTED_STACK = 'AWS::CloudFormation::Stack';
const SAM_TRANSFORM = 'AWS::Serverless-2016-10-31';

/**
 * At most this many assignments of the conditions a template cannot evaluate are read; beyond
 * it the template is judged without assuming them (what they decide stays unknown) and a gap says so.
 */
export const MAX_CONDITION_ASSIGNMENTS = 32;

export interface TemplateReadOptions {
  /** Parameter values for the deployment (`--parameters`), by parameter name; they win over defaults. */
  readonly parameterValues?: Readonly<Record<string, string>>;
  /** The values of SSM-typed parameters (whose given value names the SSM parameter), by parameter name. */
  readonly resolvedParameterValues?: Readonly<Record<string, string>>;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Custom resources whose type or properties speak of SageMaker endpoints or models: they may create what the baseline judges. */
const INFERENCE_WORDS = /sagemaker|endpoint|model|inference/i;

function transformsOf(template: unknown): string[] {
  const transform = isRecord(template) ? template.Transform : undefined;
  const list = Array.isArray(transform) ? transform : transform === undefined ? [] : [transform];
  return list.map((t) => (typeof t === 'string' ? t : isRecord(t) && typeof t.Name === 'string' ? t.Name : JSON.stringify(t)));
}

/** What the template holds that inferguard does not read: nested stacks, macros, SAM resources, custom resources that may stand in for SageMaker. */
function coverageGaps(context: TemplateContext, template: unknown, region: string | undefined): CoverageGap[] {
  const at = region ? { region } : {};
  const gaps: CoverageGap[] = context.ofType(NESTED_STACK).map((nested) => ({
    service: 'cloudformation',
    operation: 'ReadNestedStackTemplate',
    resourceId: nested.modelId,
    ...at,
    errorCode: 'NestedStackNotRead',
    message: `nested stack ${nested.logicalId}: its template is not part of this one; pass the nested template (or the cdk.out folder) to read it`,
  }));
  for (const transform of transformsOf(template).filter((t) => t !== SAM_TRANSFORM)) {
    gaps.push({
      service: 'cloudformation',
      operation: 'ExpandTransform',
      ...at,
      errorCode: 'TransformNotExpanded',
      message: `the template's Transform ${transform} is a macro that rewrites the template at deploy time, which inferguard does not run: the resources were read as written; scan the processed template (aws cloudformation get-template --template-stage Processed) to judge what is deployed`,
    });
  }
  const resources = context.declaredResources();
  for (const resource of resources.filter((r) => r.type.startsWith('AWS::Serverless::'))) {
    gaps.push({
      service: 'cloudformation',
      operation: 'ExpandServerlessResource',
      resourceId: resource.modelId,
      ...at,
      errorCode: 'ServerlessResourceNotExpanded',
      message: `${resource.type} ${resource.logicalId} is a SAM resource, which inferguard does not expand (the plain CloudFormation resources of the template were judged); scan the processed template (sam build, or aws cloudformation get-template --template-stage Processed) to judge what it creates`,
    });
  }
  for (const resource of resources.filter((r) => r.type.startsWith('Custom::') || r.type === 'AWS::CloudFormation::CustomResource')) {
    const words = [resource.type, ...Object.keys(resource.rawProperties)].filter((w) => INFERENCE_WORDS.test(w));
    if (words.length === 0) continue;
    gaps.push({
      service: 'cloudformation',
      operation: 'ReadCustomResource',
      resourceId: resource.modelId,
      ...at,
      errorCode: 'CustomResourceNotRead',
      message: `custom resource ${resource.logicalId} (${resource.type}) is created by code inferguard does not read, and may stand in for SageMaker resources (it names ${words.join(', ')}): what it creates is not judged; audit the deployed account (inferguard audit aws)`,
    });
  }
  return gaps;
}

interface Reading {
  readonly inventory: Inventory;
  /** The undecidable conditions this reading met (roots), see IntrinsicResolver.openConditions. */
  readonly open: readonly string[];
}

function readOnce(
  template: unknown,
  stackName: string,
  environment: TemplateEnvironment,
  options: TemplateReadOptions,
  conditions: ReadonlyMap<string, boolean>,
  siblings: SiblingStacks | undefined,
): Reading {
  const context = new TemplateContext(stackName, template, environment, {
    parameterValues: options.parameterValues,
    resolvedParameterValues: options.resolvedParameterValues,
    conditions,
    ...(siblings ? { siblings } : {}),
  });
  const resources = READERS.flatMap((read) => read(context));
  const references = keyReferences(resources);
  const inventory: Inventory = {
    provider: 'aws',
    source: 'template',
    scope: {
      accounts: environment.account ? [environment.account] : [],
      regions: environment.region ? [environment.region] : [],
    },
    resources: resources.map((resource) => withAliases(resource, context, template)),
    ...(references.length > 0 ? { keyReferences: references } : {}),
    gaps: coverageGaps(context, template, environment.region),
  };
  return { inventory, open: context.resolver.openConditions() };
}

const describeAssignment = (conditions: ReadonlyMap<string, boolean>) => [...conditions].map(([name, value]) => `condition ${name} = ${value}`);

/**
 * Reads one template into an inventory (source `template`). Resource ids are `STACK/LogicalId`.
 * `environment` (account, region) comes from a cdk.out manifest when the stack is bound to one;
 * without it, pseudo parameters stay placeholders such as `${AWS.AccountId}`.
 *
 * When reading meets conditions the template cannot evaluate, the template is also read under
 * every assignment of them (at most MAX_CONDITION_ASSIGNMENTS), as the inventory's alternatives.
 * `siblings`: the other stacks of its cloud assembly (see assembly.ts); none for a lone template.
 */
export function templateToInventory(
  template: unknown,
  stackName: string,
  environment: TemplateEnvironment = {},
  options: TemplateReadOptions = {},
  siblings?: SiblingStacks,
): Inventory {
  if (!stackName) throw new Error('templateToInventory needs a stack name: resource ids are STACK/LogicalId');
  const base = readOnce(template, stackName, environment, options, new Map(), siblings);
  if (base.open.length === 0) return base.inventory;
  const alternatives: InventoryAlternative[] = [];
  const pending: ReadonlyMap<string, boolean>[] = [new Map()];
  const met = new Set<string>();
  while (pending.length > 0) {
    const conditions = pending.pop()!;
    const reading = conditions.size === 0 ? base : readOnce(template, stackName, environment, options, conditions, siblings);
    reading.open.forEach((c) => met.add(c));
    const next = reading.open.find((c) => !conditions.has(c));
    if (next === undefined) {
      alternatives.push({ assumptions: describeAssignment(conditions), inventory: reading.inventory });
      continue;
    }
    if (alternatives.length + pending.length + 2 > MAX_CONDITION_ASSIGNMENTS) {
      const gap: CoverageGap = {
        service: 'cloudformation',
        operation: 'EvaluateConditions',
        ...(environment.region ? { region: environment.region } : {}),
        errorCode: 'TooManyConditionAssignments',
        message: `${stackName}: the conditions ${[...met, next].filter((c, i, all) => all.indexOf(c) === i).join(', ')} cannot be evaluated from the template and need more than ${MAX_CONDITION_ASSIGNMENTS} combinations: judged without assuming them (what they decide is unknown); pass their parameters with --parameters`,
      };
      return { ...base.inventory, gaps: [...base.inventory.gaps, gap] };
    }
    pending.push(new Map([...conditions, [next, false]]), new Map([...conditions, [next, true]]));
  }
  return { ...base.inventory, alternatives };
}

/** Key ids the resources refer to, when known. */
function referencedKeyIds(resource: Resource): (string | null)[] {
  const value = <T>(fact: Fact<T>): T[] => (fact.known ? [fact.value] : []);
  switch (resource.kind) {
    case 'endpoint':
      return [
        ...value(resource.storageKeyId),
        ...value(resource.dataCapture).map((c) => c.keyId),
        ...value(resource.asyncOutput).map((o) => o?.keyId ?? null),
      ];
    case 'artifact-store':
    case 'image-repository':
      return value(resource.encryptionKeyId);
    default:
      return [];
  }
}

/**
 * Keys referred to but not declared in the template. An AWS managed alias (`alias/aws/sagemaker`) says
 * by itself that AWS manages the key; for any other outside key, who manages it is not known here.
 */
function keyReferences(resources: readonly Resource[]): KeyReference[] {
  const declared = new Set(resources.filter((r) => r.kind === 'key').flatMap((k) => [k.id, k.name]));
  const outside = [...new Set(resources.flatMap(referencedKeyIds))].filter((id): id is string => id !== null && !declared.has(id));
  return outside.map((id) => ({
    id,
    managedBy: isAwsManagedKeyAlias(id)
      ? known('provider' as const, evidence('AWS::KMS::Alias', 'AliasName', id))
      : unknown(`key ${id} is not declared in this template, so who manages it is not known (\`inferguard audit\` reads it)`, evidence('AWS::KMS::Key', 'KeyId', id)),
  }));
}

/** The ARN a resource gets from its literal physical name, as the live audit names it; `*` in a waiver matches placeholders. */
const ARN_FROM_NAME: Readonly<Record<string, (r: TemplateResource, c: TemplateContext) => string | null>> = {
  'AWS::SageMaker::Endpoint': (r, c) => literal(r, 'EndpointName', (name) => `arn:${c.partition}:sagemaker:${c.region}:${c.account}:endpoint/${name.toLowerCase()}`),
  'AWS::S3::Bucket': (r, c) => literal(r, 'BucketName', (name) => `arn:${c.partition}:s3:::${name}`),
  'AWS::ECR::Repository': (r, c) => literal(r, 'RepositoryName', (name) => `arn:${c.partition}:ecr:${c.region}:${c.account}:repository/${name}`),
  'AWS::IAM::Role': (r, c) => {
    const path = r.get(['Path']);
    return literal(r, 'RoleName', (name) => `arn:${c.partition}:iam::${c.account}:role${typeof path === 'string' ? path : '/'}${name}`);
  },
};

function literal(resource: TemplateResource, property: string, arn: (name: string) => string): string | null {
  const name = resource.get([property]);
  return typeof name === 'string' ? arn(name) : null;
}

/**
 * The identities other tools show for a template resource, for waivers: its CDK construct path
 * (`aws:cdk:path` metadata, and the L2 construct's path without CDK's `/Resource` child) and the ARN
 * its literal physical name gives.
 */
function withAliases(resource: Resource, context: TemplateContext, template: unknown): Resource {
  const declared = context.declaredResources().find((r) => r.modelId === resource.id);
  const source = declared && context.resource(declared.logicalId);
  if (!source) return resource;
  const cdkPath = field(field(field(field(template, 'Resources'), source.logicalId), 'Metadata'), 'aws:cdk:path');
  const aliases = [
    ...(typeof cdkPath === 'string' ? [cdkPath, cdkPath.replace(/\/Resource$/, '')] : []),
    ARN_FROM_NAME[source.type]?.(source, context) ?? null,
  ].filter((alias): alias is string => alias !== null && alias !== resource.id && alias !== resource.name);
  return aliases.length > 0 ? { ...resource, aliases: [...new Set(aliases)] } : resource;
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>)[key] : undefined;
}
