// Every cloud the CLI serves. Adding one: write its registration next to aws.ts and list it here.
import type { CloudProvider } from '../registry';
import { awsProvider, realAwsDeps, type AwsCliDeps } from './aws';
import { gcpProvider } from './gcp';

export interface ProviderDeps {
  readonly aws: AwsCliDeps;
}

export function realProviderDeps(): ProviderDeps {
  return { aws: realAwsDeps() };
}

export function registeredProviders(deps: ProviderDeps): readonly CloudProvider[] {
  // GCP before AWS: `scan` asks each cloud's template readers in this order, and the CloudFormation reader takes any file.
  return [gcpProvider(), awsProvider(deps.aws)];
}
