import { EXIT_CODES } from '../../checker/run';

/** The command line or a configuration file is wrong: exit 2, with a message that says how to fix it. */
export class UsageError extends Error {
  readonly exitCode = EXIT_CODES.usage;
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The audit started but could not finish (no credentials, an unreadable template): exit 3. */
export class AuditError extends Error {
  readonly exitCode = EXIT_CODES.incomplete;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AuditError';
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The first line of an error's message, ending with a full stop, to build a one-line message on. */
export function firstSentence(error: unknown): string {
  const line = errorMessage(error).split('\n')[0].trim();
  return /[.!?]$/.test(line) ? line : `${line}.`;
}
