// Configuration drift on hand-made inventories: how IaC resources are paired with live ones (and when they are
// not: ambiguity, scope), that an unknown fact is never "no drift", that references and sets compare by meaning,
// which controls a difference concerns, the human rendering, bad input, and the time to compare 1,000 resources.
import { performance } from 'node:perf_hooks';
import { configurationDrift, ConfigurationDriftInputError, hasConfigurationDrift, renderConfigurationDrift, type ConfigurationDrift } from '../../../checker/drift/configuration';
import type { Inventory, Resource } from '../../../policies/model';
import { ACCOUNT, endpoint, evidence, firewall, inventory, key, KEY_ID, known, REGION, unknown } from '../../support/builders';

const STACK = 'Stack';
const template = (...resources: Resource[]): Inventory => ({ ...inventory(...resources), source: 'template' });
const live = (...resources: Resource[]): Inventory => inventory(...resources);

/** The key as a template states it: a logical id, no physical name. */
const declaredKey = (overrides: Partial<ReturnType<typeof key>> = {}) => key({ id: `${STACK}/Key1`, name: 'Key1', ...overrides });
/** An endpoint with a literal name, whose ARN the template adapter gives as an alias, using the declared key. */
const declaredEndpoint = (overrides: Partial<ReturnType<typeof endpoint>> = {}) =>
  endpoint({
    id: `${STACK}/Endpoint1`,
    name: 'classifier',
    aliases: [`arn:aws:sagemaker:${REGION}:${ACCOUNT}:endpoint/classifier`],
    storageKeyId: known(`${STACK}/Key1`, evidence('AWS::SageMaker::EndpointConfig', 'Properties.KmsKeyId', { Ref: 'Key1' })),
    dataCapture: known({ enabled: true, keyId: `${STACK}/Key1`, destinationStoreId: 'arn:aws:s3:::models' }),
    ...overrides,
  });

const differences = (drift: ConfigurationDrift): string[] => drift.resources.flatMap((r) => r.differences.map((d) => `${r.kind} ${d.path}: ${JSON.stringify(d.declared)} -> ${JSON.stringify(d.live)}`));

describe('pairing IaC resources with live ones', () => {
  it('pairs by ARN alias, then the key the pair refers to by reference, and finds nothing changed', () => {
    const drift = configurationDrift(template(declaredEndpoint(), declaredKey()), live(endpoint(), key()));
    expect(differences(drift)).toEqual([]);
    expect(drift.resources.map((r) => [r.kind, r.matchedBy])).toEqual([
      ['endpoint', { by: 'identity', declaredField: 'alias', liveField: 'id', key: `arn:aws:sagemaker:${REGION}:${ACCOUNT}:endpoint/classifier` }],
      ['key', { by: 'reference', from: `${STACK}/Endpoint1`, path: expect.stringMatching(/KeyId$/) }],
    ]);
    expect(hasConfigurationDrift(drift)).toBe(false);
  });

  it("pairs by CloudFormation's tags: the live alias STACK/LogicalId is the template's id", () => {
    const drift = configurationDrift(template(firewall({ id: `${STACK}/Group1`, name: 'Group1' })), live(firewall({ aliases: [`${STACK}/Group1`] })));
    expect(drift.resources[0].matchedBy).toEqual({ by: 'identity', declaredField: 'id', liveField: 'alias', key: `${STACK}/Group1` });
  });

  it('reports two live candidates as ambiguous instead of guessing', () => {
    const drift = configurationDrift(template(firewall({ id: `${STACK}/Group1`, name: 'web' })), live(firewall({ id: 'sg-1', name: 'web' }), firewall({ id: 'sg-2', name: 'web' })));
    expect(drift.resources).toEqual([]);
    expect(drift.ambiguous).toEqual([{ kind: 'firewall', declaredIds: [`${STACK}/Group1`], liveIds: ['sg-1', 'sg-2'], why: '2 live resources match it by name' }]);
    expect(drift.notFoundLive).toEqual([]);
    expect(drift.outOfBand).toEqual([]);
  });

  it('reports two IaC resources claiming one live resource as ambiguous', () => {
    const drift = configurationDrift(template(firewall({ id: `${STACK}/A`, name: 'web' }), firewall({ id: `${STACK}/B`, name: 'web' })), live(firewall({ id: 'sg-1', name: 'web' })));
    expect(drift.ambiguous.map((a) => [a.declaredIds, a.liveIds])).toEqual([[[`${STACK}/A`, `${STACK}/B`], ['sg-1']]]);
  });

  it('lists only live resources within the IaC scope as out of band: its kinds, accounts and regions', () => {
    const other = live(
      key({ id: `arn:aws:kms:${REGION}:${ACCOUNT}:key/stray`, name: 'stray' }),
      key({ id: `arn:aws:kms:${REGION}:999999999999:key/other-account`, name: 'x', account: '999999999999' }),
      key({ id: `arn:aws:kms:eu-west-1:${ACCOUNT}:key/other-region`, name: 'y', region: 'eu-west-1' }),
      firewall({ id: 'sg-unrelated-kind' }),
    );
    const drift = configurationDrift(template(declaredKey()), other);
    expect(drift.outOfBand.map((r) => r.id)).toEqual([`arn:aws:kms:${REGION}:${ACCOUNT}:key/stray`]);
    expect(drift.notFoundLive.map((r) => r.id)).toEqual([`${STACK}/Key1`]);
    expect(drift.scope).toEqual({ kinds: ['key'], accounts: [ACCOUNT], regions: [REGION] });
    expect(hasConfigurationDrift(drift)).toBe(true);
  });
});

