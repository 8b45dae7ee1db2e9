// AuditorRoleStackSet: a CloudFormation StackSet that deploys the read-only auditor role into the organization's
// member accounts. The role's only policy is providers/aws/live/auditor-policy.json, verbatim (exactly the reads
// `inferguard audit aws` makes, all List/Describe/Get); it trusts the audit job's role(s) in the audit account,
// optionally demanding an external id, for sessions of at most `maxSessionDuration`.
import { Duration, Fn, Stack, Token } from 'aws-cdk-lib';
import * as cloudformation from 'aws-cdk-lib/aws-cloudformation';
import { Construct } from 'constructs';
import auditorPolicy from '../live/auditor-policy.json';
import { DEFAULT_AUDITOR_ROLE_NAME } from './settings';

/** Where the role goes: OUs of the organization (service-managed) or listed accounts (self-managed). */
export type AuditorRoleTargets =
  | {
      /**
       * SERVICE_MANAGED (CloudFormation user guide, "Create StackSets with service-managed permissions"): StackSets
       * deploys to every account of these roots/OUs and, with `autoDeployment`, to accounts that join them later.
       * It never deploys to the management account (API reference, DeploymentTargets): deploy the role there
       * yourself, or exclude that account from the audit (`excludeAccountIds`).
       */
      readonly organizationalUnitIds: readonly string[];
      /** Default: true (accounts that join the OUs get the role; accounts that leave lose it). */
      readonly autoDeployment?: boolean;
      /** `SELF` from the management account (default), `DELEGATED_ADMIN` from a delegated administrator account. */
      readonly callAs?: 'SELF' | 'DELEGATED_ADMIN';
    }
  | {
      /**
       * SELF_MANAGED (CloudFormation user guide, "Grant self-managed permissions"): these accounts, which must hold
       * the execution role (default `AWSCloudFormationStackSetExecutionRole`) trusting the administration role.
       */
      readonly accounts: readonly string[];
      /** Default: `arn:<partition>:iam::<this account>:role/AWSCloudFormationStackSetAdministrationRole`. */
      readonly administrationRoleArn?: string;
      /** Default: `AWSCloudFormationStackSetExecutionRole`. */
      readonly executionRoleName?: string;
    };

export interface AuditorRoleStackSetProps {
  /** The principals allowed to assume the role: the audit job's role, e.g. `ShardedOrganizationAudit.shardRole.roleArn`. */
  readonly trustedPrincipalArns: readonly string[];
  /** The account those principals live in. Default: this stack's account. */
  readonly trustedAccountId?: string;
  readonly targets: AuditorRoleTargets;
  /** Default: `InferguardAuditor` (ShardedOrganizationAudit's default `roleName`). */
  readonly roleName?: string;
  /** Demand this external id (`sts:ExternalId`) on every AssumeRole. */
  readonly externalId?: string;
  /** The longest session the role grants (1 to 12 hours). Default: 1 hour (a shard runs at most 15 minutes). */
  readonly maxSessionDuration?: Duration;
  /** The one region the stack instances are created in (IAM is global). Default: this stack's region. */
  readonly region?: string;
  /** Default: `inferguard-auditor-role`. */
  readonly stackSetName?: string;
  /** Accounts deployed at once, as a percentage. Default: 100 (a role is quick to create). */
  readonly maxConcurrentPercentage?: number;
  /** Accounts that may fail per region before the operation stops, as a percentage. Default: 10. */
  readonly failureTolerancePercentage?: number;
}

export class AuditorRoleStackSetConfigurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuditorRoleStackSetConfigurationError';
  }
}

/** The logical id of the role in the member template. */
export const MEMBER_ROLE_LOGICAL_ID = 'InferguardAuditorRole';

export interface MemberTemplateOptions {
  readonly roleName: string;
  readonly maxSessionDuration: Duration;
  /** Whether the trust policy demands an external id (its value is the `ExternalId` parameter). */
  readonly requireExternalId: boolean;
}

