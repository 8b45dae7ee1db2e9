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
