// Progress and log lines on stderr, never stdout (stdout carries the report).
// On a terminal one status line is redrawn in place; elsewhere (CI logs, files) plain lines are
// written: one when a phase starts and ends, and at most one update per interval in between.

export interface ProgressStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

export interface Progress {
  /** Starts a phase (ending the previous one). */
  phase(name: string): void;
  /** Detail within the current phase, e.g. "12/40 endpoints". */
  update(detail: string): void;
  /** Ends the current phase with an optional result. */
  done(result?: string): void;
  /** A line that must not be lost among updates (a warning, a hint). */
  log(line: string): void;
}

export interface ProgressOptions {
  readonly quiet?: boolean;
  /** Minimum time between two plain update lines when stderr is not a terminal. */
  readonly intervalMs?: number;
  readonly clock?: () => number;
  readonly prefix?: string;
}

const silent: Progress = { phase() {}, update() {}, done() {}, log() {} };

export function createProgress(stream: ProgressStream, options: ProgressOptions = {}): Progress {
  if (options.quiet) return silent;
  const prefix = options.prefix ?? 'inferguard';
  const clock = options.clock ?? Date.now;
  const intervalMs = options.intervalMs ?? 5000;
  const tty = stream.isTTY === true;
  let current: { name: string; started: number } | undefined;
  let lastPlainUpdate = 0;
  let lineOpen = false;

  const clearLine = () => {
    if (tty && lineOpen) stream.write('\r\u001b[2K');
    lineOpen = false;
  };
  const elapsed = () => (current ? `${((clock() - current.started) / 1000).toFixed(1)}s` : '');

  const done = (result?: string) => {
    if (!current) return;
    clearLine();
    stream.write(`${prefix}: ${current.name}: ${result ?? 'done'} (${elapsed()})\n`);
    current = undefined;
  };

  return {
    phase(name) {
      done();
      current = { name, started: clock() };
      lastPlainUpdate = current.started;
      if (tty) {
        stream.write(`${prefix}: ${name}…`);
        lineOpen = true;
      } else {
        stream.write(`${prefix}: ${name}…\n`);
      }
    },
    update(detail) {
      if (!current) return;
      if (tty) {
        clearLine();
        stream.write(`${prefix}: ${current.name}: ${detail}`);
        lineOpen = true;
      } else if (clock() - lastPlainUpdate >= intervalMs) {
        lastPlainUpdate = clock();
        stream.write(`${prefix}: ${current.name}: ${detail} (${elapsed()})\n`);
      }
    },
    done,
    log(line) {
      clearLine();
      stream.write(`${prefix}: ${line}\n`);
      if (tty && current) {
        stream.write(`${prefix}: ${current.name}…`);
        lineOpen = true;
      }
    },
  };
}
