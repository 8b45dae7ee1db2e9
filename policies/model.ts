// The provider-neutral model. Adapters (live SDK reads, CloudFormation templates, Pulumi inputs)
// state facts here; controls judge them. Nothing in this file decides pass or fail.

export type Provider = 'aws' | 'azure' | 'gcp';
export type InventorySource = 'live' | 'template' | 'plan';

/** Where a fact came from: the provider's own field path and the raw value found there. */
export interface Evidence {
  /** The API call or resource type that carried the field, e.g. `sagemaker:DescribeModel` or `AWS::SageMaker::Model`. */
  readonly source: string;
  /** The provider's field path, e.g. `EnableNetworkIsolation` or `Properties.KmsKeyId`. */
  readonly path: string;
  readonly value: unknown;
}

export interface KnownFact<T> {
  readonly known: true;
  readonly value: T;
  readonly evidence: readonly Evidence[];
}

/** A value the adapter could not learn: an unresolved token, a denied or failed call. Never a pass. */
export interface UnknownFact {
  readonly known: false;
  readonly reason: string;
  readonly evidence: readonly Evidence[];
}

export type Fact<T> = KnownFact<T> | UnknownFact;

export function known<T>(value: T, ...evidence: Evidence[]): KnownFact<T> {
  return { known: true, value, evidence };
}

export function unknown(reason: string, ...evidence: Evidence[]): UnknownFact {
  return { known: false, reason, evidence };
}

export function evidence(source: string, path: string, value: unknown): Evidence {
  return { source, path, value };
}

/** Applies `f` to a known value; an unknown stays unknown with its reason. */
export function mapFact<T, U>(fact: Fact<T>, f: (value: T) => U): Fact<U> {
  return fact.known ? { known: true, value: f(fact.value), evidence: fact.evidence } : fact;
}

/**
 * A list read element by element (containers and their images, policy statements, firewall rules ...).
 * Known when every element was read. Otherwise unknown, still carrying the elements that were read,
 * so a known bad element is judged (a known failure never hides behind an unreadable sibling).
 */
export type ListFact<T> = KnownFact<readonly T[]> | PartialList<T>;

/** Some elements of a list (or the whole list) could not be read (`reason` says why); `knownElements` are those that were. */
export interface PartialList<T> extends UnknownFact {
  readonly knownElements?: readonly T[];
}

/** The list fact for elements read one by one: known when no element had a problem. */
export function listFact<T>(elements: readonly T[], problems: readonly string[], ...evidence: Evidence[]): ListFact<T> {
  return problems.length === 0 ? known(elements, ...evidence) : { known: false, reason: problems.join('; '), evidence, knownElements: elements };
}

/** The elements read so far: all of them for a known list, those that were read for a partial one, none for an unknown. */
export function knownElements<T>(fact: ListFact<T> | Fact<readonly T[]>): readonly T[] {
  if (fact.known) return fact.value;
  return (fact as PartialList<T>).knownElements ?? [];
}

/** Features a platform may not offer a deployment. An adapter records each with the documented reason. */
export type Capability =
  | 'private-network'
  | 'network-isolation'
  | 'private-registry'
  | 'data-capture'
  | 'model-monitoring'
  | 'multiple-instances'
  | 'volume-encryption';

export type Unsupported = Partial<Record<Capability, string>>;

export interface ResourceBase {
  /** Stable id: an ARN, an ARM id, a resource name, or a template logical id (`stack/LogicalId`). */
  readonly id: string;
  readonly name: string;
  readonly provider: Provider;
  readonly region?: string;
  readonly account?: string;
  /**
   * Other identities tools show for the resource, so one waiver pattern matches it everywhere: a
   * template's CDK construct path and the ARN its literal name gives; a live resource's
   * `STACK/LogicalId` from CloudFormation's tags. Never judged by controls.
   */
  readonly aliases?: readonly string[];
}

