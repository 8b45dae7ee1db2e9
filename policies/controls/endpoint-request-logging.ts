import { defineControl, fail, pass, withFact } from '../control';
import { mapFact, type Fact, type InferenceEndpoint, type RequestLogging } from '../model';

/** The endpoint's request logging; where the adapter states none, its data capture is that logging. */
function loggingOf(endpoint: InferenceEndpoint): Fact<RequestLogging> {
  return (
    endpoint.requestLogging ??
    mapFact(endpoint.dataCapture, (capture) => ({
      enabled: capture.enabled,
      content: capture.enabled ? ('payloads' as const) : null,
      destination: capture.otherDestination ?? null,
    }))
  );
}

export default defineControl({
  id: 'endpoint-request-logging',
  title: 'Endpoint invocations are logged',
  severity: 'low',
  subject: 'endpoint',
  rationale:
    'Without a record of who called the model with what, abuse (model extraction, prompt probing, data exfiltration through predictions) cannot be detected or investigated afterwards, and drift cannot be measured on real traffic.',
  frameworks: { nist80053r5: ['AU-12', 'SI-4'], mitreAtlas: ['AML.M0024'] },
  perProvider: {
    azure: {
      remediation: {
        iac: 'SecureAzureMlEndpoint: leave request logging on (default); Pulumi: OnlineDeployment.properties.dataCollector.collections (model_inputs, model_outputs) enabled, or a diagnostic setting on the endpoint sending AmlOnlineEndpointTrafficLog to a Log Analytics workspace.',
        live: '`az monitor diagnostic-settings create --resource <endpoint id> --name inference-traffic --workspace <log analytics id> --logs \'[{"category":"AmlOnlineEndpointTrafficLog","enabled":true}]\'`.',
      },
      equivalents: [],
    },
    gcp: {
      remediation: {
        iac: 'SecureVertexEndpoint: leave `requestResponseLogging` on (default: to BigQuery); Pulumi: vertex.AiEndpoint.predictRequestResponseLoggingConfig { enabled: true, samplingRate, bigqueryDestination }.',
        live: 'Update the endpoint with `predictRequestResponseLoggingConfig.enabled: true` and a BigQuery destination (`endpoints.patch` with updateMask predict_request_response_logging_config).',
      },
      equivalents: [],
    },
  },
  notApplicableTo: {
    aws: 'SageMaker logs requests and responses through data capture, whose protection is judged by data-capture-customer-key; invocations themselves are recorded by CloudTrail data events, an account setting outside the endpoint.',
  },
  evaluate: (endpoint) =>
    withFact(loggingOf(endpoint), 'request logging', (logging, ev) => {
      if (!logging.enabled) return fail('invocations are not logged', ...ev);
      const where = logging.destination ? ` to ${logging.destination.kind} ${logging.destination.id}` : '';
      return pass(`invocations are logged${logging.content ? ` (${logging.content})` : ''}${where}`, ...ev);
    }),
});
