// Large scenarios for the benchmark: many endpoints sharing a few keys, roles, buckets, repositories,
// VPC endpoints and security groups, as a real account does. Deterministic: the same options give the same scenario.
import type { ProductionVariantInstanceType } from '@aws-sdk/client-sagemaker';
import type { AwsRegionScenario, AwsScenario, IamRoleSeed, S3BucketSeed } from '../scenario';
import { kmsKeyArn } from '../ids';
import {
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
  uuidFrom,
  type RegionDraft,
} from './builders';

export interface GenerateOptions {
  readonly endpoints: number;
  /** Regions the endpoints are spread over, round robin; `['us-east-1']` by default. */
  readonly regions?: readonly string[];
  /** Customer keys per region (default 4). */
  readonly sharedKeys?: number;
  /** Execution roles in the account (default 8); the first has AmazonSageMakerFullAccess attached. */
  readonly sharedRoles?: number;
  /** Model buckets in the account, spread over the regions (default 4). */
  readonly sharedBuckets?: number;
  /** Image repositories per region (default 8). */
  readonly sharedRepositories?: number;
  /** Every n-th endpoint is serverless (default 10; 0 for none). */
  readonly serverlessEvery?: number;
}

const ACCOUNT = '111122223333';
const CREATED = new Date('2025-03-01T00:00:00Z');
const INSTANCE_TYPES: readonly ProductionVariantInstanceType[] = ['ml.m5.large', 'ml.m5.xlarge', 'ml.c5.xlarge', 'ml.g5.2xlarge'];

function count(value: number | undefined, fallback: number, name: string, min: number): number {
  const n = value ?? fallback;
  if (!Number.isInteger(n) || n < min) throw new Error(`generateAwsScenario: ${name} must be a whole number of at least ${min}, not ${String(value)}.`);
  return n;
}

interface RegionShared {
  readonly draft: RegionDraft;
  readonly keyArns: readonly string[];
  readonly repositories: readonly string[];
  readonly subnets: readonly string[];
  readonly securityGroupId: string;
}

function sharedRegion(region: string, keys: number, repositories: number): RegionShared {
  const draft = regionDraft();
  const keyArns: string[] = [];
  for (let k = 0; k < keys; k += 1) {
    const keyId = uuidFrom(`${region}:key:${k}`);
    // Every fourth key has rotation off, so key controls see both outcomes at scale.
    draft.keys.push(kmsKey({ account: ACCOUNT, region, keyId, description: `ml key ${k}`, created: CREATED, rotationPeriodInDays: k % 4 === 3 ? undefined : 365, aliases: [`alias/ml-${k}`] }));
    keyArns.push(kmsKeyArn(region, ACCOUNT, keyId));
  }
  const net = network({ account: ACCOUNT, region, label: 'bench', cidr: '10.0.0.0/16', subnetCidrs: ['10.0.1.0/24', '10.0.2.0/24'] });
  draft.vpcs.push(net.vpc);
  draft.subnets.push(...net.subnets);
  const vpcId = net.vpc.VpcId ?? '';
  const subnets = net.subnets.map((s) => s.SubnetId ?? '');
  const clients = securityGroup({ account: ACCOUNT, region, vpcId, name: 'clients', description: 'callers', ingress: [] });
  const endpoints = securityGroup({ account: ACCOUNT, region, vpcId, name: 'endpoints', description: 'endpoints', ingress: [tcpIngress(443, { groupId: clients.GroupId ?? '', account: ACCOUNT })] });
  draft.securityGroups.push(clients, endpoints);
  for (const service of ['sagemaker.api', 'sagemaker.runtime']) {
    draft.vpcEndpoints.push(interfaceEndpoint({ account: ACCOUNT, region, vpcId, service, subnetIds: subnets, groups: [endpoints], privateDns: true, created: CREATED }));
  }
  const repoNames: string[] = [];
  for (let r = 0; r < repositories; r += 1) {
    const name = `model-repo-${r}`;
    draft.repositories.push(repository({ account: ACCOUNT, region, name, created: CREATED, scanOnPush: r % 3 !== 2, immutable: r % 2 === 0, kmsKeyArn: keyArns[r % keyArns.length] }));
    repoNames.push(name);
  }
  return { draft, keyArns, repositories: repoNames, subnets, securityGroupId: endpoints.GroupId ?? '' };
}

