// Builders for scenario seeds, so the demo and the generated benchmark scenarios are made of the
// same consistent pieces (an endpoint's config names its model; ARNs match names and regions).
import { createHash } from 'node:crypto';
import type { DescribeEndpointConfigOutput, DescribeEndpointOutput, DescribeModelOutput, MonitoringScheduleSummary, ProductionVariantInstanceType } from '@aws-sdk/client-sagemaker';
import type { IpPermission, SecurityGroup, Subnet, Vpc, VpcEndpoint } from '@aws-sdk/client-ec2';
import { ecrRepositoryArn, ecrRepositoryUri, iamArn, kmsKeyArn, sagemakerArn } from '../ids';
import { describeEndpointFromConfig } from '../sagemaker-shapes';
import type { AwsRegionScenario, EcrRepositorySeed, IamRoleSeed, KmsKeySeed, S3BucketSeed } from '../scenario';
import { vpcEndpointState } from '../ec2-shapes';

/** Deterministic hex derived from a label: the same scenario always has the same ids. */
export function hexFrom(label: string, length: number): string {
  let out = '';
  for (let round = 0; out.length < length; round += 1) out += createHash('sha256').update(`${label}#${round}`).digest('hex');
  return out.slice(0, length);
}

export function uuidFrom(label: string): string {
  const h = hexFrom(label, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** IAM unique-id characters (upper-case letters and 2-7), derived from a label. */
export function iamUniqueId(prefix: 'AROA' | 'ANPA', label: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const hex = hexFrom(label, 34);
  let out = '';
  for (let i = 0; i < 17; i += 1) out += alphabet[parseInt(hex.slice(i * 2, i * 2 + 2), 16) % 32];
  return `${prefix}${out}`;
}

export function ec2Id(prefix: 'vpc' | 'subnet' | 'sg' | 'vpce', label: string): string {
  return `${prefix}-0${hexFrom(`${prefix}:${label}`, 16)}`;
}

export function imageByDigest(account: string, region: string, repository: string, version: string): string {
  return `${ecrRepositoryUri(region, account, repository)}@sha256:${hexFrom(`${repository}:${version}`, 64)}`;
}

export function imageByTag(account: string, region: string, repository: string, tag: string): string {
  return `${ecrRepositoryUri(region, account, repository)}:${tag}`;
}

export function emptyRegion(): AwsRegionScenario {
  return {
    sagemaker: { endpoints: [], endpointConfigs: [], models: [], monitoringSchedules: [] },
    kms: { keys: [] },
    ec2: { vpcEndpoints: [], securityGroups: [], vpcs: [], subnets: [] },
    ecr: { repositories: [] },
  };
}

/** A mutable region under construction; `freeze` hands it out as the scenario's readonly shape. */
export interface RegionDraft {
  readonly endpoints: DescribeEndpointOutput[];
  readonly endpointConfigs: DescribeEndpointConfigOutput[];
  readonly models: DescribeModelOutput[];
  readonly monitoringSchedules: MonitoringScheduleSummary[];
  readonly keys: KmsKeySeed[];
  readonly vpcEndpoints: VpcEndpoint[];
  readonly securityGroups: SecurityGroup[];
  readonly vpcs: Vpc[];
  readonly subnets: Subnet[];
  readonly repositories: EcrRepositorySeed[];
}

export function regionDraft(): RegionDraft {
  return { endpoints: [], endpointConfigs: [], models: [], monitoringSchedules: [], keys: [], vpcEndpoints: [], securityGroups: [], vpcs: [], subnets: [], repositories: [] };
}

export function freeze(draft: RegionDraft): AwsRegionScenario {
  return {
    sagemaker: { endpoints: draft.endpoints, endpointConfigs: draft.endpointConfigs, models: draft.models, monitoringSchedules: draft.monitoringSchedules },
    kms: { keys: draft.keys },
    ec2: { vpcEndpoints: draft.vpcEndpoints, securityGroups: draft.securityGroups, vpcs: draft.vpcs, subnets: draft.subnets },
    ecr: { repositories: draft.repositories },
  };
}

export interface KeySpec {
  readonly account: string;
  readonly region: string;
  readonly keyId: string;
  readonly description: string;
  readonly created: Date;
  readonly rotationPeriodInDays?: number;
  readonly aliases?: readonly string[];
  /** Extra statements after the account-root statement every key policy starts with. */
  readonly extraStatements?: readonly object[];
}

export function kmsKey(spec: KeySpec): KmsKeySeed {
  return {
    metadata: {
      AWSAccountId: spec.account,
      KeyId: spec.keyId,
      Arn: kmsKeyArn(spec.region, spec.account, spec.keyId),
      CreationDate: spec.created,
      Enabled: true,
      Description: spec.description,
      KeyUsage: 'ENCRYPT_DECRYPT',
      KeyState: 'Enabled',
      Origin: 'AWS_KMS',
      KeyManager: 'CUSTOMER',
      CustomerMasterKeySpec: 'SYMMETRIC_DEFAULT',
      KeySpec: 'SYMMETRIC_DEFAULT',
      EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'],
      MultiRegion: false,
    },
    rotationEnabled: spec.rotationPeriodInDays !== undefined,
    rotationPeriodInDays: spec.rotationPeriodInDays,
    aliases: spec.aliases,
    policy: JSON.stringify({
      Version: '2012-10-17',
      Id: 'key-policy',
      Statement: [
        { Sid: 'EnableRootAccountAdministration', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${spec.account}:root` }, Action: 'kms:*', Resource: '*' },
        ...(spec.extraStatements ?? []),
      ],
    }),
  };
}

export const SAGEMAKER_TRUST_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

export interface RoleSpec {
  readonly account: string;
  readonly name: string;
  readonly created: Date;
  readonly description?: string;
  readonly inlinePolicies?: Readonly<Record<string, string>>;
  readonly attachedPolicyArns?: readonly string[];
}

export function executionRole(spec: RoleSpec): IamRoleSeed {
  return {
    role: {
      Path: '/',
      RoleName: spec.name,
      RoleId: iamUniqueId('AROA', `role:${spec.name}`),
      Arn: iamArn(spec.account, 'role', '/', spec.name),
      CreateDate: spec.created,
      AssumeRolePolicyDocument: SAGEMAKER_TRUST_POLICY,
      Description: spec.description,
      MaxSessionDuration: 3600,
    },
    inlinePolicies: spec.inlinePolicies ?? {},
    attachedPolicyArns: spec.attachedPolicyArns ?? [],
  };
}

export interface LeastPrivilegeSpec {
  readonly account: string;
  readonly region: string;
  readonly endpointName: string;
  readonly bucket: string;
  readonly prefix: string;
  readonly keyArn?: string;
  readonly repository: string;
}

/** An inline policy scoped to one bucket prefix, one key, one repository and the endpoint's log group. */
export function leastPrivilegePolicy(spec: LeastPrivilegeSpec): string {
  const statements: object[] = [
    { Sid: 'ReadModelArtifacts', Effect: 'Allow', Action: ['s3:GetObject'], Resource: [`arn:aws:s3:::${spec.bucket}/${spec.prefix}*`] },
    { Sid: 'WriteDataCapture', Effect: 'Allow', Action: ['s3:PutObject'], Resource: [`arn:aws:s3:::${spec.bucket}/${spec.prefix}data-capture/*`] },
    {
      Sid: 'PullImage',
      Effect: 'Allow',
      Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability'],
      Resource: [ecrRepositoryArn(spec.region, spec.account, spec.repository)],
    },
    {
      Sid: 'WriteEndpointLogs',
      Effect: 'Allow',
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: [`arn:aws:logs:${spec.region}:${spec.account}:log-group:/aws/sagemaker/Endpoints/${spec.endpointName}:*`],
    },
  ];
  if (spec.keyArn !== undefined) {
    statements.push({ Sid: 'UseModelKey', Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey', 'kms:CreateGrant'], Resource: [spec.keyArn] });
  }
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

export function tlsOnlyBucketPolicy(bucket: string, extraStatements: readonly object[] = []): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
      ...extraStatements,
    ],
  });
}

export const BLOCK_ALL_PUBLIC_ACCESS = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true } as const;

/**
 * The bucket that receives server access logs in `region` (S3 refuses cross-region logging): only the logging service,
 * for this account, may write; TLS only; SSE-S3 (log delivery cannot use a KMS key); versioned.
 */
export function accessLogBucket(account: string, name: string, region: string): S3BucketSeed {
  return {
    name,
    region,
    publicAccessBlock: BLOCK_ALL_PUBLIC_ACCESS,
    policy: tlsOnlyBucketPolicy(name, [
      {
        Sid: 'AllowServerAccessLogs',
        Effect: 'Allow',
        Principal: { Service: 'logging.s3.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: `arn:aws:s3:::${name}/*`,
        Condition: { StringEquals: { 'aws:SourceAccount': account } },
      },
    ]),
    encryption: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: false }] },
    versioning: 'Enabled',
  };
}

export function kmsEncryptedBucket(name: string, region: string, keyArn: string, logTarget?: { readonly bucket: string; readonly prefix: string }): S3BucketSeed {
  return {
    name,
    region,
    publicAccessBlock: BLOCK_ALL_PUBLIC_ACCESS,
    policy: tlsOnlyBucketPolicy(name),
    encryption: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: keyArn }, BucketKeyEnabled: true }] },
    versioning: 'Enabled',
    logging: logTarget === undefined ? undefined : { TargetBucket: logTarget.bucket, TargetPrefix: logTarget.prefix },
  };
}

export interface RepositorySpec {
  readonly account: string;
  readonly region: string;
  readonly name: string;
  readonly created: Date;
  readonly scanOnPush: boolean;
  readonly immutable: boolean;
  readonly kmsKeyArn?: string;
  readonly policy?: string;
}

export function repository(spec: RepositorySpec): EcrRepositorySeed {
  return {
    repository: {
      repositoryArn: ecrRepositoryArn(spec.region, spec.account, spec.name),
      registryId: spec.account,
      repositoryName: spec.name,
      repositoryUri: ecrRepositoryUri(spec.region, spec.account, spec.name),
      createdAt: spec.created,
      imageTagMutability: spec.immutable ? 'IMMUTABLE' : 'MUTABLE',
      imageScanningConfiguration: { scanOnPush: spec.scanOnPush },
      encryptionConfiguration: spec.kmsKeyArn === undefined ? { encryptionType: 'AES256' } : { encryptionType: 'KMS', kmsKey: spec.kmsKeyArn },
    },
    policy: spec.policy,
  };
}

export interface NetworkSpec {
  readonly account: string;
  readonly region: string;
  readonly label: string;
  readonly cidr: string;
  readonly subnetCidrs: readonly string[];
}

export interface Network {
  readonly vpc: Vpc;
  readonly subnets: readonly Subnet[];
}

export function network(spec: NetworkSpec): Network {
  const vpcId = ec2Id('vpc', `${spec.region}:${spec.label}`);
  return {
    vpc: { VpcId: vpcId, State: 'available', CidrBlock: spec.cidr, IsDefault: false, OwnerId: spec.account, InstanceTenancy: 'default' },
    subnets: spec.subnetCidrs.map((cidr, index) => {
      const subnetId = ec2Id('subnet', `${spec.region}:${spec.label}:${index}`);
      return {
        SubnetId: subnetId,
        SubnetArn: `arn:aws:ec2:${spec.region}:${spec.account}:subnet/${subnetId}`,
        VpcId: vpcId,
        CidrBlock: cidr,
        AvailabilityZone: `${spec.region}${'abcdef'[index % 6]}`,
        State: 'available',
        OwnerId: spec.account,
      };
    }),
  };
}

export function tcpIngress(port: number, source: { readonly cidr: string } | { readonly groupId: string; readonly account: string }): IpPermission {
  return {
    IpProtocol: 'tcp',
    FromPort: port,
    ToPort: port,
    IpRanges: 'cidr' in source ? [{ CidrIp: source.cidr }] : [],
    UserIdGroupPairs: 'groupId' in source ? [{ GroupId: source.groupId, UserId: source.account }] : [],
    Ipv6Ranges: [],
    PrefixListIds: [],
  };
}

export function securityGroup(spec: { readonly account: string; readonly region: string; readonly vpcId: string; readonly name: string; readonly description: string; readonly ingress: readonly IpPermission[] }): SecurityGroup {
  const groupId = ec2Id('sg', `${spec.region}:${spec.vpcId}:${spec.name}`);
  return {
    GroupId: groupId,
    GroupName: spec.name,
    Description: spec.description,
    VpcId: spec.vpcId,
    OwnerId: spec.account,
    SecurityGroupArn: `arn:aws:ec2:${spec.region}:${spec.account}:security-group/${groupId}`,
    IpPermissions: [...spec.ingress],
    IpPermissionsEgress: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }], UserIdGroupPairs: [], Ipv6Ranges: [], PrefixListIds: [] }],
  };
}

