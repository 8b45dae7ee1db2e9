// Which accounts an organization-wide audit covers: the member accounts AWS Organizations lists (all of
// them, or those under given OUs, recursively), read once per process with the caller's own credentials
// (the management account or a delegated administrator). Only ACTIVE accounts are audited.
import {
  DescribeOrganizationCommand,
  ListAccountsCommand,
  ListAccountsForParentCommand,
  ListOrganizationalUnitsForParentCommand,
  type Account,
  type DescribeOrganizationResponse,
  type ListAccountsForParentResponse,
  type ListAccountsResponse,
  type ListOrganizationalUnitsForParentResponse,
  type OrganizationsClient,
} from '@aws-sdk/client-organizations';
import type { CoverageGap } from '../../../policies/model';
import { describeAwsFailure } from './context';

/**
 * Organizations allows a few requests per second per account, and every shard (or the organization job's list step)
 * lists at once: more attempts than the readers' default, with the adaptive limiter spacing them, before a page is a gap.
 */
export const ORGANIZATIONS_MAX_ATTEMPTS = 10;

/** 12 digits, as AWS writes every account id. */
export const ACCOUNT_ID = /^\d{12}$/;
/** An organization root (r-...) or an organizational unit (ou-...), as Organizations documents their ids. */
export const PARENT_ID = /^(?:r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/;

export interface AccountListing {
  /** The ACTIVE accounts, unique, in listing order. */
  readonly active: readonly string[];
  /** Accounts listed but not active (suspended, closed, pending): not audited. */
  readonly inactive: readonly { readonly id: string; readonly state: string }[];
  /**
   * A listing that failed after others answered (a later page, one OU of several): the accounts listed
   * are audited, and the gap says that others may be missing.
   */
  readonly gaps: readonly CoverageGap[];
}

/**
 * The organization's management account, which organization-wide runs leave out unless asked: it should
 * hold no workloads, and the StackSet that deploys the auditor role (service-managed) never reaches it.
 * Failing to know it is failing to list: the caller cannot read the organization.
 */
export async function managementAccount(client: OrganizationsListing): Promise<string> {
  let id: string | undefined;
  try {
    id = (await client.describeOrganization()).Organization?.MasterAccountId;
  } catch (error) {
    const { code, message } = describeAwsFailure(error);
    throw new OrganizationListingError(`could not describe the organization (organizations:DescribeOrganization failed with ${code}: ${message})`, WHO_MAY_LIST);
  }
  if (!id || !ACCOUNT_ID.test(id)) throw new OrganizationListingError(`organizations:DescribeOrganization answered without a 12-digit MasterAccountId ("${id ?? ''}"): not the documented response`);
  return id;
}

/** The CLI's advice when nothing could be listed. */
const WHO_MAY_LIST =
  'Run as the management account or a delegated administrator for AWS Organizations, with the permissions in providers/aws/live/organization-caller-policy.json (organizations:DescribeOrganization, ListAccounts, ListAccountsForParent, ListOrganizationalUnitsForParent); or pass the accounts with --accounts';

/** Nothing could be listed: the run has no estate to audit. */
export class OrganizationListingError extends Error {
  /**
   * @param failure what failed (the call, its error code and message)
   * @param advice who may list and how (the CLI's caller, or the organization job's deployment), when it helps
   */
  constructor(
    readonly failure: string,
    advice?: string,
  ) {
    super(advice === undefined ? failure : `${failure}. ${advice}`);
    this.name = 'OrganizationListingError';
  }
}

/**
 * The account's lifecycle state. `State` replaced `Status` (which AWS retired on 2026-09-09 and which
 * cannot tell PENDING_ACTIVATION or CLOSED apart): `State` is trusted whenever present; `Status` only
 * where an endpoint still answers without `State`.
 */
export function accountState(account: Account): string | undefined {
  return account.State ?? account.Status;
}

/** The three listing calls, one page each: an OrganizationsClient (organizationsListing), or a test's fake. */
export interface OrganizationsListing {
  describeOrganization(): Promise<DescribeOrganizationResponse>;
  listAccounts(token: string | undefined): Promise<ListAccountsResponse>;
  listAccountsForParent(parent: string, token: string | undefined): Promise<ListAccountsForParentResponse>;
  listOrganizationalUnitsForParent(parent: string, token: string | undefined): Promise<ListOrganizationalUnitsForParentResponse>;
}

export function organizationsListing(client: OrganizationsClient): OrganizationsListing {
  const page = (token: string | undefined) => (token ? { NextToken: token } : {});
  return {
    describeOrganization: () => client.send(new DescribeOrganizationCommand({})),
    listAccounts: (token) => client.send(new ListAccountsCommand(page(token))),
    listAccountsForParent: (parent, token) => client.send(new ListAccountsForParentCommand({ ParentId: parent, ...page(token) })),
    listOrganizationalUnitsForParent: (parent, token) => client.send(new ListOrganizationalUnitsForParentCommand({ ParentId: parent, ...page(token) })),
  };
}

type Page = { accounts: Account[]; parents: string[]; next: string | undefined };

/**
 * Lists the organization's accounts (`parents` empty) or those under `parents` and their OUs at any depth.
 * Throws OrganizationListingError when no listing call succeeded at all.
 */
export async function listOrganizationAccounts(client: OrganizationsListing, parents: readonly string[]): Promise<AccountListing> {
  const active: string[] = [];
  const inactive: { id: string; state: string }[] = [];
  const gaps: CoverageGap[] = [];
  const seen = new Set<string>();
  let answered = 0;
  let firstFailure: string | undefined;

  const take = (account: Account, where: string): void => {
    const id = account.Id;
    const state = accountState(account);
    if (!id || !ACCOUNT_ID.test(id) || !state) {
      // Not the documented shape: this entry cannot be audited or known to be inactive.
      gaps.push({ service: 'organizations', operation: where, resourceId: id ?? '(no id)', errorCode: 'MalformedAccount', message: `Organizations listed an account without a 12-digit Id and a State: it is not audited` });
      return;
    }
    if (seen.has(id)) return;
    seen.add(id);
    if (state === 'ACTIVE') active.push(id);
    else inactive.push({ id, state });
  };

  /** Follows one listing to its last page; a failing page ends that listing with a gap (or, before anything answered, the run). */
  const follow = async (operation: string, scope: string, send: (token: string | undefined) => Promise<Page>): Promise<string[]> => {
    const children: string[] = [];
    let token: string | undefined;
    do {
      let page: Page;
      try {
        page = await send(token);
      } catch (error) {
        const { code, message } = describeAwsFailure(error);
        firstFailure ??= `organizations:${operation} failed with ${code}: ${message}`;
        gaps.push({
          service: 'organizations',
          operation,
          resourceId: scope,
          errorCode: code,
          message: `${message}. Accounts ${token ? 'on later pages ' : ''}under ${scope} are not listed, so not audited: rerun when Organizations answers`,
        });
        return children;
      }
      answered += 1;
      for (const account of page.accounts) take(account, operation);
      children.push(...page.parents);
      token = page.next;
    } while (token);
    return children;
  };

  if (parents.length === 0) {
    await follow('ListAccounts', 'the organization', async (token) => {
      const answer = await client.listAccounts(token);
      return { accounts: documented(answer.Accounts, 'ListAccounts', 'Accounts'), parents: [], next: answer.NextToken };
    });
  } else {
    // Breadth first: each parent's accounts, then its child OUs; an OU reached twice (listed twice) is read once.
    const visited = new Set<string>();
    let level = [...new Set(parents)];
    while (level.length > 0) {
      const next: string[] = [];
      for (const parent of level) {
        if (visited.has(parent)) continue;
        visited.add(parent);
        await follow('ListAccountsForParent', parent, async (token) => {
          const answer = await client.listAccountsForParent(parent, token);
          return { accounts: documented(answer.Accounts, 'ListAccountsForParent', 'Accounts'), parents: [], next: answer.NextToken };
        });
        next.push(
          ...(await follow('ListOrganizationalUnitsForParent', parent, async (token) => {
            const answer = await client.listOrganizationalUnitsForParent(parent, token);
            const units = documented(answer.OrganizationalUnits, 'ListOrganizationalUnitsForParent', 'OrganizationalUnits');
            return { accounts: [], parents: units.flatMap((unit) => (unit.Id ? [unit.Id] : [])), next: answer.NextToken };
          })),
        );
      }
      level = next;
    }
  }

  if (answered === 0) {
    throw new OrganizationListingError(`could not list the organization's accounts (${firstFailure ?? 'no answer'})`, WHO_MAY_LIST);
  }
  return { active, inactive, gaps };
}

/** A 200 answer without the documented list is a failed read, never "no accounts". */
function documented<T>(items: T[] | undefined, operation: string, field: string): T[] {
  if (!Array.isArray(items)) {
    const error = new Error(`organizations:${operation} answered without ${field}: not the documented response`);
    error.name = 'MalformedResponse';
    throw error;
  }
  return items;
}