/** A normalized permission or resource-policy statement (IAM, key policy, bucket policy, repository policy). */
export interface PolicyStatement {
  readonly effect: 'Allow' | 'Deny';
  /** `*` means anyone. Empty for identity policies (the principal is the identity itself). */
  readonly principals: readonly string[];
  /** Present when the statement used NotPrincipal: it applies to everyone except these. */
  readonly notPrincipals?: readonly string[];
  readonly actions: readonly string[];
  /** Present when the statement used NotAction: it allows everything except these. */
  readonly notActions?: readonly string[];
  readonly resources: readonly string[];
  readonly notResources?: readonly string[];
  readonly conditions: readonly PolicyCondition[];
  /** Which policy the statement came from, for messages and evidence. */
  readonly origin: string;
  /**
   * The adapter's reading of the provider's action grammar: the action patterns (of `actions`) that
   * grant every action of a whole service, or of every service (AWS `s3:*` and `*`, Azure `Microsoft.X/*`).
   */
  readonly serviceWideActions: readonly string[];
  /** The statement lets its holder hand an identity to a service (AWS iam:PassRole, GCP iam.serviceAccounts.actAs). */
  readonly handsOffIdentities: boolean;
  /** The action patterns (of `actions`, not service-wide) that do so. */
  readonly identityHandOffActions: readonly string[];
}

/**
 * What a condition means, as the adapter reads the provider's condition grammar:
 * `restricts-caller`: it ties the request to a known account, organization, source resource or network path
 * (a public principal under it is not open to anyone); `insecure-transport`: it holds only for requests made
 * without TLS; `other`: anything else (including conditions that look restricting but hold when a key is absent).
 */
export type ConditionMeaning = 'restricts-caller' | 'insecure-transport' | 'other';

export interface PolicyCondition {
  readonly operator: string;
  readonly key: string;
  readonly values: readonly string[];
  readonly meaning: ConditionMeaning;
}

export interface ImageRef {
  readonly uri: string;
  /** Id of the ImageRepository in this inventory, when the image lives in one we can see. */
  readonly repositoryId: string | null;
  /** `private`: the provider's private registry in an account/project (ECR, ACR, Artifact Registry); `public`: anything else. */
  readonly registry: 'private' | 'public';
  readonly registryAccount: string | null;
  readonly digest: string | null;
  readonly tag: string | null;
}

/** The deployment runs in the customer's own network: its subnets, behind its firewalls. */
export interface NetworkAttachment {
  /** Absent means `customer-network` (the AWS adapters leave it out). */
  readonly kind?: 'customer-network';
  /** The VPC / VNet id, when known. */
  readonly networkId: string | null;
  readonly subnetIds: readonly string[];
  readonly firewallIds: readonly string[];
}

/** The deployment runs in a network the provider manages for it and isolates (an Azure ML managed VNet, a Vertex PSC endpoint). */
export interface ProviderManagedNetwork {
  readonly kind: 'provider-managed';
  /** The managed network's id, when the provider names one. */
  readonly networkId: string | null;
}

/**
 * Outbound network access of the serving containers: `open` (anywhere), `approved-only` (only
 * destinations the customer approved: Azure ML AllowOnlyApprovedOutbound) or `none` (no outbound at
 * all: SageMaker network isolation, egress disabled).
 */
export type OutboundAccess = 'open' | 'approved-only' | 'none';

export type Compute =
  | { readonly kind: 'serverless'; readonly memoryMb?: number; readonly maxConcurrency?: number }
  | { readonly kind: 'instance'; readonly instanceType: string };

