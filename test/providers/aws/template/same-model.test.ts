// "A scenario expressed as a CloudFormation template and as recorded API responses must yield the
// same model." One compliant endpoint and everything it uses, written twice: as a template (read by
// the template adapter) and as a simulator scenario (read by the live readers over the wire). The
// facts must be equal; only ids (ARNs vs STACK/LogicalId), names and evidence may differ.
import { defaultBaseline } from '../../../../policies/baseline';
import { evaluate } from '../../../../policies/evaluate';
import { resourcesOfKind, type Inventory, type Resource } from '../../../../policies/model';
import { collectAwsInventory } from '../../../../providers/aws/live/index';
import { templateToInventory } from '../../../../providers/aws/template';
import { startAwsSimulator } from '../../../../sim/aws/index';
import type { AwsScenario } from '../../../../sim/aws/scenario';
import {
  addEndpoint,
  executionRole,
  freeze,
  interfaceEndpoint,
  kmsEncryptedBucket,
  kmsKey,
  leastPrivilegePolicy,
  monitoringSchedule,
  network,
  regionDraft,
  repository,
  sagemakerEndpoint,
  securityGroup,
  tcpIngress,
} from '../../../../sim/aws/scenarios/builders';
import { ecrRepositoryArn, ecrRepositoryUri, iamArn, kmsKeyArn, sagemakerArn } from '../../../../sim/aws/ids';
import { isolateAwsEnvironment } from '../live/support';

isolateAwsEnvironment();

const ACCOUNT = '111122223333';
const REGION = 'us-east-1';
const CREATED = new Date('2025-03-01T10:00:00Z');
const KEY_ID = '1234abcd-12ab-34cd-56ef-1234567890ab';
const BUCKET = 'inferguard-models';
const LOG_BUCKET = 'inferguard-access-logs';
const REPOSITORY = 'models/classifier';
const ROLE = 'classifier-execution';
const ENDPOINT = 'classifier';
const DIGEST = `sha256:${'d'.repeat(64)}`;
const PREFIX = 'classifier/';

const keyArn = kmsKeyArn(REGION, ACCOUNT, KEY_ID);
const net = network({ account: ACCOUNT, region: REGION, label: 'inference', cidr: '10.0.0.0/16', subnetCidrs: ['10.0.0.0/24', '10.0.1.0/24'] });
const modelGroup = securityGroup({ account: ACCOUNT, region: REGION, vpcId: net.vpc.VpcId!, name: 'inference-containers', description: 'inference containers', ingress: [tcpIngress(443, { cidr: '10.0.0.0/16' })] });

/** The compliant endpoint as SageMaker, KMS, IAM, S3, ECR and EC2 describe it. */
function scenario(): AwsScenario {
  const draft = regionDraft();
  draft.keys.push(kmsKey({ account: ACCOUNT, region: REGION, keyId: KEY_ID, description: 'inference', created: CREATED, rotationPeriodInDays: 180 }));
  draft.repositories.push(repository({ account: ACCOUNT, region: REGION, name: REPOSITORY, created: CREATED, scanOnPush: true, immutable: true, kmsKeyArn: keyArn }));
  draft.vpcs.push(net.vpc);
  draft.subnets.push(...net.subnets);
  draft.securityGroups.push(modelGroup);
  for (const service of ['sagemaker.api', 'sagemaker.runtime']) {
    draft.vpcEndpoints.push(interfaceEndpoint({ account: ACCOUNT, region: REGION, vpcId: net.vpc.VpcId!, service, subnetIds: net.subnets.map((s) => s.SubnetId!), groups: [modelGroup], privateDns: true, created: CREATED }));
  }
  addEndpoint(
    draft,
    sagemakerEndpoint({
      account: ACCOUNT,
      region: REGION,
      name: ENDPOINT,
      created: CREATED,
      image: `${ecrRepositoryUri(REGION, ACCOUNT, REPOSITORY)}@${DIGEST}`,
      modelDataUrl: `s3://${BUCKET}/${PREFIX}model.tar.gz`,
      roleArn: iamArn(ACCOUNT, 'role', '/', ROLE),
      instance: { type: 'ml.m5.xlarge', count: 2 },
      vpc: { subnets: net.subnets.map((s) => s.SubnetId!), securityGroupIds: [modelGroup.GroupId!] },
      networkIsolation: true,
      kmsKeyId: keyArn,
      dataCapture: { destinationS3Uri: `s3://${BUCKET}/${PREFIX}data-capture`, kmsKeyId: keyArn, samplingPercentage: 10 },
    }),
  );
  draft.monitoringSchedules.push(monitoringSchedule({ account: ACCOUNT, region: REGION, name: 'classifier-data-quality', endpointName: ENDPOINT, created: CREATED, type: 'DataQuality' }));
  const policy = leastPrivilegePolicy({ account: ACCOUNT, region: REGION, endpointName: ENDPOINT, bucket: BUCKET, prefix: PREFIX, keyArn, repository: REPOSITORY });
  return {
    account: ACCOUNT,
    regions: { [REGION]: freeze(draft) },
    iam: { roles: [executionRole({ account: ACCOUNT, name: ROLE, created: CREATED, inlinePolicies: { 'least-privilege': policy } })], managedPolicies: [] },
    s3: { buckets: [kmsEncryptedBucket(BUCKET, REGION, keyArn, { bucket: LOG_BUCKET, prefix: 'models/' })] },
  };
}

