// SageMaker (JSON 1.1, target prefix `SageMaker`): endpoint, endpoint-config, model and monitoring-schedule reads and creates.
import { z } from 'zod';
import {
  CaptureMode,
  ContainerMode,
  EndpointSortKey,
  EndpointStatus,
  ModelCompressionType,
  MonitoringScheduleSortKey,
  MonitoringType,
  OrderKey,
  ProductionVariantAcceleratorType,
  ProductionVariantInstanceType,
  RepositoryAccessMode,
  S3ModelDataType,
  ScheduleStatus,
  SortOrder,
  type DescribeEndpointConfigOutput,
  type DescribeModelOutput,
  type EndpointSummary,
  type MonitoringScheduleSummary,
} from '@aws-sdk/client-sagemaker';
import { AwsApiError } from '../errors';
import { sagemakerArn } from '../ids';
import { paginate } from '../pagination';
import { jsonProtocol, type JsonOutput } from '../protocols/json';
import { describeEndpointFromConfig } from '../sagemaker-shapes';
import type { RegionState } from '../store';
import { defineService, type CallContext, type Operation } from './service';

const NAME = z.string().min(1).max(63).regex(/^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/);
const epochSeconds = z.number().transform((seconds) => new Date(seconds * 1000));
const tags = z.array(z.object({ Key: z.string(), Value: z.string() })).max(50).optional();

const vpcConfig = z.object({
  SecurityGroupIds: z.array(z.string()).min(1).max(5),
  Subnets: z.array(z.string()).min(1).max(16),
});

const container = z.object({
  ContainerHostname: z.string().optional(),
  Image: z.string().max(255).optional(),
  ImageConfig: z
    .object({
      RepositoryAccessMode: z.enum(RepositoryAccessMode),
      RepositoryAuthConfig: z.object({ RepositoryCredentialsProviderArn: z.string() }).optional(),
    })
    .optional(),
  Mode: z.enum(ContainerMode).optional(),
  ModelDataUrl: z.string().max(1024).optional(),
  ModelDataSource: z
    .object({
      S3DataSource: z
        .object({ S3Uri: z.string(), S3DataType: z.enum(S3ModelDataType), CompressionType: z.enum(ModelCompressionType) })
        .optional(),
    })
    .optional(),
  Environment: z.record(z.string(), z.string()).optional(),
  ModelPackageName: z.string().optional(),
});

const createModelInput = z.object({
  ModelName: NAME,
  PrimaryContainer: container.optional(),
  Containers: z.array(container).max(15).optional(),
  InferenceExecutionConfig: z.object({ Mode: z.enum({ Serial: 'Serial', Direct: 'Direct' }) }).optional(),
  ExecutionRoleArn: z.string().min(20).max(2048).regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/?[a-zA-Z_0-9+=,.@\-_/]+$/).optional(),
  VpcConfig: vpcConfig.optional(),
  EnableNetworkIsolation: z.boolean().optional(),
  Tags: tags,
});

const productionVariant = z.object({
  VariantName: NAME,
  ModelName: NAME.optional(),
  InitialInstanceCount: z.number().int().min(1).optional(),
  InstanceType: z.enum(ProductionVariantInstanceType).optional(),
  InitialVariantWeight: z.number().min(0).optional(),
  AcceleratorType: z.enum(ProductionVariantAcceleratorType).optional(),
  ServerlessConfig: z
    .object({
      MemorySizeInMB: z.number().int().min(1024).max(6144),
      MaxConcurrency: z.number().int().min(1).max(200),
      ProvisionedConcurrency: z.number().int().min(1).max(200).optional(),
    })
    .optional(),
  VolumeSizeInGB: z.number().int().min(1).max(512).optional(),
  ModelDataDownloadTimeoutInSeconds: z.number().int().min(60).max(3600).optional(),
  ContainerStartupHealthCheckTimeoutInSeconds: z.number().int().min(60).max(3600).optional(),
  EnableSSMAccess: z.boolean().optional(),
});

