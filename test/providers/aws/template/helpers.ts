// Test helpers: read a template (object or YAML text) and pick resources out of the model.
import type { Fact, Inventory, ResourceKind, ResourceOfKind } from '../../../../policies/model';
import { parseTemplateText } from '../../../../providers/aws/template/parse-template';
import { templateToInventory, type TemplateEnvironment } from '../../../../providers/aws/template/template-to-inventory';

export const STACK = 'Stack';

/** A template as an object (JSON form) or YAML text (short-form tags allowed). */
export function inventoryOf(template: object | string, environment: TemplateEnvironment = {}): Inventory {
  const parsed = typeof template === 'string' ? parseTemplateText(template, 'test.yaml') : template;
  return templateToInventory(parsed, STACK, environment);
}

export function resourceOf<K extends ResourceKind>(inventory: Inventory, kind: K, logicalId: string): ResourceOfKind<K> {
  const found = inventory.resources.find((r): r is ResourceOfKind<K> => r.kind === kind && r.id === `${STACK}/${logicalId}`);
  if (!found) throw new Error(`no ${kind} ${STACK}/${logicalId} in ${inventory.resources.map((r) => `${r.kind}:${r.id}`).join(', ')}`);
  return found;
}

/** The value of a known fact; fails the test (with the reason) when the fact is unknown. */
export function valueOf<T>(fact: Fact<T>): T {
  if (!fact.known) throw new Error(`expected a known fact, got unknown: ${fact.reason}`);
  return fact.value;
}

/** The reason of an unknown fact; fails the test when the fact is known. */
export function reasonOf(fact: Fact<unknown>): string {
  if (fact.known) throw new Error(`expected an unknown fact, got ${JSON.stringify(fact.value)}`);
  return fact.reason;
}

/**
 * Every reference an endpoint makes (model, role, keys, buckets, repositories, network, security
 * groups) names a resource of the inventory by exactly its id, as live ids join.
 */
export function expectEndpointReferencesJoin(inventory: Inventory): void {
  const ids = (kind: ResourceKind) => inventory.resources.filter((r) => r.kind === kind).map((r) => r.id);
  const endpoints = inventory.resources.filter((r): r is ResourceOfKind<'endpoint'> => r.kind === 'endpoint');
  expect(endpoints.length).toBeGreaterThan(0);
  for (const endpoint of endpoints) {
    expect(ids('key')).toContain(valueOf(endpoint.storageKeyId));
    expect(ids('key')).toContain(valueOf(endpoint.dataCapture).keyId);
    for (const d of valueOf(endpoint.deployments)) {
      expect(ids('identity')).toContain(valueOf(d.identityId));
      for (const store of valueOf(d.artifactStoreIds)) expect(ids('artifact-store')).toContain(store);
      for (const image of valueOf(d.images)) expect(ids('image-repository')).toContain(image.repositoryId);
      const network = valueOf(d.network);
      expect(network).not.toBeNull();
      expect(ids('network')).toContain(network!.networkId);
      for (const group of network!.kind === 'provider-managed' ? [] : network!.firewallIds) expect(ids('firewall')).toContain(group);
    }
  }
  for (const store of inventory.resources.filter((r): r is ResourceOfKind<'artifact-store'> => r.kind === 'artifact-store')) {
    const key = valueOf(store.encryptionKeyId);
    if (key !== null) expect(ids('key')).toContain(key);
  }
  for (const repository of inventory.resources.filter((r): r is ResourceOfKind<'image-repository'> => r.kind === 'image-repository')) {
    const key = valueOf(repository.encryptionKeyId);
    if (key !== null) expect(ids('key')).toContain(key);
  }
}
