// The live readers against the local AWS simulator: real SDK clients, real wire protocols.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resourcesOfKind, type Inventory } from '../../../../policies/model';
import { AwsAuditOptionsError, collectAwsInventory, type AwsAuditOptions } from '../../../../providers/aws/live/index';
import { LOCAL_STORAGE_KMS_QUOTE, SERVERLESS_UNSUPPORTED } from '../../../../providers/aws/platform';
import { startAwsSimulator } from '../../../../sim/aws/index';
import {
  ACCOUNT,
  AWS_MANAGED_KEY,
  DIGEST,
  ENDPOINT_ROLE,
  EU,
  EU_KEY,
  EU_REPO,
  FULL_ACCESS_POLICY,
  KEY,
  REPO,
  ROLE,
  SHARED_POLICY,
  US,
  endpointArn,
  image,
  richScenario,
} from './scenario';
import { countBy, isolateAwsEnvironment, resource, valueOf } from './support';

type Simulator = Awaited<ReturnType<typeof startAwsSimulator>>;

isolateAwsEnvironment();

let sim: Simulator;
beforeAll(async () => {
  sim = await startAwsSimulator(richScenario(), { timeoutMs: 2_000 });
});
afterAll(async () => {
  await sim.close();
});
beforeEach(() => {
  sim.setFaults([]);
  sim.resetCalls();
});

const audit = (overrides: Partial<AwsAuditOptions> = {}): Promise<Inventory> =>
  collectAwsInventory({ regions: [US, EU], endpointUrl: sim.url, maxAttempts: 3, concurrency: 8, ...overrides });

const deploymentOf = (inventory: Inventory, region: string, name: string) => valueOf(resource(inventory, 'endpoint', endpointArn(region, name)).deployments)[0];

