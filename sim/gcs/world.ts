// The state a GCS simulator serves: buckets of objects, and who may do what.
export type GcsPermission = 'storage.objects.list' | 'storage.objects.get' | 'storage.objects.create' | 'storage.objects.delete';

export const ALL_OBJECT_PERMISSIONS: readonly GcsPermission[] = ['storage.objects.list', 'storage.objects.get', 'storage.objects.create', 'storage.objects.delete'];

export interface StoredObject {
  readonly data: Buffer;
  readonly generation: string;
  readonly contentType: string;
  readonly created: string;
}

export interface GcsWorld {
  /** Bucket name to its objects, by object name. */
  readonly buckets: Map<string, Map<string, StoredObject>>;
  /**
   * Bearer token to the permissions it holds on every bucket; a token not listed holds all of them.
   * A request without a token is anonymous and holds none, as on a bucket that is not public.
   */
  readonly tokens: ReadonlyMap<string, readonly GcsPermission[]>;
  /** Entries (objects plus prefixes) per list page when the request sets no maxResults; GCS's 1,000. */
  readonly defaultPageSize: number;
}

export function gcsWorld(buckets: readonly string[], tokens: ReadonlyMap<string, readonly GcsPermission[]> = new Map(), defaultPageSize = 1000): GcsWorld {
  return { buckets: new Map(buckets.map((name) => [name, new Map()])), tokens, defaultPageSize };
}
