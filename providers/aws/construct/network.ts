// The private network path: the model's security group, and the VPC endpoints (with restrictive
// endpoint policies) that let the model, its clients and its administrators reach AWS APIs without
// a route to the internet.
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { INTERFACE_ENDPOINT_SERVICES, type OptionalInterfaceEndpoint } from './defaults';
import type { ArnContext } from './execution-role';

const HTTPS = ec2.Port.tcp(443);

/**
 * firewall-no-public-ingress: the model's ENIs accept no inbound traffic at all (SageMaker delivers
 * requests to the container itself, not through these ENIs). Egress is HTTPS only; the isolated
 * subnets route nowhere but the VPC and the S3 gateway endpoint, so that is all it reaches. (The S3
 * prefix list id cannot be known at synth time without a context lookup, hence a CIDR rule.)
 */
export function createModelSecurityGroup(scope: Construct, id: string, vpc: ec2.IVpc): ec2.SecurityGroup {
  const group = new ec2.SecurityGroup(scope, id, {
    vpc,
    allowAllOutbound: false,
    description: 'inferguard model ENIs: no ingress; HTTPS egress to S3 (gateway endpoint) and the VPC endpoints',
  });
  group.addEgressRule(ec2.Peer.anyIpv4(), HTTPS, 'HTTPS to the S3 gateway endpoint and VPC endpoints (isolated subnets have no other route)');
  return group;
}

/** What the endpoint policies may allow. Tokens are fine. */
export interface EndpointPolicyScope extends ArnContext {
  /** The SageMaker endpoint clients may invoke through sagemaker.runtime. */
  readonly endpointArn: string;
  /** ECR repositories images may be pulled from (the model image; the Model Monitor analyzer image). */
  readonly repositoryArns: readonly string[];
  /** The artifact bucket (model data, captured data, monitoring reports). */
  readonly bucketArn: string;
}

/**
 * Endpoint policies, by service name. Principal `*` is how endpoint policies are written; who may act
 * is narrowed by condition. Each is as narrow as the traffic through it can be known:
 * - sagemaker.runtime: only invoking this endpoint, only by principals of this account.
 * - ecr.api / ecr.dkr: only pulling from the known repositories (plus the registry login, which has no resource).
 * - s3 (gateway): the artifact bucket for principals of this account; and ECR's layer bucket
 *   `prod-REGION-starport-layer-bucket`, which ECR hands out pre-signed URLs for, so its requests are not signed
 *   by this account's principals and cannot carry a principal condition (ECR user guide, "Amazon ECR interface VPC
 *   endpoints": the S3 gateway endpoint policy must allow s3:GetObject on that bucket or image pulls fail).
 * - sagemaker.api, sts, logs, monitoring, kms: administrators and clients in the VPC use them for calls that cannot be listed
 *   in advance, so they get an account perimeter: only principals of this account (`aws:PrincipalAccount`), and for
 *   kms only keys of this account. That stops credentials of another account, e.g. an attacker's, from being used
 *   through the VPC to move data out.
 */
