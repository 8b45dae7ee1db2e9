// The organization job's handlers: the environment and the event become `inferguard audit|drift aws --accounts
// @file --role-name ... --shard i/n` and `inferguard merge` arguments; the account list is written once, with the
// listing's gaps as a report; a shard that fails writes no report; the merge joins what exists and the listing's
// report. S3 and Organizations are in-memory fakes, the CLI a mock (listing-gaps.test.ts runs it for real).
import { readFileSync, writeFileSync } from 'node:fs';
import type { Account } from '@aws-sdk/client-organizations';
import type { Report } from '../../../../checker/run';
import { OrganizationListingError, type OrganizationsListing } from '../../../../providers/aws/live/organization';
import {
  listAccounts,
  listingReport,
  mergeArguments,
  mergeShards,
  ORGANIZATION_JOB_ENV as ENV,
  OrganizationJobConfigurationError,
  parseShardEvent,
  runShard,
  shardArguments,
  type JobDependencies,
} from '../../../../providers/aws/organization-job/handler';
import { scratchDir } from '../../../support/scratch';
import { fakeS3 } from './fake-s3';

jest.mock('../../../../bin/inferguard', () => ({ main: () => Promise.reject(new Error('tests inject the CLI')) }));

const BASE = { [ENV.bucket]: 'job-bucket', [ENV.prefix]: 'organization/aws', [ENV.shardCount]: '4', [ENV.roleName]: 'InferguardAuditor', [ENV.sessionName]: 'inferguard-audit' };
const FILES = { accounts: '/tmp/a.txt', output: '/tmp/r.json' };

describe('shardArguments', () => {
  it('audit: the account list, the member role, the shard and a JSON report', () => {
    expect(shardArguments({ ...BASE, [ENV.externalId]: 'audit-42', [ENV.regions]: 'us-east-1,eu-west-1' }, { runId: 'run-1', shard: 3 }, FILES)).toEqual([
      'audit', 'aws', '--accounts', '@/tmp/a.txt', '--role-name', 'InferguardAuditor', '--external-id', 'audit-42', '--role-session-name', 'inferguard-audit',
      '--shard', '3/4', '--regions', 'us-east-1,eu-west-1', '--format', 'json', '--output', '/tmp/r.json',
    ]);
  });

  it('drift: a snapshot store per shard (stable scope, stable history), retention, drift news, and the audit report for the merge', () => {
    const env = { ...BASE, [ENV.mode]: 'drift', [ENV.retain]: '30', [ENV.topicArn]: 'arn:aws:sns:us-east-1:111122223333:t' };
    expect(shardArguments(env, { runId: 'run-1', shard: 1 }, FILES)).toEqual([
      'drift', 'aws', '--accounts', '@/tmp/a.txt', '--role-name', 'InferguardAuditor', '--role-session-name', 'inferguard-audit', '--shard', '1/4',
      '--store', 's3://job-bucket/organization/aws/snapshots/shard-1-of-4', '--retain', '30', '--notify-sns-topic', 'arn:aws:sns:us-east-1:111122223333:t',
      '--format', 'audit-json', '--output', '/tmp/r.json',
    ]);
  });

  it('refuses an environment the construct would never set, naming the variable', () => {
    expect(() => shardArguments({ ...BASE, [ENV.roleName]: undefined }, { runId: 'r', shard: 1 }, FILES)).toThrow(`${ENV.roleName} is not set`);
    expect(() => shardArguments({ ...BASE, [ENV.mode]: 'scan' }, { runId: 'r', shard: 1 }, FILES)).toThrow('must be audit or drift');
    expect(() => shardArguments({ ...BASE, [ENV.shardCount]: '0' }, { runId: 'r', shard: 1 }, FILES)).toThrow(OrganizationJobConfigurationError);
  });

  it('takes from the event only a shard within the job\'s count and a run id that is a safe key segment', () => {
    expect(parseShardEvent({ runId: 'a1b2-c3', shard: 4 }, 4)).toEqual({ runId: 'a1b2-c3', shard: 4 });
    expect(() => parseShardEvent({ runId: 'r', shard: 5 }, 4)).toThrow('from 1 to 4');
    expect(() => parseShardEvent({ runId: 'r', shard: 1.5 }, 4)).toThrow('whole number');
    expect(() => parseShardEvent({ runId: '../other', shard: 1 }, 4)).toThrow("The event's runId");
  });

  it('merge: every report found, one merged report in the format', () => {
    expect(mergeArguments(['/t/1.json', '/t/2.json'], 4, 'ocsf', '/t/m.json')).toEqual(['merge', '/t/1.json', '/t/2.json', '--shards', '4', '--format', 'ocsf', '--output', '/t/m.json']);
  });
});

