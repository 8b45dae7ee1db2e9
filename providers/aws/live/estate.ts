// Organization-wide audit: the estate (the organization's ACTIVE accounts, or an explicit list) is split
// by `--shard`, and each selected account is audited as a named read-only role assumed in it. The
// caller's own credentials make only the listing and the AssumeRole calls.
//
// Rate limits: AWS throttles the member APIs (SageMaker, KMS, ...) per account, so each account keeps its
// own clients, adaptive limiters and `concurrency` call budget, and `accountConcurrency` accounts run at
// once; only their keep-alive connections are shared (a request is signed on its own). The calls charged
// to the caller (Organizations listing, sts:AssumeRole) go through one Organizations listing per process
// and one STS client shared by every account, so its adaptive rate limiter backs off for all of them together.
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import pLimit from 'p-limit';
import type { CoverageGap, InactiveMember, Inventory } from '../../../policies/model';
import { mergeInventories } from '../../../policies/model';
import { DEFAULT_REQUEST_TIMEOUT_MS } from '../../collect/context';
import { partitionEstate, type Shard } from '../../collect/estate';
import { parseArn } from '../platform';
import { auditAccount } from './account';
import { DEFAULT_SESSION_NAME, assumeRoleProblem, callerStsClient, roleCredentials } from './assume-role';
import { ConnectionPool, describeAwsFailure, type ClientSettings, type ProgressListener } from './context';
import { ACCOUNT_ID, ORGANIZATIONS_MAX_ATTEMPTS, PARENT_ID, listOrganizationAccounts, managementAccount, organizationsListing } from './organization';
import { AwsAuditOptionsError, DEFAULT_CONCURRENCY, DEFAULT_MAX_ATTEMPTS, checkEndpointUrl, defaultRegion, positiveInteger } from './options';

export { OrganizationListingError } from './organization';

/** Where the accounts come from: AWS Organizations (optionally under OUs), or a list the caller already has. */
export type AccountSource =
  | {
      readonly organization: {
        readonly organizationalUnits?: readonly string[];
        /** Audit the management account too (through the same role, deployed there separately); left out by default. */
        readonly includeManagementAccount?: boolean;
      };
    }
  | { readonly accounts: readonly string[] };

export interface AwsEstateOptions {
  readonly source: AccountSource;
  /** The read-only auditor role deployed in every account (e.g. by a StackSet): arn:<partition>:iam::<account>:role/<roleName>. */
  readonly roleName: string;
  readonly externalId?: string;
  /** Shows in each member account's CloudTrail: who audited. */
  readonly sessionName?: string;
  readonly shard?: Shard;
  /** Accounts audited at once (default 4). */
  readonly accountConcurrency?: number;
  /** Regions audited in every account; the first also picks the regional STS endpoint. */
  readonly regions: readonly string[];
  readonly endpointUrl?: string;
  readonly profile?: string;
  /** Calls in flight per account (default 16). */
  readonly concurrency?: number;
  readonly maxAttempts?: number;
  readonly requestTimeoutMs?: number;
  readonly onProgress?: ProgressListener;
}

export const DEFAULT_ACCOUNT_CONCURRENCY = 4;
/**
 * AssumeRole calls in flight at most, whatever the account concurrency: they are charged to the caller's
 * account, which every shard of the estate shares, while each account's reads are charged to that account.
 */
const ASSUME_ROLE_IN_FLIGHT = 4;
/**
 * Attempts per AssumeRole unless `maxAttempts` is set: every account's assume call draws on the caller's one
 * STS rate limit, so a burst of throttling must not cost an account its audit (CI lost one at 5).
 */
const ASSUME_ROLE_MAX_ATTEMPTS = 10;
/** IAM role names: 1-64 characters of letters, digits and +=,.@_- (a path is not part of --role-name). */
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;

/** The caller's credentials do not work at all (no identity): nothing can be listed or assumed. */
export class CallerIdentityError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CallerIdentityError';
  }
}

