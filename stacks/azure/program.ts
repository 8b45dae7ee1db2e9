// The Pulumi program behind Pulumi.yaml: `inferguard:cloud` selects which example stack to declare.
import type * as pulumi from '@pulumi/pulumi';
import type { ExampleOutputs } from './index';

// Each example loads only when selected, so a user needs only that cloud's Pulumi provider installed.
const azure = (): typeof import('./index') => require('./index');
const gcp = (): typeof import('../gcp/index') => require('../gcp/index');

/** The example stacks by `inferguard:cloud` value. */
export const EXAMPLES: Readonly<Record<string, (config: pulumi.Config) => ExampleOutputs>> = {
  azure: (config) => azure().createAzureExample(azure().readAzureExampleConfig(config)),
  gcp: () => gcp().createGcpExample() as ExampleOutputs,
};

/** Declares the selected example and returns its stack outputs. */
export function runPulumiProgram(config: pulumi.Config): ExampleOutputs {
  const cloud = config.get('cloud') ?? 'azure';
  const example = EXAMPLES[cloud];
  if (example === undefined) {
    throw new Error(`inferguard:cloud is "${cloud}"; use one of: ${Object.keys(EXAMPLES).join(', ')} (pulumi config set inferguard:cloud azure).`);
  }
  return example(config);
}
