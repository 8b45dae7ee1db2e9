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
  // `scan` asks each cloud's template readers in this order: Azure's and GCP's take only their Pulumi files,
  // AWS's CloudFormation reader takes any file, so it comes last.
  return [azureProvider(), gcpProvider(), awsProvider(deps.aws)];
}
