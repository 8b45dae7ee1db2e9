// One template being read: its resources, their resolved properties, and the lookups that join
// references between them (by logical id, or by a physical name the template declares).
import { evidence, type Evidence } from '../../../policies/model';
import { IntrinsicResolver, type TemplateEnvironment } from './intrinsics';
import { renderJson, renderString, type RefRenderer } from './render';
import { ResourceRef, Unresolved, isResolvedArray, isResolvedObject, placeholderText, type Resolved } from './values';

export type PropertyPath = readonly (string | number)[];

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** How deep a raw template value shown as evidence may nest; deeper parts are summarized (reporters recurse into evidence). */
export const EVIDENCE_DEPTH = 12;

/** The raw value with everything below `depth` levels replaced by a note, so no reporter can overflow the stack on it. */
export function boundedEvidenceValue(value: unknown, depth = EVIDENCE_DEPTH): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (depth <= 0) return `… (nested more than ${EVIDENCE_DEPTH} levels deep; see the template)`;
  if (Array.isArray(value)) return value.map((item) => boundedEvidenceValue(item, depth - 1));
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, boundedEvidenceValue(item, depth - 1)]));
}

function pathText(path: PropertyPath): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

export class TemplateError extends Error {
  constructor(where: string, problem: string) {
    super(`${where}: ${problem}`);
    this.name = 'TemplateError';
  }
}

/** A resource of the template with its properties resolved as far as the template allows (on first use). */
export class TemplateResource {
  private resolved: { readonly value: Resolved | undefined } | null = null;

  constructor(
    readonly logicalId: string,
    readonly type: string,
    readonly modelId: string,
    readonly rawProperties: Readonly<Record<string, unknown>>,
    readonly condition: string | null,
    private readonly resolver: IntrinsicResolver,
  ) {}

  /** Resolved when first read, so conditions only met in resources no reader looks at are never evaluated. */
  get properties(): Resolved | undefined {
    this.resolved ??= { value: this.resolver.resolveProperty(this.rawProperties) };
    return this.resolved.value;
  }

  /** The resolved value at a property path; an Unresolved met on the way is returned as is. */
  get(path: PropertyPath): Resolved | undefined {
    let node: Resolved | undefined = this.properties;
    for (const key of path) {
      if (node === undefined || node === null || node instanceof Unresolved) return node ?? undefined;
      if (typeof key === 'number') node = isResolvedArray(node) ? node[key] : undefined;
      else node = isResolvedObject(node) ? node[key] : undefined;
    }
    return node;
  }

  /** The template's own text at a path (intrinsics unresolved), for evidence. */
  raw(path: PropertyPath): unknown {
    let node: unknown = this.rawProperties;
    for (const key of path) {
      if (typeof key === 'number') node = Array.isArray(node) ? node[key] : undefined;
      else if (isRecord(node) && Object.keys(node).some((k) => k.startsWith('Fn::') || k === 'Ref')) return node;
      else node = isRecord(node) ? node[key] : undefined;
      if (node === undefined) return undefined;
    }
    return node;
  }

  /** Evidence for a property: the resource type, `Resources.<LogicalId>.Properties.<path>`, and the template's raw value. */
  evidence(path: PropertyPath): Evidence {
    const where = path.length > 0 ? `.${pathText(path)}` : '';
    return evidence(this.type, `Resources.${this.logicalId}.Properties${where}`, boundedEvidenceValue(this.raw(path)));
  }

  /** Like `evidence`, with a value stated by the adapter (a documented default, a derived value). */
  evidenceWith(path: PropertyPath, value: unknown): Evidence {
    return { ...this.evidence(path), value };
  }

  /** The logical name the template gives the resource through a literal physical-name property, else the logical id. */
  nameFrom(property: string): string {
    const value = this.get([property]);
    return typeof value === 'string' ? value : this.logicalId;
  }
}

/** What the reader assumes beyond the template: given parameter values and assumed condition values. */
export interface TemplateAssumptions {
  /** Parameter values given for the deployment (`--parameters`), by parameter name. */
  readonly parameterValues?: Readonly<Record<string, string>>;
  /** Values of SSM-typed parameters, by parameter name. */
  readonly resolvedParameterValues?: Readonly<Record<string, string>>;
  /** Values assumed for conditions the template cannot evaluate (one assignment of several). */
  readonly conditions?: ReadonlyMap<string, boolean>;
  /** The other stacks of the same cloud assembly (a lone template has none). */
  readonly siblings?: SiblingStacks;
}

/**
 * The other stacks of the cloud assembly a template was synthesized into, as far as this stack can read
 * them when it is deployed after them: the SSM parameters they write, and their resources by model id.
 */
export interface SiblingStacks {
  /** The value a sibling stack in the same account and region stores in SSM parameter `name`, resolved in that stack; undefined when none writes it. */
  ssmParameterValue(name: string): Resolved | undefined;
  /** A resource a sibling stack creates, by model id (`STACK/LogicalId`). */
  resource(modelId: string): TemplateResource | undefined;
}

/** What a document without `Resources` seems to be instead, so the user learns what scan expected. */
function notCloudFormationHint(document: Record<string, unknown>): string {
  if ('steps' in document || 'deployment' in document) {
    return 'it looks like `pulumi preview --json` output or a `pulumi stack export` file, but not one scan can read: it must list its resources (steps[] with newState, or deployment.resources[]) and hold Azure (azure-native) or Google Cloud (gcp) resources of one cloud only';
  }
  return 'is this a CloudFormation template?';
}

