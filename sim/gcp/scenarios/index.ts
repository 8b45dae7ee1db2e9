// Seeded GCP worlds: a compliant project, a non-compliant one, one whose access policy cannot be read,
// all three together (`demo`), and generated ones for scale.
import type { AccessPolicySeed, CryptoKeySeed, GcpScenario, GcpWorld, JsonObject, KeyRingSeed, ProjectSeed } from '../world';

export const ORGANIZATION = 'organizations/123456789';
export const OTHER_ORGANIZATION = 'organizations/987654321';
const CREATED = '2026-03-01T10:00:00.000000Z';
const KEY_ROLE = 'roles/cloudkms.cryptoKeyEncrypterDecrypter';
const DAY = 86_400;
const RESTRICTED = ['aiplatform.googleapis.com', 'storage.googleapis.com', 'cloudkms.googleapis.com', 'bigquery.googleapis.com'];

const serviceAgent = (projectNumber: string): string => `serviceAccount:service-${projectNumber}@gcp-sa-aiplatform.iam.gserviceaccount.com`;

interface KeyOptions {
  readonly projectId: string;
  readonly location: string;
  readonly ring: string;
  readonly key: string;
  /** Days between rotations; no rotation schedule when absent. */
  readonly rotationDays?: number;
  readonly protectionLevel: 'SOFTWARE' | 'HSM';
  readonly members: readonly string[];
}

function cryptoKey(o: KeyOptions): CryptoKeySeed {
  const name = `projects/${o.projectId}/locations/${o.location}/keyRings/${o.ring}/cryptoKeys/${o.key}`;
  const key: CryptoKeySeed['key'] = {
    name,
    primary: {
      name: `${name}/cryptoKeyVersions/1`,
      state: 'ENABLED',
      createTime: CREATED,
      protectionLevel: o.protectionLevel,
      algorithm: 'GOOGLE_SYMMETRIC_ENCRYPTION',
      generateTime: CREATED,
    },
    purpose: 'ENCRYPT_DECRYPT',
    createTime: CREATED,
    versionTemplate: { protectionLevel: o.protectionLevel, algorithm: 'GOOGLE_SYMMETRIC_ENCRYPTION' },
    destroyScheduledDuration: `${30 * DAY}s`,
    ...(o.rotationDays === undefined ? {} : { rotationPeriod: `${o.rotationDays * DAY}s`, nextRotationTime: '2026-05-30T10:00:00Z' }),
  };
  return { key, policy: { version: 1, etag: 'BwXhqDK4RQw=', bindings: [{ role: KEY_ROLE, members: [...o.members] }] } };
}

/** A BigQuery dataset as `datasets.get` returns it; `kmsKeyName` is its default key (absent: Google-managed). */
export function bigqueryDataset(projectId: string, datasetId: string, location: string, kmsKeyName?: string): GcpWorld['bigqueryDatasets'][number] {
  return {
    kind: 'bigquery#dataset',
    etag: 'x7Ud3KfB2Q==',
    id: `${projectId}:${datasetId}`,
    selfLink: `/bigquery/v2/projects/${projectId}/datasets/${datasetId}`,
    datasetReference: { datasetId, projectId },
    access: [{ role: 'OWNER', specialGroup: 'projectOwners' }],
    creationTime: '1772359200000',
    lastModifiedTime: '1772359200000',
    location,
    type: 'DEFAULT',
    ...(kmsKeyName === undefined ? {} : { defaultEncryptionConfiguration: { kmsKeyName } }),
  };
}

