import { z } from 'zod';
import { combine, defineControl, fail, notApplicable, pass, withFact, withList, type Judgement } from '../control';
import { describeStatement, grantsEveryResource, hasWildcard, wildcardMatch } from '../iam';
import type { AttachedPolicy, PolicyStatement } from '../model';
import { identityUsage } from '../usage';

/**
 * AWS: actions an inference role may need that AWS only authorizes on Resource `*` (the Service
 * Authorization Reference lists no resource type for them), each with why a role needs it.
 * Deliberately absent: `logs:CreateLogGroup`, `logs:CreateLogStream`, `logs:PutLogEvents`
 * (scope them to `arn:aws:logs:*:*:log-group:/aws/sagemaker/*`), the ECR pull actions
 * `ecr:BatchGetImage`, `ecr:GetDownloadUrlForLayer`, `ecr:BatchCheckLayerAvailability` (scope
 * them to the repository ARN).
 */
export const AWS_WILDCARD_ONLY_ACTIONS: readonly { readonly action: string; readonly why: string }[] = [
  { action: 'ecr:GetAuthorizationToken', why: 'obtains the registry login token before pulling the image; it has no resource type' },
  { action: 'cloudwatch:PutMetricData', why: 'publishes custom metrics; it has no resource type (narrow it with the cloudwatch:namespace condition key)' },
  { action: 'ec2:DescribeVpcs', why: 'VPC-attached endpoints describe their network; EC2 Describe* actions take no resource' },
  { action: 'ec2:DescribeSubnets', why: 'VPC-attached endpoints describe their subnets; EC2 Describe* actions take no resource' },
  { action: 'ec2:DescribeSecurityGroups', why: 'VPC-attached endpoints describe their security groups; EC2 Describe* actions take no resource' },
  { action: 'ec2:DescribeNetworkInterfaces', why: 'VPC-attached endpoints manage their network interfaces; EC2 Describe* actions take no resource' },
  { action: 'ec2:DescribeDhcpOptions', why: 'VPC-attached endpoints read the VPC DHCP options for name resolution; EC2 Describe* actions take no resource' },
  { action: 'ec2:DescribeVpcEndpoints', why: 'VPC-attached models and jobs check the VPC endpoints they reach AWS through; EC2 Describe* actions take no resource' },
  // SageMaker developer guide, "CreateModel API: Execution Role Permissions" / "CreateProcessingJob API: Execution Role
  // Permissions": SageMaker validates these at creation with no resource to match, so they must be granted on "*";
  // the subnets and security groups are restricted on the callers (sagemaker:VpcSubnets, sagemaker:VpcSecurityGroupIds).
  { action: 'ec2:CreateNetworkInterface', why: 'SageMaker creates the ENIs of a VPC-attached model or job and validates this permission at creation, on "*" (restrict the callers with sagemaker:VpcSubnets / sagemaker:VpcSecurityGroupIds)' },
  { action: 'ec2:CreateNetworkInterfacePermission', why: 'SageMaker attaches the ENIs of a VPC-attached model or job; validated at creation, on "*" as the SageMaker documentation prescribes' },
  { action: 'ec2:DeleteNetworkInterface', why: 'SageMaker deletes the ENIs of a VPC-attached model or job; validated at creation, on "*" as the SageMaker documentation prescribes' },
  { action: 'ec2:DeleteNetworkInterfacePermission', why: 'SageMaker detaches the ENIs of a VPC-attached model or job; validated at creation, on "*" as the SageMaker documentation prescribes' },
];

/** AWS managed policies that grant far more than inference needs (administration, all of SageMaker, S3, ECR or IAM), by name. */
export const AWS_BROAD_MANAGED_POLICIES: readonly string[] = [
  'AdministratorAccess',
  'PowerUserAccess',
  'IAMFullAccess',
  'AmazonSageMakerFullAccess',
  'AmazonS3FullAccess',
  'AmazonEC2ContainerRegistryFullAccess',
];

/** A forbidden entry names a provider-managed policy by its name, or any policy by its exact id. */
const isForbidden = (policy: AttachedPolicy, forbidden: readonly string[]) =>
  forbidden.includes(policy.id) || (policy.providerManaged && forbidden.includes(policy.name));

function statementProblems(statement: PolicyStatement, allowedOnWildcard: readonly string[]): string[] {
  if (statement.effect !== 'Allow') return [];
  const where = describeStatement(statement);
  const problems: string[] = [];
  if (statement.notActions) problems.push(`${where}: NotAction allows every action but the listed ones`);
  for (const action of statement.serviceWideActions) problems.push(`${where}: action ${action} allows a whole service`);
  const everyResource = grantsEveryResource(statement);
  if (everyResource && statement.handsOffIdentities) {
    problems.push(`${where}: it can hand every identity to a service (${statement.identityHandOffActions.join(', ') || 'NotAction'} on every resource), so the identity can use any role`);
  }
  if (everyResource && !statement.notActions) {
    // A wildcard action pattern is only accepted when the allow-list names it exactly: its expansion is unknown here.
    const accepted = (action: string) =>
      hasWildcard(action)
        ? allowedOnWildcard.some((a) => a.toLowerCase() === action.toLowerCase())
        : allowedOnWildcard.some((a) => wildcardMatch(a, action));
    const named = new Set([...statement.serviceWideActions, ...statement.identityHandOffActions]);
    const broad = statement.actions.filter((a) => !named.has(a) && !accepted(a));
    if (broad.length > 0) problems.push(`${where}: ${broad.join(', ')} on every resource (scope to specific ARNs)`);
  }
  return problems;
}

