// What the three object stores (S3, Azure Blob Storage, Google Cloud Storage) share: snapshot names,
// keys under a prefix, paging, create-only writes and the errors they end in. Each store supplies only
// the calls of its SDK (an ObjectBackend) and how to read that SDK's failures.
import { SnapshotStoreError, type SnapshotRef, type SnapshotStore } from '../store';

/** What a store operation was doing, for messages and for the permission it needs. */
export type StoreOperation = 'list' | 'read' | 'write' | 'remove';

export interface ListedPage {
  /** Full object keys of this page (the store filters them to snapshot names under the prefix). */
  readonly keys: readonly string[];
  /** Where the next page starts; undefined on the last page. */
  readonly next?: string;
}

/** The few calls an object store makes, in its own SDK; failures are thrown as the SDK throws them. */
export interface ObjectBackend {
  /** `s3://bucket/prefix` or the like, with no trailing slash. */
  readonly description: string;
  /** The object's URL for messages: `s3://bucket/prefix/name`. */
  objectUrl(key: string): string;
  /** Creates the object only if no object has that key: 'exists' when one has. */
  createIfAbsent(key: string, body: Uint8Array): Promise<'created' | 'exists'>;
  get(key: string): Promise<Uint8Array>;
  /** One page of the keys directly under `prefix` (no deeper "folders"). */
  listPage(prefix: string, next: string | undefined): Promise<ListedPage>;
  /** Deletes the object; a missing object is not an error. */
  delete(key: string): Promise<void>;
  /** The store's explanation of an SDK failure: what went wrong and how to fix it. */
  failure(operation: StoreOperation, key: string | undefined, error: unknown): SnapshotStoreError;
}

/** Snapshot names are one path segment: no slash, not hidden (temporary or foreign files start with a dot), no control characters. */
export function snapshotNameProblem(name: string): string | undefined {
  if (name === '') return 'it is empty';
  if (name.includes('/') || name.includes('\\')) return 'it contains a slash (a snapshot name is one path segment)';
  if (name.startsWith('.')) return 'it starts with a dot (hidden and temporary names are never snapshots)';
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'it contains a control character';
  if (Buffer.byteLength(name, 'utf8') > 255) return 'it is longer than 255 bytes';
  return undefined;
}

/**
 * A prefix as written in a location (`a/b/`, `/a/b`, ``) as the key prefix objects are stored under
 * (`a/b/` or ``), or a message saying what is wrong with it.
 */
export function normalisePrefix(raw: string): { prefix: string } | { problem: string } {
  const trimmed = raw.replace(/^\/+/, '').replace(/\/+$/, '');
  if (trimmed === '') return { prefix: '' };
  const segments = trimmed.split('/');
  if (segments.some((segment) => segment === '' || segment === '.' || segment === '..')) {
    return { problem: `the prefix "${raw}" has an empty, "." or ".." segment` };
  }
  return { prefix: `${trimmed}/` };
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

export class ObjectSnapshotStore implements SnapshotStore {
  readonly description: string;

  constructor(
    private readonly backend: ObjectBackend,
    /** The key prefix, `` or ending in `/`. */
    private readonly prefix: string,
  ) {
    this.description = backend.description;
  }

  async list(): Promise<readonly SnapshotRef[]> {
    const names: string[] = [];
    let next: string | undefined;
    const seenTokens = new Set<string>();
    do {
      let page: ListedPage;
      try {
        page = await this.backend.listPage(this.prefix, next);
      } catch (error) {
        throw this.backend.failure('list', undefined, error);
      }
      for (const key of page.keys) {
        if (!key.startsWith(this.prefix)) continue;
        const name = key.slice(this.prefix.length);
        if (snapshotNameProblem(name) === undefined) names.push(name);
      }
      next = page.next;
      // A store that hands back a token it gave before would page forever.
      if (next !== undefined) {
        if (seenTokens.has(next)) {
          throw new SnapshotStoreError(`Listing ${this.description} did not end: the store returned the same page token twice.`, this.description, 'unreadable');
        }
        seenTokens.add(next);
      }
    } while (next !== undefined);
    // Code-unit order, as the names are written to sort (timestamps first); never locale-dependent.
    return [...new Set(names)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).map((name) => this.ref(name));
  }

  async read(ref: SnapshotRef): Promise<Uint8Array> {
    const key = this.keyOf(ref.name);
    try {
      return await this.backend.get(key);
    } catch (error) {
      throw this.backend.failure('read', key, error);
    }
  }

  async write(name: string, body: Uint8Array): Promise<SnapshotRef> {
    const key = this.keyOf(name);
    let outcome: 'created' | 'exists';
    try {
      outcome = await this.backend.createIfAbsent(key, body);
    } catch (error) {
      throw this.backend.failure('write', key, error);
    }
    if (outcome === 'exists') {
      // An SDK retries a create whose response was lost; the retry then finds our own object. The same
      // bytes under the name is that snapshot, stored; different bytes is another run's, never replaced.
      let stored: Uint8Array | undefined;
      try {
        stored = await this.backend.get(key);
      } catch {
        stored = undefined;
      }
      if (stored === undefined || !sameBytes(stored, body)) {
        throw new SnapshotStoreError(
          `A snapshot named ${name} exists already at ${this.backend.objectUrl(key)}; snapshots are never overwritten. Write under a new name (names carry the time of the run).`,
          this.backend.objectUrl(key),
          'exists',
        );
      }
    }
    return this.ref(name);
  }

  async remove(ref: SnapshotRef): Promise<void> {
    const key = this.keyOf(ref.name);
    try {
      await this.backend.delete(key);
    } catch (error) {
      throw this.backend.failure('remove', key, error);
    }
  }

  private ref(name: string): SnapshotRef {
    return { name, location: this.backend.objectUrl(this.prefix + name) };
  }

  private keyOf(name: string): string {
    const problem = snapshotNameProblem(name);
    if (problem !== undefined) {
      throw new SnapshotStoreError(`"${name}" is not a snapshot name for ${this.description}: ${problem}.`, this.description, 'other');
    }
    return this.prefix + name;
  }
}

/** The message of any thrown value, first line only. */
export function messageOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return (text.split('\n')[0] ?? '').slice(0, 300) || 'no message';
}

/** The words for each operation in messages. */
export const DOING: Readonly<Record<StoreOperation, string>> = {
  list: 'list snapshots in',
  read: 'read',
  write: 'write',
  remove: 'remove',
};

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** Plain http only to this machine: credentials must not cross a network in clear. */
export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK.has(hostname);
}
