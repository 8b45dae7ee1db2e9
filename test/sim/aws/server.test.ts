import { request } from 'node:http';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { ListEndpointsCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { buildDemoScenario, parseFaultRule, startAwsSimulator, type RunningAwsSimulator } from '../../../sim/aws';
import { clientSettings, EMPTY_SCENARIO, useSimulator } from './simulator';

interface RawResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
}

interface RawRequest {
  readonly method?: string;
  readonly path?: string;
  /** `service/region` for the SigV4 scope; omit for an unsigned request. */
  readonly scope?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

/** A request with a SigV4-shaped Authorization header (the simulator reads the scope, not the signature). */
function raw(sim: RunningAwsSimulator, spec: RawRequest): Promise<RawResponse> {
  const headers: Record<string, string> = { ...spec.headers };
  if (spec.scope !== undefined) {
    const [service, region] = spec.scope.split('/');
    headers.authorization = `AWS4-HMAC-SHA256 Credential=AKIDSIMULATOR/20250101/${region}/${service}/aws4_request, SignedHeaders=host, Signature=0`;
  }
  return new Promise((resolve, reject) => {
    const req = request(`${sim.url}${spec.path ?? '/'}`, { method: spec.method ?? 'POST', headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(spec.body ?? '');
  });
}

const FORM = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };

describe('the server', () => {
  const sim = useSimulator(buildDemoScenario);
  beforeEach(() => sim().resetCalls());

  it('listens on 127.0.0.1 and answers STS GetCallerIdentity with the scenario account', async () => {
    expect(sim().url).toBe(`http://127.0.0.1:${sim().port}`);
    const identity = await new STSClient(clientSettings(sim())).send(new GetCallerIdentityCommand({}));
    expect(identity).toMatchObject({ Account: '111122223333', Arn: 'arn:aws:iam::111122223333:user/inferguard-auditor' });
  });

  it('logs every call with service, operation, region and status, and forgets them on resetCalls', async () => {
    await new SageMakerClient(clientSettings(sim(), 'eu-west-1')).send(new ListEndpointsCommand({}));
    await raw(sim(), { scope: 'iam/us-east-1', headers: FORM, body: 'Action=GetRole&Version=2010-05-08&RoleName=nobody' });
    expect(sim().calls()).toEqual([
      { service: 'sagemaker', operation: 'ListEndpoints', region: 'eu-west-1', account: '111122223333', status: 200 },
      { service: 'iam', operation: 'GetRole', region: 'us-east-1', account: '111122223333', status: 404 },
    ]);
    sim().resetCalls();
    expect(sim().calls()).toEqual([]);
  });

  it('refuses an unsigned request and a service it does not serve', async () => {
    const unsigned = await raw(sim(), { body: 'Action=GetCallerIdentity' });
    expect(unsigned.status).toBe(403);
    expect(unsigned.body).toContain('<Code>MissingAuthenticationToken</Code>');
    const lambda = await raw(sim(), { scope: 'lambda/us-east-1' });
    expect(lambda.status).toBe(400);
    expect(lambda.body).toContain('<Code>UnrecognizedService</Code>');
    expect(sim().calls().map((c) => c.service)).toEqual(['unknown', 'lambda']);
  });

  it('answers an unknown JSON 1.1 operation with UnknownOperationException in header and body', async () => {
    const res = await raw(sim(), { scope: 'sagemaker/us-east-1', headers: { 'x-amz-target': 'SageMaker.DeleteEverything', 'content-type': 'application/x-amz-json-1.1' }, body: '{}' });
    expect(res.status).toBe(400);
    expect(res.headers['x-amzn-errortype']).toBe('UnknownOperationException');
    expect(JSON.parse(res.body)).toEqual({ __type: 'UnknownOperationException', Message: 'Unknown operation DeleteEverything' });
    expect(sim().calls()).toEqual([expect.objectContaining({ service: 'sagemaker', operation: 'DeleteEverything', status: 400 })]);
  });

  it('answers a body that is not JSON with SerializationException, with KMS\'s lower-case message key', async () => {
    const res = await raw(sim(), { scope: 'kms/us-east-1', headers: { 'x-amz-target': 'TrentService.DescribeKey', 'content-type': 'application/x-amz-json-1.1' }, body: '{"KeyId":' });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toMatchObject({ __type: 'SerializationException', message: expect.any(String) });
  });

  it('answers an unknown Query action with a Sender InvalidAction ErrorResponse', async () => {
    const res = await raw(sim(), { scope: 'iam/us-east-1', headers: FORM, body: 'Action=DeleteRole&Version=2010-05-08&RoleName=x' });
    expect(res.status).toBe(400);
    expect(res.body).toBe(
      `<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>Could not find operation DeleteRole for version 2010-05-08</Message></Error><RequestId>${String(res.headers['x-amzn-requestid'])}</RequestId></ErrorResponse>`,
    );
  });

  it('answers an unknown EC2 action in the EC2 error shape', async () => {
    const res = await raw(sim(), { scope: 'ec2/us-east-1', headers: FORM, body: 'Action=TerminateInstances&Version=2016-11-15&InstanceId.1=i-1' });
    expect(res.status).toBe(400);
    expect(res.body).toMatch(/^<Response><Errors><Error><Code>InvalidAction<\/Code><Message>The action TerminateInstances is not valid for this web service\.<\/Message><\/Error><\/Errors><RequestID>[0-9a-f-]{36}<\/RequestID><\/Response>$/);
  });

  it('answers an S3 request it does not implement with NotImplemented, naming it', async () => {
    const res = await raw(sim(), { method: 'GET', path: '/inferguard-demo-models-111122223333?acl', scope: 's3/us-east-1' });
    expect(res.status).toBe(501);
    expect(res.body).toContain('<Code>NotImplemented</Code>');
    expect(res.body).toContain('GET bucket?acl');
    expect(res.headers['x-amz-request-id']).toEqual(expect.any(String));
  });

  it('writes EC2 lists as <item> under EC2 element names, with a leading requestId', async () => {
    const res = await raw(sim(), { scope: 'ec2/eu-west-1', headers: FORM, body: 'Action=DescribeSecurityGroups&Version=2016-11-15&Filter.1.Name=group-name&Filter.1.Value.1=churn-predictor-open' });
    expect(res.status).toBe(200);
    expect(res.body).toMatch(/^<DescribeSecurityGroupsResponse xmlns="http:\/\/ec2\.amazonaws\.com\/doc\/2016-11-15\/"><requestId>/);
    expect(res.body).toContain('<securityGroupInfo><item>');
    expect(res.body).toContain('<groupDescription>HTTPS from anywhere (left open during a migration)</groupDescription>');
    expect(res.body).toContain('<ipRanges><item><cidrIp>0.0.0.0/0</cidrIp></item></ipRanges>');
  });

  it('writes JSON timestamps as epoch seconds', async () => {
    const res = await raw(sim(), { scope: 'ecr/us-east-1', headers: { 'x-amz-target': 'AmazonEC2ContainerRegistry_V20150921.DescribeRepositories', 'content-type': 'application/x-amz-json-1.1' }, body: '{"repositoryNames":["fraud-detector"]}' });
    const body = JSON.parse(res.body) as { repositories: { createdAt: unknown }[] };
    expect(body.repositories[0].createdAt).toBe(Date.parse('2025-02-03T09:00:00Z') / 1000);
  });

  it('refuses a bucket created outside us-east-1 without a location constraint', async () => {
    const res = await raw(sim(), { method: 'PUT', path: '/unconstrained-bucket-111122223333', scope: 's3/eu-west-1' });
    expect(res.status).toBe(400);
    expect(res.body).toContain('<Code>IllegalLocationConstraintException</Code>');
  });
});

describe('closing', () => {
  it('closes promptly even with a response held open by a Timeout fault', async () => {
    const sim = await startAwsSimulator(EMPTY_SCENARIO(), { faults: [parseFaultRule('sts=Timeout')], timeoutMs: 60_000 });
    const pending = raw(sim, { scope: 'sts/us-east-1', headers: FORM, body: 'Action=GetCallerIdentity&Version=2011-06-15' });
    // Wait until the server has taken the request and decided to hold it.
    while (sim.calls().length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    await sim.close();
    await expect(pending).rejects.toThrow();
  });

  it('closes with calls still waiting out their latency, and those calls fail rather than hang', async () => {
    const sim = await startAwsSimulator(EMPTY_SCENARIO(), { latencyMs: 60_000 });
    const pending = raw(sim, { scope: 'sts/us-east-1', headers: FORM, body: 'Action=GetCallerIdentity&Version=2011-06-15' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await sim.close();
    await expect(pending).rejects.toThrow();
  });
});
