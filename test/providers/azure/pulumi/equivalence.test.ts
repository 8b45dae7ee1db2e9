// One scenario three ways: as ARM responses read by the live readers, as a `pulumi stack export` and as a
// `pulumi preview --json` of the same resources. Export and live must state the same facts; the preview states
// the same where its inputs are known and unknown (with the reason) where Pulumi knows values only after deployment.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { collectAzureInventory } from '../../../../providers/azure/live/index';
import { PULUMI_TYPES, PULUMI_UNKNOWN, isPulumiFile, readPulumiDocument, readPulumiFile } from '../../../../providers/azure/pulumi/index';
import { resourcesOfKind, type Inventory, type Resource } from '../../../../policies/model';
import { compliantScenario, demoScenario, nonCompliantScenario, startAzureSimulator, type AzureScenario } from '../../../../sim/azure';
import { stackExport } from './stack-export';
import { scratchDir } from '../../../support/scratch';

type Json = Record<string, unknown>;

/**
 * The facts without where they came from (evidence names ARM vs Pulumi fields, and unknown reasons differ by
 * source), and without `status` (the provisioning state: live only, and no security fact).
 */
function facts(resource: Resource): unknown {
  const strip = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(strip);
    if (typeof node !== 'object' || node === null) return node;
    return Object.fromEntries(Object.entries(node as Json).filter(([key]) => key !== 'evidence' && key !== 'reason').map(([key, value]) => [key, strip(value)]));
  };
  const { status, ...rest } = resource as Resource & { status?: string };
  return strip(rest);
}

async function live(scenario: AzureScenario): Promise<Inventory> {
  const sim = await startAzureSimulator(scenario);
  try {
    return await collectAzureInventory({ subscriptions: [], endpointUrl: sim.url, accessToken: 'simulator-token' });
  } finally {
    await sim.close();
  }
}