describe('comparing facts', () => {
  it('an unknown fact on either side is not comparable, with why, and never a difference or "unchanged"', () => {
    const denied = unknown('kms:GetKeyRotationStatus denied', evidence('kms:GetKeyRotationStatus', 'KeyRotationEnabled', null));
    const drift = configurationDrift(template(declaredEndpoint(), declaredKey()), live(endpoint(), key({ rotationPeriodDays: denied })));
    expect(differences(drift)).toEqual([]);
    expect(drift.resources.find((r) => r.kind === 'key')?.notComparable).toEqual([{ path: 'rotationPeriodDays', side: 'live', reason: 'live: kms:GetKeyRotationStatus denied', controlIds: ['key-rotation-enabled'] }]);
    const both = configurationDrift(template(declaredEndpoint(), declaredKey({ rotationPeriodDays: unknown('Fn::If on a parameter') })), live(endpoint(), key({ rotationPeriodDays: denied })));
    expect(both.resources.find((r) => r.kind === 'key')?.notComparable[0]).toMatchObject({ side: 'both', reason: 'IaC: Fn::If on a parameter; live: kms:GetKeyRotationStatus denied' });
  });

  it('a partly read list is not comparable even when the elements read agree', () => {
    const statements = key().policy;
    if (!statements.known) throw new Error('fixture');
    const partial = { known: false as const, reason: 'one policy could not be read', evidence: [], knownElements: statements.value };
    const drift = configurationDrift(template(declaredEndpoint(), declaredKey()), live(endpoint(), key({ policy: partial })));
    expect(drift.resources.find((r) => r.kind === 'key')?.notComparable.map((n) => n.path)).toEqual(['policy']);
  });

  it('a fact one reader does not state is not comparable', () => {
    const drift = configurationDrift(template(declaredEndpoint()), live(endpoint({ requestLogging: known({ enabled: true, content: 'access', destination: null }) })));
    expect(drift.resources[0].notComparable.map((n) => `${n.path} ${n.side}`)).toContain('requestLogging declared');
  });

  it('a reference to an IaC resource with no live match is not comparable', () => {
    const drift = configurationDrift(template(declaredEndpoint(), declaredKey()), live(endpoint()));
    expect(drift.resources[0].notComparable.map((n) => n.path)).toEqual(['dataCapture.keyId', 'storageKeyId']);
    expect(drift.notFoundLive.map((r) => r.id)).toEqual([`${STACK}/Key1`]);
  });

  it('a reference that now names another live resource is a difference', () => {
    const otherKey = key({ id: `arn:aws:kms:${REGION}:${ACCOUNT}:key/other`, name: 'other' });
    // The key is matched by its ARN (a template with a literal key id), so the endpoint's new key is a change.
    const drift = configurationDrift(template(declaredEndpoint(), declaredKey({ aliases: [KEY_ID] })), live(endpoint({ storageKeyId: known(otherKey.id) }), key(), otherKey));
    expect(differences(drift)).toEqual([`endpoint storageKeyId: "${STACK}/Key1" -> "${otherKey.id}"`]);
    expect(drift.resources[0].differences[0].controlIds).toEqual(['endpoint-storage-customer-key']);
  });

  it('lists compare as sets: a reordered policy is unchanged, an added rule is named with the control that reads it', () => {
    const rule = (port: number, source: string) => ({ protocol: 'tcp', fromPort: port, toPort: port, sources: [source] });
    const declared = template(firewall({ id: `${STACK}/G`, name: 'G', ingress: known([rule(443, '10.0.0.0/8'), rule(8080, '10.0.0.0/8')]) }));
    const reordered = configurationDrift(declared, live(firewall({ aliases: [`${STACK}/G`], ingress: known([rule(8080, '10.0.0.0/8'), rule(443, '10.0.0.0/8')]) })));
    expect(differences(reordered)).toEqual([]);
    const opened = configurationDrift(declared, live(firewall({ aliases: [`${STACK}/G`], ingress: known([rule(443, '10.0.0.0/8'), rule(8080, '10.0.0.0/8'), rule(22, '0.0.0.0/0')]) })));
    expect(opened.resources[0].differences).toEqual([expect.objectContaining({ path: 'ingress', added: [rule(22, '0.0.0.0/0')], removed: [], controlIds: ['firewall-no-public-ingress'] })]);
  });

  it('a rule replaced by an unlike one is one gone and one new; a statement changed in one field is named by that field', () => {
    const rule = (port: number, source: string) => ({ protocol: 'tcp', fromPort: port, toPort: port, sources: [source] });
    const declared = template(firewall({ id: `${STACK}/G`, name: 'G', ingress: known([rule(443, '10.0.0.0/8')]) }));
    const replaced = configurationDrift(declared, live(firewall({ aliases: [`${STACK}/G`], ingress: known([rule(22, '0.0.0.0/0')]) })));
    expect(replaced.resources[0].differences.map((d) => [d.path, d.added, d.removed])).toEqual([['ingress', [rule(22, '0.0.0.0/0')], [rule(443, '10.0.0.0/8')]]]);

    const policy = key().policy;
    if (!policy.known) throw new Error('fixture');
    const widened = policy.value.map((s) => ({ ...s, principals: [...s.principals, '*'] }));
    const drift = configurationDrift(template(declaredEndpoint(), declaredKey()), live(endpoint(), key({ policy: known(widened) })));
    expect(drift.resources.find((r) => r.kind === 'key')?.differences.map((d) => [d.path, d.added, d.removed, d.controlIds])).toEqual([
      ['policy[0].principals', ['*'], [], ['key-not-public']],
    ]);
  });

  it('names the controls that read each changed fact, derived from the controls themselves', () => {
    const drift = configurationDrift(
      template(declaredEndpoint({ publicNetworkAccess: known(false) }), declaredKey()),
      live(endpoint({ publicNetworkAccess: known(true), monitoringSchedules: known(0) }), key({ rotationPeriodDays: known(null) })),
    );
    const byPath = Object.fromEntries(drift.resources.flatMap((r) => r.differences.map((d) => [d.path, d.controlIds])));
    expect(byPath).toEqual({
      monitoringSchedules: ['model-monitoring-scheduled'],
      rotationPeriodDays: ['key-rotation-enabled'],
      // endpoint-public-access-disabled has no AWS block (SageMaker endpoints have no such setting): no control
      // judges this fact on AWS, and the difference is still reported.
      publicNetworkAccess: [],
    });
  });
});

