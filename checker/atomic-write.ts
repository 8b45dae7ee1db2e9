import { randomBytes } from 'node:crypto';
import { closeSync, fchmodSync, fsyncSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

/**
 * Writes `contents` to `path` so that a reader sees either the old file or the whole new one,
 * never a partial file: write a temporary file in the same folder (so the rename stays on one
 * file system), flush it to disk, then rename it over the target. A file that is replaced keeps its
 * permissions (a report someone made private stays private); a new one gets 0644 less the umask.
 */
export function writeFileAtomic(path: string, contents: string): void {
  const target = resolve(path);
  const temp = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const existingMode = modeOf(target);
  let fd: number | undefined;
  try {
    // Created private, so the contents are never readable more widely than the file it replaces.
    fd = openSync(temp, 'wx', existingMode === undefined ? 0o644 : 0o600);
    if (existingMode !== undefined) fchmodSync(fd, existingMode);
    writeSync(fd, contents, null, 'utf8');
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(temp, target);
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    rmSync(temp, { force: true });
    throw error;
  }
}

/** The permission bits of an existing regular file, or `undefined`. */
function modeOf(path: string): number | undefined {
  try {
    const stats = statSync(path);
    return stats.isFile() ? stats.mode & 0o7777 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Renders first, then writes: when rendering throws, nothing is written and an existing file
 * stays as it was.
 */
export function renderToFile(path: string, render: () => string): void {
  const contents = render();
  writeFileAtomic(path, contents);
}
