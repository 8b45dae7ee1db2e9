// The Pulumi reader: the simulator's scenarios written as a stack export give the same facts as the live
// readers get from the simulator; a preview's unknowns and secrets stay unknown; detection keeps to gcp.
import { collectGcpInventory } from '../../../providers/gcp/live/index';
import { UNKNOWN_SENTINEL, acceptsGcpPulumiJson, readPulumiGcpDocument, TYPES } from '../../../providers/gcp/pulumi/index';
import { resourcesOfKind, type Fact, type Inventory, type ListFact } from '../../../policies/model';
import { gcpScenarios, startGcpSimulator } from '../../../sim/gcp/index';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scratchDir } from '../../support/scratch';
import { stackExport, urn, type JsonObject } from './stack-export';

const value = <T>(fact: Fact<T> | ListFact<T>): unknown => (fact.known ? fact.value : 'unknown');

/** The facts both sources state, keyed by the ids both know. */
function facts(inventory: Inventory) {
  return {
    endpoints: Object.fromEntries(
      resourcesOfKind(inventory, 'endpoint').map((e) => [
        [e.id, ...(e.aliases ?? [])].find((id) => /^projects\/[a-z]/.test(id)),
        { region: e.region, public: value(e.publicNetworkAccess), auth: value(e.callerAuthentication), key: value(e.storageKeyId), capture: value(e.dataCapture) },
      ]),
    ),
    keys: Object.fromEntries(
      resourcesOfKind(inventory, 'key').map((k) => [
        k.id,
        { region: k.region, rotation: value(k.rotationPeriodDays), store: k.storeId, principals: k.policy.known ? k.policy.value.flatMap((s) => s.principals).sort() : 'unknown' },
      ]),
    ),
    workspaces: Object.fromEntries(resourcesOfKind(inventory, 'workspace').map((w) => [w.id, { aliases: w.aliases, perimeters: value(w.servicePerimeters), public: value(w.publicNetworkAccess) }])),
  };
}

