import { identityUsage, networkUsage } from '../../policies/usage';
import { deployment, endpoint, identity, inventory, known, network, unknown } from '../support/builders';

const other = { ...identity(), id: 'arn:aws:iam::111122223333:role/other', name: 'other' };
const otherNetwork = { ...network(), id: 'vpc-other', name: 'vpc-other' };

describe('identityUsage', () => {
  it('is used when a deployment runs as it, by id or name', () => {
    expect(identityUsage(inventory(endpoint(), identity()), identity())).toBe('used');
    const byName = endpoint({ deployments: known([deployment({ identityId: known('inference') })]) });
    expect(identityUsage(inventory(byName, identity()), identity())).toBe('used');
  });
  it('is unused when every reference was read and none names it', () => {
    expect(identityUsage(inventory(endpoint(), other), other)).toBe('unused');
    expect(identityUsage(inventory(other), other)).toBe('unused');
  });
  it('is undetermined when a reference or a deployment list could not be read', () => {
    const unreadRole = endpoint({ deployments: known([deployment({ identityId: unknown('denied') })]) });
    expect(identityUsage(inventory(unreadRole, other), other)).toBe('undetermined');
    expect(identityUsage(inventory(endpoint({ deployments: unknown('denied') }), other), other)).toBe('undetermined');
  });
});

describe('networkUsage', () => {
  it('follows the attachment network id', () => {
    expect(networkUsage(inventory(endpoint(), network()), network())).toBe('used');
    expect(networkUsage(inventory(endpoint(), otherNetwork), otherNetwork)).toBe('unused');
  });
  it('is undetermined when an attachment names no network', () => {
    const unnamed = endpoint({ deployments: known([deployment({ network: known({ networkId: null, subnetIds: ['s'], firewallIds: ['g'] }) })]) });
    expect(networkUsage(inventory(unnamed, otherNetwork), otherNetwork)).toBe('undetermined');
  });
  it('ignores deployments outside any network', () => {
    const outside = endpoint({ deployments: known([deployment({ network: known(null) })]) });
    expect(networkUsage(inventory(outside, network()), network())).toBe('unused');
  });
});
