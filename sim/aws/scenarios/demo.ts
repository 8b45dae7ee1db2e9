// The demo account: one compliant endpoint, one that fails most controls, and two that are compliant
// within what their platform allows (serverless; an NVMe GPU instance), plus a second region whose
// endpoint sits behind a security group open to the internet.
import { kmsKeyArn } from '../ids';
import type { AwsScenario, IamRoleSeed, S3BucketSeed } from '../scenario';
import {
  accessLogBucket,
  addEndpoint,
  executionRole,
  freeze,
  imageByDigest,
  imageByTag,
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
} from './builders';

export const DEMO_ACCOUNT = '111122223333';
const ACCOUNT = DEMO_ACCOUNT;
const US = 'us-east-1';
const EU = 'eu-west-1';

export const demoDescription = [
  `Account ${ACCOUNT}. us-east-1:`,
  'fraud-detector (compliant: 2x ml.m5.xlarge in a VPC, network isolation, customer KMS key with rotation on volume and data capture, image pinned by digest, least-privilege role, private TLS-only SSE-KMS versioned and logged bucket, scanned immutable KMS-encrypted repository, sagemaker.api/runtime interface endpoints with private DNS, ingress only from a client security group, monitoring schedule);',
  'legacy-recommender (non-compliant: 1 instance, no VPC, no isolation, no volume key, image tag :latest, role with AmazonSageMakerFullAccess, bucket without public access block or TLS policy, mutable unscanned repository with a public policy);',
  'chat-serverless (serverless: no VPC or isolation by platform limit, with a KMS key);',
  'vision-gpu (ml.g5.2xlarge: NVMe storage so no volume key, otherwise compliant).',
  'eu-west-1: churn-predictor (in a VPC whose security group admits 0.0.0.0/0 on 443 and which has no SageMaker interface endpoints).',
].join(' ');

const T0 = new Date('2025-02-03T09:00:00Z');
const T1 = new Date('2025-04-14T13:30:00Z');
const T2 = new Date('2025-06-02T08:15:00Z');

const ML_KEY_ID = '1234abcd-12ab-34cd-56ef-1234567890ab';
const EU_KEY_ID = '0987dcba-09fe-87dc-65ba-ab0987654321';
const ML_KEY_ARN = kmsKeyArn(US, ACCOUNT, ML_KEY_ID);
const EU_KEY_ARN = kmsKeyArn(EU, ACCOUNT, EU_KEY_ID);

const MODELS_BUCKET = `inferguard-demo-models-${ACCOUNT}`;
const LOGS_BUCKET = `inferguard-demo-access-logs-${ACCOUNT}`;
const LEGACY_BUCKET = `legacy-recommender-artifacts-${ACCOUNT}`;
const EU_BUCKET = `inferguard-demo-models-eu-${ACCOUNT}`;
const EU_LOGS_BUCKET = `inferguard-demo-access-logs-eu-${ACCOUNT}`;

function role(name: string, description: string, region: string, endpointName: string, bucket: string, keyArn: string | undefined, repo: string): IamRoleSeed {
  return executionRole({
    account: ACCOUNT,
    name,
    created: T0,
    description,
    inlinePolicies: {
      [`${endpointName}-least-privilege`]: leastPrivilegePolicy({ account: ACCOUNT, region, endpointName, bucket, prefix: `${endpointName}/`, keyArn, repository: repo }),
    },
  });
}

function buckets(): S3BucketSeed[] {
  return [
    kmsEncryptedBucket(MODELS_BUCKET, US, ML_KEY_ARN, { bucket: LOGS_BUCKET, prefix: 'models/' }),
    accessLogBucket(ACCOUNT, LOGS_BUCKET, US),
    // Created before S3's 2023 defaults: no public access block, no policy; SSE-S3 only.
    {
      name: LEGACY_BUCKET,
      region: US,
      creationDate: new Date('2019-08-20T16:00:00Z'),
      encryption: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: false }] },
    },
    kmsEncryptedBucket(EU_BUCKET, EU, EU_KEY_ARN, { bucket: EU_LOGS_BUCKET, prefix: 'models/' }),
    accessLogBucket(ACCOUNT, EU_LOGS_BUCKET, EU),
  ];
}

