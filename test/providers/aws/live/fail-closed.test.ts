// The live audit fails closed: answers without the documented shape, keys it cannot read, and the
// security groups of the VPC interface endpoints (which a scan judges too).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runAudit } from '../../../../checker/run';
import { defaultBaseline } from '../../../../policies/baseline';
import { resourcesOfKind, type Inventory } from '../../../../policies/model';
import { collectAwsInventory } from '../../../../providers/aws/live/index';
import { iamActionFor } from '../../../../providers/aws/live/iam-actions';
import { RESPONSE_SHAPES, shaped } from '../../../../providers/aws/live/shapes';
import { parsePolicyDocument } from '../../../../providers/aws/platform';
import type { AwsScenario } from '../../../../sim/aws/scenario';
import { startAwsSimulator } from '../../../../sim/aws/index';
import { ACCOUNT, AWS_MANAGED_KEY, KEY, ROLE, US, VPCE_GROUP, compliantScenario, endpointArn, keyArn } from './scenario';
import { isolateAwsEnvironment, resource, valueOf } from './support';

isolateAwsEnvironment();

type Simulator = Awaited<ReturnType<typeof startAwsSimulator>>;

const NOW = new Date('2026-06-01T00:00:00Z');

async function withSimulator<T>(scenario: AwsScenario, work: (sim: Simulator) => Promise<T>): Promise<T> {
  const sim = await startAwsSimulator(scenario, { timeoutMs: 5_000 });
  try {
    return await work(sim);
  } finally {
    await sim.close();
  }
}

const audit = (sim: Simulator, requestTimeoutMs = 10_000): Promise<Inventory> =>
  collectAwsInventory({ regions: [US], endpointUrl: sim.url, maxAttempts: 1, requestTimeoutMs });

const findingsOf = (inventory: Inventory, controlId: string) =>
  runAudit({ inventory, baseline: defaultBaseline(), waivers: [], now: NOW })
    .findings.filter((f) => f.controlId === controlId)
    .map((f) => ({ resourceId: f.resourceId, status: f.status }));

/** The compliant scenario with the endpoint config's storage key replaced. */
function withStorageKey(kmsKeyId: string, extraKeys: AwsScenario['regions'][string]['kms']['keys'] = []): AwsScenario {
  const scenario = compliantScenario();
  const us = scenario.regions[US];
  return {
    ...scenario,
    regions: {
      [US]: {
        ...us,
        sagemaker: { ...us.sagemaker, endpointConfigs: us.sagemaker.endpointConfigs.map((c) => ({ ...c, KmsKeyId: kmsKeyId })) },
        kms: { keys: [...us.kms.keys, ...extraKeys] },
      },
    },
  };
}

describe('response shapes', () => {
  it('are stated for exactly the reads the auditor policy allows', () => {
    const policy = parsePolicyDocument(readFileSync(join(__dirname, '../../../../providers/aws/live/auditor-policy.json'), 'utf8'), 'auditor-policy');
    const shapedActions = Object.keys(RESPONSE_SHAPES).map((op) => iamActionFor(...(op.split(':') as [string, string])));
    expect(shapedActions.sort()).toEqual(policy.flatMap((s) => s.actions).sort());
  });

  it('name the operation and the missing field', () => {
    expect(() => shaped('kms:DescribeKey', { KeyMetadata: { KeyId: 'k', Arn: KEY, Enabled: true } })).toThrow(/kms:DescribeKey answered without a well-formed KeyMetadata\.KeyManager \(missing\)/);
    expect(() => shaped('ec2:DescribeSecurityGroups', { SecurityGroups: [{ GroupName: 'x' }] })).toThrow(/SecurityGroups\[0\]\.GroupId \(missing\)/);
    expect(() => shaped('sagemaker:ListEndpoints', {})).toThrow(expect.objectContaining({ name: 'MalformedResponse' }));
    const ok = { Endpoints: [], NextToken: 'n' };
    expect(shaped('sagemaker:ListEndpoints', ok)).toBe(ok);
  });

  it('turn an empty 200 answer into a MalformedResponse gap and unknown facts, not "no attached policies"', async () => {
    const inventory = await withSimulator(compliantScenario(), async (sim) => {
      sim.setFaults([{ service: 'iam', operation: 'ListAttachedRolePolicies', fault: 'Empty' }]);
      return audit(sim);
    });
    expect(inventory.gaps).toEqual([expect.objectContaining({ service: 'iam', operation: 'ListAttachedRolePolicies', resourceId: ROLE, errorCode: 'MalformedResponse' })]);
    expect(inventory.gaps[0].message).toMatch(/iam:ListAttachedRolePolicies answered without a well-formed AttachedPolicies \(missing\)/);
    const role = resource(inventory, 'identity', ROLE);
    expect(role.attachedPolicies.known).toBe(false);
    expect(role.statements.known).toBe(false);
    expect(findingsOf(inventory, 'identity-least-privilege')).toEqual([{ resourceId: ROLE, status: 'unknown' }]);
  });

  it('turn an empty ListEndpoints answer into a gap, not "0 endpoints"', async () => {
    const inventory = await withSimulator(compliantScenario(), async (sim) => {
      sim.setFaults([{ service: 'sagemaker', operation: 'ListEndpoints', fault: 'Empty' }]);
      return audit(sim);
    });
    expect(inventory.gaps.map((g) => `${g.operation}:${g.errorCode}`)).toEqual(['ListEndpoints:MalformedResponse']);
  });

  it('turn an empty DescribeEndpointConfig answer into unknown deployments, not "no deployments"', async () => {
    const inventory = await withSimulator(compliantScenario(), async (sim) => {
      sim.setFaults([{ service: 'sagemaker', operation: 'DescribeEndpointConfig', fault: 'Empty' }]);
      return audit(sim);
    });
    expect(inventory.gaps.map((g) => `${g.operation}:${g.errorCode}`)).toEqual(['DescribeEndpointConfig:MalformedResponse']);
    expect(resource(inventory, 'endpoint', endpointArn(US, 'classifier')).deployments.known).toBe(false);
    expect(findingsOf(inventory, 'model-network-isolation')).toEqual([{ resourceId: endpointArn(US, 'classifier'), status: 'unknown' }]);
  });
});

