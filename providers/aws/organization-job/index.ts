export * from './props';
export { ShardedOrganizationAudit, ORGANIZATION_JOB_LOG_GROUP_PREFIX } from './sharded-organization-audit';
export { resolveOrganizationJobSettings, ShardedOrganizationAuditConfigurationError, DEFAULT_AUDITOR_ROLE_NAME, MAX_SHARDS, type OrganizationJobSettings } from './settings';
export {
  AuditorRoleStackSet,
  AuditorRoleStackSetConfigurationError,
  auditorRoleMemberTemplate,
  MEMBER_ROLE_LOGICAL_ID,
  type AuditorRoleStackSetProps,
  type AuditorRoleTargets,
  type MemberTemplateOptions,
} from './auditor-role-stack-set';
export { ORGANIZATION_JOB_ENV, OrganizationJobConfigurationError, shardArguments, mergeArguments, runKeys, shardStorePrefix, type OrganizationJobMode } from './handler';