const getAtt = (logicalId: string, attribute: string) => ({ 'Fn::GetAtt': [logicalId, attribute] });
const sub = (text: string) => ({ 'Fn::Sub': text });

/** The same endpoint as a CloudFormation template, written the way people write them (intrinsics, not literals). */
const TEMPLATE = {
  AWSTemplateFormatVersion: '2010-09-09',
  Resources: {
    Key: {
      Type: 'AWS::KMS::Key',
      Properties: {
        EnableKeyRotation: true,
        RotationPeriodInDays: 180,
        KeyPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: sub('arn:${AWS::Partition}:iam::${AWS::AccountId}:root') }, Action: 'kms:*', Resource: '*' }] },
      },
    },
    Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } },
    SubnetA: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: '10.0.0.0/24' } },
    SubnetB: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: '10.0.1.0/24' } },
    ModelGroup: {
      Type: 'AWS::EC2::SecurityGroup',
      Properties: {
        GroupName: 'inference-containers',
        GroupDescription: 'inference containers',
        VpcId: { Ref: 'Vpc' },
        SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: getAtt('Vpc', 'CidrBlock') }],
      },
    },
    ApiEndpoint: {
      Type: 'AWS::EC2::VPCEndpoint',
      Properties: { VpcId: { Ref: 'Vpc' }, VpcEndpointType: 'Interface', PrivateDnsEnabled: true, ServiceName: sub('com.amazonaws.${AWS::Region}.sagemaker.api'), SubnetIds: [{ Ref: 'SubnetA' }, { Ref: 'SubnetB' }] },
    },
    RuntimeEndpoint: {
      Type: 'AWS::EC2::VPCEndpoint',
      Properties: { VpcId: { Ref: 'Vpc' }, VpcEndpointType: 'Interface', PrivateDnsEnabled: true, ServiceName: sub('com.amazonaws.${AWS::Region}.sagemaker.runtime'), SubnetIds: [{ Ref: 'SubnetA' }, { Ref: 'SubnetB' }] },
    },
    Models: {
      Type: 'AWS::S3::Bucket',
      Properties: {
        BucketName: BUCKET,
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: getAtt('Key', 'Arn') }, BucketKeyEnabled: true }] },
        VersioningConfiguration: { Status: 'Enabled' },
        LoggingConfiguration: { DestinationBucketName: LOG_BUCKET, LogFilePrefix: 'models/' },
      },
    },
    ModelsPolicy: {
      Type: 'AWS::S3::BucketPolicy',
      Properties: {
        Bucket: { Ref: 'Models' },
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [getAtt('Models', 'Arn'), sub('${Models.Arn}/*')], Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
          ],
        },
      },
    },
    Repository: {
      Type: 'AWS::ECR::Repository',
      Properties: {
        RepositoryName: REPOSITORY,
        ImageScanningConfiguration: { ScanOnPush: true },
        ImageTagMutability: 'IMMUTABLE',
        EncryptionConfiguration: { EncryptionType: 'KMS', KmsKey: getAtt('Key', 'Arn') },
      },
    },
    ExecutionRole: {
      Type: 'AWS::IAM::Role',
      Properties: {
        RoleName: ROLE,
        AssumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
        Policies: [
          {
            PolicyName: 'least-privilege',
            PolicyDocument: {
              Version: '2012-10-17',
              Statement: [
                { Effect: 'Allow', Action: ['s3:GetObject'], Resource: [sub(`\${Models.Arn}/${PREFIX}*`)] },
                { Effect: 'Allow', Action: ['s3:PutObject'], Resource: [sub(`\${Models.Arn}/${PREFIX}data-capture/*`)] },
                { Effect: 'Allow', Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability'], Resource: [getAtt('Repository', 'Arn')] },
                {
                  Effect: 'Allow',
                  Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
                  Resource: [sub(`arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:/aws/sagemaker/Endpoints/${ENDPOINT}:*`)],
                },
                { Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey', 'kms:CreateGrant'], Resource: [getAtt('Key', 'Arn')] },
              ],
            },
          },
        ],
      },
    },
    Model: {
      Type: 'AWS::SageMaker::Model',
      Properties: {
        ExecutionRoleArn: getAtt('ExecutionRole', 'Arn'),
        EnableNetworkIsolation: true,
        VpcConfig: { Subnets: [{ Ref: 'SubnetA' }, { Ref: 'SubnetB' }], SecurityGroupIds: [getAtt('ModelGroup', 'GroupId')] },
        PrimaryContainer: { Image: sub(`\${Repository.RepositoryUri}@${DIGEST}`), ModelDataUrl: sub(`s3://\${Models}/${PREFIX}model.tar.gz`) },
      },
    },
    EndpointConfig: {
      Type: 'AWS::SageMaker::EndpointConfig',
      Properties: {
        KmsKeyId: getAtt('Key', 'Arn'),
        ProductionVariants: [{ VariantName: 'AllTraffic', ModelName: getAtt('Model', 'ModelName'), InstanceType: 'ml.m5.xlarge', InitialInstanceCount: 2, InitialVariantWeight: 1 }],
        DataCaptureConfig: {
          EnableCapture: true,
          InitialSamplingPercentage: 10,
          DestinationS3Uri: sub(`s3://\${Models}/${PREFIX}data-capture`),
          KmsKeyId: { Ref: 'Key' },
          CaptureOptions: [{ CaptureMode: 'Input' }, { CaptureMode: 'Output' }],
        },
      },
    },
    Endpoint: { Type: 'AWS::SageMaker::Endpoint', Properties: { EndpointName: ENDPOINT, EndpointConfigName: getAtt('EndpointConfig', 'EndpointConfigName') } },
    Monitoring: {
      Type: 'AWS::SageMaker::MonitoringSchedule',
      Properties: { MonitoringScheduleName: 'classifier-data-quality', EndpointName: getAtt('Endpoint', 'EndpointName'), MonitoringScheduleConfig: { MonitoringType: 'DataQuality' } },
    },
  },
};

