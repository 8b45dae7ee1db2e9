import { defineControl, fail, pass, withFact } from '../control';

export default defineControl({
  id: 'endpoint-public-access-disabled',
  title: 'Inference endpoints are not reachable from the public internet',
  severity: 'high',
  subject: 'endpoint',
  rationale:
    'An endpoint that accepts invocations from the public internet can be probed, scraped and attacked by anyone who learns its address, whatever its workspace or project allows. Judged per endpoint, on its own network setting: a private workspace does not make a public endpoint private.',
  frameworks: { nist80053r5: ['SC-7', 'AC-4'], mitreAtlas: ['AML.M0019'] },
  perProvider: {
    azure: {
      remediation: {
        iac: 'SecureAzureMlEndpoint: leave `publicNetworkAccess` at its default (Disabled); Pulumi: machinelearningservices.OnlineEndpoint.properties.publicNetworkAccess `Disabled`.',
        live: '`az ml online-endpoint update --name <endpoint> --workspace-name <workspace> --resource-group <group> --set public_network_access=disabled`.',
      },
      equivalents: [],
    },
    gcp: {
      remediation: {
        iac: 'SecureVertexEndpoint: leave `privateAccess` at its default (Private Service Connect) or use VPC peering; Pulumi: vertex.AiEndpoint.privateServiceConnectConfig or .network, never a dedicated public endpoint without them.',
        live: 'An endpoint\'s access path cannot be changed: create a private one (`gcloud ai endpoints create` with a Private Service Connect config or `--network`), redeploy the models to it, move the traffic, delete the public one.',
      },
      equivalents: [{ tool: 'Checkov', id: 'CKV2_GCP_33' }],
    },
  },
  notApplicableTo: {
    aws: 'SageMaker endpoints have no network access setting: invocations always go through the public SageMaker Runtime API, authorized by IAM; the private path to it is judged by endpoint-private-api-path.',
  },
  compensatingControls: ['endpoint-private-api-path'],
  evaluate: (endpoint) =>
    withFact(endpoint.publicNetworkAccess, 'public network access', (open, ev) =>
      open ? fail('the endpoint accepts invocations from the public internet', ...ev) : pass('public network access is disabled: the endpoint is reachable only privately', ...ev),
    ),
});
