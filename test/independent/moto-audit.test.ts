// Done-means check of the live audit: moto (an AWS-compatible endpoint we did not write) is seeded by boto3
// with compliant, non-compliant and serverless endpoints; `inferguard audit aws` must judge each as expected.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { simulatorClientEnv } from '../../sim/aws/client-env';
import { runCli } from '../bin/cli-harness';
import { startMoto, type RunningMoto } from '../support/moto';

const run = promisify(execFile);

interface ReportFinding {
  controlId: string;
  resourceId: string;
  resourceName: string;
  status: string;
}

let moto: RunningMoto;
let seeded: { key: string; vpc: string; inferenceSecurityGroup: string };
let findings: ReportFinding[];
let gaps: { service: string; operation: string }[];
let code: number;
let stderr: string;

beforeAll(async () => {
  moto = await startMoto();
  const { stdout } = await run('python3', [join(__dirname, 'seed_moto.py'), moto.url]);
  seeded = JSON.parse(stdout);
  // The same fake credentials as for the simulator; the endpoint comes from --endpoint-url.
  const env = simulatorClientEnv(undefined, 'us-east-1');
  Object.assign(process.env, env);
  const result = await runCli(['audit', 'aws', '--endpoint-url', moto.url, '--format', 'json'], { env });
  code = result.code;
  stderr = result.stderr;
  const report = JSON.parse(result.stdout);
  findings = report.findings;
  gaps = report.gaps;
}, 120_000);

afterAll(async () => {
  await moto?.stop();
});

function statusOf(controlId: string, resource: string): string {
  const matches = findings.filter((f) => f.controlId === controlId && (f.resourceName === resource || f.resourceId === resource));
  if (matches.length !== 1) throw new Error(`expected one ${controlId} finding for ${resource}, found ${matches.length}`);
  return matches[0].status;
}

// Expected results per endpoint. Where moto 5.2.1 cannot represent a property the row says so.
const endpointExpectations: Record<string, Record<string, string>> = {
  'fraud-detector': {
    'endpoint-storage-customer-key': 'pass',
    // moto's CreateModel drops EnableNetworkIsolation (DescribeModel always answers false): the API says
    // "not isolated", so the audit must say fail — reporting what the endpoint answers, not what we seeded.
    'model-network-isolation': 'fail',
    'model-private-network': 'pass',
    'endpoint-multiple-instances': 'pass',
    'image-private-registry': 'pass',
    'image-pinned-by-digest': 'pass',
    'data-capture-customer-key': 'pass',
    // moto answers ListMonitoringSchedules with HTTP 500: unreadable, so unknown, never pass.
    'model-monitoring-scheduled': 'unknown',
  },
  'legacy-recommender': {
    'endpoint-storage-customer-key': 'fail',
    'model-network-isolation': 'fail',
    'model-private-network': 'fail',
    'endpoint-multiple-instances': 'fail',
    'image-private-registry': 'pass',
    'image-pinned-by-digest': 'fail',
    'data-capture-customer-key': 'not_applicable',
    'model-monitoring-scheduled': 'unknown',
  },
  'chat-serverless': {
    'endpoint-storage-customer-key': 'pass',
    'model-network-isolation': 'not_applicable',
    'model-private-network': 'not_applicable',
    'endpoint-multiple-instances': 'not_applicable',
    // Serverless images still come from ECR: which account's repository is judged.
    'image-private-registry': 'pass',
    'image-pinned-by-digest': 'pass',
    'data-capture-customer-key': 'not_applicable',
    'model-monitoring-scheduled': 'not_applicable',
  },
};

describe('inferguard audit aws against moto seeded by boto3', () => {
  for (const [endpoint, expectations] of Object.entries(endpointExpectations)) {
    for (const [controlId, status] of Object.entries(expectations)) {
      it(`${endpoint}: ${controlId} is ${status}`, () => {
        expect(statusOf(controlId, endpoint)).toBe(status);
      });
    }
  }

  it('flags no serverless endpoint for VPC or network isolation', () => {
    const serverless = findings.filter((f) => f.resourceName === 'chat-serverless');
    expect(serverless.filter((f) => f.status === 'fail')).toEqual([]);
  });

  it.each([
    ['identity-least-privilege', 'fraud-detector-execution', 'pass'],
    ['identity-least-privilege', 'legacy-execution', 'fail'],
    ['artifact-store-private', 'fraud-models', 'pass'],
    ['artifact-store-tls-only', 'fraud-models', 'pass'],
    ['artifact-store-customer-key', 'fraud-models', 'pass'],
    ['artifact-store-private', 'legacy-models', 'fail'],
    ['artifact-store-tls-only', 'legacy-models', 'fail'],
    ['artifact-store-customer-key', 'legacy-models', 'fail'],
    ['image-repository-scan-on-push', 'fraud-detector', 'pass'],
    ['image-repository-immutable-tags', 'fraud-detector', 'pass'],
    ['image-repository-not-public', 'fraud-detector', 'pass'],
    ['image-repository-scan-on-push', 'legacy-recommender', 'fail'],
    ['image-repository-immutable-tags', 'legacy-recommender', 'fail'],
    ['image-repository-not-public', 'legacy-recommender', 'pass'],
  ])('%s on %s is %s', (controlId, resource, status) => {
    expect(statusOf(controlId, resource)).toBe(status);
  });

  it('judges the shared key, the VPC and the security group', () => {
    expect(statusOf('key-rotation-enabled', seeded.key)).toBe('pass');
    expect(statusOf('key-not-public', seeded.key)).toBe('pass');
    expect(statusOf('endpoint-private-api-path', seeded.vpc)).toBe('pass');
    expect(statusOf('firewall-no-public-ingress', seeded.inferenceSecurityGroup)).toBe('pass');
  });

  it('reads only the key in use, not the unused one', () => {
    expect(findings.some((f) => f.controlId === 'key-rotation-enabled' && f.resourceId !== seeded.key)).toBe(false);
  });

  it('exits 1 for failing findings and says coverage was incomplete', () => {
    expect(code).toBe(1);
    expect(stderr).toMatch(/the audit is also incomplete: \d+ reads? failed/);
    expect(gaps.map((g) => `${g.service}:${g.operation}`)).toContain('sagemaker:ListMonitoringSchedules');
  });
});
