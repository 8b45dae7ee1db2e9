// The named scenarios `inferguard sim --scenario <name>` serves.
import type { AwsScenario } from '../scenario';
import { buildDemoScenario, DEMO_ACCOUNT, demoDescription } from './demo';
import { generateAwsScenario } from './generate';
import { organizationDescription, organizationScenario, type OrganizationScenarioOptions } from './organization';

/** The `organization` scenario: small enough to read, with every kind of member an organization audit meets. */
const ORGANIZATION_OPTIONS: OrganizationScenarioOptions = { members: 6, regions: ['us-east-1', 'eu-west-1'], endpointsPerRegion: 2, suspended: 1, withoutAuditorRole: 1 };

export interface ScenarioEntry {
  readonly description: string;
  build(): AwsScenario;
}

export const awsScenarios: Readonly<Record<string, ScenarioEntry>> = {
  demo: { description: demoDescription, build: buildDemoScenario },
  empty: {
    description: `An empty account ${DEMO_ACCOUNT} (us-east-1 and eu-west-1 exist but hold nothing; AWS managed IAM policies are present): seed it through the API, e.g. with the AWS CLI.`,
    build: () => ({ account: DEMO_ACCOUNT, regions: {}, iam: { roles: [], managedPolicies: [] }, s3: { buckets: [] } }),
  },
  bench: {
    description: 'A generated account with 1,000 endpoints in us-east-1 and eu-west-1 sharing 4 keys per region, 8 roles, 4 buckets and 8 repositories per region; every 10th endpoint serverless.',
    build: () => generateAwsScenario({ endpoints: 1000, regions: ['us-east-1', 'eu-west-1'] }),
  },
  organization: {
    description: organizationDescription(ORGANIZATION_OPTIONS),
    build: () => organizationScenario(ORGANIZATION_OPTIONS),
  },
};
