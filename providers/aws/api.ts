// The package's AWS entry point (`import … from 'inferguard/aws'`): the SecureSageMakerEndpoint CDK
// construct, the CDK policy-validation plugin and ScheduledDriftCheck (the scheduled drift job). Needs the
// consumer's aws-cdk-lib and constructs (and esbuild, which bundles the drift job at synth)
// (peer dependencies).
export * from './construct/index';
export { InferguardValidation, type InferguardValidationOptions } from './enforce/index';
export * from './drift-job/index';
