// Provider resource types for each model kind, so reports speak the provider's own names.
import type { Provider, ResourceKind } from '../../policies/model';

export const RESOURCE_TYPES: Readonly<Record<Provider, Readonly<Record<ResourceKind, string>>>> = {
  aws: {
    endpoint: 'AWS::SageMaker::Endpoint',
    key: 'AWS::KMS::Key',
    identity: 'AWS::IAM::Role',
    'artifact-store': 'AWS::S3::Bucket',
    'image-repository': 'AWS::ECR::Repository',
    network: 'AWS::EC2::VPC',
    firewall: 'AWS::EC2::SecurityGroup',
    'key-store': 'AWS::KMS::CustomKeyStore',
    workspace: 'AWS::Account',
  },
  azure: {
    endpoint: 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints',
    key: 'Microsoft.KeyVault/vaults/keys',
    identity: 'Microsoft.ManagedIdentity/userAssignedIdentities',
    'artifact-store': 'Microsoft.Storage/storageAccounts',
    'image-repository': 'Microsoft.ContainerRegistry/registries',
    network: 'Microsoft.Network/virtualNetworks',
    firewall: 'Microsoft.Network/networkSecurityGroups',
    'key-store': 'Microsoft.KeyVault/vaults',
    workspace: 'Microsoft.MachineLearningServices/workspaces',
  },
  gcp: {
    endpoint: 'aiplatform.googleapis.com/Endpoint',
    key: 'cloudkms.googleapis.com/CryptoKey',
    identity: 'iam.googleapis.com/ServiceAccount',
    'artifact-store': 'storage.googleapis.com/Bucket',
    'image-repository': 'artifactregistry.googleapis.com/Repository',
    network: 'compute.googleapis.com/Network',
    firewall: 'compute.googleapis.com/Firewall',
    'key-store': 'cloudkms.googleapis.com/KeyRing',
    workspace: 'cloudresourcemanager.googleapis.com/Project',
  },
};

export function resourceType(provider: Provider, kind: ResourceKind): string {
  return RESOURCE_TYPES[provider][kind];
}