function denied(): Error {
  return Object.assign(new Error("You don't have permissions to access this resource."), { name: 'AccessDeniedException' });
}

/**
 * Organizations: the whole organization in three pages (the first empty with a token, as Organizations may answer),
 * and a root OU (active, suspended) with a nested OU (active). `fail` makes a call throw: by operation and page token.
 */
function fakeOrganizations(fail: (operation: string, token: string | undefined) => Error | undefined = () => undefined): OrganizationsListing & { calls: string[] } {
  const account = (Id: string, State: Account['State']): Account => ({ Id, State });
  const calls: string[] = [];
  const call = (operation: string, token: string | undefined) => {
    calls.push(`${operation}${token ? ` ${token}` : ''}`);
    const failure = fail(operation, token);
    if (failure) throw failure;
  };
  const pages: Record<string, { Accounts: Account[]; NextToken?: string }> = {
    first: { Accounts: [], NextToken: 'p2' },
    p2: { Accounts: [account('222222222222', 'ACTIVE'), account('333333333333', 'SUSPENDED'), account('111111111111', 'ACTIVE')], NextToken: 'p3' },
    p3: { Accounts: [account('777777777777', 'ACTIVE')] },
  };
  const byParent: Record<string, { accounts: Account[]; units: string[] }> = {
    'ou-ab12-11111111': { accounts: [account('444444444444', 'ACTIVE'), account('555555555555', 'SUSPENDED')], units: ['ou-ab12-22222222'] },
    'ou-ab12-22222222': { accounts: [account('666666666666', 'ACTIVE')], units: [] },
  };
  return {
    calls,
    describeOrganization: async () => {
      throw new Error('the job never describes the organization: the management account is excludeAccountIds\' business');
    },
    listAccounts: async (token) => {
      call('ListAccounts', token);
      return pages[token ?? 'first'];
    },
    listAccountsForParent: async (parent, token) => {
      call(`ListAccountsForParent ${parent}`, token);
      return { Accounts: byParent[parent]?.accounts ?? [] };
    },
    listOrganizationalUnitsForParent: async (parent, token) => {
      call(`ListOrganizationalUnitsForParent ${parent}`, token);
      return { OrganizationalUnits: (byParent[parent]?.units ?? []).map((Id) => ({ Id })) };
    },
  };
}

function deps(env: Record<string, string | undefined>, run: JobDependencies['run'], organizations = fakeOrganizations()): JobDependencies & { objects: Map<string, Buffer> } {
  const s3 = fakeS3();
  return { s3, organizations, run, env, workDir: scratchDir('inferguard-org-handler-'), objects: s3.objects };
}

const RUN_FILES = 'job-bucket/organization/aws/runs/exec-0001';
/** The listing report the list step of run exec-0001 would have written. */
function withListing<T extends { objects: Map<string, Buffer> }>(d: T, gaps: Report['gaps'] = []): T {
  const estate = { discovered: ['111111111111', '222222222222'], shardCount: 4, shards: [] };
  d.objects.set(`${RUN_FILES}/listing.json`, Buffer.from(JSON.stringify(listingReport({ gaps, estate }, new Date('2026-12-01T05:00:00Z')))));
  return d;
}
const listingOf = (d: { objects: Map<string, Buffer> }): Report => JSON.parse(d.objects.get(`${RUN_FILES}/listing.json`)?.toString() ?? 'null') as Report;

