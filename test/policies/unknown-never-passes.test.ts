// Property: a resource whose every fact is unknown never gets `pass` from any control, for every
// resource kind, every provider a control has a block for, and whatever else the inventory holds.
import { parametersFor, type AnyControl } from '../../policies/control';
import { allControls } from '../../policies/controls/index';
import { evaluate } from '../../policies/evaluate';
import { defaultBaseline } from '../../policies/baseline';
import { unknown, type Inventory, type Provider, type Resource, type ResourceKind } from '../../policies/model';
import {
  artifactStore,
  compliantInventory,
  deployment,
  endpoint,
  firewall,
  identity,
  imageRepository,
  inventory,
  key,
  keyStore,
  known,
  network,
  serverlessDeployment,
  workspace,
} from '../support/builders';

const isFact = (value: unknown): value is { known: boolean } =>
  typeof value === 'object' && value !== null && 'known' in value && typeof (value as { known: unknown }).known === 'boolean' && 'evidence' in value;

/**
 * Every fact in `value` made unknown. `keepLists` keeps facts that hold other facts (the deployments)
 * known and makes the facts inside them unknown instead, so both levels are exercised.
 */
function unknownEverywhere<T>(value: T, keepLists: boolean): T {
  if (Array.isArray(value)) return value.map((v) => unknownEverywhere(v, keepLists)) as T;
  if (typeof value !== 'object' || value === null) return value;
  if (isFact(value)) {
    const inner = value.known ? (value as unknown as { value: unknown }).value : undefined;
    const holdsFacts = Array.isArray(inner) && inner.some((item) => typeof item === 'object' && item !== null && Object.values(item).some(isFact));
    if (keepLists && holdsFacts) return { ...value, value: unknownEverywhere(inner, keepLists) } as T;
    return unknown('generated: this fact could not be read') as T;
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unknownEverywhere(v, keepLists)])) as T;
}

/** One compliant resource of every kind (a Record, so a new kind must be added here). */
const SAMPLES: Record<ResourceKind, (provider: Provider) => Resource[]> = {
  endpoint: (provider) => [
    endpoint({}, provider),
    endpoint({ deployments: known([deployment(), serverlessDeployment({ name: 'Serverless' })]) }, provider),
  ],
  key: (provider) => [{ ...key(), provider }],
  'key-store': (provider) => [keyStore({}, provider)],
  identity: (provider) => [{ ...identity(), provider }],
  'artifact-store': (provider) => [{ ...artifactStore(), provider }],
  'image-repository': (provider) => [{ ...imageRepository(), provider }],
  network: (provider) => [{ ...network(), provider }],
  firewall: (provider) => [{ ...firewall(), provider }],
  workspace: (provider) => [workspace({}, provider)],
};

/** The resource with every fact unknown, the deployments' inner facts unknown, and a partly read deployment list. */
function unknownVariants(resource: Resource): Resource[] {
  const variants = [unknownEverywhere(resource, false), unknownEverywhere(resource, true)];
  if (resource.kind === 'endpoint' && resource.deployments.known) {
    const inner = unknownEverywhere(resource, true);
    if (inner.kind === 'endpoint' && inner.deployments.known) {
      variants.push({ ...inner, deployments: { ...unknown('generated: one variant could not be read'), knownElements: inner.deployments.value } });
    }
  }
  return variants;
}

function judge(control: AnyControl, resource: Resource, inv: Inventory) {
  return control.evaluate(resource, parametersFor(control, resource.provider, control.parameters.parse({})), inv);
}

const cases = allControls.flatMap((control) =>
  control.providers.flatMap((provider) =>
    SAMPLES[control.subject](provider).flatMap((sample) => unknownVariants(sample).map((resource, i) => [`${control.id} / ${provider} / ${sample.id} #${i}`, control, resource] as const)),
  ),
);

describe('a resource whose every fact is unknown is never passed', () => {
  it('covers every control', () => {
    expect(new Set(cases.map(([, control]) => control.id))).toEqual(new Set(allControls.map((c) => c.id)));
  });

  it.each(cases)('%s', (_name, control, resource) => {
    const replace = (inv: Inventory): Inventory => ({ ...inv, provider: resource.provider, resources: [resource, ...inv.resources.filter((r) => !(r.kind === resource.kind && r.id === resource.id))].map((r) => ({ ...r, provider: resource.provider })) });
    const everythingUnknown = inventory(...Object.values(SAMPLES).flatMap((make) => make(resource.provider)).flatMap((r) => unknownEverywhere(r, false)));
    const contexts: Inventory[] = [inventory(resource), replace(compliantInventory()), replace(everythingUnknown)];
    for (const inv of contexts) {
      const found = inv.resources.find((r) => r.kind === resource.kind && r.id === resource.id) ?? resource;
      const judgement = judge(control, found, inv);
      expect({ status: judgement.status, message: judgement.message }).toEqual({ status: expect.not.stringMatching(/^pass$/), message: expect.any(String) });
    }
  });

  it('through evaluate(), with every control of the default baseline, no all-unknown inventory yields a pass', () => {
    for (const provider of ['aws', 'azure', 'gcp'] as const) {
      const all = Object.values(SAMPLES).flatMap((make) => make(provider)).flatMap(unknownVariants);
      const findings = evaluate({ ...inventory(...all), provider }, defaultBaseline());
      expect(findings.length).toBeGreaterThanOrEqual(all.length);
      expect(findings.filter((f) => f.status === 'pass')).toEqual([]);
    }
  });
});
