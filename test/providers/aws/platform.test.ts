import { ProductionVariantInstanceType } from '@aws-sdk/client-sagemaker';
import {
  LOCAL_STORAGE_INSTANCE_FAMILIES,
  LOCAL_STORAGE_KMS_QUOTE,
  PolicyDocumentError,
  SERVERLESS_UNSUPPORTED,
  SERVERLESS_UNSUPPORTED_FEATURES_QUOTE,
  bucketNameFromArn,
  asyncInferenceConfigured,
  dataCaptureEnabled,
  firewallRuleFromIpPermission,
  hasLocalInstanceStorage,
  iamRoleNameFromArn,
  instanceFamily,
  isKmsAliasReference,
  isProviderManagedPolicyArn,
  kmsKeyArnFromReference,
  kmsReferenceRegion,
  parseArn,
  parseImageUri,
  parsePolicyDocument,
  parseS3Uri,
  privateServiceName,
  s3BucketArn,
  variantCompute,
  variantUnsupported,
} from '../../../providers/aws/platform';

const ACCOUNT = '111122223333';
const KEY_UUID = '1234abcd-12ab-34cd-56ef-1234567890ab';
const DIGEST = 'sha256:' + 'b'.repeat(64);

describe('serverless limits', () => {
  it('quotes the developer guide and names the feature in every reason', () => {
    expect(SERVERLESS_UNSUPPORTED['private-network']).toContain('VPC configuration');
    expect(SERVERLESS_UNSUPPORTED['network-isolation']).toContain(SERVERLESS_UNSUPPORTED_FEATURES_QUOTE);
    expect(SERVERLESS_UNSUPPORTED['model-monitoring']).toContain('Model Monitor');
    expect(Object.keys(SERVERLESS_UNSUPPORTED).sort()).toEqual(
      ['data-capture', 'model-monitoring', 'multiple-instances', 'network-isolation', 'private-network'].sort(),
    );
    // "private Docker registries" means registries other than ECR: serverless images are still judged.
    expect(Object.keys(SERVERLESS_UNSUPPORTED)).not.toContain('private-registry');
  });

  it('gives a serverless variant serverless compute and every serverless limit, but no volume-encryption limit', () => {
    const variant = { ServerlessConfig: { MemorySizeInMB: 2048, MaxConcurrency: 5 } };
    expect(variantCompute(variant)).toEqual({ kind: 'serverless', memoryMb: 2048, maxConcurrency: 5 });
    const unsupported = variantUnsupported(variant);
    expect(unsupported['data-capture']).toBe(SERVERLESS_UNSUPPORTED['data-capture']);
    expect(unsupported['volume-encryption']).toBeUndefined();
  });
});

describe('local-storage (NVMe) instance types', () => {
  it.each(['ml.g4dn.xlarge', 'ml.g5.2xlarge', 'ml.p4d.24xlarge', 'ml.p4de.24xlarge', 'ml.p5.48xlarge', 'ml.m5d.large', 'ml.c5d.xlarge', 'ml.r5d.large', 'ml.g6.xlarge', 'ml.p6-b200.48xlarge'])(
    '%s cannot take a volume key',
    (instanceType) => {
      expect(hasLocalInstanceStorage(instanceType)).toBe(true);
      expect(variantUnsupported({ InstanceType: instanceType })['volume-encryption']).toContain(LOCAL_STORAGE_KMS_QUOTE);
    },
  );

  it.each(['ml.m5.xlarge', 'ml.c5.large', 'ml.inf2.xlarge', 'ml.inf1.xlarge', 'ml.p3.2xlarge', 'ml.t2.medium', 'ml.g5g.xlarge'])('%s is EBS-backed', (instanceType) => {
    expect(hasLocalInstanceStorage(instanceType)).toBe(false);
    expect(variantUnsupported({ InstanceType: instanceType })).toEqual({});
  });

  it('takes the family from the type, including hyphenated families', () => {
    expect(instanceFamily('ml.p6-b200.48xlarge')).toBe('ml.p6-b200');
    expect(instanceFamily('ml.g5.2xlarge')).toBe('ml.g5');
  });

  it('lists only families SageMaker hosting offers (no typos)', () => {
    const hostingFamilies = new Set(Object.values(ProductionVariantInstanceType).map(instanceFamily));
    expect(LOCAL_STORAGE_INSTANCE_FAMILIES.filter((f) => !hostingFamilies.has(f))).toEqual([]);
  });
});

