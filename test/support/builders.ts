// Builders for model fixtures: a compliant resource by default, overridden per fixture.
import {
  known,
  unknown,
  evidence,
  type ArtifactStore,
  type Deployment,
  type EncryptionKey,
  type Firewall,
  type Identity,
  type ImageRepository,
  type InferenceEndpoint,
  type Inventory,
  type KeyStore,
  type Network,
  type PolicyStatement,
  type Provider,
  type Resource,
  type Workspace,
} from '../../policies/model';
import { actionFacts, conditionMeaning, normalizePolicyDocument, outboundFromIsolation, sageMakerEndpointAccess } from '../../providers/aws/platform';

export { known, unknown, evidence };

/**
 * Statements of an AWS policy document, read by the AWS adapter's own parser: fixtures write the
 * provider's grammar and get the neutral facts (condition meanings, service-wide actions) it states.
 */
/** A statement as an AWS policy states it, before the adapter adds its neutral facts. */
export type AwsStatement = Omit<PolicyStatement, 'serviceWideActions' | 'handsOffIdentities' | 'identityHandOffActions' | 'conditions'> & {
  readonly conditions: readonly { readonly operator: string; readonly key: string; readonly values: readonly string[] }[];
};

/** The neutral statement the AWS adapter makes of `statement` (condition meanings, service-wide actions, role hand-off). */
export function asAws(statement: AwsStatement): PolicyStatement {
  return {
    ...statement,
    conditions: statement.conditions.map((c) => ({ ...c, meaning: conditionMeaning(c.operator, c.key, c.values) })),
    ...actionFacts(statement),
  };
}

export function awsStatements(origin: string, ...statements: Record<string, unknown>[]): PolicyStatement[] {
  return normalizePolicyDocument({ Statement: statements }, origin);
}

const ev = (path: string, value: unknown) => evidence('fixture', path, value);
const k = <T>(path: string, value: T) => known(value, ev(path, value));