/** Each live id and its template counterpart stand for the same thing; both become one label. */
const SAME_THING: readonly (readonly [label: string, live: string, template: string])[] = [
  ['ENDPOINT', sagemakerArn(REGION, ACCOUNT, 'endpoint', ENDPOINT), 'Inference/Endpoint'],
  ['MODEL', sagemakerArn(REGION, ACCOUNT, 'model', `${ENDPOINT}-model`), 'Inference/Model'],
  ['KEY', keyArn, 'Inference/Key'],
  ['ROLE', iamArn(ACCOUNT, 'role', '/', ROLE), 'Inference/ExecutionRole'],
  ['BUCKET', `arn:aws:s3:::${BUCKET}`, 'Inference/Models'],
  ['REPOSITORY', ecrRepositoryArn(REGION, ACCOUNT, REPOSITORY), 'Inference/Repository'],
  ['VPC', net.vpc.VpcId!, 'Inference/Vpc'],
  ['SUBNET_A', net.subnets[0].SubnetId!, 'Inference/SubnetA'],
  ['SUBNET_B', net.subnets[1].SubnetId!, 'Inference/SubnetB'],
  ['MODEL_GROUP', modelGroup.GroupId!, 'Inference/ModelGroup'],
];

/** The model's facts with ids replaced by labels and evidence, names and the resources' own ids left out. */
function comparable(inventory: Inventory, side: 1 | 2): Record<string, unknown> {
  const ids = [...SAME_THING].sort((a, b) => b[side].length - a[side].length);
  const relabel = (text: string) => ids.reduce((out, entry) => out.split(entry[side]).join(entry[0]), text);
  const strip = (value: unknown): unknown => {
    if (typeof value === 'string') return relabel(value);
    if (Array.isArray(value)) return value.map(strip);
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value)
          .filter(([key]) => key !== 'evidence')
          .map(([key, v]) => [key, strip(v)]),
      );
    }
    return value;
  };
  const byLabel: Record<string, unknown> = {};
  for (const resource of inventory.resources) {
    // Identities (id, name, aliases) differ between sources by nature; the facts must not. The live reader does not
    // state whether SageMaker may assume a role (the template reader reads the trust policy).
    const { id, name: _name, status: _status, aliases: _aliases, inferenceServiceMayAssume: _trust, ...facts } = resource as Resource & { status?: string; inferenceServiceMayAssume?: unknown };
    byLabel[`${resource.kind} ${relabel(id)}`] = strip(facts);
  }
  return byLabel;
}