describe('variants', () => {
  it('gives an instance variant its instance type and null when it has neither', () => {
    expect(variantCompute({ InstanceType: 'ml.m5.xlarge' })).toEqual({ kind: 'instance', instanceType: 'ml.m5.xlarge' });
    expect(variantCompute({})).toBeNull();
  });

  it('treats a DataCaptureConfig with a destination as enabled unless EnableCapture is false', () => {
    expect(dataCaptureEnabled(undefined)).toBe(false);
    const destination = 's3://models/capture';
    expect(dataCaptureEnabled({ DestinationS3Uri: destination })).toBe(true);
    expect(dataCaptureEnabled({ EnableCapture: false, DestinationS3Uri: destination })).toBe(false);
    // moto answers `{}` for an endpoint config without capture: no destination, nothing captured.
    expect(dataCaptureEnabled({})).toBe(false);
  });

  it('treats an AsyncInferenceConfig as asynchronous only with an OutputConfig', () => {
    expect(asyncInferenceConfigured(undefined)).toBe(false);
    expect(asyncInferenceConfigured({})).toBe(false);
    expect(asyncInferenceConfigured({ OutputConfig: { S3OutputPath: 's3://models/async' } })).toBe(true);
  });
});

describe('ARNs and references', () => {
  it('parses an ARN with colons and slashes in the resource', () => {
    expect(parseArn('arn:aws:sagemaker:us-east-1:111122223333:endpoint/x')).toEqual({
      partition: 'aws',
      service: 'sagemaker',
      region: 'us-east-1',
      account: ACCOUNT,
      resource: 'endpoint/x',
    });
    expect(parseArn('arn:aws:logs:us-east-1:1:log-group:a:*')?.resource).toBe('log-group:a:*');
    expect(parseArn('not-an-arn')).toBeNull();
  });

  it('resolves key ids and key ARNs to the key ARN, and leaves aliases to DescribeKey', () => {
    const ctx = { region: 'eu-west-1', account: ACCOUNT };
    expect(kmsKeyArnFromReference(KEY_UUID, ctx)).toBe(`arn:aws:kms:eu-west-1:${ACCOUNT}:key/${KEY_UUID}`);
    const arn = `arn:aws:kms:us-east-1:${ACCOUNT}:key/${KEY_UUID}`;
    expect(kmsKeyArnFromReference(arn, ctx)).toBe(arn);
    expect(kmsKeyArnFromReference('alias/models', ctx)).toBeNull();
    expect(kmsKeyArnFromReference(`arn:aws:kms:us-east-1:${ACCOUNT}:alias/models`, ctx)).toBeNull();
    expect(isKmsAliasReference('alias/models')).toBe(true);
    expect(isKmsAliasReference(arn)).toBe(false);
    expect(kmsKeyArnFromReference(KEY_UUID, { region: 'cn-north-1', account: ACCOUNT })).toMatch(/^arn:aws-cn:/);
    expect(kmsReferenceRegion(arn, 'eu-west-1')).toBe('us-east-1');
    expect(kmsReferenceRegion('alias/x', 'eu-west-1')).toBe('eu-west-1');
  });

  it('reads buckets from s3 and https URIs', () => {
    expect(parseS3Uri('s3://models/prod/model.tar.gz')).toEqual({ bucket: 'models', key: 'prod/model.tar.gz' });
    expect(parseS3Uri('s3://models')).toEqual({ bucket: 'models', key: '' });
    expect(parseS3Uri('https://models.s3.us-east-1.amazonaws.com/a/b')).toEqual({ bucket: 'models', key: 'a/b' });
    expect(parseS3Uri('https://s3.us-east-1.amazonaws.com/models/a')).toEqual({ bucket: 'models', key: 'a' });
    expect(parseS3Uri('file:///tmp/x')).toBeNull();
    expect(s3BucketArn('models')).toBe('arn:aws:s3:::models');
    expect(bucketNameFromArn('arn:aws:s3:::models')).toBe('models');
    expect(bucketNameFromArn('arn:aws:s3:::models/*')).toBeNull();
  });

  it('takes the role name without its path and recognises AWS managed policies', () => {
    expect(iamRoleNameFromArn(`arn:aws:iam::${ACCOUNT}:role/service-role/inference`)).toBe('inference');
    expect(iamRoleNameFromArn(`arn:aws:iam::${ACCOUNT}:user/bob`)).toBeNull();
    expect(isProviderManagedPolicyArn('arn:aws:iam::aws:policy/AmazonSageMakerFullAccess')).toBe(true);
    expect(isProviderManagedPolicyArn(`arn:aws:iam::${ACCOUNT}:policy/mine`)).toBe(false);
  });
});

