import { defineControl, fail, pass, unknownFrom, withFact } from '../control';
import { knownElements } from '../model';

export default defineControl({
  id: 'workspace-private-access',
  title: 'Workspaces are reached only through approved private endpoints',
  severity: 'high',
  subject: 'workspace',
  rationale:
    'The workspace (or project) boundary holds the models, endpoints, keys and credentials of inference. Reachable from the public internet, its control plane is one leaked token away from anyone; with public access disabled and an approved private endpoint, it is reachable only from networks you connected.',
  frameworks: { nist80053r5: ['SC-7', 'AC-4'], mitreAtlas: ['AML.M0019'] },
  perProvider: {
    azure: {
      remediation: {
        iac: 'SecureAzureMlEndpoint: leave the workspace private (default: publicNetworkAccess Disabled, a private endpoint with groupId `amlworkspace` and its private DNS zones); Pulumi: Workspace.publicNetworkAccess `Disabled` and network.PrivateEndpoint with privateLinkServiceConnections to the workspace.',
        live: '`az ml workspace update --name <workspace> --public-network-access Disabled`; `az network private-endpoint create --group-id amlworkspace --private-connection-resource-id <workspace id> ...`, and approve the connection.',
      },
      equivalents: [
        { tool: 'Azure Policy', id: '438c38d2-3772-465a-a9cc-7a6666a275ce' },
        { tool: 'Azure Policy', id: '45e05259-1eb5-4f70-9574-baf73e9d219b' },
        { tool: 'Checkov', id: 'CKV_AZURE_144' },
        { tool: 'PSRule', id: 'Azure.ML.PublicAccess' },
      ],
    },
  },
  notApplicableTo: {
    aws: 'SageMaker has no workspace boundary that takes network access settings: the AWS account is the boundary, and the private path to the APIs is judged by endpoint-private-api-path.',
    gcp: 'A Google Cloud project takes no network access setting and no private endpoint connections: its boundary is the VPC Service Controls perimeter (project-service-perimeter), and each endpoint\'s private path is judged by endpoint-public-access-disabled and model-private-network.',
  },
  evaluate: (workspace) =>
    withFact(workspace.publicNetworkAccess, 'workspace public network access', (open, publicEvidence) => {
      if (open) return fail('the workspace accepts requests from the public internet', ...publicEvidence);
      const fact = workspace.privateEndpointConnections;
      const ev = fact.evidence;
      const connections = knownElements(fact);
      const approved = connections.filter((c) => c.status === 'approved');
      if (approved.length > 0) return pass(`public network access is disabled; ${approved.length} approved private endpoint connection(s)`, ...publicEvidence, ...ev);
      // No approved connection among a partial read proves nothing: the unread ones may be approved.
      if (!fact.known) return unknownFrom(fact, 'private endpoint connections');
      const others = connections.map((c) => `${c.id} (${c.status})`);
      return fail(`public network access is disabled, but no approved private endpoint connection reaches the workspace${others.length > 0 ? `: ${others.join(', ')}` : ''}`, ...publicEvidence, ...ev);
    }),
});
