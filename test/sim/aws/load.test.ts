import { Agent, request } from 'node:http';
import { generateAwsScenario } from '../../../sim/aws';
import { useSimulator } from './simulator';

const REQUESTS = 10_000;

describe('load', () => {
  const sim = useSimulator(() => generateAwsScenario({ endpoints: 2000, regions: ['us-east-1', 'eu-west-1'] }), { latencyMs: 25 });

  it(`answers ${REQUESTS.toLocaleString('en-US')} overlapping calls with latency, every one of them`, async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1000 });
    const url = new URL(sim().url);
    const describe = (index: number): Promise<number> =>
      new Promise((resolve, reject) => {
        const name = `endpoint-${String(index % 2000).padStart(6, '0')}`;
        const region = index % 2 === 0 ? 'us-east-1' : 'eu-west-1';
        const req = request(
          {
            host: url.hostname,
            port: url.port,
            method: 'POST',
            path: '/',
            agent,
            headers: {
              authorization: `AWS4-HMAC-SHA256 Credential=AKIDSIMULATOR/20250101/${region}/sagemaker/aws4_request, SignedHeaders=host, Signature=0`,
              'x-amz-target': 'SageMaker.DescribeEndpoint',
              'content-type': 'application/x-amz-json-1.1',
            },
          },
          (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          },
        );
        req.on('error', reject);
        req.end(JSON.stringify({ EndpointName: name }));
      });
    try {
      const statuses = await Promise.all(Array.from({ length: REQUESTS }, (_, i) => describe(i)));
      expect(statuses.filter((s) => s === 200)).toHaveLength(REQUESTS);
      expect(sim().calls()).toHaveLength(REQUESTS);
    } finally {
      agent.destroy();
    }
  }, 120_000);
});
