// Hand-built simulator scenarios for the live readers' tests: every value here is asserted on.
import type { VpcEndpoint } from '@aws-sdk/client-ec2';
import type { DescribeEndpointConfigOutput, DescribeModelOutput, MonitoringScheduleSummary, ProductionVariant } from '@aws-sdk/client-sagemaker';
import type { AwsRegionScenario, AwsScenario, EcrRepositorySeed, IamManagedPolicySeed, IamRoleSeed, KmsKeySeed, S3BucketSeed } from '../../../../sim/aws/scenario';

export const ACCOUNT = '111122223333';
export const US = 'us-east-1';
export const EU = 'eu-west-1';
export const CREATED = new Date('2026-01-01T00:00:00Z');
export const DIGEST = 'sha256:' + 'c'.repeat(64);

export const keyArn = (region: string, id: string) => `arn:aws:kms:${region}:${ACCOUNT}:key/${id}`;
export const KEY_ID = '1111aaaa-2222-3333-4444-555566667777';
export const AWS_MANAGED_KEY_ID = '9999aaaa-2222-3333-4444-555566667777';
export const EU_KEY_ID = '2222bbbb-2222-3333-4444-555566667777';
export const KEY = keyArn(US, KEY_ID);
export const AWS_MANAGED_KEY = keyArn(US, AWS_MANAGED_KEY_ID);
export const EU_KEY = keyArn(EU, EU_KEY_ID);
export const ROLE = `arn:aws:iam::${ACCOUNT}:role/inference`;
export const ENDPOINT_ROLE = `arn:aws:iam::${ACCOUNT}:role/service-role/endpoint-runner`;
export const SHARED_POLICY = `arn:aws:iam::${ACCOUNT}:policy/shared-read`;
export const FULL_ACCESS_POLICY = 'arn:aws:iam::aws:policy/AmazonSageMakerFullAccess';
export const REPO = `arn:aws:ecr:${US}:${ACCOUNT}:repository/models/classifier`;
export const EU_REPO = `arn:aws:ecr:${EU}:${ACCOUNT}:repository/models/classifier`;
export const image = (region: string, suffix = `@${DIGEST}`) => `${ACCOUNT}.dkr.ecr.${region}.amazonaws.com/models/classifier${suffix}`;
export const endpointArn = (region: string, name: string) => `arn:aws:sagemaker:${region}:${ACCOUNT}:endpoint/${name}`;
/** EC2 ids are unique across regions, as in AWS. */
export const networkIds = (region: string) =>
  region === US ? { vpc: 'vpc-0abc', group: 'sg-0abc', openGroup: 'sg-0open' } : { vpc: 'vpc-0eu', group: 'sg-0eu', openGroup: 'sg-0eu-open' };

const TLS_ONLY = (bucket: string) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'TlsOnly',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
    ],
  });

const rootKeyPolicy = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Sid: 'Root', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' }],
});

function key(region: string, id: string, overrides: Partial<KmsKeySeed> = {}, manager: 'CUSTOMER' | 'AWS' = 'CUSTOMER'): KmsKeySeed {
  return {
    metadata: {
      KeyId: id,
      Arn: keyArn(region, id),
      AWSAccountId: ACCOUNT,
      CreationDate: CREATED,
      Enabled: true,
      KeyState: 'Enabled',
      KeyManager: manager,
      KeyUsage: 'ENCRYPT_DECRYPT',
      KeySpec: 'SYMMETRIC_DEFAULT',
      Origin: 'AWS_KMS',
      Description: 'test key',
    },
    rotationEnabled: true,
    rotationPeriodInDays: 365,
    policy: rootKeyPolicy,
    ...overrides,
  };
}