export function interfaceEndpoint(spec: {
  readonly account: string;
  readonly region: string;
  readonly vpcId: string;
  readonly service: string;
  readonly subnetIds: readonly string[];
  readonly groups: readonly SecurityGroup[];
  readonly privateDns: boolean;
  readonly created: Date;
}): VpcEndpoint {
  const id = ec2Id('vpce', `${spec.region}:${spec.vpcId}:${spec.service}`);
  return {
    VpcEndpointId: id,
    VpcEndpointType: 'Interface',
    VpcId: spec.vpcId,
    ServiceName: `com.amazonaws.${spec.region}.${spec.service}`,
    State: vpcEndpointState('available'),
    PolicyDocument: JSON.stringify({ Statement: [{ Action: '*', Effect: 'Allow', Principal: '*', Resource: '*' }] }),
    RouteTableIds: [],
    SubnetIds: [...spec.subnetIds],
    Groups: spec.groups.map((g) => ({ GroupId: g.GroupId, GroupName: g.GroupName })),
    IpAddressType: 'ipv4',
    DnsOptions: { DnsRecordIpType: 'ipv4' },
    PrivateDnsEnabled: spec.privateDns,
    RequesterManaged: false,
    NetworkInterfaceIds: spec.subnetIds.map((subnet) => `eni-0${hexFrom(`eni:${id}:${subnet}`, 16)}`),
    DnsEntries: [{ DnsName: `${id}-${hexFrom(id, 8)}.${spec.service}.${spec.region}.vpce.amazonaws.com`, HostedZoneId: 'Z7HUB22UULQXV' }],
    CreationTimestamp: spec.created,
    OwnerId: spec.account,
  };
}