export function generateAwsScenario(options: GenerateOptions): AwsScenario {
  const endpoints = count(options.endpoints, 0, 'endpoints', 0);
  const regions = options.regions ?? ['us-east-1'];
  if (regions.length === 0) throw new Error('generateAwsScenario: regions must name at least one region.');
  const keys = count(options.sharedKeys, 4, 'sharedKeys', 1);
  const roleCount = count(options.sharedRoles, 8, 'sharedRoles', 1);
  const bucketCount = count(options.sharedBuckets, 4, 'sharedBuckets', 1);
  const repositories = count(options.sharedRepositories, 8, 'sharedRepositories', 1);
  const serverlessEvery = count(options.serverlessEvery, 10, 'serverlessEvery', 0);

  const shared = new Map(regions.map((region) => [region, sharedRegion(region, keys, repositories)]));
  const buckets: S3BucketSeed[] = [];
  for (let b = 0; b < bucketCount; b += 1) {
    const region = regions[b % regions.length];
    const keyArn = shared.get(region)?.keyArns[0] ?? '';
    buckets.push(kmsEncryptedBucket(`bench-models-${b}-${ACCOUNT}`, region, keyArn));
  }
  const roles: IamRoleSeed[] = [];
  for (let r = 0; r < roleCount; r += 1) {
    const region = regions[r % regions.length];
    const name = `bench-execution-${r}`;
    roles.push(
      r === 0
        ? executionRole({ account: ACCOUNT, name, created: CREATED, attachedPolicyArns: ['arn:aws:iam::aws:policy/AmazonSageMakerFullAccess'] })
        : executionRole({
            account: ACCOUNT,
            name,
            created: CREATED,
            inlinePolicies: {
              'least-privilege': leastPrivilegePolicy({ account: ACCOUNT, region, endpointName: `bench-${r}`, bucket: buckets[r % buckets.length].name, prefix: 'models/', keyArn: shared.get(region)?.keyArns[0], repository: 'model-repo-0' }),
            },
          }),
    );
  }

  for (let i = 0; i < endpoints; i += 1) {
    const region = regions[i % regions.length];
    const here = shared.get(region);
    if (here === undefined) continue;
    const name = `endpoint-${String(i).padStart(6, '0')}`;
    const serverless = serverlessEvery > 0 && (i + 1) % serverlessEvery === 0;
    const instanceType = INSTANCE_TYPES[i % INSTANCE_TYPES.length];
    const nvme = instanceType.startsWith('ml.g5');
    const regionalBuckets = buckets.filter((b) => b.region === region);
    const bucketPool = regionalBuckets.length > 0 ? regionalBuckets : buckets;
    const bucket = bucketPool[i % bucketPool.length];
    const repo = here.repositories[i % here.repositories.length];
    const keyArn = here.keyArns[i % here.keyArns.length];
    addEndpoint(
      here.draft,
      sagemakerEndpoint({
        account: ACCOUNT,
        region,
        name,
        created: new Date(CREATED.getTime() + i * 60_000),
        image: i % 5 === 4 ? imageByTag(ACCOUNT, region, repo, 'latest') : imageByDigest(ACCOUNT, region, repo, `v${i}`),
        modelDataUrl: `s3://${bucket.name}/models/${name}/model.tar.gz`,
        roleArn: roles[i % roles.length].role.Arn ?? '',
        ...(serverless ? { serverless: { memorySizeInMB: 2048, maxConcurrency: 5 } } : { instance: { type: instanceType, count: i % 3 === 2 ? 1 : 2 } }),
        vpc: serverless ? undefined : { subnets: here.subnets, securityGroupIds: [here.securityGroupId] },
        networkIsolation: !serverless && i % 6 !== 5,
        kmsKeyId: nvme || i % 7 === 6 ? undefined : keyArn,
        dataCapture: serverless ? undefined : { destinationS3Uri: `s3://${bucket.name}/capture/${name}`, kmsKeyId: keyArn, samplingPercentage: 10 },
      }),
    );
    if (!serverless && i % 2 === 0) {
      here.draft.monitoringSchedules.push(monitoringSchedule({ account: ACCOUNT, region, name: `${name}-monitor`, endpointName: name, created: CREATED, type: 'DataQuality' }));
    }
  }

  const regionScenarios: Record<string, AwsRegionScenario> = {};
  for (const [region, value] of shared) regionScenarios[region] = freeze(value.draft);
  return { account: ACCOUNT, regions: regionScenarios, iam: { roles, managedPolicies: [] }, s3: { buckets } };
}