export function model(region: string, name: string, overrides: Partial<DescribeModelOutput> = {}): DescribeModelOutput {
  return {
    ModelName: name,
    ModelArn: `arn:aws:sagemaker:${region}:${ACCOUNT}:model/${name}`,
    CreationTime: CREATED,
    ExecutionRoleArn: ROLE,
    EnableNetworkIsolation: true,
    VpcConfig: { Subnets: ['subnet-a', 'subnet-b'], SecurityGroupIds: [networkIds(region).group] },
    PrimaryContainer: { Image: image(region), ModelDataUrl: `s3://${region === US ? 'models' : 'models-eu'}/${name}/model.tar.gz` },
    ...overrides,
  };
}

export function endpointParts(
  region: string,
  name: string,
  config: Partial<DescribeEndpointConfigOutput> & { ProductionVariants?: ProductionVariant[] } = {},
): { endpoint: AwsRegionScenario['sagemaker']['endpoints'][number]; config: DescribeEndpointConfigOutput } {
  const configName = `${name}-config`;
  return {
    endpoint: {
      EndpointName: name,
      EndpointArn: endpointArn(region, name),
      EndpointConfigName: configName,
      EndpointStatus: 'InService',
      CreationTime: CREATED,
      LastModifiedTime: CREATED,
    },
    config: {
      EndpointConfigName: configName,
      EndpointConfigArn: `arn:aws:sagemaker:${region}:${ACCOUNT}:endpoint-config/${configName}`,
      CreationTime: CREATED,
      ProductionVariants: [{ VariantName: 'AllTraffic', ModelName: 'classifier', InstanceType: 'ml.m5.xlarge', InitialInstanceCount: 2 }],
      KmsKeyId: region === US ? KEY : EU_KEY,
      ...config,
    },
  };
}

export function schedule(region: string, endpointName: string, n = 1, status: MonitoringScheduleSummary['MonitoringScheduleStatus'] = 'Scheduled'): MonitoringScheduleSummary {
  return {
    MonitoringScheduleName: `${endpointName}-monitor-${n}`,
    MonitoringScheduleArn: `arn:aws:sagemaker:${region}:${ACCOUNT}:monitoring-schedule/${endpointName}-monitor-${n}`,
    CreationTime: CREATED,
    LastModifiedTime: CREATED,
    MonitoringScheduleStatus: status,
    EndpointName: endpointName,
  };
}

function repository(region: string): EcrRepositorySeed {
  return {
    repository: {
      repositoryArn: `arn:aws:ecr:${region}:${ACCOUNT}:repository/models/classifier`,
      registryId: ACCOUNT,
      repositoryName: 'models/classifier',
      repositoryUri: `${ACCOUNT}.dkr.ecr.${region}.amazonaws.com/models/classifier`,
      createdAt: CREATED,
      imageTagMutability: 'IMMUTABLE',
      imageScanningConfiguration: { scanOnPush: true },
      encryptionConfiguration: { encryptionType: 'KMS', kmsKey: region === US ? KEY : EU_KEY },
    },
  };
}

function network(region: string): AwsRegionScenario['ec2'] {
  const ids = networkIds(region);
  return {
    securityGroups: [
      {
        GroupId: ids.group,
        GroupName: 'inference',
        VpcId: ids.vpc,
        OwnerId: ACCOUNT,
        Description: 'inference',
        IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, UserIdGroupPairs: [{ GroupId: 'sg-0client' }] }],
      },
      {
        GroupId: ids.openGroup,
        GroupName: 'open',
        VpcId: ids.vpc,
        OwnerId: ACCOUNT,
        Description: 'open to the world',
        IpPermissions: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
      },
    ],
    vpcEndpoints: ['sagemaker.api', 'sagemaker.runtime'].map(
      (service, i): VpcEndpoint => ({
        VpcEndpointId: `vpce-${region}-${i}`,
        VpcEndpointType: 'Interface',
        VpcId: ids.vpc,
        ServiceName: `com.amazonaws.${region}.${service}`,
        // EC2 answers `available` on the wire although the SDK's enum spells `Available`: seed both.
        State: (i === 0 ? 'available' : 'Available') as VpcEndpoint['State'],
        PrivateDnsEnabled: true,
      }),
    ),
  };
}