const createEndpointConfigInput = z.object({
  EndpointConfigName: NAME,
  ProductionVariants: z.array(productionVariant).min(1).max(10),
  DataCaptureConfig: z
    .object({
      EnableCapture: z.boolean().optional(),
      InitialSamplingPercentage: z.number().int().min(0).max(100),
      DestinationS3Uri: z.string().max(512),
      KmsKeyId: z.string().max(2048).optional(),
      CaptureOptions: z.array(z.object({ CaptureMode: z.enum(CaptureMode) })).min(1).max(32),
      CaptureContentTypeHeader: z
        .object({ CsvContentTypes: z.array(z.string()).optional(), JsonContentTypes: z.array(z.string()).optional() })
        .optional(),
    })
    .optional(),
  Tags: tags,
  KmsKeyId: z.string().max(2048).optional(),
  AsyncInferenceConfig: z
    .object({
      ClientConfig: z.object({ MaxConcurrentInvocationsPerInstance: z.number().int().min(1).max(1000).optional() }).optional(),
      OutputConfig: z.object({ KmsKeyId: z.string().optional(), S3OutputPath: z.string().optional(), S3FailurePath: z.string().optional() }),
    })
    .optional(),
  ExecutionRoleArn: z.string().optional(),
  VpcConfig: vpcConfig.optional(),
  EnableNetworkIsolation: z.boolean().optional(),
});

const createEndpointInput = z.object({ EndpointName: NAME, EndpointConfigName: NAME, Tags: tags });

const createMonitoringScheduleInput = z.object({
  MonitoringScheduleName: NAME,
  MonitoringScheduleConfig: z.object({
    ScheduleConfig: z.object({ ScheduleExpression: z.string().min(1).max(512) }).optional(),
    MonitoringJobDefinition: z
      .object({
        MonitoringInputs: z
          .array(z.object({ EndpointInput: z.object({ EndpointName: NAME, LocalPath: z.string() }).optional() }))
          .min(1),
        RoleArn: z.string(),
      })
      .optional(),
    MonitoringJobDefinitionName: NAME.optional(),
    MonitoringType: z.enum(MonitoringType).optional(),
  }),
  Tags: tags,
});

const listEndpointsInput = z.object({
  SortBy: z.enum(EndpointSortKey).optional(),
  SortOrder: z.enum(OrderKey).optional(),
  NextToken: z.string().max(8192).optional(),
  MaxResults: z.number().int().min(1).max(100).optional(),
  NameContains: z.string().max(63).optional(),
  StatusEquals: z.enum(EndpointStatus).optional(),
  CreationTimeBefore: epochSeconds.optional(),
  CreationTimeAfter: epochSeconds.optional(),
});

const listMonitoringSchedulesInput = z.object({
  EndpointName: NAME.optional(),
  SortBy: z.enum(MonitoringScheduleSortKey).optional(),
  SortOrder: z.enum(SortOrder).optional(),
  NextToken: z.string().max(8192).optional(),
  MaxResults: z.number().int().min(1).max(100).optional(),
  NameContains: z.string().max(63).optional(),
  StatusEquals: z.enum(ScheduleStatus).optional(),
  MonitoringTypeEquals: z.enum(MonitoringType).optional(),
});

const DEFAULT_PAGE = 10;

/** Instance families whose storage is local NVMe: SageMaker refuses a volume KMS key for them. */
const NVME_FAMILIES = ['ml.g4dn', 'ml.g5', 'ml.g6', 'ml.g6e', 'ml.p3dn', 'ml.p4d', 'ml.p4de', 'ml.p5', 'ml.m5d', 'ml.c5d', 'ml.r5d'];

export function hasNvmeInstanceStorage(instanceType: string): boolean {
  return NVME_FAMILIES.some((family) => instanceType.startsWith(`${family}.`));
}

const notFound = (what: string, arn: string) => new AwsApiError('ValidationException', `Could not find ${what} "${arn}".`);
const alreadyExists = (what: string, arn: string) => new AwsApiError('ValidationException', `Cannot create already existing ${what} "${arn}".`);
const invalidToken = () => new AwsApiError('ValidationException', 'Invalid pagination token because the token is malformed or from another request.');

