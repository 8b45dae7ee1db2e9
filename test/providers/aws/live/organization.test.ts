// Listing an organization's accounts: which accounts count as active (State over the retired Status),
// OUs followed to any depth, and what a failing page leaves (what was listed, plus a gap; or, when nothing
// answered at all, an error that says who may list).
import type { Account } from '@aws-sdk/client-organizations';
import { OrganizationListingError, accountState, listOrganizationAccounts, managementAccount, type OrganizationsListing } from '../../../../providers/aws/live/organization';

const account = (id: string, fields: Partial<Account> = { State: 'ACTIVE', Status: 'ACTIVE' }): Account => ({ Id: id, ...fields });

function throttled(): Error {
  const error = new Error('Rate exceeded');
  error.name = 'TooManyRequestsException';
  return error;
}

/** An organization as data: accounts and child OUs per parent, pages of `pageSize`, and calls that fail. */
function fakeOrganization(tree: Record<string, { accounts?: Account[]; units?: string[] }>, options: { pageSize?: number; fail?: (operation: string, parent: string, page: number) => Error | undefined } = {}): OrganizationsListing & { calls: string[] } {
  const size = options.pageSize ?? 100;
  const calls: string[] = [];
  const paged = <T>(operation: string, parent: string, items: T[], token: string | undefined): { items: T[]; NextToken?: string } => {
    const page = token ? Number(token) : 0;
    calls.push(`${operation} ${parent} ${page}`);
    const failure = options.fail?.(operation, parent, page);
    if (failure) throw failure;
    const slice = items.slice(page * size, (page + 1) * size);
    return { items: slice, ...((page + 1) * size < items.length ? { NextToken: String(page + 1) } : {}) };
  };
  const all = Object.values(tree).flatMap((node) => node.accounts ?? []);
  return {
    calls,
    describeOrganization: async () => {
      calls.push('DescribeOrganization');
      const failure = options.fail?.('DescribeOrganization', 'organization', 0);
      if (failure) throw failure;
      return { Organization: { Id: 'o-abcd123456', MasterAccountId: '999999999999' } };
    },
    listAccounts: async (token) => {
      const { items, NextToken } = paged('ListAccounts', 'organization', all, token);
      return { Accounts: items, ...(NextToken ? { NextToken } : {}) };
    },
    listAccountsForParent: async (parent, token) => {
      const { items, NextToken } = paged('ListAccountsForParent', parent, tree[parent]?.accounts ?? [], token);
      return { Accounts: items, ...(NextToken ? { NextToken } : {}) };
    },
    listOrganizationalUnitsForParent: async (parent, token) => {
      const { items, NextToken } = paged('ListOrganizationalUnitsForParent', parent, tree[parent]?.units ?? [], token);
      return { OrganizationalUnits: items.map((Id) => ({ Id })), ...(NextToken ? { NextToken } : {}) };
    },
  };
}

describe('accountState', () => {
  it('trusts State over the retired Status, and reads Status only when State is missing', () => {
    expect(accountState({ State: 'PENDING_CLOSURE', Status: 'ACTIVE' })).toBe('PENDING_CLOSURE');
    expect(accountState({ State: 'ACTIVE', Status: 'SUSPENDED' })).toBe('ACTIVE');
    expect(accountState({ Status: 'SUSPENDED' })).toBe('SUSPENDED');
    expect(accountState({})).toBeUndefined();
  });
});