describe('Pulumi (gcp) reader', () => {
  it.each(['compliant', 'non-compliant'])('states the %s scenario as a stack export with the same facts as the live readers', async (scenario) => {
    const world = gcpScenarios[scenario].build().world;
    const sim = await startGcpSimulator(world, { host: '127.0.0.1', port: 0 });
    let live: Inventory;
    try {
      live = await collectGcpInventory({ projects: [world.projects[0].projectId], locations: [], endpointUrl: sim.url, env: { GOOGLE_OAUTH_ACCESS_TOKEN: 't' } });
    } finally {
      await sim.close();
    }
    const plan = readPulumiGcpDocument(stackExport(world));
    expect(plan.source).toBe('plan');
    const liveFacts = facts(live);
    // The live audit reads only the keys endpoints use; the program declares every key.
    const planFacts = facts(plan);
    expect(planFacts.endpoints).toEqual(liveFacts.endpoints);
    for (const [id, key] of Object.entries(liveFacts.keys)) expect(planFacts.keys[id]).toEqual(key);
    expect(planFacts.workspaces).toEqual(liveFacts.workspaces);
    // What only the live audit can see is unknown in the plan, never a pass.
    for (const endpoint of resourcesOfKind(plan, 'endpoint')) expect(endpoint.deployments.known).toBe(false);
  });

  it('keeps preview unknowns and secrets unknown, and follows property dependencies to resources of the same program', () => {
    const ring = { urn: urn(TYPES.keyRing, 'ring'), type: TYPES.keyRing, custom: true, inputs: { name: 'vertex', location: 'europe-west4', project: 'ml-new', __defaults: [] } };
    const key = {
      urn: urn(TYPES.cryptoKey, 'key'),
      type: TYPES.cryptoKey,
      custom: true,
      inputs: { name: 'endpoint', keyRing: UNKNOWN_SENTINEL, rotationPeriod: '[secret]', __defaults: ['purpose'] },
      propertyDependencies: { keyRing: [ring.urn] },
    };
    const endpoint = {
      urn: urn(TYPES.endpoint, 'ep'),
      type: TYPES.endpoint,
      custom: true,
      inputs: { name: 'ep1', location: 'europe-west4', project: 'ml-new', encryptionSpec: { kmsKeyName: UNKNOWN_SENTINEL }, network: UNKNOWN_SENTINEL },
      propertyDependencies: { encryptionSpec: [key.urn] },
    };
    const preview = { config: { 'gcp:project': 'ml-new' }, steps: [ring, key, endpoint].map((newState) => ({ op: 'create', urn: newState.urn, newState })), changeSummary: { create: 3 } };
    const plan = readPulumiGcpDocument(preview);
    const [ep] = resourcesOfKind(plan, 'endpoint');
    expect(ep.id).toBe('projects/ml-new/locations/europe-west4/endpoints/ep1');
    expect(value(ep.storageKeyId)).toBe('projects/ml-new/locations/europe-west4/keyRings/vertex/cryptoKeys/endpoint');
    expect(ep.publicNetworkAccess.known).toBe(false);
    const [k] = resourcesOfKind(plan, 'key');
    expect(k.region).toBe('europe-west4');
    expect(k.rotationPeriodDays.known).toBe(false);
    expect(k.rotationPeriodDays.known === false && k.rotationPeriodDays.reason).toMatch(/secret/);
    expect(resourcesOfKind(plan, 'workspace')[0].servicePerimeters.known).toBe(false);
  });

  it('states a Model Garden deployment\'s image as the live reader states a Model\'s, and leaves it unknown without a containerSpec', async () => {
    const image = `europe-west4-docker.pkg.dev/ml-prod/garden/gemma@sha256:${'ab'.repeat(32)}`;
    const garden = (name: string, modelConfig: JsonObject) => ({
      urn: urn(TYPES.modelGardenEndpoint, name),
      type: TYPES.modelGardenEndpoint,
      custom: true,
      inputs: {
        location: 'europe-west4',
        project: 'ml-prod',
        publisherModelName: 'publishers/google/models/gemma3@gemma-3-1b-it',
        modelConfig,
        endpointConfig: { endpointDisplayName: name, privateServiceConnectConfig: { enablePrivateServiceConnect: true, projectAllowlists: ['ml-prod'] } },
        deployConfig: { dedicatedResources: { machineSpec: { machineType: 'g2-standard-12' }, minReplicaCount: 2 } },
      },
      outputs: { endpoint: `${name}-id`, deployedModelId: '42' },
    });
    const exported = { version: 3, deployment: { resources: [garden('pinned', { containerSpec: { imageUri: image } }), garden('publisher-default', {})] } };
    const plan = readPulumiGcpDocument(exported);
    const byName = (name: string) => resourcesOfKind(plan, 'endpoint').find((e) => e.name === name);
    const pinned = byName('pinned');
    expect(pinned?.id).toBe('projects/ml-prod/locations/europe-west4/endpoints/pinned-id');
    expect(pinned && value(pinned.publicNetworkAccess)).toBe(false);
    const [deployment] = pinned?.deployments.known ? pinned.deployments.value : [];
    // The same statement the live reader makes from the Model's containerSpec.imageUri.
    const world = gcpScenarios.compliant.build().world;
    const sim = await startGcpSimulator({ ...world, models: world.models.map((m) => ({ ...m, containerSpec: { imageUri: image } })) }, { host: '127.0.0.1', port: 0 });
    let live: Inventory;
    try {
      live = await collectGcpInventory({ projects: ['ml-prod'], locations: ['europe-west4'], endpointUrl: sim.url, env: { GOOGLE_OAUTH_ACCESS_TOKEN: 't' } });
    } finally {
      await sim.close();
    }
    const liveDeployments = resourcesOfKind(live, 'endpoint')[0].deployments;
    expect(value(deployment.images)).toEqual(liveDeployments.known ? value(liveDeployments.value[0].images) : 'live unknown');
    expect(value(deployment.identityId)).toBeNull();
    expect(value(deployment.instanceCount)).toBe(2);
    const defaultContainer = byName('publisher-default');
    const [unpinned] = defaultContainer?.deployments.known ? defaultContainer.deployments.value : [];
    expect(unpinned.images.known).toBe(false);
  });

  it('accepts only Pulumi JSON whose resources are Google Cloud\'s', () => {
    const dir = scratchDir('gcp-pulumi-');
    const write = (name: string, body: unknown) => {
      const path = join(dir, name);
      writeFileSync(path, JSON.stringify(body));
      return path;
    };
    expect(acceptsGcpPulumiJson(write('gcp.json', stackExport(gcpScenarios.compliant.build().world)))).toBe(true);
    const mixed = stackExport(gcpScenarios.compliant.build().world) as { deployment: { resources: JsonObject[] } };
    mixed.deployment.resources.push({ urn: urn('azure-native:machinelearningservices:OnlineEndpoint', 'x'), custom: true, type: 'azure-native:machinelearningservices:OnlineEndpoint', inputs: {} });
    expect(acceptsGcpPulumiJson(write('mixed.json', mixed))).toBe(false);
    expect(acceptsGcpPulumiJson(write('cfn.json', { Resources: { Endpoint: { Type: 'AWS::SageMaker::Endpoint' } } }))).toBe(false);
    expect(() => readPulumiGcpDocument({ Resources: {} })).toThrow(/preview --json|stack export/);
  });
});
