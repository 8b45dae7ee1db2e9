// Test helpers: one SecureSageMakerEndpoint in a fixed-environment stack, and the inferguard warnings it emitted.
import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import type { SecureSageMakerEndpointProps } from '../../../../providers/aws/construct/props';
import { SecureSageMakerEndpoint } from '../../../../providers/aws/construct/secure-sagemaker-endpoint';
import type { ControlId } from '../../../../providers/aws/construct/weakening';
import { exampleContext } from '../../../../stacks/aws/example-app';
import { scratchDir } from '../../../support/scratch';

export const ACCOUNT = '111122223333';
export const REGION = 'us-east-1';
export const DIGEST = `sha256:${'ab'.repeat(32)}`;
export const ANALYZER_IMAGE = '156813124566.dkr.ecr.us-east-1.amazonaws.com/sagemaker-model-monitor-analyzer';

export const MONITORING: NonNullable<SecureSageMakerEndpointProps['monitoring']> = {
  analyzerImageUri: ANALYZER_IMAGE,
  baselineStatisticsKey: 'baselines/m/statistics.json',
  baselineConstraintsKey: 'baselines/m/constraints.json',
};

/** Props of a real-time endpoint that meets the whole baseline (monitoring included). */
export const COMPLIANT: SecureSageMakerEndpointProps = { imageDigest: DIGEST, modelDataKey: 'models/m/model.tar.gz', monitoring: MONITORING };

export function newStack(): Stack {
  const app = new App({ context: exampleContext(ACCOUNT, REGION), outdir: scratchDir('inferguard-construct-') });
  return new Stack(app, 'Test', { env: { account: ACCOUNT, region: REGION } });
}

export function synthEndpoint(props: SecureSageMakerEndpointProps, stack: Stack = newStack()) {
  const endpoint = new SecureSageMakerEndpoint(stack, 'Inference', props);
  return { stack, endpoint, template: Template.fromStack(stack) };
}

/** The control ids of the inferguard warnings in the stack (one entry per warning, sorted). */
export function inferguardWarnings(stack: Stack): ControlId[] {
  return Annotations.fromStack(stack)
    .findWarning('*', Match.stringLikeRegexp('\\[ack: inferguard:'))
    .map((w) => /\[ack: inferguard:([a-z-]+)\]/.exec(String(w.entry.data))?.[1] as ControlId)
    .sort();
}