describe('listOrganizationAccounts', () => {
  it('follows every page and keeps only ACTIVE accounts; the others are named as inactive', async () => {
    const org = fakeOrganization(
      {
        root: {
          accounts: [
            account('111111111111'),
            account('222222222222', { State: 'SUSPENDED', Status: 'SUSPENDED' }),
            account('333333333333'),
            account('444444444444', { State: 'CLOSED' }),
            account('555555555555', { Status: 'ACTIVE' }),
            account('666666666666', { State: 'PENDING_ACTIVATION' }),
          ],
        },
      },
      { pageSize: 2 },
    );
    const listing = await listOrganizationAccounts(org, []);
    expect(listing.active).toEqual(['111111111111', '333333333333', '555555555555']);
    expect(listing.inactive).toEqual([
      { id: '222222222222', state: 'SUSPENDED' },
      { id: '444444444444', state: 'CLOSED' },
      { id: '666666666666', state: 'PENDING_ACTIVATION' },
    ]);
    expect(listing.gaps).toEqual([]);
    expect(org.calls).toEqual(['ListAccounts organization 0', 'ListAccounts organization 1', 'ListAccounts organization 2']);
  });

  it('follows OUs to any depth, reads an OU named twice once, and lists an account once', async () => {
    const org = fakeOrganization({
      'ou-ab12-aaaaaaaa': { accounts: [account('111111111111')], units: ['ou-ab12-bbbbbbbb'] },
      'ou-ab12-bbbbbbbb': { accounts: [account('222222222222')], units: ['ou-ab12-cccccccc'] },
      'ou-ab12-cccccccc': { accounts: [account('333333333333'), account('444444444444', { State: 'SUSPENDED' })] },
      'ou-ab12-dddddddd': { accounts: [account('555555555555')] },
    });
    const listing = await listOrganizationAccounts(org, ['ou-ab12-aaaaaaaa', 'ou-ab12-bbbbbbbb']);
    expect(listing.active).toEqual(['111111111111', '222222222222', '333333333333']);
    expect(org.calls.filter((c) => c.startsWith('ListAccountsForParent ou-ab12-bbbbbbbb'))).toHaveLength(1);
    expect(org.calls.some((c) => c.includes('dddddddd'))).toBe(false);
  });

  it('fails closed on a page that fails midway: the accounts listed are kept and the rest is a gap', async () => {
    const org = fakeOrganization(
      { root: { accounts: ['111111111111', '222222222222', '333333333333', '444444444444', '555555555555'].map((id) => account(id)) } },
      { pageSize: 2, fail: (_operation, _parent, page) => (page === 1 ? throttled() : undefined) },
    );
    const listing = await listOrganizationAccounts(org, []);
    expect(listing.active).toEqual(['111111111111', '222222222222']);
    expect(listing.gaps).toEqual([
      expect.objectContaining({ service: 'organizations', operation: 'ListAccounts', resourceId: 'the organization', errorCode: 'TooManyRequestsException', message: expect.stringMatching(/on later pages .* not audited/) }),
    ]);
  });

  it('makes one OU that cannot be listed a gap and still lists the others', async () => {
    const missing = new Error('parent not found');
    missing.name = 'ParentNotFoundException';
    const org = fakeOrganization(
      { 'ou-ab12-aaaaaaaa': { accounts: [account('111111111111')] } },
      { fail: (_operation, parent) => (parent === 'ou-ab12-zzzzzzzz' ? missing : undefined) },
    );
    const listing = await listOrganizationAccounts(org, ['ou-ab12-zzzzzzzz', 'ou-ab12-aaaaaaaa']);
    expect(listing.active).toEqual(['111111111111']);
    expect(listing.gaps.map((g) => [g.operation, g.resourceId, g.errorCode])).toEqual([
      ['ListAccountsForParent', 'ou-ab12-zzzzzzzz', 'ParentNotFoundException'],
      ['ListOrganizationalUnitsForParent', 'ou-ab12-zzzzzzzz', 'ParentNotFoundException'],
    ]);
  });

  it('throws, saying who may list, when no listing call answers at all', async () => {
    const denied = new Error("You don't have permissions to access this resource.");
    denied.name = 'AccessDeniedException';
    const org = fakeOrganization({ root: { accounts: [account('111111111111')] } }, { fail: () => denied });
    const failure = listOrganizationAccounts(org, []);
    await expect(failure).rejects.toThrow(OrganizationListingError);
    await expect(failure).rejects.toThrow(/ListAccounts failed with AccessDeniedException.*management account or a delegated administrator.*organizations:DescribeOrganization, ListAccounts/);
  });

  it('never reads an answer without the documented list as "no accounts", nor an account without Id and State as inactive', async () => {
    const org: OrganizationsListing = {
      describeOrganization: async () => ({}),
      listAccounts: async (token) => (token ? ({} as { Accounts?: Account[] }) : { Accounts: [account('111111111111'), { Id: '222222222222' }], NextToken: 'next' }),
      listAccountsForParent: async () => ({ Accounts: [] }),
      listOrganizationalUnitsForParent: async () => ({ OrganizationalUnits: [] }),
    };
    const listing = await listOrganizationAccounts(org, []);
    expect(listing.active).toEqual(['111111111111']);
    expect(listing.gaps.map((g) => [g.operation, g.resourceId, g.errorCode])).toEqual([
      ['ListAccounts', '222222222222', 'MalformedAccount'],
      ['ListAccounts', 'the organization', 'MalformedResponse'],
    ]);
  });
});

describe('managementAccount', () => {
  it('is the organization\'s MasterAccountId', async () => {
    await expect(managementAccount(fakeOrganization({}))).resolves.toBe('999999999999');
  });

  it('throws, saying who may list, when the organization cannot be described or answers without it', async () => {
    const notInUse = new Error('Your account is not a member of an organization.');
    notInUse.name = 'AWSOrganizationsNotInUseException';
    await expect(managementAccount(fakeOrganization({}, { fail: () => notInUse }))).rejects.toThrow(
      /DescribeOrganization failed with AWSOrganizationsNotInUseException.*management account or a delegated administrator/,
    );
    const empty: OrganizationsListing = { ...fakeOrganization({}), describeOrganization: async () => ({ Organization: {} }) };
    await expect(managementAccount(empty)).rejects.toThrow(/without a 12-digit MasterAccountId/);
  });
});
