export { InferguardValidation, type InferguardValidationOptions } from './inferguard-validation';
