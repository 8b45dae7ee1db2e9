// Test support: a simulator per test file and SDK client settings that point at it.
import { startAwsSimulator, type AwsSimOptions, type RunningAwsSimulator } from '../../../sim/aws';
import type { AwsScenario } from '../../../sim/aws/scenario';

// Never let a client look for instance credentials or reach anything but the simulator.
process.env.AWS_EC2_METADATA_DISABLED = 'true';

export interface ClientSettings {
  readonly endpoint: string;
  readonly region: string;
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  readonly maxAttempts: number;
}

export function clientSettings(sim: RunningAwsSimulator, region = 'us-east-1'): ClientSettings {
  return { endpoint: sim.url, region, credentials: { accessKeyId: 'AKIDSIMULATOR', secretAccessKey: 'not-a-secret' }, maxAttempts: 1 };
}

/** Starts a simulator before the file's tests and closes it after them. */
export function useSimulator(build: () => AwsScenario, options: AwsSimOptions = {}): () => RunningAwsSimulator {
  let sim: RunningAwsSimulator | undefined;
  beforeAll(async () => {
    sim = await startAwsSimulator(build(), options);
  });
  afterAll(async () => {
    await sim?.close();
  });
  return () => {
    if (sim === undefined) throw new Error('The simulator is not running: call useSimulator at the top of the describe block.');
    return sim;
  };
}

/** Runs `call` and returns what it threw; fails the test when it does not throw. */
export async function rejectionOf(call: Promise<unknown>): Promise<Error & { $metadata?: { httpStatusCode?: number }; Code?: string }> {
  try {
    await call;
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`Expected an Error, got ${String(error)}`);
  }
  throw new Error('Expected the call to fail, but it succeeded.');
}

export async function collect<T>(pages: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const page of pages) out.push(page);
  return out;
}

export const EMPTY_SCENARIO = (): AwsScenario => ({ account: '111122223333', regions: {}, iam: { roles: [], managedPolicies: [] }, s3: { buckets: [] } });
