import { z } from 'zod';
import { defineControl, fail, judgeDeployments, withFact } from '../control';
import { findKey, judgeCustomerKey } from '../keys';

export default defineControl({
  id: 'endpoint-storage-customer-key',
  title: 'Endpoint storage is encrypted with a customer-managed key',
  severity: 'medium',
  subject: 'endpoint',
  parameters: z.strictObject({
    allowedKeyIds: z
      .array(z.string().min(1))
      .default([])
      .describe('Key ids or ARNs the storage key must be one of; empty allows any customer-managed key.'),
  }),
  rationale:
    'The storage volumes attached to inference instances hold the model artifacts and may cache inputs. A customer-managed key puts access to that data under your key policy and audit trail, and lets you revoke it by disabling the key. The key must be in the endpoint\'s region (the platform cannot use a key from another). NVMe instance types cannot take a volume key (their local storage is hardware-encrypted), so the control is not applicable to them.',
  frameworks: { nist80053r5: ['SC-28', 'SC-12'], mitreAtlas: ['AML.M0012', 'AML.M0005'] },
  perProvider: {
    aws: {
      remediation: {
        iac: 'SecureSageMakerEndpoint: leave `volumeEncryption` at its default (true; omitted automatically for NVMe instance types) and `encryptionKey` at its default (a new customer key) or pass your own; CloudFormation: AWS::SageMaker::EndpointConfig.KmsKeyId.',
        live: 'Endpoint configs are immutable: `aws sagemaker create-endpoint-config --kms-key-id <customer key ARN> ...` with the same variants, then `aws sagemaker update-endpoint --endpoint-config-name <new config>`.',
      },
      equivalents: [
        { tool: 'Prowler', id: 'sagemaker_endpoint_config_kms_encryption_enabled' },
        { tool: 'AWS Config', id: 'sagemaker-endpoint-configuration-kms-key-configured' },
        { tool: 'cdk-nag', id: 'NIST.800.53.R5-SageMakerEndpointConfigurationKMSKeyConfigured' },
        { tool: 'Checkov', id: 'CKV_AWS_98' },
      ],
    },
    gcp: {
      remediation: {
        iac: 'SecureVertexEndpoint: leave `key.customerManaged` on (default); Pulumi: vertex.AiEndpoint.encryptionSpec.kmsKeyName (a key in the endpoint\'s region) and kms.CryptoKeyIAMMember granting the Vertex AI service agent roles/cloudkms.cryptoKeyEncrypterDecrypter.',
        live: 'The encryption spec of an endpoint cannot be changed: create a new endpoint with `--encryption-kms-key-name <key>` (`gcloud ai endpoints create`), redeploy the models to it, and move the traffic.',
      },
      equivalents: [{ tool: 'Checkov', id: 'CKV2_GCP_24' }],
    },
  },
  compensatingControls: ['artifact-store-customer-key', 'data-capture-customer-key', 'workspace-customer-key'],
  notApplicableTo: {
    azure: 'Azure ML online endpoints take no key of their own: the workspace\'s customer key (properties.encryption.keyVaultProperties) encrypts their data, judged by workspace-customer-key.',
  },
  evaluate: (endpoint, params, inventory) =>
    judgeDeployments(
      endpoint.deployments,
      () =>
        withFact(endpoint.storageKeyId, 'storage key', (keyId, ev) => {
          const judged = judgeCustomerKey('storage', keyId, inventory, ev, params.allowedKeyIds);
          // The platform can only use a key in the endpoint's own region; a key elsewhere is a broken configuration.
          const key = keyId === null ? undefined : findKey(inventory, keyId);
          if (judged.status === 'pass' && key?.region && endpoint.region && key.region !== endpoint.region) {
            return fail(`storage key ${key.id} is in region ${key.region}, not in the endpoint's region ${endpoint.region}`, ...judged.evidence);
          }
          return judged;
        }),
      'volume-encryption',
    ),
});
