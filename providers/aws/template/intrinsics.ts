// Resolves CloudFormation intrinsic functions as far as the template itself allows. What only a
// deployment could tell (a parameter without a default, another stack's export, an attribute
// computed at create time) becomes an Unresolved value with the reason; it is never guessed.
import {
  makeText,
  NO_VALUE,
  Placeholder,
  ResourceRef,
  Text,
  textParts,
  Unresolved,
  isResolvedArray,
  isResolvedObject,
  type Resolved,
  type ResolvedOrNoValue,
} from './values';

/** What the deployment environment is known to be (a cdk.out manifest may say). */
export interface TemplateEnvironment {
  readonly account?: string;
  readonly region?: string;
  /** The name the stack is deployed under, when known (a cdk.out manifest says it). */
  readonly deployedStackName?: string;
}

export interface TemplateParts {
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly conditions: Readonly<Record<string, unknown>>;
  readonly mappings: Readonly<Record<string, unknown>>;
  /** Logical id -> resource type. */
  readonly resourceTypes: ReadonlyMap<string, string>;
  /** Logical id -> raw resource properties, for attributes that follow from them (RepositoryName, Path). */
  readonly resourceProperties: ReadonlyMap<string, Readonly<Record<string, unknown>>>;
}

type Condition = boolean | Unresolved;

const MAX_DEPTH = 200;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** GetAtt attributes that name the resource itself: they resolve to a reference to it. */
const IDENTITY_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  '*': ['Arn', 'Id'],
  'AWS::SageMaker::Model': ['ModelName'],
  'AWS::SageMaker::EndpointConfig': ['EndpointConfigName'],
  'AWS::SageMaker::Endpoint': ['EndpointName'],
  'AWS::EC2::SecurityGroup': ['GroupId'],
  'AWS::EC2::VPC': ['VpcId'],
  'AWS::EC2::Subnet': ['SubnetId'],
  'AWS::KMS::Key': ['KeyId'],
  'AWS::IAM::Role': ['RoleId'],
  'AWS::IAM::ManagedPolicy': ['PolicyArn'],
  'AWS::SageMaker::MonitoringSchedule': ['MonitoringScheduleArn'],
  'AWS::SageMaker::DataQualityJobDefinition': ['JobDefinitionName', 'JobDefinitionArn'],
  'AWS::SageMaker::ModelQualityJobDefinition': ['JobDefinitionName', 'JobDefinitionArn'],
  'AWS::SageMaker::ModelBiasJobDefinition': ['JobDefinitionName', 'JobDefinitionArn'],
  'AWS::SageMaker::ModelExplainabilityJobDefinition': ['JobDefinitionName', 'JobDefinitionArn'],
};

/** GetAtt attributes that equal one of the resource's own properties (resolved from the template). */
const ATTRIBUTE_PROPERTIES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'AWS::EC2::VPC': { CidrBlock: 'CidrBlock' },
  'AWS::EC2::Subnet': { VpcId: 'VpcId', CidrBlock: 'CidrBlock' },
  'AWS::EC2::SecurityGroup': { VpcId: 'VpcId' },
};

/** Characters a resource's `Ref` value can never contain (so Fn::Split on them is exact). */
const REF_VALUE_EXCLUDES: Readonly<Record<string, string>> = {
  '*': ':',
  'AWS::S3::Bucket': ':/',
  'AWS::KMS::Key': ':/',
  'AWS::IAM::Role': ':/',
  'AWS::EC2::VPC': ':/',
  'AWS::EC2::SecurityGroup': ':/',
  'AWS::EC2::Subnet': ':/',
  // Ref returns an ARN for these: it may contain any delimiter.
  'AWS::IAM::ManagedPolicy': '',
  'AWS::SageMaker::Model': '',
  'AWS::SageMaker::EndpointConfig': '',
  'AWS::SageMaker::Endpoint': '',
  'AWS::SageMaker::MonitoringSchedule': '',
};

