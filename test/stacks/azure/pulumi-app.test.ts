/**
 * @jest-environment-options {"globalsCleanup": "off"}
 */
import * as pulumi from '@pulumi/pulumi';
import { IMAGE, REGISTRY_ID, installMocks, recorded, valueOf } from '../../providers/azure/component/support';

installMocks();
import type * as Program from '../../../stacks/azure/program';
const { runPulumiProgram } = require('../../../stacks/azure/program') as typeof Program;

const MODEL_URI = 'azureml://datastores/workspaceblobstore/paths/models/churn/';

function configure(values: Record<string, string>): pulumi.Config {
  pulumi.runtime.setAllConfig(Object.fromEntries(Object.entries(values).map(([key, value]) => [`inferguard:${key}`, value])));
  return new pulumi.Config('inferguard');
}

beforeEach(() => {
  jest.spyOn(pulumi.log, 'warn').mockImplementation(() => Promise.resolve());
});
afterEach(() => jest.restoreAllMocks());

describe("bin/pulumi-app.ts (Pulumi.yaml's main)", () => {
  it('declares the Azure example from stack config and exports its outputs', async () => {
    configure({ cloud: 'azure', image: IMAGE, containerRegistryId: REGISTRY_ID, modelUri: MODEL_URI, instanceCount: '3' });
    const outputs = require('../../../bin/pulumi-app') as Record<string, pulumi.Output<unknown>>;
    const workspaceId = await valueOf(outputs.workspaceId as pulumi.Output<string>);
    expect(workspaceId).toMatch(/\/providers\/Microsoft\.MachineLearningServices\/workspaces\//);
    expect(await valueOf(outputs.endpointId as pulumi.Output<string>)).toMatch(/\/onlineEndpoints\//);
    expect(outputs.weakenedControls).toEqual([]);
    const group = recorded.find((resource) => resource.type === 'azure-native:resources:ResourceGroup');
    expect(group?.name).toBe('inferguard-inference');
    await valueOf(outputs.deploymentId as pulumi.Output<string>);
    const deployment = recorded.find((resource) => resource.type === 'azure-native:machinelearningservices:OnlineDeployment' && resource.name === 'churn-deployment');
    expect(deployment?.inputs.sku).toEqual({ name: 'Default', capacity: 3 });
    const model = recorded.find((resource) => resource.type === 'azure-native:machinelearningservices:ModelVersion' && resource.name === 'churn-model');
    expect(model?.inputs.properties).toMatchObject({ modelUri: MODEL_URI, modelType: 'custom_model' });
  });

  it('names the missing config key and the command that sets it', () => {
    const config = configure({ cloud: 'azure', modelUri: MODEL_URI });
    expect(() => runPulumiProgram(config)).toThrow('The Azure example needs inferguard:image. Set it with: pulumi config set inferguard:image');
  });

  it('refuses an unknown cloud, listing the known ones', () => {
    const config = configure({ cloud: 'aws' });
    expect(() => runPulumiProgram(config)).toThrow('inferguard:cloud is "aws"; use one of: azure, gcp');
  });
});
