import {
  CreateAliasCommand,
  CreateKeyCommand,
  DescribeKeyCommand,
  EnableKeyRotationCommand,
  GetKeyPolicyCommand,
  GetKeyRotationStatusCommand,
  KMSClient,
  ListAliasesCommand,
  ListKeysCommand,
  paginateListAliases,
  paginateListKeys,
  PutKeyPolicyCommand,
} from '@aws-sdk/client-kms';
import { buildDemoScenario, generateAwsScenario } from '../../../sim/aws';
import { clientSettings, collect, EMPTY_SCENARIO, rejectionOf, useSimulator } from './simulator';

const KEY_ID = '1234abcd-12ab-34cd-56ef-1234567890ab';
const KEY_ARN = `arn:aws:kms:us-east-1:111122223333:key/${KEY_ID}`;

describe('KMS reads of the demo account', () => {
  const sim = useSimulator(buildDemoScenario);
  const client = () => new KMSClient(clientSettings(sim()));

  it.each([
    ['key id', KEY_ID],
    ['key ARN', KEY_ARN],
    ['alias name', 'alias/inferguard-ml'],
    ['alias ARN', 'arn:aws:kms:us-east-1:111122223333:alias/inferguard-ml'],
  ])('describes a key by its %s', async (_how, keyId) => {
    const out = await client().send(new DescribeKeyCommand({ KeyId: keyId }));
    expect(out.KeyMetadata).toMatchObject({ KeyId: KEY_ID, Arn: KEY_ARN, KeyManager: 'CUSTOMER', KeyState: 'Enabled', KeySpec: 'SYMMETRIC_DEFAULT' });
    expect(out.KeyMetadata?.CreationDate).toBeInstanceOf(Date);
  });

  it('answers an unknown key or alias with NotFoundException', async () => {
    const key = await rejectionOf(client().send(new DescribeKeyCommand({ KeyId: '00000000-0000-4000-a000-000000000000' })));
    expect(key.name).toBe('NotFoundException');
    expect(key.message).toBe("Key 'arn:aws:kms:us-east-1:111122223333:key/00000000-0000-4000-a000-000000000000' does not exist");
    const alias = await rejectionOf(client().send(new DescribeKeyCommand({ KeyId: 'alias/nothing' })));
    expect(alias.name).toBe('NotFoundException');
    expect(alias.message).toContain("Alias 'arn:aws:kms:us-east-1:111122223333:alias/nothing' is not found");
  });

  it('finds a key only in its own region', async () => {
    const eu = new KMSClient(clientSettings(sim(), 'eu-west-1'));
    const error = await rejectionOf(eu.send(new DescribeKeyCommand({ KeyId: KEY_ID })));
    expect(error.name).toBe('NotFoundException');
  });

  it('reports rotation with its period, and refuses an alias where only a key id or ARN is allowed', async () => {
    const status = await client().send(new GetKeyRotationStatusCommand({ KeyId: KEY_ARN }));
    expect(status).toMatchObject({ KeyRotationEnabled: true, RotationPeriodInDays: 365, KeyId: KEY_ARN });
    expect(status.NextRotationDate).toBeInstanceOf(Date);
    const eu = await new KMSClient(clientSettings(sim(), 'eu-west-1')).send(new GetKeyRotationStatusCommand({ KeyId: '0987dcba-09fe-87dc-65ba-ab0987654321' }));
    expect(eu.RotationPeriodInDays).toBe(180);
    const alias = await rejectionOf(client().send(new GetKeyRotationStatusCommand({ KeyId: 'alias/inferguard-ml' })));
    expect(alias.name).toBe('NotFoundException');
  });

  it('returns the key policy named default', async () => {
    const out = await client().send(new GetKeyPolicyCommand({ KeyId: KEY_ID }));
    expect(out.PolicyName).toBe('default');
    const policy: unknown = JSON.parse(out.Policy ?? '');
    expect(policy).toMatchObject({ Statement: expect.arrayContaining([expect.objectContaining({ Principal: { AWS: 'arn:aws:iam::111122223333:root' } })]) });
    const other = await rejectionOf(client().send(new GetKeyPolicyCommand({ KeyId: KEY_ID, PolicyName: 'other' })));
    expect(other.name).toBe('NotFoundException');
  });

  it('lists keys and aliases, and aliases of one key', async () => {
    const keys = await client().send(new ListKeysCommand({}));
    expect(keys).toMatchObject({ Keys: [{ KeyId: KEY_ID, KeyArn: KEY_ARN }], Truncated: false });
    const aliases = await client().send(new ListAliasesCommand({ KeyId: KEY_ID }));
    expect(aliases.Aliases?.map((a) => a.AliasName)).toEqual(['alias/inferguard-ml']);
    expect(aliases.Aliases?.[0]?.TargetKeyId).toBe(KEY_ID);
  });
});

