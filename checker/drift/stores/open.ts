// The store a `--store` location names. This version knows local folders only; the object stores
// (s3://, Azure Blob, gs://) come with their own factory, which replaces this file on merge.
import { isAbsolute, resolve } from 'node:path';
import type { SnapshotStore } from '../store';
import { LocalSnapshotStore } from './local';

/** A `--store` location this build cannot use: the CLI turns it into a usage error (exit 2). */
export class SnapshotLocationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SnapshotLocationError';
  }
}

/** `location`: a folder (relative paths resolve against `env.PWD`, else the process's cwd). */
export async function openSnapshotStore(location: string, env: Readonly<Record<string, string | undefined>>): Promise<SnapshotStore> {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(location)) {
    throw new SnapshotLocationError(`--store ${location}: object-store snapshot locations are not supported by this build; give a local folder, e.g. --store .inferguard/snapshots.`);
  }
  if (location.trim() === '') throw new SnapshotLocationError('--store cannot be empty; give a folder, e.g. --store .inferguard/snapshots.');
  return new LocalSnapshotStore(isAbsolute(location) ? location : resolve(env.PWD ?? process.cwd(), location));
}