/** Characters a pseudo parameter's value can never contain. */
const PSEUDO_VALUE_EXCLUDES: Readonly<Record<string, string>> = {
  'AWS::Region': ':/.',
  'AWS::AccountId': ':/.-',
  'AWS::Partition': ':/.',
  'AWS::URLSuffix': ':/-',
  'AWS::StackName': ':/.',
};

const PSEUDO_PARAMETERS = new Set(['AWS::Region', 'AWS::AccountId', 'AWS::Partition', 'AWS::URLSuffix', 'AWS::StackName', 'AWS::StackId']);

function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

type Intrinsic = (resolver: IntrinsicResolver, args: unknown, raw: unknown) => ResolvedOrNoValue;

/** Handlers per intrinsic function, looked up by name. */
const INTRINSICS: Readonly<Record<string, Intrinsic>> = {
  Ref: (r, args, raw) => (typeof args === 'string' ? r.ref(args, raw) : new Unresolved('Ref needs a logical id or parameter name (a string)', raw)),
  'Fn::GetAtt': (r, args, raw) => r.getAtt(args, raw),
  'Fn::Join': (r, args, raw) => r.join(args, raw),
  'Fn::Sub': (r, args, raw) => r.sub(args, raw),
  'Fn::Select': (r, args, raw) => r.select(args, raw),
  'Fn::Split': (r, args, raw) => r.split(args, raw),
  'Fn::If': (r, args, raw) => r.ifThen(args, raw),
  'Fn::FindInMap': (r, args, raw) => r.findInMap(args, raw),
  'Fn::ImportValue': (_r, _args, raw) => new Unresolved("Fn::ImportValue reads another stack's export, known only at deploy time", raw),
  'Fn::GetAZs': (_r, _args, raw) => new Unresolved("Fn::GetAZs lists the region's availability zones, known only at deploy time", raw),
  'Fn::Cidr': (_r, _args, raw) => new Unresolved('Fn::Cidr is not evaluated by inferguard', raw),
  'Fn::Base64': (r, args, raw) => r.base64(args, raw),
  'Fn::Transform': (_r, _args, raw) => new Unresolved('Fn::Transform runs a macro at deploy time', raw),
  'Fn::ToJsonString': (_r, _args, raw) => new Unresolved('Fn::ToJsonString is not evaluated by inferguard', raw),
  'Fn::Length': (r, args, raw) => {
    const list = r.resolveProperty(args);
    return isResolvedArray(list) ? list.length : new Unresolved('Fn::Length of a value that is not a known list', raw);
  },
};

/** Condition functions, evaluated to true / false / Unresolved. */
const CONDITION_FUNCTIONS: Readonly<Record<string, (resolver: IntrinsicResolver, args: unknown, raw: unknown) => Condition>> = {
  'Fn::Equals': (r, args, raw) => r.equals(args, raw),
  'Fn::And': (r, args, raw) => r.logical(args, raw, 'and'),
  'Fn::Or': (r, args, raw) => r.logical(args, raw, 'or'),
  'Fn::Not': (r, args, raw) => {
    if (!Array.isArray(args) || args.length !== 1) return new Unresolved('Fn::Not takes a list of one condition', raw);
    const inner = r.evaluateCondition(args[0]);
    return typeof inner === 'boolean' ? !inner : inner;
  },
  Condition: (r, args, raw) => (typeof args === 'string' ? r.condition(args) : new Unresolved('Condition needs a condition name', raw)),
};

/** Values the reader assumes beyond the template (see TemplateAssumptions). */
export interface ResolverAssumptions {
  readonly parameterValues?: Readonly<Record<string, string>>;
  readonly resolvedParameterValues?: Readonly<Record<string, string>>;
  readonly conditions?: ReadonlyMap<string, boolean>;
  /** The value another stack of the same cloud assembly stores in an SSM parameter (by name), when one declares it. */
  readonly siblingSsmParameter?: (name: string) => Resolved | undefined;
}

export class IntrinsicResolver {
  private readonly conditionCache = new Map<string, Condition>();
  private readonly conditionsInProgress = new Set<string>();
  private depth = 0;
  /** Named conditions that cannot be evaluated and depend on no other such condition, in the order met. */
  private readonly openRoots: string[] = [];
  /** Counts every named condition found undecidable, so a condition can tell whether it depends on one. */
  private undecidedMet = 0;

