// The local GCP simulator: Vertex AI, Cloud KMS, Access Context Manager and Cloud Resource Manager
// REST calls inferguard makes, served from a seeded world, with latency and fault injection.
export { startGcpSimulator, parseGcpFaultRule } from './server';
export type { GcpSimOptions, RunningGcpSimulator } from './server';
export { bigqueryDataset, bigqueryTable, ESTATE_ORGANIZATION, gcpScenarios, generateGcpOrganization, generateGcpScenario, mergeWorlds, ORGANIZATION, OTHER_ORGANIZATION } from './scenarios/index';
export type { GcpScenarioEntry, GenerateGcpOptions, GenerateGcpOrganizationOptions } from './scenarios/index';
export { GCP_ROUTES } from './routes';
export { servedPermissions, GCP_SERVER_NAME } from './router';
export type { GcpScenario, GcpWorld } from './world';