/** A BigQuery table as `tables.get` returns it; `kmsKeyName` is its key (absent: Google-managed). */
export function bigqueryTable(projectId: string, datasetId: string, tableId: string, location: string, kmsKeyName?: string): GcpWorld['bigqueryTables'][number] {
  return {
    kind: 'bigquery#table',
    etag: 'Qm9f1Xw2ZA==',
    id: `${projectId}:${datasetId}.${tableId}`,
    selfLink: `/bigquery/v2/projects/${projectId}/datasets/${datasetId}/tables/${tableId}`,
    tableReference: { projectId, datasetId, tableId },
    schema: { fields: [{ name: 'endpoint', type: 'STRING', mode: 'NULLABLE' }, { name: 'request_payload', type: 'STRING', mode: 'REPEATED' }] },
    numBytes: '0',
    numRows: '0',
    creationTime: '1772359200000',
    lastModifiedTime: '1772359200000',
    type: 'TABLE',
    location,
    ...(kmsKeyName === undefined ? {} : { encryptionConfiguration: { kmsKeyName } }),
  };
}

function deployedModel(projectNumber: string, location: string, id: string, serviceAccount: string | undefined): JsonObject {
  return {
    id,
    model: `projects/${projectNumber}/locations/${location}/models/${id}00`,
    modelVersionId: '1',
    displayName: `model-${id}`,
    createTime: CREATED,
    dedicatedResources: { machineSpec: { machineType: 'n1-standard-4' }, minReplicaCount: 2, maxReplicaCount: 4 },
    ...(serviceAccount === undefined ? {} : { serviceAccount }),
  };
}

interface ModelOptions {
  readonly projectNumber: string;
  readonly location: string;
  /** The deployed model's id; the Model is `…/models/<id>00` (as deployedModel() names it), version 1. */
  readonly deployedId: string;
  /** containerSpec.imageUri; absent for models Vertex AI serves in its own containers (AutoML). */
  readonly imageUri?: string;
  readonly sourceType: 'CUSTOM' | 'AUTOML';
  readonly artifactUri?: string;
}

/** A Model version as `models.get` returns it. */
function model(o: ModelOptions): GcpWorld['models'][number] {
  return {
    name: `projects/${o.projectNumber}/locations/${o.location}/models/${o.deployedId}00`,
    displayName: `model-${o.deployedId}`,
    versionId: '1',
    versionAliases: ['default'],
    versionCreateTime: CREATED,
    versionUpdateTime: CREATED,
    createTime: CREATED,
    updateTime: CREATED,
    etag: 'AMEw9yM1',
    ...(o.imageUri === undefined ? {} : { containerSpec: { imageUri: o.imageUri, predictRoute: '/predict', healthRoute: '/health' } }),
    ...(o.artifactUri === undefined ? {} : { artifactUri: o.artifactUri }),
    modelSourceInfo: { sourceType: o.sourceType },
    supportedDeploymentResourcesTypes: ['DEDICATED_RESOURCES'],
    deployedModels: [{ endpoint: `projects/${o.projectNumber}/locations/${o.location}/endpoints/any`, deployedModelId: o.deployedId }],
  };
}

const DIGEST = `sha256:${'4f'.repeat(32)}`;

