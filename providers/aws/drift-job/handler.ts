// The scheduled job's entry point (Lambda): maps the job's environment to `inferguard drift aws ...` and runs
// the CLI in process. The construct sets the environment; nothing in the scheduler's event changes what runs,
// so whoever can invoke the function cannot point the job at another store or topic.
import { main } from '../../../bin/inferguard';

/** The environment variables the construct sets on the function (and on the Fargate task's container). */
export const DRIFT_JOB_ENV = {
  store: 'INFERGUARD_DRIFT_STORE',
  retain: 'INFERGUARD_DRIFT_RETAIN',
  topicArn: 'INFERGUARD_DRIFT_SNS_TOPIC_ARN',
  regions: 'INFERGUARD_DRIFT_REGIONS',
  roleArn: 'INFERGUARD_DRIFT_ROLE_ARN',
  externalId: 'INFERGUARD_DRIFT_EXTERNAL_ID',
} as const;

/** Exit codes of `inferguard drift` that mean the run did its work (0 no change, 1 drift found and reported). */
export const COMPLETED_EXIT_CODES: readonly number[] = [0, 1];

/** A required setting is missing or malformed: the deployment is wrong, not the accounts it audits. */
export class DriftJobConfigurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DriftJobConfigurationError';
  }
}

/** The `drift aws` arguments for a job environment; refuses an environment the construct would never set. */
export function driftArguments(env: Readonly<Record<string, string | undefined>>): string[] {
  const store = env[DRIFT_JOB_ENV.store];
  if (!store) throw new DriftJobConfigurationError(`${DRIFT_JOB_ENV.store} is not set: it must name the snapshot store (s3://bucket/prefix). Deploy the job with ScheduledDriftCheck, which sets it.`);
  const args = ['drift', 'aws', '--store', store];
  const retain = env[DRIFT_JOB_ENV.retain];
  if (retain) {
    if (!/^[1-9][0-9]*$/.test(retain)) throw new DriftJobConfigurationError(`${DRIFT_JOB_ENV.retain} is "${retain}": it must be a whole number of snapshots to keep, 1 or more.`);
    args.push('--retain', retain);
  }
  const regions = env[DRIFT_JOB_ENV.regions];
  if (regions) args.push('--regions', regions);
  const topicArn = env[DRIFT_JOB_ENV.topicArn];
  if (topicArn) args.push('--notify-sns-topic', topicArn);
  // Another account: the CLI audits as this role (sts:AssumeRole).
  const roleArn = env[DRIFT_JOB_ENV.roleArn];
  if (roleArn) args.push('--role-arn', roleArn);
  const externalId = env[DRIFT_JOB_ENV.externalId];
  if (externalId) args.push('--external-id', externalId);
  return args;
}

export interface DriftJobResult {
  readonly exitCode: number;
  readonly driftFound: boolean;
}

/**
 * Lambda handler. Drift found (exit 1) is a completed run whose news went to the topic; a usage error (2) or an
 * incomplete audit (3) is thrown, so the function's Errors metric (and the construct's alarm on it) reports it.
 */
export async function handler(): Promise<DriftJobResult> {
  const exitCode = await main(driftArguments(process.env));
  if (!COMPLETED_EXIT_CODES.includes(exitCode)) {
    throw new Error(`inferguard drift aws ended with exit code ${exitCode} (${exitCode === 2 ? 'usage or configuration error' : 'incomplete: some reads failed or results are unknown'}); see the log lines above.`);
  }
  return { exitCode, driftFound: exitCode === 1 };
}
