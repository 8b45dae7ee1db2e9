// The package's AWS entry point (`import … from 'inferguard/aws'`): the SecureSageMakerEndpoint CDK
// construct and the CDK policy-validation plugin. Needs the consumer's aws-cdk-lib and constructs
// (peer dependencies).
export * from './construct/index';
export { InferguardValidation, type InferguardValidationOptions } from './enforce/index';
