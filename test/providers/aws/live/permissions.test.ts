// The auditor's IAM policy (providers/aws/live/auditor-policy.json) is exactly what the readers use:
// every call a full audit makes is allowed by it, every action in it is read-only, and none is unused.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { collectAwsInventory } from '../../../../providers/aws/live/index';
import { iamActionFor } from '../../../../providers/aws/live/iam-actions';
import { parsePolicyDocument } from '../../../../providers/aws/platform';
import { awsScenarios, startAwsSimulator } from '../../../../sim/aws/index';
import { EU, US, richScenario } from './scenario';
import { isolateAwsEnvironment } from './support';

isolateAwsEnvironment();

const POLICY_PATH = join(__dirname, '../../../../providers/aws/live/auditor-policy.json');
const statements = parsePolicyDocument(readFileSync(POLICY_PATH, 'utf8'), 'auditor-policy');
const allowedActions = statements.flatMap((s) => s.actions);

/** The IAM actions a full audit of `scenario` makes, from the simulator's call log. */
async function actionsUsedBy(scenario: Parameters<typeof startAwsSimulator>[0], regions: string[]): Promise<Set<string>> {
  const sim = await startAwsSimulator(scenario);
  try {
    const inventory = await collectAwsInventory({ regions, endpointUrl: sim.url, maxAttempts: 1 });
    expect(inventory.gaps).toEqual([]);
    return new Set(sim.calls().map((c) => iamActionFor(c.service, c.operation)));
  } finally {
    await sim.close();
  }
}

describe('auditor-policy.json', () => {
  it('allows only, and without conditions, on every resource', () => {
    for (const s of statements) {
      expect(s).toMatchObject({ effect: 'Allow', resources: ['*'], conditions: [] });
      expect(s.notActions).toBeUndefined();
    }
  });

  it('holds only read-only actions, each named exactly (no wildcards)', () => {
    const notReadOnly = allowedActions.filter((a) => !/^[a-z0-9]+:(List|Describe|Get)[A-Za-z]+$/.test(a));
    expect(notReadOnly).toEqual([]);
    expect(new Set(allowedActions).size).toBe(allowedActions.length);
  });

  it('allows every call of a full audit and holds no action the audit does not use', async () => {
    const used = await actionsUsedBy(richScenario(), [US, EU]);
    expect([...used].filter((a) => !allowedActions.includes(a)).sort()).toEqual([]);
    expect(allowedActions.filter((a) => !used.has(a)).sort()).toEqual([]);
  });

  it('allows every call of an audit of the demo account', async () => {
    const used = await actionsUsedBy(awsScenarios.demo.build(), [US, EU]);
    expect([...used].filter((a) => !allowedActions.includes(a)).sort()).toEqual([]);
  });
});