/**
 * The template every member account gets: one IAM role, the shipped auditor policy verbatim as its only policy,
 * trusting (by parameter) the audit account's principals. Values arrive as StackSet parameters, so the template is
 * plain JSON with no token of the audit stack in it.
 */
export function auditorRoleMemberTemplate(options: MemberTemplateOptions): Record<string, unknown> {
  const condition: Record<string, unknown> = { ArnEquals: { 'aws:PrincipalArn': { Ref: 'TrustedPrincipalArns' } } };
  if (options.requireExternalId) condition.StringEquals = { 'sts:ExternalId': { Ref: 'ExternalId' } };
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: 'inferguard: the read-only auditor role an organization-wide audit assumes in this account',
    Parameters: {
      TrustedAccountId: { Type: 'String', AllowedPattern: '^\\d{12}$', Description: 'The audit account' },
      TrustedPrincipalArns: { Type: 'CommaDelimitedList', Description: 'The audit job\'s roles in the audit account' },
      ...(options.requireExternalId ? { ExternalId: { Type: 'String', MinLength: 2, MaxLength: 1224, AllowedPattern: '^[\\w+=,.@:/-]*$', Description: 'The external id every AssumeRole must present' } } : {}),
    },
    Resources: {
      [MEMBER_ROLE_LOGICAL_ID]: {
        Type: 'AWS::IAM::Role',
        Properties: {
          RoleName: options.roleName,
          Description: 'inferguard auditor: read-only List/Describe/Get of SageMaker endpoints and what they use',
          MaxSessionDuration: options.maxSessionDuration.toSeconds(),
          // IAM user guide, "Cross-account access using roles": the audit account is the principal, narrowed to the
          // job's roles by aws:PrincipalArn (a role ARN principal would break silently if that role were recreated);
          // sts:ExternalId against the confused deputy (IAM user guide, "Access to AWS accounts owned by third parties").
          AssumeRolePolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              {
                Sid: 'TheInferguardAuditJob',
                Effect: 'Allow',
                Principal: { AWS: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${TrustedAccountId}:root' } },
                Action: 'sts:AssumeRole',
                Condition: condition,
              },
            ],
          },
          Policies: [{ PolicyName: 'inferguard-auditor', PolicyDocument: auditorPolicy }],
        },
      },
    },
    Outputs: { AuditorRoleArn: { Value: { 'Fn::GetAtt': [MEMBER_ROLE_LOGICAL_ID, 'Arn'] } } },
  };
}

const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
const PARENT_ID = /^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/;
const ACCOUNT_ID = /^\d{12}$/;
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;

export class AuditorRoleStackSet extends Construct {
  readonly stackSet: cloudformation.CfnStackSet;
  /** The member template (parsed), as deployed. */
  readonly memberTemplate: Record<string, unknown>;
  readonly roleName: string;

