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
}

export interface PolicyCondition {
  readonly operator: string;
  readonly key: string;
  readonly values: readonly string[];
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

export interface NetworkAttachment {
  /** The VPC / VNet id, when known. */
  readonly networkId: string | null;
  readonly subnetIds: readonly string[];
  readonly firewallIds: readonly string[];
}

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
  readonly networkIsolation: Fact<boolean>;
  /** null when the deployment is not attached to a private network. */
  readonly network: Fact<NetworkAttachment | null>;
  /** Identity id the deployment runs as; null means a provider default identity. */
  readonly identityId: Fact<string | null>;
  readonly images: Fact<readonly ImageRef[]>;
  /** ArtifactStore ids the model weights come from. */
  readonly artifactStoreIds: Fact<readonly string[]>;
}

export interface DataCapture {
  readonly enabled: boolean;
  /** Key that encrypts captured data; null means provider-managed encryption. */
  readonly keyId: string | null;
  /** ArtifactStore id the captured requests and responses are written to; null when capture is off. */
  readonly destinationStoreId: string | null;
}

export interface InferenceEndpoint extends ResourceBase {
  readonly kind: 'endpoint';
  readonly status?: string;
  readonly deployments: Fact<readonly Deployment[]>;
  /** Key that encrypts the storage attached to the endpoint's instances; null means provider-managed. */
  readonly storageKeyId: Fact<string | null>;
  readonly dataCapture: Fact<DataCapture>;
  /** Key for asynchronous inference output; the value is null when the endpoint is not asynchronous. */
  readonly asyncOutput: Fact<{ readonly keyId: string | null } | null>;
  /** Number of model-monitoring schedules that watch this endpoint. */
  readonly monitoringSchedules: Fact<number>;
}

export interface EncryptionKey extends ResourceBase {
  readonly kind: 'key';
  readonly managedBy: Fact<'customer' | 'provider'>;
  readonly enabled: Fact<boolean>;
  /** Rotation period in days; null when automatic rotation is off. */
  readonly rotationPeriodDays: Fact<number | null>;
  readonly policy: Fact<readonly PolicyStatement[]>;
}

export interface Identity extends ResourceBase {
  readonly kind: 'identity';
  /** All statements the identity is granted, from inline and attached policies. */
  readonly statements: Fact<readonly PolicyStatement[]>;
  /** Policies attached by reference (managed policies, built-in roles). */
  readonly attachedPolicies: Fact<readonly { readonly id: string; readonly name: string; readonly providerManaged: boolean }[]>;
}

export interface ArtifactStore extends ResourceBase {
  readonly kind: 'artifact-store';
  /** True when every public-access path (ACLs and policies) is blocked at the store. */
  readonly publicAccessBlocked: Fact<boolean>;
  readonly policy: Fact<readonly PolicyStatement[]>;
  /** Default encryption: the key id, or null for provider-managed keys. */
  readonly encryptionKeyId: Fact<string | null>;
}

export interface ImageRepository extends ResourceBase {
  readonly kind: 'image-repository';
  readonly scanOnPush: Fact<boolean>;
  readonly tagsImmutable: Fact<boolean>;
  readonly encryptionKeyId: Fact<string | null>;
  readonly policy: Fact<readonly PolicyStatement[]>;
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
  readonly privateEndpoints: Fact<readonly PrivateServiceEndpoint[]>;
}

export interface FirewallRule {
  readonly protocol: string;
  readonly fromPort: number | null;
  readonly toPort: number | null;
  /** CIDR ranges (`0.0.0.0/0`, `::/0`) and peer firewall ids. */
  readonly sources: readonly string[];
}

export interface Firewall extends ResourceBase {
  readonly kind: 'firewall';
  readonly networkId: string | null;
  readonly ingress: Fact<readonly FirewallRule[]>;
}

export type Resource = InferenceEndpoint | EncryptionKey | Identity | ArtifactStore | ImageRepository | Network | Firewall;
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
  readonly provider: Provider;
  readonly source: InventorySource;
  /** Accounts / subscriptions / projects and regions covered. */
  readonly scope: { readonly accounts: readonly string[]; readonly regions: readonly string[] };
  readonly resources: readonly Resource[];
  readonly gaps: readonly CoverageGap[];
}

export function resourcesOfKind<K extends ResourceKind>(inventory: Inventory, kind: K): ResourceOfKind<K>[] {
  return inventory.resources.filter((r): r is ResourceOfKind<K> => r.kind === kind);
}

/** Joins inventories from several regions, accounts or shards. */
export function mergeInventories(parts: readonly Inventory[]): Inventory {
  if (parts.length === 0) throw new Error('mergeInventories needs at least one inventory');
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
    gaps: parts.flatMap((p) => p.gaps),
  };
}
