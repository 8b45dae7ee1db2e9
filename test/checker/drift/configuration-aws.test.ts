// Configuration drift on AWS with real parts: the example app synthesized by the real CDK and read as
// `inferguard scan` reads it, "deployed" into the AWS simulator with CloudFormation's physical ids and tags,
// and read back by the live readers over the wire. The unchanged deployment drifts nowhere; each live change
// (key rotation off, an image tag for the digest, a security group opened to the internet) is reported as
// exactly that fact, with the control that judges it.
import type { AwsScenario } from '../../../sim/aws/scenario';
import { buildExampleApp, EXAMPLE_ACCOUNT, EXAMPLE_REGION } from '../../../stacks/aws/example-app';
import { readCloudFormation } from '../../../providers/aws/template/index';
import { collectAwsInventory } from '../../../providers/aws/live/index';
import { startAwsSimulator } from '../../../sim/aws/index';
import { deployTemplateInventory, type DeployedStack } from '../../../sim/aws/scenarios/from-inventory';
import { describeEndpointFromConfig } from '../../../sim/aws/sagemaker-shapes';
import type { Inventory } from '../../../policies/model';
import { configurationDrift, renderConfigurationDrift, type ConfigurationDrift } from '../../../checker/drift/configuration';
import { isolateAwsEnvironment } from '../../providers/aws/live/support';
import { scratchDir } from '../../support/scratch';

isolateAwsEnvironment();

let declared: Inventory;
let deployed: DeployedStack;

beforeAll(async () => {
  const outdir = scratchDir('inferguard-config-drift-');
  buildExampleApp({ outdir }).app.synth();
  declared = await readCloudFormation(outdir, {});
  deployed = deployTemplateInventory(declared, { account: EXAMPLE_ACCOUNT, region: EXAMPLE_REGION });
}, 120_000);

async function liveInventory(scenario: AwsScenario): Promise<Inventory> {
  const sim = await startAwsSimulator(scenario, { timeoutMs: 2_000 });
  try {
    return await collectAwsInventory({ regions: [EXAMPLE_REGION], endpointUrl: sim.url, maxAttempts: 2 });
  } finally {
    await sim.close();
  }
}

/** A deep copy of the deployed scenario with one region changed. */
function changed(change: (region: AwsScenario['regions'][string]) => void): AwsScenario {
  const scenario = structuredClone(deployed.scenario);
  change(scenario.regions[EXAMPLE_REGION]);
  return scenario;
}

/** `kind name path: declared -> live [controls]` of every difference: the exact shape the tests compare. */
const differences = (drift: ConfigurationDrift): string[] =>
  drift.resources.flatMap((r) => r.differences.map((d) => `${r.kind} ${r.declaredId} ${d.path}: ${JSON.stringify(d.declared)} -> ${JSON.stringify(d.live)} [${d.controlIds.join(',')}]`));

const physical = (logicalSuffix: string): string => {
  const found = [...deployed.physicalIds].find(([id]) => id.includes(logicalSuffix));
  if (!found) throw new Error(`no deployed resource ${logicalSuffix}`);
  return found[1];
};

