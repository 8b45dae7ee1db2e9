// Every account the simulator serves, and who is calling. One AwsStore per account: the management
// account (whose identity any base access key carries) and, with an organization, each member.
// `sts:AssumeRole` opens a session whose temporary key (ASIA...) maps to the role's account, so every
// later call signed with that key is served from that account's data.
import type { Account, OrganizationalUnit, Root } from '@aws-sdk/client-organizations';
import type { AwsScenario, OrganizationAccountState, OrganizationSeed } from './scenario';
import { AwsStore, SEED_DATE } from './store';

/** Who signed a call: the account whose data answers it and the identity GetCallerIdentity reports. */
export interface Caller {
  readonly store: AwsStore;
  readonly account: string;
  readonly arn: string;
  /** GetCallerIdentity `UserId`: an IAM user id, or `<role id>:<session name>` for an assumed role. */
  readonly userId: string;
}

export interface OrganizationAccount {
  readonly account: Account & { readonly Id: string };
  readonly parentId: string;
}

export interface OrganizationState {
  readonly id: string;
  readonly arn: string;
  readonly featureSet: 'ALL' | 'CONSOLIDATED_BILLING';
  readonly managementAccount: string;
  readonly managementEmail: string;
  readonly root: Root & { readonly Id: string };
  /** By id, in the order the scenario lists them. */
  readonly organizationalUnits: ReadonlyMap<string, { readonly unit: OrganizationalUnit & { readonly Id: string }; readonly parentId: string }>;
  /** By id: the management account first, then the members in scenario order. */
  readonly accounts: ReadonlyMap<string, OrganizationAccount>;
}

/** Organizations still reports the retired `Status` next to `State`: closed accounts show SUSPENDED. */
const STATUS_OF: Readonly<Record<OrganizationAccountState, 'ACTIVE' | 'SUSPENDED' | 'PENDING_CLOSURE'>> = {
  ACTIVE: 'ACTIVE',
  SUSPENDED: 'SUSPENDED',
  PENDING_CLOSURE: 'PENDING_CLOSURE',
  CLOSED: 'SUSPENDED',
};

const ORG_ID = /^o-[a-z0-9]{10,32}$/;
const ROOT_ID = /^r-[0-9a-z]{4,32}$/;
const OU_ID = /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/;

function organizationState(management: AwsScenario, seed: OrganizationSeed): OrganizationState {
  const problem = (what: string) => new Error(`Organization scenario ${seed.id}: ${what}`);
  if (!ORG_ID.test(seed.id)) throw problem(`the organization id must be o- and 10 to 32 lower-case letters or digits, not "${seed.id}".`);
  if (!ROOT_ID.test(seed.rootId)) throw problem(`the root id must be r- and 4 to 32 lower-case letters or digits, not "${seed.rootId}".`);
  const mgmt = management.account;
  const prefix = `arn:aws:organizations::${mgmt}`;
  const root = { Id: seed.rootId, Arn: `${prefix}:root/${seed.id}/${seed.rootId}`, Name: 'Root', PolicyTypes: [] };
  const units = new Map<string, { unit: OrganizationalUnit & { Id: string }; parentId: string }>();
  for (const ou of seed.organizationalUnits) {
    if (!OU_ID.test(ou.id)) throw problem(`OU id "${ou.id}" must look like ou-<root suffix>-<8 to 32 lower-case letters or digits>.`);
    if (units.has(ou.id)) throw problem(`OU ${ou.id} is listed twice.`);
    if (ou.parentId !== seed.rootId && !units.has(ou.parentId)) throw problem(`OU ${ou.id} names parent ${ou.parentId}, which is neither the root nor an OU listed before it.`);
    units.set(ou.id, { unit: { Id: ou.id, Arn: `${prefix}:ou/${seed.id}/${ou.id}`, Name: ou.name }, parentId: ou.parentId });
  }
  const parentOf = (id: string, parentId: string | undefined): string => {
    const parent = parentId ?? seed.rootId;
    if (parent !== seed.rootId && !units.has(parent)) throw problem(`account ${id} names parent ${parent}, which is neither the root nor a listed OU.`);
    return parent;
  };
  const accounts = new Map<string, OrganizationAccount>();
  const add = (id: string, name: string, email: string, state: OrganizationAccountState, parentId: string | undefined, joinedMethod: 'CREATED' | 'INVITED', joined: Date) => {
    if (!/^\d{12}$/.test(id)) throw problem(`account id "${id}" must be 12 digits.`);
    if (accounts.has(id)) throw problem(`account ${id} is listed twice.`);
    const account = { Id: id, Arn: `${prefix}:account/${seed.id}/${id}`, Email: email, Name: name, Status: STATUS_OF[state], State: state, JoinedMethod: joinedMethod, JoinedTimestamp: joined };
    accounts.set(id, { account, parentId: parentOf(id, parentId) });
  };
  add(mgmt, seed.management.name, seed.management.email, 'ACTIVE', seed.management.parentId, 'CREATED', SEED_DATE);
  for (const member of seed.members) {
    if (member.scenario.organization !== undefined) throw problem(`member ${member.scenario.account} has an organization of its own; only the management account's scenario may.`);
    add(member.scenario.account, member.name, member.email, member.state ?? 'ACTIVE', member.parentId, member.joinedMethod ?? 'INVITED', member.joinedTimestamp ?? SEED_DATE);
  }
  return {
    id: seed.id,
    arn: `${prefix}:organization/${seed.id}`,
    featureSet: seed.featureSet ?? 'ALL',
    managementAccount: mgmt,
    managementEmail: seed.management.email,
    root,
    organizationalUnits: units,
    accounts,
  };
}

