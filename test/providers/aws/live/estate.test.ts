// collectAwsEstate against the simulator: the external id reaches every AssumeRole, and each account's
// progress is counted.
import { collectAwsEstate } from '../../../../providers/aws/live/index';
import { FAULT_KINDS } from '../../../../sim/core/faults';
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

  // Every fault the simulator injects on AssumeRole (403, throttled past the retries, 500, a truncated, empty or
  // HTML 200, a hung call cut by the request timeout): each account is a gap naming it, nothing is read or invented.
  it.each(FAULT_KINDS)('makes each account a gap naming it when AssumeRole answers %s', async (fault) => {
    sim.setFaults([{ service: 'sts', operation: 'AssumeRole', fault }]);
    try {
      const inventory = await collectAwsEstate({ source: { accounts: members }, roleName: ORGANIZATION_AUDITOR_ROLE, externalId: 'inferguard-ext-7', regions: ['us-east-1'], endpointUrl: sim.url, maxAttempts: 2, requestTimeoutMs: 2_000 });
      expect(inventory.gaps.map((g) => [g.service, g.operation, g.resourceId])).toEqual(members.map((account) => ['sts', 'AssumeRole', account]));
      expect(inventory.resources).toEqual([]);
      expect(inventory.scope.accounts).toEqual([]);
    } finally {
      sim.setFaults([]);
    }
  });

  it('splits an explicit list into shards as it splits an organization: each account in exactly one', async () => {
    const parts = await Promise.all([1, 2].map((index) => collectAwsEstate({ source: { accounts: members }, roleName: ORGANIZATION_AUDITOR_ROLE, externalId: 'inferguard-ext-7', regions: ['us-east-1'], endpointUrl: sim.url, shard: { index, count: 2 } })));
    expect([...parts[0].scope.accounts, ...parts[1].scope.accounts].sort()).toEqual([...members].sort());
    expect(parts[0].scope.accounts.filter((a) => parts[1].scope.accounts.includes(a))).toEqual([]);
  });
});