  constructor(
    private readonly template: TemplateParts,
    private readonly stackName: string,
    private readonly environment: TemplateEnvironment = {},
    private readonly assumptions: ResolverAssumptions = {},
  ) {}

  /**
   * The conditions the template cannot evaluate that reading met, innermost first: assuming each
   * true and false decides every other undecidable condition that was met.
   */
  openConditions(): readonly string[] {
    return this.openRoots;
  }

  /** The model id of a template resource: `STACK/LogicalId`. */
  modelId(logicalId: string): string {
    return `${this.stackName}/${logicalId}`;
  }

  /** Resolves a template value; `NO_VALUE` when the whole value is `Ref: AWS::NoValue`. */
  resolve(value: unknown): ResolvedOrNoValue {
    // Attributes resolved from properties can refer back to themselves in a broken template.
    if (this.depth > MAX_DEPTH) return new Unresolved(`nested more than ${MAX_DEPTH} levels deep (a circular reference?)`, null);
    this.depth++;
    try {
      return this.resolveOnce(value);
    } finally {
      this.depth--;
    }
  }

  private resolveOnce(value: unknown): ResolvedOrNoValue {
    if (Array.isArray(value)) {
      return value.map((item) => this.resolve(item)).filter((item): item is Resolved => item !== NO_VALUE);
    }
    if (isRecord(value)) {
      const keys = Object.keys(value);
      if (keys.length === 1 && keys[0] in INTRINSICS) return INTRINSICS[keys[0]](this, value[keys[0]], value);
      const out: Record<string, Resolved> = {};
      for (const key of keys) {
        if (value[key] === undefined) continue;
        const resolved = this.resolve(value[key]);
        if (resolved !== NO_VALUE) out[key] = resolved;
      }
      return out;
    }
    if (value === undefined) return null;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value === null) return value;
    return new Unresolved(`unexpected ${typeof value} in the template`, String(value));
  }

  /** Like resolve, but a removed value (`AWS::NoValue`) becomes undefined. */
  resolveProperty(value: unknown): Resolved | undefined {
    const resolved = this.resolve(value);
    return resolved === NO_VALUE ? undefined : resolved;
  }

  ref(name: string, raw: unknown): ResolvedOrNoValue {
    if (name === 'AWS::NoValue') return NO_VALUE;
    if (name.startsWith('AWS::')) return this.pseudo(name, raw);
    if (name in this.template.parameters) return this.parameter(name, raw);
    const type = this.template.resourceTypes.get(name);
    if (type) return new ResourceRef(name, type, null, this.modelId(name));
    return new Unresolved(`Ref to "${name}", which is neither a parameter nor a resource of this template`, raw);
  }

  private pseudo(name: string, raw: unknown): Resolved {
    const { account, region, deployedStackName } = this.environment;
    const known: Record<string, string | undefined> = {
      'AWS::Region': region,
      'AWS::AccountId': account,
      'AWS::Partition': region ? partitionOf(region) : undefined,
      'AWS::URLSuffix': region ? (region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com') : undefined,
      'AWS::StackName': deployedStackName,
    };
    const value = known[name];
    if (value !== undefined) return value;
    if (PSEUDO_PARAMETERS.has(name)) return new Placeholder(name);
    return new Unresolved(`pseudo parameter ${name} is known only at deploy time`, raw);
  }

  private parameter(name: string, raw: unknown): Resolved {
    const declaration = this.template.parameters[name];
    const type = isRecord(declaration) && typeof declaration.Type === 'string' ? declaration.Type : 'String';
    const given = this.assumptions.parameterValues?.[name];
    const fallback = given ?? (isRecord(declaration) ? declaration.Default : undefined);
    if (fallback === undefined) {
      return new Unresolved(`parameter ${name} has no Default and no value was given: its value is given at deploy time (pass it with --parameters)`, raw);
    }
    // The value of an SSM-typed parameter (given or default) is the name of the SSM parameter to read.
    if (type.startsWith('AWS::SSM::Parameter::Value')) {
      const resolved = this.assumptions.resolvedParameterValues?.[name];
      if (resolved !== undefined) return listOrString(type, resolved);
      // Deployed after a sibling stack of the same assembly that writes this SSM parameter: its value is what that stack stores.
      const fromSibling = type === 'AWS::SSM::Parameter::Value<String>' && typeof fallback === 'string' ? this.assumptions.siblingSsmParameter?.(fallback) : undefined;
      if (fromSibling !== undefined) return fromSibling;
      return new Unresolved(
        `parameter ${name} is read from SSM parameter ${String(fallback)} at deploy time (give its value with a ResolvedValue entry in --parameters)`,
        raw,
      );
    }
    return Array.isArray(fallback) ? fallback.map(String) : listOrString(type, String(fallback));
  }

  getAtt(args: unknown, raw: unknown): Resolved {
    let pair: unknown[] | null = null;
    if (typeof args === 'string' && args.includes('.')) pair = [args.slice(0, args.indexOf('.')), args.slice(args.indexOf('.') + 1)];
    else if (Array.isArray(args) && args.length === 2) pair = [args[0], this.resolveProperty(args[1])];
    if (pair && pair[1] instanceof Unresolved) return pair[1];
    if (!pair || typeof pair[0] !== 'string' || typeof pair[1] !== 'string') {
      return new Unresolved('Fn::GetAtt needs [LogicalId, Attribute] with a literal attribute', raw);
    }
    const [logicalId, attribute] = pair as [string, string];
    const type = this.template.resourceTypes.get(logicalId);
    if (!type) return new Unresolved(`Fn::GetAtt of "${logicalId}", which is not a resource of this template`, raw);
    const identity = [...IDENTITY_ATTRIBUTES['*'], ...(IDENTITY_ATTRIBUTES[type] ?? [])];
    if (identity.includes(attribute)) return new ResourceRef(logicalId, type, attribute, this.modelId(logicalId));
    if (type === 'AWS::ECR::Repository' && attribute === 'RepositoryUri') return this.repositoryUri(logicalId, type);
    const property = ATTRIBUTE_PROPERTIES[type]?.[attribute];
    const declared = property === undefined ? undefined : this.template.resourceProperties.get(logicalId)?.[property];
    if (declared !== undefined) return this.resolveProperty(declared) ?? null;
    return new Unresolved(`Fn::GetAtt ${logicalId}.${attribute} is computed when the stack is deployed`, raw);
  }

  /** `ACCOUNT.dkr.ecr.REGION.URLSUFFIX/NAME`, the documented shape of RepositoryUri. */
  private repositoryUri(logicalId: string, type: string): Resolved {
    const declared = this.template.resourceProperties.get(logicalId)?.RepositoryName;
    const name = typeof declared === 'string' ? declared : new ResourceRef(logicalId, type, null, this.modelId(logicalId));
    const pseudo = (p: string) => this.pseudo(p, { Ref: p }) as string | Placeholder;
    return makeText([pseudo('AWS::AccountId'), '.dkr.ecr.', pseudo('AWS::Region'), '.', pseudo('AWS::URLSuffix'), '/', name]);
  }

  join(args: unknown, raw: unknown): Resolved {
    if (!Array.isArray(args) || args.length !== 2) return new Unresolved('Fn::Join takes [delimiter, list]', raw);
    const delimiter = this.resolveProperty(args[0]);
    if (typeof delimiter !== 'string') return new Unresolved('Fn::Join delimiter is not a literal string', raw);
    const list = this.resolveProperty(args[1]);
    if (list instanceof Unresolved) return list;
    if (!isResolvedArray(list)) return new Unresolved('Fn::Join of a value that is not a list', raw);
    const parts: (string | Placeholder | ResourceRef)[] = [];
    for (const [index, item] of list.entries()) {
      if (item instanceof Unresolved) return item;
      const text = textParts(item);
      if (!text) return new Unresolved('Fn::Join of an element that is not a string', raw);
      if (index > 0) parts.push(delimiter);
      parts.push(...text);
    }
    return makeText(parts);
  }

  sub(args: unknown, raw: unknown): Resolved {
    const [template, variables] = Array.isArray(args) ? [args[0], args[1]] : [args, {}];
    if (typeof template !== 'string' || !isRecord(variables ?? {})) return new Unresolved('Fn::Sub takes a string or [string, {variables}]', raw);
    const vars = (variables ?? {}) as Record<string, unknown>;
    const parts: (string | Placeholder | ResourceRef)[] = [];
    const pattern = /\$\{([^}]*)\}/g;
    let last = 0;
    for (let match = pattern.exec(template); match; match = pattern.exec(template)) {
      parts.push(template.slice(last, match.index));
      last = match.index + match[0].length;
      const name = match[1].trim();
      if (name.startsWith('!')) {
        parts.push(`\${${name.slice(1)}}`);
        continue;
      }
      const value =
        name in vars
          ? this.resolveProperty(vars[name])
          : name.includes('.') && !name.startsWith('AWS::')
            ? this.getAtt(name, { 'Fn::GetAtt': name })
            : this.resolveProperty({ Ref: name });
      if (value instanceof Unresolved) return value;
      const text = value === undefined ? null : textParts(value);
      if (!text) return new Unresolved(`Fn::Sub variable \${${name}} is not a string`, raw);
      parts.push(...text);
    }
    parts.push(template.slice(last));
    return makeText(parts);
  }

  select(args: unknown, raw: unknown): Resolved {
    if (!Array.isArray(args) || args.length !== 2) return new Unresolved('Fn::Select takes [index, list]', raw);
    const index = this.resolveProperty(args[0]);
    const position = typeof index === 'number' ? index : typeof index === 'string' && /^\d+$/.test(index) ? Number(index) : null;
    if (position === null) return index instanceof Unresolved ? index : new Unresolved('Fn::Select index is not a literal number', raw);
    const list = this.resolveProperty(args[1]);
    if (list instanceof Unresolved) return list;
    if (!isResolvedArray(list)) return new Unresolved('Fn::Select from a value that is not a list', raw);
    // An Unresolved element from Fn::Split hides where later elements start.
    const hidden = list.findIndex((item) => item instanceof Unresolved);
    if (hidden >= 0 && position >= hidden) return list[hidden];
    if (position >= list.length) return new Unresolved(`Fn::Select index ${position} is past the end of a list of ${list.length}`, raw);
    return list[position];
  }

  split(args: unknown, raw: unknown): Resolved {
    if (!Array.isArray(args) || args.length !== 2) return new Unresolved('Fn::Split takes [delimiter, string]', raw);
    const delimiter = this.resolveProperty(args[0]);
    if (typeof delimiter !== 'string' || delimiter === '') return new Unresolved('Fn::Split delimiter is not a literal string', raw);
    const source = this.resolveProperty(args[1]);
    if (source instanceof Unresolved) return source;
    const parts = source === undefined ? null : textParts(source);
    if (!parts) return new Unresolved('Fn::Split of a value that is not a string', raw);
    const segments: Resolved[] = [];
    let current: (string | Placeholder | ResourceRef)[] = [];
    for (const part of parts.flatMap((p) => this.expandArn(p))) {
      if (typeof part === 'string') {
        const pieces = part.split(delimiter);
        current.push(pieces[0]);
        for (const piece of pieces.slice(1)) {
          segments.push(makeText(current));
          current = [piece];
        }
      } else if (this.mayContain(part, delimiter)) {
        segments.push(new Unresolved(`Fn::Split on "${delimiter}" of a value that may itself contain "${delimiter}"`, raw));
        return segments;
      } else {
        current.push(part);
      }
    }
    segments.push(makeText(current));
    return segments;
  }

  /** `Fn::GetAtt X.Arn` written out as the documented ARN shape, so that Fn::Split can take it apart. */
  private expandArn(part: string | Placeholder | ResourceRef): (string | Placeholder | ResourceRef)[] {
    if (!(part instanceof ResourceRef) || part.attribute !== 'Arn') return [part];
    const p = (name: string) => this.pseudo(name, { Ref: name }) as string | Placeholder;
    const self = new ResourceRef(part.logicalId, part.resourceType, null, part.modelId);
    const shapes: Record<string, () => (string | Placeholder | ResourceRef)[]> = {
      'AWS::ECR::Repository': () => ['arn:', p('AWS::Partition'), ':ecr:', p('AWS::Region'), ':', p('AWS::AccountId'), ':repository/', self],
      'AWS::S3::Bucket': () => ['arn:', p('AWS::Partition'), ':s3:::', self],
      'AWS::KMS::Key': () => ['arn:', p('AWS::Partition'), ':kms:', p('AWS::Region'), ':', p('AWS::AccountId'), ':key/', self],
    };
    return shapes[part.resourceType]?.() ?? [part];
  }

  private mayContain(part: Placeholder | ResourceRef, delimiter: string): boolean {
    const excluded =
      part instanceof Placeholder
        ? (PSEUDO_VALUE_EXCLUDES[part.name] ?? '')
        : part.attribute === null
          ? (REF_VALUE_EXCLUDES[part.resourceType] ?? REF_VALUE_EXCLUDES['*'])
          : '';
    return ![...delimiter].some((ch) => excluded.includes(ch));
  }

  ifThen(args: unknown, raw: unknown): ResolvedOrNoValue {
    if (!Array.isArray(args) || args.length !== 3 || typeof args[0] !== 'string') {
      return new Unresolved('Fn::If takes [ConditionName, valueIfTrue, valueIfFalse]', raw);
    }
    const condition = this.condition(args[0]);
    if (typeof condition === 'boolean') return this.resolve(condition ? args[1] : args[2]);
    // Both branches equal: the condition does not matter.
    const whenTrue = this.resolve(args[1]);
    const whenFalse = this.resolve(args[2]);
    if (sameResolved(whenTrue, whenFalse)) return whenTrue;
    return new Unresolved(`Fn::If on condition ${args[0]}, which cannot be evaluated from the template (${condition.reason})`, raw);
  }

  findInMap(args: unknown, raw: unknown): Resolved {
    if (!Array.isArray(args) || args.length < 3) return new Unresolved('Fn::FindInMap takes [MapName, TopLevelKey, SecondLevelKey]', raw);
    const keys = args.slice(0, 3).map((a) => this.resolveProperty(a));
    const unresolvedKey = keys.find((k) => typeof k !== 'string');
    if (unresolvedKey !== undefined) {
      const why = unresolvedKey instanceof Unresolved ? unresolvedKey.reason : 'a key is known only at deploy time';
      return new Unresolved(`Fn::FindInMap key cannot be resolved from the template: ${why}`, raw);
    }
    const [map, top, second] = keys as string[];
    const value = (this.template.mappings[map] as Record<string, Record<string, unknown>> | undefined)?.[top]?.[second];
    if (value === undefined) return new Unresolved(`Fn::FindInMap: mapping ${map}.${top}.${second} does not exist`, raw);
    return this.resolveProperty(value) ?? null;
  }

  base64(args: unknown, raw: unknown): Resolved {
    const value = this.resolveProperty(args);
    return typeof value === 'string' ? Buffer.from(value, 'utf8').toString('base64') : new Unresolved('Fn::Base64 of a value that is not a literal string', raw);
  }

  /** Evaluates a named condition of the template's Conditions section. */
  condition(name: string): Condition {
    const assumed = this.assumptions.conditions?.get(name);
    if (assumed !== undefined) return assumed;
    const result = this.evaluateNamedCondition(name);
    if (result instanceof Unresolved) this.undecidedMet++;
    return result;
  }

  private evaluateNamedCondition(name: string): Condition {
    const cached = this.conditionCache.get(name);
    if (cached !== undefined) return cached;
    if (!(name in this.template.conditions)) return new Unresolved(`condition ${name} is not declared in Conditions`, { Condition: name });
    if (this.conditionsInProgress.has(name)) return new Unresolved(`condition ${name} refers to itself`, { Condition: name });
    this.conditionsInProgress.add(name);
    const undecidedBefore = this.undecidedMet;
    const result = this.evaluateCondition(this.template.conditions[name]);
    this.conditionsInProgress.delete(name);
    // Undecidable on its own account (not because a condition it names is): a choice to assume.
    if (result instanceof Unresolved && this.undecidedMet === undecidedBefore && !this.openRoots.includes(name)) this.openRoots.push(name);
    this.conditionCache.set(name, result);
    return result;
  }

  evaluateCondition(expression: unknown): Condition {
    if (this.depth > MAX_DEPTH) return new Unresolved(`condition nested more than ${MAX_DEPTH} levels deep`, null);
    this.depth++;
    try {
      return this.evaluateConditionOnce(expression);
    } finally {
      this.depth--;
    }
  }

  private evaluateConditionOnce(expression: unknown): Condition {
    if (typeof expression === 'boolean') return expression;
    if (expression === 'true' || expression === 'false') return expression === 'true';
    if (isRecord(expression)) {
      const keys = Object.keys(expression);
      if (keys.length === 1 && keys[0] in CONDITION_FUNCTIONS) return CONDITION_FUNCTIONS[keys[0]](this, expression[keys[0]], expression);
    }
    return new Unresolved('not a condition function (Fn::Equals, Fn::And, Fn::Or, Fn::Not, Condition)', expression);
  }

  equals(args: unknown, raw: unknown): Condition {
    if (!Array.isArray(args) || args.length !== 2) return new Unresolved('Fn::Equals takes two values', raw);
    const [a, b] = args.map((v) => this.resolveProperty(v));
    const unresolved = [a, b].find((v) => v instanceof Unresolved);
    if (unresolved instanceof Unresolved) return unresolved;
    if (sameResolved(a ?? null, b ?? null)) return true;
    if (isLiteral(a) && isLiteral(b)) return false;
    return new Unresolved('Fn::Equals compares a value known only at deploy time', raw);
  }

  logical(args: unknown, raw: unknown, op: 'and' | 'or'): Condition {
    if (!Array.isArray(args) || args.length === 0) return new Unresolved(`Fn::${op === 'and' ? 'And' : 'Or'} takes a list of conditions`, raw);
    const results = args.map((a) => this.evaluateCondition(a));
    const decisive = op === 'and' ? false : true;
    if (results.includes(decisive)) return decisive;
    const unresolved = results.find((r): r is Unresolved => r instanceof Unresolved);
    return unresolved ?? !decisive;
  }
}