describe('KMS pagination', () => {
  const sim = useSimulator(() => generateAwsScenario({ endpoints: 1, sharedKeys: 5 }));
  const client = () => new KMSClient(clientSettings(sim()));

  it('pages ListKeys and ListAliases with the SDK paginators (Marker / NextMarker / Truncated)', async () => {
    const keyPages = await collect(paginateListKeys({ client: client(), pageSize: 2 }, {}));
    expect(keyPages.map((p) => p.Keys?.length)).toEqual([2, 2, 1]);
    expect(keyPages.map((p) => p.Truncated)).toEqual([true, true, false]);
    expect(new Set(keyPages.flatMap((p) => p.Keys ?? []).map((k) => k.KeyId)).size).toBe(5);
    const aliasPages = await collect(paginateListAliases({ client: client(), pageSize: 3 }, {}));
    expect(aliasPages.flatMap((p) => p.Aliases ?? []).map((a) => a.AliasName)).toEqual(['alias/ml-0', 'alias/ml-1', 'alias/ml-2', 'alias/ml-3', 'alias/ml-4']);
  });

  it('reports a key with rotation off without a period', async () => {
    const aliases = await client().send(new ListAliasesCommand({}));
    const off = aliases.Aliases?.find((a) => a.AliasName === 'alias/ml-3');
    const status = await client().send(new GetKeyRotationStatusCommand({ KeyId: off?.TargetKeyId }));
    expect(status.KeyRotationEnabled).toBe(false);
    expect(status.RotationPeriodInDays).toBeUndefined();
  });

  it('refuses a forged marker with InvalidMarkerException', async () => {
    const error = await rejectionOf(client().send(new ListKeysCommand({ Marker: 'forged' })));
    expect(error.name).toBe('InvalidMarkerException');
  });
});

describe('KMS writes, then reads', () => {
  const sim = useSimulator(EMPTY_SCENARIO);
  const client = () => new KMSClient(clientSettings(sim()));

  it('creates a key with the default policy, enables rotation with a period, names it, and sets its policy', async () => {
    const created = await client().send(new CreateKeyCommand({ Description: 'written' }));
    const keyId = created.KeyMetadata?.KeyId ?? '';
    expect(keyId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(created.KeyMetadata).toMatchObject({ KeyManager: 'CUSTOMER', KeyState: 'Enabled', Arn: `arn:aws:kms:us-east-1:111122223333:key/${keyId}` });
    const before = await client().send(new GetKeyRotationStatusCommand({ KeyId: keyId }));
    expect(before.KeyRotationEnabled).toBe(false);

    await client().send(new EnableKeyRotationCommand({ KeyId: keyId, RotationPeriodInDays: 90 }));
    const after = await client().send(new GetKeyRotationStatusCommand({ KeyId: keyId }));
    expect(after).toMatchObject({ KeyRotationEnabled: true, RotationPeriodInDays: 90 });

    await client().send(new CreateAliasCommand({ AliasName: 'alias/written', TargetKeyId: keyId }));
    const byAlias = await client().send(new DescribeKeyCommand({ KeyId: 'alias/written' }));
    expect(byAlias.KeyMetadata?.KeyId).toBe(keyId);

    const defaultPolicy = await client().send(new GetKeyPolicyCommand({ KeyId: keyId }));
    expect(defaultPolicy.Policy).toContain('arn:aws:iam::111122223333:root');
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*' }] });
    await client().send(new PutKeyPolicyCommand({ KeyId: keyId, Policy: policy }));
    expect((await client().send(new GetKeyPolicyCommand({ KeyId: keyId }))).Policy).toBe(policy);
  });

  it('answers invalid writes with the errors KMS uses', async () => {
    const { KeyMetadata } = await client().send(new CreateKeyCommand({}));
    const keyId = KeyMetadata?.KeyId ?? '';
    const period = await rejectionOf(client().send(new EnableKeyRotationCommand({ KeyId: keyId, RotationPeriodInDays: 30 })));
    expect(period.name).toBe('ValidationException');
    expect(period.message).toContain("at 'rotationPeriodInDays' failed to satisfy constraint: Member must have value greater than or equal to 90");
    const malformed = await rejectionOf(client().send(new PutKeyPolicyCommand({ KeyId: keyId, Policy: '{not json' })));
    expect(malformed.name).toBe('MalformedPolicyDocumentException');
    await client().send(new CreateAliasCommand({ AliasName: 'alias/once', TargetKeyId: keyId }));
    const twice = await rejectionOf(client().send(new CreateAliasCommand({ AliasName: 'alias/once', TargetKeyId: keyId })));
    expect(twice.name).toBe('AlreadyExistsException');
    const reserved = await rejectionOf(client().send(new CreateAliasCommand({ AliasName: 'alias/aws/s3', TargetKeyId: keyId })));
    expect(reserved.name).toBe('InvalidAliasNameException');
    const asymmetric = await client().send(new CreateKeyCommand({ KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' }));
    const unsupported = await rejectionOf(client().send(new GetKeyRotationStatusCommand({ KeyId: asymmetric.KeyMetadata?.KeyId })));
    expect(unsupported.name).toBe('UnsupportedOperationException');
    const missing = await rejectionOf(client().send(new DescribeKeyCommand({ KeyId: undefined })));
    expect(missing.name).toBe('ValidationException');
  });
});
