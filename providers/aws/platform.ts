// AWS platform knowledge shared by the live readers (providers/aws/live) and the CloudFormation
// adapter (providers/aws/template). Everything here is pure: no SDK calls, no I/O.
import { deniesInsecureTransport, statementCoversAction, statementCoversResource, wildcardMatch } from '../../policies/iam';
import {
  evidence,
  known,
  knownElements,
  mapFact,
  unknown,
  type CallerAuthentication,
  type Capability,
  type Compute,
  type ConditionMeaning,
  type Fact,
  type FirewallRule,
  type ImageRef,
  type ListFact,
  type OutboundAccess,
  type PolicyCondition,
  type PolicyStatement,
  type Unsupported,
} from '../../policies/model';

// ---------------------------------------------------------------------------------------------
// SageMaker Serverless Inference limits
// ---------------------------------------------------------------------------------------------

/** Verbatim from the SageMaker developer guide, "Deploy models with Amazon SageMaker Serverless Inference". */
export const SERVERLESS_UNSUPPORTED_FEATURES_QUOTE =
  'GPUs, AWS marketplace model packages, private Docker registries, Multi-Model Endpoints, VPC configuration, network isolation, data capture, multiple production variants, Model Monitor, and inference pipelines';

const serverlessReason = (feature: string) =>
  `SageMaker Serverless Inference does not support ${feature} (developer guide: serverless endpoints do not support "${SERVERLESS_UNSUPPORTED_FEATURES_QUOTE}").`;

/**
 * What a `ServerlessConfig` production variant cannot have, each with the documented reason.
 * "Private Docker registries" is not among them on purpose: it means registries other than ECR
 * (RepositoryAccessMode Vpc). Serverless images still come from ECR, and from which account's
 * repository still matters, so image-private-registry judges serverless variants too.
 */
export const SERVERLESS_UNSUPPORTED: Readonly<Record<Exclude<Capability, 'volume-encryption' | 'private-registry'>, string>> = {
  'private-network': serverlessReason('VPC configuration'),
  'network-isolation': serverlessReason('network isolation'),
  'data-capture': serverlessReason('data capture'),
  'model-monitoring': serverlessReason('Model Monitor'),
  'multiple-instances':
    'SageMaker Serverless Inference has no instances to count: SageMaker provisions and scales compute on demand up to MaxConcurrency, so InitialInstanceCount does not apply.',
};

// ---------------------------------------------------------------------------------------------
// Instance types whose storage is local (NVMe instance store): no customer KMS key for the volume
// ---------------------------------------------------------------------------------------------

/**
 * SageMaker hosting instance families that come with NVMe instance-store volumes instead of an EBS
 * ML storage volume. CreateEndpointConfig rejects a KmsKeyId when any variant uses one of these;
 * the local volumes are encrypted by a hardware module on the instance.
 *
 * Checked family by family against the EC2 instance-type specifications ("Instance storage" column)
 * for every family in the SDK's ProductionVariantInstanceType enum; SageMaker's own examples are
 * ml.p4d, ml.g4dn and ml.g5. Families NOT listed are EBS-only: ml.t2, ml.m4, ml.m5, ml.m6g, ml.m6i,
 * ml.m7i, ml.m8g, ml.c4, ml.c5, ml.c6g, ml.c6gn, ml.c6i, ml.c6in, ml.c7g, ml.c7i, ml.c8g, ml.r5,
 * ml.r6g, ml.r6i, ml.r7i, ml.r8g, ml.p2, ml.p3, ml.inf1, ml.inf2 (Inferentia2 is EBS-only).
 * An unlisted family is treated as EBS-backed, so a missing key there still fails (never a false pass).
 */