export function endpointPolicyStatements(s: EndpointPolicyScope): Record<string, iam.PolicyStatement[]> {
  const anyone = [new iam.AnyPrincipal()];
  const thisAccount = { StringEquals: { 'aws:PrincipalAccount': s.account } };
  const perimeter = (service: string) => [new iam.PolicyStatement({ principals: anyone, actions: [`${service}:*`], resources: ['*'], conditions: thisAccount })];
  const ecrPull = [
    new iam.PolicyStatement({
      principals: anyone,
      actions: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
      resources: [...s.repositoryArns],
      conditions: thisAccount,
    }),
    new iam.PolicyStatement({ principals: anyone, actions: ['ecr:GetAuthorizationToken'], resources: ['*'], conditions: thisAccount }),
  ];
  return {
    'sagemaker.runtime': [
      new iam.PolicyStatement({
        principals: anyone,
        actions: ['sagemaker:InvokeEndpoint', 'sagemaker:InvokeEndpointAsync', 'sagemaker:InvokeEndpointWithResponseStream'],
        resources: [s.endpointArn],
        conditions: thisAccount,
      }),
    ],
    'sagemaker.api': perimeter('sagemaker'),
    sts: perimeter('sts'),
    logs: perimeter('logs'),
    monitoring: perimeter('cloudwatch'),
    kms: [
      new iam.PolicyStatement({
        principals: anyone,
        actions: ['kms:*'],
        resources: [`arn:${s.partition}:kms:${s.region}:${s.account}:key/*`],
        conditions: thisAccount,
      }),
    ],
    'ecr.api': ecrPull,
    'ecr.dkr': ecrPull,
    s3: [
      new iam.PolicyStatement({
        sid: 'ArtifactBucket',
        principals: anyone,
        actions: ['s3:GetBucketLocation', 's3:GetObject', 's3:ListBucket', 's3:PutObject'],
        resources: [s.bucketArn, `${s.bucketArn}/*`],
        conditions: thisAccount,
      }),
      new iam.PolicyStatement({
        sid: 'EcrImageLayers',
        principals: anyone,
        actions: ['s3:GetObject'],
        resources: [`arn:${s.partition}:s3:::prod-${s.region}-starport-layer-bucket/*`],
      }),
    ],
  };
}

export interface PrivateApiPathOptions {
  readonly vpc: ec2.IVpc;
  readonly subnets: ec2.SubnetSelection;
  readonly modelSecurityGroup: ec2.ISecurityGroup;
  readonly clientSecurityGroups: readonly ec2.ISecurityGroup[];
  readonly policies: Record<string, iam.PolicyStatement[]>;
  /** The interface endpoints to add. */
  readonly services: readonly ('sagemaker.api' | 'sagemaker.runtime' | OptionalInterfaceEndpoint)[];
}

export interface PrivateApiPath {
  /** The security group of the interface endpoints: HTTPS in from the model and the named clients only. */
  readonly securityGroup: ec2.SecurityGroup;
  readonly interfaceEndpoints: Readonly<Record<string, ec2.InterfaceVpcEndpoint>>;
  readonly s3Endpoint: ec2.GatewayVpcEndpoint;
}

/** endpoint-private-api-path: interface endpoints with private DNS, and an S3 gateway endpoint, each with its policy. */
export function addPrivateApiPath(scope: Construct, options: PrivateApiPathOptions): PrivateApiPath {
  const securityGroup = new ec2.SecurityGroup(scope, 'VpcEndpointsSecurityGroup', {
    vpc: options.vpc,
    allowAllOutbound: false,
    description: 'inferguard VPC endpoints: HTTPS from the model and the allowed client security groups only',
  });
  securityGroup.addIngressRule(options.modelSecurityGroup, HTTPS, 'HTTPS from the model ENIs');
  options.clientSecurityGroups.forEach((client) => securityGroup.addIngressRule(client, HTTPS, 'HTTPS from an allowed client'));

  const interfaceEndpoints: Record<string, ec2.InterfaceVpcEndpoint> = {};
  for (const name of options.services) {
    const service = INTERFACE_ENDPOINT_SERVICES[name];
    const endpoint = new ec2.InterfaceVpcEndpoint(scope, `Endpoint-${name}`, {
      vpc: options.vpc,
      service,
      subnets: options.subnets,
      securityGroups: [securityGroup],
      // `open` would admit the whole VPC CIDR; access comes only from the security group rules above.
      open: false,
      privateDnsEnabled: true,
    });
    (options.policies[name] ?? []).forEach((statement) => endpoint.addToPolicy(statement));
    interfaceEndpoints[name] = endpoint;
  }
  const s3Endpoint = new ec2.GatewayVpcEndpoint(scope, 'Endpoint-s3', {
    vpc: options.vpc,
    service: ec2.GatewayVpcEndpointAwsService.S3,
    subnets: [options.subnets],
  });
  (options.policies.s3 ?? []).forEach((statement) => s3Endpoint.addToPolicy(statement));
  return { securityGroup, interfaceEndpoints, s3Endpoint };
}