function usEast1() {
  const draft = regionDraft();
  const useKey = { Sid: 'AllowSageMakerExecutionRoles', Effect: 'Allow', Principal: { AWS: ['fraud-detector', 'chat-serverless', 'vision-gpu'].map((n) => `arn:aws:iam::${ACCOUNT}:role/${n}-execution`) }, Action: ['kms:Decrypt', 'kms:GenerateDataKey', 'kms:CreateGrant'], Resource: '*' };
  draft.keys.push(
    kmsKey({ account: ACCOUNT, region: US, keyId: ML_KEY_ID, description: 'inferguard demo: SageMaker volumes, data capture, model artifacts and images', created: T0, rotationPeriodInDays: 365, aliases: ['alias/inferguard-ml'], extraStatements: [useKey] }),
  );

  const net = network({ account: ACCOUNT, region: US, label: 'inference', cidr: '10.20.0.0/16', subnetCidrs: ['10.20.1.0/24', '10.20.2.0/24'] });
  draft.vpcs.push(net.vpc);
  draft.subnets.push(...net.subnets);
  const vpcId = net.vpc.VpcId ?? '';
  const subnetIds = net.subnets.map((s) => s.SubnetId ?? '');
  const clients = securityGroup({ account: ACCOUNT, region: US, vpcId, name: 'inference-clients', description: 'Applications allowed to call the endpoints', ingress: [] });
  const endpointsGroup = securityGroup({
    account: ACCOUNT,
    region: US,
    vpcId,
    name: 'inference-endpoints',
    description: 'SageMaker endpoints and interface endpoints: HTTPS from inference-clients only',
    ingress: [tcpIngress(443, { groupId: clients.GroupId ?? '', account: ACCOUNT })],
  });
  draft.securityGroups.push(clients, endpointsGroup);
  for (const service of ['sagemaker.api', 'sagemaker.runtime']) {
    draft.vpcEndpoints.push(interfaceEndpoint({ account: ACCOUNT, region: US, vpcId, service, subnetIds, groups: [endpointsGroup], privateDns: true, created: T0 }));
  }
  const inVpc = { subnets: subnetIds, securityGroupIds: [endpointsGroup.GroupId ?? ''] };

  const compliantRepo = (name: string) => repository({ account: ACCOUNT, region: US, name, created: T0, scanOnPush: true, immutable: true, kmsKeyArn: ML_KEY_ARN });
  draft.repositories.push(
    compliantRepo('fraud-detector'),
    compliantRepo('chat-serverless'),
    compliantRepo('vision-gpu'),
    repository({
      account: ACCOUNT,
      region: US,
      name: 'legacy-recommender',
      created: new Date('2019-08-20T16:05:00Z'),
      scanOnPush: false,
      immutable: false,
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Sid: 'AnyonePulls', Effect: 'Allow', Principal: '*', Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'] }],
      }),
    }),
  );

  addEndpoint(
    draft,
    sagemakerEndpoint({
      account: ACCOUNT,
      region: US,
      name: 'fraud-detector',
      created: T1,
      image: imageByDigest(ACCOUNT, US, 'fraud-detector', '1.4.2'),
      modelDataUrl: `s3://${MODELS_BUCKET}/fraud-detector/model.tar.gz`,
      roleArn: `arn:aws:iam::${ACCOUNT}:role/fraud-detector-execution`,
      instance: { type: 'ml.m5.xlarge', count: 2 },
      vpc: inVpc,
      networkIsolation: true,
      kmsKeyId: ML_KEY_ARN,
      dataCapture: { destinationS3Uri: `s3://${MODELS_BUCKET}/fraud-detector/data-capture`, kmsKeyId: ML_KEY_ARN, samplingPercentage: 20 },
    }),
  );
  addEndpoint(
    draft,
    sagemakerEndpoint({
      account: ACCOUNT,
      region: US,
      name: 'legacy-recommender',
      created: new Date('2019-09-02T11:00:00Z'),
      image: imageByTag(ACCOUNT, US, 'legacy-recommender', 'latest'),
      modelDataUrl: `s3://${LEGACY_BUCKET}/model.tar.gz`,
      roleArn: `arn:aws:iam::${ACCOUNT}:role/legacy-recommender-execution`,
      instance: { type: 'ml.m5.large', count: 1 },
      networkIsolation: false,
    }),
  );
  addEndpoint(
    draft,
    sagemakerEndpoint({
      account: ACCOUNT,
      region: US,
      name: 'chat-serverless',
      created: T2,
      image: imageByDigest(ACCOUNT, US, 'chat-serverless', '0.9.0'),
      modelDataUrl: `s3://${MODELS_BUCKET}/chat-serverless/model.tar.gz`,
      roleArn: `arn:aws:iam::${ACCOUNT}:role/chat-serverless-execution`,
      serverless: { memorySizeInMB: 4096, maxConcurrency: 10 },
      networkIsolation: false,
      kmsKeyId: ML_KEY_ARN,
    }),
  );
  addEndpoint(
    draft,
    sagemakerEndpoint({
      account: ACCOUNT,
      region: US,
      name: 'vision-gpu',
      created: T2,
      image: imageByDigest(ACCOUNT, US, 'vision-gpu', '2.1.0'),
      modelDataUrl: `s3://${MODELS_BUCKET}/vision-gpu/model.tar.gz`,
      roleArn: `arn:aws:iam::${ACCOUNT}:role/vision-gpu-execution`,
      instance: { type: 'ml.g5.2xlarge', count: 2 },
      vpc: inVpc,
      networkIsolation: true,
      dataCapture: { destinationS3Uri: `s3://${MODELS_BUCKET}/vision-gpu/data-capture`, kmsKeyId: ML_KEY_ARN, samplingPercentage: 10 },
    }),
  );
  draft.monitoringSchedules.push(
    monitoringSchedule({ account: ACCOUNT, region: US, name: 'fraud-detector-data-quality', endpointName: 'fraud-detector', created: T1, type: 'DataQuality' }),
    monitoringSchedule({ account: ACCOUNT, region: US, name: 'vision-gpu-model-quality', endpointName: 'vision-gpu', created: T2, type: 'ModelQuality' }),
  );
  return freeze(draft);
}