type Sortable = { readonly name: string; readonly created: number; readonly status: string };

function compareBy(key: 'Name' | 'CreationTime' | 'Status', order: 'Ascending' | 'Descending') {
  const sign = order === 'Ascending' ? 1 : -1;
  return (a: Sortable, b: Sortable): number => {
    const primary =
      key === 'Name' ? cmp(a.name, b.name) : key === 'Status' ? cmp(a.status, b.status) : a.created - b.created;
    return sign * (primary !== 0 ? primary : cmp(a.name, b.name));
  };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function endpointSummaries(state: RegionState): readonly (EndpointSummary & Sortable)[] {
  return [...state.sagemaker.endpoints.values()].map((e) => ({
    EndpointName: e.EndpointName,
    EndpointArn: e.EndpointArn,
    CreationTime: e.CreationTime,
    LastModifiedTime: e.LastModifiedTime,
    EndpointStatus: e.EndpointStatus,
    name: e.EndpointName ?? '',
    created: e.CreationTime?.getTime() ?? 0,
    status: e.EndpointStatus ?? '',
  }));
}

const listEndpoints: Operation<unknown, JsonOutput> = (raw, ctx) => {
  const input = ctx.validate(listEndpointsInput, raw);
  const sortBy = input.SortBy ?? 'CreationTime';
  const order = input.SortOrder ?? 'Descending';
  const sorted = ctx.store.memoize(`sagemaker:endpoints:${ctx.region}:${sortBy}:${order}`, () =>
    [...endpointSummaries(ctx.regional())].sort(compareBy(sortBy, order)),
  );
  const filtered = sorted.filter(
    (e) =>
      (input.NameContains === undefined || e.name.includes(input.NameContains)) &&
      (input.StatusEquals === undefined || e.status === input.StatusEquals) &&
      (input.CreationTimeBefore === undefined || e.created < input.CreationTimeBefore.getTime()) &&
      (input.CreationTimeAfter === undefined || e.created > input.CreationTimeAfter.getTime()),
  );
  const listing = `ListEndpoints:${ctx.region}:${sortBy}:${order}:${input.NameContains ?? ''}:${input.StatusEquals ?? ''}`;
  const page = paginate(filtered, { listing, token: input.NextToken, pageSize: input.MaxResults ?? DEFAULT_PAGE, invalidToken });
  return {
    Endpoints: page.items.map(({ EndpointName, EndpointArn, CreationTime, LastModifiedTime, EndpointStatus }) => ({
      EndpointName,
      EndpointArn,
      CreationTime,
      LastModifiedTime,
      EndpointStatus,
    })),
    NextToken: page.nextToken,
  };
};

const listMonitoringSchedules: Operation<unknown, JsonOutput> = (raw, ctx) => {
  const input = ctx.validate(listMonitoringSchedulesInput, raw);
  const sortBy = input.SortBy ?? 'CreationTime';
  const order = input.SortOrder ?? 'Descending';
  const all = [...ctx.regional().sagemaker.monitoringSchedules.values()].map((s) => ({
    summary: s,
    name: s.MonitoringScheduleName ?? '',
    created: s.CreationTime?.getTime() ?? 0,
    status: s.MonitoringScheduleStatus ?? '',
  }));
  const filtered = all
    .filter(
      ({ summary, name }) =>
        (input.EndpointName === undefined || summary.EndpointName === input.EndpointName) &&
        (input.NameContains === undefined || name.includes(input.NameContains)) &&
        (input.StatusEquals === undefined || summary.MonitoringScheduleStatus === input.StatusEquals) &&
        (input.MonitoringTypeEquals === undefined || summary.MonitoringType === input.MonitoringTypeEquals),
    )
    .sort(compareBy(sortBy, order));
  const listing = `ListMonitoringSchedules:${ctx.region}:${input.EndpointName ?? ''}:${sortBy}:${order}:${input.NameContains ?? ''}`;
  const page = paginate(filtered, { listing, token: input.NextToken, pageSize: input.MaxResults ?? DEFAULT_PAGE, invalidToken });
  return { MonitoringScheduleSummaries: page.items.map((s) => s.summary), NextToken: page.nextToken };
};

function describe<T extends object>(
  map: (state: RegionState) => Map<string, T>,
  member: string,
  what: string,
  type: Parameters<typeof sagemakerArn>[2],
): Operation<unknown, JsonOutput> {
  const schema = z.object({ [member]: NAME });
  return (raw, ctx) => {
    const name = ctx.validate(schema, raw)[member];
    const found = map(ctx.regional()).get(name);
    if (found === undefined) throw notFound(what, sagemakerArn(ctx.region, ctx.account, type, name));
    return found;
  };
}

const createModel: Operation<unknown, JsonOutput> = (raw, ctx) => {
  const input = ctx.validate(createModelInput, raw);
  const models = ctx.regional().sagemaker.models;
  const arn = sagemakerArn(ctx.region, ctx.account, 'model', input.ModelName);
  if (models.has(input.ModelName)) throw alreadyExists('model', arn);
  if (input.PrimaryContainer === undefined && (input.Containers ?? []).length === 0) {
    throw new AwsApiError('ValidationException', 'Either PrimaryContainer or Containers must be specified.');
  }
  const model: DescribeModelOutput = {
    ModelName: input.ModelName,
    ModelArn: arn,
    PrimaryContainer: input.PrimaryContainer,
    Containers: input.Containers,
    InferenceExecutionConfig: input.InferenceExecutionConfig,
    ExecutionRoleArn: input.ExecutionRoleArn,
    VpcConfig: input.VpcConfig,
    EnableNetworkIsolation: input.EnableNetworkIsolation ?? false,
    CreationTime: ctx.now,
  };
  models.set(input.ModelName, model);
  return { ModelArn: arn };
};

function checkVariants(input: z.infer<typeof createEndpointConfigInput>, ctx: CallContext): void {
  const models = ctx.regional().sagemaker.models;
  for (const variant of input.ProductionVariants) {
    const serverless = variant.ServerlessConfig !== undefined;
    if (serverless === (variant.InstanceType !== undefined)) {
      throw new AwsApiError('ValidationException', `Variant ${variant.VariantName} must specify either InstanceType and InitialInstanceCount, or ServerlessConfig.`);
    }
    if (!serverless && variant.InitialInstanceCount === undefined) {
      throw new AwsApiError('ValidationException', `Variant ${variant.VariantName} specifies InstanceType without InitialInstanceCount.`);
    }
    if (variant.ModelName !== undefined && !models.has(variant.ModelName)) {
      throw notFound('model', sagemakerArn(ctx.region, ctx.account, 'model', variant.ModelName));
    }
    if (input.KmsKeyId !== undefined && variant.InstanceType !== undefined && hasNvmeInstanceStorage(variant.InstanceType)) {
      throw new AwsApiError(
        'ValidationException',
        `The KmsKeyId parameter is not supported for instance type ${variant.InstanceType}: its NVMe instance storage is encrypted by the hardware.`,
      );
    }
  }
}

const createEndpointConfig: Operation<unknown, JsonOutput> = (raw, ctx) => {
  const input = ctx.validate(createEndpointConfigInput, raw);
  const configs = ctx.regional().sagemaker.endpointConfigs;
  const arn = sagemakerArn(ctx.region, ctx.account, 'endpoint-config', input.EndpointConfigName);
  if (configs.has(input.EndpointConfigName)) throw alreadyExists('endpoint configuration', arn);
  checkVariants(input, ctx);
  const config: DescribeEndpointConfigOutput = {
    EndpointConfigName: input.EndpointConfigName,
    EndpointConfigArn: arn,
    ProductionVariants: input.ProductionVariants,
    DataCaptureConfig: input.DataCaptureConfig,
    KmsKeyId: input.KmsKeyId,
    AsyncInferenceConfig: input.AsyncInferenceConfig,
    ExecutionRoleArn: input.ExecutionRoleArn,
    VpcConfig: input.VpcConfig,
    EnableNetworkIsolation: input.EnableNetworkIsolation,
    CreationTime: ctx.now,
  };
  configs.set(input.EndpointConfigName, config);
  return { EndpointConfigArn: arn };
};

const createEndpoint: Operation<unknown, JsonOutput> = (raw, ctx) => {
  const input = ctx.validate(createEndpointInput, raw);
  const sm = ctx.regional().sagemaker;
  const arn = sagemakerArn(ctx.region, ctx.account, 'endpoint', input.EndpointName);
  if (sm.endpoints.has(input.EndpointName)) throw alreadyExists('endpoint', arn);
  const config = sm.endpointConfigs.get(input.EndpointConfigName);
  if (config === undefined) throw notFound('endpoint configuration', sagemakerArn(ctx.region, ctx.account, 'endpoint-config', input.EndpointConfigName));
  const endpoint = describeEndpointFromConfig({ name: input.EndpointName, arn, config, model: (name) => sm.models.get(name), created: ctx.now });
  sm.endpoints.set(input.EndpointName, endpoint);
  return { EndpointArn: arn };
};

const createMonitoringSchedule: Operation<unknown, JsonOutput> = (raw, ctx) => {
  const input = ctx.validate(createMonitoringScheduleInput, raw);
  const sm = ctx.regional().sagemaker;
  const arn = sagemakerArn(ctx.region, ctx.account, 'monitoring-schedule', input.MonitoringScheduleName);
  if (sm.monitoringSchedules.has(input.MonitoringScheduleName)) {
    throw new AwsApiError('ResourceInUse', `Monitoring schedule "${arn}" already exists.`);
  }
  const config = input.MonitoringScheduleConfig;
  if (config.MonitoringJobDefinitionName !== undefined) {
    throw new AwsApiError('ResourceNotFound', `Could not find job definition "${config.MonitoringJobDefinitionName}".`);
  }
  const endpointName = config.MonitoringJobDefinition?.MonitoringInputs.find((i) => i.EndpointInput)?.EndpointInput?.EndpointName;
  if (endpointName === undefined) {
    throw new AwsApiError('ValidationException', 'MonitoringScheduleConfig must include MonitoringJobDefinition with an EndpointInput or a MonitoringJobDefinitionName.');
  }
  if (!sm.endpoints.has(endpointName)) throw notFound('endpoint', sagemakerArn(ctx.region, ctx.account, 'endpoint', endpointName));
  const summary: MonitoringScheduleSummary = {
    MonitoringScheduleName: input.MonitoringScheduleName,
    MonitoringScheduleArn: arn,
    CreationTime: ctx.now,
    LastModifiedTime: ctx.now,
    MonitoringScheduleStatus: 'Scheduled',
    EndpointName: endpointName,
    MonitoringType: config.MonitoringType ?? 'DataQuality',
  };
  sm.monitoringSchedules.set(input.MonitoringScheduleName, summary);
  return { MonitoringScheduleArn: arn };
};

export const sagemakerService = defineService({
  signingName: 'sagemaker',
  actionPrefix: 'sagemaker',
  protocol: jsonProtocol({ targetPrefix: 'SageMaker', messageKey: 'Message' }),
  operations: {
    ListEndpoints: listEndpoints,
    DescribeEndpoint: describe((s) => s.sagemaker.endpoints, 'EndpointName', 'endpoint', 'endpoint'),
    DescribeEndpointConfig: describe((s) => s.sagemaker.endpointConfigs, 'EndpointConfigName', 'endpoint configuration', 'endpoint-config'),
    DescribeModel: describe((s) => s.sagemaker.models, 'ModelName', 'model', 'model'),
    ListMonitoringSchedules: listMonitoringSchedules,
    CreateModel: createModel,
    CreateEndpointConfig: createEndpointConfig,
    CreateEndpoint: createEndpoint,
    CreateMonitoringSchedule: createMonitoringSchedule,
  },
});