export async function collectAwsEstate(options: AwsEstateOptions): Promise<Inventory> {
  const concurrency = positiveInteger(options.concurrency ?? DEFAULT_CONCURRENCY, 'concurrency');
  const accountConcurrency = positiveInteger(options.accountConcurrency ?? DEFAULT_ACCOUNT_CONCURRENCY, 'accountConcurrency');
  const maxAttempts = positiveInteger(options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS, 'maxAttempts');
  const requestTimeoutMs = positiveInteger(options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS, 'requestTimeoutMs');
  if (options.endpointUrl !== undefined) checkEndpointUrl(options.endpointUrl);
  const sessionName = options.sessionName ?? DEFAULT_SESSION_NAME;
  checkSource(options.source);
  if (!ROLE_NAME.test(options.roleName)) throw new AwsAuditOptionsError(`--role-name "${options.roleName}" is not an IAM role name: 1 to 64 characters of letters, digits and +=,.@_- (the name only, e.g. InferguardAuditor)`);
  const problem = assumeRoleProblem({ roleArn: `arn:aws:iam::000000000000:role/${options.roleName}`, sessionName, ...(options.externalId !== undefined ? { externalId: options.externalId } : {}) });
  if (problem) throw new AwsAuditOptionsError(problem);
  const regions = options.regions.length > 0 ? [...new Set(options.regions)] : [await defaultRegion(options.profile)];

  const connection = {
    region: regions[0],
    ...(options.endpointUrl ? { endpointUrl: options.endpointUrl } : {}),
    ...(options.profile ? { profile: options.profile } : {}),
    requestTimeoutMs,
  };
  const sts = callerStsClient({ ...connection, maxAttempts: options.maxAttempts ?? ASSUME_ROLE_MAX_ATTEMPTS });
  // Every account's clients talk to the same regional endpoints: one set of connections for all of them.
  const connections = new ConnectionPool();
  try {
    const partition = await callerPartition(sts);
    const listing = await discover(options.source, connection);
    const { selected, coverage } = partitionEstate(listing.accounts, options.shard, listing.inactive);

    const assumeLimit = pLimit(ASSUME_ROLE_IN_FLIGHT);
    const accountLimit = pLimit(accountConcurrency);
    const progress = progressOf(options.onProgress, selected.length);
    const outcomes = await Promise.all(
      selected.map((account) =>
        accountLimit(async (): Promise<Inventory | CoverageGap> => {
          const roleArn = `arn:${partition}:iam::${account}:role/${options.roleName}`;
          const credentials = roleCredentials(sts, { roleArn, sessionName, ...(options.externalId !== undefined ? { externalId: options.externalId } : {}) }, assumeLimit);
          try {
            // A role that cannot be assumed is one gap for the account, not one per call.
            await credentials();
          } catch (error) {
            progress();
            return unassumable(account, roleArn, options.externalId !== undefined, error);
          }
          const settings: ClientSettings = {
            maxAttempts,
            credentials,
            requestTimeoutMs,
            connections,
            ...(options.endpointUrl ? { endpointUrl: options.endpointUrl } : {}),
          };
          const inventory = await auditAccount(settings, regions, concurrency);
          progress();
          return { ...inventory, gaps: inventory.gaps.map((gap) => inAccount(gap, account)) };
        }),
      ),
    );

    const audited = outcomes.filter((o): o is Inventory => 'resources' in o);
    const assumeGaps = outcomes.filter((o): o is CoverageGap => !('resources' in o));
    const merged = audited.length > 0 ? mergeInventories(audited) : undefined;
    return {
      provider: 'aws',
      source: 'live',
      // The accounts whose role was assumed and read, whether or not they hold endpoints.
      scope: { accounts: selected.filter((_, i) => 'resources' in outcomes[i]), regions: [...regions] },
      resources: merged?.resources ?? [],
      ...(merged?.keyReferences ? { keyReferences: merged.keyReferences } : {}),
      gaps: [...listing.gaps, ...assumeGaps, ...(merged?.gaps ?? [])],
      estate: coverage,
    };
  } finally {
    sts.destroy();
    connections.close();
  }
}