describe('the example app, deployed as declared', () => {
  let drift: ConfigurationDrift;
  beforeAll(async () => {
    drift = configurationDrift(declared, await liveInventory(deployed.scenario));
  });

  it('reports no difference', () => {
    expect(differences(drift)).toEqual([]);
    expect(drift.ambiguous).toEqual([]);
  });

  it('matches each resource the live audit reads, by ARN, by CloudFormation tags or by reference', () => {
    const how = Object.fromEntries(drift.resources.map((r) => [r.declaredId.split('/')[1], r.matchedBy.by === 'reference' ? `reference ${r.matchedBy.path}` : `${r.matchedBy.by} ${r.matchedBy.by === 'identity' ? `${r.matchedBy.declaredField}=${r.matchedBy.liveField}` : ''}`]));
    expect(how).toEqual({
      // Literal names in the template give ARNs.
      RealtimeEndpoint4C616D86: 'identity alias=id',
      ServerlessEndpointEDB6D30E: 'identity alias=id',
      ArtifactBucket7410C9EF: 'identity alias=id',
      // The security group's aws:cloudformation tags give the live alias STACK/LogicalId.
      RealtimeModelSecurityGroupC7DE18A4: 'identity id=alias',
      // No name in the template, no tags read live: what the matched endpoints use.
      Key961B73FD: expect.stringMatching(/^reference /),
      Repository22E53BBD: expect.stringMatching(/^reference deployments\[AllTraffic\]\.images/),
      RealtimeExecutionRole11F1A59A: 'reference deployments[AllTraffic].identityId',
      ServerlessExecutionRoleD23F4A76: 'reference deployments[AllTraffic].identityId',
      // The first pair that names the VPC: the security group's network.
      RealtimeVpc2D6D4A7C: 'reference networkId',
    });
    for (const r of drift.resources) expect(r.liveId).toBe(physical(r.declaredId));
  });

  it('lists as not found live exactly what the endpoint-centred audit does not read, and nothing out of band', () => {
    // The AWS audit reads what endpoints use: the access-log bucket, the monitoring role and the VPC
    // endpoints' security group are deployed but not read, so no live resource answers for them.
    expect(drift.notFoundLive.map((r) => r.id.split('/')[1]).sort()).toEqual(['AccessLogs8B620ECA', 'RealtimeMonitoringRole53B2AC91', 'RealtimeVpcEndpointsSecurityGroup451F0B39']);
    expect(drift.outOfBand).toEqual([]);
  });

  it('says which facts it could not compare, and why, instead of calling them unchanged', () => {
    const unclear = drift.resources.flatMap((r) => r.notComparable.map((n) => `${r.declaredId.split('/')[1]} ${n.path} (${n.side}): ${n.reason}`)).sort();
    const logicalOnly = "of the IaC, which the IaC's model holds no resource for, so its live id is not known";
    expect(unclear).toEqual([
      // Subnets are no resource of the model: the template's logical ids cannot be turned into subnet ids.
      `RealtimeEndpoint4C616D86 deployments[AllTraffic].network.subnetIds (declared): names InferguardInference/RealtimeVpcinferenceSubnet1Subnet83D76039 ${logicalOnly}`,
      // The customer-managed policies are named by logical id in the template and by a generated name live.
      `RealtimeExecutionRole11F1A59A attachedPolicies (declared): names InferguardInference/RealtimeExecutionRolePolicy19DF94D8 ${logicalOnly}; its elements cannot be paired by name with the live ones`,
      // The live IAM reader does not state whether SageMaker may assume the role; the template adapter does.
      'RealtimeExecutionRole11F1A59A inferenceServiceMayAssume (live): the live reader does not state this fact',
      `ServerlessExecutionRoleD23F4A76 attachedPolicies (declared): names InferguardInference/ServerlessExecutionRolePolicy8A13CA0E ${logicalOnly}; its elements cannot be paired by name with the live ones`,
      'ServerlessExecutionRoleD23F4A76 inferenceServiceMayAssume (live): the live reader does not state this fact',
    ]);
    expect(drift.summary.notComparable).toBe(unclear.length);
  });
});