describe('listAccounts: the CLI\'s listing, once per run', () => {
  const run = 'exec-0001';

  it('follows every page, keeps active accounts only, sorted, without the excluded ones; the listing report has no gap', async () => {
    const d = deps({ ...BASE, [ENV.excludeAccounts]: '111111111111' }, jest.fn());
    await expect(listAccounts({ runId: run }, d)).resolves.toEqual({ runId: run, accountCount: 2, listingGaps: 0, shards: [1, 2, 3, 4] });
    expect(d.objects.get(`${RUN_FILES}/accounts.txt`)?.toString()).toBe('222222222222\n777777777777\n');
    expect(listingOf(d)).toMatchObject({ provider: 'aws', source: 'live', baseline: 'default', findings: [], gaps: [], summary: { findings: 0 } });
    // The estate as listed, covering no shard: the merged report names the suspended account as the CLI's does.
    expect(listingOf(d).estate).toEqual({ discovered: ['222222222222', '777777777777'], shardCount: 4, shards: [], inactive: [{ id: '333333333333', state: 'SUSPENDED' }] });
    expect((d.organizations as ReturnType<typeof fakeOrganizations>).calls).toEqual(['ListAccounts', 'ListAccounts p2', 'ListAccounts p3']);
  });

  it('under OUs: each OU\'s accounts and child OUs (ListAccountsForParent, ListOrganizationalUnitsForParent), nested OUs too', async () => {
    const organizations = fakeOrganizations();
    const d = deps({ ...BASE, [ENV.organizationalUnits]: 'ou-ab12-11111111' }, jest.fn(), organizations);
    await expect(listAccounts({ runId: run }, d)).resolves.toMatchObject({ accountCount: 2, listingGaps: 0 });
    expect(d.objects.get(`${RUN_FILES}/accounts.txt`)?.toString()).toBe('444444444444\n666666666666\n');
    expect(organizations.calls).toEqual([
      'ListAccountsForParent ou-ab12-11111111', 'ListOrganizationalUnitsForParent ou-ab12-11111111',
      'ListAccountsForParent ou-ab12-22222222', 'ListOrganizationalUnitsForParent ou-ab12-22222222',
    ]);
  });

  it('a page that fails after others answered: the accounts listed are audited, and the listing report holds the gap naming the scope', async () => {
    const d = deps(BASE, jest.fn(), fakeOrganizations((operation, token) => (operation === 'ListAccounts' && token === 'p3' ? denied() : undefined)));
    await expect(listAccounts({ runId: run }, d)).resolves.toMatchObject({ accountCount: 2, listingGaps: 1 });
    expect(d.objects.get(`${RUN_FILES}/accounts.txt`)?.toString()).toBe('111111111111\n222222222222\n');
    const report = listingOf(d);
    expect(report.gaps).toEqual([
      expect.objectContaining({ service: 'organizations', operation: 'ListAccounts', resourceId: 'the organization', errorCode: 'AccessDeniedException', message: expect.stringContaining('on later pages under the organization are not listed') }),
    ]);
    expect(report.summary.gaps).toBe(1);
  });

  it('a nested OU that cannot be listed is a gap naming it; its parent\'s accounts are still audited', async () => {
    const d = deps({ ...BASE, [ENV.organizationalUnits]: 'ou-ab12-11111111' }, jest.fn(), fakeOrganizations((operation) => (operation === 'ListAccountsForParent ou-ab12-22222222' ? denied() : undefined)));
    await expect(listAccounts({ runId: run }, d)).resolves.toMatchObject({ accountCount: 1, listingGaps: 1 });
    expect(d.objects.get(`${RUN_FILES}/accounts.txt`)?.toString()).toBe('444444444444\n');
    expect(listingOf(d).gaps.map((g) => [g.operation, g.resourceId, g.errorCode])).toEqual([['ListAccountsForParent', 'ou-ab12-22222222', 'AccessDeniedException']]);
  });

  it('nothing answered: the step fails, saying what failed and where the job must be deployed (not the CLI\'s --accounts), and writes nothing', async () => {
    const d = deps(BASE, jest.fn(), fakeOrganizations(() => denied()));
    const failure = listAccounts({ runId: run }, d);
    await expect(failure).rejects.toThrow(OrganizationListingError);
    await expect(failure).rejects.toThrow(/organizations:ListAccounts failed with AccessDeniedException.*ListRole.*management account or a delegated administrator/);
    await expect(failure).rejects.not.toThrow(/--accounts/);
    expect([...d.objects.keys()]).toEqual([]);
  });

  it('no account left to audit (all excluded, or the only page listed none) fails the step, naming the failed calls', async () => {
    const excluded = deps({ ...BASE, [ENV.excludeAccounts]: '111111111111,222222222222,777777777777' }, jest.fn());
    await expect(listAccounts({ runId: run }, excluded)).rejects.toThrow('No active account found in the organization (after exclusions): nothing to audit. Check');
    const partial = deps(BASE, jest.fn(), fakeOrganizations((operation, token) => (operation === 'ListAccounts' && token === 'p2' ? denied() : undefined)));
    await expect(listAccounts({ runId: run }, partial)).rejects.toThrow(/nothing to audit\. 1 listing call\(s\) failed, the first: organizations:ListAccounts on the organization \(AccessDeniedException/);
    expect([...partial.objects.keys()]).toEqual([]);
  });
});

describe('the run: list once, shards, merge', () => {
  const run = 'exec-0001';

  it('lists the accounts once, writes them for every shard, and returns the map\'s items', async () => {
    const d = deps(BASE, jest.fn());
    await expect(listAccounts({ runId: run }, d)).resolves.toEqual({ runId: run, accountCount: 3, listingGaps: 0, shards: [1, 2, 3, 4] });
    expect(d.objects.get(`job-bucket/organization/aws/runs/${run}/accounts.txt`)?.toString()).toBe('111111111111\n222222222222\n777777777777\n');
  });

  it('a shard reads the list, runs the CLI and writes its report; exit 1 and 3 are reports too', async () => {
    const d = deps(BASE, jest.fn());
    await listAccounts({ runId: run }, d);
    const cli = jest.fn(async (argv: readonly string[]) => {
      const accountsFile = argv[argv.indexOf('--accounts') + 1].slice(1);
      writeFileSync(argv[argv.indexOf('--output') + 1], JSON.stringify({ shard: argv[argv.indexOf('--shard') + 1], accounts: readFileSync(accountsFile, 'utf8').trim().split('\n') }));
      return argv.includes('2/4') ? 3 : 1;
    });
    const shardDeps = { ...d, run: cli };
    await expect(runShard({ runId: run, shard: 1 }, shardDeps)).resolves.toEqual({ shard: 1, exitCode: 1, reportKey: `organization/aws/runs/${run}/shards/1-of-4.json` });
    await expect(runShard({ runId: run, shard: 2 }, shardDeps)).resolves.toMatchObject({ exitCode: 3 });
    expect(JSON.parse(d.objects.get(`job-bucket/organization/aws/runs/${run}/shards/1-of-4.json`)?.toString() ?? '')).toEqual({ shard: '1/4', accounts: ['111111111111', '222222222222', '777777777777'] });
  });

  it('a shard with a usage error, or without a report, throws and writes nothing (the merge lists it as a gap)', async () => {
    const d = deps(BASE, jest.fn());
    await listAccounts({ runId: run }, d);
    await expect(runShard({ runId: run, shard: 3 }, { ...d, run: async () => 2 })).rejects.toThrow('exit code 2 and wrote no report');
    await expect(runShard({ runId: run, shard: 3 }, { ...d, run: async () => 0 })).rejects.toThrow('wrote no report');
    expect([...d.objects.keys()].filter((k) => k.includes('/shards/'))).toEqual([]);
  });

  it('the merge joins the reports that exist and the listing\'s (JSON and OCSF) and says how many shards are missing', async () => {
    const d = withListing(deps(BASE, jest.fn()));
    for (const shard of [1, 2, 4]) d.objects.set(`job-bucket/organization/aws/runs/${run}/shards/${shard}-of-4.json`, Buffer.from(`{"shard":${shard}}`));
    const seen: string[][] = [];
    const cli = jest.fn(async (argv: readonly string[]) => {
      seen.push(argv.slice(1, argv.indexOf('--shards')).map((f) => readFileSync(f, 'utf8')));
      writeFileSync(argv[argv.indexOf('--output') + 1], `merged as ${argv[argv.indexOf('--format') + 1]}`);
      return 3;
    });
    const done = await mergeShards({ runId: run }, { ...d, run: cli });
    const listing = d.objects.get(`${RUN_FILES}/listing.json`)?.toString();
    expect(seen).toEqual([['{"shard":1}', '{"shard":2}', '{"shard":4}', listing], ['{"shard":1}', '{"shard":2}', '{"shard":4}', listing]]);
    expect(cli.mock.calls.map(([argv]) => argv[argv.indexOf('--format') + 1])).toEqual(['json', 'ocsf']);
    expect(cli.mock.calls.map(([argv]) => argv[argv.indexOf('--shards') + 1])).toEqual(['4', '4']);
    expect(d.objects.get(`job-bucket/organization/aws/runs/${run}/merged.json`)?.toString()).toBe('merged as json');
    expect(d.objects.get(`job-bucket/organization/aws/runs/${run}/merged.ocsf.json`)?.toString()).toBe('merged as ocsf');
    expect(done).toMatchObject({ exitCode: 3, shardReports: 3, shardCount: 4, listingGaps: 0, notify: true });
    expect(done.message).toContain('3 of 4 shard reports merged (the missing shards are gaps in the report).');
  });

  it('the message counts the listing\'s gaps; a run whose listing report is missing fails rather than merge without it', async () => {
    const gap = { service: 'organizations', operation: 'ListAccounts', resourceId: 'the organization', errorCode: 'TooManyRequestsException', message: 'Rate exceeded' };
    const d = withListing(deps(BASE, jest.fn()), [gap]);
    d.objects.set(`${RUN_FILES}/shards/1-of-4.json`, Buffer.from('{}'));
    const cli = async (argv: readonly string[]) => {
      writeFileSync(argv[argv.indexOf('--output') + 1], '{}');
      return 3;
    };
    const done = await mergeShards({ runId: run }, { ...d, run: cli });
    expect(done).toMatchObject({ listingGaps: 1, notify: true });
    expect(done.message).toContain('the account listing has 1 gap(s) (accounts Organizations did not list were not audited)');
    d.objects.delete(`${RUN_FILES}/listing.json`);
    await expect(mergeShards({ runId: run }, { ...d, run: cli })).rejects.toThrow(`The account listing's report s3://${RUN_FILES}/listing.json could not be read (NoSuchKey`);
  });

  it('notifies in audit mode on findings or gaps, in drift mode only on gaps (shards publish their drift)', async () => {
    const withReport = () => {
      const d = withListing(deps(BASE, jest.fn()));
      d.objects.set(`job-bucket/organization/aws/runs/${run}/shards/1-of-4.json`, Buffer.from('{}'));
      return d;
    };
    const exits = (code: number) => async (argv: readonly string[]) => {
      writeFileSync(argv[argv.indexOf('--output') + 1], '{}');
      return code;
    };
    const outcome = async (mode: string, code: number) => (await mergeShards({ runId: run }, { ...withReport(), env: { ...BASE, [ENV.mode]: mode }, run: exits(code) })).notify;
    expect([await outcome('audit', 0), await outcome('audit', 1), await outcome('audit', 3)]).toEqual([false, true, true]);
    expect([await outcome('drift', 0), await outcome('drift', 1), await outcome('drift', 3)]).toEqual([false, false, true]);
  });

  it('a run where no shard wrote a report fails (the run-failed alarm fires), and a merge usage error too', async () => {
    const d = withListing(deps(BASE, jest.fn()));
    await expect(mergeShards({ runId: run }, d)).rejects.toThrow('all 4 shards failed');
    d.objects.set(`job-bucket/organization/aws/runs/${run}/shards/1-of-4.json`, Buffer.from('{}'));
    await expect(mergeShards({ runId: run }, { ...d, run: async () => 2 })).rejects.toThrow('inferguard merge ended with exit code 2');
  });
});
