// The secure defaults of SecureVertexEndpoint, as pure functions of the project. Each key names the
// control it satisfies. Merge order: these defaults < the user's props < the component's own wiring
// (its key, its project in the allowlist and the perimeter), applied in secure-vertex-endpoint.ts.
import type { PerimeterEgressPolicy, PerimeterIngressPolicy, SecureVertexEndpointProps } from './props';

/** Everything the component builds from, once defaults and user props are merged. */
export interface VertexEndpointSettings {
  readonly projectId: string;
  readonly projectNumber: string;
  readonly region: string;
  readonly displayName: string;
  readonly privateServiceConnect: { readonly enabled: boolean; readonly projectAllowlist: readonly string[] };
  readonly network: string | undefined;
  readonly peeringRangePrefixLength: number;
  readonly createPeeringConnection: boolean;
  readonly dedicatedEndpoint: boolean;
  readonly key: {
    readonly existingKeyName: string | undefined;
    readonly customerManaged: boolean;
    readonly rotationDays: number;
    readonly destroyScheduledDays: number;
    readonly protectionLevel: 'SOFTWARE' | 'HSM';
    readonly extraEncrypterDecrypters: readonly string[];
  };
  readonly requestLogging: { readonly enabled: boolean; readonly samplingRate: number; readonly bigqueryDestination: string | undefined };
  readonly extraServingRoles: readonly string[];
  readonly modelArtifactBucket: string | undefined;
  readonly invokers: readonly string[];
  readonly servicePerimeter: {
    readonly enabled: boolean;
    readonly accessPolicy: string | undefined;
    readonly existingPerimeter: string | undefined;
    readonly dryRun: boolean;
    readonly restrictedServices: readonly string[];
    readonly ingressPolicies: readonly PerimeterIngressPolicy[];
    readonly egressPolicies: readonly PerimeterEgressPolicy[];
  };
  readonly labels: Readonly<Record<string, string>>;
}

/** The largest rotation period the baseline accepts (key-rotation-enabled's default parameter). */
export const MAX_ROTATION_DAYS = 90;
/** Cloud KMS's own default wait before a destroyed key version is gone; shorter weakens key-store-hardened. */
export const MIN_DESTROY_SCHEDULED_DAYS = 30;

/** The APIs Vertex AI serving uses: the model, its artifacts, its key, and the logging sink. */
export const PERIMETER_RESTRICTED_SERVICES = [
  'aiplatform.googleapis.com',
  'storage.googleapis.com',
  'cloudkms.googleapis.com',
  'bigquery.googleapis.com',
] as const;

/**
 * Roles of the serving service account: writing its own logs and metrics (the prediction container's
 * stdout and Cloud Monitoring metrics). Nothing project-wide beyond that; model artifacts are read with
 * `roles/storage.objectViewer` on the one bucket. Source: Google Cloud, "Use a custom service account"
 * (Vertex AI docs, general/custom-service-account): the serving container otherwise runs as a
 * Vertex-managed identity whose access cannot be narrowed.
 */
export const SERVING_ROLES = ['roles/logging.logWriter', 'roles/monitoring.metricWriter'] as const;
export const ARTIFACT_READER_ROLE = 'roles/storage.objectViewer';

/**
 * The role the Vertex AI service agent needs on the key, and the agent itself. Source: Google Cloud,
 * "Customer-managed encryption keys (CMEK)" (Vertex AI docs, general/cmek): grant
 * `roles/cloudkms.cryptoKeyEncrypterDecrypter` to `service-PROJECT_NUMBER@gcp-sa-aiplatform.iam.gserviceaccount.com`;
 * the key must be in the same region as the resource (EncryptionSpec.kmsKeyName, REST reference).
 */
export const KEY_ROLE = 'roles/cloudkms.cryptoKeyEncrypterDecrypter';
export function vertexServiceAgent(projectNumber: string): string {
  return `serviceAccount:service-${projectNumber}@gcp-sa-aiplatform.iam.gserviceaccount.com`;
}

/** Invokers call predict with `aiplatform.endpoints.predict`, which `roles/aiplatform.user` holds. */
export const INVOKER_ROLE = 'roles/aiplatform.user';