export const ACCOUNT = '111122223333';
export const REGION = 'us-east-1';
export const KEY_ID = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1111aaaa-2222-3333-4444-555566667777`;
export const ROLE_ID = `arn:aws:iam::${ACCOUNT}:role/inference`;
export const BUCKET_ID = 'arn:aws:s3:::models';
export const REPO_ID = `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/models/classifier`;
export const VPC_ID = 'vpc-0abc';
export const SG_ID = 'sg-0abc';
export const IMAGE_DIGEST = 'sha256:' + 'a'.repeat(64);

/** A deployment; an overridden `networkIsolation` also sets the outbound access it means, as the AWS adapters state it. */
export function deployment(overrides: Partial<Deployment> = {}): Deployment {
  const derived = overrides.networkIsolation && !overrides.outbound ? { outbound: outboundFromIsolation(overrides.networkIsolation) } : {};
  return {
    name: 'AllTraffic',
    modelId: `arn:aws:sagemaker:${REGION}:${ACCOUNT}:model/classifier`,
    compute: { kind: 'instance', instanceType: 'ml.m5.xlarge' },
    unsupported: {},
    instanceCount: k('InitialInstanceCount', 2),
    networkIsolation: k('EnableNetworkIsolation', true),
    outbound: k('EnableNetworkIsolation', 'none' as const),
    network: k('VpcConfig', { networkId: VPC_ID, subnetIds: ['subnet-a', 'subnet-b'], firewallIds: [SG_ID] }),
    identityId: k('ExecutionRoleArn', ROLE_ID),
    images: k('PrimaryContainer.Image', [
      {
        uri: `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/models/classifier@${IMAGE_DIGEST}`,
        repositoryId: REPO_ID,
        registry: 'private' as const,
        registryAccount: ACCOUNT,
        digest: IMAGE_DIGEST,
        tag: null,
      },
    ]),
    artifactStoreIds: k('PrimaryContainer.ModelDataUrl', [BUCKET_ID]),
    ...overrides,
    ...derived,
  };
}

/** A serverless deployment with the platform limits SageMaker documents (its images still come from ECR: no private-registry limit). */
export function serverlessDeployment(overrides: Partial<Deployment> = {}): Deployment {
  const reason = 'SageMaker Serverless Inference does not support this feature';
  return deployment({
    compute: { kind: 'serverless', memoryMb: 2048, maxConcurrency: 5 },
    unsupported: {
      'private-network': reason,
      'network-isolation': reason,
      'data-capture': reason,
      'model-monitoring': reason,
      'multiple-instances': reason,
    },
    instanceCount: k('ServerlessConfig', 1),
    networkIsolation: k('EnableNetworkIsolation', false),
    outbound: k('EnableNetworkIsolation', 'open' as const),
    network: k('VpcConfig', null),
    ...overrides,
  });
}

export function endpoint(overrides: Partial<InferenceEndpoint> = {}, provider: Provider = 'aws'): InferenceEndpoint {
  return {
    kind: 'endpoint',
    id: `arn:aws:sagemaker:${REGION}:${ACCOUNT}:endpoint/classifier`,
    name: 'classifier',
    provider,
    region: REGION,
    account: ACCOUNT,
    ...sageMakerEndpointAccess(),
    deployments: k('ProductionVariants', [deployment()]),
    storageKeyId: k('KmsKeyId', KEY_ID),
    dataCapture: k('DataCaptureConfig', { enabled: true, keyId: KEY_ID, destinationStoreId: BUCKET_ID }),
    asyncOutput: k('AsyncInferenceConfig', null),
    monitoringSchedules: k('MonitoringSchedules', 1),
    ...overrides,
  };
}

export function key(overrides: Partial<EncryptionKey> = {}): EncryptionKey {
  return {
    kind: 'key',
    id: KEY_ID,
    name: 'inference-key',
    provider: 'aws',
    region: REGION,
    account: ACCOUNT,
    managedBy: k('KeyMetadata.KeyManager', 'customer' as const),
    enabled: k('KeyMetadata.Enabled', true),
    rotationPeriodDays: k('RotationPeriodInDays', 365),
    policy: k('Policy', awsStatements('default', { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' })),
    ...overrides,
  };
}

export function identity(overrides: Partial<Identity> = {}): Identity {
  return {
    kind: 'identity',
    id: ROLE_ID,
    name: 'inference',
    provider: 'aws',
    account: ACCOUNT,
    statements: k(
      'RolePolicyList',
      awsStatements(
        'inline:model-access',
        { Effect: 'Allow', Action: 's3:GetObject', Resource: `${BUCKET_ID}/models/*` },
        { Effect: 'Allow', Action: 'kms:Decrypt', Resource: KEY_ID },
      ),
    ),
    attachedPolicies: k('AttachedPolicies', []),
    ...overrides,
  };
}

export function artifactStore(overrides: Partial<ArtifactStore> = {}): ArtifactStore {
  return {
    kind: 'artifact-store',
    id: BUCKET_ID,
    name: 'models',
    provider: 'aws',
    region: REGION,
    account: ACCOUNT,
    publicAccessBlocked: k('PublicAccessBlockConfiguration', true),
    policy: k(
      'Policy',
      awsStatements('bucket-policy', {
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [BUCKET_ID, `${BUCKET_ID}/*`],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    ),
    refusesInsecureTransport: k('Policy.Statement[Deny without TLS]', true),
    encryptionKeyId: k('ServerSideEncryptionConfiguration', KEY_ID),
    ...overrides,
  };
}

export function imageRepository(overrides: Partial<ImageRepository> = {}): ImageRepository {
  return {
    kind: 'image-repository',
    id: REPO_ID,
    name: 'models/classifier',
    provider: 'aws',
    region: REGION,
    account: ACCOUNT,
    scanOnPush: k('imageScanningConfiguration.scanOnPush', true),
    tagsImmutable: k('imageTagMutability', true),
    encryptionKeyId: k('encryptionConfiguration.kmsKey', KEY_ID),
    policy: k('policyText', []),
    ...overrides,
  };
}

export function network(overrides: Partial<Network> = {}): Network {
  return {
    kind: 'network',
    id: VPC_ID,
    name: VPC_ID,
    provider: 'aws',
    region: REGION,
    account: ACCOUNT,
    privateEndpoints: k('VpcEndpoints', [
      { service: 'sagemaker.api', type: 'interface' as const, available: true, privateDns: true },
      { service: 'sagemaker.runtime', type: 'interface' as const, available: true, privateDns: true },
    ]),
    ...overrides,
  };
}

export function firewall(overrides: Partial<Firewall> = {}): Firewall {
  return {
    kind: 'firewall',
    id: SG_ID,
    name: 'inference',
    provider: 'aws',
    region: REGION,
    account: ACCOUNT,
    networkId: VPC_ID,
    ingress: k('IpPermissions', [{ protocol: 'tcp', fromPort: 443, toPort: 443, sources: ['sg-0client'] }]),
    ...overrides,
  };
}

/** A key store (no AWS adapter states one yet): soft delete and purge protection on, role-based, private. */
export function keyStore(overrides: Partial<KeyStore> = {}, provider: Provider = 'aws'): KeyStore {
  return {
    kind: 'key-store',
    id: 'key-store/inference',
    name: 'inference',
    provider,
    region: REGION,
    account: ACCOUNT,
    softDelete: k('softDelete', true),
    purgeProtection: k('purgeProtection', true),
    accessModel: k('accessModel', 'role-based' as const),
    publicNetworkAccess: k('publicNetworkAccess', false),
    ...overrides,
  };
}

/** A workspace boundary (no AWS adapter states one yet): private, one approved private endpoint, an enforced perimeter. */
export function workspace(overrides: Partial<Workspace> = {}, provider: Provider = 'aws'): Workspace {
  return {
    kind: 'workspace',
    id: 'workspace/inference',
    name: 'inference',
    provider,
    region: REGION,
    account: ACCOUNT,
    publicNetworkAccess: k('publicNetworkAccess', false),
    privateEndpointConnections: k('privateEndpointConnections', [{ id: 'pe-1', status: 'approved' as const }]),
    servicePerimeters: k('servicePerimeters', [{ id: 'perimeter-1', mode: 'enforced' as const, restrictedServices: ['aiplatform'] }]),
    managedNetworkOutbound: k('managedNetwork.isolationMode', 'approved-only' as const),
    encryptionKeyId: k('encryption.keyVaultProperties.keyIdentifier', KEY_ID),
    ...overrides,
  };
}

export function inventory(...resources: Resource[]): Inventory {
  return { provider: 'aws', source: 'live', scope: { accounts: [ACCOUNT], regions: [REGION] }, resources, gaps: [] };
}

/** A full compliant inventory: one endpoint and everything it uses. */
export function compliantInventory(...extra: Resource[]): Inventory {
  return inventory(endpoint(), key(), identity(), artifactStore(), imageRepository(), network(), firewall(), ...extra);
}
