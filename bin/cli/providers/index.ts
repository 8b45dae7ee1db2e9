// Every cloud the CLI serves. Adding one: write its registration next to aws.ts and list it here.
import type { CloudProvider } from '../registry';
import { awsProvider, realAwsDeps, type AwsCliDeps } from './aws';
import { azureProvider } from './azure';
import { gcpProvider } from './gcp';

export interface ProviderDeps {
  readonly aws: AwsCliDeps;
}

export function realProviderDeps(): ProviderDeps {
  return { aws: realAwsDeps() };
}

export function registeredProviders(deps: ProviderDeps): readonly CloudProvider[] {
  // Azure's scan reader takes only Pulumi files; AWS's CloudFormation reader takes any file, so it comes after.
  return [azureProvider(), awsProvider(deps.aws), gcpProvider()];
}
