// PLACEHOLDER in branch wip/stores: the local folder store (LocalSnapshotStore) is built on another
// branch and replaces this file on merge. It exists so open.ts type-checks and names the class it opens.
import type { SnapshotRef, SnapshotStore } from '../store';

const NOT_HERE = 'LocalSnapshotStore is not in this branch (wip/stores); it arrives from the local-store branch on merge.';

export class LocalSnapshotStore implements SnapshotStore {
  readonly description: string;

  constructor(readonly folder: string) {
    this.description = folder;
  }

  list(): Promise<readonly SnapshotRef[]> {
    return Promise.reject(new Error(NOT_HERE));
  }

  read(): Promise<Uint8Array> {
    return Promise.reject(new Error(NOT_HERE));
  }

  write(): Promise<SnapshotRef> {
    return Promise.reject(new Error(NOT_HERE));
  }

  remove(): Promise<void> {
    return Promise.reject(new Error(NOT_HERE));
  }
}
