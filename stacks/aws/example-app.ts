// Builds the example app the same way for `cdk synth` (bin/cdk-app.ts) and for tests: the foundation stack and the
// endpoint stack in a fixed environment, with the one context lookup (availability zones) committed in
// cdk.context.json for the placeholder account, so synth needs no credentials and no network; and optional props
// that weaken the example (for tests that a weakened stack is caught). The endpoint stack reads the foundation's
// published values when it is deployed, not at synth.
import { App, Validations, type Environment, type IPolicyValidationPlugin } from 'aws-cdk-lib';
import { artifactBucketName, FoundationStack, type FoundationOutput, type FoundationStackProps } from './foundation-stack';
import { InferenceStack, type InferenceStackProps } from './inference-stack';

export const FOUNDATION_STACK_NAME = 'InferguardFoundation';
export const EXAMPLE_STACK_NAME = 'InferguardInference';
/** The account and region `cdk.context.json` holds lookups for; a placeholder account, so synth works offline. */
export const EXAMPLE_ACCOUNT = '111122223333';
export const EXAMPLE_REGION = 'us-east-1';

/** The example's account and region; `CDK_DEFAULT_ACCOUNT` (set by the CDK CLI when credentials exist) wins. */
export function exampleEnvironment(): Required<Pick<Environment, 'account' | 'region'>> {
  return { account: process.env.CDK_DEFAULT_ACCOUNT ?? EXAMPLE_ACCOUNT, region: EXAMPLE_REGION };
}

/** Example values of what a deployed foundation publishes in its SSM parameters (for tests that need literal ARNs). */
export function placeholderFoundation(account: string, region: string): Record<FoundationOutput, string> {
  return {
    'key-arn': `arn:aws:kms:${region}:${account}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
    'bucket-name': artifactBucketName(FOUNDATION_STACK_NAME, account, region),
    'repository-name': 'inferguardfoundation-repository-example',
    'log-bucket-name': 'inferguardfoundation-accesslogs-example',
  };
}

/** The lookup the app makes (the VPC's availability zones), as cdk.context.json holds it. */
export function exampleContext(account: string, region: string): Record<string, unknown> {
  return { [`availability-zones:account=${account}:region=${region}`]: [`${region}a`, `${region}b`, `${region}c`, `${region}d`, `${region}e`, `${region}f`] };
}

export interface ExampleAppOptions {
  readonly realtime?: InferenceStackProps['realtime'];
  readonly serverless?: InferenceStackProps['serverless'];
  /** Policy-validation plugins run at synth (cdk-nag packs, the inferguard plugin). */
  readonly plugins?: readonly IPolicyValidationPlugin[] | ((app: App) => readonly IPolicyValidationPlugin[]);
  /** Where the cloud assembly goes (tests: a temporary folder). */
  readonly outdir?: string;
  /** Props of the foundation stack (for tests of a weakened key, bucket or repository). */
  readonly foundation?: Omit<FoundationStackProps, keyof import('aws-cdk-lib').StackProps>;
}

/** The example app: the foundation stack and the endpoint stack, optionally with weakened endpoint props. */
export function buildExampleApp(options: ExampleAppOptions = {}): { readonly app: App; readonly foundation: FoundationStack; readonly stack: InferenceStack } {
  const env = exampleEnvironment();
  const app = new App({ context: exampleContext(env.account, env.region), ...(options.outdir ? { outdir: options.outdir } : {}) });
  const foundation = new FoundationStack(app, FOUNDATION_STACK_NAME, { env, ...options.foundation });
  const stack = new InferenceStack(app, EXAMPLE_STACK_NAME, { env, foundationStackName: foundation.stackName, realtime: options.realtime, serverless: options.serverless });
  const plugins = typeof options.plugins === 'function' ? options.plugins(app) : (options.plugins ?? []);
  if (plugins.length > 0) Validations.of(app).addPlugins(...plugins);
  return { app, foundation, stack };
}
