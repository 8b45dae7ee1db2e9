// `--role-arn`: the readers sign with the role's temporary credentials, the caller's own key signs only
// sts:AssumeRole, and a role that cannot be assumed ends the run with the reason.
import { assumedRoleCredentials } from '../../../../providers/aws/live/assume-role';
import { AssumeRoleError, AwsAuditOptionsError, collectAwsInventory } from '../../../../providers/aws/live/index';
import { awsScenarios, startAwsSimulator } from '../../../../sim/aws/index';
import { isolateAwsEnvironment } from './support';

isolateAwsEnvironment();
const BASE_KEY = process.env.AWS_ACCESS_KEY_ID!;
const scenario = awsScenarios.demo.build();
const ROLE = `arn:aws:iam::${scenario.account}:role/fraud-detector-execution`;

type Signed = { accessKeyId: string; service: string; operation: string };
const signed: Signed[] = [];
let sim: Awaited<ReturnType<typeof startAwsSimulator>>;
beforeAll(async () => {
  sim = await startAwsSimulator(scenario, { onSignedCall: (call) => signed.push(call) });
});
afterAll(() => sim.close());
beforeEach(() => {
  signed.length = 0;
  sim.setFaults([]);
});

const region = Object.keys(scenario.regions)[0];

describe('audit as an assumed role', () => {
  it('assumes the role once and signs every read with its temporary key, reading what the caller would', async () => {
    const direct = await collectAwsInventory({ regions: [region], endpointUrl: sim.url });
    signed.length = 0;
    const assumed = await collectAwsInventory({ regions: [region], endpointUrl: sim.url, assumeRole: { roleArn: ROLE, externalId: 'audit-42', sessionName: 'security-team' } });

    const assumeCalls = signed.filter((c) => c.operation === 'AssumeRole');
    expect(assumeCalls).toEqual([{ accessKeyId: BASE_KEY, service: 'sts', operation: 'AssumeRole' }]);
    const reads = signed.filter((c) => c.operation !== 'AssumeRole');
    expect(reads.length).toBeGreaterThan(10);
    const readKeys = new Set(reads.map((c) => c.accessKeyId));
    expect(readKeys.size).toBe(1);
    expect([...readKeys][0]).toMatch(/^ASIA[0-9A-F]{16}$/);
    expect(assumed.resources.map((r) => r.id).sort()).toEqual(direct.resources.map((r) => r.id).sort());
    expect(assumed.gaps).toEqual(direct.gaps);
  });

  it('ends the run with the reason and the fix when the role cannot be assumed', async () => {
    const attempt = collectAwsInventory({ regions: [region], endpointUrl: sim.url, assumeRole: { roleArn: `arn:aws:iam::${scenario.account}:role/no-such-role` } });
    await expect(attempt).rejects.toThrow(AssumeRoleError);
    await expect(attempt).rejects.toThrow(/AccessDenied.*sts:AssumeRole on the role, and the role's trust policy must allow the caller/);
    expect(signed.filter((c) => c.operation !== 'AssumeRole')).toEqual([]);
  });

  it('refuses a malformed role ARN or session name before any call', async () => {
    await expect(collectAwsInventory({ regions: [region], endpointUrl: sim.url, assumeRole: { roleArn: 'fraud-detector-execution' } })).rejects.toThrow(AwsAuditOptionsError);
    await expect(collectAwsInventory({ regions: [region], endpointUrl: sim.url, assumeRole: { roleArn: ROLE, sessionName: 'has space' } })).rejects.toThrow(/--role-session-name/);
    expect(signed).toEqual([]);
  });
});

describe('the assumed-role credential provider', () => {
  const settings = { roleArn: ROLE, sessionName: 'inferguard-audit', region, requestTimeoutMs: 5_000 };

  it('shares one AssumeRole between concurrent callers and renews only near expiry', async () => {
    const { provider, destroy } = assumedRoleCredentials({ ...settings, endpointUrl: sim.url });
    try {
      const [a, b] = await Promise.all([provider(), provider()]);
      expect(a).toBe(b);
      expect(await provider()).toBe(a);
      expect(signed.filter((c) => c.operation === 'AssumeRole')).toHaveLength(1);
      // The simulator's sessions last an hour: 56 minutes later the credentials are within the renewal window.
      const now = Date.now();
      const clock = jest.spyOn(Date, 'now').mockReturnValue(now + 56 * 60_000);
      try {
        const renewed = await provider();
        expect(renewed.accessKeyId).not.toBe(a.accessKeyId);
      } finally {
        clock.mockRestore();
      }
      expect(signed.filter((c) => c.operation === 'AssumeRole')).toHaveLength(2);
    } finally {
      destroy();
    }
  });

  it('does not keep a failure: the next call tries again', async () => {
    const { provider, destroy } = assumedRoleCredentials({ ...settings, endpointUrl: sim.url });
    try {
      sim.setFaults([{ service: 'sts', operation: 'AssumeRole', fault: 'AccessDenied', times: 1 }]);
      await expect(provider()).rejects.toThrow(/not authorized/);
      await expect(provider()).resolves.toMatchObject({ accessKeyId: expect.stringMatching(/^ASIA/) });
    } finally {
      destroy();
    }
  });
});
