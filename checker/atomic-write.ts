import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

/**
 * Writes `contents` to `path` so that a reader sees either the old file or the whole new one,
 * never a partial file: write a temporary file in the same folder (so the rename stays on one
 * file system), flush it to disk, then rename it over the target.
 */
export function writeFileAtomic(path: string, contents: string): void {
  const target = resolve(path);
  const temp = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(temp, 'wx', 0o644);
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

/**
 * Renders first, then writes: when rendering throws, nothing is written and an existing file
 * stays as it was.
 */
export function renderToFile(path: string, render: () => string): void {
  const contents = render();
  writeFileAtomic(path, contents);
}
