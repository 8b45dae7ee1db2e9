import { awsScenarios, buildDemoScenario, generateAwsScenario } from '../../../sim/aws';
import type { AwsScenario } from '../../../sim/aws/scenario';

/** Every reference an endpoint makes (config, model, role, key, bucket, repository, network) resolves inside the scenario. */
function danglingReferences(scenario: AwsScenario): string[] {
  const problems: string[] = [];
  const roles = new Set(scenario.iam.roles.map((r) => r.role.Arn));
  const buckets = new Map(scenario.s3.buckets.map((b) => [b.name, b]));
  for (const [region, state] of Object.entries(scenario.regions)) {
    const configs = new Map(state.sagemaker.endpointConfigs.map((c) => [c.EndpointConfigName, c]));
    const models = new Map(state.sagemaker.models.map((m) => [m.ModelName, m]));
    const keys = new Set(state.kms.keys.map((k) => k.metadata.Arn));
    const repositories = new Set(state.ecr.repositories.map((r) => r.repository.repositoryUri));
    const groups = new Set(state.ec2.securityGroups.map((g) => g.GroupId));
    const subnets = new Set((state.ec2.subnets ?? []).map((s) => s.SubnetId));
    for (const endpoint of state.sagemaker.endpoints) {
      const config = configs.get(endpoint.EndpointConfigName);
      if (config === undefined) problems.push(`${region}/${String(endpoint.EndpointName)}: no config`);
      for (const keyArn of [config?.KmsKeyId, config?.DataCaptureConfig?.KmsKeyId]) if (keyArn !== undefined && !keys.has(keyArn)) problems.push(`${String(endpoint.EndpointName)}: key ${keyArn}`);
      for (const variant of config?.ProductionVariants ?? []) {
        const model = models.get(variant.ModelName);
        if (model === undefined) {
          problems.push(`${String(endpoint.EndpointName)}: no model ${String(variant.ModelName)}`);
          continue;
        }
        if (!roles.has(model.ExecutionRoleArn)) problems.push(`${String(model.ModelName)}: role ${String(model.ExecutionRoleArn)}`);
        const bucket = /^s3:\/\/([^/]+)\//.exec(model.PrimaryContainer?.ModelDataUrl ?? '')?.[1];
        if (bucket === undefined || !buckets.has(bucket)) problems.push(`${String(model.ModelName)}: bucket ${String(bucket)}`);
        else if (buckets.get(bucket)?.region !== region) problems.push(`${String(model.ModelName)}: bucket ${bucket} in another region`);
        const repository = (model.PrimaryContainer?.Image ?? '').replace(/(@sha256:.*|:[^/:]+)$/, '');
        if (!repositories.has(repository)) problems.push(`${String(model.ModelName)}: repository ${repository}`);
        for (const group of model.VpcConfig?.SecurityGroupIds ?? []) if (!groups.has(group)) problems.push(`${String(model.ModelName)}: group ${group}`);
        for (const subnet of model.VpcConfig?.Subnets ?? []) if (!subnets.has(subnet)) problems.push(`${String(model.ModelName)}: subnet ${subnet}`);
      }
    }
  }
  for (const bucket of scenario.s3.buckets) {
    const target = bucket.logging?.TargetBucket;
    if (target !== undefined && buckets.get(target)?.region !== bucket.region) problems.push(`${bucket.name}: logs to ${target} in another region`);
  }
  return problems;
}

describe('named scenarios', () => {
  it('offer demo and empty, each described', () => {
    expect(Object.keys(awsScenarios)).toEqual(expect.arrayContaining(['demo', 'empty']));
    for (const entry of Object.values(awsScenarios)) expect(entry.description.length).toBeGreaterThan(40);
    expect(awsScenarios.empty.build()).toEqual({ account: '111122223333', regions: {}, iam: { roles: [], managedPolicies: [] }, s3: { buckets: [] } });
  });

  it('describe the demo\'s endpoints by name', () => {
    for (const name of ['fraud-detector', 'legacy-recommender', 'chat-serverless', 'vision-gpu', 'churn-predictor']) expect(awsScenarios.demo.description).toContain(name);
  });
});

