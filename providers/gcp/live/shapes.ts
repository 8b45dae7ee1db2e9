// The documented shapes of the answers the readers use (discovery documents: aiplatform v1, cloudkms v1,
// accesscontextmanager v1, cloudresourcemanager v1 and v3, cloudasset v1). proto3 JSON leaves out fields at their default, so
// almost everything is optional; what each message always carries (a resource's `name`, a policy's
// `etag`, a project's id and number) is required, and list answers hold only their documented fields, so
// an empty or foreign 200 body is a failed read, never an empty list.
import { z } from 'zod';

const int32 = z.union([z.number().int(), z.string().regex(/^-?\d+$/).transform(Number)]);
const names = (pattern: RegExp) => z.string().regex(pattern);
const page = <T extends z.ZodRawShape>(shape: T) => z.strictObject({ ...shape, nextPageToken: z.string().optional() });

export const ENDPOINT_NAME = /^projects\/[^/]+\/locations\/[^/]+\/endpoints\/[^/]+$/;
/** A Model, optionally at a version id or alias (`…/models/M@2`, `…/models/M@golden`). */
export const MODEL_NAME = /^projects\/([^/]+)\/locations\/([^/]+)\/models\/([^/@]+)(?:@([^/]+))?$/;
/** `bq://PROJECT[.DATASET[.TABLE]]`; a domain-scoped project is `example.com:project`. */
export const BIGQUERY_URI = /^bq:\/\/((?:[^:/]+:)?[^.:/]+)(?:\.([A-Za-z0-9_]+)(?:\.([^./]+))?)?$/;
export const CRYPTO_KEY_NAME = /^projects\/([^/]+)\/locations\/([^/]+)\/keyRings\/([^/]+)\/cryptoKeys\/([^/]+)$/;

const deployedModel = z.object({
  id: z.string().min(1),
  model: z.string().optional(),
  modelVersionId: z.string().optional(),
  displayName: z.string().optional(),
  serviceAccount: z.string().optional(),
  dedicatedResources: z
    .object({ machineSpec: z.object({ machineType: z.string().optional() }).optional(), minReplicaCount: int32.optional(), maxReplicaCount: int32.optional() })
    .optional(),
  automaticResources: z.object({ minReplicaCount: int32.optional(), maxReplicaCount: int32.optional() }).optional(),
  sharedResources: z.string().optional(),
  enableAccessLogging: z.boolean().optional(),
});
export type DeployedModel = z.infer<typeof deployedModel>;

const endpoint = z.object({
  name: names(ENDPOINT_NAME),
  displayName: z.string().optional(),
  deployedModels: z.array(deployedModel).optional(),
  network: z.string().optional(),
  enablePrivateServiceConnect: z.boolean().optional(),
  privateServiceConnectConfig: z.object({ enablePrivateServiceConnect: z.boolean().optional(), projectAllowlist: z.array(z.string()).optional() }).optional(),
  dedicatedEndpointEnabled: z.boolean().optional(),
  encryptionSpec: z.object({ kmsKeyName: z.string().optional() }).optional(),
  predictRequestResponseLoggingConfig: z
    .object({ enabled: z.boolean().optional(), samplingRate: z.number().optional(), bigqueryDestination: z.object({ outputUri: z.string().optional() }).optional() })
    .optional(),
  modelDeploymentMonitoringJob: z.string().optional(),
});
export type VertexEndpoint = z.infer<typeof endpoint>;

const model = z.object({
  name: names(MODEL_NAME),
  versionId: z.string().optional(),
  containerSpec: z.object({ imageUri: z.string().optional() }).optional(),
  artifactUri: z.string().optional(),
  modelSourceInfo: z.object({ sourceType: z.string().optional(), copy: z.boolean().optional() }).optional(),
  encryptionSpec: z.object({ kmsKeyName: z.string().optional() }).optional(),
});
export type VertexModel = z.infer<typeof model>;

const binding = z.object({
  role: z.string().min(1),
  members: z.array(z.string()).optional(),
  condition: z.object({ expression: z.string().optional(), title: z.string().optional() }).optional(),
});

const perimeterConfig = z.object({ resources: z.array(z.string()).optional(), restrictedServices: z.array(z.string()).optional() });
const perimeter = z.object({
  name: names(/^accessPolicies\/[^/]+\/servicePerimeters\/[^/]+$/),
  title: z.string().optional(),
  perimeterType: z.string().optional(),
  status: perimeterConfig.optional(),
  spec: perimeterConfig.optional(),
  useExplicitDryRunSpec: z.boolean().optional(),
});
export type Perimeter = z.infer<typeof perimeter>;

export const SHAPES = {
  locations: page({ locations: z.array(z.object({ locationId: z.string().min(1), name: z.string().optional() })).optional() }),
  endpoints: page({ endpoints: z.array(endpoint).optional() }),
  model,
  bigqueryTable: z.object({
    tableReference: z.object({ projectId: z.string().min(1), datasetId: z.string().min(1), tableId: z.string().min(1) }),
    encryptionConfiguration: z.object({ kmsKeyName: z.string().optional() }).optional(),
  }),
  bigqueryDataset: z.object({
    datasetReference: z.object({ projectId: z.string().min(1), datasetId: z.string().min(1) }),
    location: z.string().optional(),
    defaultEncryptionConfiguration: z.object({ kmsKeyName: z.string().optional() }).optional(),
  }),
  cryptoKey: z.object({
    name: names(CRYPTO_KEY_NAME),
    purpose: z.string().optional(),
    primary: z.object({ name: z.string().optional(), state: z.string().optional() }).optional(),
    rotationPeriod: names(/^\d+(\.\d+)?s$/).optional(),
  }),
  iamPolicy: z.object({ version: int32.optional(), bindings: z.array(binding).optional(), etag: z.string().min(1) }),
  project: z.object({ projectId: z.string().min(1), projectNumber: names(/^\d+$/) }),
  ancestry: z.object({ ancestor: z.array(z.object({ resourceId: z.object({ type: z.string().min(1), id: z.string().min(1) }) })).min(1) }),
  accessPolicies: page({ accessPolicies: z.array(z.object({ name: names(/^accessPolicies\/[^/]+$/), parent: z.string().optional() })).optional() }),
  servicePerimeters: page({ servicePerimeters: z.array(perimeter).optional() }),
  // Cloud Resource Manager v3 (folders.list, projects.list, folders.get): `state` ACTIVE or DELETE_REQUESTED.
  folders: page({ folders: z.array(z.object({ name: names(/^folders\/\d+$/), parent: z.string().min(1), state: z.string().optional(), displayName: z.string().optional() })).optional() }),
  projects: page({ projects: z.array(z.object({ name: names(/^projects\/\d+$/), projectId: z.string().min(1), parent: z.string().optional(), state: z.string().optional() })).optional() }),
  folder: z.object({ name: names(/^folders\/\d+$/), parent: z.string().min(1), state: z.string().optional() }),
  // Cloud Asset Inventory v1 searchAllResources (ResourceSearchResult): `project` is projects/NUMBER.
  resourceSearch: page({ results: z.array(z.object({ name: z.string().min(1), assetType: z.string().optional(), project: z.string().optional(), location: z.string().optional() })).optional() }),
} as const;

export type CryptoKey = z.infer<typeof SHAPES.cryptoKey>;
export type IamPolicy = z.infer<typeof SHAPES.iamPolicy>;