export const LOCAL_STORAGE_INSTANCE_FAMILIES: readonly string[] = [
  // general purpose / compute / memory optimized with the "d" (local disk) suffix
  'ml.m5d',
  'ml.m6gd',
  'ml.c5d',
  'ml.c6gd',
  'ml.r5d',
  'ml.r6gd',
  'ml.r7gd',
  // GPU: G4dn, G5, G6, G6e, G7e carry NVMe SSDs, and so does every P4/P5/P6 size (P2 and P3 do not)
  'ml.g4dn',
  'ml.g5',
  'ml.g6',
  'ml.g6e',
  'ml.g7e',
  'ml.p4d',
  'ml.p4de',
  'ml.p5',
  'ml.p5e',
  'ml.p5en',
  'ml.p6-b200',
  'ml.p6-b300',
  'ml.p6e-gb200',
  // accelerators: Trainium (trn1, trn1n, trn2) and Gaudi (dl1) have NVMe instance storage
  'ml.trn1',
  'ml.trn1n',
  'ml.trn2',
  'ml.dl1',
];

/** Verbatim from the CreateEndpointConfig API reference (KmsKeyId). */
export const LOCAL_STORAGE_KMS_QUOTE = "You can't request a KmsKeyId when using an instance type with local storage";

export const LOCAL_STORAGE_VOLUME_REASON = `${LOCAL_STORAGE_KMS_QUOTE} (CreateEndpointConfig API reference); the instance's local NVMe volumes are encrypted by a hardware module on the instance.`;

/** `ml.g5.2xlarge` -> `ml.g5`; `ml.p6-b200.48xlarge` -> `ml.p6-b200`. */
export function instanceFamily(instanceType: string): string {
  const parts = instanceType.split('.');
  return parts.length >= 3 ? parts.slice(0, -1).join('.') : instanceType;
}

export function hasLocalInstanceStorage(instanceType: string): boolean {
  return LOCAL_STORAGE_INSTANCE_FAMILIES.includes(instanceFamily(instanceType));
}

// ---------------------------------------------------------------------------------------------
// Production variants: compute and platform limits (SDK and CloudFormation use the same field names)
// ---------------------------------------------------------------------------------------------

export interface ProductionVariantLike {
  readonly InstanceType?: string;
  readonly ServerlessConfig?: { readonly MemorySizeInMB?: number; readonly MaxConcurrency?: number };
}

/** The variant's compute; null when it names neither an instance type nor a serverless config. */
export function variantCompute(variant: ProductionVariantLike): Compute | null {
  if (variant.ServerlessConfig) {
    const { MemorySizeInMB, MaxConcurrency } = variant.ServerlessConfig;
    return {
      kind: 'serverless',
      ...(MemorySizeInMB !== undefined ? { memoryMb: MemorySizeInMB } : {}),
      ...(MaxConcurrency !== undefined ? { maxConcurrency: MaxConcurrency } : {}),
    };
  }
  return variant.InstanceType ? { kind: 'instance', instanceType: variant.InstanceType } : null;
}

/** Features the variant's platform cannot have, with the documented reason. */
export function variantUnsupported(variant: ProductionVariantLike): Unsupported {
  if (variant.ServerlessConfig) return { ...SERVERLESS_UNSUPPORTED };
  if (variant.InstanceType && hasLocalInstanceStorage(variant.InstanceType)) return { 'volume-encryption': LOCAL_STORAGE_VOLUME_REASON };
  return {};
}

/** SageMaker's EnableNetworkIsolation as the model's outbound access: isolated containers have no network at all. */
export function outboundFromIsolation(isolation: Fact<boolean>): Fact<OutboundAccess> {
  return mapFact(isolation, (isolated): OutboundAccess => (isolated ? 'none' : 'open'));
}

const SAGEMAKER_RUNTIME = 'sagemaker:InvokeEndpoint';

/**
 * Platform facts every SageMaker endpoint shares: InvokeEndpoint is served by the public SageMaker
 * Runtime API (an interface VPC endpoint adds a private path but does not close the public one), and
 * every call is a SigV4 request signed by an IAM principal.
 */
export function sageMakerEndpointAccess(): { publicNetworkAccess: Fact<boolean>; callerAuthentication: Fact<CallerAuthentication> } {
  return {
    publicNetworkAccess: known(true, evidence(SAGEMAKER_RUNTIME, 'runtime.sagemaker.<region>.amazonaws.com', 'public API; SageMaker endpoints have no network access setting')),
    callerAuthentication: known('provider-identity' as const, evidence(SAGEMAKER_RUNTIME, 'Authorization', 'SigV4 signature of an IAM principal')),
  };
}