/** One deployment behind an endpoint (a SageMaker production variant, an Azure deployment, a Vertex deployed model). */
export interface Deployment {
  readonly name: string;
  readonly modelId: string | null;
  readonly compute: Compute;
  /** Features this deployment's platform cannot have, with the documented reason. */
  readonly unsupported: Unsupported;
  readonly instanceCount: Fact<number>;
  /** The containers have no network access at all (`outbound` is `none`); kept for the AWS readers and their tests. */
  readonly networkIsolation: Fact<boolean>;
  /** Where the containers may connect to. */
  readonly outbound: Fact<OutboundAccess>;
  /** null when the deployment is attached to no private network (provider-shared networking). */
  readonly network: Fact<NetworkAttachment | ProviderManagedNetwork | null>;
  /** Identity id the deployment runs as; null means a provider default identity. */
  readonly identityId: Fact<string | null>;
  /** One image per container; a container whose image could not be read makes the list partial. */
  readonly images: ListFact<ImageRef>;
  /** ArtifactStore ids the model weights come from. */
  readonly artifactStoreIds: ListFact<string>;
}

/** Where captured requests, responses or access logs go when that is not an object store. */
export interface CaptureDestination {
  /** `table`: a query table (BigQuery); `log-workspace`: a log store (Log Analytics, Application Insights, Cloud Logging). */
  readonly kind: 'table' | 'log-workspace';
  readonly id: string;
}

export interface DataCapture {
  readonly enabled: boolean;
  /** Key that encrypts captured data; null means provider-managed encryption. */
  readonly keyId: string | null;
  /** ArtifactStore id the captured requests and responses are written to; null when capture is off or goes elsewhere. */
  readonly destinationStoreId: string | null;
  /** Set when the capture goes to something other than an object store. */
  readonly otherDestination?: CaptureDestination;
}

/**
 * How callers prove who they are to the endpoint: `provider-identity` (requests signed or authorized
 * by the provider's IAM: SigV4, Entra ID, Google IAM), `short-lived-token` (a token the endpoint issues
 * that expires: Azure AMLToken) or `static-key` (a long-lived key: Azure Key auth).
 */
export type CallerAuthentication = 'provider-identity' | 'short-lived-token' | 'static-key';

/** Logging of the endpoint's invocations: request/response payloads, or access records only. */
export interface RequestLogging {
  readonly enabled: boolean;
  /** `payloads`: requests and responses (sampled); `access`: who called when, without payloads. */
  readonly content: 'payloads' | 'access' | null;
  readonly destination: CaptureDestination | null;
}

export interface InferenceEndpoint extends ResourceBase {
  readonly kind: 'endpoint';
  readonly status?: string;
  /** The workspace / project boundary the endpoint belongs to (a Workspace id), when the provider has one. */
  readonly workspaceId?: string;
  /** The endpoint accepts invocations from the public internet (its own network setting, not the workspace's). */
  readonly publicNetworkAccess: Fact<boolean>;
  readonly callerAuthentication: Fact<CallerAuthentication>;
  /**
   * Who may invoke the endpoint, where the endpoint has its own access policy (GCP endpoint IAM bindings
   * as statements; principals for everyone kept as the provider names them). Absent: no such policy.
   */
  readonly invokePolicy?: ListFact<PolicyStatement>;
  /** Requests and responses (or access records) are logged; absent where the adapter does not state it. */
  readonly requestLogging?: Fact<RequestLogging>;
  /** One element per deployment; a deployment that could not be read makes the list partial. */
  readonly deployments: ListFact<Deployment>;
  /** Key that encrypts the storage attached to the endpoint's instances; null means provider-managed. */
  readonly storageKeyId: Fact<string | null>;
  readonly dataCapture: Fact<DataCapture>;
  /** Key for asynchronous inference output; the value is null when the endpoint is not asynchronous. */
  readonly asyncOutput: Fact<{ readonly keyId: string | null } | null>;
  /** Number of model-monitoring schedules that watch this endpoint. */
  readonly monitoringSchedules: Fact<number>;
  /**
   * True when the source declares the endpoint's configuration but not the endpoint itself (a
   * template's endpoint config whose endpoint a pipeline, another stack or code creates): judged
   * as the endpoint it will configure.
   */
  readonly configurationOnly?: boolean;
}

