// What the SageMaker reader keeps of each description: only the fields endpoint facts are built from.
import { AuditContext } from '../../../../providers/aws/live/context';
import { SageMakerReader } from '../../../../providers/aws/live/sagemaker';
import { startAwsSimulator } from '../../../../sim/aws/index';
import { US, richScenario } from './scenario';
import { isolateAwsEnvironment } from './support';

isolateAwsEnvironment();

type Simulator = Awaited<ReturnType<typeof startAwsSimulator>>;

let sim: Simulator;
let ctx: AuditContext;
beforeAll(async () => {
  sim = await startAwsSimulator(richScenario());
});
beforeEach(() => {
  ctx = new AuditContext({ maxAttempts: 1, endpointUrl: sim.url }, 4);
});
afterEach(() => ctx.destroy());
afterAll(async () => {
  await sim.close();
});

async function listed(reader: SageMakerReader) {
  const pages = [];
  for await (const page of reader.endpointPages(US)) pages.push(page);
  return pages.flat();
}

it('keeps only the config and model fields facts are built from, not ARNs, dates or $metadata', async () => {
  const reader = new SageMakerReader(ctx);
  const summaries = await listed(reader);
  const records = await Promise.all(summaries.map((summary) => reader.readEndpoint(US, summary)));
  const configFields = new Set(['ProductionVariants', 'ShadowProductionVariants', 'VpcConfig', 'EnableNetworkIsolation', 'ExecutionRoleArn', 'KmsKeyId', 'DataCaptureConfig', 'AsyncInferenceConfig']);
  const modelFields = new Set(['ModelArn', 'ExecutionRoleArn', 'EnableNetworkIsolation', 'VpcConfig', 'PrimaryContainer', 'Containers']);
  const configs = records.flatMap((r) => (r.config?.status === 'ok' ? [r.config.value] : []));
  const models = records.flatMap((r) => [...r.models.values()].flatMap((m) => (m.status === 'ok' ? [m.value] : [])));
  expect(configs).toHaveLength(summaries.length);
  expect(models.length).toBeGreaterThan(0);
  for (const config of configs) {
    expect(config.ProductionVariants?.length).toBeGreaterThan(0);
    expect(Object.keys(config).filter((k) => !configFields.has(k))).toEqual([]);
  }
  for (const model of models) {
    expect(model.ModelArn).toMatch(/^arn:aws:sagemaker:/);
    expect(Object.keys(model).filter((k) => !modelFields.has(k))).toEqual([]);
  }
});

it('lists endpoints one page at a time, asking for each page once', async () => {
  const reader = new SageMakerReader(ctx);
  sim.resetCalls();
  const summaries = await listed(reader);
  expect(summaries.length).toBeGreaterThan(0);
  expect(new Set(summaries.map((s) => s.EndpointName)).size).toBe(summaries.length);
  expect(sim.calls().filter((c) => c.operation === 'ListEndpoints')).toHaveLength(1);
});
