// The organization's member accounts, listed once per run (the list step), so that N shards do not all page through
// Organizations ListAccounts at the same time: read-only, every page followed, suspended and closed accounts left out.
import { ListAccountsCommand, ListAccountsForParentCommand, ListChildrenCommand, type Account, type OrganizationsClient } from '@aws-sdk/client-organizations';

/** The part of the SDK client the listing uses (a test passes a fake). */
export type OrganizationsSender = Pick<OrganizationsClient, 'send'>;

export interface AccountListing {
  /** Roots (`r-...`) or OUs (`ou-...`) whose accounts, in nested OUs too, are audited; empty: the whole organization. */
  readonly organizationalUnitIds: readonly string[];
  /** Accounts never audited (e.g. the management account, where a service-managed StackSet deploys no role). */
  readonly excludeAccountIds: readonly string[];
}

/** `State` replaces the `Status` field Organizations retires (API reference, Account); either says ACTIVE. */
const isActive = (account: Account): boolean => (account.State ?? account.Status) === 'ACTIVE';

async function pages<T>(fetch: (token: string | undefined) => Promise<{ items: T[]; next: string | undefined }>): Promise<T[]> {
  const all: T[] = [];
  let token: string | undefined;
  do {
    const page = await fetch(token);
    all.push(...page.items);
    // Organizations may return an empty page with a NextToken: only a missing token ends the listing.
    token = page.next;
  } while (token !== undefined);
  return all;
}

async function accountsUnder(client: OrganizationsSender, parentId: string): Promise<Account[]> {
  const direct = await pages(async (NextToken) => {
    const out = await client.send(new ListAccountsForParentCommand({ ParentId: parentId, NextToken }));
    return { items: out.Accounts ?? [], next: out.NextToken };
  });
  const children = await pages(async (NextToken) => {
    const out = await client.send(new ListChildrenCommand({ ParentId: parentId, ChildType: 'ORGANIZATIONAL_UNIT', NextToken }));
    return { items: (out.Children ?? []).flatMap((c) => (c.Id ? [c.Id] : [])), next: out.NextToken };
  });
  // One OU at a time: Organizations allows few requests per second per account, and nesting is shallow (5 levels).
  for (const child of children) direct.push(...(await accountsUnder(client, child)));
  return direct;
}

/** The active account ids in scope, sorted and unique. */
export async function listOrganizationAccounts(client: OrganizationsSender, listing: AccountListing): Promise<string[]> {
  const accounts =
    listing.organizationalUnitIds.length === 0
      ? await pages(async (NextToken) => {
          const out = await client.send(new ListAccountsCommand({ NextToken }));
          return { items: out.Accounts ?? [], next: out.NextToken };
        })
      : (await Promise.all(listing.organizationalUnitIds.map((id) => accountsUnder(client, id)))).flat();
  const excluded = new Set(listing.excludeAccountIds);
  const ids = accounts.filter(isActive).flatMap((a) => (a.Id && !excluded.has(a.Id) ? [a.Id] : []));
  return [...new Set(ids)].sort();
}
