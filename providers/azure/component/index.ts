export * from './defaults';
export * from './props';
export * from './secure-azure-ml-endpoint';
export {
  AZURE_COMPONENT_CONTROL_IDS,
  SecureAzureMlEndpointConfigurationError,
  durationDays,
  parseImageReference,
  resolveSettings,
  warningId,
  type AzureControlId,
  type ImageReference,
  type ResolvedSettings,
  type Weakening,
} from './settings';
