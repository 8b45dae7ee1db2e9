// The CrossGuard policies generated from a baseline, run as Pulumi would run them (validateStack with the stack's
// resources), without the Pulumi CLI and without constructing a PolicyPack.
import type { PolicyResource, StackValidationArgs } from '@pulumi/policy';
import { z } from 'zod';
import { azurePolicies } from '../../../../providers/azure/pulumi/policy-pack';
import { defineControl } from '../../../../policies/control';
import { allControls } from '../../../../policies/controls/index';
import type { Baseline } from '../../../../policies/evaluate';
import { compliantScenario, nonCompliantScenario, type AzureScenario } from '../../../../sim/azure';
import { stackExport, type Json } from './stack-export';

// A stand-in control with an Azure block: the generator is tested on its own, whatever controls the baseline holds.
const keyAuthRefused = defineControl({
  id: 'fixture-no-static-keys',
  title: 'Endpoints accept no static keys',
  severity: 'high',
  rationale: 'fixture',
  subject: 'endpoint',
  parameters: z.object({}),
  frameworks: { nist80053r5: [], mitreAtlas: [] },
  perProvider: { azure: { remediation: { iac: 'authMode: AADToken', live: 'az ml online-endpoint update' }, equivalents: [] } },
  evaluate: (endpoint) =>
    !endpoint.callerAuthentication.known
      ? { status: 'unknown', message: endpoint.callerAuthentication.reason, evidence: [] }
      : endpoint.callerAuthentication.value === 'static-key'
        ? { status: 'fail', message: `${endpoint.name} accepts static keys`, evidence: endpoint.callerAuthentication.evidence }
        : { status: 'pass', message: `${endpoint.name} accepts no static keys`, evidence: endpoint.callerAuthentication.evidence },
});
const baseline: Baseline = { name: 'fixture', entries: [{ control: keyAuthRefused, parameters: {}, severity: 'high' }] };

function stackArgs(scenario: AzureScenario): StackValidationArgs {
  const states = (stackExport(scenario) as { deployment: { resources: (Json & { urn: string; type: string; inputs: Json; outputs: Json })[] } }).deployment.resources;
  // A preview's view: the inputs, with nothing deployed yet.
  const resources: PolicyResource[] = states.map((state) => ({ type: state.type, urn: state.urn, name: state.urn.split('::').pop() ?? '', props: state.inputs, opts: {}, dependencies: [], propertyDependencies: {}, isType: () => false, asType: () => undefined }) as unknown as PolicyResource);
  return { resources, getConfig: () => ({}) } as unknown as StackValidationArgs;
}

async function violations(scenario: AzureScenario, options: Parameters<typeof azurePolicies>[0] = { baseline }): Promise<{ policy: string; message: string; urn?: string }[]> {
  const found: { policy: string; message: string; urn?: string }[] = [];
  for (const policy of azurePolicies(options)) {
    await policy.validateStack(stackArgs(scenario), (message, urn) => found.push({ policy: policy.name, message, ...(urn ? { urn } : {}) }));
  }
  return found;
}

describe('azurePolicies', () => {
  it('has one mandatory policy per baseline control that judges Azure', () => {
    expect(azurePolicies({ baseline }).map((p) => [p.name, p.enforcementLevel])).toEqual([['fixture-no-static-keys', 'mandatory']]);
    expect(azurePolicies().map((p) => p.name).sort()).toEqual(allControls.filter((c) => c.providers.includes('azure')).map((c) => c.id).sort());
  });

  it('reports the key-auth endpoint of a plan at its URN, and nothing for the compliant plan', async () => {
    expect(await violations(nonCompliantScenario())).toEqual([
      { policy: 'fixture-no-static-keys', message: 'fraud accepts static keys [fixture-no-static-keys]', urn: expect.stringContaining('OnlineEndpoint::fraud') },
    ]);
    expect(await violations(compliantScenario())).toEqual([]);
  });

  it('honours the same waivers as the CLI, until they expire', async () => {
    const waiver = { id: 'W-1', control: 'fixture-no-static-keys', resource: 'fraud', reason: 'migrating to Entra ID', approvedBy: 'ciso@example.com', expires: '2026-06-30' };
    expect(await violations(nonCompliantScenario(), { baseline, waivers: [waiver], now: () => new Date('2026-06-01T00:00:00Z') })).toEqual([]);
    expect(await violations(nonCompliantScenario(), { baseline, waivers: [waiver], now: () => new Date('2026-07-01T00:00:00Z') })).toHaveLength(1);
  });
});
