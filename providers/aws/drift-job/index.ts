export * from './defaults';
export * from './props';
export { ScheduledDriftCheck, DRIFT_JOB_LOG_GROUP_PREFIX } from './scheduled-drift-check';
export { ScheduledDriftCheckConfigurationError, resolveDriftJobSettings, driftJobWeakenings } from './settings';
export { bundleDriftJob, esbuildTarget, LAMBDA_UNZIPPED_LIMIT_BYTES, LAMBDA_ZIPPED_LIMIT_BYTES, type DriftJobBundle } from './bundle';
export { DRIFT_JOB_ENV, driftArguments, DriftJobConfigurationError } from './handler';