export interface EncryptionKey extends ResourceBase {
  readonly kind: 'key';
  readonly managedBy: Fact<'customer' | 'provider'>;
  readonly enabled: Fact<boolean>;
  /** Rotation period in days; null when automatic rotation is off. */
  readonly rotationPeriodDays: Fact<number | null>;
  readonly policy: ListFact<PolicyStatement>;
  /** The KeyStore (Azure Key Vault, GCP key ring) that holds the key; absent where keys have no separate store (AWS KMS). */
  readonly storeId?: string;
}

/** What the adapter knows of a key it found only as a reference (a key outside the template, in another account). */
export interface KeyReference {
  readonly id: string;
  /** Known when the reference itself shows it (an AWS managed alias `alias/aws/...`); unknown otherwise. */
  readonly managedBy: Fact<'customer' | 'provider'>;
}

/**
 * A store that holds keys (Azure Key Vault, GCP key ring): its protection against deletion, who may
 * use its keys and from where.
 */
export interface KeyStore extends ResourceBase {
  readonly kind: 'key-store';
  /** Deleted keys can be recovered for a retention period (Azure soft delete). */
  readonly softDelete: Fact<boolean>;
  /** Deleted keys cannot be purged before the retention period ends (Azure purge protection, KMS scheduled deletion). */
  readonly purgeProtection: Fact<boolean>;
  /** `role-based`: the provider's IAM decides (Azure RBAC, GCP IAM); `store-policy`: the store's own access policies do. */
  readonly accessModel: Fact<'role-based' | 'store-policy'>;
  readonly publicNetworkAccess: Fact<boolean>;
}

export interface Identity extends ResourceBase {
  readonly kind: 'identity';
  /** All statements the identity is granted, from inline and attached policies. */
  readonly statements: ListFact<PolicyStatement>;
  /** Policies attached by reference (managed policies, built-in roles). */
  readonly attachedPolicies: Fact<readonly AttachedPolicy[]>;
  /**
   * Whether the platform's inference service may act as this identity (e.g. a role's trust policy
   * names it); absent when the adapter did not read it. An identity it cannot act as is no inference identity.
   */
  readonly inferenceServiceMayAssume?: Fact<boolean>;
}

export interface AttachedPolicy {
  readonly id: string;
  /** The policy's name; for a provider-managed policy, the provider's name for it (`AdministratorAccess`, `Owner`, `roles/editor`). */
  readonly name: string;
  readonly providerManaged: boolean;
}

export interface ArtifactStore extends ResourceBase {
  readonly kind: 'artifact-store';
  /** True when every public-access path (ACLs and policies) is blocked at the store. */
  readonly publicAccessBlocked: Fact<boolean>;
  readonly policy: ListFact<PolicyStatement>;
  /** The store refuses every object read and write made without TLS (a deny-non-TLS policy, an HTTPS-only setting). */
  readonly refusesInsecureTransport: Fact<boolean>;
  /** Default encryption: the key id, or null for provider-managed keys. */
  readonly encryptionKeyId: Fact<string | null>;
}

export interface ImageRepository extends ResourceBase {
  readonly kind: 'image-repository';
  readonly scanOnPush: Fact<boolean>;
  readonly tagsImmutable: Fact<boolean>;
  readonly encryptionKeyId: Fact<string | null>;
  readonly policy: ListFact<PolicyStatement>;
}

export interface PrivateServiceEndpoint {
  /** Provider-neutral service name, e.g. `sagemaker.runtime`, `s3`, `kms`. */
  readonly service: string;
  readonly type: 'interface' | 'gateway';
  readonly available: boolean;
  readonly privateDns: boolean;
}

export interface Network extends ResourceBase {
  readonly kind: 'network';
  readonly privateEndpoints: ListFact<PrivateServiceEndpoint>;
}

export interface FirewallRule {
  /** `all` for every protocol; otherwise the protocol's name (`tcp`, `udp`, `icmp` ...). */
  readonly protocol: string;
  readonly fromPort: number | null;
  readonly toPort: number | null;
  /** CIDR ranges (`0.0.0.0/0`, `::/0`) and peer firewall ids. */
  readonly sources: readonly string[];
  /** Absent means `allow` (AWS security groups hold only allow rules). */
  readonly action?: 'allow' | 'deny';
  /** Evaluation order where rules have one (lower first: Azure NSG, GCP firewall); absent where every rule applies. */
  readonly priority?: number;
}

