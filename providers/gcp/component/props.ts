// What a user may set on SecureVertexEndpoint. Every setting is optional except where the project is
// and which access policy guards it; defaults.ts says what each one defaults to and which control it serves.
import type * as gcpInputs from '@pulumi/gcp/types/input';

export interface PrivateServiceConnectProps {
  /** false turns Private Service Connect off (then set `network` for VPC peering, or accept a public endpoint). */
  readonly enabled?: boolean;
  /** Projects (ids or numbers) allowed to connect; the endpoint's own project is always added. */
  readonly projectAllowlist?: readonly string[];
}

export interface RequestLoggingProps {
  readonly enabled?: boolean;
  /** Share of requests logged, in (0, 1]. */
  readonly samplingRate?: number;
  /** `bq://project.dataset[.table]`; a dataset is created when unset. */
  readonly bigqueryDestination?: string;
}

export interface ServicePerimeterProps {
  /** false leaves the project outside any perimeter created or joined here. */
  readonly enabled?: boolean;
  /** `accessPolicies/N`: create a new perimeter in this policy. */
  readonly accessPolicy?: string;
  /** `accessPolicies/N/servicePerimeters/NAME`: add the project to this existing perimeter instead. */
  readonly existingPerimeter?: string;
  /** true writes the perimeter as a dry run (`spec`) instead of enforcing it (`status`). */
  readonly dryRun?: boolean;
  /** Replaces the default list of restricted APIs. */
  readonly restrictedServices?: readonly string[];
  /** Ingress rules, as `gcp.accesscontextmanager.ServicePerimeter` takes them; any opens the perimeter to callers outside it. */
  readonly ingressPolicies?: readonly PerimeterIngressPolicy[];
  /** Egress rules; any lets workloads inside reach resources outside it. */
  readonly egressPolicies?: readonly PerimeterEgressPolicy[];
}

/** Rules are passed to the provider as written; the enforced (status) and dry-run (spec) shapes are the same. */
export type PerimeterIngressPolicy = gcpInputs.accesscontextmanager.ServicePerimeterStatusIngressPolicy & gcpInputs.accesscontextmanager.ServicePerimeterSpecIngressPolicy;
export type PerimeterEgressPolicy = gcpInputs.accesscontextmanager.ServicePerimeterStatusEgressPolicy & gcpInputs.accesscontextmanager.ServicePerimeterSpecEgressPolicy;

export interface KeyProps {
  /** Bring your own key (`projects/P/locations/L/keyRings/R/cryptoKeys/K`): no ring or key is created. */
  readonly existingKeyName?: string;
  /** false leaves the endpoint on Google-managed encryption. */
  readonly customerManaged?: boolean;
  readonly rotationDays?: number;
  /** Days a destroyed key version waits before it is gone (Cloud KMS allows 1 to 120). */
  readonly destroyScheduledDays?: number;
  readonly protectionLevel?: 'SOFTWARE' | 'HSM';
  /** Further members granted encrypter/decrypter on the key. */
  readonly extraEncrypterDecrypters?: readonly string[];
}

export interface SecureVertexEndpointProps {
  readonly projectId: string;
  /** The project number, for the Vertex AI service agent and the perimeter's `projects/NUMBER` resource. */
  readonly projectNumber: string;
  /** The endpoint's region, e.g. `europe-west4`; the key must be in it. */
  readonly region: string;
  readonly displayName?: string;
  readonly privateServiceConnect?: PrivateServiceConnectProps;
  /** VPC peering: `projects/NUMBER/global/networks/NAME`. Needs `privateServiceConnect.enabled: false`. */
  readonly network?: string;
  /** Prefix length of the range reserved for the peering connection. */
  readonly peeringRangePrefixLength?: number;
  /** false when the network already has its `servicenetworking` connection. */
  readonly createPeeringConnection?: boolean;
  /** A dedicated public endpoint (its own DNS name); cannot be combined with Private Service Connect. */
  readonly dedicatedEndpoint?: boolean;
  readonly key?: KeyProps;
  readonly requestLogging?: RequestLoggingProps;
  /** Roles granted to the serving service account beyond the defaults. */
  readonly extraServingRoles?: readonly string[];
  /** Bucket the model artifacts are read from; the serving account gets object read on it alone. */
  readonly modelArtifactBucket?: string;
  /** Members granted `roles/aiplatform.user` on the endpoint. */
  readonly invokers?: readonly string[];
  readonly servicePerimeter?: ServicePerimeterProps;
  readonly labels?: Readonly<Record<string, string>>;
}
