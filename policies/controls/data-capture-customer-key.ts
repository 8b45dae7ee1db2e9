import { combine, defineControl, fail, notApplicable, withFact, type Judgement } from '../control';
import { judgeCustomerKey } from '../keys';
import type { InferenceEndpoint, Inventory } from '../model';

/** Data capture is not applicable when no deployment of the endpoint can capture (e.g. all serverless). */
function captureUnsupportedReason(endpoint: InferenceEndpoint): string | undefined {
  if (!endpoint.deployments.known || endpoint.deployments.value.length === 0) return undefined;
  const reasons = endpoint.deployments.value.map((d) => d.unsupported['data-capture']);
  return reasons.every((r) => r !== undefined) ? reasons[0] : undefined;
}

function judgeCapture(endpoint: InferenceEndpoint, inventory: Inventory): Judgement {
  const unsupported = captureUnsupportedReason(endpoint);
  if (unsupported) return notApplicable(`data capture: ${unsupported}`);
  return withFact(endpoint.dataCapture, 'data capture configuration', (capture, ev) =>
    capture.enabled ? judgeCustomerKey('captured data', capture.keyId, inventory, ev) : notApplicable('data capture is off', ...ev),
  );
}

function judgeAsyncOutput(endpoint: InferenceEndpoint, inventory: Inventory): Judgement {
  return withFact(endpoint.asyncOutput, 'asynchronous inference output configuration', (output, ev) => {
    if (output === null) return notApplicable('the endpoint is not asynchronous', ...ev);
    if (output.keyId === null) return fail('asynchronous inference output has no customer key (provider-managed encryption)', ...ev);
    return judgeCustomerKey('asynchronous inference output', output.keyId, inventory, ev);
  });
}

export default defineControl({
  id: 'data-capture-customer-key',
  title: 'Captured requests and asynchronous outputs are encrypted with a customer-managed key',
  severity: 'medium',
  subject: 'endpoint',
  rationale:
    'Data capture (SageMaker data capture, Vertex AI request/response logging to BigQuery) and asynchronous inference write real requests and predictions — often personal or confidential data — to storage. A customer-managed key keeps that copy under your key policy and audit trail. Neither is checked by other tools. Deployments that cannot capture (serverless) make the capture part not applicable.',
  frameworks: { nist80053r5: ['SC-28', 'SC-12'], mitreAtlas: ['AML.M0012'] },
  perProvider: {
    aws: {
      remediation: {
        iac: 'SecureSageMakerEndpoint: leave `dataCapture` on (default): it is always written with `encryptionKey`; CloudFormation: AWS::SageMaker::EndpointConfig.DataCaptureConfig.KmsKeyId and, for asynchronous endpoints, AsyncInferenceConfig.OutputConfig.KmsKeyId.',
        live: 'Create a new endpoint config with `--data-capture-config KmsKeyId=<customer key>,...` and/or `--async-inference-config OutputConfig={KmsKeyId=<customer key>,...}`, then `aws sagemaker update-endpoint`.',
      },
      equivalents: [],
    },
    gcp: {
      remediation: {
        iac: 'SecureVertexEndpoint: leave `requestLogging.bigqueryDestination` unset (default: a logging dataset whose default key is the endpoint key); Pulumi: gcp.bigquery.Dataset.defaultEncryptionConfiguration.kmsKeyName (or the table\'s encryptionConfiguration) set to a Cloud KMS key.',
        live: 'Before the first request is logged: `bq update --default_kms_key <key name> <project>:<dataset>`; for an existing logging table, copy it into a table created with `--destination_kms_key <key name>` and point `predictRequestResponseLoggingConfig.bigqueryDestination.outputUri` at it.',
      },
      equivalents: [],
    },
  },  notApplicableTo: {
    azure: 'Model data collection writes to the workspace\'s default storage, encrypted with the workspace key (judged by workspace-customer-key); managed online endpoints have no asynchronous output.',
  },

  evaluate: (endpoint, _params, inventory) => combine([judgeCapture(endpoint, inventory), judgeAsyncOutput(endpoint, inventory)]),
});