function compliantPart(): GcpWorld {
  const number = '111111111111';
  const location = 'europe-west4';
  const key = cryptoKey({ projectId: 'ml-prod', location, ring: 'vertex', key: 'endpoint', rotationDays: 90, protectionLevel: 'HSM', members: [serviceAgent(number)] });
  return {
    projects: [{ projectId: 'ml-prod', projectNumber: number, displayName: 'ML production', parent: 'folders/1001', createTime: CREATED, vertexLocations: [location, 'us-central1'] }],
    folders: [{ name: 'folders/1001', parent: ORGANIZATION, displayName: 'ml' }],
    endpoints: [
      {
        name: `projects/${number}/locations/${location}/endpoints/1234567890`,
        displayName: 'fraud-scoring',
        deployedModels: [
          {
            ...deployedModel(number, location, '5551', 'fraud-serving@ml-prod.iam.gserviceaccount.com'),
            privateEndpoints: { serviceAttachment: `projects/tenant-${number}/regions/${location}/serviceAttachments/sa-1234567890` },
          },
        ],
        trafficSplit: { '5551': 100 },
        etag: 'AMEw9yN1',
        createTime: CREATED,
        updateTime: CREATED,
        encryptionSpec: { kmsKeyName: key.key.name },
        privateServiceConnectConfig: { enablePrivateServiceConnect: true, projectAllowlist: ['ml-prod'], serviceAttachment: `projects/tenant-${number}/regions/${location}/serviceAttachments/sa-1234567890` },
        predictRequestResponseLoggingConfig: { enabled: true, samplingRate: 1, bigqueryDestination: { outputUri: 'bq://ml-prod.fraud_predictions' } },
      },
    ],
    models: [model({ projectNumber: number, location, deployedId: '5551', imageUri: `${location}-docker.pkg.dev/ml-prod/serving/fraud@${DIGEST}`, sourceType: 'CUSTOM', artifactUri: 'gs://ml-prod-models/fraud/1' })],
    // The logging table does not exist until Vertex AI writes the first row: the dataset's default key will encrypt it.
    bigqueryDatasets: [bigqueryDataset('ml-prod', 'fraud_predictions', location, key.key.name)],
    bigqueryTables: [],
    keyRings: [{ name: `projects/ml-prod/locations/${location}/keyRings/vertex`, createTime: CREATED }],
    cryptoKeys: [key],
    accessPolicies: [
      {
        policy: { name: 'accessPolicies/555', parent: ORGANIZATION, title: 'corp', etag: '7c1a3b' },
        perimeters: [
          {
            name: 'accessPolicies/555/servicePerimeters/ml_prod',
            title: 'ml_prod',
            status: { resources: [`projects/${number}`], restrictedServices: RESTRICTED, vpcAccessibleServices: { enableRestriction: true, allowedServices: ['RESTRICTED-SERVICES'] } },
            etag: '1f2e3d',
          },
        ],
      },
    ],
    denials: [],
  };
}

function nonCompliantPart(): GcpWorld {
  const number = '222222222222';
  const location = 'us-central1';
  const weak = cryptoKey({ projectId: 'ml-dev', location, ring: 'dev', key: 'yearly', rotationDays: 365, protectionLevel: 'SOFTWARE', members: ['allUsers', serviceAgent(number)] });
  const unrotated = cryptoKey({ projectId: 'ml-dev', location, ring: 'dev', key: 'never-rotated', protectionLevel: 'SOFTWARE', members: [serviceAgent(number)] });
  return {
    projects: [{ projectId: 'ml-dev', projectNumber: number, displayName: 'ML development', parent: ORGANIZATION, createTime: CREATED, vertexLocations: [location] }],
    folders: [],
    endpoints: [
      {
        // Shared public endpoint: no PSC, no network, Google-managed encryption, a model on the default identity, no logging.
        name: `projects/${number}/locations/${location}/endpoints/2000000001`,
        displayName: 'churn-public',
        deployedModels: [deployedModel(number, location, '6661', undefined)],
        trafficSplit: { '6661': 100 },
        etag: 'AMEw9yN2',
        createTime: CREATED,
        updateTime: CREATED,
      },
      {
        // Dedicated public endpoint: its own DNS name, reachable from the internet; logging configured off (an empty message).
        name: `projects/${number}/locations/${location}/endpoints/2000000002`,
        displayName: 'churn-dedicated',
        deployedModels: [deployedModel(number, location, '6662', `${number}-compute@developer.gserviceaccount.com`)],
        trafficSplit: { '6662': 100 },
        etag: 'AMEw9yN3',
        createTime: CREATED,
        updateTime: CREATED,
        encryptionSpec: { kmsKeyName: weak.key.name },
        dedicatedEndpointEnabled: true,
        dedicatedEndpointDns: `2000000002.${location}-${number}.prediction.vertexai.goog`,
        predictRequestResponseLoggingConfig: { enabled: false },
      },
    ],
    models: [
      // Google's pre-built scikit-learn container, by tag.
      model({ projectNumber: number, location, deployedId: '6661', imageUri: 'us-docker.pkg.dev/vertex-ai/prediction/sklearn-cpu.1-3:latest', sourceType: 'CUSTOM', artifactUri: 'gs://ml-dev-models/churn/1' }),
      // An AutoML model: Vertex AI serves it in its own container (no containerSpec).
      model({ projectNumber: number, location, deployedId: '6662', sourceType: 'AUTOML' }),
    ],
    bigqueryDatasets: [],
    bigqueryTables: [],
    keyRings: [{ name: `projects/ml-dev/locations/${location}/keyRings/dev`, createTime: CREATED }],
    cryptoKeys: [weak, unrotated],
    accessPolicies: [
      {
        policy: { name: 'accessPolicies/555', parent: ORGANIZATION, title: 'corp', etag: '7c1a3b' },
        perimeters: [
          {
            // Dry run only: the spec lists the project, nothing is enforced.
            name: 'accessPolicies/555/servicePerimeters/ml_dev',
            title: 'ml_dev',
            spec: { resources: [`projects/${number}`], restrictedServices: ['aiplatform.googleapis.com'] },
            useExplicitDryRunSpec: true,
            etag: '4a5b6c',
          },
        ],
      },
    ],
    denials: [],
  };
}

