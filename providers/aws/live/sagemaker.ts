// SageMaker reads: ListEndpoints (paginated), then per endpoint DescribeEndpoint -> DescribeEndpointConfig
// -> DescribeModel for each variant's model. Configs and models shared by several endpoints are read once.
// ListEndpoints does not name the endpoint config, so DescribeEndpoint cannot be skipped.
//
// Monitoring schedules: one paginated ListMonitoringSchedules per region, grouped by EndpointName.
// Listing per endpoint (with the EndpointName filter) would cost one call per endpoint; the regional
// listing costs one call per 100 schedules.
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
  type MonitoringScheduleSummary,
} from '@aws-sdk/client-sagemaker';
import { Once, type AuditContext, type Read } from './context';

const PAGE_SIZE = 100;

/** Everything SageMaker says about one endpoint; each read may have failed on its own. */
export interface EndpointRecord {
  readonly region: string;
  readonly summary: EndpointSummary;
  readonly endpoint: Read<DescribeEndpointOutput>;
  /** null when DescribeEndpoint failed, so the config's name is not known. */
  readonly config: Read<DescribeEndpointConfigOutput> | null;
  /** Model name -> its description, for every variant (and shadow variant) that names a model. */
  readonly models: ReadonlyMap<string, Read<DescribeModelOutput>>;
}

export interface EndpointListing {
  readonly endpoints: readonly EndpointSummary[];
  /** Set when a page failed: the endpoints listed before it are kept, the gap is recorded. */
  readonly failure?: string;
}

export class SageMakerReader {
  private readonly configs = new Once<Read<DescribeEndpointConfigOutput>>();
  private readonly models = new Once<Read<DescribeModelOutput>>();

  constructor(private readonly ctx: AuditContext) {}

  async listEndpoints(region: string): Promise<EndpointListing> {
    const endpoints: EndpointSummary[] = [];
    let token: string | undefined;
    do {
      const page = await this.ctx.call({ service: 'sagemaker', operation: 'ListEndpoints', region }, () =>
        this.ctx.sagemaker(region).send(new ListEndpointsCommand({ MaxResults: PAGE_SIZE, NextToken: token })),
      );
      if (page.status !== 'ok') return { endpoints, failure: page.status === 'failed' ? page.reason : 'ListEndpoints failed' };
      endpoints.push(...(page.value.Endpoints ?? []));
      token = page.value.NextToken;
    } while (token);
    return { endpoints };
  }

  /** Every monitoring schedule in the region, grouped by the endpoint it watches. */
  async monitoringSchedules(region: string): Promise<Read<ReadonlyMap<string, readonly MonitoringScheduleSummary[]>>> {
    const byEndpoint = new Map<string, MonitoringScheduleSummary[]>();
    let token: string | undefined;
    do {
      const page = await this.ctx.call({ service: 'sagemaker', operation: 'ListMonitoringSchedules', region }, () =>
        this.ctx.sagemaker(region).send(new ListMonitoringSchedulesCommand({ MaxResults: PAGE_SIZE, NextToken: token })),
      );
      if (page.status !== 'ok') return page;
      for (const schedule of page.value.MonitoringScheduleSummaries ?? []) {
        if (!schedule.EndpointName) continue;
        byEndpoint.set(schedule.EndpointName, [...(byEndpoint.get(schedule.EndpointName) ?? []), schedule]);
      }
      token = page.value.NextToken;
    } while (token);
    return { status: 'ok', value: byEndpoint };
  }

  async readEndpoint(region: string, summary: EndpointSummary): Promise<EndpointRecord> {
    const name = summary.EndpointName ?? '';
    const resourceId = summary.EndpointArn ?? name;
    const sagemaker = this.ctx.sagemaker(region);
    const endpoint = await this.ctx.call({ service: 'sagemaker', operation: 'DescribeEndpoint', resourceId, region }, () =>
      sagemaker.send(new DescribeEndpointCommand({ EndpointName: name })),
    );
    if (endpoint.status !== 'ok' || !endpoint.value.EndpointConfigName) {
      const failed: Read<DescribeEndpointOutput> =
        endpoint.status === 'ok'
          ? this.ctx.fail({ service: 'sagemaker', operation: 'DescribeEndpoint', resourceId, region }, 'MalformedResponse', 'DescribeEndpoint returned no EndpointConfigName')
          : endpoint;
      return { region, summary, endpoint: failed, config: null, models: new Map() };
    }
    const configName = endpoint.value.EndpointConfigName;
    const config = await this.configs.get(`${region}|${configName}`, () =>
      this.ctx.call({ service: 'sagemaker', operation: 'DescribeEndpointConfig', resourceId: configName, region }, () =>
        sagemaker.send(new DescribeEndpointConfigCommand({ EndpointConfigName: configName })),
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
              await this.models.get(`${region}|${modelName}`, () =>
                this.ctx.call({ service: 'sagemaker', operation: 'DescribeModel', resourceId: modelName, region }, () =>
                  sagemaker.send(new DescribeModelCommand({ ModelName: modelName })),
                ),
              ),
            ] as const,
        ),
      ),
    );
    return { region, summary, endpoint, config, models };
  }
}
