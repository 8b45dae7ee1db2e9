// Test helpers: one ScheduledDriftCheck in a fixed-environment stack, synthesized into a scratch cloud assembly.
import { App, Stack, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { ScheduledDriftCheckProps } from '../../../../providers/aws/drift-job/props';
import { ScheduledDriftCheck } from '../../../../providers/aws/drift-job/scheduled-drift-check';
import { scratchDir } from '../../../support/scratch';

export const ACCOUNT = '111122223333';
export const REGION = 'us-east-1';

export interface DriftJobApp {
  readonly app: App;
  readonly stack: Stack;
  readonly job: ScheduledDriftCheck;
}

/** An app with one stack holding one job; `nag` runs cdk-nag AwsSolutions as a policy-validation plugin at synth. */
export function driftJobApp(props: ScheduledDriftCheckProps = {}, options: { readonly nag?: boolean } = {}): DriftJobApp {
  const app = new App({ outdir: scratchDir('inferguard-drift-job-') });
  if (options.nag) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  const stack = new Stack(app, 'DriftJob', { env: { account: ACCOUNT, region: REGION } });
  const job = new ScheduledDriftCheck(stack, 'Drift', props);
  return { app, stack, job };
}
