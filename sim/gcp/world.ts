// Seed data for the GCP simulator, in the REST shapes of the discovery documents
// (/work/shared/reference/gcp-discovery: aiplatform v1, cloudkms v1, accesscontextmanager v1) and of
// Cloud Resource Manager v1/v3. Values are held as the API returns them (int64 as strings, durations
// as "7776000s"); wire.ts drops default-valued fields the way proto3 JSON does.

/** A JSON object as an API returns it. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json | undefined };
export type JsonObject = { [key: string]: Json | undefined };

export interface ProjectSeed {
  readonly projectId: string;
  /** int64 in the APIs: a string of digits. */
  readonly projectNumber: string;
  readonly displayName: string;
  /** `organizations/N` or `folders/N`. */
  readonly parent: string;
  readonly createTime: string;
  /** Regions Vertex AI lists for this project (`projects.locations.list`). */
  readonly vertexLocations: readonly string[];
  /** Resource Manager v3 `state`; ACTIVE when absent. DELETE_REQUESTED projects are listed only with showDeleted=true. */
  readonly state?: 'ACTIVE' | 'DELETE_REQUESTED';
}

export interface FolderSeed {
  /** `folders/N` */
  readonly name: string;
  readonly parent: string;
  readonly displayName: string;
}

export interface KeyRingSeed {
  /** As KMS returns it: `projects/PROJECT_ID/locations/L/keyRings/R`. */
  readonly name: string;
  readonly createTime: string;
}

export interface CryptoKeySeed {
  /** GoogleCloud KMS CryptoKey as returned by `cryptoKeys.get`. */
  readonly key: JsonObject & { readonly name: string };
  /** Policy as returned by `getIamPolicy` (`version`, `bindings`, `etag`). */
  readonly policy: JsonObject;
}

export interface AccessPolicySeed {
  /** AccessPolicy: `name` accessPolicies/N, `parent` organizations/N, `title`, optional `scopes`, `etag`. */
  readonly policy: JsonObject & { readonly name: string; readonly parent: string };
  /** ServicePerimeter resources of this policy. */
  readonly perimeters: readonly JsonObject[];
}

/** A permission the caller lacks on a resource (or everything under it): answered 403 PERMISSION_DENIED. */
export interface Denial {
  readonly permission: string;
  /** `organizations/N`, `projects/ID`, `projects/NUMBER/locations/L`, ...; matches this name and below. */
  readonly resource: string;
}

export interface GcpWorld {
  readonly projects: readonly ProjectSeed[];
  readonly folders: readonly FolderSeed[];
  /** Vertex AI Endpoint resources, `name` = projects/NUMBER/locations/L/endpoints/ID, as `endpoints.get` returns them. */
  readonly endpoints: readonly (JsonObject & { readonly name: string })[];
  /** Vertex AI Model versions as `models.get` returns them: `name` projects/NUMBER/locations/L/models/ID, `versionId`, `versionAliases`. */
  readonly models: readonly (JsonObject & { readonly name: string; readonly versionId: string })[];
  /** BigQuery datasets as `datasets.get` returns them (`datasetReference.projectId` is the project id). */
  readonly bigqueryDatasets: readonly (JsonObject & { readonly datasetReference: { readonly projectId: string; readonly datasetId: string } })[];
  /** BigQuery tables as `tables.get` returns them. */
  readonly bigqueryTables: readonly (JsonObject & { readonly tableReference: { readonly projectId: string; readonly datasetId: string; readonly tableId: string } })[];
  readonly keyRings: readonly KeyRingSeed[];
  readonly cryptoKeys: readonly CryptoKeySeed[];
  readonly accessPolicies: readonly AccessPolicySeed[];
  readonly denials: readonly Denial[];
}

export interface GcpScenario {
  readonly description: string;
  readonly world: GcpWorld;
}
