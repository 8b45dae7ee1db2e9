export * from './defaults';
export * from './errors';
export * from './props';
export * from './resources';
export * from './secure-sagemaker-endpoint';
export { SERVERLESS_MAX_CONCURRENCY, SERVERLESS_MEMORY_SIZES_MB, resolveSettings } from './settings';
export type { InstanceSettings, ModelData, ResolvedSettings, ServerlessSettings } from './settings';
export { BASELINE_CONTROL_IDS, warningId, type ControlId, type Weakening } from './weakening';
export { SAGEMAKER_VPC_ENI_ACTIONS, vpcCallerGuardStatements, type NetworkScope } from './execution-role';
