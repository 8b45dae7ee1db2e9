// Seed data for the AWS simulator, in the shapes the real APIs return (SDK v3 output types).
import type { DescribeEndpointConfigOutput, DescribeEndpointOutput, DescribeModelOutput, MonitoringScheduleSummary } from '@aws-sdk/client-sagemaker';
import type { KeyMetadata } from '@aws-sdk/client-kms';
import type { Role, Policy } from '@aws-sdk/client-iam';
import type { SecurityGroup, Subnet, Vpc, VpcEndpoint } from '@aws-sdk/client-ec2';
import type { PublicAccessBlockConfiguration, ServerSideEncryptionConfiguration, LoggingEnabled, BucketVersioningStatus } from '@aws-sdk/client-s3';
import type { Repository } from '@aws-sdk/client-ecr';

export interface KmsKeySeed {
  readonly metadata: KeyMetadata;
  readonly rotationEnabled: boolean;
  readonly rotationPeriodInDays?: number;
  /** JSON policy document (PolicyName `default`). */
  readonly policy: string;
  /** Alias names pointing at this key, e.g. `alias/ml-artifacts`. */
  readonly aliases?: readonly string[];
}

/**
 * IAM seeds hold policy documents (the role's AssumeRolePolicyDocument, inline and managed documents) as
 * plain JSON; the simulator URL-encodes them on the wire, as IAM does.
 */
export interface IamRoleSeed {
  readonly role: Role;
  /** Inline policies: name -> JSON document. */
  readonly inlinePolicies: Readonly<Record<string, string>>;
  readonly attachedPolicyArns: readonly string[];
}

export interface IamManagedPolicySeed {
  readonly policy: Policy;
  /** JSON document of the default version. */
  readonly document: string;
}

export interface S3BucketSeed {
  readonly name: string;
  readonly region: string;
  /** When the bucket was created (ListBuckets `CreationDate`); a fixed date when absent. */
  readonly creationDate?: Date;
  readonly publicAccessBlock?: PublicAccessBlockConfiguration;
  readonly policy?: string;
  readonly encryption?: ServerSideEncryptionConfiguration;
  readonly versioning?: BucketVersioningStatus;
  readonly logging?: LoggingEnabled;
}

export interface EcrRepositorySeed {
  readonly repository: Repository;
  readonly policy?: string;
}

export interface AwsRegionScenario {
  readonly sagemaker: {
    readonly endpoints: readonly DescribeEndpointOutput[];
    readonly endpointConfigs: readonly DescribeEndpointConfigOutput[];
    readonly models: readonly DescribeModelOutput[];
    readonly monitoringSchedules: readonly MonitoringScheduleSummary[];
  };
  readonly kms: { readonly keys: readonly KmsKeySeed[] };
  readonly ec2: {
    readonly vpcEndpoints: readonly VpcEndpoint[];
    readonly securityGroups: readonly SecurityGroup[];
    /** VPCs and subnets the writes may reference; ids referenced by the seeds above are known without being listed. */
    readonly vpcs?: readonly Vpc[];
    readonly subnets?: readonly Subnet[];
  };
  readonly ecr: { readonly repositories: readonly EcrRepositorySeed[] };
}

export interface AwsScenario {
  readonly account: string;
  /** The identity STS GetCallerIdentity returns; `arn:aws:iam::<account>:user/inferguard-auditor` when absent. */
  readonly callerArn?: string;
  readonly regions: Readonly<Record<string, AwsRegionScenario>>;
  /** IAM and S3 bucket listing are global. */
  readonly iam: { readonly roles: readonly IamRoleSeed[]; readonly managedPolicies: readonly IamManagedPolicySeed[] };
  readonly s3: { readonly buckets: readonly S3BucketSeed[] };
  /**
   * The AWS Organization this account manages. With it, this scenario is the management account (the
   * base credentials of every caller are its identity) and each member is served from its own data,
   * reached with `sts:AssumeRole` into one of its roles. Without it, AWS Organizations answers
   * AWSOrganizationsNotInUseException, as for an account outside any organization.
   */
  readonly organization?: OrganizationSeed;
}

/** An account's lifecycle state (Organizations `Account.State`); `Status` is derived from it as AWS does. */
export type OrganizationAccountState = 'ACTIVE' | 'SUSPENDED' | 'PENDING_CLOSURE' | 'CLOSED';

export interface OrganizationAccountSeed {
  /** The account's own resources; its id is `scenario.account`. A nested `organization` is not allowed. */
  readonly scenario: AwsScenario;
  readonly name: string;
  readonly email: string;
  /** ACTIVE when absent. */
  readonly state?: OrganizationAccountState;
  /** The root or an OU id; the root when absent. */
  readonly parentId?: string;
  readonly joinedMethod?: 'CREATED' | 'INVITED';
  readonly joinedTimestamp?: Date;
}

export interface OrganizationalUnitSeed {
  /** `ou-<root suffix>-<8 to 32 lower-case letters or digits>`. */
  readonly id: string;
  readonly name: string;
  /** The root or another OU. */
  readonly parentId: string;
}

export interface OrganizationSeed {
  /** `o-` and 10 to 32 lower-case letters or digits. */
  readonly id: string;
  /** `r-` and 4 to 32 lower-case letters or digits. */
  readonly rootId: string;
  /** ALL when absent. */
  readonly featureSet?: 'ALL' | 'CONSOLIDATED_BILLING';
  /** The management account as ListAccounts shows it (its resources are the enclosing scenario's). */
  readonly management: { readonly name: string; readonly email: string; readonly parentId?: string };
  readonly organizationalUnits: readonly OrganizationalUnitSeed[];
  readonly members: readonly OrganizationAccountSeed[];
}