describe('output', () => {
  const drift = configurationDrift(template(declaredEndpoint(), declaredKey()), live(endpoint(), key({ rotationPeriodDays: known(null) })));

  it('renders a few lines per changed resource for people', () => {
    const text = renderConfigurationDrift(drift);
    expect(text.split('\n')[0]).toBe('Configuration drift (aws): 2 of 2 IaC resources matched to live ones; 1 drifted (1 differences), 0 facts not comparable, 0 not found live, 0 out of band, 0 ambiguous.');
    expect(text).toContain(`key inference-key (${KEY_ID}; IaC ${STACK}/Key1, matched by reference from ${STACK}/Endpoint1 (`);
    expect(text).toContain('  rotationPeriodDays: IaC 365 -> live null [key-rotation-enabled]');
  });

  it('is plain JSON (the documented shape survives a round trip)', () => {
    expect(JSON.parse(JSON.stringify(drift))).toEqual(drift);
    expect(drift.schemaVersion).toBe(1);
  });
});

describe('bad input', () => {
  it('refuses inventories of different providers, or the two sides swapped, saying how to fix it', () => {
    expect(() => configurationDrift(template(declaredKey()), { ...live(), provider: 'gcp' })).toThrow(new ConfigurationDriftInputError('the IaC is for aws but the live inventory is of gcp: compare a stack with an audit of the cloud it deploys to'));
    expect(() => configurationDrift(live(), template())).toThrow(/pass the IaC first and the audit second/);
    expect(() => configurationDrift(live(), live())).toThrow(/the IaC side is a live inventory/);
  });
});

