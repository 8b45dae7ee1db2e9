// The Pulumi program behind Pulumi.yaml: `inferguard:cloud` selects which example stack to declare.
import type * as pulumi from '@pulumi/pulumi';
import { createAzureExample, readAzureExampleConfig, type ExampleOutputs } from './index';

/** The GCP example lives in stacks/gcp/index.ts (`createGcpExample`), loaded only when selected. */
function createGcpExampleIfBuilt(): ExampleOutputs {
  let loaded: unknown;
  try {
    loaded = require('../gcp/index');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'MODULE_NOT_FOUND' || !String((error as Error).message).includes('gcp')) throw error;
    throw new Error('inferguard:cloud is gcp, but the GCP example is not built yet (stacks/gcp/index.ts). Use inferguard:cloud azure for now.');
  }
  const create = (loaded as { createGcpExample?: unknown }).createGcpExample;
  if (typeof create !== 'function') throw new Error('stacks/gcp/index.ts exports no createGcpExample() function: the GCP example is not built yet.');
  return (create as () => ExampleOutputs)();
}

/** The example stacks by `inferguard:cloud` value. */
export const EXAMPLES: Readonly<Record<string, (config: pulumi.Config) => ExampleOutputs>> = {
  azure: (config) => createAzureExample(readAzureExampleConfig(config)),
  gcp: () => createGcpExampleIfBuilt(),
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