  constructor(scope: Construct, id: string, props: AuditorRoleStackSetProps) {
    super(scope, id);
    const refuse = (problem: string, fix: string): never => {
      throw new AuditorRoleStackSetConfigurationError(`${this.node.path}: ${problem} ${fix}`);
    };
    const stack = Stack.of(this);
    this.roleName = props.roleName ?? DEFAULT_AUDITOR_ROLE_NAME;
    const maxSessionDuration = props.maxSessionDuration ?? Duration.hours(1);
    if (!ROLE_NAME.test(this.roleName)) refuse(`roleName "${this.roleName}" is not an IAM role name.`, 'Give 1-64 of letters, digits and +=,.@_-.');
    const session = maxSessionDuration.toSeconds();
    // IAM API reference, CreateRole: MaxSessionDuration 3600 to 43200 seconds.
    if (session < 3600 || session > 43200) refuse(`maxSessionDuration is ${maxSessionDuration.toHumanString()}; IAM accepts 1 to 12 hours.`, 'Leave it at 1 hour unless a shard runs longer.');
    if (props.trustedPrincipalArns.length === 0) refuse('trustedPrincipalArns is empty: no one could assume the role.', 'Pass the audit job\'s role ARN (ShardedOrganizationAudit.shardRole.roleArn).');
    if (props.externalId !== undefined && !EXTERNAL_ID.test(props.externalId)) refuse('externalId must be 2 to 1224 characters of letters, digits and +=,.@:/_-.', 'Use the same value as the audit job\'s externalId.');
    const trustedAccountId = props.trustedAccountId ?? stack.account;
    if (!Token.isUnresolved(trustedAccountId) && !ACCOUNT_ID.test(trustedAccountId)) refuse(`trustedAccountId "${trustedAccountId}" is not a 12-digit account id.`, 'Give the audit account\'s id.');
    const region = props.region ?? stack.region;
    if (Token.isUnresolved(region)) refuse('the stack has no concrete region, and no region was given.', 'Give `region` (one region: IAM is global), or deploy the stack with an env.');

    this.memberTemplate = auditorRoleMemberTemplate({ roleName: this.roleName, maxSessionDuration, requireExternalId: props.externalId !== undefined });
    const targets = props.targets;
    const serviceManaged = 'organizationalUnitIds' in targets;
    if (serviceManaged) {
      if (targets.organizationalUnitIds.length === 0) refuse('targets.organizationalUnitIds is empty.', 'Name the root (r-...) or the OUs (ou-...) whose accounts are audited.');
      for (const ou of targets.organizationalUnitIds) if (!PARENT_ID.test(ou)) refuse(`targets.organizationalUnitIds has "${ou}", which is neither a root nor an OU id.`, 'Copy the ids from the Organizations console.');
    } else {
      if (targets.accounts.length === 0) refuse('targets.accounts is empty.', 'List the member account ids.');
      for (const account of targets.accounts) if (!ACCOUNT_ID.test(account)) refuse(`targets.accounts has "${account}", which is not a 12-digit account id.`, 'List account ids.');
    }
    const parameters: cloudformation.CfnStackSet.ParameterProperty[] = [
      { parameterKey: 'TrustedAccountId', parameterValue: trustedAccountId },
      { parameterKey: 'TrustedPrincipalArns', parameterValue: Fn.join(',', [...props.trustedPrincipalArns]) },
      ...(props.externalId === undefined ? [] : [{ parameterKey: 'ExternalId', parameterValue: props.externalId }]),
    ];
    this.stackSet = new cloudformation.CfnStackSet(this, 'StackSet', {
      stackSetName: props.stackSetName ?? 'inferguard-auditor-role',
      description: `inferguard: the read-only auditor role ${this.roleName} in every member account`,
      templateBody: JSON.stringify(this.memberTemplate),
      // CloudFormation user guide, "Acknowledging IAM resources": a named role needs CAPABILITY_NAMED_IAM.
      capabilities: ['CAPABILITY_NAMED_IAM'],
      parameters,
      // Operations queue instead of failing while another runs (CloudFormation user guide, "Managed execution").
      managedExecution: { Active: true },
      operationPreferences: {
        maxConcurrentPercentage: props.maxConcurrentPercentage ?? 100,
        failureTolerancePercentage: props.failureTolerancePercentage ?? 10,
        regionConcurrencyType: 'PARALLEL',
      },
      ...(serviceManaged
        ? {
            permissionModel: 'SERVICE_MANAGED',
            autoDeployment: { enabled: targets.autoDeployment ?? true, retainStacksOnAccountRemoval: false },
            callAs: targets.callAs ?? 'SELF',
            stackInstancesGroup: [{ regions: [region], deploymentTargets: { organizationalUnitIds: [...targets.organizationalUnitIds] } }],
          }
        : {
            permissionModel: 'SELF_MANAGED',
            ...(targets.administrationRoleArn === undefined ? {} : { administrationRoleArn: targets.administrationRoleArn }),
            ...(targets.executionRoleName === undefined ? {} : { executionRoleName: targets.executionRoleName }),
            stackInstancesGroup: [{ regions: [region], deploymentTargets: { accounts: [...targets.accounts] } }],
          }),
    });
  }
}
