// An organization's audit, run for real with runAudit: once over the whole estate and once per shard
// (the estate split by partitionEstate), for the merge tests. Each account holds its own copy of a small
// inventory (its ids carry the account); one account's role cannot be assumed (a gap naming it).
import { runAudit, type Report } from '../../../checker/run';
import { defaultBaseline } from '../../../policies/baseline';
import type { CoverageGap, EstateCoverage, Inventory, Resource } from '../../../policies/model';
import type { Waiver } from '../../../policies/waivers';
import { partitionEstate } from '../../../providers/collect/estate';
import { ACCOUNT, BUCKET_ID, REGION, SG_ID, VPC_ID, compliantInventory } from '../../support/builders';
import { NOW, WAIVERS, sampleInventory } from '../sample-report';

/** Six member accounts; with 3 shards: shard 1 holds 555566667777, shard 2 111122223333 and 666677778888, shard 3 the rest. */
export const ACCOUNTS = ['111122223333', '222233334444', '333344445555', '444455556666', '555566667777', '666677778888'] as const;
/** The account whose auditor role cannot be assumed: a gap, and nothing of it is read. */
export const UNREADABLE_ACCOUNT = '444455556666';
/** An account with only compliant resources in a failing estate. */
const COMPLIANT_ACCOUNT = '333344445555';

/** One account's inventory: the sample (failures, a waived failure, an unknown, a gap) or a compliant one, its ids made the account's own. */
function accountInventory(account: string, clean: boolean): Inventory {
  const base = clean || account === COMPLIANT_ACCOUNT ? compliantInventory() : sampleInventory();
  const text = JSON.stringify(base)
    .replaceAll(ACCOUNT, account)
    .replaceAll(BUCKET_ID, `${BUCKET_ID}-${account}`)
    .replaceAll(VPC_ID, `${VPC_ID}-${account}`)
    .replaceAll(SG_ID, `${SG_ID}-${account}`);
  return JSON.parse(text) as Inventory;
}

function assumeRoleGap(account: string): CoverageGap {
  return {
    service: 'sts',
    operation: 'AssumeRole',
    resourceId: account,
    errorCode: 'AccessDenied',
    message: `User is not authorized to perform sts:AssumeRole on arn:aws:iam::${account}:role/InferguardAuditor`,
  };
}

/** The inventory one run reads: the selected accounts, with the coverage partitionEstate gives. */
function estateInventory(selected: readonly string[], coverage: EstateCoverage, clean: boolean): Inventory {
  const resources: Resource[] = [];
  const gaps: CoverageGap[] = [];
  for (const account of selected) {
    if (account === UNREADABLE_ACCOUNT) {
      gaps.push(assumeRoleGap(account));
      continue;
    }
    const inventory = accountInventory(account, clean);
    resources.push(...inventory.resources);
    gaps.push(...inventory.gaps);
  }
  return { provider: 'aws', source: 'live', scope: { accounts: [...selected], regions: [REGION] }, resources, gaps, estate: coverage };
}

/** A waiver for one account's legacy endpoint only: unused in every shard but that account's. */
export const ONE_ACCOUNT_WAIVER: Waiver = {
  id: 'WVR-ONE',
  control: 'model-private-network',
  resource: `arn:aws:sagemaker:${REGION}:222233334444:endpoint/legacy`,
  reason: 'Moves to a VPC next quarter.',
  approvedBy: 'security-team',
  expires: '2026-12-31',
};

export interface OrgOptions {
  /** Every readable account compliant (the estate's only problem is the unreadable account, or a missing shard). */
  readonly clean?: boolean;
  /** Leave out the unreadable account. */
  readonly allReadable?: boolean;
  readonly now?: Date;
}

function audit(inventory: Inventory, now: Date): Report {
  return runAudit({ inventory, baseline: defaultBaseline(), waivers: [...WAIVERS, ONE_ACCOUNT_WAIVER], now });
}

function estate(options: OrgOptions): string[] {
  return ACCOUNTS.filter((a) => !(options.allReadable && a === UNREADABLE_ACCOUNT));
}

/** One run over the whole estate. */
export function wholeEstateReport(options: OrgOptions = {}): Report {
  const part = partitionEstate(estate(options), undefined);
  return audit(estateInventory(part.selected, part.coverage, options.clean === true), options.now ?? NOW);
}

/** Shard `index` of `count`, as `audit aws --organization --shard index/count` would report it. */
export function shardReport(index: number, count: number, options: OrgOptions = {}): Report {
  const part = partitionEstate(estate(options), { index, count });
  return audit(estateInventory(part.selected, part.coverage, options.clean === true), options.now ?? NOW);
}

/** The accounts partitionEstate puts in a shard. */
export function accountsOfShard(index: number, count: number, options: OrgOptions = {}): readonly string[] {
  return partitionEstate(estate(options), { index, count }).selected;
}
