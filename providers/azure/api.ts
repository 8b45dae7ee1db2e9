// The package's Azure entry point (`import … from 'inferguard/azure'`): the SecureAzureMlEndpoint Pulumi component
// and its props, the CrossGuard policy pack (one pack for every Pulumi cloud: an Azure ML stack is judged by the
// Azure controls), and the auditor's custom role as data.
// Needs the consumer's @pulumi/pulumi, @pulumi/azure-native and (for the policies) @pulumi/policy: peer
// dependencies. The live readers are not here: they load only when `inferguard audit azure` runs.
import auditorRoleDefinition from './live/auditor-role.json';

export * from './component/index';
export * from './drift-job/index';
export { pulumiPolicies, pulumiPoliciesFromConfig, type PulumiPolicyOptions } from '../pulumi/policy-pack';

/** A custom Azure role definition in the format `az role definition create --role-definition` reads. */
export interface AzureCustomRoleDefinition {
  readonly Name: string;
  readonly IsCustom: boolean;
  readonly Description: string;
  readonly Actions: readonly string[];
  readonly NotActions: readonly string[];
  readonly DataActions: readonly string[];
  readonly NotDataActions: readonly string[];
  readonly AssignableScopes: readonly string[];
}

/**
 * The read-only role `inferguard audit azure` needs (control-plane `read` actions only, no key material or secrets):
 * replace AssignableScopes with your subscriptions or management group, then `az role definition create`.
 */
export const auditorRole: AzureCustomRoleDefinition = auditorRoleDefinition;
