import { defaultBaseline } from '../../policies/baseline';
import { evaluate, NO_CONTROL_ID } from '../../policies/evaluate';
import { mergeInventories, MixedProvidersError, type Inventory } from '../../policies/model';
import { compliantInventory, endpoint, firewall, inventory, keyStore, workspace } from '../support/builders';

describe('evaluate', () => {
  it('judges each resource by its own provider, with that provider block', () => {
    const findings = evaluate(compliantInventory(), defaultBaseline());
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.every((f) => f.provider === 'aws' && f.controlId !== NO_CONTROL_ID)).toBe(true);
  });

  it('reports a resource no enabled control judges as unknown, never skips it', () => {
    // No control judges Azure firewalls: an Azure-only inventory of one must not yield no finding (exit 0).
    const azure: Inventory = { ...inventory(firewall({ provider: 'azure' })), provider: 'azure' };
    const findings = evaluate(azure, defaultBaseline());
    expect(findings).toEqual([
      expect.objectContaining({
        controlId: NO_CONTROL_ID,
        status: 'unknown',
        severity: 'critical',
        provider: 'azure',
        resourceKind: 'firewall',
        message: expect.stringContaining('no control in this baseline covers firewall on azure'),
      }),
    ]);
  });

  it('reports kinds no control judges, and kinds whose controls the baseline disabled', () => {
    const baseline = defaultBaseline();
    const withoutFirewallControls = { ...baseline, entries: baseline.entries.filter((e) => e.control.subject !== 'firewall') };
    // Key stores and workspaces have controls on Azure and Google Cloud only.
    const findings = evaluate(inventory(firewall(), keyStore(), workspace()), withoutFirewallControls);
    expect(findings.map((f) => `${f.resourceKind}:${f.controlId}:${f.status}`).sort()).toEqual([
      `firewall:${NO_CONTROL_ID}:unknown`,
      `key-store:${NO_CONTROL_ID}:unknown`,
      `workspace:${NO_CONTROL_ID}:unknown`,
    ]);
  });

  it('judges a resource by its own provider even when the inventory names another', () => {
    const mislabelled: Inventory = { ...inventory(firewall({ provider: 'gcp' })), provider: 'aws' };
    const findings = evaluate(mislabelled, defaultBaseline());
    expect(findings.map((f) => [f.provider, f.controlId])).toEqual([['gcp', NO_CONTROL_ID]]);
  });
});

describe('mergeInventories', () => {
  it('joins inventories of one provider, each resource once', () => {
    const merged = mergeInventories([compliantInventory(), compliantInventory(firewall({ id: 'sg-other' }))]);
    expect(merged.provider).toBe('aws');
    expect(merged.resources.filter((r) => r.kind === 'firewall').map((r) => r.id)).toEqual(['sg-0abc', 'sg-other']);
  });

  it('refuses to mix providers rather than label Azure resources as AWS ones', () => {
    const azure: Inventory = { ...inventory(endpoint({}, 'azure')), provider: 'azure' };
    expect(() => mergeInventories([compliantInventory(), azure])).toThrow(MixedProvidersError);
    expect(() => mergeInventories([compliantInventory(), azure])).toThrow(/different providers \(aws, azure\).*separately/);
  });

  it('refuses an inventory whose resources name another provider than the inventory', () => {
    const mislabelled: Inventory = { ...inventory(endpoint({}, 'gcp')), provider: 'aws' };
    expect(() => mergeInventories([mislabelled])).toThrow(MixedProvidersError);
  });

  it('keeps the key references of every part', () => {
    const withReference = (id: string): Inventory => ({ ...compliantInventory(), keyReferences: [{ id, managedBy: { known: false, reason: 'outside', evidence: [] } }] });
    expect(mergeInventories([withReference('a'), withReference('b'), withReference('a')]).keyReferences?.map((k) => k.id)).toEqual(['a', 'b']);
  });
});
