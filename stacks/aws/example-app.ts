// Builds the example app the same way for `cdk synth` (bin/cdk-app.ts) and for tests: a fixed
// environment, its availability zones as context (so synth needs no credentials and no network),
// and optional props that weaken the example (for tests that a weakened stack is caught).
import { App, Validations, type Environment, type IPolicyValidationPlugin } from 'aws-cdk-lib';
import { InferenceStack, type InferenceStackProps } from './inference-stack';

export const EXAMPLE_STACK_NAME = 'InferguardInference';
/** The account and region `cdk.context.json` holds lookups for; a placeholder account, so synth works offline. */
export const EXAMPLE_ACCOUNT = '111122223333';
export const EXAMPLE_REGION = 'us-east-1';

/** The example's account and region; `CDK_DEFAULT_ACCOUNT` (set by the CDK CLI when credentials exist) wins. */
export function exampleEnvironment(): Required<Pick<Environment, 'account' | 'region'>> {
  return { account: process.env.CDK_DEFAULT_ACCOUNT ?? EXAMPLE_ACCOUNT, region: EXAMPLE_REGION };
}

/** The same lookups `cdk.context.json` commits, for apps built outside the CLI (tests). */
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
}

/** The example app with one InferenceStack, optionally with weakened props: `buildExampleApp({ realtime: { networkIsolation: false } })`. */
export function buildExampleApp(options: ExampleAppOptions = {}): { readonly app: App; readonly stack: InferenceStack } {
  const env = exampleEnvironment();
  const app = new App({ context: exampleContext(env.account, env.region), ...(options.outdir ? { outdir: options.outdir } : {}) });
  const stack = new InferenceStack(app, EXAMPLE_STACK_NAME, { env, realtime: options.realtime, serverless: options.serverless });
  const plugins = typeof options.plugins === 'function' ? options.plugins(app) : (options.plugins ?? []);
  if (plugins.length > 0) Validations.of(app).addPlugins(...plugins);
  return { app, stack };
}