interface Session {
  readonly account: string;
  readonly arn: string;
  readonly userId: string;
}

/** Keys STS issues for temporary credentials start with ASIA; any other key is a base (long-term) key. */
export function isTemporaryKey(accessKeyId: string): boolean {
  return accessKeyId.startsWith('ASIA');
}

export class AwsEstate {
  readonly management: AwsStore;
  readonly organization?: OrganizationState;
  private readonly stores = new Map<string, AwsStore>();
  private readonly sessions = new Map<string, Session>();

  private constructor(management: AwsStore, organization: OrganizationState | undefined, members: readonly AwsStore[]) {
    this.management = management;
    this.organization = organization;
    for (const store of [management, ...members]) this.stores.set(store.account, store);
  }

  /** The management account and, when the scenario has an organization, every member with its own store. */
  static fromScenario(scenario: AwsScenario): AwsEstate {
    const organization = scenario.organization === undefined ? undefined : organizationState(scenario, scenario.organization);
    const members = (scenario.organization?.members ?? []).map((member) => new AwsStore(member.scenario));
    return new AwsEstate(new AwsStore(scenario), organization, members);
  }

  /** One account outside any organization, served from a store the caller already holds. */
  static ofStore(store: AwsStore): AwsEstate {
    return new AwsEstate(store, undefined, []);
  }

  /** The store of an account the simulator serves. */
  account(id: string): AwsStore | undefined {
    return this.stores.get(id);
  }

  accountIds(): string[] {
    return [...this.stores.keys()];
  }

  /** The account's lifecycle state in the organization; ACTIVE for an account outside one. */
  accountState(id: string): OrganizationAccountState {
    return (this.organization?.accounts.get(id)?.account.State as OrganizationAccountState | undefined) ?? 'ACTIVE';
  }

  /**
   * Who signed with `accessKeyId`: a temporary key STS issued maps to its session's account and role;
   * any other key is the management account's own identity. `undefined` for a temporary key STS never
   * issued (AWS answers it InvalidClientTokenId / UnrecognizedClientException).
   */
  caller(accessKeyId: string): Caller | undefined {
    if (!isTemporaryKey(accessKeyId)) {
      return { store: this.management, account: this.management.account, arn: this.management.callerArn, userId: 'AIDAINFERGUARDSIMULATOR' };
    }
    const session = this.sessions.get(accessKeyId);
    const store = session === undefined ? undefined : this.stores.get(session.account);
    if (session === undefined || store === undefined) return undefined;
    return { store, account: session.account, arn: session.arn, userId: session.userId };
  }

  /** Records a session STS opened, so calls signed with its key are served as `account`. */
  openSession(accessKeyId: string, session: Session): void {
    this.sessions.set(accessKeyId, session);
  }
}
