// Runs the CLI in process with captured stdout/stderr, a fixed clock and fake or real deps.
import { main } from '../../bin/inferguard';
import { realDeps, type CliDeps } from '../../bin/cli/deps';
import type { CliIo } from '../../bin/cli/io';
import { awsProvider, realAwsDeps, type AwsCliDeps } from '../../bin/cli/providers/aws';
import { NOW } from '../checker/sample-report';
import { scratchDir } from '../support/scratch';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface HarnessOptions {
  /**
   * Fakes for shared or AWS dependencies; the rest are real. AWS credentials are taken as found
   * unless `checkAwsCredentials` is given (e.g. `realAwsDeps().checkAwsCredentials`).
   */
  readonly deps?: Partial<Omit<CliDeps, 'providers'>> & Partial<AwsCliDeps>;
  readonly env?: Record<string, string | undefined>;
  readonly cwd?: string;
  readonly isTTY?: boolean;
  /** Resolves the sim command's wait for a stop signal; by default it resolves at once. */
  readonly waitForStop?: () => Promise<string>;
}

/** A fresh folder, removed when the test file ends. */
export function tempDir(): string {
  return scratchDir('inferguard-cli-');
}

export async function runCli(argv: string[], options: HarnessOptions = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text), isTTY: options.isTTY ?? false },
    env: options.env ?? {},
    cwd: options.cwd ?? tempDir(),
    now: () => NOW,
    waitForStop: options.waitForStop ?? (() => Promise.resolve('SIGINT')),
  };
  const aws: AwsCliDeps = { ...realAwsDeps(), checkAwsCredentials: async () => undefined, ...options.deps };
  const code = await main(argv, io, { ...realDeps([awsProvider(aws)]), ...options.deps });
  return { code, stdout, stderr };
}
