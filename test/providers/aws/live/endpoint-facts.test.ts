import type { DescribeEndpointConfigOutput, DescribeModelOutput, MonitoringScheduleSummary } from '@aws-sdk/client-sagemaker';
import { known, unknown, type Deployment, type Evidence, type Fact, type InferenceEndpoint } from '../../../../policies/model';
import { Canonical, type Read } from '../../../../providers/aws/live/context';
import { completeEndpoint, endpointDraft, endpointReferences, type EndpointDependencies } from '../../../../providers/aws/live/endpoint-facts';
import type { EndpointRecord } from '../../../../providers/aws/live/sagemaker';
import { LOCAL_STORAGE_KMS_QUOTE, SERVERLESS_UNSUPPORTED } from '../../../../providers/aws/platform';

const ACCOUNT = '111122223333';
const REGION = 'us-east-1';
const KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1111aaaa-2222-3333-4444-555566667777`;
const ROLE = `arn:aws:iam::${ACCOUNT}:role/inference`;
const DIGEST = 'sha256:' + 'a'.repeat(64);
const IMAGE = `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/models/classifier@${DIGEST}`;
const CREATED = new Date('2026-01-01T00:00:00Z');

const ok = <T>(value: T): Read<T> => ({ status: 'ok', value });
const failed = (reason: string): Read<never> => ({ status: 'failed', errorCode: 'AccessDeniedException', reason });

function model(overrides: Partial<DescribeModelOutput> = {}): DescribeModelOutput {
  return {
    ModelName: 'classifier',
    ModelArn: `arn:aws:sagemaker:${REGION}:${ACCOUNT}:model/classifier`,
    CreationTime: CREATED,
    ExecutionRoleArn: ROLE,
    EnableNetworkIsolation: true,
    VpcConfig: { Subnets: ['subnet-a', 'subnet-b'], SecurityGroupIds: ['sg-0abc'] },
    PrimaryContainer: { Image: IMAGE, ModelDataUrl: 's3://models/classifier/model.tar.gz' },
    ...overrides,
  };
}

function config(overrides: Partial<DescribeEndpointConfigOutput> = {}): DescribeEndpointConfigOutput {
  return {
    EndpointConfigName: 'classifier-config',
    EndpointConfigArn: `arn:aws:sagemaker:${REGION}:${ACCOUNT}:endpoint-config/classifier-config`,
    CreationTime: CREATED,
    ProductionVariants: [{ VariantName: 'AllTraffic', ModelName: 'classifier', InstanceType: 'ml.m5.xlarge', InitialInstanceCount: 2 }],
    KmsKeyId: KEY_ARN,
    DataCaptureConfig: { InitialSamplingPercentage: 100, DestinationS3Uri: 's3://capture/classifier', KmsKeyId: KEY_ARN, CaptureOptions: [{ CaptureMode: 'Input' }] },
    ...overrides,
  };
}

function record(cfg: Read<DescribeEndpointConfigOutput> | null = ok(config()), models: Record<string, Read<DescribeModelOutput>> = { classifier: ok(model()) }): EndpointRecord {
  return {
    region: REGION,
    summary: { EndpointName: 'classifier', EndpointArn: `arn:aws:sagemaker:${REGION}:${ACCOUNT}:endpoint/classifier`, CreationTime: CREATED, LastModifiedTime: CREATED, EndpointStatus: 'InService' },
    endpoint: ok({ EndpointName: 'classifier', EndpointArn: '', EndpointConfigName: 'classifier-config', EndpointStatus: 'InService', CreationTime: CREATED, LastModifiedTime: CREATED }),
    config: cfg,
    models: new Map(Object.entries(models)),
  };
}

const schedules = (list: MonitoringScheduleSummary[]): Read<ReadonlyMap<string, readonly MonitoringScheduleSummary[]>> => ok(new Map([['classifier', list]]));
const schedule = (status: MonitoringScheduleSummary['MonitoringScheduleStatus']): MonitoringScheduleSummary => ({
  MonitoringScheduleName: `s-${status}`,
  MonitoringScheduleArn: 'arn',
  CreationTime: CREATED,
  LastModifiedTime: CREATED,
  MonitoringScheduleStatus: status,
  EndpointName: 'classifier',
});

const deps: EndpointDependencies = {
  resolveKey: async (reference: string, cause: Evidence): Promise<Fact<string>> =>
    reference === 'alias/denied' ? unknown('kms:DescribeKey alias/denied failed with AccessDeniedException', cause) : known(reference === 'alias/models' ? KEY_ARN : reference, cause),
  canonical: new Canonical(),
};
const vpcOfGroup = (groupId: string): string | null => (groupId === 'sg-0abc' ? 'vpc-0abc' : null);

function value<T>(fact: Fact<T>): T {
  if (!fact.known) throw new Error(`expected a known fact, got unknown: ${fact.reason}`);
  return fact.value;
}

async function build(r: EndpointRecord = record(), s = schedules([schedule('Scheduled')])): Promise<InferenceEndpoint> {
  return completeEndpoint(await endpointDraft(r, deps), { schedules: s, vpcOfGroup }, deps.canonical);
}

async function onlyDeployment(r: EndpointRecord): Promise<Deployment> {
  const list = value((await build(r)).deployments);
  expect(list).toHaveLength(1);
  return list[0];
}

describe('endpointDraft and completeEndpoint', () => {
  it('states the facts of a compliant endpoint with evidence', async () => {
    const endpoint = await build();
    expect(endpoint).toMatchObject({ kind: 'endpoint', id: `arn:aws:sagemaker:${REGION}:${ACCOUNT}:endpoint/classifier`, name: 'classifier', account: ACCOUNT, region: REGION, status: 'InService' });
    expect(value(endpoint.storageKeyId)).toBe(KEY_ARN);
    expect(value(endpoint.dataCapture)).toEqual({ enabled: true, keyId: KEY_ARN, destinationStoreId: 'arn:aws:s3:::capture' });
    expect(value(endpoint.asyncOutput)).toBeNull();
    expect(value(endpoint.monitoringSchedules)).toBe(1);
    const [d] = value(endpoint.deployments);
    expect(d.compute).toEqual({ kind: 'instance', instanceType: 'ml.m5.xlarge' });
    expect(d.unsupported).toEqual({});
    expect(value(d.instanceCount)).toBe(2);
    expect(d.instanceCount.evidence).toEqual([{ source: 'sagemaker:DescribeEndpointConfig', path: 'ProductionVariants[0].InitialInstanceCount', value: 2 }]);
    expect(value(d.networkIsolation)).toBe(true);
    expect(d.networkIsolation.evidence[0]).toEqual({ source: 'sagemaker:DescribeModel', path: 'EnableNetworkIsolation', value: true });
    expect(value(d.network)).toEqual({ networkId: 'vpc-0abc', subnetIds: ['subnet-a', 'subnet-b'], firewallIds: ['sg-0abc'] });
    expect(value(d.identityId)).toBe(ROLE);
    expect(value(d.images)).toEqual([
      { uri: IMAGE, repositoryId: `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/models/classifier`, registry: 'private', registryAccount: ACCOUNT, digest: DIGEST, tag: null },
    ]);
    expect(value(d.artifactStoreIds)).toEqual(['arn:aws:s3:::models']);
    expect(d.modelId).toBe(`arn:aws:sagemaker:${REGION}:${ACCOUNT}:model/classifier`);
  });

  it('lists the shared resources the endpoint uses', () => {
    const refs = endpointReferences(record());
    expect(refs.roleArns).toEqual([ROLE]);
    expect(refs.bucketNames.sort()).toEqual(['capture', 'models']);
    expect(refs.securityGroupIds).toEqual(['sg-0abc']);
    expect(refs.images.map((i) => i.repositoryId)).toEqual([`arn:aws:ecr:${REGION}:${ACCOUNT}:repository/models/classifier`]);
  });

  it('gives a serverless variant serverless compute and the documented limits', async () => {
    const cfg = config({ KmsKeyId: undefined, DataCaptureConfig: undefined, ProductionVariants: [{ VariantName: 'AllTraffic', ModelName: 'classifier', ServerlessConfig: { MemorySizeInMB: 2048, MaxConcurrency: 5 } }] });
    const d = await onlyDeployment(record(ok(cfg), { classifier: ok(model({ VpcConfig: undefined, EnableNetworkIsolation: false })) }));
    expect(d.compute).toEqual({ kind: 'serverless', memoryMb: 2048, maxConcurrency: 5 });
    expect(d.unsupported).toEqual(SERVERLESS_UNSUPPORTED);
    expect(value(d.instanceCount)).toBe(1);
    expect(value(d.network)).toBeNull();
  });

  it('marks an NVMe instance type as unable to take a volume key', async () => {
    const cfg = config({ KmsKeyId: undefined, ProductionVariants: [{ VariantName: 'gpu', ModelName: 'classifier', InstanceType: 'ml.g5.2xlarge', InitialInstanceCount: 2 }] });
    const endpoint = await build(record(ok(cfg)));
    const [d] = value(endpoint.deployments);
    expect(d.unsupported['volume-encryption']).toContain(LOCAL_STORAGE_KMS_QUOTE);
    expect(value(endpoint.storageKeyId)).toBeNull();
  });

  it('lets endpoint-config VpcConfig, isolation and role override the model, keeping both as evidence', async () => {
    const cfg = config({ VpcConfig: { Subnets: ['subnet-z'], SecurityGroupIds: ['sg-0abc'] }, EnableNetworkIsolation: false, ExecutionRoleArn: `arn:aws:iam::${ACCOUNT}:role/endpoint` });
    const d = await onlyDeployment(record(ok(cfg)));
    expect(value(d.network)).toEqual({ networkId: 'vpc-0abc', subnetIds: ['subnet-z'], firewallIds: ['sg-0abc'] });
    expect(value(d.networkIsolation)).toBe(false);
    expect(d.networkIsolation.evidence.map((e) => e.source)).toEqual(['sagemaker:DescribeEndpointConfig', 'sagemaker:DescribeModel']);
    expect(value(d.identityId)).toBe(`arn:aws:iam::${ACCOUNT}:role/endpoint`);
    expect(endpointReferences(record(ok(cfg))).roleArns).toEqual([`arn:aws:iam::${ACCOUNT}:role/endpoint`]);
  });

  it('makes model-derived facts unknown when DescribeModel failed, and keeps config facts', async () => {
    const d = await onlyDeployment(record(ok(config()), { classifier: failed('sagemaker:DescribeModel classifier failed with AccessDeniedException: no') }));
    for (const fact of [d.networkIsolation, d.network, d.identityId, d.images, d.artifactStoreIds]) {
      expect(fact.known).toBe(false);
      if (!fact.known) expect(fact.reason).toContain('AccessDeniedException');
    }
    expect(value(d.instanceCount)).toBe(2);
    expect(d.modelId).toBe(`arn:aws:sagemaker:${REGION}:${ACCOUNT}:model/classifier`);
  });

  it('makes every endpoint fact unknown when DescribeEndpointConfig failed', async () => {
    const endpoint = await build(record(failed('DescribeEndpointConfig denied')));
    for (const fact of [endpoint.deployments, endpoint.storageKeyId, endpoint.dataCapture, endpoint.asyncOutput]) expect(fact.known).toBe(false);
    expect(value(endpoint.monitoringSchedules)).toBe(1);
  });

  it('resolves key aliases and turns an unresolvable alias into unknown', async () => {
    const cfg = config({ KmsKeyId: 'alias/models', DataCaptureConfig: { InitialSamplingPercentage: 10, DestinationS3Uri: 's3://capture', KmsKeyId: 'alias/denied', CaptureOptions: [] } });
    const endpoint = await build(record(ok(cfg)));
    expect(value(endpoint.storageKeyId)).toBe(KEY_ARN);
    expect(endpoint.dataCapture.known).toBe(false);
  });

  it('reads a disabled data capture and an async output key', async () => {
    const cfg = config({
      DataCaptureConfig: { EnableCapture: false, InitialSamplingPercentage: 10, DestinationS3Uri: 's3://capture', CaptureOptions: [] },
      AsyncInferenceConfig: { OutputConfig: { S3OutputPath: 's3://out/', KmsKeyId: KEY_ARN } },
    });
    const endpoint = await build(record(ok(cfg)));
    expect(value(endpoint.dataCapture)).toEqual({ enabled: false, keyId: null, destinationStoreId: null });
    expect(value(endpoint.asyncOutput)).toEqual({ keyId: KEY_ARN });
  });

  it('counts only schedules that still watch the endpoint, and says unknown when the listing failed', async () => {
    expect(value((await build(record(), schedules([schedule('Scheduled'), schedule('Stopped'), schedule('Pending')]))).monitoringSchedules)).toBe(2);
    expect((await build(record(), failed('ListMonitoringSchedules denied'))).monitoringSchedules.known).toBe(false);
  });

  it('reads every container of an inference pipeline and both data sources', async () => {
    const pipeline = model({
      PrimaryContainer: undefined,
      Containers: [
        { Image: 'public.ecr.aws/x/pre:1', ModelDataSource: { S3DataSource: { S3Uri: 's3://pre/model/', S3DataType: 'S3Prefix', CompressionType: 'None' } } },
        { Image: IMAGE, ModelDataUrl: 's3://models/m.tar.gz' },
      ],
    });
    const d = await onlyDeployment(record(ok(config()), { classifier: ok(pipeline) }));
    expect(value(d.images).map((i) => i.registry)).toEqual(['public', 'private']);
    expect(value(d.artifactStoreIds)).toEqual(['arn:aws:s3:::pre', 'arn:aws:s3:::models']);
  });

  it('leaves the network to the region-wide reads: the VPC of the first group that was read, else none', async () => {
    const cfg = config({ VpcConfig: { Subnets: ['subnet-z'], SecurityGroupIds: ['sg-unread', 'sg-0abc'] } });
    const draft = await endpointDraft(record(ok(cfg)), deps);
    expect(value(value(draft.deployments)[0].network)).toEqual(cfg.VpcConfig);
    const complete = (groups: Record<string, string>) =>
      value(value(completeEndpoint(draft, { schedules: schedules([]), vpcOfGroup: (g) => groups[g] ?? null }, new Canonical()).deployments)[0].network);
    expect(complete({ 'sg-0abc': 'vpc-0abc' })).toEqual({ networkId: 'vpc-0abc', subnetIds: ['subnet-z'], firewallIds: ['sg-unread', 'sg-0abc'] });
    expect(complete({})).toEqual({ networkId: null, subnetIds: ['subnet-z'], firewallIds: ['sg-unread', 'sg-0abc'] });
  });

  it('shares the facts endpoints state alike, and only those', async () => {
    const canonical = new Canonical();
    const named = (name: string, role: string) => {
      const r = record(ok(config()), { classifier: ok(model({ ExecutionRoleArn: role })) });
      return { ...r, summary: { ...r.summary, EndpointName: name, EndpointArn: `arn:aws:sagemaker:${REGION}:${ACCOUNT}:endpoint/${name}` } };
    };
    const reads = { schedules: schedules([]), vpcOfGroup };
    const [a, b, c] = await Promise.all(
      [named('a', ROLE), named('b', ROLE), named('c', `${ROLE}-other`)].map(async (r) => completeEndpoint(await endpointDraft(r, { ...deps, canonical }), reads, canonical)),
    );
    const [da, db, dc] = [a, b, c].map((e) => value(e.deployments)[0]);
    expect(db.identityId).toBe(da.identityId);
    expect(db.network).toBe(da.network);
    expect(db.instanceCount).toBe(da.instanceCount);
    expect(b.storageKeyId).toBe(a.storageKeyId);
    expect(dc.identityId).not.toBe(da.identityId);
    expect(value(dc.identityId)).toBe(`${ROLE}-other`);
    expect(b.id).not.toBe(a.id);
  });

  it('includes shadow variants as deployments', async () => {
    const cfg = config({ ShadowProductionVariants: [{ VariantName: 'shadow', ModelName: 'classifier', InstanceType: 'ml.c5.large', InitialInstanceCount: 1 }] });
    const list = value((await build(record(ok(cfg)))).deployments);
    expect(list.map((d) => d.name)).toEqual(['AllTraffic', 'shadow']);
    expect(value(list[1].instanceCount)).toBe(1);
  });
});
