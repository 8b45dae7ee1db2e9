// What both benchmarks (run.ts, org.ts) need of their command lines and child processes.
import type { ChildProcess } from 'node:child_process';
import { InvalidArgumentError } from 'commander';

/** A commander option parser for counts: a whole number, 1 or more. */
export function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`expected a whole number >= 1, got "${value}"`);
  return n;
}

/** The child's next IPC message; a child that exits first rejects with its exit code. */
export function nextMessage<T>(child: ChildProcess): Promise<T> {
  return new Promise((resolve, reject) => {
    child.once('message', (m) => resolve(m as T));
    child.once('exit', (code) => reject(new Error(`benchmark child exited with code ${code} before answering`)));
  });
}