describe('Pulumi inputs and ARM responses state the same Azure facts', () => {
  it.each([
    ['compliant', compliantScenario],
    ['non-compliant', nonCompliantScenario],
    ['demo', demoScenario],
  ])('%s: a stack export yields the live readers\' facts, resource by resource', async (_name, build) => {
    const fromArm = await live(build());
    const fromPulumi = readPulumiDocument(stackExport(build()));
    expect(fromPulumi.gaps).toEqual([]);
    expect(fromArm.gaps).toEqual([]);
    const key = (r: Resource) => `${r.kind} ${r.id.toLowerCase()}`;
    expect(fromPulumi.resources.map(key).sort()).toEqual(fromArm.resources.map(key).sort());
    for (const resource of fromArm.resources) {
      const twin = fromPulumi.resources.find((r) => key(r) === key(resource));
      expect(twin && facts(twin)).toEqual(facts(resource));
    }
  });

  it('the new facts are compared, not vacuously: images and request logging are known from both sources', async () => {
    for (const inventory of [await live(compliantScenario()), readPulumiDocument(stackExport(compliantScenario()))]) {
      const [endpoint] = resourcesOfKind(inventory, 'endpoint');
      const deployments = endpoint.deployments.known ? endpoint.deployments.value : [];
      expect(deployments.flatMap((d) => (d.images.known ? d.images.value.map((i) => [i.registry, i.digest !== null]) : []))).toEqual([['private', true]]);
      expect(endpoint.requestLogging).toMatchObject({ known: true, value: { enabled: true, content: 'access' } });
    }
  });

  it('a preview: unknown-until-deployment values and secrets are unknown, with the reason; known inputs are stated', () => {
    const exported = stackExport(nonCompliantScenario()) as { deployment: { resources: Json[] } };
    const steps = exported.deployment.resources.map((state) => {
      const newState = JSON.parse(JSON.stringify(state)) as Json & { inputs: Json; outputs: Json };
      if (newState.type === PULUMI_TYPES.endpoint) (newState.inputs.properties as Json).publicNetworkAccess = PULUMI_UNKNOWN;
      if (newState.type === PULUMI_TYPES.identity) newState.outputs = { id: PULUMI_UNKNOWN, principalId: PULUMI_UNKNOWN };
      if (newState.type === PULUMI_TYPES.vault) (newState.inputs.properties as Json).publicNetworkAccess = { '4dabf18193072939515e22adb298388d': '1b47061264138c4ac30d75fd1eb44270', ciphertext: 'AAAA' };
      if (newState.type === PULUMI_TYPES.workspace) newState.outputs = { id: PULUMI_UNKNOWN };
      return { op: 'create', urn: newState.urn, provider: '', newState };
    });
    const inventory = readPulumiDocument({ config: {}, steps, diagnostics: [], duration: 1, changeSummary: { create: steps.length } });
    expect(inventory.source).toBe('plan');
    const [endpoint] = resourcesOfKind(inventory, 'endpoint');
    expect(endpoint.publicNetworkAccess).toMatchObject({ known: false, reason: expect.stringContaining('known only after deployment') });
    expect(endpoint.callerAuthentication).toMatchObject({ known: true, value: 'static-key' });
    const [store] = resourcesOfKind(inventory, 'key-store');
    expect(store.publicNetworkAccess).toMatchObject({ known: false, reason: expect.stringContaining('a secret') });
    expect(store.purgeProtection).toMatchObject({ known: true, value: false });
    const [identity] = resourcesOfKind(inventory, 'identity');
    expect(identity.statements.known).toBe(false);
    const [workspace] = resourcesOfKind(inventory, 'workspace');
    expect(workspace.privateEndpointConnections.known).toBe(false);
    expect(workspace.publicNetworkAccess).toMatchObject({ known: true, value: true });
  });

  it('a preview that creates the environment, the endpoint and its log workspace together links them by propertyDependencies', () => {
    const exported = stackExport(compliantScenario()) as { deployment: { resources: (Json & { urn: string; type: string; inputs: Json })[] } };
    const urnOf = (type: string) => exported.deployment.resources.find((r) => r.type === type)!.urn;
    const logWorkspaceUrn = 'urn:pulumi:prod::ml::azure-native:operationalinsights:Workspace::churn-logs';
    const steps = exported.deployment.resources.map((state) => {
      const newState = JSON.parse(JSON.stringify(state)) as Json & { inputs: Json; outputs: Json; propertyDependencies?: Record<string, string[]> };
      delete newState.id;
      newState.outputs = {};
      if (newState.type === PULUMI_TYPES.deployment) {
        (newState.inputs.properties as Json).environmentId = PULUMI_UNKNOWN;
        newState.propertyDependencies = { properties: [urnOf(PULUMI_TYPES.environment)] };
      }
      if (newState.type === PULUMI_TYPES.diagnosticSetting) {
        newState.inputs.resourceUri = PULUMI_UNKNOWN;
        newState.inputs.workspaceId = PULUMI_UNKNOWN;
        newState.propertyDependencies = { resourceUri: [urnOf(PULUMI_TYPES.endpoint)], workspaceId: [logWorkspaceUrn] };
      }
      return { op: 'create', urn: newState.urn, provider: '', newState };
    });
    const inventory = readPulumiDocument({ config: {}, steps, diagnostics: [], duration: 1, changeSummary: { create: steps.length } });
    const [endpoint] = resourcesOfKind(inventory, 'endpoint');
    expect(endpoint.requestLogging).toMatchObject({ known: true, value: { enabled: true, content: 'access', destination: { kind: 'log-workspace', id: logWorkspaceUrn } } });
    const [deployment] = endpoint.deployments.known ? endpoint.deployments.value : [];
    expect(deployment.images).toMatchObject({ known: true, value: [{ registry: 'private', digest: expect.stringMatching(/^sha256:/) }] });
  });

  it('accepts only files in Pulumi\'s formats', () => {
    const dir = scratchDir('azure-pulumi-');
    const exportFile = join(dir, 'stack.json');
    writeFileSync(exportFile, JSON.stringify(stackExport(compliantScenario())));
    const template = join(dir, 'template.json');
    writeFileSync(template, JSON.stringify({ Resources: { Bucket: { Type: 'AWS::S3::Bucket' } } }));
    expect(isPulumiFile(exportFile)).toBe(true);
    expect(isPulumiFile(template)).toBe(false);
    expect(isPulumiFile(dir)).toBe(false);
    expect(resourcesOfKind(readPulumiFile(exportFile), 'endpoint')).toHaveLength(1);
  });
});
