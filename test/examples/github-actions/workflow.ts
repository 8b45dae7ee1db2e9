// The parts of a GitHub Actions workflow the example tests read, and how they read them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export interface WorkflowStep {
  readonly name?: string;
  readonly id?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly if?: string;
  readonly shell?: string;
  readonly with?: Record<string, string | boolean | number>;
}

/** What every example workflow states at its top. */
export interface WorkflowHeader {
  readonly on: { readonly schedule?: readonly { readonly cron: string }[]; readonly workflow_dispatch?: unknown };
  readonly permissions: Record<string, string>;
  readonly concurrency: { readonly group: string; readonly 'cancel-in-progress': boolean };
}

/** examples/github-actions/<file>, parsed as the workflow shape the test expects. */
export function readWorkflow<T extends WorkflowHeader>(file: string): T {
  return parse(readFileSync(join(__dirname, '../../../examples/github-actions', file), 'utf8')) as T;
}

/** The one step whose `uses` or `run` matches; none or several is an error naming the pattern. */
export function stepMatching(steps: readonly WorkflowStep[], pattern: RegExp): WorkflowStep {
  const found = steps.filter((s) => pattern.test(s.uses ?? '') || pattern.test(s.run ?? ''));
  if (found.length !== 1) throw new Error(`expected one step matching ${pattern}, found ${found.length}`);
  return found[0];
}
