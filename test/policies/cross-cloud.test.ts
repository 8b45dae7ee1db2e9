// The same logical mistakes, made on AWS, Azure and Google Cloud, are reported under the same control ids:
// the controls grow across clouds, they do not fork.
import { defaultBaseline } from '../../policies/baseline';
import { evaluate, type Finding } from '../../policies/evaluate';
import { known, type Inventory, type Provider } from '../../policies/model';
import { awsStatements, deployment, endpoint, identity, inventory, key } from '../support/builders';
import { cloudDeployment, cloudEndpoint, cloudIdentity, cloudKey, cloudScenario, cloudWorkspace } from './clouds';

type Mistake = 'public endpoint' | 'no customer key' | 'key without rotation' | 'over-privileged identity';

/** Each mistake as each cloud's adapters state it, in an otherwise compliant inventory. */
const MISTAKES: Record<Mistake, Record<Provider, () => Inventory>> = {
  'public endpoint': {
    // SageMaker endpoints have no network access setting: the mistake is a model outside any private network.
    aws: () => inventory(endpoint({ deployments: known([deployment({ network: known(null) })]) }), key(), identity()),
    azure: () => cloudScenario('azure', cloudEndpoint('azure', { publicNetworkAccess: known(true), deployments: known([cloudDeployment('azure', { network: known(null) })]) })),
    gcp: () => cloudScenario('gcp', cloudEndpoint('gcp', { publicNetworkAccess: known(true), deployments: known([cloudDeployment('gcp', { network: known(null) })]) })),
  },
  'no customer key': {
    aws: () => inventory(endpoint({ storageKeyId: known(null) }), key(), identity()),
    azure: () => cloudScenario('azure', cloudWorkspace('azure', { encryptionKeyId: known(null) })),
    gcp: () => cloudScenario('gcp', cloudEndpoint('gcp', { storageKeyId: known(null) })),
  },
  'key without rotation': {
    aws: () => inventory(endpoint(), key({ rotationPeriodDays: known(null) }), identity()),
    azure: () => cloudScenario('azure', cloudKey('azure', { rotationPeriodDays: known(null) })),
    gcp: () => cloudScenario('gcp', cloudKey('gcp', { rotationPeriodDays: known(null) })),
  },
  'over-privileged identity': {
    aws: () => inventory(endpoint(), key(), identity({ statements: known(awsStatements('inline:all', { Effect: 'Allow', Action: '*', Resource: '*' })) })),
    azure: () => cloudScenario('azure', cloudIdentity('azure', { attachedPolicies: known([{ id: 'roles/owner-at-rg', name: 'Owner', providerManaged: true }]) })),
    gcp: () => cloudScenario('gcp', cloudIdentity('gcp', { attachedPolicies: known([{ id: 'roles/editor', name: 'roles/editor', providerManaged: true }]) })),
  },
};

const failing = (findings: readonly Finding[]) => new Set(findings.filter((f) => f.status === 'fail').map((f) => f.controlId));
const compliant: Record<Provider, () => Inventory> = {
  aws: () => inventory(endpoint(), key(), identity()),
  azure: () => cloudScenario('azure'),
  gcp: () => cloudScenario('gcp'),
};
const PROVIDERS: readonly Provider[] = ['aws', 'azure', 'gcp'];

describe('the same mistake on three clouds', () => {
  it.each(PROVIDERS.map((p) => [p]))('the compliant %s inventory fails no control', (provider) => {
    expect([...failing(evaluate(compliant[provider](), defaultBaseline()))]).toEqual([]);
  });

  /** The control ids a mistake adds on a cloud (beyond what its compliant inventory gives). */
  const introduced = (mistake: Mistake, provider: Provider) => {
    const before = failing(evaluate(compliant[provider](), defaultBaseline()));
    return [...failing(evaluate(MISTAKES[mistake][provider](), defaultBaseline()))].filter((id) => !before.has(id)).sort();
  };

  it.each([
    ['public endpoint', 'model-private-network'],
    ['no customer key', null],
    ['key without rotation', 'key-rotation-enabled'],
    ['over-privileged identity', 'identity-least-privilege'],
  ] as const)('%s is reported under one id on every cloud', (mistake, sharedId) => {
    for (const provider of PROVIDERS) {
      const ids = introduced(mistake, provider);
      expect({ provider, found: ids.length > 0 }).toEqual({ provider, found: true });
      if (sharedId) expect({ provider, ids }).toEqual({ provider, ids: expect.arrayContaining([sharedId]) });
    }
  });

  it('a public endpoint on Azure and Google Cloud is also reported by the same endpoint-level id', () => {
    expect(introduced('public endpoint', 'azure')).toContain('endpoint-public-access-disabled');
    expect(introduced('public endpoint', 'gcp')).toContain('endpoint-public-access-disabled');
  });

  it('no customer key is reported under the customer-key id of the resource that holds the key on each cloud', () => {
    expect(introduced('no customer key', 'aws')).toEqual(['endpoint-storage-customer-key']);
    expect(introduced('no customer key', 'gcp')).toEqual(['endpoint-storage-customer-key']);
    // Azure endpoints take no key of their own: the workspace key is the one (endpoint-storage-customer-key names it as compensating).
    expect(introduced('no customer key', 'azure')).toEqual(['workspace-customer-key']);
  });

  it('each mistake adds only its own control ids', () => {
    for (const provider of PROVIDERS) {
      expect(introduced('key without rotation', provider)).toEqual(['key-rotation-enabled']);
      expect(introduced('over-privileged identity', provider)).toEqual(['identity-least-privilege']);
    }
  });
});
