// The local AWS simulator: the real wire protocols of the SageMaker, KMS, IAM, EC2, S3, ECR and STS
// calls inferguard makes, served from a seeded in-memory account, with latency and fault injection.
export { startAwsSimulator } from './server';
export type { AwsSimOptions, CallRecord, RunningAwsSimulator } from './server';
export { parseFaultRule, FAULT_KINDS } from './faults';
export type { FaultKind, FaultRule } from './faults';
export { awsScenarios } from './scenarios/index';
export type { ScenarioEntry } from './scenarios/index';
export { generateAwsScenario } from './scenarios/generate';
export type { GenerateOptions } from './scenarios/generate';
export { buildDemoScenario, DEMO_ACCOUNT } from './scenarios/demo';
export type { AwsScenario } from './scenario';