describe('keys the endpoints use', () => {
  it('recognize an AWS managed key named by its plain key ARN from DescribeKey KeyManager', async () => {
    const scenario = withStorageKey(AWS_MANAGED_KEY, [
      {
        metadata: { KeyId: AWS_MANAGED_KEY.split('/')[1], Arn: AWS_MANAGED_KEY, AWSAccountId: ACCOUNT, Enabled: true, KeyState: 'Enabled', KeyManager: 'AWS', KeyUsage: 'ENCRYPT_DECRYPT' },
        rotationEnabled: true,
        rotationPeriodInDays: 365,
        policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' }] }),
      },
    ]);
    const inventory = await withSimulator(scenario, audit);
    expect(inventory.gaps).toEqual([]);
    expect(valueOf(resource(inventory, 'key', AWS_MANAGED_KEY).managedBy)).toBe('provider');
    expect(findingsOf(inventory, 'endpoint-storage-customer-key')).toEqual([{ resourceId: endpointArn(US, 'classifier'), status: 'fail' }]);
  });

  it('read a key that nothing else lists, and leave it unknown when it cannot be read', async () => {
    // A key ARN the account does not hold: DescribeKey answers NotFoundException.
    const elsewhere = keyArn(US, 'ffffffff-2222-3333-4444-555566667777');
    const inventory = await withSimulator(withStorageKey(elsewhere), audit);
    expect(inventory.gaps).toEqual([expect.objectContaining({ service: 'kms', operation: 'DescribeKey', resourceId: elsewhere })]);
    expect(resource(inventory, 'key', elsewhere).managedBy.known).toBe(false);
    expect(findingsOf(inventory, 'endpoint-storage-customer-key')).toEqual([{ resourceId: endpointArn(US, 'classifier'), status: 'unknown' }]);
  });

  it('leave a key unknown when DescribeKey is denied', async () => {
    const inventory = await withSimulator(compliantScenario(), async (sim) => {
      sim.setFaults([{ service: 'kms', operation: 'DescribeKey', fault: 'AccessDenied' }]);
      return audit(sim);
    });
    expect(resource(inventory, 'key', KEY).managedBy.known).toBe(false);
    expect(findingsOf(inventory, 'endpoint-storage-customer-key')).toEqual([{ resourceId: endpointArn(US, 'classifier'), status: 'unknown' }]);
  });
});

describe('the VPC interface endpoints', () => {
  it('have their security groups read and judged, as a scan judges them', async () => {
    const scenario = compliantScenario();
    const us = scenario.regions[US];
    const open = {
      ...scenario,
      regions: {
        [US]: {
          ...us,
          ec2: { ...us.ec2, securityGroups: us.ec2.securityGroups.map((g) => (g.GroupId === VPCE_GROUP ? { ...g, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] } : g)) },
        },
      },
    };
    const inventory = await withSimulator(open, audit);
    expect(inventory.gaps).toEqual([]);
    expect(resourcesOfKind(inventory, 'firewall').map((f) => f.id)).toContain(VPCE_GROUP);
    expect(findingsOf(inventory, 'firewall-no-public-ingress')).toContainEqual({ resourceId: VPCE_GROUP, status: 'fail' });
  });
});

describe('request timeouts', () => {
  it('turn a hung call into a gap, with the timeout passed through the collector options', async () => {
    const inventory = await withSimulator(compliantScenario(), async (sim) => {
      sim.setFaults([{ service: 'kms', operation: 'GetKeyPolicy', fault: 'Timeout' }]);
      return audit(sim, 1_000);
    });
    expect(inventory.gaps).toEqual([expect.objectContaining({ service: 'kms', operation: 'GetKeyPolicy', resourceId: KEY, errorCode: 'TimeoutError' })]);
    expect(findingsOf(inventory, 'key-not-public')).toEqual([{ resourceId: KEY, status: 'unknown' }]);
  });
});
