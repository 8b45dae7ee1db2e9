// Options the renderers take, and how a CLI run derives them from its output stream and environment.
import { repositoryRoot } from './locations';

/** What a renderer may need besides the report; every field has a default. */
export interface RenderOptions {
  /** Columns the table may use. */
  readonly width?: number;
  /** ANSI colours in the table. */
  readonly color?: boolean;
  /** List passing and not-applicable results in the table instead of counting them. */
  readonly showPassed?: boolean;
  /** The folder SARIF locations are relative to (the repository root); also where relative targets start. */
  readonly root?: string;
  /** The folder the report's relative paths (its target) are relative to. */
  readonly cwd?: string;
}

/** The stream a report goes to, as far as the table cares. */
export interface OutputStream {
  readonly isTTY?: boolean;
  readonly columns?: number;
}

export const DEFAULT_WIDTH = 100;
const MIN_WIDTH = 40;

/**
 * Colour follows the conventions: FORCE_COLOR (any value but 0/false) forces it, as Node's own
 * tty does, so it wins over NO_COLOR; NO_COLOR (any non-empty value) turns it off; otherwise
 * colour only on a terminal. A file (`stream` undefined) never gets colour codes.
 */
export function wantsColor(stream: OutputStream | undefined, env: Readonly<Record<string, string | undefined>>): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return !['0', 'false'].includes(force.trim().toLowerCase());
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return stream?.isTTY === true && env.TERM !== 'dumb';
}

/** The terminal's columns; else COLUMNS; else DEFAULT_WIDTH (a pipe, a file, CI logs). */
export function outputWidth(stream: OutputStream | undefined, env: Readonly<Record<string, string | undefined>>): number {
  const columns = stream?.isTTY ? stream.columns : undefined;
  const fromEnv = Number(env.COLUMNS);
  const width = columns && columns > 0 ? columns : Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : DEFAULT_WIDTH;
  return Math.max(MIN_WIDTH, width);
}

export interface RenderContext {
  /** Where the report goes: the process's stdout, or undefined when it goes to a file. */
  readonly stream: OutputStream | undefined;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  readonly showPassed?: boolean;
}

/** Render options for a CLI run: width and colour from the output stream and the environment. */
export function renderOptionsFor({ stream, env, cwd, showPassed }: RenderContext): RenderOptions {
  return { width: outputWidth(stream, env), color: wantsColor(stream, env), showPassed: showPassed === true, cwd, root: repositoryRoot(cwd) };
}
