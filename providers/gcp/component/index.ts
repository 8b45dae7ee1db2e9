export { SecureVertexEndpoint, endpointIdFor, kmsDuration, loggingDatasetId, servingAccountId } from './secure-vertex-endpoint';
export * from './defaults';
export type * from './props';
export { GCP_COMPONENT_CONTROL_IDS, SecureVertexEndpointError, keyLocation, refusals, warningMessage, weakenings, type GcpControlId, type Weakening } from './weakening';
