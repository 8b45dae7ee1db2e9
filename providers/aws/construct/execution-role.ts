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

/** The VPC the role creates ENIs in (real-time endpoints and monitoring jobs attached to a VPC). */
export interface NetworkScope {
  readonly vpcId: string;
  readonly subnetIds: readonly string[];
  readonly securityGroupIds: readonly string[];
}

export interface RolePolicy {
  readonly statements: iam.PolicyStatement[];
  /** Every resource with a `*` in it, with the reason it cannot be narrower. */
  readonly wildcardResources: { readonly resource: string; readonly reason: string }[];
}

const ec2Arn = (c: ArnContext, resource: string) => `arn:${c.partition}:ec2:${c.region}:${c.account}:${resource}`;

const DESCRIBE_REASON =
  'EC2 Describe* actions do not support resource-level permissions (Service Authorization Reference): SageMaker needs them to place ENIs in the VPC.';

/**
 * ENI permissions SageMaker needs to attach the model (or a monitoring job) to the VPC
 * (SageMaker developer guide, "CreateModel API: Execution Role Permissions").
 * - Describe*: no resource-level permissions exist, so Resource `*`; narrowed to the region with `aws:RequestedRegion`.
 * - CreateNetworkInterface: scoped by resource type to new ENIs in this account/region, the model's subnets and its
 *   security groups (the three resource types the action authorizes).
 * - Create/DeleteNetworkInterfacePermission, DeleteNetworkInterface: ENIs in this account/region, and only in this
 *   VPC (`ec2:Vpc` condition on the network-interface resource).
 */
export function networkStatements(c: ArnContext, network: NetworkScope): RolePolicy {
  const vpcArn = ec2Arn(c, `vpc/${network.vpcId}`);
  const anyEni = ec2Arn(c, 'network-interface/*');
  return {
    statements: [
      new iam.PolicyStatement({
        sid: 'DescribeTheNetwork',
        actions: ['ec2:DescribeDhcpOptions', 'ec2:DescribeNetworkInterfaces', 'ec2:DescribeSecurityGroups', 'ec2:DescribeSubnets', 'ec2:DescribeVpcs'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:RequestedRegion': c.region } },
      }),
      new iam.PolicyStatement({
        sid: 'CreateEnisInTheModelSubnets',
        actions: ['ec2:CreateNetworkInterface'],
        resources: [anyEni, ...network.subnetIds.map((id) => ec2Arn(c, `subnet/${id}`)), ...network.securityGroupIds.map((id) => ec2Arn(c, `security-group/${id}`))],
      }),
      new iam.PolicyStatement({
        sid: 'ManageEnisInTheVpc',
        actions: ['ec2:CreateNetworkInterfacePermission', 'ec2:DeleteNetworkInterface', 'ec2:DeleteNetworkInterfacePermission'],
        resources: [anyEni],
        conditions: { ArnEquals: { 'ec2:Vpc': vpcArn } },
      }),
    ],
    wildcardResources: [
      { resource: '*', reason: DESCRIBE_REASON },
      {
        resource: anyEni,
        reason:
          'The ENIs SageMaker creates for the model do not exist before deployment, so they cannot be named; the statement is limited to this account and region, and (for changes) to ENIs in this VPC via the ec2:Vpc condition.',
      },
    ],
  };
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

/** Writing to one log group: CreateLogStream on the group, PutLogEvents on its streams. */
export function logStatements(logGroupArn: string, options: { readonly createGroup?: boolean } = {}): RolePolicy {
  const streams = `${logGroupArn}:log-stream:*`;
  return {
    statements: [
      new iam.PolicyStatement({
        sid: 'WriteLogs',
        actions: [...(options.createGroup ? ['logs:CreateLogGroup'] : []), 'logs:CreateLogStream', 'logs:DescribeLogStreams'],
        resources: [logGroupArn],
      }),
      new iam.PolicyStatement({ sid: 'WriteLogEvents', actions: ['logs:PutLogEvents'], resources: [streams] }),
    ],
    wildcardResources: [{ resource: streams, reason: 'Log streams are named by SageMaker per instance at run time; the statement is limited to the streams of this one log group.' }],
  };
}

export function keyStatements(keyArns: readonly string[]): RolePolicy {
  return {
    statements: [new iam.PolicyStatement({ sid: 'UseTheKey', actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: [...keyArns] })],
    wildcardResources: [],
  };
}

/** Reading the model data, and writing captured data under the capture prefix. */
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
 * A role that only SageMaker can assume, with its permissions in a customer-managed policy (not inline:
 * cdk-nag NIST.800.53.R5-IAMNoInlinePolicy), and the cdk-nag wildcard findings acknowledged with their reasons.
 */
export function createServiceRole(scope: Construct, id: string, description: string, policy: RolePolicy): { role: iam.Role; policy: iam.ManagedPolicy } {
  const role = new iam.Role(scope, id, { assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com'), description });
  const managed = new iam.ManagedPolicy(scope, `${id}Policy`, { description, statements: policy.statements, roles: [role] });
  // One acknowledgement per wildcard resource, carrying every reason that resource appears for.
  const reasons = new Map<string, string[]>();
  for (const { resource, reason } of policy.wildcardResources) reasons.set(resource, [...(reasons.get(resource) ?? []), reason]);
  acknowledgeWildcardResources(managed, [...reasons].map(([resource, why]) => ({ resource, reason: why.join(' ') })));
  return { role, policy: managed };
}