describe('parseImageUri', () => {
  it('maps a private ECR image pinned by digest to its repository ARN', () => {
    expect(parseImageUri(`${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/models/classifier@${DIGEST}`)).toEqual({
      uri: `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/models/classifier@${DIGEST}`,
      repositoryId: `arn:aws:ecr:us-east-1:${ACCOUNT}:repository/models/classifier`,
      registry: 'private',
      registryAccount: ACCOUNT,
      digest: DIGEST,
      tag: null,
    });
  });

  it('keeps tag and digest together and knows the China partition', () => {
    const image = parseImageUri(`${ACCOUNT}.dkr.ecr.cn-north-1.amazonaws.com.cn/app:1.2@${DIGEST}`);
    expect(image).toMatchObject({ registry: 'private', tag: '1.2', digest: DIGEST, repositoryId: `arn:aws-cn:ecr:cn-north-1:${ACCOUNT}:repository/app` });
  });

  it('treats every other registry as public', () => {
    expect(parseImageUri('public.ecr.aws/lambda/python:3.12')).toMatchObject({ registry: 'public', repositoryId: null, tag: '3.12', digest: null });
    expect(parseImageUri('registry.example.com:5000/team/app')).toMatchObject({ registry: 'public', tag: null });
    expect(parseImageUri(`docker.io/library/nginx@${DIGEST}`)).toMatchObject({ registry: 'public', digest: DIGEST, tag: null });
  });
});