describe('a full audit of a healthy account', () => {
  let inventory: Inventory;
  beforeAll(async () => {
    inventory = await collectAwsInventory({ regions: [US, EU], endpointUrl: sim.url, maxAttempts: 3 });
  });

  it('covers both regions and the account, with no gaps', () => {
    expect(inventory.gaps).toEqual([]);
    expect(inventory.scope).toEqual({ accounts: [ACCOUNT], regions: [US, EU] });
    expect(resourcesOfKind(inventory, 'endpoint').map((e) => e.name).sort()).toEqual(['classifier', 'classifier-twin', 'eu-classifier', 'gpu', 'overridden', 'serverless']);
  });

  it('states the compliant endpoint as it is, with evidence', () => {
    const endpoint = resource(inventory, 'endpoint', endpointArn(US, 'classifier'));
    expect(endpoint).toMatchObject({ account: ACCOUNT, region: US, status: 'InService' });
    expect(valueOf(endpoint.storageKeyId)).toBe(KEY);
    // The data capture key is referenced by alias and resolved to the same key ARN.
    expect(valueOf(endpoint.dataCapture)).toEqual({ enabled: true, keyId: KEY, destinationStoreId: 'arn:aws:s3:::capture' });
    expect(valueOf(endpoint.asyncOutput)).toBeNull();
    expect(valueOf(endpoint.monitoringSchedules)).toBe(1);
    const d = deploymentOf(inventory, US, 'classifier');
    expect(d.compute).toEqual({ kind: 'instance', instanceType: 'ml.m5.xlarge' });
    expect(valueOf(d.instanceCount)).toBe(2);
    expect(d.instanceCount.evidence).toEqual([{ source: 'sagemaker:DescribeEndpointConfig', path: 'ProductionVariants[0].InitialInstanceCount', value: 2 }]);
    expect(valueOf(d.networkIsolation)).toBe(true);
    expect(valueOf(d.network)).toEqual({ networkId: 'vpc-0abc', subnetIds: ['subnet-a', 'subnet-b'], firewallIds: ['sg-0abc'] });
    expect(valueOf(d.identityId)).toBe(ROLE);
    expect(valueOf(d.images)).toEqual([{ uri: image(US), repositoryId: REPO, registry: 'private', registryAccount: ACCOUNT, digest: DIGEST, tag: null }]);
    expect(valueOf(d.artifactStoreIds)).toEqual(['arn:aws:s3:::models']);
  });

  it('reads keys: customer and AWS managed, rotation, policy', () => {
    const key = resource(inventory, 'key', KEY);
    expect(valueOf(key.managedBy)).toBe('customer');
    expect(valueOf(key.enabled)).toBe(true);
    expect(valueOf(key.rotationPeriodDays)).toBe(365);
    expect(valueOf(key.policy)).toEqual([
      { effect: 'Allow', principals: [`arn:aws:iam::${ACCOUNT}:root`], actions: ['kms:*'], resources: ['*'], conditions: [], origin: `key-policy:${KEY}`, serviceWideActions: ['kms:*'], handsOffIdentities: false, identityHandOffActions: [] },
    ]);
    expect(valueOf(resource(inventory, 'key', AWS_MANAGED_KEY).managedBy)).toBe('provider');
    // The EU endpoint names its key by bare key id; the key is read in its own region and joined by ARN.
    expect(valueOf(resource(inventory, 'endpoint', endpointArn(EU, 'eu-classifier')).storageKeyId)).toBe(EU_KEY);
    expect(valueOf(resource(inventory, 'key', EU_KEY).rotationPeriodDays)).toBeNull();
  });

  it('reads roles: inline and attached statements, AWS managed policies marked', () => {
    const role = resource(inventory, 'identity', ROLE);
    expect(valueOf(role.attachedPolicies)).toEqual([{ id: SHARED_POLICY, name: 'shared-read', providerManaged: false }]);
    expect(valueOf(role.statements).map((s) => `${s.origin} ${s.actions.join(',')}`)).toEqual([
      'inline:model-access s3:GetObject',
      'inline:model-access kms:Decrypt',
      'managed:shared-read ecr:BatchGetImage,ecr:GetDownloadUrlForLayer',
    ]);
    const runner = resource(inventory, 'identity', ENDPOINT_ROLE);
    expect(runner.name).toBe('endpoint-runner');
    expect(valueOf(runner.attachedPolicies).find((p) => p.id === FULL_ACCESS_POLICY)?.providerManaged).toBe(true);
    expect(valueOf(runner.statements).some((s) => s.origin === 'managed:AmazonSageMakerFullAccess')).toBe(true);
  });

  it('reads buckets, stating "not configured" answers as known values', () => {
    const models = resource(inventory, 'artifact-store', 'arn:aws:s3:::models');
    expect(valueOf(models.publicAccessBlocked)).toBe(true);
    expect(valueOf(models.policy)).toMatchObject([{ effect: 'Deny', principals: ['*'], conditions: [{ operator: 'Bool', key: 'aws:SecureTransport', values: ['false'] }] }]);
    expect(valueOf(models.encryptionKeyId)).toBe(KEY);

    const capture = resource(inventory, 'artifact-store', 'arn:aws:s3:::capture');
    expect(valueOf(capture.publicAccessBlocked)).toBe(false);
    expect(capture.publicAccessBlocked.evidence[0].value).toBe('NoSuchPublicAccessBlockConfiguration');
    expect(valueOf(capture.policy)).toEqual([]);
    expect(valueOf(capture.encryptionKeyId)).toBe(AWS_MANAGED_KEY);

    const eu = resource(inventory, 'artifact-store', 'arn:aws:s3:::models-eu');
    expect(eu.region).toBe(EU);
    expect(valueOf(eu.encryptionKeyId)).toBeNull();
  });

  it('reads repositories, networks and security groups per region', () => {
    const repo = resource(inventory, 'image-repository', REPO);
    expect([valueOf(repo.scanOnPush), valueOf(repo.tagsImmutable), valueOf(repo.encryptionKeyId), valueOf(repo.policy)]).toEqual([true, true, KEY, []]);
    expect(resource(inventory, 'image-repository', EU_REPO).region).toBe(EU);
    const networks = resourcesOfKind(inventory, 'network');
    expect(networks.map((n) => `${n.region}/${n.id}`).sort()).toEqual([`${EU}/vpc-0eu`, `${US}/vpc-0abc`]);
    expect(valueOf(networks.find((n) => n.region === US)!.privateEndpoints)).toEqual([
      { service: 'sagemaker.api', type: 'interface', available: true, privateDns: true },
      { service: 'sagemaker.runtime', type: 'interface', available: true, privateDns: true },
    ]);
    expect(valueOf(resource(inventory, 'firewall', 'sg-0open').ingress)).toEqual([{ protocol: 'all', fromPort: null, toPort: null, sources: ['0.0.0.0/0'] }]);
    expect(valueOf(resource(inventory, 'firewall', 'sg-0abc').ingress)).toEqual([{ protocol: 'tcp', fromPort: 443, toPort: 443, sources: ['sg-0client'] }]);
  });

  it('gives serverless and NVMe deployments their documented limits', () => {
    const serverless = deploymentOf(inventory, US, 'serverless');
    expect(serverless.compute).toEqual({ kind: 'serverless', memoryMb: 2048, maxConcurrency: 5 });
    expect(serverless.unsupported).toEqual(SERVERLESS_UNSUPPORTED);
    expect(valueOf(serverless.images)[0]).toMatchObject({ tag: 'v1', digest: null, registry: 'private' });
    const gpu = deploymentOf(inventory, US, 'gpu');
    expect(gpu.unsupported['volume-encryption']).toContain(LOCAL_STORAGE_KMS_QUOTE);
    expect(valueOf(resource(inventory, 'endpoint', endpointArn(US, 'gpu')).storageKeyId)).toBeNull();
  });

  it('reads VpcConfig, network isolation and role set on the endpoint config over the model', () => {
    const d = deploymentOf(inventory, US, 'overridden');
    expect(valueOf(d.network)).toEqual({ networkId: 'vpc-0abc', subnetIds: ['subnet-c'], firewallIds: ['sg-0open'] });
    expect(valueOf(d.networkIsolation)).toBe(true);
    expect(d.networkIsolation.evidence.map((e) => `${e.source} ${String(e.value)}`)).toEqual(['sagemaker:DescribeEndpointConfig true', 'sagemaker:DescribeModel false']);
    expect(valueOf(d.identityId)).toBe(ENDPOINT_ROLE);
  });
});

