/**
 * @jest-environment-options {"globalsCleanup":"off"}
 */
import * as pulumi from '@pulumi/pulumi';

const created: Array<{ type: string; inputs: Record<string, unknown> }> = [];
pulumi.runtime.setMocks(
  {
    newResource(args) {
      created.push({ type: args.type, inputs: args.inputs as Record<string, unknown> });
      const state: Record<string, unknown> = { ...args.inputs };
      if (args.type === 'gcp:serviceaccount/account:Account') state.email = `${String(args.inputs.accountId)}@${String(args.inputs.project)}.iam.gserviceaccount.com`;
      return { id: `${args.name}-id`, state };
    },
    call(args) {
      return args.inputs;
    },
  },
  'inferguard',
  'dev',
  false,
);

import { createGcpExample } from '../../../stacks/gcp';

function setConfig(values: Record<string, string>): void {
  pulumi.runtime.setAllConfig(Object.fromEntries(Object.entries(values).map(([k, v]) => [`inferguard:${k}`, v])));
}

function valueOf(output: unknown): Promise<unknown> {
  return new Promise((resolve) => (output as pulumi.Output<unknown>).apply((v) => resolve(v)));
}

describe('createGcpExample', () => {
  beforeEach(() => {
    created.length = 0;
  });

  it('builds the endpoint from the stack settings and exports its names', async () => {
    setConfig({ gcpProject: 'ml-prod', gcpProjectNumber: '123456789012', gcpRegion: 'us-central1', gcpAccessPolicy: 'accessPolicies/42', gcpModelBucket: 'models' });
    const outputs = createGcpExample();
    expect(await valueOf(outputs.servingServiceAccountEmail)).toBe('inferguard-vertex-serving@ml-prod.iam.gserviceaccount.com');
    expect(await valueOf(outputs.endpointId)).toMatch(/^[1-9]\d{9}$/);
    const endpoint = created.find((r) => r.type === 'gcp:vertex/aiEndpoint:AiEndpoint');
    expect(endpoint?.inputs).toMatchObject({ project: 'ml-prod', location: 'us-central1', privateServiceConnectConfig: { enablePrivateServiceConnect: true } });
    const perimeter = created.find((r) => r.type === 'gcp:accesscontextmanager/servicePerimeter:ServicePerimeter');
    expect(perimeter?.inputs).toMatchObject({ parent: 'accessPolicies/42', status: { resources: ['projects/123456789012'] } });
  });

  it('a network setting switches the endpoint to VPC peering', async () => {
    setConfig({ gcpProject: 'ml-prod', gcpProjectNumber: '1', gcpExistingPerimeter: 'accessPolicies/42/servicePerimeters/ml', gcpNetwork: 'projects/1/global/networks/ml' });
    const outputs = createGcpExample();
    await valueOf(outputs.endpointId);
    const endpoint = created.find((r) => r.type === 'gcp:vertex/aiEndpoint:AiEndpoint');
    expect(endpoint?.inputs.network).toBe('projects/1/global/networks/ml');
    expect(endpoint?.inputs.privateServiceConnectConfig).toBeUndefined();
    expect(created.some((r) => r.type === 'gcp:servicenetworking/connection:Connection')).toBe(true);
  });

  it('a missing required setting names the key to set', () => {
    setConfig({ gcpProjectNumber: '1', gcpAccessPolicy: 'accessPolicies/42' });
    expect(() => createGcpExample()).toThrow(/inferguard:gcpProject/);
  });

  it('no perimeter choice is refused with how to choose', () => {
    setConfig({ gcpProject: 'ml-prod', gcpProjectNumber: '1' });
    expect(() => createGcpExample()).toThrow(/servicePerimeter.accessPolicy/);
  });
});
