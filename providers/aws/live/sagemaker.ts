// SageMaker reads: ListEndpoints (paginated), then per endpoint DescribeEndpoint -> DescribeEndpointConfig
// -> DescribeModel for each variant's model. Configs and models shared by several endpoints are read once.
// ListEndpoints does not name the endpoint config, so DescribeEndpoint cannot be skipped.
//
// Monitoring schedules: one paginated ListMonitoringSchedules per region, grouped by EndpointName.
// Listing per endpoint (with the EndpointName filter) would cost one call per endpoint; the regional
// listing costs one call per 100 schedules.
//
// Memory: configs and models are memoized for the whole audit, so the memos keep only the fields facts
// are built from (no ARNs, dates or $metadata): with one config and one model per endpoint they would
// otherwise hold every raw description in the account until the audit ends.
import {
  DescribeEndpointCommand,
  DescribeEndpointConfigCommand,
  DescribeModelCommand,
  ListEndpointsCommand,
  ListMonitoringSchedulesCommand,
  type DescribeEndpointConfigOutput,
  type DescribeEndpointOutput,
  type DescribeModelOutput,
  type EndpointSummary,
  type ListEndpointsCommandOutput,
  type MonitoringScheduleSummary,
} from '@aws-sdk/client-sagemaker';
import { Once, type AuditContext, type Read } from './context';
import { shaped } from './shapes';

const PAGE_SIZE = 100;

/** The DescribeEndpointConfig fields endpoint facts are built from. */
const CONFIG_FIELDS = ['ProductionVariants', 'ShadowProductionVariants', 'VpcConfig', 'EnableNetworkIsolation', 'ExecutionRoleArn', 'KmsKeyId', 'DataCaptureConfig', 'AsyncInferenceConfig'] as const;
export type EndpointConfigDescription = Pick<DescribeEndpointConfigOutput, (typeof CONFIG_FIELDS)[number]>;

/** The DescribeModel fields endpoint facts are built from. */
const MODEL_FIELDS = ['ModelArn', 'ExecutionRoleArn', 'EnableNetworkIsolation', 'VpcConfig', 'PrimaryContainer', 'Containers'] as const;
export type ModelDescription = Pick<DescribeModelOutput, (typeof MODEL_FIELDS)[number]>;

/** What a monitoring schedule says about the endpoint it watches. */
export type ScheduleState = Pick<MonitoringScheduleSummary, 'MonitoringScheduleName' | 'MonitoringScheduleStatus'>;

/** Everything SageMaker says about one endpoint; each read may have failed on its own. */
export interface EndpointRecord {
  readonly region: string;
  readonly summary: EndpointSummary;
  readonly endpoint: Read<DescribeEndpointOutput>;
  /** null when DescribeEndpoint failed, so the config's name is not known. */
  readonly config: Read<EndpointConfigDescription> | null;
  /** Model name -> its description, for every variant (and shadow variant) that names a model. */
  readonly models: ReadonlyMap<string, Read<ModelDescription>>;
}

export class SageMakerReader {
  private readonly configs = new Once<Read<EndpointConfigDescription>>();
  private readonly models = new Once<Read<ModelDescription>>();

  constructor(private readonly ctx: AuditContext) {}

  /**
   * The region's endpoints, one ListEndpoints page at a time, so describing can start on the first page.
   * A failed page ends the listing (its gap is recorded): the endpoints listed before it are kept.
   */
  async *endpointPages(region: string): AsyncGenerator<readonly EndpointSummary[], void, undefined> {
    let pending = this.endpointPage(region, undefined);
    for (;;) {
      const page = await pending;
      if (page.status !== 'ok') return;
      const token = page.value.NextToken;
      // The next page is asked for before this one is handed out, so describing never waits on the listing.
      if (token) pending = this.endpointPage(region, token);
      yield page.value.Endpoints ?? [];
      if (!token) return;
    }
  }

