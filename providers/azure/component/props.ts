import type * as pulumi from '@pulumi/pulumi';
import type {
  DeploymentSettings,
  EndpointSettings,
  KeySettings,
  KeyVaultSettings,
  LoggingSettings,
  NetworkSettings,
  WorkspaceSettings,
} from './defaults';

/** The model the deployment serves; registered as a model version in the workspace. */
export interface ModelSource {
  /** Where the model files are: `azureml://...`, or a blob URL in the workspace's storage account. */
  readonly uri: pulumi.Input<string>;
  /** @default 'model' */
  readonly name?: string;
  /** @default '1' */
  readonly version?: string;
  /** `custom_model`, `mlflow_model` or `triton_model`. @default 'custom_model' */
  readonly type?: 'custom_model' | 'mlflow_model' | 'triton_model';
}

/** An extra role for the endpoint identity, beyond the inference roles the component grants. */
export interface RoleGrant {
  /** A role definition GUID, or its full id (`/subscriptions/.../roleDefinitions/<guid>`). */
  readonly roleDefinitionId: string;
  /** The resource id the role applies to. A subscription or resource-group scope is reported as too broad. */
  readonly scope: pulumi.Input<string>;
  readonly description?: string;
}

export interface SecureAzureMlEndpointProps {
  /** The resource group every resource goes into. */
  readonly resourceGroupName: pulumi.Input<string>;
  /** @default the resource group's location (ARM's default for a missing location) */
  readonly location?: pulumi.Input<string>;
  /** Subscription and tenant ids. @default those of the credentials Pulumi runs with (authorization.getClientConfig) */
  readonly subscriptionId?: pulumi.Input<string>;
  readonly tenantId?: pulumi.Input<string>;

  /**
   * The inference image, pinned by digest: `<registry>/<repository>@sha256:<64 hex>`. A tag is refused:
   * `az acr repository show -n <registry> --image <repo>:<tag> --query digest` prints the digest.
   */
  readonly image: string;
  /**
   * Resource id of the Azure Container Registry holding `image` (required when the image is in an ACR): it
   * becomes the workspace's registry and the endpoint identity gets AcrPull on it alone.
   */
  readonly containerRegistryId?: pulumi.Input<string>;
  readonly model: ModelSource;

  /**
   * Subnet for the workspace's private endpoint (its virtual network is linked to the private DNS zones).
   * @default a new virtual network with one subnet (`network`)
   */
  readonly privateEndpointSubnetId?: pulumi.Input<string>;

  /** Overrides of the secure defaults (see defaults.ts); a weakening override logs an `inferguard:<control-id>` warning. */
  readonly network?: Partial<NetworkSettings>;
  readonly workspace?: Partial<WorkspaceSettings>;
  readonly keyVault?: Partial<KeyVaultSettings>;
  readonly key?: Partial<KeySettings>;
  readonly endpoint?: Partial<EndpointSettings>;
  readonly deployment?: Partial<DeploymentSettings>;
  readonly logging?: Partial<LoggingSettings>;
  /** Extra roles for the endpoint identity; broad ones are reported under identity-least-privilege. */
  readonly additionalRoleAssignments?: readonly RoleGrant[];

  readonly tags?: Readonly<Record<string, string>>;
}