const roles: IamRoleSeed[] = [
  {
    role: { RoleName: 'inference', RoleId: 'AROAINFERENCE', Arn: ROLE, Path: '/', CreateDate: CREATED },
    inlinePolicies: {
      'model-access': JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::models/*' },
          { Effect: 'Allow', Action: 'kms:Decrypt', Resource: KEY },
        ],
      }),
    },
    attachedPolicyArns: [SHARED_POLICY],
  },
  {
    role: { RoleName: 'endpoint-runner', RoleId: 'AROARUNNER', Arn: ENDPOINT_ROLE, Path: '/service-role/', CreateDate: CREATED },
    inlinePolicies: {},
    attachedPolicyArns: [SHARED_POLICY, FULL_ACCESS_POLICY],
  },
];

const managedPolicies: IamManagedPolicySeed[] = [
  {
    policy: { PolicyName: 'shared-read', PolicyId: 'ANPASHARED', Arn: SHARED_POLICY, Path: '/', DefaultVersionId: 'v1', CreateDate: CREATED, UpdateDate: CREATED },
    document: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'], Resource: REPO }] }),
  },
];

const buckets: S3BucketSeed[] = [
  {
    name: 'models',
    region: US,
    publicAccessBlock: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
    policy: TLS_ONLY('models'),
    encryption: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: KEY } }] },
    versioning: 'Enabled',
    logging: { TargetBucket: 'access-logs', TargetPrefix: 'models/' },
  },
  {
    // Nothing configured: every "not configured" answer must read as a known fail-shaped value.
    name: 'capture',
    region: US,
    encryption: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: AWS_MANAGED_KEY } }] },
  },
  {
    name: 'models-eu',
    region: EU,
    publicAccessBlock: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
    policy: TLS_ONLY('models-eu'),
    versioning: 'Suspended',
  },
];

/**
 * Two regions. us-east-1: a compliant endpoint and a second one sharing its model, a serverless one,
 * an NVMe (ml.g5) one, and one whose endpoint config sets VpcConfig, isolation and role.
 * eu-west-1: one endpoint with its own key, bucket and repository, and the same (global) role.
 */
export function richScenario(): AwsScenario {
  const classifier = endpointParts(US, 'classifier', {
    DataCaptureConfig: { InitialSamplingPercentage: 100, DestinationS3Uri: 's3://capture/classifier', KmsKeyId: 'alias/models', CaptureOptions: [{ CaptureMode: 'Input' }] },
  });
  const twin = endpointParts(US, 'classifier-twin');
  const serverless = endpointParts(US, 'serverless', {
    KmsKeyId: undefined,
    ProductionVariants: [{ VariantName: 'AllTraffic', ModelName: 'serverless-model', ServerlessConfig: { MemorySizeInMB: 2048, MaxConcurrency: 5 } }],
  });
  const gpu = endpointParts(US, 'gpu', { KmsKeyId: undefined, ProductionVariants: [{ VariantName: 'AllTraffic', ModelName: 'classifier', InstanceType: 'ml.g5.2xlarge', InitialInstanceCount: 2 }] });
  const overridden = endpointParts(US, 'overridden', {
    ProductionVariants: [{ VariantName: 'AllTraffic', ModelName: 'plain-model', InstanceType: 'ml.m5.large', InitialInstanceCount: 1 }],
    VpcConfig: { Subnets: ['subnet-c'], SecurityGroupIds: ['sg-0open'] },
    EnableNetworkIsolation: true,
    ExecutionRoleArn: ENDPOINT_ROLE,
  });
  const eu = endpointParts(EU, 'eu-classifier', { KmsKeyId: EU_KEY_ID });
  const usEndpoints = [classifier, twin, serverless, gpu, overridden];
  return {
    account: ACCOUNT,
    regions: {
      [US]: {
        sagemaker: {
          endpoints: usEndpoints.map((e) => e.endpoint),
          endpointConfigs: usEndpoints.map((e) => e.config),
          models: [
            model(US, 'classifier'),
            model(US, 'serverless-model', { VpcConfig: undefined, EnableNetworkIsolation: false, PrimaryContainer: { Image: image(US, ':v1'), ModelDataUrl: 's3://models/serverless/model.tar.gz' } }),
            model(US, 'plain-model', { VpcConfig: undefined, EnableNetworkIsolation: false }),
          ],
          monitoringSchedules: [schedule(US, 'classifier', 1), schedule(US, 'classifier', 2, 'Stopped')],
        },
        kms: { keys: [key(US, KEY_ID, { aliases: ['alias/models'] }), key(US, AWS_MANAGED_KEY_ID, {}, 'AWS')] },
        ec2: network(US),
        ecr: { repositories: [repository(US)] },
      },
      [EU]: {
        sagemaker: { endpoints: [eu.endpoint], endpointConfigs: [eu.config], models: [model(EU, 'classifier')], monitoringSchedules: [] },
        kms: { keys: [key(EU, EU_KEY_ID, { rotationEnabled: false, rotationPeriodInDays: undefined })] },
        ec2: network(EU),
        ecr: { repositories: [repository(EU)] },
      },
    },
    iam: { roles, managedPolicies },
    s3: { buckets },
  };
}

/** `count` endpoints in one region sharing one model, key, role, bucket, repository and security group. */
export function sharedScenario(count: number, schedulesPerEndpoint = 1): AwsScenario {
  const base = richScenario();
  const parts = Array.from({ length: count }, (_, i) => endpointParts(US, `shared-${String(i).padStart(4, '0')}`));
  const us = base.regions[US];
  return {
    ...base,
    regions: {
      [US]: {
        ...us,
        sagemaker: {
          endpoints: parts.map((p) => p.endpoint),
          endpointConfigs: parts.map((p) => p.config),
          models: [model(US, 'classifier')],
          monitoringSchedules: parts.flatMap((p) => Array.from({ length: schedulesPerEndpoint }, (_, n) => schedule(US, p.endpoint.EndpointName ?? '', n))),
        },
      },
    },
  };
}

/** The security group of the VPC interface endpoints in compliantScenario: it admits only the VPC's own range. */
export const VPCE_GROUP = 'sg-0vpce';

/**
 * One region, one endpoint that every control of the default baseline passes, using every read the
 * auditor's policy allows: an inline and an attached managed role policy, a key named by ARN and by alias
 * (data capture), a bucket with every setting, a repository, security groups on the model and on the VPC's
 * interface endpoints, and a monitoring schedule.
 */
export function compliantScenario(): AwsScenario {
  const rich = richScenario();
  const us = rich.regions[US];
  const classifier = endpointParts(US, 'classifier', {
    DataCaptureConfig: { InitialSamplingPercentage: 100, DestinationS3Uri: 's3://models/capture', KmsKeyId: 'alias/models', CaptureOptions: [{ CaptureMode: 'Input' }] },
  });
  const { vpc } = networkIds(US);
  return {
    account: ACCOUNT,
    regions: {
      [US]: {
        sagemaker: { endpoints: [classifier.endpoint], endpointConfigs: [classifier.config], models: [model(US, 'classifier')], monitoringSchedules: [schedule(US, 'classifier')] },
        kms: { keys: [key(US, KEY_ID, { aliases: ['alias/models'] })] },
        ec2: {
          securityGroups: [
            ...us.ec2.securityGroups.filter((g) => g.GroupId === networkIds(US).group),
            {
              GroupId: VPCE_GROUP,
              GroupName: 'vpc-endpoints',
              VpcId: vpc,
              OwnerId: ACCOUNT,
              Description: 'interface endpoints',
              IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '10.0.0.0/16' }] }],
            },
          ],
          vpcEndpoints: us.ec2.vpcEndpoints.map((e) => ({ ...e, Groups: [{ GroupId: VPCE_GROUP, GroupName: 'vpc-endpoints' }] })),
        },
        ecr: us.ecr,
      },
    },
    iam: { roles: roles.filter((r) => r.role.Arn === ROLE), managedPolicies },
    s3: { buckets: buckets.filter((b) => b.name === 'models') },
  };
}
