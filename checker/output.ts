import { resolve } from 'node:path';
import { renderToFile } from './atomic-write';

export interface OutputTarget {
  /** A file path (relative to `cwd`); stdout when absent. */
  readonly output?: string;
  readonly cwd: string;
  readonly stdout: { write(text: string): unknown };
}

/**
 * Renders, then writes the whole text to the output file atomically or to stdout. When rendering
 * throws, nothing is written anywhere. Returns the absolute path written, if any.
 */
export function emit(render: () => string, target: OutputTarget): string | undefined {
  if (target.output === undefined) {
    target.stdout.write(render());
    return undefined;
  }
  const path = resolve(target.cwd, target.output);
  renderToFile(path, render);
  return path;
}