describe('policy documents', () => {
  it('normalizes principals, single strings, NotAction and conditions', () => {
    const doc = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { AWS: ACCOUNT }, Action: 'kms:*', Resource: '*' },
        {
          Effect: 'Deny',
          Principal: '*',
          NotAction: ['s3:GetObject'],
          Resource: ['arn:aws:s3:::models', 'arn:aws:s3:::models/*'],
          Condition: { Bool: { 'aws:SecureTransport': false }, StringEquals: { 'aws:PrincipalOrgID': ['o-1', 'o-2'] } },
        },
        { Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com', AWS: '*' }, Action: ['sts:AssumeRole'] },
      ],
    };
    const [first, second, third] = parsePolicyDocument(JSON.stringify(doc), 'key-policy');
    expect(first).toEqual({ effect: 'Allow', principals: [`arn:aws:iam::${ACCOUNT}:root`], actions: ['kms:*'], resources: ['*'], conditions: [], origin: 'key-policy', serviceWideActions: ['kms:*'], handsOffIdentities: false, identityHandOffActions: [] });
    expect(second.notActions).toEqual(['s3:GetObject']);
    expect(second.actions).toEqual([]);
    expect(second.conditions).toEqual([
      { operator: 'Bool', key: 'aws:SecureTransport', values: ['false'], meaning: 'insecure-transport' },
      { operator: 'StringEquals', key: 'aws:PrincipalOrgID', values: ['o-1', 'o-2'], meaning: 'restricts-caller' },
    ]);
    // NotAction s3:GetObject covers iam:PassRole: the statement can hand roles to services.
    expect(second.handsOffIdentities).toBe(true);
    expect(third.principals).toEqual(['sagemaker.amazonaws.com', '*']);
  });

  it('decodes URL-encoded IAM documents and accepts a single statement object', () => {
    const encoded = encodeURIComponent(JSON.stringify({ Statement: { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::m/*' } }));
    expect(parsePolicyDocument(encoded, 'inline:x')).toEqual([
      { effect: 'Allow', principals: [], actions: ['s3:GetObject'], resources: ['arn:aws:s3:::m/*'], conditions: [], origin: 'inline:x', serviceWideActions: [], handsOffIdentities: false, identityHandOffActions: [] },
    ]);
  });

  it('errs toward failing on NotPrincipal', () => {
    const [allow, deny] = parsePolicyDocument(
      JSON.stringify({
        Statement: [
          { Effect: 'Allow', NotPrincipal: { AWS: 'arn:aws:iam::1:role/a' }, Action: 's3:*', Resource: '*' },
          { Effect: 'Deny', NotPrincipal: { AWS: 'arn:aws:iam::1:role/a' }, Action: 's3:*', Resource: '*' },
        ],
      }),
      'bucket-policy',
    );
    expect(allow.principals).toEqual(['*']);
    expect(deny.principals).toEqual([]);
    expect(deny.notPrincipals).toEqual(['arn:aws:iam::1:role/a']);
  });

  it('says what is wrong with a bad document', () => {
    expect(() => parsePolicyDocument('{"Statement":[{"Effect":"Maybe"}]}', 'p')).toThrow(PolicyDocumentError);
    expect(() => parsePolicyDocument('{"Statement":[{"Effect":"Maybe"}]}', 'p')).toThrow(/Statement\[0\].*Effect must be "Allow" or "Deny"/);
    expect(() => parsePolicyDocument('{not json', 'p')).toThrow(/not valid JSON/);
    expect(() => parsePolicyDocument('{"Statement":[{"Effect":"Allow","Action":[1]}]}', 'p')).toThrow(/Action entries must be strings/);
  });
});

describe('security groups and VPC endpoints', () => {
  it('flattens sources and widens all-traffic rules to every port', () => {
    expect(
      firewallRuleFromIpPermission({
        IpProtocol: '-1',
        IpRanges: [{ CidrIp: '0.0.0.0/0' }],
        Ipv6Ranges: [{ CidrIpv6: '::/0' }],
        UserIdGroupPairs: [{ GroupId: 'sg-1' }],
        PrefixListIds: [{ PrefixListId: 'pl-1' }],
      }),
    ).toEqual({ protocol: 'all', fromPort: null, toPort: null, sources: ['0.0.0.0/0', '::/0', 'sg-1', 'pl-1'] });
    expect(firewallRuleFromIpPermission({ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, UserIdGroupPairs: [{ GroupId: 'sg-2' }] })).toEqual({
      protocol: 'tcp',
      fromPort: 443,
      toPort: 443,
      sources: ['sg-2'],
    });
  });

  it('names VPC endpoint services without region and fips suffix', () => {
    expect(privateServiceName('com.amazonaws.us-east-1.sagemaker.runtime')).toBe('sagemaker.runtime');
    expect(privateServiceName('com.amazonaws.us-east-1.sagemaker.runtime-fips')).toBe('sagemaker.runtime');
    expect(privateServiceName('com.amazonaws.eu-west-1.s3')).toBe('s3');
    expect(privateServiceName('aws.sagemaker.us-east-1.notebook')).toBe('sagemaker.notebook');
    expect(privateServiceName('com.example.custom')).toBe('com.example.custom');
  });
});
