import { defineControl, notApplicable, withFact } from '../control';
import { judgeCustomerKey } from '../keys';
import { artifactStoreUsage, STORE_NOT_USED } from '../usage';

export default defineControl({
  id: 'artifact-store-customer-key',
  title: 'Model artifact stores are encrypted with a customer-managed key',
  severity: 'medium',
  subject: 'artifact-store',
  rationale:
    'With a customer-managed key, reading the model weights takes both storage access and key access, every decryption is logged, and disabling the key cuts off every copy at once. Provider-managed encryption protects against lost disks, not against a principal who can read the store.',
  frameworks: { nist80053r5: ['SC-28', 'SC-12'], mitreAtlas: ['AML.M0012', 'AML.M0005'] },
  perProvider: {
    aws: {
      remediation: {
        iac: 'SecureSageMakerEndpoint: leave `bucket` unset (default: SSE-KMS with `encryptionKey`); CloudFormation: AWS::S3::Bucket.BucketEncryption with SSEAlgorithm aws:kms and KMSMasterKeyID set to a customer key.',
        live: '`aws s3api put-bucket-encryption --bucket <bucket> --server-side-encryption-configuration \'{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"aws:kms","KMSMasterKeyID":"<key ARN>"},"BucketKeyEnabled":true}]}\'`, then re-copy existing objects so they are re-encrypted.',
      },
      equivalents: [{ tool: 'Prowler', id: 's3_bucket_kms_encryption' }],
    },
  },  notApplicableTo: {
    azure: 'Azure ML model stores (the workspace\'s storage account) are not read by the Azure adapters yet, so no storage account is judged.',
    gcp: 'Cloud Storage buckets holding model artifacts are not read by the Google Cloud adapters yet, so no bucket is judged.',
  },

  evaluate: (store, _params, inventory) =>
    artifactStoreUsage(inventory, store) === 'unused'
      ? notApplicable(STORE_NOT_USED)
      : withFact(store.encryptionKeyId, 'default encryption', (keyId, ev) => judgeCustomerKey('default encryption', keyId, inventory, ev)),
});
