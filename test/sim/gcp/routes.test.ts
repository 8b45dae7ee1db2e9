// The Model and BigQuery routes of the GCP simulator over plain HTTP: Model versions by id, alias and
// default (proto3 JSON: an AutoML model carries no containerSpec at all), BigQuery's table and dataset
// answers and its 404 with `errors[].reason`, and 403s for a missing permission.
import { gcpScenarios, startGcpSimulator, type RunningGcpSimulator } from '../../../sim/gcp';

let sim: RunningGcpSimulator;
beforeAll(async () => {
  const world = gcpScenarios.demo.build().world;
  sim = await startGcpSimulator({ ...world, denials: [...world.denials, { permission: 'bigquery.datasets.get', resource: 'projects/ml-dev' }] }, { host: '127.0.0.1', port: 0 });
});
afterAll(() => sim.close());

async function get(path: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${sim.url}${path}`, { headers: { authorization: 'Bearer t' } });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('GCP simulator: Vertex AI models', () => {
  const model = '/v1/projects/111111111111/locations/europe-west4/models/555100';

  it('answers a version by id, by alias and the default version, under the project id or number', async () => {
    for (const path of [`${model}@1`, `${model}@default`, model, '/v1/projects/ml-prod/locations/europe-west4/models/555100@1']) {
      const { status, body } = await get(path);
      expect({ path, status, versionId: body.versionId, image: (body.containerSpec as { imageUri?: string } | undefined)?.imageUri }).toEqual({
        path,
        status: 200,
        versionId: '1',
        image: expect.stringMatching(/^europe-west4-docker\.pkg\.dev\/ml-prod\/serving\/fraud@sha256:/),
      });
    }
  });

  it('omits absent fields: an AutoML model has no containerSpec and no artifactUri', async () => {
    const { body } = await get('/v1/projects/222222222222/locations/us-central1/models/666200@1');
    expect(body).toMatchObject({ modelSourceInfo: { sourceType: 'AUTOML' } });
    expect(Object.keys(body)).not.toEqual(expect.arrayContaining(['containerSpec']));
    expect(Object.keys(body)).not.toEqual(expect.arrayContaining(['artifactUri']));
  });

  it('answers 404 NOT_FOUND for a missing version', async () => {
    const { status, body } = await get(`${model}@9`);
    expect(status).toBe(404);
    expect(body.error).toMatchObject({ code: 404, status: 'NOT_FOUND' });
  });
});

describe('GCP simulator: BigQuery tables and datasets', () => {
  it('answers a dataset with its default key', async () => {
    const { status, body } = await get('/bigquery/v2/projects/ml-prod/datasets/fraud_predictions');
    expect(status).toBe(200);
    expect(body).toMatchObject({ kind: 'bigquery#dataset', id: 'ml-prod:fraud_predictions', datasetReference: { projectId: 'ml-prod', datasetId: 'fraud_predictions' } });
    expect((body.defaultEncryptionConfiguration as { kmsKeyName: string }).kmsKeyName).toMatch(/cryptoKeys\/endpoint$/);
  });

  it('answers a missing table with BigQuery\'s 404 (status and errors[].reason)', async () => {
    const { status, body } = await get('/bigquery/v2/projects/ml-prod/datasets/fraud_predictions/tables/request_response_logging');
    expect(status).toBe(404);
    expect(body.error).toEqual({
      code: 404,
      message: 'Not found: Table ml-prod:fraud_predictions.request_response_logging',
      errors: [{ message: 'Not found: Table ml-prod:fraud_predictions.request_response_logging', domain: 'global', reason: 'notFound' }],
      status: 'NOT_FOUND',
    });
  });

  it('answers 403 PERMISSION_DENIED naming bigquery.datasets.get when the caller lacks it', async () => {
    const { status, body } = await get('/bigquery/v2/projects/ml-dev/datasets/anything');
    expect(status).toBe(403);
    expect(JSON.stringify(body)).toContain('bigquery.datasets.get');
  });
});
