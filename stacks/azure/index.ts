// The Azure example: one SecureAzureMlEndpoint in its own resource group, configured from stack config.
// No defaults live here: every secure setting comes from providers/azure/component/defaults.ts.
import * as resources from '@pulumi/azure-native/resources';
import * as pulumi from '@pulumi/pulumi';
import { SecureAzureMlEndpoint } from '../../providers/azure/component';

/** What the Azure example reads from stack config (namespace `inferguard`). */
export interface AzureExampleConfig {
  /** `inferguard:image`: `<registry>.azurecr.io/<repository>@sha256:<digest>`. */
  readonly image: string;
  /** `inferguard:containerRegistryId`: resource id of the registry holding the image. */
  readonly containerRegistryId?: string;
  /** `inferguard:modelUri`: where the model files are (`azureml://...` or a blob URL in the workspace storage). */
  readonly modelUri: string;
  /** `inferguard:resourceGroupName`: an existing resource group; a new one is created when absent. */
  readonly resourceGroupName?: string;
  /** `inferguard:privateEndpointSubnetId`: a subnet of yours for the workspace's private endpoint. */
  readonly privateEndpointSubnetId?: string;
  /** `inferguard:instanceCount` and `inferguard:instanceType`: the deployment's size. */
  readonly instanceCount?: number;
  readonly instanceType?: string;
}

export interface ExampleOutputs {
  readonly [name: string]: pulumi.Input<unknown>;
}

/** Reads the example's settings; a missing required key fails with the command that sets it. */
export function readAzureExampleConfig(config: pulumi.Config): AzureExampleConfig {
  const required = (key: string, example: string): string => {
    const value = config.get(key);
    if (value === undefined || value.trim() === '') {
      throw new Error(`The Azure example needs inferguard:${key}. Set it with: pulumi config set inferguard:${key} ${example}`);
    }
    return value;
  };
  const optional = (key: string): string | undefined => config.get(key) || undefined;
  return {
    image: required('image', "'contoso.azurecr.io/churn-scorer@sha256:<64 hex digits>'"),
    modelUri: required('modelUri', "'azureml://datastores/workspaceblobstore/paths/models/churn/'"),
    containerRegistryId: optional('containerRegistryId'),
    resourceGroupName: optional('resourceGroupName'),
    privateEndpointSubnetId: optional('privateEndpointSubnetId'),
    instanceCount: config.getNumber('instanceCount'),
    instanceType: optional('instanceType'),
  };
}

export function createAzureExample(config: AzureExampleConfig): ExampleOutputs {
  const resourceGroupName = config.resourceGroupName ?? new resources.ResourceGroup('inferguard-inference', {}).name;
  const churn = new SecureAzureMlEndpoint('churn', {
    resourceGroupName,
    image: config.image,
    containerRegistryId: config.containerRegistryId,
    model: { uri: config.modelUri, name: 'churn' },
    privateEndpointSubnetId: config.privateEndpointSubnetId,
    deployment: { instanceCount: config.instanceCount, instanceType: config.instanceType },
  });
  return {
    resourceGroupName,
    workspaceId: churn.workspace.id,
    endpointId: churn.endpoint.id,
    deploymentId: churn.deployment.id,
    keyVaultId: churn.vault.id,
    endpointIdentityId: churn.endpointIdentity.id,
    /** Controls this configuration leaves unmet (also logged as inferguard:<id> warnings). */
    weakenedControls: churn.weakenings.map((weakening) => weakening.control),
  };
}
