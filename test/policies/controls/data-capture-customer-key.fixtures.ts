import { BUCKET_ID, endpoint, evidence, KEY_ID, known, serverlessDeployment } from '../../support/builders';
import type { ControlFixture } from '../../support/fixtures';
import { awsManagedAlias, denied, fixture } from '../scenario';
import { cloudEndpoint, cloudFixture, forbidden } from '../clouds';

const capture = (enabled: boolean, keyId: string | null) => {
  const value = { enabled, keyId, destinationStoreId: enabled ? BUCKET_ID : null };
  return known(value, evidence('fixture', 'DataCaptureConfig', value));
};
const asyncOutput = (value: { keyId: string | null } | null) => known(value, evidence('fixture', 'AsyncInferenceConfig', value));

const fixtures: ControlFixture[] = [
  fixture('capture encrypted with a customer key', endpoint(), 'pass', { messageIncludes: 'captured data uses customer key' }),
  fixture('capture on without a key', endpoint({ dataCapture: capture(true, null) }), 'fail', { messageIncludes: 'captured data' }),
  fixture('capture with the provider-managed alias', endpoint({ dataCapture: capture(true, 'alias/aws/s3') }), 'fail', { keyReferences: [awsManagedAlias('alias/aws/s3')] }),
  fixture('async output without a key', endpoint({ dataCapture: capture(false, null), asyncOutput: asyncOutput({ keyId: null }) }), 'fail', {
    messageIncludes: 'asynchronous inference output',
  }),
  fixture('async output with a customer key, capture off', endpoint({ dataCapture: capture(false, null), asyncOutput: asyncOutput({ keyId: KEY_ID }) }), 'pass'),
  fixture('good capture does not hide a bad async output', endpoint({ asyncOutput: asyncOutput({ keyId: null }) }), 'fail'),
  fixture('neither capture nor async output', endpoint({ dataCapture: capture(false, null) }), 'not_applicable', { messageIncludes: 'data capture is off' }),
  fixture('serverless cannot capture', endpoint({ deployments: known([serverlessDeployment()]), dataCapture: capture(true, null) }), 'not_applicable', {
    messageIncludes: 'Serverless Inference does not support',
  }),
  fixture('capture configuration could not be read', endpoint({ dataCapture: denied('sagemaker:DescribeEndpointConfig', 'DataCaptureConfig') }), 'unknown'),
  fixture('async configuration could not be read', endpoint({
    dataCapture: capture(false, null),
    asyncOutput: denied('sagemaker:DescribeEndpointConfig', 'AsyncInferenceConfig'),
  }), 'unknown'),
];

const bigqueryLog = (keyId: string | null) =>
  cloudEndpoint('gcp', {
    dataCapture: known(
      { enabled: true, keyId, destinationStoreId: null, otherDestination: { kind: 'table' as const, id: 'bq://ml-prod.logs' } },
      evidence('bigquery:datasets.get', 'defaultEncryptionConfiguration.kmsKeyName', keyId),
    ),
  });
fixtures.push(
  cloudFixture('BigQuery logging table under the endpoint key', cloudEndpoint('gcp'), 'pass'),
  cloudFixture('BigQuery logging table with Google-managed encryption', bigqueryLog(null), 'fail', { messageIncludes: 'provider-managed' }),
  cloudFixture('logging table and dataset unreadable', cloudEndpoint('gcp', { dataCapture: forbidden('gcp', 'encryptionConfiguration.kmsKeyName') }), 'unknown'),
  cloudFixture('logging off', cloudEndpoint('gcp', { dataCapture: known({ enabled: false, keyId: null, destinationStoreId: null }) }), 'not_applicable'),
);

export default fixtures;
