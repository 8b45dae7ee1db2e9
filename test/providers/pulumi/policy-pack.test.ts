// The one CrossGuard pack generated from a baseline, run as Pulumi would run it (validateStack with the stack's
// resources), without the Pulumi CLI and without constructing a PolicyPack: Azure resources judged by the
// Azure reader and controls, Google Cloud resources by the GCP ones; and the same GCP mistakes reported by
// the pack, by `inferguard scan` of a preview and by the live audit, under the same control ids.
import type { PolicyResource, StackValidationArgs } from '@pulumi/policy';
import { z } from 'zod';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pulumiPolicies } from '../../../providers/pulumi/policy-pack';
import { TYPES as GCP_TYPES } from '../../../providers/gcp/pulumi/index';
import { defineControl } from '../../../policies/control';
import { allControls } from '../../../policies/controls/index';
import type { Baseline } from '../../../policies/evaluate';
import type { Report } from '../../../checker/run';
import { main } from '../../../bin/inferguard';
import { realDeps } from '../../../bin/cli/deps';
import type { CliIo } from '../../../bin/cli/io';
import { registeredProviders, realProviderDeps } from '../../../bin/cli/providers/index';
import { compliantScenario, nonCompliantScenario, type AzureScenario } from '../../../sim/azure';
import { gcpScenarios, startGcpSimulator, type GcpWorld } from '../../../sim/gcp';
import { NOW } from '../../checker/sample-report';
import { scratchDir } from '../../support/scratch';
import { stackExport, type Json } from '../azure/pulumi/stack-export';

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

type State = { urn: string; type: string; inputs: Json };

/** A preview's view of each resource: its inputs, with nothing deployed yet. */
function stackArgsOf(states: readonly State[]): StackValidationArgs {
  const resources: PolicyResource[] = states.map((state) => ({ type: state.type, urn: state.urn, name: state.urn.split('::').pop() ?? '', props: state.inputs, opts: {}, dependencies: [], propertyDependencies: {}, isType: () => false, asType: () => undefined }) as unknown as PolicyResource);
  return { resources, getConfig: () => ({}) } as unknown as StackValidationArgs;
}

function stackArgs(scenario: AzureScenario): StackValidationArgs {
  return stackArgsOf((stackExport(scenario) as { deployment: { resources: (State & { outputs: Json })[] } }).deployment.resources);
}

type Violation = { policy: string; message: string; urn?: string };

async function violationsOf(args: StackValidationArgs, options: Parameters<typeof pulumiPolicies>[0]): Promise<Violation[]> {
  const found: Violation[] = [];
  for (const policy of pulumiPolicies(options)) {
    await policy.validateStack(args, (message, urn) => found.push({ policy: policy.name, message, ...(urn ? { urn } : {}) }));
  }
  return found;
}

const violations = (scenario: AzureScenario, options: Parameters<typeof pulumiPolicies>[0] = { baseline }) => violationsOf(stackArgs(scenario), options);