describe('scale', () => {
  it('compares 1,000 declared resources with 1,000 live ones', () => {
    const count = 500;
    const declared: Resource[] = [];
    const deployed: Resource[] = [];
    for (let i = 0; i < count; i += 1) {
      const keyArn = `arn:aws:kms:${REGION}:${ACCOUNT}:key/k-${i}`;
      declared.push(declaredEndpoint({ id: `${STACK}/Endpoint${i}`, name: `ep-${i}`, aliases: [`arn:aws:sagemaker:${REGION}:${ACCOUNT}:endpoint/ep-${i}`], storageKeyId: known(`${STACK}/Key${i}`), dataCapture: known({ enabled: true, keyId: `${STACK}/Key${i}`, destinationStoreId: 'arn:aws:s3:::models' }) }));
      declared.push(declaredKey({ id: `${STACK}/Key${i}`, name: `Key${i}` }));
      deployed.push(endpoint({ id: `arn:aws:sagemaker:${REGION}:${ACCOUNT}:endpoint/ep-${i}`, name: `ep-${i}`, storageKeyId: known(keyArn), dataCapture: known({ enabled: true, keyId: keyArn, destinationStoreId: 'arn:aws:s3:::models' }) }));
      deployed.push(key({ id: keyArn, name: `k-${i}`, rotationPeriodDays: known(i % 100 === 0 ? null : 365) }));
    }
    const started = performance.now();
    const drift = configurationDrift(template(...declared), live(...deployed));
    const ms = performance.now() - started;
    expect(drift.summary).toMatchObject({ declared: 2 * count, matched: 2 * count, drifted: count / 100, differences: count / 100, notFoundLive: 0, outOfBand: 0, ambiguous: 0 });
    process.stderr.write(`configuration drift: ${2 * count} declared x ${2 * count} live resources compared in ${ms.toFixed(0)} ms\n`);
  }, 120_000);
});

describe('inventories frozen by their reader', () => {
  it('still names the controls of a changed fact', () => {
    const deepFreeze = <T>(value: T): T => {
      if (typeof value === 'object' && value !== null) {
        for (const inner of Object.values(value)) deepFreeze(inner);
        Object.freeze(value);
      }
      return value;
    };
    const drift = configurationDrift(deepFreeze(template(declaredEndpoint(), declaredKey())), deepFreeze(live(endpoint(), key({ rotationPeriodDays: known(null) }))));
    expect(drift.resources.flatMap((r) => r.differences.map((d) => [d.path, d.controlIds]))).toEqual([['rotationPeriodDays', ['key-rotation-enabled']]]);
  });
});