/**
 * An endpoint is asynchronous when AsyncInferenceConfig names an OutputConfig, which CreateEndpointConfig
 * requires; emulators answer `{}` for "not asynchronous".
 */
export function asyncInferenceConfigured(config: { readonly OutputConfig?: unknown } | undefined): boolean {
  return config !== undefined && config.OutputConfig !== undefined && config.OutputConfig !== null;
}

/**
 * Capture runs when the DataCaptureConfig block is present with a destination: EnableCapture defaults to
 * true (CreateEndpointConfig). A block without DestinationS3Uri, which the API refuses to create but
 * emulators answer as `{}` for "not configured", captures nothing.
 */
export function dataCaptureEnabled(config: { readonly EnableCapture?: boolean; readonly DestinationS3Uri?: unknown } | undefined): boolean {
  return config !== undefined && config.EnableCapture !== false && config.DestinationS3Uri !== undefined && config.DestinationS3Uri !== '';
}

// ---------------------------------------------------------------------------------------------
// ARNs
// ---------------------------------------------------------------------------------------------

export interface Arn {
  readonly partition: string;
  readonly service: string;
  readonly region: string;
  readonly account: string;
  /** Everything after the fifth colon, e.g. `key/1234...`, `role/path/name`, `my-bucket`. */
  readonly resource: string;
}

export function parseArn(arn: string): Arn | null {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn' || !parts[1] || !parts[2]) return null;
  const [, partition, service, region, account, ...rest] = parts;
  const resource = rest.join(':');
  return resource ? { partition, service, region, account, resource } : null;
}

export function partitionOfRegion(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('us-iso-')) return 'aws-iso';
  if (region.startsWith('us-isob-')) return 'aws-iso-b';
  return 'aws';
}

/** Where a reference without its own region/account (a bare key id, an alias name) lives. */
export interface ArnContext {
  readonly region: string;
  readonly account: string;
  readonly partition?: string;
}

// ---------------------------------------------------------------------------------------------
// KMS key references: key id, key ARN, alias name, alias ARN
// ---------------------------------------------------------------------------------------------