function euWest1() {
  const draft = regionDraft();
  draft.keys.push(kmsKey({ account: ACCOUNT, region: EU, keyId: EU_KEY_ID, description: 'inferguard demo: eu-west-1 inference', created: T0, rotationPeriodInDays: 180, aliases: ['alias/inferguard-ml-eu'] }));
  const net = network({ account: ACCOUNT, region: EU, label: 'churn', cidr: '10.30.0.0/16', subnetCidrs: ['10.30.1.0/24'] });
  draft.vpcs.push(net.vpc);
  draft.subnets.push(...net.subnets);
  const open = securityGroup({
    account: ACCOUNT,
    region: EU,
    vpcId: net.vpc.VpcId ?? '',
    name: 'churn-predictor-open',
    description: 'HTTPS from anywhere (left open during a migration)',
    ingress: [tcpIngress(443, { cidr: '0.0.0.0/0' })],
  });
  draft.securityGroups.push(open);
  draft.repositories.push(repository({ account: ACCOUNT, region: EU, name: 'churn-predictor', created: T0, scanOnPush: true, immutable: true, kmsKeyArn: EU_KEY_ARN }));
  addEndpoint(
    draft,
    sagemakerEndpoint({
      account: ACCOUNT,
      region: EU,
      name: 'churn-predictor',
      created: T1,
      image: imageByDigest(ACCOUNT, EU, 'churn-predictor', '3.0.1'),
      modelDataUrl: `s3://${EU_BUCKET}/churn-predictor/model.tar.gz`,
      roleArn: `arn:aws:iam::${ACCOUNT}:role/churn-predictor-execution`,
      instance: { type: 'ml.m5.large', count: 2 },
      vpc: { subnets: net.subnets.map((s) => s.SubnetId ?? ''), securityGroupIds: [open.GroupId ?? ''] },
      networkIsolation: true,
      kmsKeyId: EU_KEY_ARN,
      dataCapture: { destinationS3Uri: `s3://${EU_BUCKET}/churn-predictor/data-capture`, kmsKeyId: EU_KEY_ARN, samplingPercentage: 5 },
    }),
  );
  draft.monitoringSchedules.push(monitoringSchedule({ account: ACCOUNT, region: EU, name: 'churn-predictor-data-quality', endpointName: 'churn-predictor', created: T1, type: 'DataQuality' }));
  return freeze(draft);
}

export function buildDemoScenario(): AwsScenario {
  return {
    account: ACCOUNT,
    regions: { [US]: usEast1(), [EU]: euWest1() },
    iam: {
      roles: [
        role('fraud-detector-execution', 'fraud-detector: reads its model prefix, uses the ML key, pulls its image, writes its logs', US, 'fraud-detector', MODELS_BUCKET, ML_KEY_ARN, 'fraud-detector'),
        executionRole({
          account: ACCOUNT,
          name: 'legacy-recommender-execution',
          created: new Date('2019-08-20T16:10:00Z'),
          description: 'legacy-recommender: created from the console quick start',
          attachedPolicyArns: ['arn:aws:iam::aws:policy/AmazonSageMakerFullAccess'],
        }),
        role('chat-serverless-execution', 'chat-serverless execution role', US, 'chat-serverless', MODELS_BUCKET, ML_KEY_ARN, 'chat-serverless'),
        role('vision-gpu-execution', 'vision-gpu execution role', US, 'vision-gpu', MODELS_BUCKET, ML_KEY_ARN, 'vision-gpu'),
        role('churn-predictor-execution', 'churn-predictor execution role', EU, 'churn-predictor', EU_BUCKET, EU_KEY_ARN, 'churn-predictor'),
      ],
      managedPolicies: [],
    },
    s3: { buckets: buckets() },
  };
}
