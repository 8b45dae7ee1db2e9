// The organization job's handlers: the environment and the event become `inferguard audit|drift aws --accounts
// @file --role-name ... --shard i/n` and `inferguard merge` arguments; the account list is written once; a shard
// that fails writes no report; the merge joins what exists. S3 and Organizations are in-memory fakes, the CLI a mock.
import { readFileSync, writeFileSync } from 'node:fs';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { ListAccountsCommand, ListAccountsForParentCommand, ListChildrenCommand } from '@aws-sdk/client-organizations';
import {
  listAccounts,
  mergeArguments,
  mergeShards,
  ORGANIZATION_JOB_ENV as ENV,
  OrganizationJobConfigurationError,
  parseShardEvent,
  runShard,
  shardArguments,
  type JobDependencies,
} from '../../../../providers/aws/organization-job/handler';
import { listOrganizationAccounts } from '../../../../providers/aws/organization-job/accounts';
import { scratchDir } from '../../../support/scratch';

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

/** An in-memory bucket behind the three S3 commands the handlers send. */
function fakeS3() {
  const objects = new Map<string, Buffer>();
  const send = jest.fn(async (command: unknown) => {
    if (command instanceof PutObjectCommand) {
      objects.set(`${command.input.Bucket}/${command.input.Key}`, Buffer.from(command.input.Body as Buffer | string));
      return {};
    }
    if (command instanceof GetObjectCommand) {
      const body = objects.get(`${command.input.Bucket}/${command.input.Key}`);
      if (!body) throw Object.assign(new Error('NoSuchKey'), { name: 'NoSuchKey' });
      return { Body: { transformToByteArray: async () => new Uint8Array(body) } };
    }
    if (command instanceof ListObjectsV2Command) {
      const prefix = `${command.input.Bucket}/${command.input.Prefix ?? ''}`;
      return { Contents: [...objects.keys()].filter((k) => k.startsWith(prefix)).map((k) => ({ Key: k.slice(`${command.input.Bucket}/`.length) })), IsTruncated: false };
    }
    throw new Error(`unexpected S3 command ${String(command)}`);
  });
  return { objects, send };
}

/** Organizations with a root holding one account and an OU (active, suspended) with a nested OU (active). */
function fakeOrganizations() {
  const account = (Id: string, State: string) => ({ Id, State });
  const send = jest.fn(async (command: unknown) => {
    if (command instanceof ListAccountsCommand) {
      // Two pages, the first one empty with a token (Organizations may do that).
      return command.input.NextToken ? { Accounts: [account('222222222222', 'ACTIVE'), account('333333333333', 'SUSPENDED'), account('111111111111', 'ACTIVE')] } : { Accounts: [], NextToken: 'p2' };
    }
    if (command instanceof ListAccountsForParentCommand) {
      const byParent: Record<string, ReturnType<typeof account>[]> = {
        'ou-ab12-11111111': [account('444444444444', 'ACTIVE'), account('555555555555', 'SUSPENDED')],
        'ou-ab12-22222222': [account('666666666666', 'ACTIVE')],
      };
      return { Accounts: byParent[command.input.ParentId ?? ''] ?? [] };
    }
    if (command instanceof ListChildrenCommand) return { Children: command.input.ParentId === 'ou-ab12-11111111' ? [{ Id: 'ou-ab12-22222222', Type: 'ORGANIZATIONAL_UNIT' }] : [] };
    throw new Error('unexpected Organizations command');
  });
  return { send };
}

function deps(env: Record<string, string | undefined>, run: JobDependencies['run'], s3 = fakeS3()): JobDependencies & { objects: Map<string, Buffer> } {
  return { s3, organizations: fakeOrganizations(), run, env, workDir: scratchDir('inferguard-org-handler-'), objects: s3.objects };
}

