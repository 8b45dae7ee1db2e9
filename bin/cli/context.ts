import type { CliDeps } from './deps';
import type { CliIo } from './io';

/** Shared by every command of one CLI invocation. */
export interface CliContext {
  /** Its stdout and stderr already hide secrets (see secrets.ts). */
  readonly io: CliIo;
  readonly deps: CliDeps;
  /** Hides secrets in text written elsewhere than io (report files). */
  readonly redact: (text: string) => string;
  /** The exit code the command decided; commander's actions cannot return one. */
  exitCode: number;
}
