// Judges a reference to an encryption key: is it a customer-managed key (and an allowed one)?
// Shared by every control that asks "is this data encrypted with a customer key".
import { fail, pass, unknownFrom, withFact, type Judgement } from './control';
import { resourcesOfKind, type EncryptionKey, type Evidence, type Fact, type Inventory } from './model';

/** The key a reference names: adapters write references as the key's model id (or, for a template key, its name). */
export function findKey(inventory: Inventory, ref: string): EncryptionKey | undefined {
  return resourcesOfKind(inventory, 'key').find((k) => k.id === ref || k.name === ref);
}

/** Who manages the key a reference names: the key's own fact when the inventory holds it, else what the reference says. */
function managerOf(inventory: Inventory, ref: string): { key?: EncryptionKey; managedBy: Fact<'customer' | 'provider'> } {
  const key = findKey(inventory, ref);
  if (key) return { key, managedBy: key.managedBy };
  const reference = inventory.keyReferences?.find((r) => r.id === ref);
  if (reference) return { managedBy: reference.managedBy };
  return { managedBy: { known: false, reason: `key ${ref} is not in the inventory, so who manages it is not known`, evidence: [] } };
}

/**
 * `what` uses a customer-managed key: a null reference (provider-managed encryption) fails; otherwise
 * the key's `managedBy` decides — the key's own fact when the inventory holds it, else what the adapter
 * read from the reference itself; a key neither says anything about is unknown. A non-empty
 * `allowedKeyIds` also requires the key (by id or name) to be one of those.
 */
export function judgeCustomerKey(
  what: string,
  keyRef: string | null,
  inventory: Inventory,
  refEvidence: readonly Evidence[],
  allowedKeyIds: readonly string[] = [],
): Judgement {
  if (keyRef === null) return fail(`${what} is encrypted with a provider-managed key, not a customer key`, ...refEvidence);
  const { key, managedBy } = managerOf(inventory, keyRef);
  if (!managedBy.known) {
    const j = unknownFrom(managedBy, `who manages key ${keyRef} (used by ${what})`);
    return { ...j, evidence: [...refEvidence, ...j.evidence] };
  }
  return withFact(managedBy, `who manages key ${keyRef}`, (manager, ev) => {
    if (manager === 'provider') return fail(`${what} uses ${keyRef}, a provider-managed key, not a customer key`, ...refEvidence, ...ev);
    const names = [keyRef, ...(key ? [key.id, key.name] : [])];
    if (allowedKeyIds.length > 0 && !allowedKeyIds.some((allowed) => names.includes(allowed))) {
      return fail(`${what} uses key ${keyRef}, which is not in allowedKeyIds (${allowedKeyIds.join(', ')})`, ...refEvidence, ...ev);
    }
    return pass(`${what} uses customer key ${key?.id ?? keyRef}`, ...refEvidence, ...ev);
  });
}
