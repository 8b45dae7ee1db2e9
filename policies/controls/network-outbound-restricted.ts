import { defineControl, fail, notApplicable, pass, withFact } from '../control';

export default defineControl({
  id: 'network-outbound-restricted',
  title: 'The workspace network lets traffic out only to approved destinations',
  severity: 'high',
  subject: 'workspace',
  rationale:
    'Once a workspace uses a managed network, its outbound mode decides where every deployment in it may connect: open outbound lets a compromised model send data anywhere. Approved-only (or no) outbound limits exfiltration to destinations you named. A workspace without a managed network is not applicable: each deployment\'s own egress is then judged by model-network-isolation.',
  frameworks: { nist80053r5: ['SC-7', 'AC-4'], mitreAtlas: ['AML.M0019'] },
  perProvider: {
    azure: {
      remediation: {
        iac: 'SecureAzureMlEndpoint: leave the managed network at its default (`AllowOnlyApprovedOutbound`); Pulumi: machinelearningservices.Workspace.managedNetwork.isolationMode `AllowOnlyApprovedOutbound`.',
        live: '`az ml workspace update --name <workspace> --managed-network allow_only_approved_outbound`, then `az ml workspace provision-network`.',
      },
      equivalents: [{ tool: 'Azure Policy', id: '6ddb1705-c8cf-450e-aa4b-19ad6703c440' }],
    },
    gcp: {
      remediation: {
        iac: 'SecureVertexEndpoint: keep the perimeter\'s egress rules to named projects and methods (default: none); Pulumi: accesscontextmanager.ServicePerimeter.status.egressPolicies limited to named resources.',
        live: '`gcloud access-context-manager perimeters update <perimeter> --set-egress-policies <file>` with rules naming only the destinations inference needs.',
      },
      equivalents: [],
    },
  },
  notApplicableTo: {
    aws: 'SageMaker has no workspace-wide managed network: outbound access is set per model (network isolation, VPC), judged by model-network-isolation and model-private-network.',
  },
  compensatingControls: ['model-network-isolation'],
  evaluate: (workspace) =>
    withFact(workspace.managedNetworkOutbound, 'managed network outbound mode', (outbound, ev) => {
      if (outbound === null) return notApplicable('the workspace has no managed network: each deployment\'s own egress setting applies (model-network-isolation)', ...ev);
      if (outbound === 'none') return pass('the managed network allows no outbound traffic', ...ev);
      if (outbound === 'approved-only') return pass('the managed network allows outbound traffic only to approved destinations', ...ev);
      return fail('the managed network allows outbound traffic to the internet', ...ev);
    }),
});