describe('API calls', () => {
  it('reads each shared model, key, role, policy, bucket and network once', async () => {
    const inventory = await audit();
    expect(inventory.gaps).toEqual([]);
    const calls = countBy(sim.calls(), (c) => `${c.service}:${c.operation}`);
    expect(calls).toMatchObject({
      'sagemaker:ListEndpoints': 2,
      'sagemaker:ListMonitoringSchedules': 2,
      'sagemaker:DescribeEndpoint': 6,
      'sagemaker:DescribeEndpointConfig': 6,
      // classifier is shared by three endpoints: 3 models in us-east-1, 1 in eu-west-1
      'sagemaker:DescribeModel': 4,
      // the us key is named by ARN and by alias (an alias needs its own DescribeKey); 3 keys in all
      'kms:DescribeKey': 4,
      'kms:GetKeyRotationStatus': 3,
      'kms:GetKeyPolicy': 3,
      'iam:ListRolePolicies': 2,
      'iam:ListAttachedRolePolicies': 2,
      'iam:GetRolePolicy': 1,
      // shared-read is attached to both roles and read once
      'iam:GetPolicy': 2,
      'iam:GetPolicyVersion': 2,
      's3:GetPublicAccessBlock': 3,
      's3:GetBucketPolicy': 3,
      'ecr:DescribeRepositories': 2,
      'ec2:DescribeSecurityGroups': 2,
      'ec2:DescribeVpcEndpoints': 2,
    });
    expect(Object.keys(calls).some((c) => c.startsWith('sts:'))).toBe(false);
  });
});

