// The least-privilege execution roles: statements built as data (pure), each wildcard resource listed
// with the reason AWS requires it, so the construct can acknowledge exactly those cdk-nag findings.
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { acknowledgeWildcardResources } from './nag';

/** Where the role lives; tokens are fine. */
export interface ArnContext {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
}

export interface RolePolicy {
  readonly statements: iam.PolicyStatement[];
  /** Every resource with a `*` in it, with the reason it cannot be narrower. */
  readonly wildcardResources: { readonly resource: string; readonly reason: string }[];
}

/**
 * The ENI actions SageMaker needs on the role of a VPC-attached model or processing (monitoring) job, exactly as the
 * SageMaker developer guide lists them ("Give SageMaker AI Hosted Endpoints Access to Resources in Your Amazon VPC",
 * "CreateModel API: Execution Role Permissions" on "How to use SageMaker AI execution roles"; and for processing jobs
 * "CreateProcessingJob API: Execution Role Permissions"), on Resource "*". SageMaker validates these permissions
 * when the model or job is created, with no resource or request context to match a narrower grant against, so a
 * resource- or condition-scoped version fails creation. The subnets and security groups are constrained on the
 * callers instead: see `vpcCallerGuardStatements`.
 */
export const SAGEMAKER_VPC_ENI_ACTIONS: readonly string[] = [
  'ec2:CreateNetworkInterface',
  'ec2:CreateNetworkInterfacePermission',
  'ec2:DeleteNetworkInterface',
  'ec2:DeleteNetworkInterfacePermission',
  'ec2:DescribeNetworkInterfaces',
  'ec2:DescribeVpcs',
  'ec2:DescribeDhcpOptions',
  'ec2:DescribeSubnets',
  'ec2:DescribeSecurityGroups',
  'ec2:DescribeVpcEndpoints',
];

export function networkStatements(): RolePolicy {
  return {
    statements: [new iam.PolicyStatement({ sid: 'ManageModelEnis', actions: [...SAGEMAKER_VPC_ENI_ACTIONS], resources: ['*'] })],
    wildcardResources: [
      {
        resource: '*',
        reason:
          'The ENI actions SageMaker validates at model and job creation (developer guide, "CreateModel API: Execution Role Permissions") must be on Resource "*"; the subnets and security groups are constrained on the callers of CreateModel / CreateProcessingJob with sagemaker:VpcSubnets and sagemaker:VpcSecurityGroupIds.',
      },
    ],
  };
}

/**
 * For the principals that deploy or create models and jobs (a CloudFormation execution role, a pipeline role): deny
 * creating them with any subnet or security group but the given ones (SageMaker condition keys `sagemaker:VpcSubnets`,
 * `sagemaker:VpcSecurityGroupIds`; Service Authorization Reference, Amazon SageMaker AI). This is where the VPC is
 * enforced, since the execution role's ENI permissions cannot be scoped.
 */
export function vpcCallerGuardStatements(network: NetworkScope): iam.PolicyStatement[] {
  const creates = ['sagemaker:CreateModel', 'sagemaker:CreateProcessingJob', 'sagemaker:CreateDataQualityJobDefinition', 'sagemaker:CreateMonitoringSchedule'];
  return [
    new iam.PolicyStatement({
      sid: 'OnlyTheseSubnets',
      effect: iam.Effect.DENY,
      actions: creates,
      resources: ['*'],
      conditions: { 'ForAnyValue:StringNotEquals': { 'sagemaker:VpcSubnets': [...network.subnetIds] } },
    }),
    new iam.PolicyStatement({
      sid: 'OnlyTheseSecurityGroups',
      effect: iam.Effect.DENY,
      actions: creates,
      resources: ['*'],
      conditions: { 'ForAnyValue:StringNotEquals': { 'sagemaker:VpcSecurityGroupIds': [...network.securityGroupIds] } },
    }),
  ];
}

/** The VPC the role creates ENIs in (real-time endpoints and monitoring jobs attached to a VPC). */
export interface NetworkScope {
  readonly vpcId: string;
  readonly subnetIds: readonly string[];
  readonly securityGroupIds: readonly string[];
}

export function ecrPullStatements(repositoryArns: readonly string[]): RolePolicy {
  return {
    statements: [
      new iam.PolicyStatement({
        sid: 'PullTheImage',
        actions: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
        resources: [...repositoryArns],
      }),
      // GetAuthorizationToken has no resource type (Service Authorization Reference): AWS requires Resource `*`.
      new iam.PolicyStatement({ sid: 'RegistryLogin', actions: ['ecr:GetAuthorizationToken'], resources: ['*'] }),
    ],
    wildcardResources: [{ resource: '*', reason: 'ecr:GetAuthorizationToken has no resource type (Service Authorization Reference); AWS requires Resource "*". The pull actions are scoped to the repository ARN.' }],
  };
}

export function metricStatements(namespace: string): RolePolicy {
  return {
    statements: [
      // PutMetricData has no resource type: Resource `*`, narrowed to SageMaker's namespace by the condition key.
      new iam.PolicyStatement({
        sid: 'PublishMetrics',
        actions: ['cloudwatch:PutMetricData'],
        resources: ['*'],
        conditions: { StringEquals: { 'cloudwatch:namespace': namespace } },
      }),
    ],
    wildcardResources: [{ resource: '*', reason: `cloudwatch:PutMetricData has no resource type; AWS requires Resource "*". The cloudwatch:namespace condition limits it to ${namespace}.` }],
  };
}

/**
 * Writing to one log group. CloudWatch Logs authorizes CreateLogStream, PutLogEvents and DescribeLogStreams on the
 * log group's ARN with the `:*` suffix (CloudWatch Logs user guide, "CloudWatch Logs permissions reference" and the
 * identity-based policy examples: `arn:aws:logs:REGION:ACCOUNT:log-group:NAME:*`).
 */