export interface Firewall extends ResourceBase {
  readonly kind: 'firewall';
  readonly networkId: string | null;
  readonly ingress: ListFact<FirewallRule>;
}

/** A private endpoint connection to a workspace, and whether its owner approved it. */
export interface PrivateEndpointConnection {
  readonly id: string;
  readonly status: 'approved' | 'pending' | 'rejected' | 'disconnected';
}

/** A service perimeter around a workspace or project (GCP VPC Service Controls). */
export interface ServicePerimeter {
  readonly id: string;
  /** `enforced` blocks requests; `dry-run` only logs what it would block. */
  readonly mode: 'enforced' | 'dry-run';
  /** Provider-neutral service names the perimeter restricts (e.g. `aiplatform`). */
  readonly restrictedServices: readonly string[];
}

/**
 * The boundary endpoints live in: an Azure ML workspace, a GCP project. It has its own public network
 * access, private endpoint connections, perimeters and key.
 */
export interface Workspace extends ResourceBase {
  readonly kind: 'workspace';
  readonly publicNetworkAccess: Fact<boolean>;
  readonly privateEndpointConnections: ListFact<PrivateEndpointConnection>;
  readonly servicePerimeters: ListFact<ServicePerimeter>;
  /** Outbound access of the workspace's managed network, where it has one (null: no managed network). */
  readonly managedNetworkOutbound: Fact<OutboundAccess | null>;
  /** Key that encrypts the workspace's data; null means provider-managed. */
  readonly encryptionKeyId: Fact<string | null>;
}

export type Resource = InferenceEndpoint | EncryptionKey | KeyStore | Identity | ArtifactStore | ImageRepository | Network | Firewall | Workspace;
export type ResourceKind = Resource['kind'];
export type ResourceOfKind<K extends ResourceKind> = Extract<Resource, { kind: K }>;

/** Something the adapter could not read. Its presence makes coverage incomplete (exit 3). */
export interface CoverageGap {
  readonly service: string;
  readonly operation: string;
  readonly resourceId?: string;
  readonly region?: string;
  readonly errorCode: string;
  readonly message: string;
}

export interface Inventory {
  /** Every resource's own `provider` equals it: an inventory holds one provider's resources (see mergeInventories). */
  readonly provider: Provider;
  readonly source: InventorySource;
  /** Accounts / subscriptions / projects and regions covered. */
  readonly scope: { readonly accounts: readonly string[]; readonly regions: readonly string[] };
  readonly resources: readonly Resource[];
  /** Keys the resources refer to that the inventory does not hold, with what the reference itself says. */
  readonly keyReferences?: readonly KeyReference[];
  readonly gaps: readonly CoverageGap[];
  /**
   * Set when the source leaves choices open that it names (a template's conditions that depend on
   * deploy-time values): the inventory under each assignment of them. `resources` then holds the
   * facts that hold under every assignment (what differs is unknown); controls judge each
   * alternative and the verdicts are joined per control and resource.
   */
  readonly alternatives?: readonly InventoryAlternative[];
  /** Set by organization-wide runs: which part of the discovered estate this inventory covers. */
  readonly estate?: EstateCoverage;
}

/** What part of an estate (the accounts, subscriptions or projects discovery found) a run covers. */
export interface EstateCoverage {
  /** Every id discovery found, all shards together, sorted. */
  readonly discovered: readonly string[];
  /** How many shards the estate is split into (1 when a run covers it whole). */
  readonly shardCount: number;
  /** The shards covered, numbered from 1: one for a shard's run, more once reports are merged. */
  readonly shards: readonly number[];
  /**
   * Listed by discovery but in a state whose resources do not run (an AWS account SUSPENDED or CLOSED, an
   * Azure subscription Disabled or Deleted, a Google project DELETE_REQUESTED): not audited, and named so
   * the report accounts for the whole estate. Sorted by id; absent when there are none.
   */
  readonly inactive?: readonly InactiveMember[];
}