describe('failures fail closed', () => {
  it('turns AccessDenied on GetKeyPolicy into an unknown key policy and a gap', async () => {
    sim.setFaults([{ service: 'kms', operation: 'GetKeyPolicy', fault: 'AccessDenied' }]);
    const inventory = await audit();
    const key = resource(inventory, 'key', KEY);
    expect(key.policy.known).toBe(false);
    if (!key.policy.known) expect(key.policy.reason).toMatch(/kms:GetKeyPolicy .* failed with AccessDenied/);
    // what other calls said is still known
    expect(valueOf(key.rotationPeriodDays)).toBe(365);
    expect(inventory.gaps).toContainEqual(expect.objectContaining({ service: 'kms', operation: 'GetKeyPolicy', resourceId: KEY, region: US, errorCode: expect.stringMatching(/AccessDenied/) }));
    expect(inventory.gaps).toHaveLength(3);
  });

  it('lets the SDK retry through throttling, leaving no gap', async () => {
    sim.setFaults([{ service: 'sagemaker', operation: 'DescribeModel', fault: 'Throttling', times: 2 }]);
    const inventory = await audit({ maxAttempts: 4 });
    expect(inventory.gaps).toEqual([]);
    expect(valueOf(deploymentOf(inventory, US, 'classifier').networkIsolation)).toBe(true);
    const describeModel = sim.calls().filter((c) => c.operation === 'DescribeModel');
    expect(describeModel.filter((c) => c.fault === 'Throttling')).toHaveLength(2);
    expect(describeModel).toHaveLength(4 + 2);
  });

  it('records a gap when throttling outlasts maxAttempts', async () => {
    sim.setFaults([{ service: 'kms', operation: 'GetKeyRotationStatus', fault: 'Throttling', resourceContains: EU_KEY.split('/')[1] }]);
    const inventory = await audit({ maxAttempts: 2 });
    const eu = resource(inventory, 'key', EU_KEY);
    expect(eu.rotationPeriodDays.known).toBe(false);
    expect(inventory.gaps).toEqual([expect.objectContaining({ service: 'kms', operation: 'GetKeyRotationStatus', resourceId: EU_KEY, region: EU, errorCode: expect.stringMatching(/Throttl/) })]);
    expect(sim.calls().filter((c) => c.operation === 'GetKeyRotationStatus' && c.fault === 'Throttling')).toHaveLength(2);
  });

  it('turns a malformed response into a gap, not a crash', async () => {
    sim.setFaults([{ service: 's3', operation: 'GetBucketPolicy', fault: 'Malformed', resourceContains: 'capture' }]);
    const inventory = await audit({ maxAttempts: 1 });
    const capture = resource(inventory, 'artifact-store', 'arn:aws:s3:::capture');
    expect(capture.policy.known).toBe(false);
    // The other reads of the same bucket still count.
    expect(capture.publicAccessBlocked.known).toBe(true);
    expect(inventory.gaps).toEqual([expect.objectContaining({ service: 's3', operation: 'GetBucketPolicy', resourceId: 'arn:aws:s3:::capture' })]);
  });

  it('turns a timeout into a gap', async () => {
    sim.setFaults([{ service: 'ecr', operation: 'DescribeRepositories', fault: 'Timeout', resourceContains: 'classifier' }]);
    // 1 s: far above a healthy simulator call even on a busy machine, below the simulator's 2 s hold.
    const inventory = await audit({ maxAttempts: 1, requestTimeoutMs: 1_000 });
    const repo = resource(inventory, 'image-repository', REPO);
    expect(repo.scanOnPush.known).toBe(false);
    expect(inventory.gaps.map((g) => `${g.service}:${g.operation}:${g.region}:${g.errorCode}`).sort()).toEqual([
      `ecr:DescribeRepositories:${EU}:TimeoutError`,
      `ecr:DescribeRepositories:${US}:TimeoutError`,
    ]);
    // our timeout fired, not the simulator dropping the connection after its own 2 s
    expect(inventory.gaps[0].message).toMatch(/exceeded the configured 1000 ms requestTimeout/);
  });

  it('never reads a denied public access block as "not blocked"', async () => {
    sim.setFaults([{ service: 's3', operation: 'GetPublicAccessBlock', fault: 'AccessDenied' }]);
    const inventory = await audit();
    for (const store of resourcesOfKind(inventory, 'artifact-store')) expect(store.publicAccessBlocked.known).toBe(false);
    expect(inventory.gaps.filter((g) => g.operation === 'GetPublicAccessBlock')).toHaveLength(3);
  });

  it('keeps the other region when ListEndpoints fails in one', async () => {
    sim.setFaults([{ service: 'sagemaker', operation: 'ListEndpoints', fault: 'AccessDenied', times: 1 }]);
    const inventory = await audit({ maxAttempts: 1 });
    expect(inventory.gaps).toEqual([expect.objectContaining({ service: 'sagemaker', operation: 'ListEndpoints', errorCode: expect.stringMatching(/AccessDenied/) })]);
    const failedRegion = inventory.gaps[0].region;
    const regions = new Set(resourcesOfKind(inventory, 'endpoint').map((e) => e.region));
    expect([...regions]).toEqual([failedRegion === US ? EU : US]);
  });

  it('makes the facts of a denied DescribeModel unknown and keeps the rest', async () => {
    sim.setFaults([{ service: 'sagemaker', operation: 'DescribeModel', fault: 'AccessDenied', resourceContains: 'plain-model' }]);
    const inventory = await audit();
    const d = deploymentOf(inventory, US, 'overridden');
    expect(d.images.known).toBe(false);
    // the endpoint config states these itself
    expect(valueOf(d.networkIsolation)).toBe(true);
    expect(valueOf(d.identityId)).toBe(ENDPOINT_ROLE);
    expect(inventory.gaps).toEqual([expect.objectContaining({ service: 'sagemaker', operation: 'DescribeModel', resourceId: 'plain-model', region: US })]);
  });
});