const KEY_ID_PATTERN = /^(mrk-[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

export function kmsKeyArn(keyId: string, context: ArnContext): string {
  return `arn:${context.partition ?? partitionOfRegion(context.region)}:kms:${context.region}:${context.account}:key/${keyId}`;
}

export function isKmsKeyArn(value: string): boolean {
  const arn = parseArn(value);
  return arn !== null && arn.service === 'kms' && arn.resource.startsWith('key/');
}

export function isKmsAliasReference(value: string): boolean {
  if (value.startsWith('alias/')) return true;
  const arn = parseArn(value);
  return arn !== null && arn.service === 'kms' && arn.resource.startsWith('alias/');
}

/**
 * The key ARN a reference names, when that follows from the reference alone (a key ARN or a bare
 * key id); null for an alias, which only DescribeKey can resolve, and for anything unrecognised.
 */
export function kmsKeyArnFromReference(reference: string, context: ArnContext): string | null {
  if (isKmsKeyArn(reference)) return reference;
  if (KEY_ID_PATTERN.test(reference)) return kmsKeyArn(reference, context);
  return null;
}

/** The region a KMS reference points into: its own for an ARN, otherwise the caller's. */
export function kmsReferenceRegion(reference: string, fallbackRegion: string): string {
  const arn = parseArn(reference);
  return arn && arn.service === 'kms' && arn.region ? arn.region : fallbackRegion;
}

// ---------------------------------------------------------------------------------------------
// S3
// ---------------------------------------------------------------------------------------------

/** `s3://bucket/key` (also `https://bucket.s3.region.amazonaws.com/key` and path-style URLs) -> parts. */
export function parseS3Uri(uri: string): { readonly bucket: string; readonly key: string } | null {
  const s3 = /^s3:\/\/([^/]+)\/?(.*)$/.exec(uri);
  if (s3) return { bucket: s3[1], key: s3[2] };
  const virtualHosted = /^https:\/\/([^/]+)\.s3[.-](?:[a-z0-9-]+\.)?amazonaws\.com(?:\.cn)?\/?(.*)$/.exec(uri);
  if (virtualHosted) return { bucket: virtualHosted[1], key: virtualHosted[2] };
  const pathStyle = /^https:\/\/s3[.-](?:[a-z0-9-]+\.)?amazonaws\.com(?:\.cn)?\/([^/]+)\/?(.*)$/.exec(uri);
  if (pathStyle) return { bucket: pathStyle[1], key: pathStyle[2] };
  return null;
}

export function s3BucketArn(bucket: string, partition = 'aws'): string {
  return `arn:${partition}:s3:::${bucket}`;
}

/** `arn:aws:s3:::models` -> `models`; null when not a bucket ARN. */
export function bucketNameFromArn(arn: string): string | null {
  const parsed = parseArn(arn);
  if (!parsed || parsed.service !== 's3' || parsed.region || parsed.account || parsed.resource.includes('/')) return null;
  return parsed.resource;
}

// ---------------------------------------------------------------------------------------------
// IAM
// ---------------------------------------------------------------------------------------------

/** `arn:aws:iam::111122223333:role/service/inference` -> `inference` (RoleName excludes the path). */
export function iamRoleNameFromArn(arn: string): string | null {
  const parsed = parseArn(arn);
  if (!parsed || parsed.service !== 'iam' || !parsed.resource.startsWith('role/')) return null;
  const segments = parsed.resource.split('/');
  return segments[segments.length - 1] || null;
}

/** Aliases of keys AWS creates and manages for its services, e.g. `alias/aws/sagemaker`. */
export function isAwsManagedKeyAlias(reference: string): boolean {
  return /(^|:)alias\/aws\//i.test(reference);
}

/** AWS managed policies live in the pseudo-account `aws`: `arn:aws:iam::aws:policy/...`. */
export function isProviderManagedPolicyArn(arn: string): boolean {
  const parsed = parseArn(arn);
  return parsed !== null && parsed.service === 'iam' && parsed.account === 'aws' && parsed.resource.startsWith('policy/');
}

// ---------------------------------------------------------------------------------------------
// Container images
// ---------------------------------------------------------------------------------------------

const PRIVATE_ECR_IMAGE =
  /^(\d{12})\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?\/([a-z0-9][a-z0-9._/-]*?)(?::([A-Za-z0-9_][A-Za-z0-9_.-]{0,127}))?(?:@(sha256:[a-f0-9]{64}))?$/;

export function ecrRepositoryArn(name: string, context: ArnContext): string {
  return `arn:${context.partition ?? partitionOfRegion(context.region)}:ecr:${context.region}:${context.account}:repository/${name}`;
}

/** The parts of a private ECR image URI; null for any other registry. */
export function parsePrivateEcrImage(
  uri: string,
): { readonly account: string; readonly region: string; readonly partition: string; readonly repositoryName: string; readonly tag: string | null; readonly digest: string | null } | null {
  const m = PRIVATE_ECR_IMAGE.exec(uri);
  if (!m) return null;
  const [, account, region, chinaSuffix, repositoryName, tag, digest] = m;
  return { account, region, partition: chinaSuffix ? 'aws-cn' : partitionOfRegion(region), repositoryName, tag: tag ?? null, digest: digest ?? null };
}

/**
 * A container image URI as the model sees it. Private ECR (`ACCOUNT.dkr.ecr.REGION.amazonaws.com/name[:tag][@digest]`)
 * is `private` and points at its repository's ARN; anything else (Docker Hub, public.ecr.aws, a registry
 * reached over a VPC) is `public`.
 */
export function parseImageUri(uri: string): ImageRef {
  const ecr = parsePrivateEcrImage(uri);
  if (ecr) {
    return {
      uri,
      repositoryId: ecrRepositoryArn(ecr.repositoryName, ecr),
      registry: 'private',
      registryAccount: ecr.account,
      digest: ecr.digest,
      tag: ecr.tag,
    };
  }
  const digestAt = uri.indexOf('@');
  const digest = digestAt >= 0 ? uri.slice(digestAt + 1) : null;
  const name = digestAt >= 0 ? uri.slice(0, digestAt) : uri;
  // A tag is the part after the last ':' of the last path segment (a ':' before it is a registry port).
  const lastSegment = name.slice(name.lastIndexOf('/') + 1);
  const colon = lastSegment.lastIndexOf(':');
  const tag = colon >= 0 ? lastSegment.slice(colon + 1) : null;
  return { uri, repositoryId: null, registry: 'public', registryAccount: null, digest, tag };
}

// ---------------------------------------------------------------------------------------------
// Policy documents (IAM identity policies, key policies, bucket and repository policies)
// ---------------------------------------------------------------------------------------------

export class PolicyDocumentError extends Error {
  constructor(origin: string, problem: string) {
    super(`Policy document ${origin}: ${problem}`);
    this.name = 'PolicyDocumentError';
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Parses a policy document as the APIs return it. IAM (GetRolePolicy, GetPolicyVersion) returns
 * documents URL-encoded (RFC 3986); KMS, S3 and ECR return plain JSON.
 */
export function parsePolicyDocument(text: string, origin: string): PolicyStatement[] {
  const trimmed = text.trim();
  let json = trimmed;
  if (!trimmed.startsWith('{')) {
    try {
      json = decodeURIComponent(trimmed);
    } catch {
      throw new PolicyDocumentError(origin, 'is neither JSON nor URL-encoded JSON');
    }
  }
  let document: unknown;
  try {
    document = JSON.parse(json);
  } catch (error) {
    throw new PolicyDocumentError(origin, `is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  return normalizePolicyDocument(document, origin);
}

/** Normalizes a parsed policy document (an object with `Statement`) into model statements. */
export function normalizePolicyDocument(document: unknown, origin: string): PolicyStatement[] {
  if (!isRecord(document)) throw new PolicyDocumentError(origin, 'must be a JSON object with a Statement');
  const statement = document.Statement;
  if (statement === undefined) return [];
  const list = Array.isArray(statement) ? statement : [statement];
  return list.map((s, index) => normalizeStatement(s, `${origin}`, index));
}

function normalizeStatement(raw: unknown, origin: string, index: number): PolicyStatement {
  const where = `${origin} Statement[${index}]`;
  if (!isRecord(raw)) throw new PolicyDocumentError(where, 'must be an object');
  const effect = raw.Effect;
  if (effect !== 'Allow' && effect !== 'Deny') throw new PolicyDocumentError(where, `Effect must be "Allow" or "Deny", got ${JSON.stringify(effect)}`);
  const actions = stringList(raw.Action, where, 'Action');
  const resources = stringList(raw.Resource, where, 'Resource');
  const principals = raw.Principal !== undefined ? principalList(raw.Principal, where, 'Principal') : [];
  const grammar = {
    actions,
    ...(raw.NotAction !== undefined ? { notActions: stringList(raw.NotAction, where, 'NotAction') } : {}),
  };
  const statement: PolicyStatement = {
    effect,
    principals,
    actions,
    resources,
    conditions: conditionList(raw.Condition, where),
    origin,
    ...(grammar.notActions ? { notActions: grammar.notActions } : {}),
    ...(raw.NotResource !== undefined ? { notResources: stringList(raw.NotResource, where, 'NotResource') } : {}),
    ...actionFacts(grammar),
  };
  if (raw.NotPrincipal === undefined) return statement;
  // NotPrincipal: "everyone except". `principals` is set so that a control reading only `principals`
  // errs toward failing: an Allow is treated as open to anyone, a Deny as denying no one in particular.
  return { ...statement, principals: effect === 'Allow' ? ['*'] : [], notPrincipals: principalList(raw.NotPrincipal, where, 'NotPrincipal') };
}

function stringList(value: unknown, where: string, field: string): string[] {
  if (value === undefined) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.map((item) => {
    if (typeof item !== 'string') throw new PolicyDocumentError(where, `${field} entries must be strings, got ${JSON.stringify(item)}`);
    return item;
  });
}

/** `"*"`, `{"AWS": "*"}` and account ids become `*` / `arn:PARTITION:iam::ACCOUNT:root`; services stay as named. */
function principalList(value: unknown, where: string, field: string): string[] {
  if (value === '*') return ['*'];
  if (!isRecord(value)) throw new PolicyDocumentError(where, `${field} must be "*" or an object like {"AWS": [...]}`);
  const principals: string[] = [];
  for (const [kind, entries] of Object.entries(value)) {
    for (const entry of stringList(entries, where, `${field}.${kind}`)) {
      principals.push(kind === 'AWS' && /^\d{12}$/.test(entry) ? `arn:aws:iam::${entry}:root` : entry);
    }
  }
  return [...new Set(principals)];
}

function conditionList(value: unknown, where: string): PolicyCondition[] {
  if (value === undefined) return [];
  if (!isRecord(value)) throw new PolicyDocumentError(where, 'Condition must be an object of operator -> {key: values}');
  const conditions: PolicyCondition[] = [];
  for (const [operator, block] of Object.entries(value)) {
    if (!isRecord(block)) throw new PolicyDocumentError(where, `Condition.${operator} must be an object of key -> values`);
    for (const [key, raw] of Object.entries(block)) {
      const values = (Array.isArray(raw) ? raw : [raw]).map((v) => {
        if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v);
        throw new PolicyDocumentError(where, `Condition.${operator}.${key} values must be strings, numbers or booleans`);
      });
      conditions.push({ operator, key, values, meaning: conditionMeaning(operator, key, values) });
    }
  }
  return conditions;
}

// ---------------------------------------------------------------------------------------------
// IAM grammar turned into the model's neutral statement facts
// ---------------------------------------------------------------------------------------------

/** `*` or `service:*`: every action of every service, or of one whole service. */
export function isServiceWideAction(action: string): boolean {
  return action === '*' || /^[^:*?]+:\*$/.test(action);
}

/** The action that hands a role to a service (with Resource `*`, any role). */
const PASS_ROLE = 'iam:PassRole';

/** The neutral facts of a statement's actions: which grant whole services, and whether it can pass roles. */
export function actionFacts(statement: { readonly actions: readonly string[]; readonly notActions?: readonly string[] }): Pick<PolicyStatement, 'serviceWideActions' | 'identityHandOffActions' | 'handsOffIdentities'> {
  return {
    serviceWideActions: statement.actions.filter(isServiceWideAction),
    identityHandOffActions: statement.actions.filter((a) => !isServiceWideAction(a) && wildcardMatch(a, PASS_ROLE)),
    handsOffIdentities: statementCoversAction(statement, PASS_ROLE),
  };
}

/**
 * Condition keys that tie a request to a known account, organization, source resource or network
 * path. `aws:SourceIp` is left out on purpose: a public address range still admits strangers.
 */
export const RESTRICTING_CONDITION_KEYS: readonly string[] = [
  'aws:SourceAccount',
  'aws:SourceArn',
  'aws:SourceOwner',
  'aws:SourceOrgID',
  'aws:SourceOrgPaths',
  'aws:PrincipalAccount',
  'aws:PrincipalArn',
  'aws:PrincipalOrgID',
  'aws:PrincipalOrgPaths',
  'kms:CallerAccount',
  'aws:SourceVpce',
  'aws:SourceVpc',
];

const restrictingKeys = new Set(RESTRICTING_CONDITION_KEYS.map((k) => k.toLowerCase()));

/**
 * `restricts-caller` when a restricting key is compared positively (StringEquals, ArnLike ...), must be
 * present (no `IfExists`, no `ForAllValues:`, which hold when the key is absent) and no value is a bare
 * wildcard; `insecure-transport` for `aws:SecureTransport` = false; `other` for anything else.
 */
export function conditionMeaning(operator: string, key: string, values: readonly string[]): ConditionMeaning {
  const lowerKey = key.toLowerCase();
  if (lowerKey === 'aws:securetransport') {
    return /^Bool(IfExists)?$/i.test(operator) && values.some((v) => v.toLowerCase() === 'false') ? 'insecure-transport' : 'other';
  }
  if (!restrictingKeys.has(lowerKey)) return 'other';
  if (/Not/.test(operator) || /IfExists$/i.test(operator) || /^ForAllValues:/i.test(operator) || /^Null$/i.test(operator)) return 'other';
  if (values.length === 0) return 'other';
  return values.every((v) => v.replace(/[*?]/g, '') !== '') ? 'restricts-caller' : 'other';
}

/** Object reads and writes: the requests that carry model weights. */
const OBJECT_ACTIONS = ['s3:GetObject', 's3:PutObject'];

/**
 * The bucket refuses every object read and write made without TLS: one policy statement denies them
 * for everyone on every object (`<bucket id>/*`; adapters write policy resources with model ids). A
 * Deny wins over everything, so one known enforcing statement settles it even when others are unread.
 */
export function bucketRefusesInsecureTransport(bucketId: string, policy: ListFact<PolicyStatement>): Fact<boolean> {
  const everyObject = `${bucketId}/*`;
  const enforcing = knownElements(policy).find(
    (s) => deniesInsecureTransport(s) && statementCoversResource(s, everyObject) && OBJECT_ACTIONS.every((a) => statementCoversAction(s, a)),
  );
  const source = policy.evidence[0]?.source ?? 'bucket policy';
  const ev = evidence(source, 'Statement[Effect=Deny, Principal=*, Condition.Bool.aws:SecureTransport=false, s3:GetObject+s3:PutObject]', enforcing ? `${enforcing.origin} on ${everyObject}` : `none on ${everyObject}`);
  if (enforcing) return known(true, ...policy.evidence, ev);
  if (!policy.known) return unknown(`the bucket policy could not be fully read: ${policy.reason}`, ...policy.evidence);
  return known(false, ...policy.evidence, ev);
}

// ---------------------------------------------------------------------------------------------
// Security groups and VPC endpoints
// ---------------------------------------------------------------------------------------------

/** An ingress permission as DescribeSecurityGroups returns it (and AWS::EC2::SecurityGroup's nested form). */
export interface IpPermissionLike {
  readonly IpProtocol?: string;
  readonly FromPort?: number;
  readonly ToPort?: number;
  readonly IpRanges?: readonly { readonly CidrIp?: string }[];
  readonly Ipv6Ranges?: readonly { readonly CidrIpv6?: string }[];
  readonly UserIdGroupPairs?: readonly { readonly GroupId?: string }[];
  readonly PrefixListIds?: readonly { readonly PrefixListId?: string }[];
}

/** Protocol `-1` (all traffic) or a missing/-1 port means every port: both ends become null. */
export function normalizePortRange(protocol: string, fromPort: number | undefined, toPort: number | undefined): { fromPort: number | null; toPort: number | null } {
  if (protocol === '-1' || fromPort === undefined || fromPort === -1) return { fromPort: null, toPort: null };
  return { fromPort, toPort: toPort === undefined || toPort === -1 ? null : toPort };
}

/** EC2 spells "every protocol" `-1`; the model spells it `all`. */
export function firewallRuleFromIpPermission(permission: IpPermissionLike): FirewallRule {
  const rawProtocol = String(permission.IpProtocol ?? '-1');
  const protocol = rawProtocol === '-1' ? 'all' : rawProtocol;
  const sources = [
    ...(permission.IpRanges ?? []).map((r) => r.CidrIp),
    ...(permission.Ipv6Ranges ?? []).map((r) => r.CidrIpv6),
    ...(permission.UserIdGroupPairs ?? []).map((p) => p.GroupId),
    ...(permission.PrefixListIds ?? []).map((p) => p.PrefixListId),
  ].filter((s): s is string => typeof s === 'string' && s.length > 0);
  return { protocol, ...normalizePortRange(rawProtocol, permission.FromPort, permission.ToPort), sources };
}

/** `com.amazonaws.us-east-1.sagemaker.runtime` -> `sagemaker.runtime`; `-fips` variants name the same service. */
export function privateServiceName(serviceName: string): string {
  const m = /^(?:com\.amazonaws|aws\.api)\.[a-z0-9-]+\.(.+)$/.exec(serviceName) ?? /^aws\.(sagemaker)\.[a-z0-9-]+\.(.+)$/.exec(serviceName);
  if (!m) return serviceName;
  const name = m.length === 3 ? `${m[1]}.${m[2]}` : m[1];
  return name.replace(/-fips$/, '');
}
