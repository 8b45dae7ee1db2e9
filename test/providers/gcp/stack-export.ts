// A GCP simulator world's resources as `pulumi stack export` writes them: shared by the Pulumi reader's tests
// and configuration drift's (the export is the IaC side, the simulator the live side).
import { TYPES } from '../../../providers/gcp/pulumi/index';
import type { GcpWorld } from '../../../sim/gcp/index';

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json | undefined };
export type JsonObject = { [key: string]: Json | undefined };

export const stackUrn = 'urn:pulumi:prod::vertex::pulumi:pulumi:Stack::vertex-prod';
export const urn = (type: string, name: string) => `urn:pulumi:prod::vertex::${type}::${name}`;

/** The world's resources as `pulumi stack export` writes them (bridged inputs with `__defaults`). */
export function stackExport(world: GcpWorld): JsonObject {
  const project = world.projects[0];
  const resource = (type: string, name: string, id: string, inputs: JsonObject): JsonObject => ({
    urn: urn(type, name),
    custom: true,
    id,
    type,
    inputs: { ...inputs, __defaults: [] },
    outputs: { ...inputs, id },
    parent: stackUrn,
    provider: `${urn('pulumi:providers:gcp', 'default_9_37_0')}::provider-id`,
  });
  const resources: JsonObject[] = [
    { urn: stackUrn, custom: false, type: 'pulumi:pulumi:Stack', outputs: {} },
    { urn: urn('pulumi:providers:gcp', 'default_9_37_0'), custom: true, id: 'provider-id', type: 'pulumi:providers:gcp', inputs: { project: project.projectId, version: '9.37.0' }, outputs: {} },
  ];
  for (const ring of world.keyRings) {
    const [, projectId, , location, , name] = ring.name.split('/');
    resources.push(resource(TYPES.keyRing, name, ring.name, { name, location, project: projectId }));
  }
  for (const { key, policy } of world.cryptoKeys) {
    const name = key.name.split('/').pop() as string;
    const ring = key.name.split('/cryptoKeys/')[0];
    resources.push(resource(TYPES.cryptoKey, name, key.name, { name, keyRing: ring, purpose: 'ENCRYPT_DECRYPT', ...(key.rotationPeriod ? { rotationPeriod: key.rotationPeriod } : {}) }));
    const bindings = (policy.bindings ?? []) as { role: string; members: string[] }[];
    for (const binding of bindings) {
      for (const member of binding.members) resources.push(resource(TYPES.keyMember, `${name}-${member}`, `${key.name}/${binding.role}/${member}`, { cryptoKeyId: key.name, role: binding.role, member }));
    }
  }
  for (const endpoint of world.endpoints) {
    const [, , , location, , id] = endpoint.name.split('/');
    const psc = endpoint.privateServiceConnectConfig as { enablePrivateServiceConnect?: boolean; projectAllowlist?: string[] } | undefined;
    resources.push(
      resource(TYPES.endpoint, String(endpoint.displayName), `projects/${project.projectId}/locations/${location}/endpoints/${id}`, {
        name: id,
        displayName: endpoint.displayName,
        location,
        region: location,
        ...(endpoint.encryptionSpec ? { encryptionSpec: endpoint.encryptionSpec } : {}),
        ...(psc ? { privateServiceConnectConfig: { enablePrivateServiceConnect: psc.enablePrivateServiceConnect ?? false, projectAllowlists: psc.projectAllowlist ?? [] } } : {}),
        ...(endpoint.dedicatedEndpointEnabled ? { dedicatedEndpointEnabled: true } : {}),
        ...(endpoint.predictRequestResponseLoggingConfig ? { predictRequestResponseLoggingConfig: endpoint.predictRequestResponseLoggingConfig } : {}),
      }),
    );
  }
  for (const dataset of world.bigqueryDatasets) {
    const { projectId, datasetId } = dataset.datasetReference;
    const key = dataset.defaultEncryptionConfiguration as { kmsKeyName?: string } | undefined;
    resources.push(resource(TYPES.dataset, datasetId, `projects/${projectId}/datasets/${datasetId}`, { datasetId, project: projectId, location: dataset.location, ...(key ? { defaultEncryptionConfiguration: key } : {}) }));
  }
  for (const table of world.bigqueryTables) {
    const { projectId, datasetId, tableId } = table.tableReference;
    const key = table.encryptionConfiguration as { kmsKeyName?: string } | undefined;
    resources.push(resource(TYPES.table, tableId, `projects/${projectId}/datasets/${datasetId}/tables/${tableId}`, { datasetId, tableId, project: projectId, ...(key ? { encryptionConfiguration: key } : {}) }));
  }
  for (const { perimeters } of world.accessPolicies) {
    for (const perimeter of perimeters) {
      const name = String(perimeter.name);
      resources.push(resource(TYPES.perimeter, name.split('/').pop() as string, name, { ...perimeter, parent: name.split('/servicePerimeters/')[0] }));
    }
  }
  return { version: 3, deployment: { manifest: { time: '2026-12-01T00:00:00Z', magic: 'x', version: 'v3.248.0' }, secrets_providers: { type: 'service' }, resources, metadata: {} } };
}
