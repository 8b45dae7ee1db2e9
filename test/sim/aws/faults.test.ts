import { DescribeEndpointCommand, ListEndpointsCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { GetKeyPolicyCommand, KMSClient } from '@aws-sdk/client-kms';
import { GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { DescribeSecurityGroupsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { GetBucketEncryptionCommand, S3Client } from '@aws-sdk/client-s3';
import { DescribeRepositoriesCommand, ECRClient } from '@aws-sdk/client-ecr';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { buildDemoScenario, parseFaultRule, startAwsSimulator, type FaultRule } from '../../../sim/aws';
import { clientSettings, rejectionOf, useSimulator } from './simulator';

describe('parseFaultRule', () => {
  it.each<[string, FaultRule]>([
    ['kms:GetKeyPolicy=AccessDenied', { service: 'kms', operation: 'GetKeyPolicy', fault: 'AccessDenied' }],
    ['s3', { service: 's3', fault: 'AccessDenied' }],
    ['sagemaker=Timeout', { service: 'sagemaker', fault: 'Timeout' }],
    ['*=Throttling,everyNth=3', { service: '*', fault: 'Throttling', everyNth: 3 }],
    ['iam:GetRole=InternalError,times=2,resource=legacy', { service: 'iam', operation: 'GetRole', fault: 'InternalError', times: 2, resourceContains: 'legacy' }],
  ])('reads %s', (text, rule) => {
    expect(parseFaultRule(text)).toEqual(rule);
  });

  it.each([
    ['', /Cannot read fault rule/],
    ['lambda:Invoke', /Unknown service "lambda".*sagemaker, kms, iam, ec2, s3, ecr, sts/],
    ['kms:getkeypolicy', /Did you mean GetKeyPolicy\?/],
    ['kms:Encrypt', /Operations of kms: DescribeKey/],
    ['kms=Explode', /Unknown fault "Explode".*AccessDenied, Throttling, InternalError, Malformed, Timeout, Empty, Foreign/],
    ['kms,times=0', /times must be a whole number of at least 1/],
    ['kms,times=two', /times .* must be a whole number/],
    ['kms,colour=red', /Unknown option "colour"/],
  ])('explains what is wrong with %j', (text, message) => {
    expect(() => parseFaultRule(text)).toThrow(message);
  });

  it('refuses a bad rule given to the simulator directly', async () => {
    await expect(startAwsSimulator(buildDemoScenario(), { faults: [{ service: 'kms', fault: 'Boom' as FaultRule['fault'] }] })).rejects.toThrow('Unknown fault "Boom"');
  });
});

describe('faults in each protocol\'s own shape', () => {
  const sim = useSimulator(buildDemoScenario, { timeoutMs: 200 });
  const settings = () => clientSettings(sim());
  beforeEach(() => {
    sim().setFaults([]);
    sim().resetCalls();
  });

  interface Case {
    readonly service: string;
    readonly fault: FaultRule['fault'];
    readonly name: string;
    readonly status: number;
    readonly call: () => Promise<unknown>;
  }
  const cases: readonly Case[] = [
    { service: 'sagemaker', fault: 'AccessDenied', name: 'AccessDeniedException', status: 400, call: () => new SageMakerClient(settings()).send(new ListEndpointsCommand({})) },
    { service: 'kms', fault: 'Throttling', name: 'ThrottlingException', status: 400, call: () => new KMSClient(settings()).send(new GetKeyPolicyCommand({ KeyId: '1234abcd-12ab-34cd-56ef-1234567890ab' })) },
    { service: 'ecr', fault: 'InternalError', name: 'InternalFailure', status: 500, call: () => new ECRClient(settings()).send(new DescribeRepositoriesCommand({})) },
    { service: 'iam', fault: 'AccessDenied', name: 'AccessDenied', status: 403, call: () => new IAMClient(settings()).send(new GetRoleCommand({ RoleName: 'fraud-detector-execution' })) },
    { service: 'iam', fault: 'Throttling', name: 'Throttling', status: 400, call: () => new IAMClient(settings()).send(new GetRoleCommand({ RoleName: 'fraud-detector-execution' })) },
    { service: 'sts', fault: 'InternalError', name: 'InternalFailure', status: 500, call: () => new STSClient(settings()).send(new GetCallerIdentityCommand({})) },
    { service: 'ec2', fault: 'AccessDenied', name: 'UnauthorizedOperation', status: 403, call: () => new EC2Client(settings()).send(new DescribeSecurityGroupsCommand({})) },
    { service: 'ec2', fault: 'Throttling', name: 'RequestLimitExceeded', status: 503, call: () => new EC2Client(settings()).send(new DescribeSecurityGroupsCommand({})) },
    { service: 's3', fault: 'AccessDenied', name: 'AccessDenied', status: 403, call: () => new S3Client({ ...settings(), forcePathStyle: true }).send(new GetBucketEncryptionCommand({ Bucket: 'inferguard-demo-models-111122223333' })) },
    { service: 's3', fault: 'Throttling', name: 'SlowDown', status: 503, call: () => new S3Client({ ...settings(), forcePathStyle: true }).send(new GetBucketEncryptionCommand({ Bucket: 'inferguard-demo-models-111122223333' })) },
    { service: 's3', fault: 'InternalError', name: 'InternalError', status: 500, call: () => new S3Client({ ...settings(), forcePathStyle: true }).send(new GetBucketEncryptionCommand({ Bucket: 'inferguard-demo-models-111122223333' })) },
  ];

  it.each(cases)('$service $fault surfaces in the SDK as $name ($status)', async ({ service, fault, call, name, status }) => {
    sim().setFaults([{ service, fault }]);
    const error = await rejectionOf(call());
    expect(error.name).toBe(name);
    expect(error.$metadata?.httpStatusCode).toBe(status);
    expect(sim().calls()).toEqual([expect.objectContaining({ service, status, fault })]);
  });

  it('names the caller and the action in an AccessDenied message', async () => {
    sim().setFaults([parseFaultRule('kms:GetKeyPolicy=AccessDenied')]);
    const error = await rejectionOf(new KMSClient(settings()).send(new GetKeyPolicyCommand({ KeyId: '1234abcd-12ab-34cd-56ef-1234567890ab' })));
    expect(error.message).toBe('User: arn:aws:iam::111122223333:user/inferguard-auditor is not authorized to perform: kms:GetKeyPolicy because no identity-based policy allows the kms:GetKeyPolicy action');
  });

  it('stops a rule after `times` firings', async () => {
    sim().setFaults([parseFaultRule('sagemaker:ListEndpoints=Throttling,times=2')]);
    const client = new SageMakerClient(settings());
    const outcomes: string[] = [];
    for (let i = 0; i < 4; i += 1) outcomes.push(await client.send(new ListEndpointsCommand({})).then(() => 'ok', (e: Error) => e.name));
    expect(outcomes).toEqual(['ThrottlingException', 'ThrottlingException', 'ok', 'ok']);
  });

  it('fires only on every n-th matching call', async () => {
    sim().setFaults([parseFaultRule('iam:GetRole=InternalError,everyNth=3')]);
    const client = new IAMClient(settings());
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1) {
      statuses.push(await client.send(new GetRoleCommand({ RoleName: 'fraud-detector-execution' })).then(() => 200, (e: { $metadata?: { httpStatusCode?: number } }) => e.$metadata?.httpStatusCode ?? -1));
    }
    expect(statuses).toEqual([200, 200, 500, 200, 200, 500]);
  });

  it('matches only calls about the named resource', async () => {
    sim().setFaults([parseFaultRule('sagemaker:DescribeEndpoint=AccessDenied,resource=legacy')]);
    const client = new SageMakerClient(settings());
    await expect(client.send(new DescribeEndpointCommand({ EndpointName: 'fraud-detector' }))).resolves.toMatchObject({ EndpointName: 'fraud-detector' });
    const error = await rejectionOf(client.send(new DescribeEndpointCommand({ EndpointName: 'legacy-recommender' })));
    expect(error.name).toBe('AccessDeniedException');
  });

  it('lets the SDK\'s own retries ride out throttling', async () => {
    sim().setFaults([parseFaultRule('kms:GetKeyPolicy=Throttling,times=2')]);
    const client = new KMSClient({ ...settings(), maxAttempts: 3 });
    const out = await client.send(new GetKeyPolicyCommand({ KeyId: '1234abcd-12ab-34cd-56ef-1234567890ab' }));
    expect(out.PolicyName).toBe('default');
    expect(sim().calls().map((c) => c.status)).toEqual([400, 400, 200]);
  });

  it.each<[string, () => Promise<unknown>]>([
    ['sagemaker (JSON)', () => new SageMakerClient(settings()).send(new ListEndpointsCommand({}))],
    ['iam (Query XML)', () => new IAMClient(settings()).send(new GetRoleCommand({ RoleName: 'fraud-detector-execution' }))],
    ['ec2 (EC2 XML)', () => new EC2Client(settings()).send(new DescribeSecurityGroupsCommand({}))],
    ['s3 (REST XML)', () => new S3Client({ ...settings(), forcePathStyle: true }).send(new GetBucketEncryptionCommand({ Bucket: 'inferguard-demo-models-111122223333' }))],
  ])('makes the SDK throw, not hang, on a Malformed %s response', async (_what, call) => {
    sim().setFaults([{ service: '*', fault: 'Malformed' }]);
    const error = await rejectionOf(call());
    expect(error).toBeInstanceOf(Error);
    expect(sim().calls()).toEqual([expect.objectContaining({ status: 200, fault: 'Malformed' })]);
  });

  it('answers Empty with status 200 and no body, and Foreign with status 200 and an HTML page', async () => {
    sim().setFaults([parseFaultRule('sagemaker:ListEndpoints=Empty'), parseFaultRule('ec2=Foreign')]);
    // The SDK deserializers read an empty JSON body as {}: the list is simply missing, no error.
    const listed = await new SageMakerClient(settings()).send(new ListEndpointsCommand({}));
    expect(listed.Endpoints).toBeUndefined();
    await new EC2Client(settings()).send(new DescribeSecurityGroupsCommand({})).catch(() => undefined);
    expect(sim().calls()).toEqual([expect.objectContaining({ status: 200, fault: 'Empty' }), expect.objectContaining({ status: 200, fault: 'Foreign' })]);
  });

  it('holds a Timeout response open, then drops the connection so the SDK fails', async () => {
    sim().setFaults([parseFaultRule('sts=Timeout')]);
    const error = await rejectionOf(new STSClient(settings()).send(new GetCallerIdentityCommand({})));
    expect(error.name).not.toBe('InternalFailure');
    expect(sim().calls()).toEqual([{ service: 'sts', operation: 'GetCallerIdentity', region: 'us-east-1', account: '111122223333', status: 0, fault: 'Timeout' }]);
  });

  it('replaces rules and their counters with setFaults', async () => {
    sim().setFaults([parseFaultRule('sts=AccessDenied')]);
    await rejectionOf(new STSClient(settings()).send(new GetCallerIdentityCommand({})));
    sim().setFaults([]);
    await expect(new STSClient(settings()).send(new GetCallerIdentityCommand({}))).resolves.toMatchObject({ Account: '111122223333' });
  });
});

describe('fault rules given at start', () => {
  const sim = useSimulator(buildDemoScenario, { faults: [parseFaultRule('sagemaker:DescribeEndpoint=AccessDenied,times=1')], latencyMs: 20 });

  it('apply from the first call, with latency added to every call', async () => {
    const client = new SageMakerClient(clientSettings(sim()));
    const first = await rejectionOf(client.send(new DescribeEndpointCommand({ EndpointName: 'fraud-detector' })));
    expect(first.name).toBe('AccessDeniedException');
    await expect(client.send(new DescribeEndpointCommand({ EndpointName: 'fraud-detector' }))).resolves.toMatchObject({ EndpointStatus: 'InService' });
  });
});

describe('Empty and Foreign 200 answers in every AWS protocol', () => {
  const sim = useSimulator(buildDemoScenario);
  const signed = (service: string) => ({ authorization: `AWS4-HMAC-SHA256 Credential=AKIDSIMULATOR/20250101/us-east-1/${service}/aws4_request, SignedHeaders=host, Signature=0` });
  const form = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };
  const requests: readonly [string, string, string, RequestInit][] = [
    ['JSON 1.1', 'sagemaker', '/', { method: 'POST', headers: { ...signed('sagemaker'), 'x-amz-target': 'SageMaker.ListEndpoints', 'content-type': 'application/x-amz-json-1.1' }, body: '{}' }],
    ['Query XML', 'iam', '/', { method: 'POST', headers: { ...signed('iam'), ...form }, body: 'Action=GetRole&Version=2010-05-08&RoleName=fraud-detector-execution' }],
    ['EC2 XML', 'ec2', '/', { method: 'POST', headers: { ...signed('ec2'), ...form }, body: 'Action=DescribeSecurityGroups&Version=2016-11-15' }],
    ['REST XML', 's3', '/inferguard-demo-models-111122223333?encryption', { method: 'GET', headers: signed('s3') }],
  ];

  it.each(requests)('%s: Empty is a 200 with the API\'s headers and no body', async (_protocol, service, path, init) => {
    sim().setFaults([{ service: '*', fault: 'Empty' }]);
    sim().resetCalls();
    const res = await fetch(`${sim().url}${path}`, init);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).not.toBeNull();
    expect(await res.text()).toBe('');
    expect(sim().calls().at(-1)).toMatchObject({ service, status: 200, fault: 'Empty' });
  });

  it.each(requests)('%s: Foreign is a 200 HTML sign-in page', async (_protocol, service, path, init) => {
    sim().setFaults([{ service: '*', fault: 'Foreign' }]);
    sim().resetCalls();
    const res = await fetch(`${sim().url}${path}`, init);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await res.text()).toMatch(/^<!DOCTYPE html>[\s\S]*Sign in/);
    expect(sim().calls()).toEqual([expect.objectContaining({ service, status: 200, fault: 'Foreign' })]);
  });

  it('parses Empty and Foreign from fault rules', () => {
    expect(parseFaultRule('kms:GetKeyPolicy=Empty')).toEqual({ service: 'kms', operation: 'GetKeyPolicy', fault: 'Empty' });
    expect(parseFaultRule('s3=Foreign')).toEqual({ service: 's3', fault: 'Foreign' });
  });
});