/** A member of the estate discovery listed and left out by its state. */
export interface InactiveMember {
  readonly id: string;
  /** The state as the provider wrote it. */
  readonly state: string;
}

/** Joins the coverage of runs over one estate; refuses runs that split it differently. */
export function mergeEstateCoverage(parts: readonly EstateCoverage[]): EstateCoverage | undefined {
  if (parts.length === 0) return undefined;
  const counts = [...new Set(parts.map((p) => p.shardCount))];
  if (counts.length > 1) throw new Error(`cannot merge runs that split the estate into different numbers of shards (${counts.join(', ')}): run every shard with the same --shard i/n`);
  const inactive = sortedInactive(parts.flatMap((p) => p.inactive ?? []));
  return {
    discovered: [...new Set(parts.flatMap((p) => p.discovered))].sort(),
    shardCount: counts[0],
    shards: [...new Set(parts.flatMap((p) => p.shards))].sort((a, b) => a - b),
    ...(inactive.length > 0 ? { inactive } : {}),
  };
}

/** Once per id (the first state listed wins), sorted by id. */
export function sortedInactive(members: readonly InactiveMember[]): InactiveMember[] {
  return uniqueBy(members, (m) => m.id).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The inventory under one assignment of the choices a source leaves open. */
export interface InventoryAlternative {
  /** What was assumed, each a short phrase such as `condition HasKey = true`. */
  readonly assumptions: readonly string[];
  readonly inventory: Inventory;
}

export function resourcesOfKind<K extends ResourceKind>(inventory: Inventory, kind: K): ResourceOfKind<K>[] {
  return inventory.resources.filter((r): r is ResourceOfKind<K> => r.kind === kind);
}

/** Inventories of different providers cannot be merged into one (an inventory names its provider). */
export class MixedProvidersError extends Error {
  constructor(readonly providers: readonly Provider[]) {
    super(
      `cannot merge inventories of different providers (${providers.join(', ')}) into one: audit or scan each provider separately, then merge their reports`,
    );
    this.name = 'MixedProvidersError';
  }
}

/** Joins inventories of one provider from several regions, accounts or shards; refuses to mix providers. */
export function mergeInventories(parts: readonly Inventory[]): Inventory {
  if (parts.length === 0) throw new Error('mergeInventories needs at least one inventory');
  const providers = [...new Set(parts.flatMap((p) => [p.provider, ...p.resources.map((r) => r.provider)]))];
  if (providers.length > 1) throw new MixedProvidersError(providers);
  const seen = new Set<string>();
  const resources: Resource[] = [];
  for (const part of parts) {
    for (const r of part.resources) {
      const key = `${r.kind}\u0000${r.id}`;
      if (!seen.has(key)) {
        seen.add(key);
        resources.push(r);
      }
    }
  }
  return {
    provider: parts[0].provider,
    source: parts[0].source,
    scope: {
      accounts: [...new Set(parts.flatMap((p) => p.scope.accounts))],
      regions: [...new Set(parts.flatMap((p) => p.scope.regions))],
    },
    resources,
    ...(parts.some((p) => p.keyReferences) ? { keyReferences: uniqueBy(parts.flatMap((p) => p.keyReferences ?? []), (k) => k.id) } : {}),
    gaps: parts.flatMap((p) => p.gaps),
    ...withEstate(mergeEstateCoverage(parts.flatMap((p) => (p.estate ? [p.estate] : [])))),
  };
}

function withEstate(estate: EstateCoverage | undefined): { estate?: EstateCoverage } {
  return estate ? { estate } : {};
}

function uniqueBy<T>(items: readonly T[], keyOf: (item: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const item of items) if (!seen.has(keyOf(item))) seen.set(keyOf(item), item);
  return [...seen.values()];
}
