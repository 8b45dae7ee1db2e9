import type { CliDeps } from './deps';
import type { CliIo } from './io';

/** Shared by every command of one CLI invocation. */
export interface CliContext {
  readonly io: CliIo;
  readonly deps: CliDeps;
  /** The exit code the command decided; commander's actions cannot return one. */
  exitCode: number;
}
