// The simulator as an AWS Organization, through the real SDK clients over HTTP: Organizations listing
// with pages and OUs, AssumeRole into members (trust policy, external id, suspended accounts), each
// member's reads served from its own data, per-account throttling and fault rules, call counts.
import {
  AWSOrganizationsNotInUseException,
  AccessDeniedException,
  DescribeOrganizationCommand,
  ListAccountsCommand,
  ListAccountsForParentCommand,
  ListChildrenCommand,
  ListOrganizationalUnitsForParentCommand,
  ListRootsCommand,
  OrganizationsClient,
  paginateListAccounts,
  type Account,
} from '@aws-sdk/client-organizations';
import { DescribeEndpointCommand, ListEndpointsCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import {
  buildDemoScenario,
  countCalls,
  memberAccountId,
  organizationScenario,
  parseFaultRule,
  planMembers,
  startAwsSimulator,
  ORGANIZATION_AUDITOR_ROLE,
  ORGANIZATION_ID,
  ORGANIZATION_MANAGEMENT_ACCOUNT,
  ORGANIZATION_ROOT_ID,
  ORGANIZATION_UNITS,
  type OrganizationScenarioOptions,
  type RunningAwsSimulator,
} from '../../../sim/aws';
import { awsScenarios } from '../../../sim/aws/scenarios/index';
import { collectAwsInventory } from '../../../providers/aws/live/index';
import { defaultBaseline } from '../../../policies/baseline';
import { evaluate } from '../../../policies/evaluate';
import { isolateAwsEnvironment } from '../../providers/aws/live/support';
import { clientSettings, collect, rejectionOf, useSimulator, type ClientSettings } from './simulator';

// collectAwsInventory reads its base credentials from the environment: fake ones, no metadata lookups.
isolateAwsEnvironment();

const EXTERNAL_ID = 'inferguard-audit-7f3a';
const OPTIONS: OrganizationScenarioOptions = { members: 25, regions: ['us-east-1', 'eu-west-1'], endpointsPerRegion: 2, suspended: 2, withoutAuditorRole: 2, externalId: EXTERNAL_ID };
const plans = planMembers(OPTIONS);
const audited = plans.filter((p) => p.kind === 'audited');
const roleArn = (account: string) => `arn:aws:iam::${account}:role/${ORGANIZATION_AUDITOR_ROLE}`;

/** Client settings signed with the temporary credentials of a role assumed in `account`. */
async function assumed(settings: ClientSettings, account: string): Promise<ClientSettings & { credentials: { sessionToken?: string } }> {
  const out = await new STSClient(settings).send(new AssumeRoleCommand({ RoleArn: roleArn(account), RoleSessionName: 'inferguard-test', ExternalId: EXTERNAL_ID }));
  const c = out.Credentials!;
  return { ...settings, credentials: { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! } };
}

describe('an organization served by the simulator', () => {
  const sim = useSimulator(() => organizationScenario(OPTIONS));
  const settings = () => clientSettings(sim());
  const organizations = () => new OrganizationsClient(settings());

  describe('AWS Organizations for the management account', () => {
    it('describes the organization and its root', async () => {
      const { Organization } = await organizations().send(new DescribeOrganizationCommand({}));
      expect(Organization).toMatchObject({ Id: ORGANIZATION_ID, MasterAccountId: ORGANIZATION_MANAGEMENT_ACCOUNT, FeatureSet: 'ALL', Arn: `arn:aws:organizations::${ORGANIZATION_MANAGEMENT_ACCOUNT}:organization/${ORGANIZATION_ID}` });
      const { Roots } = await organizations().send(new ListRootsCommand({}));
      expect(Roots?.map((r) => r.Id)).toEqual([ORGANIZATION_ROOT_ID]);
    });

    it('lists every account in pages of at most 20, with NextToken, and the real Account shape', async () => {
      const first = await organizations().send(new ListAccountsCommand({}));
      expect(first.Accounts).toHaveLength(20);
      expect(first.NextToken).toEqual(expect.any(String));
      const pages = await collect(paginateListAccounts({ client: organizations(), pageSize: 7 }, {}));
      expect(pages.map((p) => p.Accounts?.length)).toEqual([7, 7, 7, 5]);
      const accounts = pages.flatMap((p) => p.Accounts ?? []);
      expect(accounts.map((a) => a.Id)).toEqual([ORGANIZATION_MANAGEMENT_ACCOUNT, ...plans.map((p) => p.account)]);
      const suspended = accounts.filter((a) => a.Status === 'SUSPENDED');
      expect(suspended.map((a) => a.Id)).toEqual(plans.filter((p) => p.kind === 'suspended').map((p) => p.account));
      expect(suspended.every((a) => a.State === 'SUSPENDED')).toBe(true);
      const member: Account = accounts[1];
      expect(member).toEqual({
        Id: memberAccountId(0),
        Arn: `arn:aws:organizations::${ORGANIZATION_MANAGEMENT_ACCOUNT}:account/${ORGANIZATION_ID}/${memberAccountId(0)}`,
        Email: 'aws+member-001@example.com',
        Name: 'member-001',
        Status: 'ACTIVE',
        State: 'ACTIVE',
        JoinedMethod: 'CREATED',
        JoinedTimestamp: expect.any(Date),
      });
    });

    it('refuses MaxResults above 20 and a token from another listing with InvalidInputException', async () => {
      const tooMany = await rejectionOf(organizations().send(new ListAccountsCommand({ MaxResults: 21 })));
      expect(tooMany.name).toBe('InvalidInputException');
      expect(tooMany).toMatchObject({ Reason: 'MAX_VALUE_EXCEEDED' });
      const { NextToken } = await organizations().send(new ListAccountsForParentCommand({ ParentId: ORGANIZATION_ROOT_ID, MaxResults: 2 }));
      const foreign = await rejectionOf(organizations().send(new ListAccountsCommand({ NextToken })));
      expect(foreign).toMatchObject({ name: 'InvalidInputException', Reason: 'INVALID_NEXT_TOKEN' });
    });

    it('walks the OU tree: accounts under the root, an OU and a nested OU', async () => {
      const children = await organizations().send(new ListChildrenCommand({ ParentId: ORGANIZATION_ROOT_ID, ChildType: 'ORGANIZATIONAL_UNIT' }));
      expect(children.Children).toEqual([
        { Id: ORGANIZATION_UNITS.workloads, Type: 'ORGANIZATIONAL_UNIT' },
        { Id: ORGANIZATION_UNITS.sandbox, Type: 'ORGANIZATIONAL_UNIT' },
      ]);
      const nested = await organizations().send(new ListOrganizationalUnitsForParentCommand({ ParentId: ORGANIZATION_UNITS.workloads }));
      expect(nested.OrganizationalUnits?.map((u) => [u.Id, u.Name])).toEqual([[ORGANIZATION_UNITS.production, 'Production']]);
      const under = async (parent: string) => {
        const ids: string[] = [];
        let token: string | undefined;
        do {
          const page = await organizations().send(new ListAccountsForParentCommand({ ParentId: parent, NextToken: token }));
          ids.push(...(page.Accounts ?? []).map((a) => a.Id ?? ''));
          token = page.NextToken;
        } while (token !== undefined);
        return ids;
      };
      expect(await under(ORGANIZATION_UNITS.production)).toEqual(plans.filter((p) => p.index % 3 === 2).map((p) => p.account));
      expect(await under(ORGANIZATION_UNITS.workloads)).toEqual(plans.filter((p) => p.index % 3 === 1).map((p) => p.account));
      expect(await under(ORGANIZATION_ROOT_ID)).toEqual([ORGANIZATION_MANAGEMENT_ACCOUNT, ...plans.filter((p) => p.index % 3 === 0).map((p) => p.account)]);
      expect(await under(ORGANIZATION_UNITS.sandbox)).toEqual([]);
      const missing = await rejectionOf(organizations().send(new ListAccountsForParentCommand({ ParentId: 'ou-ig01-nosuchou' })));
      expect(missing.name).toBe('ParentNotFoundException');
    });
  });

  describe('AssumeRole into members', () => {
    it('serves every later call signed with the issued key from that member alone', async () => {
      const [first, second] = audited;
      const asFirst = await assumed(settings(), first.account);
      expect(asFirst.credentials.accessKeyId).toMatch(/^ASIA[0-9A-F]{16}$/);
      const identity = await new STSClient(asFirst).send(new GetCallerIdentityCommand({}));
      expect(identity).toMatchObject({ Account: first.account, Arn: `arn:aws:sts::${first.account}:assumed-role/${ORGANIZATION_AUDITOR_ROLE}/inferguard-test` });
      const endpointArns = async (client: ClientSettings) => ((await new SageMakerClient(client).send(new ListEndpointsCommand({}))).Endpoints ?? []).map((e) => e.EndpointArn);
      const firstArns = await endpointArns(asFirst);
      expect(firstArns).toEqual(expect.arrayContaining([`arn:aws:sagemaker:us-east-1:${first.account}:endpoint/secure-0`, `arn:aws:sagemaker:us-east-1:${first.account}:endpoint/legacy-1`]));
      expect(firstArns.every((arn) => arn?.includes(`:${first.account}:`))).toBe(true);
      const secondArns = await endpointArns(await assumed(settings(), second.account));
      expect(secondArns.every((arn) => arn?.includes(`:${second.account}:`))).toBe(true);
      expect(secondArns).toHaveLength(firstArns.length);
      const { Role } = await new IAMClient(asFirst).send(new GetRoleCommand({ RoleName: 'legacy-execution' }));
      expect(Role?.Arn).toBe(`arn:aws:iam::${first.account}:role/legacy-execution`);
      // The base key is still the management account, which holds no endpoints.
      expect(await endpointArns(settings())).toEqual([]);
    });

    it('denies a wrong or missing external id, a member without the role and a suspended member, as STS does', async () => {
      const sts = new STSClient(settings());
      const attempt = (account: string, externalId?: string) => rejectionOf(sts.send(new AssumeRoleCommand({ RoleArn: roleArn(account), RoleSessionName: 'inferguard-test', ...(externalId === undefined ? {} : { ExternalId: externalId }) })));
      const callerArn = `arn:aws:iam::${ORGANIZATION_MANAGEMENT_ACCOUNT}:user/inferguard-auditor`;
      for (const error of [await attempt(audited[0].account, 'wrong-id'), await attempt(audited[0].account)]) {
        expect(error.name).toBe('AccessDenied');
        expect(error.$metadata?.httpStatusCode).toBe(403);
        expect(error.message).toBe(`User: ${callerArn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn(audited[0].account)}`);
      }
      for (const plan of plans.filter((p) => p.kind !== 'audited')) {
        expect((await attempt(plan.account, EXTERNAL_ID)).name).toBe('AccessDenied');
      }
      expect((await attempt('999999999999', EXTERNAL_ID)).name).toBe('AccessDenied');
    });

    it('refuses a temporary key STS never issued, in each protocol\'s words', async () => {
      const forged = { ...settings(), credentials: { accessKeyId: 'ASIAFORGEDFORGED0001', secretAccessKey: 'x', sessionToken: 'y' } };
      const sts = await rejectionOf(new STSClient(forged).send(new GetCallerIdentityCommand({})));
      expect(sts.name).toBe('InvalidClientTokenId');
      expect(sts.$metadata?.httpStatusCode).toBe(403);
      const sagemaker = await rejectionOf(new SageMakerClient(forged).send(new ListEndpointsCommand({})));
      expect(sagemaker.name).toBe('UnrecognizedClientException');
      const orgs = await rejectionOf(new OrganizationsClient(forged).send(new ListAccountsCommand({})));
      expect(orgs.name).toBe('UnrecognizedClientException');
    });

    it('lets a member describe its organization but not list it', async () => {
      const member = await assumed(settings(), audited[0].account);
      const { Organization } = await new OrganizationsClient(member).send(new DescribeOrganizationCommand({}));
      expect(Organization?.Id).toBe(ORGANIZATION_ID);
      const denied = await rejectionOf(new OrganizationsClient(member).send(new ListAccountsCommand({})));
      expect(denied).toBeInstanceOf(AccessDeniedException);
      expect(denied.$metadata?.httpStatusCode).toBe(400);
    });
  });

  it('audits each member as its own account with the verdicts organization.ts documents', async () => {
    const inventory = await collectAwsInventory({ regions: ['us-east-1'], endpointUrl: sim().url, assumeRole: { roleArn: roleArn(audited[1].account), externalId: EXTERNAL_ID } });
    expect(inventory.gaps).toEqual([]);
    const findings = evaluate(inventory, defaultBaseline()).filter((f) => f.resourceKind === 'endpoint');
    const verdicts = (name: string) => Object.fromEntries(findings.filter((f) => f.resourceName === name).map((f) => [f.controlId, f.status]));
    expect(findings.every((f) => f.account === undefined || f.account === audited[1].account)).toBe(true);
    expect(Object.values(verdicts('secure-0')).length).toBeGreaterThan(5);
    expect(Object.values(verdicts('secure-0')).every((status) => status === 'pass')).toBe(true);
    expect(verdicts('legacy-1')).toMatchObject({
      'endpoint-multiple-instances': 'fail',
      'endpoint-storage-customer-key': 'fail',
      'image-pinned-by-digest': 'fail',
      'model-monitoring-scheduled': 'fail',
      'model-network-isolation': 'fail',
      'model-private-network': 'fail',
    });
  });
});

describe('an account outside any organization', () => {
  const sim = useSimulator(buildDemoScenario);

  it('answers Organizations with AWSOrganizationsNotInUseException', async () => {
    const error = await rejectionOf(new OrganizationsClient(clientSettings(sim())).send(new ListAccountsCommand({})));
    expect(error).toBeInstanceOf(AWSOrganizationsNotInUseException);
    expect(error.message).toBe('Your account is not a member of an organization.');
  });

  it('keeps its single-account identity and same-account AssumeRole', async () => {
    const sts = new STSClient(clientSettings(sim()));
    expect(await sts.send(new GetCallerIdentityCommand({}))).toMatchObject({ Account: '111122223333', Arn: 'arn:aws:iam::111122223333:user/inferguard-auditor' });
    const out = await sts.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::111122223333:role/fraud-detector-execution', RoleSessionName: 'audit' }));
    expect(out.AssumedRoleUser?.Arn).toBe('arn:aws:sts::111122223333:assumed-role/fraud-detector-execution/audit');
  });
});

describe('per-account throttling and faults', () => {
  let sim: RunningAwsSimulator;
  const options: OrganizationScenarioOptions = { members: 3, regions: ['us-east-1'], endpointsPerRegion: 2, suspended: 0, withoutAuditorRole: 0 };
  beforeAll(async () => {
    sim = await startAwsSimulator(organizationScenario(options), { rateLimits: { apis: { 'sagemaker:ListEndpoints': { perSecond: 0.5, burst: 3 }, organizations: { perSecond: 1, burst: 1 } } } });
  });
  afterAll(() => sim.close());
  beforeEach(() => {
    sim.resetCalls();
    sim.setFaults([]);
  });
  const base = () => clientSettings(sim);
  const assume = async (account: string) => {
    const c = (await new STSClient(base()).send(new AssumeRoleCommand({ RoleArn: roleArn(account), RoleSessionName: 'throttle-test' }))).Credentials!;
    return { ...base(), credentials: { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! } };
  };

  it('throttles only the account that exceeds its rate, with SageMaker\'s ThrottlingException', async () => {
    const [busy, quiet] = [memberAccountId(0), memberAccountId(1)];
    const busyClient = new SageMakerClient(await assume(busy));
    const quietClient = new SageMakerClient(await assume(quiet));
    const burst = await Promise.allSettled(Array.from({ length: 8 }, () => busyClient.send(new ListEndpointsCommand({}))));
    const throttled = burst.filter((r) => r.status === 'rejected');
    expect(throttled.length).toBeGreaterThanOrEqual(4);
    for (const r of throttled) {
      const error = (r as PromiseRejectedResult).reason as Error & { $metadata?: { httpStatusCode?: number } };
      expect(error.name).toBe('ThrottlingException');
      expect(error.$metadata?.httpStatusCode).toBe(400);
    }
    const quietResults = await Promise.allSettled([1, 2, 3].map(() => quietClient.send(new ListEndpointsCommand({}))));
    expect(quietResults.every((r) => r.status === 'fulfilled')).toBe(true);
    const counts = countCalls(sim.calls()).filter((c) => c.service === 'sagemaker');
    expect(counts).toEqual([
      { account: busy, service: 'sagemaker', operation: 'ListEndpoints', calls: 8, throttled: throttled.length, faulted: 0 },
      { account: quiet, service: 'sagemaker', operation: 'ListEndpoints', calls: 3, throttled: 0, faulted: 0 },
    ]);
  });

  it('answers Organizations over its rate with TooManyRequestsException', async () => {
    const client = new OrganizationsClient(base());
    const results = await Promise.allSettled([1, 2, 3].map(() => client.send(new ListRootsCommand({}))));
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(rejected.length).toBeGreaterThanOrEqual(1);
    expect(rejected.every((r) => (r.reason as Error).name === 'TooManyRequestsException')).toBe(true);
  });

  it('aims a fault rule at one account with account=', async () => {
    expect(parseFaultRule('sagemaker=InternalError,account=210000000002')).toEqual({ service: 'sagemaker', fault: 'InternalError', account: '210000000002' });
    expect(() => parseFaultRule('sagemaker,account=prod')).toThrow(/12-digit AWS account id/);
    sim.setFaults([parseFaultRule(`sagemaker:DescribeEndpoint=AccessDenied,account=${memberAccountId(2)}`)]);
    const [hit, spared] = await Promise.all([assume(memberAccountId(2)), assume(memberAccountId(0))]);
    const denied = await rejectionOf(new SageMakerClient(hit).send(new DescribeEndpointCommand({ EndpointName: 'secure-0' })));
    expect(denied.name).toBe('AccessDeniedException');
    expect(denied.message).toContain(`arn:aws:sts::${memberAccountId(2)}:assumed-role/${ORGANIZATION_AUDITOR_ROLE}/throttle-test`);
    const ok = await new SageMakerClient(spared).send(new DescribeEndpointCommand({ EndpointName: 'secure-0' }));
    expect(ok.EndpointName).toBe('secure-0');
  });
});

describe('the registered organization scenario', () => {
  it('is listed for `sim aws --scenario organization` and builds an organization with members', () => {
    const entry = awsScenarios.organization;
    expect(entry.description).toContain(ORGANIZATION_ID);
    const scenario = entry.build();
    expect(scenario.account).toBe(ORGANIZATION_MANAGEMENT_ACCOUNT);
    expect(scenario.organization?.members.length).toBe(6);
  });
});