  private endpointPage(region: string, token: string | undefined): Promise<Read<ListEndpointsCommandOutput>> {
    return this.ctx.call({ service: 'sagemaker', operation: 'ListEndpoints', region }, async () =>
      shaped('sagemaker:ListEndpoints', await this.ctx.sagemaker(region).send(new ListEndpointsCommand({ MaxResults: PAGE_SIZE, NextToken: token }))),
    );
  }

  /** Every monitoring schedule in the region, grouped by the endpoint it watches. */
  async monitoringSchedules(region: string): Promise<Read<ReadonlyMap<string, readonly ScheduleState[]>>> {
    const listing = await this.ctx.callPages({ service: 'sagemaker', operation: 'ListMonitoringSchedules', region }, async (token) => {
      const page = shaped('sagemaker:ListMonitoringSchedules', await this.ctx.sagemaker(region).send(new ListMonitoringSchedulesCommand({ MaxResults: PAGE_SIZE, NextToken: token })));
      const items: MonitoringScheduleSummary[] = page.MonitoringScheduleSummaries;
      return { items, next: page.NextToken };
    });
    if (listing.status !== 'ok') return listing;
    const byEndpoint = new Map<string, ScheduleState[]>();
    for (const schedule of listing.value) {
      if (!schedule.EndpointName) continue;
      const state = { MonitoringScheduleName: schedule.MonitoringScheduleName, MonitoringScheduleStatus: schedule.MonitoringScheduleStatus };
      byEndpoint.set(schedule.EndpointName, [...(byEndpoint.get(schedule.EndpointName) ?? []), state]);
    }
    return { status: 'ok', value: byEndpoint };
  }

  async readEndpoint(region: string, summary: EndpointSummary): Promise<EndpointRecord> {
    const name = summary.EndpointName ?? '';
    const resourceId = summary.EndpointArn ?? name;
    const sagemaker = this.ctx.sagemaker(region);
    const endpoint = await this.ctx.call({ service: 'sagemaker', operation: 'DescribeEndpoint', resourceId, region }, async () =>
      shaped('sagemaker:DescribeEndpoint', await sagemaker.send(new DescribeEndpointCommand({ EndpointName: name }))),
    );
    if (endpoint.status !== 'ok') return { region, summary, endpoint, config: null, models: new Map() };
    const configName = endpoint.value.EndpointConfigName;
    const config = await this.configs.get(`${region}|${configName}`, async () =>
      fieldsOf(
        await this.ctx.call({ service: 'sagemaker', operation: 'DescribeEndpointConfig', resourceId: configName, region }, async () =>
          shaped('sagemaker:DescribeEndpointConfig', await sagemaker.send(new DescribeEndpointConfigCommand({ EndpointConfigName: configName }))),
        ),
        CONFIG_FIELDS,
      ),
    );
    const modelNames =
      config.status === 'ok'
        ? [...new Set([...(config.value.ProductionVariants ?? []), ...(config.value.ShadowProductionVariants ?? [])].flatMap((v) => (v.ModelName ? [v.ModelName] : [])))]
        : [];
    const models = new Map(
      await Promise.all(
        modelNames.map(
          async (modelName) =>
            [
              modelName,
              await this.models.get(`${region}|${modelName}`, async () =>
                fieldsOf(
                  await this.ctx.call({ service: 'sagemaker', operation: 'DescribeModel', resourceId: modelName, region }, async () =>
                    shaped('sagemaker:DescribeModel', await sagemaker.send(new DescribeModelCommand({ ModelName: modelName }))),
                  ),
                  MODEL_FIELDS,
                ),
              ),
            ] as const,
        ),
      ),
    );
    return { region, summary, endpoint, config, models };
  }
}

/** A successful read reduced to the named fields that are set; failures pass through. */
function fieldsOf<T extends object, K extends keyof T>(read: Read<T>, fields: readonly K[]): Read<Pick<T, K>> {
  if (read.status !== 'ok') return read;
  const kept: Partial<Pick<T, K>> = {};
  for (const field of fields) if (read.value[field] !== undefined) kept[field] = read.value[field];
  return { status: 'ok', value: kept as Pick<T, K> };
}