function deniedPart(): GcpWorld {
  const number = '333333333333';
  const location = 'europe-west4';
  return {
    projects: [{ projectId: 'ml-locked', projectNumber: number, displayName: 'ML (restricted auditor)', parent: OTHER_ORGANIZATION, createTime: CREATED, vertexLocations: [location] }],
    folders: [],
    endpoints: [
      {
        name: `projects/${number}/locations/${location}/endpoints/3000000001`,
        displayName: 'pricing',
        deployedModels: [deployedModel(number, location, '7771', 'pricing-serving@ml-locked.iam.gserviceaccount.com')],
        trafficSplit: { '7771': 100 },
        createTime: CREATED,
        updateTime: CREATED,
        privateServiceConnectConfig: { enablePrivateServiceConnect: true, projectAllowlist: ['ml-locked'] },
      },
    ],
    models: [model({ projectNumber: number, location, deployedId: '7771', imageUri: `${location}-docker.pkg.dev/ml-locked/serving/pricing@${DIGEST}`, sourceType: 'CUSTOM', artifactUri: 'gs://ml-locked-models/pricing/1' })],
    bigqueryDatasets: [],
    bigqueryTables: [],
    keyRings: [],
    cryptoKeys: [],
    accessPolicies: [
      {
        policy: { name: 'accessPolicies/777', parent: OTHER_ORGANIZATION, title: 'other' },
        perimeters: [{ name: 'accessPolicies/777/servicePerimeters/locked', title: 'locked', status: { resources: [`projects/${number}`], restrictedServices: RESTRICTED } }],
      },
    ],
    // The auditor has no organization-level role in the other organization.
    denials: [
      { permission: 'accesscontextmanager.policies.list', resource: OTHER_ORGANIZATION },
      { permission: 'accesscontextmanager.servicePerimeters.list', resource: OTHER_ORGANIZATION },
      { permission: 'accesscontextmanager.policies.get', resource: OTHER_ORGANIZATION },
    ],
  };
}

/** One world from parts; access policies with the same name are one policy with all their perimeters. */
export function mergeWorlds(...parts: readonly GcpWorld[]): GcpWorld {
  const policies = new Map<string, AccessPolicySeed>();
  for (const seed of parts.flatMap((p) => p.accessPolicies)) {
    const known = policies.get(seed.policy.name);
    policies.set(seed.policy.name, known === undefined ? seed : { policy: known.policy, perimeters: [...known.perimeters, ...seed.perimeters] });
  }
  return {
    projects: parts.flatMap((p) => p.projects),
    folders: parts.flatMap((p) => p.folders),
    endpoints: parts.flatMap((p) => p.endpoints),
    models: parts.flatMap((p) => p.models),
    bigqueryDatasets: parts.flatMap((p) => p.bigqueryDatasets),
    bigqueryTables: parts.flatMap((p) => p.bigqueryTables),
    keyRings: parts.flatMap((p) => p.keyRings),
    cryptoKeys: parts.flatMap((p) => p.cryptoKeys),
    accessPolicies: [...policies.values()],
    denials: parts.flatMap((p) => p.denials),
  };
}