export function defaultSettings(project: Pick<SecureVertexEndpointProps, 'projectId' | 'projectNumber' | 'region'>): VertexEndpointSettings {
  return {
    projectId: project.projectId,
    projectNumber: project.projectNumber,
    region: project.region,
    displayName: 'inferguard-endpoint',
    // endpoint-public-access-disabled: reachable only through a Private Service Connect endpoint in an allowed project.
    privateServiceConnect: { enabled: true, projectAllowlist: [project.projectId] },
    // endpoint-public-access-disabled: no peering network unless asked (PSC is the private path).
    network: undefined,
    // endpoint-public-access-disabled: the /16 Google recommends reserving for services peering.
    peeringRangePrefixLength: 16,
    // endpoint-public-access-disabled: peering needs the servicenetworking connection; made here by default.
    createPeeringConnection: true,
    // endpoint-public-access-disabled: a dedicated endpoint without PSC has a public DNS name.
    dedicatedEndpoint: false,
    key: {
      // endpoint-storage-customer-key: a key made here, so its rotation and grants are known.
      existingKeyName: undefined,
      // endpoint-storage-customer-key: CMEK via encryptionSpec.
      customerManaged: true,
      // key-rotation-enabled: at most the control's default parameter.
      rotationDays: MAX_ROTATION_DAYS,
      // key-store-hardened: destroyed versions recoverable for Cloud KMS's default 30 days.
      destroyScheduledDays: MIN_DESTROY_SCHEDULED_DAYS,
      // key-store-hardened: key material in an HSM.
      protectionLevel: 'HSM',
      // key-not-public: only the Vertex AI service agent may use the key.
      extraEncrypterDecrypters: [],
    },
    // endpoint-request-logging: every request and response to BigQuery, in a dataset made here.
    requestLogging: { enabled: true, samplingRate: 1, bigqueryDestination: undefined },
    // identity-least-privilege: the serving account gets SERVING_ROLES and nothing else.
    extraServingRoles: [],
    // identity-least-privilege: no storage read unless a bucket is named, and then only on it.
    modelArtifactBucket: undefined,
    // endpoint-caller-authentication: no one is granted predict by the component; callers authenticate with IAM.
    invokers: [],
    servicePerimeter: {
      // project-service-perimeter: the project sits inside a perimeter.
      enabled: true,
      // project-service-perimeter: the user names the access policy (an organization resource).
      accessPolicy: undefined,
      existingPerimeter: undefined,
      // project-service-perimeter: enforced (status), not dry run (spec).
      dryRun: false,
      // project-service-perimeter: Vertex AI and the APIs it depends on.
      restrictedServices: PERIMETER_RESTRICTED_SERVICES,
      // workspace-private-access: no caller from outside the perimeter reaches the project's APIs.
      ingressPolicies: [],
      // network-outbound-restricted: nothing inside reaches resources outside the perimeter.
      egressPolicies: [],
    },
    labels: { 'managed-by': 'inferguard' },
  };
}

/** Defaults < user props (a user value replaces the default key by key; lists replace, not append). */
export function mergeSettings(props: SecureVertexEndpointProps): VertexEndpointSettings {
  const base = defaultSettings(props);
  return {
    ...base,
    displayName: props.displayName ?? base.displayName,
    privateServiceConnect: {
      enabled: props.privateServiceConnect?.enabled ?? base.privateServiceConnect.enabled,
      projectAllowlist: props.privateServiceConnect?.projectAllowlist ?? base.privateServiceConnect.projectAllowlist,
    },
    network: props.network ?? base.network,
    peeringRangePrefixLength: props.peeringRangePrefixLength ?? base.peeringRangePrefixLength,
    createPeeringConnection: props.createPeeringConnection ?? base.createPeeringConnection,
    dedicatedEndpoint: props.dedicatedEndpoint ?? base.dedicatedEndpoint,
    key: { ...base.key, ...definedOnly(props.key ?? {}) },
    requestLogging: { ...base.requestLogging, ...definedOnly(props.requestLogging ?? {}) },
    extraServingRoles: props.extraServingRoles ?? base.extraServingRoles,
    modelArtifactBucket: props.modelArtifactBucket ?? base.modelArtifactBucket,
    invokers: props.invokers ?? base.invokers,
    servicePerimeter: { ...base.servicePerimeter, ...definedOnly(props.servicePerimeter ?? {}) },
    labels: { ...base.labels, ...(props.labels ?? {}) },
  };
}

/** `{ a: undefined }` must not erase a default. */
function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
