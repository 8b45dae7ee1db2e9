// The organization job end to end against the AWS simulator, as the state machine runs it: the list step lists the
// organization over HTTP (the CLI's listing), the shards run the real CLI (`audit aws --accounts @file --shard i/2`),
// the merge step runs the real `inferguard merge`. A listing page Organizations refuses is never a silent hole: its
// gap reaches the merged report, whose exit code says incomplete, and the accounts it would have listed appear nowhere.
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import type { Report } from '../../../../checker/run';
import { organizationsListing } from '../../../../providers/aws/live/organization';
import { listAccounts, mergeShards, ORGANIZATION_JOB_ENV as ENV, runShard, type JobDependencies } from '../../../../providers/aws/organization-job/handler';
import { simulatorClientEnv } from '../../../../sim/aws/client-env';
import { ORGANIZATION_AUDITOR_ROLE, ORGANIZATION_MANAGEMENT_ACCOUNT, organizationScenario, planMembers, startAwsSimulator, type RunningAwsSimulator } from '../../../../sim/aws/index';
import { scratchDir } from '../../../support/scratch';
import { runCli } from '../../../bin/cli-harness';
import { isolateAwsEnvironment } from '../live/support';
import { fakeS3 } from './fake-s3';

isolateAwsEnvironment();

// 21 members and the management account: two ListAccounts pages (the simulator pages by 20, as Organizations may).
const scenario = { members: 21, regions: ['us-east-1'], endpointsPerRegion: 1, suspended: 0, withoutAuditorRole: 0 };
const members = planMembers(scenario).map((m) => m.account);
const SDK_ENV = simulatorClientEnv(undefined, 'us-east-1');
const RUN = 'exec-listing-gap';
const BUCKET = 'job-bucket';
const ENVIRONMENT = {
  [ENV.bucket]: BUCKET,
  [ENV.prefix]: 'organization/aws',
  [ENV.shardCount]: '2',
  [ENV.roleName]: ORGANIZATION_AUDITOR_ROLE,
  [ENV.sessionName]: 'inferguard-audit',
  [ENV.regions]: 'us-east-1',
  // The management account holds no auditor role: the construct's business, through excludeAccountIds.
  [ENV.excludeAccounts]: ORGANIZATION_MANAGEMENT_ACCOUNT,
};
let sim: RunningAwsSimulator;
let client: OrganizationsClient;

beforeAll(async () => {
  sim = await startAwsSimulator(organizationScenario(scenario));
  client = new OrganizationsClient({ endpoint: sim.url, region: 'us-east-1', maxAttempts: 1 });
});
afterAll(async () => {
  client.destroy();
  await sim.close();
});

function jobDependencies(): JobDependencies & { objects: Map<string, Buffer> } {
  const s3 = fakeS3();
  return {
    s3,
    organizations: organizationsListing(client),
    // The shard and merge functions run the CLI; here it reaches the simulator.
    run: async (argv) => {
      const withEndpoint = argv[0] === 'merge' ? [...argv] : [...argv, '--endpoint-url', sim.url];
      return (await runCli([...withEndpoint, '--quiet'], { env: SDK_ENV })).code;
    },
    env: ENVIRONMENT,
    workDir: scratchDir('inferguard-org-listing-gap-'),
    objects: s3.objects,
  };
}

it('a refused second ListAccounts page: the listed accounts are audited, and the gap reaches the merged report (exit 3, notified)', async () => {
  const deps = jobDependencies();
  // The second ListAccounts call (page 2) answers AccessDenied once; the first page answers.
  sim.setFaults([{ service: 'organizations', operation: 'ListAccounts', fault: 'AccessDenied', everyNth: 2, times: 1 }]);
  try {
    const listed = await listAccounts({ runId: RUN }, deps);
    expect(listed).toMatchObject({ listingGaps: 1, shards: [1, 2] });
    // Page 1: 20 accounts, the management account among them and excluded.
    expect(listed.accountCount).toBe(19);
  } finally {
    sim.setFaults([]);
  }
  const accountList = deps.objects.get(`${BUCKET}/organization/aws/runs/${RUN}/accounts.txt`)?.toString().trim().split('\n') ?? [];
  const unlisted = members.filter((m) => !accountList.includes(m));
  expect(unlisted).toHaveLength(2);
  expect(accountList.every((id) => members.includes(id))).toBe(true);

  for (const shard of [1, 2]) await expect(runShard({ runId: RUN, shard }, deps)).resolves.toMatchObject({ shard });
  const done = await mergeShards({ runId: RUN }, deps);
  expect(done).toMatchObject({ exitCode: 3, shardReports: 2, listingGaps: 1, notify: true });
  expect(done.message).toContain('the account listing has 1 gap(s)');

  const merged = JSON.parse(deps.objects.get(`${BUCKET}/${done.reportKey}`)?.toString() ?? 'null') as Report;
  expect(merged.gaps).toEqual([
    expect.objectContaining({ service: 'organizations', operation: 'ListAccounts', resourceId: 'the organization', errorCode: 'AccessDeniedException', message: expect.stringContaining('on later pages under the organization are not listed') }),
  ]);
  expect(merged.scope.accounts).toEqual([...accountList].sort());
  expect(merged.estate).toEqual({ discovered: [...accountList].sort(), shardCount: 2, shards: [1, 2] });
  // Nothing invented: no finding for an account the listing never returned.
  const findingAccounts = new Set(merged.findings.map((f) => f.resourceId.split(':')[4]));
  for (const account of unlisted) expect(findingAccounts.has(account)).toBe(false);
  expect(merged.findings.length).toBeGreaterThan(0);
}, 60_000);