export default defineControl({
  id: 'identity-least-privilege',
  title: 'Inference identities are granted least privilege',
  severity: 'high',
  subject: 'identity',
  parameters: z.strictObject({
    allowedWildcardResourceActions: z
      .array(z.string().min(1))
      .optional()
      .describe(
        `Actions accepted on every resource because the provider offers no narrower resource for them. The AWS defaults, and why a role needs each: ${AWS_WILDCARD_ONLY_ACTIONS.map((a) => `${a.action} ${a.why}`).join('; ')}.`,
      ),
    forbiddenManagedPolicies: z
      .array(z.string().min(1))
      .optional()
      .describe('Policies an inference identity must not have attached: provider-managed policies by name (AdministratorAccess), or any policy by its exact id (ARN).'),
  }),
  rationale:
    'The identity an inference container runs as is what a compromised model or container gets. Wildcard actions, NotAction grants, iam:PassRole on every role and broad managed policies turn one compromised endpoint into access to every model, dataset and role in the account. Identities no inference deployment runs as are not judged here.',
  frameworks: { nist80053r5: ['AC-6', 'AC-3'], mitreAtlas: ['AML.M0005', 'AML.M0019'] },
  perProvider: {
    aws: {
      remediation: {
        iac: 'SecureSageMakerEndpoint: leave `role` unset (default: a role scoped to the model prefix, the key, the repository and the log group) or pass one whose statements name ARNs; CloudFormation: AWS::IAM::Role.Policies / ManagedPolicyArns without wildcards or full-access policies.',
        live: 'Replace broad statements with ARN-scoped ones (`aws iam put-role-policy`), detach broad managed policies (`aws iam detach-role-policy --policy-arn ...`); IAM Access Analyzer policy generation shows what the role actually used.',
      },
      defaults: {
        allowedWildcardResourceActions: AWS_WILDCARD_ONLY_ACTIONS.map((a) => a.action),
        forbiddenManagedPolicies: [...AWS_BROAD_MANAGED_POLICIES],
      },
      equivalents: [
        { tool: 'cdk-nag', id: 'AwsSolutions-IAM4' },
        { tool: 'cdk-nag', id: 'AwsSolutions-IAM5' },
        { tool: 'cdk-nag', id: 'NIST.800.53.R5-IAMPolicyNoStatementsWithAdminAccess' },
        { tool: 'cdk-nag', id: 'NIST.800.53.R5-IAMPolicyNoStatementsWithFullAccess' },
      ],
    },
    azure: {
      remediation: {
        iac: 'SecureAzureMlEndpoint: leave `roleAssignments` at their defaults (the endpoint identity gets only the data-plane roles inference needs, on the workspace, registry and vault); Pulumi: authorization.RoleAssignment scoped to the resource, never Owner, Contributor or User Access Administrator on a resource group or subscription.',
        live: '`az role assignment list --assignee <principal id> --all`, then `az role assignment delete --assignee <principal id> --role <role> --scope <scope>` for broad ones, and grant narrow roles at the resource scope.',
      },
      defaults: { allowedWildcardResourceActions: [], forbiddenManagedPolicies: ['Owner', 'Contributor', 'User Access Administrator'] },
      equivalents: [],
    },
    gcp: {
      remediation: {
        iac: 'SecureVertexEndpoint: leave the serving service account at its default (roles/logging.logWriter and roles/monitoring.metricWriter, storage read on the one bucket); Pulumi: projects.IAMMember without roles/owner or roles/editor for the serving account.',
        live: '`gcloud projects get-iam-policy <project>`, then `gcloud projects remove-iam-policy-binding <project> --member serviceAccount:<sa> --role roles/editor` (and roles/owner); grant narrow predefined roles on the resources instead.',
      },
      defaults: { allowedWildcardResourceActions: [], forbiddenManagedPolicies: ['roles/owner', 'roles/editor'] },
      equivalents: [],
    },
  },
  evaluate: (identity, params, inventory) => {
    const usage = identityUsage(inventory, identity);
    if (usage === 'unused') return notApplicable('not used by any inference deployment');
    const trust = identity.inferenceServiceMayAssume;
    if (usage !== 'used' && trust?.known && !trust.value) return notApplicable('no inference service may act as this identity (its trust policy does not name one), so it is not an inference identity', ...trust.evidence);
    const statements = withList(identity.statements, 'permission statements', (list, ev): Judgement => {
      const problems = list.flatMap((s) => statementProblems(s, params.allowedWildcardResourceActions));
      return problems.length > 0
        ? fail(problems.join('; '), ...ev)
        : pass(`${list.filter((s) => s.effect === 'Allow').length} allow statement(s) scoped to specific actions and resources`, ...ev);
    });
    const attached = withFact(identity.attachedPolicies, 'attached policies', (list, ev) => {
      const broad = list.filter((p) => isForbidden(p, params.forbiddenManagedPolicies));
      return broad.length > 0
        ? fail(`broad managed policies attached: ${broad.map((p) => p.name).join(', ')}`, ...ev)
        : pass(`no broad managed policy attached (${list.length} attached)`, ...ev);
    });
    return combine([statements, attached]);
  },
});
