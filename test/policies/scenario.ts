// Fixture helpers: start from the compliant inventory and change only what a fixture is about.
import type { Status } from '../../policies/control';
import type { Inventory, KeyReference, Resource } from '../../policies/model';
import { artifactStore, endpoint, evidence, firewall, identity, imageRepository, inventory, key, KEY_ID, known, network, unknown } from '../support/builders';
import type { ControlFixture } from '../support/fixtures';

/** The compliant inventory, with `resources` replacing those of the same kind and id and the rest added. */
export function scenario(...resources: Resource[]): Inventory {
  const base: Resource[] = [endpoint(), key(), identity(), artifactStore(), imageRepository(), network(), firewall()];
  const same = (a: Resource, b: Resource) => a.kind === b.kind && a.id === b.id;
  const replaced = base.map((b) => resources.find((r) => same(r, b)) ?? b);
  const added = resources.filter((r) => !base.some((b) => same(b, r)));
  return inventory(...replaced, ...added);
}

export interface FixtureOptions {
  readonly parameters?: Record<string, unknown>;
  readonly messageIncludes?: string;
  /** The inventory to judge in; defaults to `scenario(resource)`. */
  readonly inventory?: Inventory;
  /** What the adapter read from key references the inventory does not hold. */
  readonly keyReferences?: readonly KeyReference[];
}

/** A fixture judging `resource` (inside the compliant inventory unless one is given). */
export function fixture(name: string, resource: Resource, expect: Status, options: FixtureOptions = {}): ControlFixture {
  return {
    name,
    provider: resource.provider,
    inventory: { ...(options.inventory ?? scenario(resource)), ...(options.keyReferences ? { keyReferences: options.keyReferences } : {}) },
    resourceId: resource.id,
    expect,
    ...(options.parameters ? { parameters: options.parameters } : {}),
    ...(options.messageIncludes ? { messageIncludes: options.messageIncludes } : {}),
  };
}

/** An AWS managed key alias as the template adapter states it: the reference itself says AWS manages the key. */
export const awsManagedAlias = (id: string): KeyReference => ({ id, managedBy: known('provider', evidence('AWS::KMS::Alias', 'AliasName', id)) });

/** A fact the adapter could not read, as a denied API call gives it. */
export const denied = (source: string, path: string) => unknown(`AccessDeniedException from ${source}`, evidence(source, path, null));

/** An NVMe instance type: SageMaker rejects a volume key for it (the adapter marks it so). */
export const NVME_UNSUPPORTED = {
  'volume-encryption': "You can't request a KmsKeyId when using an instance type with local storage",
} as const;

/**
 * For every artifact-store control: a bucket inference does not use is not_applicable, and a bad
 * bucket used only as the data-capture destination is still judged (it holds requests and responses).
 */
export function storeUsageFixtures(): ControlFixture[] {
  const bare = (name: string) =>
    artifactStore({ id: `arn:aws:s3:::${name}`, name, publicAccessBlocked: known(false), encryptionKeyId: known(null), policy: known([]), refusesInsecureTransport: known(false) });
  const capture = bare('capture');
  return [
    fixture('a store inference does not use', bare('access-logs'), 'not_applicable', { messageIncludes: 'holds neither model artifacts nor captured data' }),
    fixture('a store used only for captured data is judged', capture, 'fail', {
      inventory: scenario(capture, endpoint({ dataCapture: known({ enabled: true, keyId: KEY_ID, destinationStoreId: capture.id }) })),
    }),
  ];
}