function checkSource(source: AccountSource): void {
  if ('accounts' in source) {
    if (source.accounts.length === 0) throw new AwsAuditOptionsError('--accounts lists no account: give 12-digit account ids, separated by commas, or @FILE');
    const bad = source.accounts.filter((id) => !ACCOUNT_ID.test(id));
    if (bad.length > 0) throw new AwsAuditOptionsError(`--accounts: ${bad.map((id) => `"${id}"`).join(', ')} ${bad.length === 1 ? 'is not an account id' : 'are not account ids'}: AWS account ids are 12 digits, e.g. 123456789012`);
    return;
  }
  const bad = (source.organization.organizationalUnits ?? []).filter((id) => !PARENT_ID.test(id));
  if (bad.length > 0) throw new AwsAuditOptionsError(`--ou: ${bad.map((id) => `"${id}"`).join(', ')} is not an organizational unit id (ou-xxxx-xxxxxxxx) or root id (r-xxxx); aws organizations list-organizational-units-for-parent shows them`);
}

/** The caller's partition (aws, aws-cn, aws-us-gov, ...), which every role ARN must use. GetCallerIdentity needs no permission. */
async function callerPartition(sts: STSClient): Promise<string> {
  let arn: string | undefined;
  try {
    arn = (await sts.send(new GetCallerIdentityCommand({}))).Arn;
  } catch (error) {
    // No credentials at all: the caller's own message (which profile, which variables) says it better.
    if (error instanceof Error && error.name === 'CredentialsProviderError') throw error;
    const { code, message } = describeAwsFailure(error);
    throw new CallerIdentityError(`the caller's credentials were refused by sts:GetCallerIdentity (${code}: ${message}). Check the profile or the credentials in the environment`);
  }
  const partition = arn ? parseArn(arn)?.partition : undefined;
  if (!partition) throw new CallerIdentityError(`sts:GetCallerIdentity answered without a caller ARN ("${arn ?? ''}"): not the documented response`);
  return partition;
}

async function discover(source: AccountSource, connection: { region: string; endpointUrl?: string; profile?: string; requestTimeoutMs: number }): Promise<{ accounts: readonly string[]; inactive: readonly InactiveMember[]; gaps: readonly CoverageGap[] }> {
  if ('accounts' in source) return { accounts: [...new Set(source.accounts)], inactive: [], gaps: [] };
  const client = new OrganizationsClient({
    region: connection.region,
    retryMode: 'adaptive',
    maxAttempts: ORGANIZATIONS_MAX_ATTEMPTS,
    ...(connection.endpointUrl ? { endpoint: connection.endpointUrl } : {}),
    ...(connection.profile ? { profile: connection.profile } : {}),
    requestHandler: { requestTimeout: connection.requestTimeoutMs, connectionTimeout: connection.requestTimeoutMs, throwOnRequestTimeout: true },
  });
  try {
    const organizations = organizationsListing(client);
    const management = source.organization.includeManagementAccount ? undefined : await managementAccount(organizations);
    const listing = await listOrganizationAccounts(organizations, source.organization.organizationalUnits ?? []);
    return { accounts: listing.active.filter((id) => id !== management), inactive: listing.inactive, gaps: listing.gaps };
  } finally {
    client.destroy();
  }
}

function unassumable(account: string, roleArn: string, withExternalId: boolean, error: unknown): CoverageGap {
  const { code, message } = describeAwsFailure(error);
  return {
    service: 'sts',
    operation: 'AssumeRole',
    resourceId: account,
    errorCode: code,
    message: `account ${account} was not audited: could not assume ${roleArn} (${message}). Deploy the read-only auditor role (providers/aws/live/auditor-policy.json) in the account with a trust policy that allows the caller${withExternalId ? ' with this external id' : ''}, and give the caller sts:AssumeRole on it`,
  };
}

/** Gaps inside one account name it: a region or an operation alone is ambiguous across an estate. */
function inAccount(gap: CoverageGap, account: string): CoverageGap {
  return gap.message.startsWith(`account ${account}: `) ? gap : { ...gap, message: `account ${account}: ${gap.message}` };
}

/** Counts audited (or given-up) accounts as the `accounts` phase: "accounts 3/40". */
function progressOf(onProgress: ProgressListener | undefined, total: number): () => void {
  let done = 0;
  onProgress?.({ phase: 'accounts', done, total });
  return () => {
    done += 1;
    onProgress?.({ phase: 'accounts', done, total });
  };
}