describe('the demo scenario', () => {
  const demo = buildDemoScenario();

  it('is account 111122223333 with four endpoints in us-east-1 and one in eu-west-1', () => {
    expect(demo.account).toBe('111122223333');
    expect(demo.regions['us-east-1'].sagemaker.endpoints.map((e) => e.EndpointName)).toEqual(['fraud-detector', 'legacy-recommender', 'chat-serverless', 'vision-gpu']);
    expect(demo.regions['eu-west-1'].sagemaker.endpoints.map((e) => e.EndpointName)).toEqual(['churn-predictor']);
  });

  it('has no dangling reference', () => {
    expect(danglingReferences(demo)).toEqual([]);
  });

  it('builds a fresh copy each time, so one simulator cannot change another\'s seed', () => {
    expect(buildDemoScenario()).toEqual(demo);
    expect(buildDemoScenario()).not.toBe(demo);
  });
});

describe('generateAwsScenario', () => {
  it('spreads endpoints over the regions and shares keys, roles, buckets and repositories among them', () => {
    const scenario = generateAwsScenario({ endpoints: 100, regions: ['us-east-1', 'eu-west-1'], sharedKeys: 3, sharedRoles: 5, sharedBuckets: 4, sharedRepositories: 6, serverlessEvery: 10 });
    const us = scenario.regions['us-east-1'];
    const eu = scenario.regions['eu-west-1'];
    expect(us.sagemaker.endpoints).toHaveLength(50);
    expect(eu.sagemaker.endpoints).toHaveLength(50);
    expect(us.kms.keys).toHaveLength(3);
    expect(us.ecr.repositories).toHaveLength(6);
    expect(scenario.iam.roles).toHaveLength(5);
    expect(scenario.s3.buckets).toHaveLength(4);
    const rolesUsed = new Set([...us.sagemaker.models, ...eu.sagemaker.models].map((m) => m.ExecutionRoleArn));
    expect(rolesUsed.size).toBe(5);
    const serverless = [...us.sagemaker.endpointConfigs, ...eu.sagemaker.endpointConfigs].filter((c) => c.ProductionVariants?.[0]?.ServerlessConfig !== undefined);
    expect(serverless).toHaveLength(10);
    expect(us.ec2.vpcEndpoints.map((e) => e.ServiceName)).toEqual(['com.amazonaws.us-east-1.sagemaker.api', 'com.amazonaws.us-east-1.sagemaker.runtime']);
    expect(danglingReferences(scenario)).toEqual([]);
  });

  it('is deterministic', () => {
    expect(generateAwsScenario({ endpoints: 30 })).toEqual(generateAwsScenario({ endpoints: 30 }));
  });

  it('never puts a volume key on an NVMe instance type', () => {
    const configs = generateAwsScenario({ endpoints: 200 }).regions['us-east-1'].sagemaker.endpointConfigs;
    const gpu = configs.filter((c) => c.ProductionVariants?.[0]?.InstanceType?.startsWith('ml.g5'));
    expect(gpu.length).toBeGreaterThan(0);
    expect(gpu.every((c) => c.KmsKeyId === undefined)).toBe(true);
  });

  it.each([
    [{ endpoints: -1 }, /endpoints must be a whole number of at least 0/],
    [{ endpoints: 1.5 }, /endpoints must be a whole number/],
    [{ endpoints: 1, sharedKeys: 0 }, /sharedKeys must be a whole number of at least 1/],
    [{ endpoints: 1, regions: [] }, /regions must name at least one region/],
  ])('explains a bad option %j', (options, message) => {
    expect(() => generateAwsScenario(options)).toThrow(message);
  });
});