export interface GenerateGcpOptions {
  readonly endpoints: number;
  /** Regions the endpoints are spread over, round robin. */
  readonly locations?: readonly string[];
}

/** One compliant project with many PSC endpoints sharing one key, for scale runs. */
export function generateGcpScenario(options: GenerateGcpOptions): GcpWorld {
  const base = compliantPart();
  const locations = options.locations ?? ['europe-west4'];
  const template = base.endpoints[0];
  const number = base.projects[0].projectNumber;
  const keys = locations.map((location) => cryptoKey({ projectId: 'ml-prod', location, ring: 'vertex', key: 'endpoint', rotationDays: 90, protectionLevel: 'HSM', members: [serviceAgent(number)] }));
  const endpoints = Array.from({ length: options.endpoints }, (_, index) => {
    const location = locations[index % locations.length];
    return {
      ...template,
      name: `projects/${number}/locations/${location}/endpoints/${String(4_000_000_000 + index)}`,
      displayName: `endpoint-${index}`,
      encryptionSpec: { kmsKeyName: keys[index % locations.length].key.name },
    };
  });
  return {
    ...base,
    projects: [{ ...base.projects[0], vertexLocations: [...new Set([...locations, ...base.projects[0].vertexLocations])] }],
    endpoints,
    keyRings: locations.map((location) => ({ name: `projects/ml-prod/locations/${location}/keyRings/vertex`, createTime: CREATED })),
    cryptoKeys: keys,
  };
}

export interface GenerateGcpOrganizationOptions {
  /** ACTIVE projects in the organization. */
  readonly projects: number;
  /** How many of them (spread evenly) hold Vertex AI endpoints, one endpoint each. */
  readonly withEndpoints: number;
  /** Vertex AI locations every project lists (default one). */
  readonly locations?: readonly string[];
}

/** The organization a generated estate lives in. */
export const ESTATE_ORGANIZATION = 'organizations/424242424242';

/**
 * An organization for scale runs: projects `estate-0000`… directly under it and in a two-level folder tree
 * (folders/7001 and 7002, 7011 under 7001), one project awaiting deletion, and an enforced perimeter around
 * every other project. Projects holding endpoints alternate between a private CMEK endpoint and a public one.
 */
