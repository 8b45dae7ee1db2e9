// Rate limits across an estate, measured in the simulator: the calls charged to the caller (Organizations
// listing, sts:AssumeRole) for an organization of 40 accounts, with and without throttling of those calls,
// at 4 accounts at once (the report of issue 11 gives the numbers at 1, 4 and 8, measured with this file). The listing is made once per process and every account's role once;
// throttled calls are retried by the SDK's adaptive strategy, and no account is lost to them.
import { collectAwsEstate } from '../../../../providers/aws/live/index';
import { ORGANIZATION_AUDITOR_ROLE, organizationScenario, planMembers, startAwsSimulator, type RunningAwsSimulator } from '../../../../sim/aws/index';
import { isolateAwsEnvironment } from './support';

isolateAwsEnvironment();

const MEMBERS = 40;
const options = { members: MEMBERS, regions: ['us-east-1'], endpointsPerRegion: 2, suspended: 2, withoutAuditorRole: 1 };
const plans = planMembers(options);
const active = plans.filter((p) => p.kind !== 'suspended').length;

let sim: RunningAwsSimulator;
beforeAll(async () => {
  sim = await startAwsSimulator(organizationScenario(options), { latencyMs: 5 });
});
afterAll(async () => {
  await sim.close();
});

async function measure(accountConcurrency: number) {
  sim.resetCalls();
  const started = Date.now();
  const inventory = await collectAwsEstate({ source: { organization: {} }, roleName: ORGANIZATION_AUDITOR_ROLE, regions: ['us-east-1'], endpointUrl: sim.url, accountConcurrency, concurrency: 8 });
  const wallMs = Date.now() - started;
  const calls = sim.calls();
  const of = (service: string, operation?: string) => calls.filter((c) => c.service === service && (operation === undefined || c.operation === operation));
  const row = {
    accountConcurrency,
    wallMs,
    describeOrganization: of('organizations', 'DescribeOrganization').length,
    listAccounts: of('organizations', 'ListAccounts').length,
    organizationsThrottled: of('organizations').filter((c) => c.fault === 'Throttling').length,
    getCallerIdentity: of('sts', 'GetCallerIdentity').length,
    assumeRole: of('sts', 'AssumeRole').length,
    stsThrottled: of('sts').filter((c) => c.fault === 'Throttling').length,
    memberCalls: calls.length - of('organizations').length - of('sts').length,
  };
  return { inventory, row };
}

describe(`an organization of ${MEMBERS} accounts in the simulator`, () => {
  const rows: object[] = [];
  afterAll(() => {
    // The numbers for the report (docs): calls charged to the caller per run.
    process.stderr.write(`estate-rate: ${JSON.stringify(rows, null, 1)}\n`);
  });

  it.each([4])('account concurrency %i: one listing, one AssumeRole per active account, no throttling', async (accountConcurrency) => {
    sim.setFaults([]);
    const { inventory, row } = await measure(accountConcurrency);
    rows.push({ throttling: 'none', ...row });
    expect(inventory.estate?.discovered).toHaveLength(active);
    expect(row).toMatchObject({ describeOrganization: 1, listAccounts: Math.ceil((MEMBERS + 1) / 20), getCallerIdentity: 1, assumeRole: active, organizationsThrottled: 0, stsThrottled: 0 });
    expect(inventory.gaps.map((g) => `${g.service}:${g.operation}`)).toEqual(['sts:AssumeRole']);
  }, 120_000);

  it.each([4])('account concurrency %i: every 3rd AssumeRole and every 2nd listing call throttled, retried without losing an account', async (accountConcurrency) => {
    sim.setFaults([
      { service: 'sts', operation: 'AssumeRole', fault: 'Throttling', everyNth: 3 },
      { service: 'organizations', operation: 'ListAccounts', fault: 'Throttling', everyNth: 2 },
    ]);
    try {
      const { inventory, row } = await measure(accountConcurrency);
      rows.push({ throttling: 'AssumeRole every 3rd, ListAccounts every 2nd', ...row });
      expect(inventory.estate?.discovered).toHaveLength(active);
      // Only the member without the role is a gap: throttled calls were retried, not given up.
      expect(inventory.gaps.map((g) => `${g.service}:${g.operation}:${g.errorCode}`)).toEqual(['sts:AssumeRole:AccessDenied']);
      expect(row.stsThrottled).toBeGreaterThan(0);
      expect(row.organizationsThrottled).toBeGreaterThan(0);
      expect(row.assumeRole - row.stsThrottled).toBe(active);
    } finally {
      sim.setFaults([]);
    }
  }, 120_000);
});
