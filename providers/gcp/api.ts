// The package's Google Cloud entry point (`import … from 'inferguard/gcp'`): the SecureVertexEndpoint Pulumi
// component and its props, the CrossGuard policy pack (one pack for every Pulumi cloud: a Vertex AI stack is
// judged by the GCP controls), and the auditor's custom IAM role as data. Needs the consumer's
// @pulumi/pulumi and @pulumi/gcp (peer dependencies), and @pulumi/policy for the pack.
import auditorRoleDefinition from './live/auditor-role.json';

export * from './component/index';
export * from './drift-job/index';
export { pulumiPolicies, pulumiPoliciesFromConfig, type PulumiPolicyOptions } from '../pulumi/policy-pack';

/** A custom role as `gcloud iam roles create --file` and the IAM API take it. */
export interface GcpCustomRole {
  readonly title: string;
  readonly description: string;
  readonly stage: 'ALPHA' | 'BETA' | 'GA';
  readonly includedPermissions: readonly string[];
}

/**
 * The read-only permissions `inferguard audit gcp` needs (get, list and getIamPolicy only), each used by a
 * reader call: create it at the organization (Access Context Manager permissions apply there) and grant it.
 */
export const auditorRole: GcpCustomRole = auditorRoleDefinition as GcpCustomRole;