describe('the same endpoint as a template and as recorded API responses', () => {
  let live: Inventory;
  let template: Inventory;

  beforeAll(async () => {
    const sim = await startAwsSimulator(scenario(), { timeoutMs: 2_000 });
    try {
      live = await collectAwsInventory({ regions: [REGION], endpointUrl: sim.url, maxAttempts: 2 });
    } finally {
      await sim.close();
    }
    // The environment a cdk.out manifest gives an environment-bound stack.
    template = templateToInventory(TEMPLATE, 'Inference', { account: ACCOUNT, region: REGION });
  });

  it('the live read is complete (otherwise the comparison proves nothing)', () => {
    expect(live.gaps).toEqual([]);
    expect(resourcesOfKind(live, 'endpoint')).toHaveLength(1);
  });

  it('yields the same resources with the same facts', () => {
    const fromLive = comparable(live, 1);
    const fromTemplate = comparable(template, 2);
    expect(Object.keys(fromTemplate).sort()).toEqual(Object.keys(fromLive).sort());
    for (const key of Object.keys(fromLive)) expect([key, fromTemplate[key]]).toEqual([key, fromLive[key]]);
  });

  it('the same controls give the same results, and the compliant endpoint passes every one', () => {
    const results = (inventory: Inventory, side: 1 | 2) => {
      const label = (id: string) => SAME_THING.find((entry) => entry[side] === id)?.[0] ?? id;
      return evaluate(inventory, defaultBaseline())
        .map((f) => `${f.controlId} ${label(f.resourceId)}: ${f.status}`)
        .sort();
    };
    const fromLive = results(live, 1);
    expect(results(template, 2)).toEqual(fromLive);
    expect(fromLive.filter((r) => !r.endsWith(': pass'))).toEqual([]);
  });

  it('every fact of both is known', () => {
    const unknownFacts = (inventory: Inventory) =>
      JSON.stringify(inventory.resources, (key, value: unknown) => (key === 'evidence' ? undefined : value)).match(/"known":false/g) ?? [];
    expect(unknownFacts(live)).toEqual([]);
    expect(unknownFacts(template)).toEqual([]);
  });
});
