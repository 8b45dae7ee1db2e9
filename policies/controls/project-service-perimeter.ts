import { z } from 'zod';
import { defineControl, fail, pass, unknownFrom } from '../control';
import { knownElements } from '../model';

export default defineControl({
  id: 'project-service-perimeter',
  title: 'An enforced service perimeter restricts the inference APIs around the project',
  severity: 'high',
  subject: 'workspace',
  parameters: z.strictObject({
    requiredServices: z
      .array(z.string().min(1))
      .optional()
      .describe('Services (provider-neutral names, as the adapter states them) an enforced perimeter must restrict.'),
  }),
  rationale:
    'A service perimeter stops data leaving the project through the provider\'s own APIs, even with valid credentials: a stolen token cannot copy models or predictions to a project outside it. A dry-run perimeter only logs what it would block, so it protects nothing. A perimeter that could not be read is unknown, never a pass.',
  frameworks: { nist80053r5: ['SC-7', 'AC-4'], mitreAtlas: ['AML.M0019', 'AML.M0005'] },
  perProvider: {
    gcp: {
      remediation: {
        iac: 'SecureVertexEndpoint: leave `servicePerimeter` at its default (an enforced perimeter around the project restricting aiplatform.googleapis.com, storage and KMS) or attach to an existing one; Pulumi: accesscontextmanager.ServicePerimeter.status { resources: ["projects/NUMBER"], restrictedServices: ["aiplatform.googleapis.com", ...] }.',
        live: '`gcloud access-context-manager perimeters update <perimeter> --policy <policy> --add-resources projects/<number> --add-restricted-services aiplatform.googleapis.com`; promote a dry-run configuration with `gcloud access-context-manager perimeters dry-run enforce <perimeter>`.',
      },
      defaults: { requiredServices: ['aiplatform'] },
      equivalents: [],
    },
  },
  notApplicableTo: {
    aws: 'AWS has no service perimeter around an account\'s APIs; data perimeters are built from endpoint and organization policies (see endpoint-private-api-path).',
    azure: 'Azure has no service perimeter for Azure Machine Learning; the workspace boundary is its private endpoints and public network access, judged by workspace-private-access.',
  },
  evaluate: (workspace, params) => {
    const fact = workspace.servicePerimeters;
    const ev = fact.evidence;
    const perimeters = knownElements(fact);
    const restricts = (services: readonly string[]) => params.requiredServices.every((s) => services.includes(s));
    const enforced = perimeters.filter((p) => p.mode === 'enforced' && restricts(p.restrictedServices));
    // One enforced perimeter protects the project whatever the unread ones say; its absence among a partial read proves nothing.
    if (enforced.length > 0) return pass(`enforced perimeter ${enforced.map((p) => p.id).join(', ')} restricts ${params.requiredServices.join(', ')}`, ...ev);
    if (!fact.known) return unknownFrom(fact, 'service perimeters');
    const dryRun = perimeters.filter((p) => p.mode === 'dry-run' && restricts(p.restrictedServices));
    if (dryRun.length > 0) {
      return fail(`only a dry-run perimeter restricts ${params.requiredServices.join(', ')} (${dryRun.map((p) => p.id).join(', ')}): it logs violations but blocks nothing`, ...ev);
    }
    if (perimeters.length > 0) return fail(`no perimeter around the project restricts ${params.requiredServices.join(', ')} (${perimeters.map((p) => p.id).join(', ')})`, ...ev);
    return fail('no service perimeter includes the project', ...ev);
  },
});
