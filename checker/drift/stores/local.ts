// Snapshots in a local folder. A write is create-only and atomic: the bytes go to a temporary file in
// the same folder, are flushed to disk, and are then hard-linked to the final name. link() fails when
// the name exists, so history is never replaced; a crash leaves at most a temporary file, which is never
// listed (and removed by a later write once it is old), and every earlier snapshot untouched.
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, linkSync, mkdirSync, openSync, readdirSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SnapshotStoreError, type SnapshotRef, type SnapshotStore } from '../store';

/** Temporary files start with this; complete snapshots never do. */
const TEMP_PREFIX = '.inferguard-tmp-';
/** A temporary file older than this is left over from a crashed writer. */
const STALE_TEMP_MS = 60 * 60 * 1000;
/** Names a complete snapshot may have: no path separators, no leading dot, a .json ending. */
const SNAPSHOT_NAME = /^[A-Za-z0-9][A-Za-z0-9._~-]*\.json$/;

function codeOf(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : undefined;
}

function detail(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class LocalSnapshotStore implements SnapshotStore {
  readonly description: string;
  private readonly folder: string;

  constructor(folder: string) {
    this.folder = resolve(folder);
    this.description = this.folder;
  }

  async list(): Promise<readonly SnapshotRef[]> {
    let names: string[];
    try {
      names = readdirSync(this.folder);
    } catch (error) {
      // No folder yet: no snapshot yet (the first write creates it).
      if (codeOf(error) === 'ENOENT') return [];
      throw new SnapshotStoreError(`Cannot list snapshots in ${this.folder}: ${detail(error)}`, this.folder, codeOf(error) === 'EACCES' ? 'denied' : 'unreadable');
    }
    return names
      .filter((name) => SNAPSHOT_NAME.test(name))
      .sort()
      .map((name) => this.ref(name));
  }

  async read(ref: SnapshotRef): Promise<Uint8Array> {
    const path = join(this.folder, this.checkName(ref.name));
    try {
      return readFileSync(path);
    } catch (error) {
      const code = codeOf(error);
      throw new SnapshotStoreError(`Cannot read snapshot ${path}: ${detail(error)}`, path, code === 'ENOENT' ? 'not-found' : code === 'EACCES' ? 'denied' : 'unreadable');
    }
  }

  async write(name: string, body: Uint8Array): Promise<SnapshotRef> {
    const path = join(this.folder, this.checkName(name));
    const temp = join(this.folder, `${TEMP_PREFIX}${process.pid}-${randomBytes(6).toString('hex')}`);
    try {
      mkdirSync(this.folder, { recursive: true });
    } catch (error) {
      throw new SnapshotStoreError(`Cannot create the snapshot folder ${this.folder}: ${detail(error)}`, this.folder, 'unwritable');
    }
    this.removeStaleTemps();
    let fd: number | undefined;
    try {
      fd = openSync(temp, 'wx', 0o600);
      for (let offset = 0; offset < body.length; ) offset += writeSync(fd, body, offset, body.length - offset);
      fsyncSync(fd);
      closeSync(fd);
      fd = undefined;
      // Unlike rename, link never replaces an existing name: create-only.
      linkSync(temp, path);
    } catch (error) {
      if (fd !== undefined) closeSync(fd);
      this.unlinkQuietly(temp);
      if (codeOf(error) === 'EEXIST') throw new SnapshotStoreError(`Snapshot ${path} exists already; snapshots are never overwritten.`, path, 'exists');
      throw new SnapshotStoreError(`Cannot write snapshot ${path}: ${detail(error)}`, path, codeOf(error) === 'EACCES' ? 'denied' : 'unwritable');
    }
    this.unlinkQuietly(temp);
    this.syncFolder();
    return this.ref(name);
  }

  async remove(ref: SnapshotRef): Promise<void> {
    const path = join(this.folder, this.checkName(ref.name));
    try {
      unlinkSync(path);
    } catch (error) {
      if (codeOf(error) === 'ENOENT') return;
      throw new SnapshotStoreError(`Cannot remove snapshot ${path}: ${detail(error)}`, path, codeOf(error) === 'EACCES' ? 'denied' : 'other');
    }
    this.syncFolder();
  }

  private ref(name: string): SnapshotRef {
    return { name, location: join(this.folder, name) };
  }

  private checkName(name: string): string {
    if (!SNAPSHOT_NAME.test(name)) throw new SnapshotStoreError(`"${name}" is not a snapshot name (letters, digits, . _ ~ -, ending in .json).`, join(this.folder, name), 'other');
    return name;
  }

  /** Makes the new directory entry durable: without it a power loss may forget the link. */
  private syncFolder(): void {
    let fd: number | undefined;
    try {
      fd = openSync(this.folder, 'r');
      fsyncSync(fd);
    } catch {
      // Some file systems cannot fsync a directory; the snapshot itself is flushed already.
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }

  private unlinkQuietly(path: string): void {
    try {
      unlinkSync(path);
    } catch {
      // Already gone; a leftover temporary file is never listed and is cleaned up later.
    }
  }

  /** Temporary files a crashed writer left behind; young ones may belong to a writer still running. */
  private removeStaleTemps(): void {
    let names: string[];
    try {
      names = readdirSync(this.folder);
    } catch {
      return;
    }
    const cutoff = Date.now() - STALE_TEMP_MS;
    for (const name of names.filter((n) => n.startsWith(TEMP_PREFIX))) {
      const path = join(this.folder, name);
      try {
        if (statSync(path).mtimeMs < cutoff) unlinkSync(path);
      } catch {
        // Another writer removed it.
      }
    }
  }
}
