// The Organizations listing (the CLI's, and the organization job's list step) under every fault the simulator
// injects, over HTTP with the real SDK client: 403 AccessDenied, throttling past the retries, 500, a truncated, empty
// or HTML 200, and a hung call cut by the request timeout. On DescribeOrganization, ListAccounts (the first page and a
// later page), ListAccountsForParent and ListOrganizationalUnitsForParent (the first call and a later one): a listing
// that got no answer at all is an OrganizationListingError naming the call; a call that failed after others answered
// is a gap naming its scope (the organization, the root or the OU), the accounts others listed are kept, and no
// account is invented.
import { ListAccountsForParentCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { collectAwsEstate } from '../../../../providers/aws/live/index';
import { OrganizationListingError, listOrganizationAccounts, managementAccount, organizationsListing, type AccountListing } from '../../../../providers/aws/live/organization';
import { FAULT_KINDS, type FaultKind, type FaultRule } from '../../../../sim/core/faults';
import {
  ORGANIZATION_AUDITOR_ROLE,
  ORGANIZATION_MANAGEMENT_ACCOUNT,
  ORGANIZATION_ROOT_ID,
  ORGANIZATION_UNITS,
  organizationScenario,
  planMembers,
  startAwsSimulator,
  type RunningAwsSimulator,
} from '../../../../sim/aws/index';
import { isolateAwsEnvironment } from './support';

isolateAwsEnvironment();

// 60 members (every third under the root, Workloads, Workloads/Production) and the management account (the root's):
// ListAccounts answers in 4 pages of 20, the root's ListAccountsForParent in 2 (20 members and the management account).
const scenario = { members: 60, regions: ['us-east-1'], endpointsPerRegion: 0, suspended: 0, withoutAuditorRole: 0 };
const plans = planMembers(scenario);
const membersUnder = (parent: string) => plans.filter((p) => p.parentId === parent).map((p) => p.account);
const EVERY_ACCOUNT = [ORGANIZATION_MANAGEMENT_ACCOUNT, ...plans.map((p) => p.account)];
const ROOT = ORGANIZATION_ROOT_ID;
const { workloads: WORKLOADS, production: PRODUCTION, sandbox: SANDBOX } = ORGANIZATION_UNITS;

/** A hung call is cut after 0.8 s, once (the Throttling cells already run the retries out); the others never come near 10 s. */
const settingsFor = (fault: FaultKind) => (fault === 'Timeout' ? { requestTimeoutMs: 800, maxAttempts: 1 } : { requestTimeoutMs: 10_000, maxAttempts: 2 });

let sim: RunningAwsSimulator;
/** Fault-free answers, read before any fault: what a page would have listed. */
let firstListAccountsPage: string[];
let firstRootPage: string[];

function newClient(fault: FaultKind): OrganizationsClient {
  const { requestTimeoutMs, maxAttempts } = settingsFor(fault);
  // As estate.ts builds its client: the request timeout throws, so a hung page is a failed page.
  return new OrganizationsClient({
    endpoint: sim.url,
    region: 'us-east-1',
    maxAttempts,
    requestHandler: { requestTimeout: requestTimeoutMs, connectionTimeout: requestTimeoutMs, throwOnRequestTimeout: true },
  });
}

beforeAll(async () => {
  // A held call is dropped by the simulator after 5 s, long after the client gave up on it.
  sim = await startAwsSimulator(organizationScenario(scenario), { timeoutMs: 5_000 });
  const client = newClient('AccessDenied');
  try {
    const listing = organizationsListing(client);
    const whole = await listOrganizationAccounts(listing, []);
    expect([...whole.active].sort()).toEqual([...EVERY_ACCOUNT].sort());
    firstListAccountsPage = ((await listing.listAccounts(undefined)).Accounts ?? []).map((a) => a.Id ?? '');
    firstRootPage = ((await client.send(new ListAccountsForParentCommand({ ParentId: ROOT }))).Accounts ?? []).map((a) => a.Id ?? '');
  } finally {
    client.destroy();
  }
  expect(firstListAccountsPage).toHaveLength(20);
  expect(firstRootPage).toHaveLength(20);
});
afterAll(async () => {
  await sim.close();
});

/** Runs `read` with the rule in force and a fresh client; the rule is lifted afterwards whatever happens. */
async function underFault<T>(fault: FaultKind, rule: Omit<FaultRule, 'service' | 'fault'> & { service?: string }, read: (client: OrganizationsClient) => Promise<T>): Promise<T> {
  sim.setFaults([{ service: 'organizations', ...rule, fault }]);
  const client = newClient(fault);
  try {
    return await read(client);
  } finally {
    client.destroy();
    sim.setFaults([]);
  }
}

const list = (parents: readonly string[]) => (client: OrganizationsClient) => listOrganizationAccounts(organizationsListing(client), parents);
const gapsOf = (listing: AccountListing) => listing.gaps.map((g) => [g.service, g.operation, g.resourceId]);
const without = (all: readonly string[], ...left: (readonly string[])[]) => all.filter((id) => !left.some((ids) => ids.includes(id))).sort();

describe.each(FAULT_KINDS)('Organizations answering %s', (fault) => {
  it('DescribeOrganization: the management account cannot be known, an OrganizationListingError naming the call', async () => {
    const failure = underFault(fault, { operation: 'DescribeOrganization' }, (client) => managementAccount(organizationsListing(client)));
    await expect(failure).rejects.toThrow(OrganizationListingError);
    await expect(failure).rejects.toThrow(/organizations:DescribeOrganization/);
  });

  it('ListAccounts, the first page: nothing listed, an OrganizationListingError naming the permission', async () => {
    const failure = underFault(fault, { operation: 'ListAccounts' }, list([]));
    await expect(failure).rejects.toThrow(OrganizationListingError);
    await expect(failure).rejects.toThrow(/could not list the organization's accounts \(organizations:ListAccounts failed with .*management account or a delegated administrator/);
  });

  it('ListAccounts, a later page: the first page\'s accounts, and a gap naming the organization', async () => {
    const listing = await underFault(fault, { operation: 'ListAccounts', resourceContains: 'NextToken' }, list([]));
    expect([...listing.active].sort()).toEqual([...firstListAccountsPage].sort());
    expect(gapsOf(listing)).toEqual([['organizations', 'ListAccounts', 'the organization']]);
    expect(listing.gaps[0].message).toContain('on later pages under the organization are not listed');
    expect(listing.inactive).toEqual([]);
  });

  it('ListAccountsForParent, every call (the first included): each OU\'s accounts a gap naming it, since the OU listing answered; no account', async () => {
    const listing = await underFault(fault, { operation: 'ListAccountsForParent' }, list([ROOT]));
    expect(listing.active).toEqual([]);
    expect(gapsOf(listing)).toEqual([ROOT, WORKLOADS, SANDBOX, PRODUCTION].map((parent) => ['organizations', 'ListAccountsForParent', parent]));
  });

  it('every Organizations call under OUs: nothing listed, an OrganizationListingError naming ListAccountsForParent', async () => {
    const failure = underFault(fault, {}, list([ROOT]));
    await expect(failure).rejects.toThrow(OrganizationListingError);
    await expect(failure).rejects.toThrow(/organizations:ListAccountsForParent failed with /);
  });

  it('ListAccountsForParent, a later page of the root: its first page and every OU\'s accounts, and a gap naming the root', async () => {
    const listing = await underFault(fault, { operation: 'ListAccountsForParent', resourceContains: 'NextToken' }, list([ROOT]));
    const rootLaterPages = without([ORGANIZATION_MANAGEMENT_ACCOUNT, ...membersUnder(ROOT)], firstRootPage);
    expect(rootLaterPages).toHaveLength(1);
    expect([...listing.active].sort()).toEqual(without(EVERY_ACCOUNT, rootLaterPages));
    expect(gapsOf(listing)).toEqual([['organizations', 'ListAccountsForParent', ROOT]]);
    expect(listing.gaps[0].message).toContain(`on later pages under ${ROOT}`);
  });

  it('ListAccountsForParent of a nested OU: a gap naming it, every other OU\'s accounts listed', async () => {
    const listing = await underFault(fault, { operation: 'ListAccountsForParent', resourceContains: PRODUCTION }, list([ROOT]));
    expect([...listing.active].sort()).toEqual(without(EVERY_ACCOUNT, membersUnder(PRODUCTION)));
    expect(gapsOf(listing)).toEqual([['organizations', 'ListAccountsForParent', PRODUCTION]]);
  });

  it('ListOrganizationalUnitsForParent, every call: the root\'s own accounts, and a gap naming the root (its OUs are not reached)', async () => {
    const listing = await underFault(fault, { operation: 'ListOrganizationalUnitsForParent' }, list([ROOT]));
    expect([...listing.active].sort()).toEqual([ORGANIZATION_MANAGEMENT_ACCOUNT, ...membersUnder(ROOT)].sort());
    expect(gapsOf(listing)).toEqual([['organizations', 'ListOrganizationalUnitsForParent', ROOT]]);
  });

  it('ListOrganizationalUnitsForParent of a nested OU: a gap naming it; the OUs under it are not reached, the rest listed', async () => {
    const listing = await underFault(fault, { operation: 'ListOrganizationalUnitsForParent', resourceContains: WORKLOADS }, list([ROOT]));
    expect([...listing.active].sort()).toEqual(without(EVERY_ACCOUNT, membersUnder(PRODUCTION)));
    expect(gapsOf(listing)).toEqual([['organizations', 'ListOrganizationalUnitsForParent', WORKLOADS]]);
  });
});

describe('through collectAwsEstate (the CLI\'s organization-wide audit)', () => {
  // AccessDenied is not retried, so the estate's own Organizations client (10 adaptive attempts) answers at once.
  it('a refused first ListAccounts page is an OrganizationListingError (the CLI\'s AuditError, exit 3) naming the permission', async () => {
    sim.setFaults([{ service: 'organizations', operation: 'ListAccounts', fault: 'AccessDenied' }]);
    try {
      const failure = collectAwsEstate({ source: { organization: {} }, roleName: ORGANIZATION_AUDITOR_ROLE, regions: ['us-east-1'], endpointUrl: sim.url });
      await expect(failure).rejects.toThrow(OrganizationListingError);
      await expect(failure).rejects.toThrow(/organizations:ListAccounts failed with AccessDeniedException/);
    } finally {
      sim.setFaults([]);
    }
  });

  it('a refused later page is a gap in the inventory; only the listed accounts are audited', async () => {
    sim.setFaults([{ service: 'organizations', operation: 'ListAccounts', fault: 'AccessDenied', resourceContains: 'NextToken' }]);
    try {
      const inventory = await collectAwsEstate({ source: { organization: {} }, roleName: ORGANIZATION_AUDITOR_ROLE, regions: ['us-east-1'], endpointUrl: sim.url });
      expect(inventory.gaps.map((g) => [g.service, g.operation, g.resourceId, g.errorCode])).toEqual([['organizations', 'ListAccounts', 'the organization', 'AccessDeniedException']]);
      expect(inventory.estate?.discovered).toEqual(without(firstListAccountsPage, [ORGANIZATION_MANAGEMENT_ACCOUNT]));
      expect([...inventory.scope.accounts].sort()).toEqual(without(firstListAccountsPage, [ORGANIZATION_MANAGEMENT_ACCOUNT]));
    } finally {
      sim.setFaults([]);
    }
  });
});