export function generateGcpOrganization(options: GenerateGcpOrganizationOptions): GcpWorld {
  const locations = options.locations ?? ['europe-west4'];
  const folders = [
    { name: 'folders/7001', parent: ESTATE_ORGANIZATION, displayName: 'ml' },
    { name: 'folders/7002', parent: ESTATE_ORGANIZATION, displayName: 'data' },
    { name: 'folders/7011', parent: 'folders/7001', displayName: 'ml-serving' },
  ];
  const parents = [ESTATE_ORGANIZATION, ...folders.map((f) => f.name)];
  const projects: ProjectSeed[] = Array.from({ length: options.projects }, (_, i) => ({
    projectId: `estate-${String(i).padStart(4, '0')}`,
    projectNumber: String(500_000_000_000 + i),
    displayName: `Estate ${i}`,
    parent: parents[i % parents.length],
    createTime: CREATED,
    vertexLocations: [...locations],
  }));
  const deleted: ProjectSeed = { projectId: 'estate-deleted', projectNumber: '599999999999', displayName: 'Awaiting deletion', parent: 'folders/7011', createTime: CREATED, vertexLocations: [...locations], state: 'DELETE_REQUESTED' };
  const step = options.withEndpoints > 0 ? Math.max(1, Math.floor(options.projects / options.withEndpoints)) : 0;
  const holders = options.withEndpoints > 0 ? projects.filter((_, i) => i % step === 0).slice(0, options.withEndpoints) : [];
  const endpoints: GcpWorld['endpoints'][number][] = [];
  const models: GcpWorld['models'][number][] = [];
  const keyRings: KeyRingSeed[] = [];
  const cryptoKeys: CryptoKeySeed[] = [];
  holders.forEach((project, n) => {
    const location = locations[n % locations.length];
    const deployedId = String(8000 + n);
    const number = project.projectNumber;
    models.push(model({ projectNumber: number, location, deployedId, imageUri: `${location}-docker.pkg.dev/${project.projectId}/serving/model@${DIGEST}`, sourceType: 'CUSTOM', artifactUri: `gs://${project.projectId}-models/1` }));
    const base = {
      name: `projects/${number}/locations/${location}/endpoints/${String(3_000_000_000 + n)}`,
      displayName: `estate-endpoint-${n}`,
      trafficSplit: { [deployedId]: 100 },
      etag: 'AMEw9yN9',
      createTime: CREATED,
      updateTime: CREATED,
    };
    if (n % 2 === 0) {
      const key = cryptoKey({ projectId: project.projectId, location, ring: 'vertex', key: 'endpoint', rotationDays: 90, protectionLevel: 'HSM', members: [serviceAgent(number)] });
      keyRings.push({ name: `projects/${project.projectId}/locations/${location}/keyRings/vertex`, createTime: CREATED });
      cryptoKeys.push(key);
      endpoints.push({
        ...base,
        deployedModels: [deployedModel(number, location, deployedId, `serving@${project.projectId}.iam.gserviceaccount.com`)],
        encryptionSpec: { kmsKeyName: key.key.name },
        privateServiceConnectConfig: { enablePrivateServiceConnect: true, projectAllowlist: [project.projectId] },
      });
    } else {
      endpoints.push({ ...base, deployedModels: [deployedModel(number, location, deployedId, undefined)] });
    }
  });
  return {
    projects: [...projects, deleted],
    folders,
    endpoints,
    models,
    bigqueryDatasets: [],
    bigqueryTables: [],
    keyRings,
    cryptoKeys,
    accessPolicies: [
      {
        policy: { name: 'accessPolicies/4242', parent: ESTATE_ORGANIZATION, title: 'estate', etag: '42aa' },
        perimeters: [
          {
            name: 'accessPolicies/4242/servicePerimeters/estate',
            title: 'estate',
            status: { resources: projects.filter((_, i) => i % 2 === 0).map((p) => `projects/${p.projectNumber}`), restrictedServices: RESTRICTED },
            etag: '42bb',
          },
        ],
      },
    ],
    denials: [],
  };
}

export interface GcpScenarioEntry {
  readonly description: string;
  build(): GcpScenario;
}

function entry(description: string, world: () => GcpWorld): GcpScenarioEntry {
  return { description, build: () => ({ description, world: world() }) };
}

export const gcpScenarios: Readonly<Record<string, GcpScenarioEntry>> = {
  demo: entry('three projects: ml-prod (compliant), ml-dev (non-compliant), ml-locked (access policy unreadable)', () => mergeWorlds(compliantPart(), nonCompliantPart(), deniedPart())),
  compliant: entry('ml-prod: a PSC endpoint with CMEK, logging and a dedicated serving account, inside an enforced perimeter', compliantPart),
  'non-compliant': entry('ml-dev: shared and dedicated public endpoints, no CMEK, a dry-run-only perimeter, default identities, a 365-day key granted to allUsers', nonCompliantPart),
  denied: entry('ml-locked: the access policy of its organization cannot be read (403)', deniedPart),
  organization: entry(`organization ${ESTATE_ORGANIZATION.split('/')[1]}: 40 projects in folders (audit gcp --organization), 4 of them with Vertex AI endpoints, one awaiting deletion`, () =>
    generateGcpOrganization({ projects: 40, withEndpoints: 4 }),
  ),
};