export function logStatements(logGroupArn: string, options: { readonly createGroup?: boolean } = {}): RolePolicy {
  const group = `${logGroupArn}:*`;
  return {
    statements: [
      new iam.PolicyStatement({
        sid: 'WriteLogs',
        actions: [...(options.createGroup ? ['logs:CreateLogGroup'] : []), 'logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents'],
        resources: [group],
      }),
    ],
    wildcardResources: [{ resource: group, reason: 'Log streams are named by SageMaker per instance at run time; the statement is limited to this one log group and its streams.' }],
  };
}

export interface KeyUse {
  /**
   * The role writes encrypted output (captured data, monitoring reports): kms:Encrypt and kms:DescribeKey besides
   * decrypt and data keys (SageMaker developer guide, "CreateProcessingJob API: Execution Role Permissions" and
   * "Data capture": the role needs "kms:Encrypt" for an output KmsKeyId).
   */
  readonly writes?: boolean;
  /**
   * SageMaker creates grants on the key for resources it makes with it (the processing volume; the serverless
   * endpoint's stored image): kms:CreateGrant, only for AWS resources (`kms:GrantIsForAWSResource`, KMS developer
   * guide, "AWS KMS condition keys").
   */
  readonly grantsForAwsResources?: boolean;
}

export function keyStatements(keyArns: readonly string[], use: KeyUse = {}): RolePolicy {
  const statements = [
    new iam.PolicyStatement({
      sid: 'UseTheKey',
      actions: ['kms:Decrypt', 'kms:GenerateDataKey', ...(use.writes ? ['kms:Encrypt', 'kms:DescribeKey'] : [])],
      resources: [...keyArns],
    }),
  ];
  if (use.grantsForAwsResources) {
    statements.push(
      new iam.PolicyStatement({
        sid: 'GrantTheKeyToAwsResources',
        actions: ['kms:CreateGrant'],
        resources: [...keyArns],
        conditions: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
      }),
    );
  }
  return { statements, wildcardResources: [] };
}

/** Reading the model data (s3:ListBucket limited to its prefix), and writing captured data under the capture prefix. */
export function artifactStatements(bucketArn: string, modelData: { readonly key: string; readonly kind: 'object' | 'prefix' }, capturePrefix?: string): RolePolicy {
  const modelObjects = modelData.kind === 'prefix' ? `${bucketArn}/${modelData.key}*` : `${bucketArn}/${modelData.key}`;
  const listPrefix = modelData.kind === 'prefix' ? `${modelData.key}*` : modelData.key;
  const statements = [
    new iam.PolicyStatement({ sid: 'ReadTheModelData', actions: ['s3:GetObject'], resources: [modelObjects] }),
    new iam.PolicyStatement({
      sid: 'ListOnlyTheModelPrefix',
      actions: ['s3:ListBucket'],
      resources: [bucketArn],
      conditions: { StringLike: { 's3:prefix': [listPrefix] } },
    }),
  ];
  const wildcardResources: RolePolicy['wildcardResources'] = [];
  if (modelData.kind === 'prefix') wildcardResources.push({ resource: modelObjects, reason: 'The model is a set of uncompressed files under one key prefix; the statement covers that prefix only.' });
  if (capturePrefix !== undefined) {
    const captured = `${bucketArn}/${capturePrefix}*`;
    statements.push(new iam.PolicyStatement({ sid: 'WriteCapturedData', actions: ['s3:PutObject'], resources: [captured] }));
    wildcardResources.push({ resource: captured, reason: 'SageMaker names captured-data objects by variant and hour at run time; the statement covers this endpoint\'s capture prefix only.' });
  }
  return { statements, wildcardResources };
}

export function combinePolicies(...policies: RolePolicy[]): RolePolicy {
  return { statements: policies.flatMap((p) => p.statements), wildcardResources: policies.flatMap((p) => p.wildcardResources) };
}

/**
 * SageMaker may assume the role only on behalf of this account's own SageMaker resources: the confused-deputy
 * conditions the SageMaker developer guide recommends ("Cross-service confused deputy prevention": aws:SourceAccount,
 * and aws:SourceArn with the unknown parts of the ARN as wildcards).
 */
export function sageMakerServicePrincipal(c: ArnContext): iam.IPrincipal {
  return new iam.ServicePrincipal('sagemaker.amazonaws.com').withConditions({
    StringEquals: { 'aws:SourceAccount': c.account },
    ArnLike: { 'aws:SourceArn': `arn:${c.partition}:sagemaker:${c.region}:${c.account}:*` },
  });
}

/**
 * A role that only SageMaker can assume, for this account's resources, with its permissions in a customer-managed
 * policy (not inline: cdk-nag NIST.800.53.R5-IAMNoInlinePolicy), and the cdk-nag wildcard findings acknowledged.
 */
export function createServiceRole(scope: Construct, id: string, description: string, policy: RolePolicy, arnContext: ArnContext): { role: iam.Role; policy: iam.ManagedPolicy } {
  const role = new iam.Role(scope, id, { assumedBy: sageMakerServicePrincipal(arnContext), description });
  const managed = new iam.ManagedPolicy(scope, `${id}Policy`, { description, statements: policy.statements, roles: [role] });
  // One acknowledgement per wildcard resource, carrying every reason that resource appears for.
  const reasons = new Map<string, string[]>();
  for (const { resource, reason } of policy.wildcardResources) reasons.set(resource, [...(reasons.get(resource) ?? []), reason]);
  acknowledgeWildcardResources(managed, [...reasons].map(([resource, why]) => ({ resource, reason: why.join(' ') })));
  return { role, policy: managed };
}