/** A parameter's value as its type reads it: list types split on commas. */
function listOrString(type: string, value: string): Resolved {
  const isList = type === 'CommaDelimitedList' || type.startsWith('List<') || /^AWS::SSM::Parameter::Value<(List<|CommaDelimitedList)/.test(type);
  return isList ? value.split(',').map((s) => s.trim()) : value;
}

function isLiteral(value: Resolved | undefined): boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value === null;
}

/** Structural equality of resolved values (placeholders and refs compare by what they name). */
export function sameResolved(a: ResolvedOrNoValue, b: ResolvedOrNoValue): boolean {
  if (a === b) return true;
  if ((typeof a === 'number' || typeof a === 'boolean') && typeof b === 'string') return String(a) === b;
  if ((typeof b === 'number' || typeof b === 'boolean') && typeof a === 'string') return String(b) === a;
  if (a instanceof Placeholder && b instanceof Placeholder) return a.name === b.name;
  if (a instanceof ResourceRef && b instanceof ResourceRef) return a.logicalId === b.logicalId && a.attribute === b.attribute;
  if (a instanceof Text && b instanceof Text) return a.parts.length === b.parts.length && a.parts.every((p, i) => sameResolved(p, b.parts[i]));
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => sameResolved(item, b[i]));
  if (isResolvedObject(a as Resolved) && isResolvedObject(b as Resolved)) {
    const ao = a as Record<string, Resolved>;
    const bo = b as Record<string, Resolved>;
    const keys = Object.keys(ao);
    return keys.length === Object.keys(bo).length && keys.every((k) => k in bo && sameResolved(ao[k], bo[k]));
  }
  return false;
}
