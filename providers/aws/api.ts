// The package's AWS entry point (`import … from 'inferguard/aws'`): the SecureSageMakerEndpoint CDK
// construct, the CDK policy-validation plugin, ScheduledDriftCheck (the scheduled drift job), and ShardedOrganizationAudit with
// AuditorRoleStackSet (the organization-wide audit in shards, and the member accounts' auditor role). Needs the
// consumer's aws-cdk-lib and constructs (and esbuild, which bundles the drift job at synth)
// (peer dependencies).
export * from './construct/index';
export { InferguardValidation, type InferguardValidationOptions } from './enforce/index';
export * from './drift-job/index';
export * from './organization-job/index';