export interface EndpointSpec {
  readonly account: string;
  readonly region: string;
  readonly name: string;
  readonly created: Date;
  readonly image: string;
  readonly modelDataUrl: string;
  readonly roleArn: string;
  /** Instance-based variant; absent with `serverless`. */
  readonly instance?: { readonly type: ProductionVariantInstanceType; readonly count: number };
  readonly serverless?: { readonly memorySizeInMB: number; readonly maxConcurrency: number };
  readonly vpc?: { readonly subnets: readonly string[]; readonly securityGroupIds: readonly string[] };
  readonly networkIsolation: boolean;
  readonly kmsKeyId?: string;
  readonly dataCapture?: { readonly destinationS3Uri: string; readonly kmsKeyId?: string; readonly samplingPercentage: number };
}

export interface EndpointSeeds {
  readonly model: DescribeModelOutput;
  readonly endpointConfig: DescribeEndpointConfigOutput;
  readonly endpoint: DescribeEndpointOutput;
}

/** A model, its endpoint config and the endpoint, named `<name>-model`, `<name>-config` and `<name>`. */
export function sagemakerEndpoint(spec: EndpointSpec): EndpointSeeds {
  const modelName = `${spec.name}-model`;
  const configName = `${spec.name}-config`;
  const model: DescribeModelOutput = {
    ModelName: modelName,
    ModelArn: sagemakerArn(spec.region, spec.account, 'model', modelName),
    PrimaryContainer: { Image: spec.image, ModelDataUrl: spec.modelDataUrl, Mode: 'SingleModel', Environment: { SAGEMAKER_PROGRAM: 'inference.py' } },
    ExecutionRoleArn: spec.roleArn,
    VpcConfig: spec.vpc === undefined ? undefined : { Subnets: [...spec.vpc.subnets], SecurityGroupIds: [...spec.vpc.securityGroupIds] },
    EnableNetworkIsolation: spec.networkIsolation,
    CreationTime: spec.created,
  };
  const endpointConfig: DescribeEndpointConfigOutput = {
    EndpointConfigName: configName,
    EndpointConfigArn: sagemakerArn(spec.region, spec.account, 'endpoint-config', configName),
    ProductionVariants: [
      {
        VariantName: 'AllTraffic',
        ModelName: modelName,
        InitialVariantWeight: 1,
        ...(spec.serverless !== undefined
          ? { ServerlessConfig: { MemorySizeInMB: spec.serverless.memorySizeInMB, MaxConcurrency: spec.serverless.maxConcurrency } }
          : { InstanceType: spec.instance?.type ?? 'ml.m5.large', InitialInstanceCount: spec.instance?.count ?? 1 }),
      },
    ],
    DataCaptureConfig:
      spec.dataCapture === undefined
        ? undefined
        : {
            EnableCapture: true,
            InitialSamplingPercentage: spec.dataCapture.samplingPercentage,
            DestinationS3Uri: spec.dataCapture.destinationS3Uri,
            KmsKeyId: spec.dataCapture.kmsKeyId,
            CaptureOptions: [{ CaptureMode: 'Input' }, { CaptureMode: 'Output' }],
          },
    KmsKeyId: spec.kmsKeyId,
    CreationTime: spec.created,
  };
  const endpoint = describeEndpointFromConfig({
    name: spec.name,
    arn: sagemakerArn(spec.region, spec.account, 'endpoint', spec.name),
    config: endpointConfig,
    model: (name) => (name === modelName ? model : undefined),
    created: spec.created,
  });
  return { model, endpointConfig, endpoint };
}

export function addEndpoint(draft: RegionDraft, seeds: EndpointSeeds): void {
  draft.models.push(seeds.model);
  draft.endpointConfigs.push(seeds.endpointConfig);
  draft.endpoints.push(seeds.endpoint);
}

export function monitoringSchedule(spec: { readonly account: string; readonly region: string; readonly name: string; readonly endpointName: string; readonly created: Date; readonly type: 'DataQuality' | 'ModelQuality' | 'ModelBias' | 'ModelExplainability' }): MonitoringScheduleSummary {
  return {
    MonitoringScheduleName: spec.name,
    MonitoringScheduleArn: sagemakerArn(spec.region, spec.account, 'monitoring-schedule', spec.name),
    CreationTime: spec.created,
    LastModifiedTime: spec.created,
    MonitoringScheduleStatus: 'Scheduled',
    EndpointName: spec.endpointName,
    MonitoringJobDefinitionName: `${spec.name}-job`,
    MonitoringType: spec.type,
  };
}
