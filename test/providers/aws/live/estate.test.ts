// collectAwsEstate against the simulator: the external id reaches every AssumeRole, and each account's
// progress is counted.
import { collectAwsEstate } from '../../../../providers/aws/live/index';
import { ORGANIZATION_AUDITOR_ROLE, organizationScenario, planMembers, startAwsSimulator, type RunningAwsSimulator } from '../../../../sim/aws/index';
import { isolateAwsEnvironment } from './support';

isolateAwsEnvironment();

const options = { members: 3, regions: ['us-east-1'], endpointsPerRegion: 1, suspended: 0, withoutAuditorRole: 0, externalId: 'inferguard-ext-7' };
const members = planMembers(options).map((m) => m.account);
let sim: RunningAwsSimulator;

beforeAll(async () => {
  sim = await startAwsSimulator(organizationScenario(options));
});
afterAll(async () => {
  await sim.close();
});

const audit = (extra: { externalId?: string; onProgress?: Parameters<typeof collectAwsEstate>[0]['onProgress'] } = {}) =>
  collectAwsEstate({ source: { accounts: members }, roleName: ORGANIZATION_AUDITOR_ROLE, regions: ['us-east-1'], endpointUrl: sim.url, ...extra });

describe('collectAwsEstate', () => {
  it('passes the external id the roles trust, and without it every account is a gap that says so', async () => {
    const without = await audit();
    expect(without.gaps.map((g) => [g.service, g.operation, g.resourceId, g.errorCode])).toEqual(members.map((account) => ['sts', 'AssumeRole', account, 'AccessDenied']));
    expect(without.resources).toEqual([]);
    expect(without.scope.accounts).toEqual([]);

    const events: { done: number; total: number }[] = [];
    const withId = await audit({ externalId: 'inferguard-ext-7', onProgress: (e) => void (e.phase === 'accounts' && events.push({ done: e.done, total: e.total })) });
    expect(withId.gaps).toEqual([]);
    expect(withId.scope.accounts).toEqual(members);
    expect(withId.estate).toEqual({ discovered: [...members].sort(), shardCount: 1, shards: [1] });
    expect(events).toEqual([0, 1, 2, 3].map((done) => ({ done, total: 3 })));
  });

  it('splits an explicit list into shards as it splits an organization: each account in exactly one', async () => {
    const parts = await Promise.all([1, 2].map((index) => collectAwsEstate({ source: { accounts: members }, roleName: ORGANIZATION_AUDITOR_ROLE, externalId: 'inferguard-ext-7', regions: ['us-east-1'], endpointUrl: sim.url, shard: { index, count: 2 } })));
    expect([...parts[0].scope.accounts, ...parts[1].scope.accounts].sort()).toEqual([...members].sort());
    expect(parts[0].scope.accounts.filter((a) => parts[1].scope.accounts.includes(a))).toEqual([]);
  });
});
