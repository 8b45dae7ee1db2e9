import { cloudEndpoint, cloudFixture, cloudKey, cloudScenario, forbidden } from '../clouds';
import { ACCOUNT, deployment, endpoint, evidence, key, KEY_ID, known, REGION, serverlessDeployment } from '../../support/builders';
import type { ControlFixture } from '../../support/fixtures';
import { awsManagedAlias, denied, fixture, NVME_UNSUPPORTED, scenario } from '../scenario';

const storageKey = (id: string | null) => known(id, evidence('fixture', 'KmsKeyId', id));
const nvme = deployment({ compute: { kind: 'instance', instanceType: 'ml.g5.xlarge' }, unsupported: NVME_UNSUPPORTED });
const OTHER_KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/9999aaaa-2222-3333-4444-555566667777`;
const providerManagedKey = key({ managedBy: known('provider' as const, evidence('fixture', 'KeyMetadata.KeyManager', 'AWS')) });

const fixtures: ControlFixture[] = [
  fixture('customer key from the inventory', endpoint(), 'pass', { messageIncludes: `customer key ${KEY_ID}` }),
  fixture('a key not in the inventory is unknown, not judged on its id', endpoint({ storageKeyId: storageKey(OTHER_KEY) }), 'unknown', {
    messageIncludes: 'not in the inventory',
  }),
  fixture('no key: provider-managed encryption', endpoint({ storageKeyId: storageKey(null) }), 'fail', { messageIncludes: 'provider-managed' }),
  fixture('the aws/sagemaker alias is provider-managed', endpoint({ storageKeyId: storageKey('alias/aws/sagemaker') }), 'fail', {
    keyReferences: [awsManagedAlias('alias/aws/sagemaker')],
    messageIncludes: 'alias/aws/sagemaker',
  }),
  fixture('a key the inventory says is provider-managed', endpoint(), 'fail', {
    inventory: scenario(providerManagedKey),
    messageIncludes: 'a provider-managed key',
  }),
  fixture('who manages the key could not be read', endpoint(), 'unknown', {
    inventory: scenario(key({ managedBy: denied('kms:DescribeKey', 'KeyMetadata.KeyManager') })),
    messageIncludes: 'who manages key',
  }),
  fixture('key outside allowedKeyIds', endpoint(), 'fail', { parameters: { allowedKeyIds: [OTHER_KEY] }, messageIncludes: 'allowedKeyIds' }),
  fixture('key in allowedKeyIds, named by its key name', endpoint(), 'pass', { parameters: { allowedKeyIds: ['inference-key'] } }),
  fixture('serverless may take a key, and has one', endpoint({ deployments: known([serverlessDeployment()]) }), 'pass'),
  fixture('serverless without a key fails', endpoint({ deployments: known([serverlessDeployment()]), storageKeyId: storageKey(null) }), 'fail'),
  fixture('NVMe instance type cannot take a volume key', endpoint({ deployments: known([nvme]), storageKeyId: storageKey(null) }), 'not_applicable', {
    messageIncludes: 'local storage',
  }),
  fixture(
    'NVMe next to an EBS-backed variant without a key still fails',
    endpoint({ deployments: known([nvme, deployment({ name: 'Shadow' })]), storageKeyId: storageKey(null) }),
    'fail',
    { messageIncludes: 'Shadow: storage is encrypted with a provider-managed key' },
  ),
  fixture('storage key could not be read', endpoint({ storageKeyId: denied('sagemaker:DescribeEndpointConfig', 'KmsKeyId') }), 'unknown', {
    messageIncludes: 'AccessDenied',
  }),
  fixture('deployments could not be read', endpoint({ deployments: denied('sagemaker:DescribeEndpointConfig', 'ProductionVariants') }), 'unknown'),
];

fixtures.push(
  cloudFixture('encryptionSpec names a customer key', cloudEndpoint('gcp'), 'pass'),
  cloudFixture('no encryptionSpec (Google-managed)', cloudEndpoint('gcp', { storageKeyId: known(null) }), 'fail', { messageIncludes: 'provider-managed' }),
  cloudFixture('endpoint unreadable', cloudEndpoint('gcp', { storageKeyId: forbidden('gcp', 'encryptionSpec') }), 'unknown'),
  cloudFixture('key in another region than the endpoint', cloudEndpoint('gcp'), 'fail', {
    inventory: cloudScenario('gcp', cloudKey('gcp', { region: 'europe-west4' })),
    messageIncludes: 'not in the endpoint\'s region us-central1',
  }),
);

export default fixtures;
