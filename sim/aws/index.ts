// The local AWS simulator: the real wire protocols of the SageMaker, KMS, IAM, EC2, S3, ECR, STS and
// Organizations calls inferguard makes, served from a seeded in-memory account (or an organization of
// accounts, each with its own data), with latency, fault injection and per-account throttling.
export { startAwsSimulator } from './server';
export type { AwsSimOptions, CallRecord, RunningAwsSimulator } from './server';
export { parseFaultRule, FAULT_KINDS } from './faults';
export type { FaultKind, FaultRule } from './faults';
export { awsScenarios } from './scenarios/index';
export type { ScenarioEntry } from './scenarios/index';
export { generateAwsScenario } from './scenarios/generate';
export type { GenerateOptions } from './scenarios/generate';
export { buildDemoScenario, DEMO_ACCOUNT } from './scenarios/demo';
export {
  organizationScenario,
  planMembers,
  memberAccountId,
  auditorTrustPolicy,
  ORGANIZATION_AUDITOR_ROLE,
  ORGANIZATION_MANAGEMENT_ACCOUNT,
  ORGANIZATION_ID,
  ORGANIZATION_ROOT_ID,
  ORGANIZATION_UNITS,
} from './scenarios/organization';
export type { OrganizationScenarioOptions, MemberPlan, MemberKind } from './scenarios/organization';
export { AwsEstate } from './estate';
export type { AwsScenario, OrganizationSeed, OrganizationAccountSeed, OrganizationalUnitSeed, OrganizationAccountState } from './scenario';
