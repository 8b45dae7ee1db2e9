import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  CreateMonitoringScheduleCommand,
  DescribeEndpointCommand,
  DescribeEndpointConfigCommand,
  DescribeModelCommand,
  ListEndpointsCommand,
  ListMonitoringSchedulesCommand,
  paginateListEndpoints,
  paginateListMonitoringSchedules,
  SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { buildDemoScenario, generateAwsScenario } from '../../../sim/aws';
import { clientSettings, collect, rejectionOf, useSimulator } from './simulator';

describe('SageMaker reads of the demo account', () => {
  const sim = useSimulator(buildDemoScenario);
  const client = () => new SageMakerClient(clientSettings(sim()));

  it('lists the region\'s endpoints, newest first, with epoch timestamps parsed to dates', async () => {
    const out = await client().send(new ListEndpointsCommand({}));
    const names = (out.Endpoints ?? []).map((e) => e.EndpointName);
    expect(names.sort()).toEqual(['chat-serverless', 'fraud-detector', 'legacy-recommender', 'vision-gpu']);
    const times = (out.Endpoints ?? []).map((e) => e.CreationTime?.getTime() ?? 0);
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(out.Endpoints?.[0]?.CreationTime).toBeInstanceOf(Date);
    expect(out.NextToken).toBeUndefined();
  });

  it('lists only the signed region: eu-west-1 has one endpoint', async () => {
    const eu = new SageMakerClient(clientSettings(sim(), 'eu-west-1'));
    const out = await eu.send(new ListEndpointsCommand({}));
    expect(out.Endpoints?.map((e) => e.EndpointName)).toEqual(['churn-predictor']);
  });

  it('filters by NameContains and sorts by name', async () => {
    const out = await client().send(new ListEndpointsCommand({ NameContains: 'e', SortBy: 'Name', SortOrder: 'Ascending' }));
    expect(out.Endpoints?.map((e) => e.EndpointName)).toEqual(['chat-serverless', 'fraud-detector', 'legacy-recommender']);
  });

  it('describes the compliant endpoint, its config and its model', async () => {
    const endpoint = await client().send(new DescribeEndpointCommand({ EndpointName: 'fraud-detector' }));
    expect(endpoint.EndpointStatus).toBe('InService');
    expect(endpoint.EndpointConfigName).toBe('fraud-detector-config');
    expect(endpoint.DataCaptureConfig?.KmsKeyId).toMatch(/^arn:aws:kms:us-east-1:111122223333:key\//);
    const config = await client().send(new DescribeEndpointConfigCommand({ EndpointConfigName: 'fraud-detector-config' }));
    expect(config.ProductionVariants?.[0]).toMatchObject({ InstanceType: 'ml.m5.xlarge', InitialInstanceCount: 2, ModelName: 'fraud-detector-model' });
    expect(config.KmsKeyId).toBe(endpoint.DataCaptureConfig?.KmsKeyId);
    const model = await client().send(new DescribeModelCommand({ ModelName: 'fraud-detector-model' }));
    expect(model.EnableNetworkIsolation).toBe(true);
    expect(model.VpcConfig?.SecurityGroupIds).toHaveLength(1);
    expect(model.PrimaryContainer?.Image).toMatch(/^111122223333\.dkr\.ecr\.us-east-1\.amazonaws\.com\/fraud-detector@sha256:[0-9a-f]{64}$/);
    expect(model.ExecutionRoleArn).toBe('arn:aws:iam::111122223333:role/fraud-detector-execution');
  });

  it('describes the serverless and the NVMe endpoint configs as the platform allows them', async () => {
    const serverless = await client().send(new DescribeEndpointConfigCommand({ EndpointConfigName: 'chat-serverless-config' }));
    expect(serverless.ProductionVariants?.[0]?.ServerlessConfig).toEqual({ MemorySizeInMB: 4096, MaxConcurrency: 10 });
    expect(serverless.ProductionVariants?.[0]?.InstanceType).toBeUndefined();
    expect(serverless.KmsKeyId).toBeDefined();
    const gpu = await client().send(new DescribeEndpointConfigCommand({ EndpointConfigName: 'vision-gpu-config' }));
    expect(gpu.ProductionVariants?.[0]?.InstanceType).toBe('ml.g5.2xlarge');
    expect(gpu.KmsKeyId).toBeUndefined();
    const legacy = await client().send(new DescribeModelCommand({ ModelName: 'legacy-recommender-model' }));
    expect(legacy.PrimaryContainer?.Image).toMatch(/:latest$/);
    expect(legacy.VpcConfig).toBeUndefined();
    expect(legacy.EnableNetworkIsolation).toBe(false);
  });

  it('answers an unknown endpoint, config or model with ValidationException "Could not find ..."', async () => {
    const endpoint = await rejectionOf(client().send(new DescribeEndpointCommand({ EndpointName: 'missing' })));
    expect(endpoint.name).toBe('ValidationException');
    expect(endpoint.message).toBe('Could not find endpoint "arn:aws:sagemaker:us-east-1:111122223333:endpoint/missing".');
    expect(endpoint.$metadata?.httpStatusCode).toBe(400);
    const config = await rejectionOf(client().send(new DescribeEndpointConfigCommand({ EndpointConfigName: 'missing' })));
    expect(config.message).toContain('Could not find endpoint configuration');
    const model = await rejectionOf(client().send(new DescribeModelCommand({ ModelName: 'missing' })));
    expect(model.message).toContain('Could not find model');
  });

  it('rejects out-of-range MaxResults and a forged NextToken the way SageMaker does', async () => {
    const range = await rejectionOf(client().send(new ListEndpointsCommand({ MaxResults: 0 })));
    expect(range.name).toBe('ValidationException');
    expect(range.message).toBe("1 validation error detected: Value '0' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 1");
    const token = await rejectionOf(client().send(new ListEndpointsCommand({ NextToken: 'not-a-token' })));
    expect(token.name).toBe('ValidationException');
  });

  it('lists monitoring schedules of one endpoint', async () => {
    const out = await client().send(new ListMonitoringSchedulesCommand({ EndpointName: 'fraud-detector' }));
    expect(out.MonitoringScheduleSummaries?.map((s) => s.MonitoringScheduleName)).toEqual(['fraud-detector-data-quality']);
    const none = await client().send(new ListMonitoringSchedulesCommand({ EndpointName: 'legacy-recommender' }));
    expect(none.MonitoringScheduleSummaries).toEqual([]);
  });
});

describe('SageMaker pagination over a generated account', () => {
  const sim = useSimulator(() => generateAwsScenario({ endpoints: 45, serverlessEvery: 0 }));
  const client = () => new SageMakerClient(clientSettings(sim()));

  it('pages ListEndpoints with the SDK paginator, every endpoint exactly once', async () => {
    const pages = await collect(paginateListEndpoints({ client: client(), pageSize: 10 }, {}));
    expect(pages.map((p) => p.Endpoints?.length)).toEqual([10, 10, 10, 10, 5]);
    const names = pages.flatMap((p) => p.Endpoints ?? []).map((e) => e.EndpointName);
    expect(new Set(names).size).toBe(45);
  });

  it('pages at the default size of 10 without MaxResults', async () => {
    const first = await client().send(new ListEndpointsCommand({}));
    expect(first.Endpoints).toHaveLength(10);
    expect(first.NextToken).toEqual(expect.any(String));
  });

  it('refuses a token issued for another listing', async () => {
    const first = await client().send(new ListEndpointsCommand({ MaxResults: 5 }));
    const error = await rejectionOf(client().send(new ListEndpointsCommand({ MaxResults: 5, NameContains: 'endpoint-00001', NextToken: first.NextToken })));
    expect(error.name).toBe('ValidationException');
  });

  it('pages ListMonitoringSchedules with the SDK paginator', async () => {
    const pages = await collect(paginateListMonitoringSchedules({ client: client(), pageSize: 7 }, {}));
    expect(pages.length).toBeGreaterThan(1);
    const schedules = pages.flatMap((p) => p.MonitoringScheduleSummaries ?? []);
    // Every even-numbered endpoint has a schedule: 23 of 45.
    expect(schedules).toHaveLength(23);
    expect(new Set(schedules.map((s) => s.EndpointName)).size).toBe(23);
  });
});

describe('SageMaker writes, then reads', () => {
  const sim = useSimulator(buildDemoScenario);
  const client = () => new SageMakerClient(clientSettings(sim(), 'eu-west-1'));
  const image = `111122223333.dkr.ecr.eu-west-1.amazonaws.com/churn-predictor@sha256:${'b'.repeat(64)}`;

  it('creates a model, an endpoint config, an endpoint and a monitoring schedule that the reads then return', async () => {
    const model = await client().send(
      new CreateModelCommand({
        ModelName: 'Written-Model',
        ExecutionRoleArn: 'arn:aws:iam::111122223333:role/churn-predictor-execution',
        PrimaryContainer: { Image: image, ModelDataUrl: 's3://inferguard-demo-models-eu-111122223333/w/model.tar.gz' },
        EnableNetworkIsolation: true,
        VpcConfig: { SecurityGroupIds: ['sg-0123456789abcdef0'], Subnets: ['subnet-0123456789abcdef0'] },
      }),
    );
    expect(model.ModelArn).toBe('arn:aws:sagemaker:eu-west-1:111122223333:model/written-model');
    await client().send(
      new CreateEndpointConfigCommand({
        EndpointConfigName: 'written-config',
        ProductionVariants: [{ VariantName: 'AllTraffic', ModelName: 'Written-Model', InstanceType: 'ml.m5.large', InitialInstanceCount: 3 }],
        KmsKeyId: 'alias/inferguard-ml-eu',
        DataCaptureConfig: { InitialSamplingPercentage: 50, DestinationS3Uri: 's3://b/capture', CaptureOptions: [{ CaptureMode: 'Input' }] },
      }),
    );
    const created = await client().send(new CreateEndpointCommand({ EndpointName: 'written', EndpointConfigName: 'written-config' }));
    expect(created.EndpointArn).toBe('arn:aws:sagemaker:eu-west-1:111122223333:endpoint/written');
    await client().send(
      new CreateMonitoringScheduleCommand({
        MonitoringScheduleName: 'written-monitor',
        MonitoringScheduleConfig: {
          MonitoringJobDefinition: {
            MonitoringInputs: [{ EndpointInput: { EndpointName: 'written', LocalPath: '/opt/ml/processing/input' } }],
            MonitoringOutputConfig: { MonitoringOutputs: [] },
            MonitoringResources: { ClusterConfig: { InstanceCount: 1, InstanceType: 'ml.m5.large', VolumeSizeInGB: 20 } },
            MonitoringAppSpecification: { ImageUri: 'monitor' },
            RoleArn: 'arn:aws:iam::111122223333:role/churn-predictor-execution',
          },
        },
      }),
    );

    const endpoint = await client().send(new DescribeEndpointCommand({ EndpointName: 'written' }));
    expect(endpoint.ProductionVariants?.[0]).toMatchObject({ CurrentInstanceCount: 3, DeployedImages: [{ SpecifiedImage: image, ResolvedImage: image }] });
    expect(endpoint.DataCaptureConfig).toMatchObject({ EnableCapture: true, CurrentSamplingPercentage: 50 });
    const config = await client().send(new DescribeEndpointConfigCommand({ EndpointConfigName: 'written-config' }));
    expect(config.KmsKeyId).toBe('alias/inferguard-ml-eu');
    const described = await client().send(new DescribeModelCommand({ ModelName: 'Written-Model' }));
    expect(described.EnableNetworkIsolation).toBe(true);
    const listed = await client().send(new ListEndpointsCommand({}));
    expect(listed.Endpoints?.map((e) => e.EndpointName)).toContain('written');
    const schedules = await client().send(new ListMonitoringSchedulesCommand({ EndpointName: 'written' }));
    expect(schedules.MonitoringScheduleSummaries?.[0]).toMatchObject({ MonitoringScheduleName: 'written-monitor', MonitoringScheduleStatus: 'Scheduled' });
  });

  it('resolves an image tag to a digest when the endpoint is deployed', async () => {
    await client().send(new CreateModelCommand({ ModelName: 'tagged', PrimaryContainer: { Image: 'repo.example/app:1.0' } }));
    await client().send(new CreateEndpointConfigCommand({ EndpointConfigName: 'tagged-config', ProductionVariants: [{ VariantName: 'v', ModelName: 'tagged', ServerlessConfig: { MemorySizeInMB: 2048, MaxConcurrency: 2 } }] }));
    await client().send(new CreateEndpointCommand({ EndpointName: 'tagged', EndpointConfigName: 'tagged-config' }));
    const endpoint = await client().send(new DescribeEndpointCommand({ EndpointName: 'tagged' }));
    expect(endpoint.ProductionVariants?.[0]?.DeployedImages?.[0]?.ResolvedImage).toMatch(/^repo\.example\/app@sha256:[0-9a-f]{64}$/);
    expect(endpoint.ProductionVariants?.[0]?.CurrentServerlessConfig).toEqual({ MemorySizeInMB: 2048, MaxConcurrency: 2 });
  });

  it('refuses duplicates, missing references, a volume key on NVMe instances, and missing required members', async () => {
    const duplicate = await rejectionOf(client().send(new CreateModelCommand({ ModelName: 'churn-predictor-model', PrimaryContainer: { Image: image } })));
    expect(duplicate.name).toBe('ValidationException');
    expect(duplicate.message).toContain('Cannot create already existing model');
    const noModel = await rejectionOf(
      client().send(new CreateEndpointConfigCommand({ EndpointConfigName: 'c1', ProductionVariants: [{ VariantName: 'v', ModelName: 'ghost', InstanceType: 'ml.m5.large', InitialInstanceCount: 1 }] })),
    );
    expect(noModel.message).toBe('Could not find model "arn:aws:sagemaker:eu-west-1:111122223333:model/ghost".');
    const nvme = await rejectionOf(
      client().send(
        new CreateEndpointConfigCommand({
          EndpointConfigName: 'c2',
          KmsKeyId: 'alias/inferguard-ml-eu',
          ProductionVariants: [{ VariantName: 'v', ModelName: 'churn-predictor-model', InstanceType: 'ml.g5.2xlarge', InitialInstanceCount: 1 }],
        }),
      ),
    );
    expect(nvme.name).toBe('ValidationException');
    expect(nvme.message).toContain('ml.g5.2xlarge');
    const noConfig = await rejectionOf(client().send(new CreateEndpointCommand({ EndpointName: 'e1', EndpointConfigName: 'ghost-config' })));
    expect(noConfig.message).toContain('Could not find endpoint configuration');
    const missing = await rejectionOf(client().send(new CreateEndpointCommand({ EndpointName: 'e2', EndpointConfigName: undefined })));
    expect(missing.name).toBe('ValidationException');
    expect(missing.message).toBe("1 validation error detected: Value null at 'endpointConfigName' failed to satisfy constraint: Member must not be null");
    const badName = await rejectionOf(client().send(new CreateModelCommand({ ModelName: 'bad_name', PrimaryContainer: { Image: image } })));
    expect(badName.message).toContain('Member must satisfy regular expression pattern');
  });
});
