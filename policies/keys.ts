// Judges a reference to an encryption key: is it a customer-managed key (and an allowed one)?
// Shared by every control that asks "is this data encrypted with a customer key".
import { fail, pass, withFact, type Judgement } from './control';
import { resourcesOfKind, type EncryptionKey, type Evidence, type Inventory } from './model';

/** Aliases of keys the provider creates and manages for its services, e.g. `alias/aws/sagemaker`. */
const PROVIDER_MANAGED_ALIAS = /(^|:)alias\/aws\//i;

export function isProviderManagedKeyRef(ref: string): boolean {
  return PROVIDER_MANAGED_ALIAS.test(ref);
}

/** Two references name the same key when equal, or when one is an ARN ending in `key/<the other>` or `alias/<the other>`. */
export function sameKeyRef(a: string, b: string): boolean {
  if (a === b) return true;
  const tail = (arn: string, short: string) => arn.endsWith(`:key/${short}`) || arn.endsWith(`:${short}`);
  return tail(a, b) || tail(b, a);
}

/** The key a reference names, looked up by id, name or ARN tail. */
export function findKey(inventory: Inventory, ref: string): EncryptionKey | undefined {
  return resourcesOfKind(inventory, 'key').find((k) => sameKeyRef(k.id, ref) || k.name === ref);
}

function allowedBy(allowedKeyIds: readonly string[], refs: readonly string[]): boolean {
  return allowedKeyIds.length === 0 || allowedKeyIds.some((allowed) => refs.some((ref) => sameKeyRef(allowed, ref)));
}

/**
 * `what` uses a customer-managed key: a null reference or a provider-managed alias fails; a key
 * found in the inventory is judged by who manages it; a key not in the inventory is judged on
 * its id alone. A non-empty `allowedKeyIds` also requires the key to be one of those.
 */
export function judgeCustomerKey(
  what: string,
  keyRef: string | null,
  inventory: Inventory,
  refEvidence: readonly Evidence[],
  allowedKeyIds: readonly string[] = [],
): Judgement {
  if (keyRef === null) return fail(`${what} is encrypted with a provider-managed key, not a customer key`, ...refEvidence);
  if (isProviderManagedKeyRef(keyRef)) {
    return fail(`${what} uses the provider-managed key ${keyRef}, not a customer key`, ...refEvidence);
  }
  const notAllowed = (refs: readonly string[], extra: readonly Evidence[]) =>
    allowedBy(allowedKeyIds, refs)
      ? undefined
      : fail(`${what} uses key ${keyRef}, which is not in allowedKeyIds (${allowedKeyIds.join(', ')})`, ...refEvidence, ...extra);
  const key = findKey(inventory, keyRef);
  if (!key) {
    return notAllowed([keyRef], []) ?? pass(`${what} uses customer key ${keyRef} (not in the inventory; judged on its id)`, ...refEvidence);
  }
  return withFact(key.managedBy, `who manages key ${key.id}`, (managedBy, ev) => {
    if (managedBy === 'provider') return fail(`${what} uses ${key.id}, a provider-managed key`, ...refEvidence, ...ev);
    return notAllowed([keyRef, key.id], ev) ?? pass(`${what} uses customer key ${key.id}`, ...refEvidence, ...ev);
  });
}