export class TemplateContext {
  readonly resolver: IntrinsicResolver;
  /** Every resource the template declares, whether or not its Condition lets it be created. */
  private readonly declared: readonly TemplateResource[];
  private readonly byLogicalId: ReadonlyMap<string, TemplateResource>;
  private readonly createdCache = new Map<TemplateResource, boolean>();
  private readonly siblings: SiblingStacks | undefined;

  constructor(
    readonly stackName: string,
    template: unknown,
    readonly environment: TemplateEnvironment,
    assumptions: TemplateAssumptions = {},
  ) {
    if (!isRecord(template)) throw new TemplateError(stackName, 'a CloudFormation template must be an object with a Resources section');
    const rawResources = template.Resources;
    if (!isRecord(rawResources)) throw new TemplateError(stackName, `the template has no Resources object; ${notCloudFormationHint(template)}`);
    const section = (name: string): Record<string, unknown> => (isRecord(template[name]) ? (template[name] as Record<string, unknown>) : {});
    const types = new Map<string, string>();
    const properties = new Map<string, Record<string, unknown>>();
    for (const [logicalId, resource] of Object.entries(rawResources)) {
      if (!isRecord(resource) || typeof resource.Type !== 'string') {
        throw new TemplateError(`${stackName} Resources.${logicalId}`, 'every resource needs a Type string');
      }
      types.set(logicalId, resource.Type);
      properties.set(logicalId, isRecord(resource.Properties) ? resource.Properties : {});
    }
    this.siblings = assumptions.siblings;
    const siblings = assumptions.siblings;
    this.resolver = new IntrinsicResolver(
      { parameters: section('Parameters'), conditions: section('Conditions'), mappings: section('Mappings'), resourceTypes: types, resourceProperties: properties },
      stackName,
      environment,
      { ...assumptions, ...(siblings ? { siblingSsmParameter: (name: string) => siblings.ssmParameterValue(name) } : {}) },
    );
    this.declared = Object.entries(rawResources as Record<string, Record<string, unknown>>).map(
      ([logicalId, resource]) =>
        new TemplateResource(
          logicalId,
          types.get(logicalId)!,
          this.resolver.modelId(logicalId),
          properties.get(logicalId)!,
          typeof resource.Condition === 'string' ? resource.Condition : null,
          this.resolver,
        ),
    );
    this.byLogicalId = new Map(this.declared.map((r) => [r.logicalId, r]));
  }

  /**
   * Whether the resource is created: a resource whose Condition is false is not, and is not in the
   * model; one whose condition cannot be evaluated is kept and judged. Evaluated on first use.
   */
  private created(resource: TemplateResource): boolean {
    let created = this.createdCache.get(resource);
    if (created === undefined) {
      created = resource.condition === null || this.resolver.condition(resource.condition) !== false;
      this.createdCache.set(resource, created);
    }
    return created;
  }

  /** The resources of a type that the template creates. */
  ofType(type: string): TemplateResource[] {
    return this.declared.filter((r) => r.type === type && this.created(r));
  }

  /** The resources of a type whose Condition is false: declared, never created. */
  notCreatedOfType(type: string): TemplateResource[] {
    return this.declared.filter((r) => r.type === type && !this.created(r));
  }

  /** Every declared resource (created or not, properties as written), for coverage notes. */
  declaredResources(): readonly Pick<TemplateResource, 'logicalId' | 'type' | 'modelId' | 'rawProperties'>[] {
    return this.declared;
  }

  resource(logicalId: string): TemplateResource | undefined {
    const found = this.byLogicalId.get(logicalId);
    return found && this.created(found) ? found : undefined;
  }


  /** The resource a reference names: one of this template, or (read through an SSM parameter) of a sibling stack. */
  resourceOf(ref: ResourceRef): TemplateResource | undefined {
    return ref.modelId === this.resolver.modelId(ref.logicalId) ? this.resource(ref.logicalId) : this.siblings?.resource(ref.modelId);
  }

  /** The template resource a value refers to, when it is a Ref/GetAtt to one of the given types. */
  referenced(value: Resolved | undefined, ...types: string[]): TemplateResource | undefined {
    if (!(value instanceof ResourceRef)) return undefined;
    const target = this.resourceOf(value);
    return target && (types.length === 0 || types.includes(target.type)) ? target : undefined;
  }

  /** The template resource of `type` whose literal physical-name property equals `name` (rendered). */
  byPhysicalName(type: string, property: string, name: string): TemplateResource | undefined {
    return this.ofType(type).find((r) => {
      const declared = r.get([property]);
      return declared !== undefined && renderString(declared, this.renderRef) === name;
    });
  }

  /**
   * How a reference renders in ids and documents: the model id of the resource, except that a
   * KMS alias stands for the key it targets (a reference through the alias is a reference to the key).
   */
  readonly renderRef: RefRenderer = (ref) => {
    if (ref.resourceType === 'AWS::KMS::Alias') {
      const alias = this.resourceOf(ref);
      const key = this.referenced(alias?.get(['TargetKeyId']), 'AWS::KMS::Key');
      if (key) return key.modelId;
      const name = alias?.get(['AliasName']);
      return typeof name === 'string' ? name : ref.modelId;
    }
    return ref.modelId;
  };

  /** A string-like value rendered with this template's references. */
  render(value: Resolved): string | Unresolved | null {
    return renderString(value, this.renderRef);
  }

  renderJson(value: Resolved): unknown {
    return renderJson(value, this.renderRef);
  }

  /** The account resources of this template live in: the manifest's, or the `${AWS.AccountId}` placeholder. */
  get account(): string {
    return this.environment.account ?? placeholderText('AWS::AccountId');
  }

  get region(): string {
    return this.environment.region ?? placeholderText('AWS::Region');
  }

  get partition(): string {
    const region = this.environment.region;
    if (!region) return placeholderText('AWS::Partition');
    return region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';
  }
}