describe('pulumiPolicies', () => {
  it('has one mandatory policy per baseline control that judges Azure or Google Cloud', () => {
    expect(pulumiPolicies({ baseline }).map((p) => [p.name, p.enforcementLevel])).toEqual([['fixture-no-static-keys', 'mandatory']]);
    expect(pulumiPolicies().map((p) => p.name).sort()).toEqual(allControls.filter((c) => c.providers.includes('azure') || c.providers.includes('gcp')).map((c) => c.id).sort());
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

/** The world's Vertex AI endpoints (and the keys they name) as `pulumi preview --json` shows them: inputs only. */
function gcpPreview(world: GcpWorld): { steps: { op: string; urn: string; newState: State & { custom: boolean } }[] } {
  const project = world.projects[0].projectId;
  const states: (State & { custom: boolean })[] = [
    { urn: 'urn:pulumi:dev::vertex::pulumi:providers:gcp::default', type: 'pulumi:providers:gcp', custom: true, inputs: { project } },
  ];
  for (const { key } of world.cryptoKeys) {
    const [, , , location, , ring, , name] = key.name.split('/');
    states.push({ urn: `urn:pulumi:dev::vertex::gcp:kms/keyRing:KeyRing::${ring}`, type: GCP_TYPES.keyRing, custom: true, inputs: { name: ring, location, project } });
    states.push({ urn: `urn:pulumi:dev::vertex::gcp:kms/cryptoKey:CryptoKey::${name}`, type: GCP_TYPES.cryptoKey, custom: true, inputs: { name, keyRing: key.name.split('/cryptoKeys/')[0], ...(key.rotationPeriod ? { rotationPeriod: key.rotationPeriod } : {}) } });
  }
  for (const endpoint of world.endpoints) {
    const [, , , location, , id] = endpoint.name.split('/');
    states.push({
      urn: `urn:pulumi:dev::vertex::${GCP_TYPES.endpoint}::${String(endpoint.displayName)}`,
      type: GCP_TYPES.endpoint,
      custom: true,
      inputs: {
        name: id,
        displayName: endpoint.displayName as string,
        location,
        project,
        ...(endpoint.encryptionSpec ? { encryptionSpec: endpoint.encryptionSpec as Json } : {}),
        ...(endpoint.dedicatedEndpointEnabled ? { dedicatedEndpointEnabled: true } : {}),
        ...(endpoint.predictRequestResponseLoggingConfig ? { predictRequestResponseLoggingConfig: endpoint.predictRequestResponseLoggingConfig as Json } : {}),
      },
    });
  }
  return { steps: states.map((newState) => ({ op: 'create', urn: newState.urn, newState })) };
}

describe('one pack for Azure and Google Cloud', () => {
  it('judges a GCP stack by the GCP controls and reports each failure at its resource\'s URN', async () => {
    const preview = gcpPreview(gcpScenarios['non-compliant'].build().world);
    const found = await violationsOf(stackArgsOf(preview.steps.map((s) => s.newState)), {});
    const at = (policy: string) => found.filter((v) => v.policy === policy).map((v) => v.urn).sort();
    expect(at('endpoint-public-access-disabled')).toEqual([`urn:pulumi:dev::vertex::${GCP_TYPES.endpoint}::churn-dedicated`, `urn:pulumi:dev::vertex::${GCP_TYPES.endpoint}::churn-public`]);
    expect(at('key-rotation-enabled')).toEqual(['urn:pulumi:dev::vertex::gcp:kms/cryptoKey:CryptoKey::never-rotated', 'urn:pulumi:dev::vertex::gcp:kms/cryptoKey:CryptoKey::yearly']);
    // An Azure-only control does not judge Google Cloud resources.
    expect(found.filter((v) => v.policy === 'workspace-customer-key' && v.urn?.includes('gcp:'))).toEqual([]);
  });

  it('judges each cloud of a mixed stack by its own reader', async () => {
    const azure = (stackExport(nonCompliantScenario()) as { deployment: { resources: State[] } }).deployment.resources;
    const gcp = gcpPreview(gcpScenarios['non-compliant'].build().world).steps.map((s) => s.newState);
    const found = await violationsOf(stackArgsOf([...azure, ...gcp]), {});
    const urns = found.filter((v) => v.policy === 'endpoint-public-access-disabled').map((v) => v.urn ?? '');
    expect(urns.some((u) => u.includes('azure-native:'))).toBe(true);
    expect(urns.some((u) => u.includes('gcp:vertex'))).toBe(true);
  });

  it('reports the same GCP mistakes as `inferguard scan` of the preview and the live audit, under the same control ids', async () => {
    const world = gcpScenarios['non-compliant'].build().world;
    const preview = gcpPreview(world);
    // Controls judged from what the preview declares: the endpoints' access path and the keys' rotation (the
    // storage key is judged per deployed model, and models are deployed outside the preview).
    const declared = ['endpoint-public-access-disabled', 'key-rotation-enabled'];
    const byName = (name: string) => name.split('::').pop() ?? name;

    const packFailures = (await violationsOf(stackArgsOf(preview.steps.map((s) => s.newState)), {}))
      .filter((v) => declared.includes(v.policy))
      .map((v) => `${v.policy} ${byName(v.urn ?? '')}`)
      .sort();

    const io = (env: Record<string, string>) => {
      const out = { stdout: '' };
      const cli: CliIo = { stdout: { write: (t: string) => (out.stdout += t) }, stderr: { write: () => undefined, isTTY: false }, env, cwd: scratchDir('pack-'), now: () => NOW, waitForStop: () => Promise.resolve('SIGINT') };
      return { cli, out };
    };
    const failuresOf = (report: Report, nameOf: (resourceId: string) => string) =>
      report.findings.filter((f) => f.status === 'fail' && declared.includes(f.controlId)).map((f) => `${f.controlId} ${nameOf(f.resourceId)}`).sort();

    const path = join(scratchDir('pack-preview-'), 'preview.json');
    writeFileSync(path, JSON.stringify(preview));
    const scan = io({});
    await main(['scan', path, '--format', 'json', '--quiet'], scan.cli, realDeps(registeredProviders(realProviderDeps())));
    const scanReport = JSON.parse(scan.out.stdout) as Report;

    const sim = await startGcpSimulator(world, { host: '127.0.0.1', port: 0 });
    const audit = io({ GOOGLE_OAUTH_ACCESS_TOKEN: 't' });
    try {
      await main(['audit', 'gcp', '--endpoint-url', sim.url, '--project', 'ml-dev', '--format', 'json', '--quiet'], audit.cli, realDeps(registeredProviders(realProviderDeps())));
    } finally {
      await sim.close();
    }
    const liveReport = JSON.parse(audit.out.stdout) as Report;
    // Resources by their display or key name: endpoint ids differ only in project id vs number.
    const names: Record<string, string> = {
      'projects/222222222222/locations/us-central1/endpoints/2000000001': 'churn-public',
      'projects/222222222222/locations/us-central1/endpoints/2000000002': 'churn-dedicated',
      'projects/ml-dev/locations/us-central1/endpoints/2000000001': 'churn-public',
      'projects/ml-dev/locations/us-central1/endpoints/2000000002': 'churn-dedicated',
    };
    const nameOf = (id: string) => names[id] ?? id.split('/').pop() ?? id;

    expect(packFailures).toEqual([
      'endpoint-public-access-disabled churn-dedicated',
      'endpoint-public-access-disabled churn-public',
      'key-rotation-enabled never-rotated',
      'key-rotation-enabled yearly',
    ]);
    expect(failuresOf(scanReport, nameOf)).toEqual(packFailures);
    // The live audit reads only the keys endpoints name: the never-rotated key is used by none.
    expect(failuresOf(liveReport, nameOf)).toEqual(packFailures.filter((f) => !f.endsWith('never-rotated')));
  });
});