describe('listOrganizationAccounts', () => {
  it('follows every page, keeps active accounts only, sorted and without the excluded ones', async () => {
    await expect(listOrganizationAccounts(fakeOrganizations(), { organizationalUnitIds: [], excludeAccountIds: ['111111111111'] })).resolves.toEqual(['222222222222']);
  });

  it('under OUs: nested OUs too, suspended accounts left out', async () => {
    await expect(listOrganizationAccounts(fakeOrganizations(), { organizationalUnitIds: ['ou-ab12-11111111'], excludeAccountIds: [] })).resolves.toEqual(['444444444444', '666666666666']);
  });
});

describe('the run: list once, shards, merge', () => {
  const run = 'exec-0001';

  it('lists the accounts once, writes them for every shard, and returns the map\'s items', async () => {
    const d = deps(BASE, jest.fn());
    await expect(listAccounts({ runId: run }, d)).resolves.toEqual({ runId: run, accountCount: 2, shards: [1, 2, 3, 4] });
    expect(d.objects.get(`job-bucket/organization/aws/runs/${run}/accounts.txt`)?.toString()).toBe('111111111111\n222222222222\n');
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
    expect(JSON.parse(d.objects.get(`job-bucket/organization/aws/runs/${run}/shards/1-of-4.json`)?.toString() ?? '')).toEqual({ shard: '1/4', accounts: ['111111111111', '222222222222'] });
  });

  it('a shard with a usage error, or without a report, throws and writes nothing (the merge lists it as a gap)', async () => {
    const d = deps(BASE, jest.fn());
    await listAccounts({ runId: run }, d);
    await expect(runShard({ runId: run, shard: 3 }, { ...d, run: async () => 2 })).rejects.toThrow('exit code 2 and wrote no report');
    await expect(runShard({ runId: run, shard: 3 }, { ...d, run: async () => 0 })).rejects.toThrow('wrote no report');
    expect([...d.objects.keys()].filter((k) => k.includes('/shards/'))).toEqual([]);
  });

  it('the merge joins the reports that exist (JSON and OCSF) and says how many shards are missing', async () => {
    const d = deps(BASE, jest.fn());
    for (const shard of [1, 2, 4]) d.objects.set(`job-bucket/organization/aws/runs/${run}/shards/${shard}-of-4.json`, Buffer.from(`{"shard":${shard}}`));
    const seen: string[][] = [];
    const cli = jest.fn(async (argv: readonly string[]) => {
      seen.push(argv.slice(1, argv.indexOf('--shards')).map((f) => readFileSync(f, 'utf8')));
      writeFileSync(argv[argv.indexOf('--output') + 1], `merged as ${argv[argv.indexOf('--format') + 1]}`);
      return 3;
    });
    const done = await mergeShards({ runId: run }, { ...d, run: cli });
    expect(seen).toEqual([['{"shard":1}', '{"shard":2}', '{"shard":4}'], ['{"shard":1}', '{"shard":2}', '{"shard":4}']]);
    expect(cli.mock.calls.map(([argv]) => argv[argv.indexOf('--format') + 1])).toEqual(['json', 'ocsf']);
    expect(cli.mock.calls.map(([argv]) => argv[argv.indexOf('--shards') + 1])).toEqual(['4', '4']);
    expect(d.objects.get(`job-bucket/organization/aws/runs/${run}/merged.json`)?.toString()).toBe('merged as json');
    expect(d.objects.get(`job-bucket/organization/aws/runs/${run}/merged.ocsf.json`)?.toString()).toBe('merged as ocsf');
    expect(done).toMatchObject({ exitCode: 3, shardReports: 3, shardCount: 4, notify: true });
    expect(done.message).toContain('3 of 4 shard reports merged (the missing shards are gaps in the report)');
  });

  it('notifies in audit mode on findings or gaps, in drift mode only on gaps (shards publish their drift)', async () => {
    const withReport = () => {
      const d = deps(BASE, jest.fn());
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
    const d = deps(BASE, jest.fn());
    await expect(mergeShards({ runId: run }, d)).rejects.toThrow('all 4 shards failed');
    d.objects.set(`job-bucket/organization/aws/runs/${run}/shards/1-of-4.json`, Buffer.from('{}'));
    await expect(mergeShards({ runId: run }, { ...d, run: async () => 2 })).rejects.toThrow('inferguard merge ended with exit code 2');
  });
});