describe('one live change is reported as exactly that change', () => {
  it('key rotation turned off', async () => {
    const scenario = changed((region) => {
      const key = region.kms.keys[0] as { rotationEnabled: boolean; rotationPeriodInDays?: number };
      key.rotationEnabled = false;
      delete key.rotationPeriodInDays;
    });
    const drift = configurationDrift(declared, await liveInventory(scenario));
    expect(differences(drift)).toEqual(['key InferguardFoundation/Key961B73FD rotationPeriodDays: 365 -> null [key-rotation-enabled]']);
    expect(drift.summary).toMatchObject({ drifted: 1, differences: 1 });
    expect(renderConfigurationDrift(drift)).toContain('rotationPeriodDays: IaC 365 -> live null [key-rotation-enabled]');
  });

  it("an image's digest swapped for a tag", async () => {
    const realtime = 'inferguardinference-realtime';
    const scenario = changed((region) => {
      const model = region.sagemaker.models.find((m) => m.ModelName?.toLowerCase().startsWith(realtime)) as { PrimaryContainer: { Image: string } };
      model.PrimaryContainer.Image = model.PrimaryContainer.Image.replace(/@sha256:[0-9a-f]+$/, ':latest');
      const endpoints = region.sagemaker.endpoints as unknown[];
      const index = region.sagemaker.endpoints.findIndex((e) => e.EndpointName?.toLowerCase().startsWith(realtime));
      const config = region.sagemaker.endpointConfigs.find((c) => c.EndpointConfigName?.toLowerCase().startsWith(realtime));
      const before = region.sagemaker.endpoints[index];
      endpoints[index] = describeEndpointFromConfig({ name: before.EndpointName ?? '', arn: before.EndpointArn ?? '', config: config ?? { EndpointConfigName: '', EndpointConfigArn: '', ProductionVariants: [], CreationTime: new Date() }, model: (name) => region.sagemaker.models.find((m) => m.ModelName === name), created: before.CreationTime ?? new Date() });
    });
    const drift = configurationDrift(declared, await liveInventory(scenario));
    const digest = JSON.stringify(valueAt(declared));
    expect(differences(drift)).toEqual([
      `endpoint InferguardInference/RealtimeEndpoint4C616D86 deployments[AllTraffic].images[0].digest: ${digest} -> null [image-pinned-by-digest]`,
      'endpoint InferguardInference/RealtimeEndpoint4C616D86 deployments[AllTraffic].images[0].tag: null -> "latest" []',
    ]);
  });

  it('a security group opened to the internet', async () => {
    const groupId = physical('RealtimeModelSecurityGroup');
    const scenario = changed((region) => {
      const group = region.ec2.securityGroups.find((g) => g.GroupId === groupId) as { IpPermissions: object[] };
      group.IpPermissions.push({ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [], UserIdGroupPairs: [], PrefixListIds: [] });
    });
    const drift = configurationDrift(declared, await liveInventory(scenario));
    const group = drift.resources.filter((r) => r.differences.length > 0);
    expect(group.map((r) => r.declaredId)).toEqual(['InferguardInference/RealtimeModelSecurityGroupC7DE18A4']);
    expect(group[0].differences).toEqual([
      expect.objectContaining({ path: 'ingress', added: [{ protocol: 'tcp', fromPort: 443, toPort: 443, sources: ['0.0.0.0/0'] }], removed: [], controlIds: ['firewall-no-public-ingress'] }),
    ]);
  });

  it("an endpoint's storage key swapped live for another key: the key pairing is ambiguous, reported, not guessed", async () => {
    const realtime = 'inferguardinference-realtime';
    const otherKeyArn = `arn:aws:kms:${EXAMPLE_REGION}:${EXAMPLE_ACCOUNT}:key/00000000-1111-4222-a333-444444444444`;
    const scenario = changed((region) => {
      const [key] = region.kms.keys;
      (region.kms.keys as unknown[]).push({ ...structuredClone(key), metadata: { ...key.metadata, KeyId: otherKeyArn.split('/')[1], Arn: otherKeyArn } });
      const config = region.sagemaker.endpointConfigs.find((c) => c.EndpointConfigName?.toLowerCase().startsWith(realtime)) as { KmsKeyId?: string };
      config.KmsKeyId = otherKeyArn;
    });
    const drift = configurationDrift(declared, await liveInventory(scenario));
    // The template's key is used at several places; live, they now name two keys: which one is "the" key is not guessed.
    expect(drift.ambiguous).toEqual([
      { kind: 'key', declaredIds: ['InferguardFoundation/Key961B73FD'], liveIds: [otherKeyArn, physical('Key961B73FD')].sort(), why: expect.stringContaining('storageKeyId') },
    ]);
    const endpoint = drift.resources.find((r) => r.declaredId.endsWith('RealtimeEndpoint4C616D86'));
    expect(endpoint?.notComparable.map((n) => n.path)).toEqual(expect.arrayContaining(['storageKeyId', 'dataCapture.keyId']));
    expect(differences(drift)).toEqual([]);
  });

  it('a resource deleted live is not found; one made by hand in scope is out of band', async () => {
    const scenario = changed((region) => {
      const keys = region.kms.keys as unknown[];
      keys.push({ ...structuredClone(region.kms.keys[0]), metadata: { ...region.kms.keys[0].metadata, KeyId: 'handmade', Arn: `arn:aws:kms:${EXAMPLE_REGION}:${EXAMPLE_ACCOUNT}:key/handmade` } });
    });
    // The live AWS audit reads the keys endpoints use: a hand-made key nobody uses is not read, so out of
    // band is shown here with the inventory itself.
    const live = await liveInventory(scenario);
    const extra = { ...live, resources: [...live.resources, { ...live.resources.find((r) => r.kind === 'key')!, id: 'arn:aws:kms:us-east-1:111122223333:key/handmade', name: 'handmade' }] } as Inventory;
    const withoutRole = { ...extra, resources: extra.resources.filter((r) => !r.id.includes(physical('ServerlessExecutionRole').split('/').pop() ?? '-')) };
    const drift = configurationDrift(declared, withoutRole);
    expect(drift.outOfBand.map((r) => r.id)).toEqual(['arn:aws:kms:us-east-1:111122223333:key/handmade']);
    expect(drift.notFoundLive.map((r) => r.id)).toContain('InferguardInference/ServerlessExecutionRoleD23F4A76');
  });
});

function valueAt(inventory: Inventory): string | null {
  const endpoint = inventory.resources.find((r) => r.id === 'InferguardInference/RealtimeEndpoint4C616D86');
  if (endpoint?.kind !== 'endpoint' || !endpoint.deployments.known) throw new Error('no realtime endpoint in the template');
  const images = endpoint.deployments.value[0].images;
  if (!images.known) throw new Error('images unknown');
  return images.value[0].digest;
}