describe('options', () => {
  it('reports progress per phase', async () => {
    const events: { phase: string; done: number; total: number; region?: string }[] = [];
    await audit({ onProgress: (e) => events.push(e) });
    const last = (phase: string, region?: string) => events.filter((e) => e.phase === phase && e.region === region).at(-1);
    expect(last('endpoints', US)).toEqual({ phase: 'endpoints', done: 5, total: 5, region: US });
    expect(last('endpoints', EU)).toEqual({ phase: 'endpoints', done: 1, total: 1, region: EU });
    const shared = last('shared');
    expect(shared?.done).toBe(shared?.total);
  });

  it('rejects bad options with a message that says how to fix them', async () => {
    await expect(collectAwsInventory({ regions: [US], concurrency: 0 })).rejects.toThrow(AwsAuditOptionsError);
    await expect(collectAwsInventory({ regions: [US], maxAttempts: 1.5 })).rejects.toThrow(/maxAttempts must be a positive integer/);
    await expect(collectAwsInventory({ regions: [] })).rejects.toThrow(/pass --regions/);
    await expect(collectAwsInventory({ regions: [US], endpointUrl: 'ftp://127.0.0.1:4566' })).rejects.toThrow(/endpointUrl must use http or https/);
    await expect(collectAwsInventory({ regions: [US], endpointUrl: 'not a url' })).rejects.toThrow(/absolute http\(s\) URL/);
  });

  it('takes region and credentials from the named profile', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'inferguard-profile-'));
    writeFileSync(join(dir, 'config'), `[profile auditor]\nregion = ${EU}\n`);
    writeFileSync(join(dir, 'credentials'), '[auditor]\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = profile-secret\n');
    const saved = { config: process.env.AWS_CONFIG_FILE, credentials: process.env.AWS_SHARED_CREDENTIALS_FILE, key: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };
    process.env.AWS_CONFIG_FILE = join(dir, 'config');
    process.env.AWS_SHARED_CREDENTIALS_FILE = join(dir, 'credentials');
    delete process.env.AWS_ACCESS_KEY_ID;
    delete process.env.AWS_SECRET_ACCESS_KEY;
    try {
      const inventory = await collectAwsInventory({ regions: [], profile: 'auditor', endpointUrl: sim.url });
      expect(inventory.scope.regions).toEqual([EU]);
      expect(inventory.gaps).toEqual([]);
      expect(resourcesOfKind(inventory, 'endpoint').map((e) => e.name)).toEqual(['eu-classifier']);
    } finally {
      process.env.AWS_CONFIG_FILE = saved.config;
      process.env.AWS_SHARED_CREDENTIALS_FILE = saved.credentials;
      process.env.AWS_ACCESS_KEY_ID = saved.key;
      process.env.AWS_SECRET_ACCESS_KEY = saved.secret;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('honours AWS_ENDPOINT_URL without an endpoint option', async () => {
    process.env.AWS_ENDPOINT_URL = sim.url;
    try {
      const inventory = await collectAwsInventory({ regions: [US] });
      expect(inventory.gaps).toEqual([]);
      expect(valueOf(resource(inventory, 'artifact-store', 'arn:aws:s3:::models').publicAccessBlocked)).toBe(true);
    } finally {
      delete process.env.AWS_ENDPOINT_URL;
    }
  });

  it('uses AWS_REGION when no region is given', async () => {
    process.env.AWS_REGION = EU;
    try {
      const inventory = await collectAwsInventory({ regions: [], endpointUrl: sim.url });
      expect(inventory.scope.regions).toEqual([EU]);
      expect(resourcesOfKind(inventory, 'endpoint').map((e) => e.name)).toEqual(['eu-classifier']);
    } finally {
      delete process.env.AWS_REGION;
    }
  });
});
