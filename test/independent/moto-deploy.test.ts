// Done-means check of "AWS construct + baseline enforced at synth time": the example's two stacks, deployed into
// moto by boto3's CloudFormation client (a deploy tool and an AWS-compatible endpoint we did not write) in the
// README's order — the foundation first; then, from the same synthesized assembly, the endpoint stack, whose
// CloudFormation parameters moto resolves from the SSM parameters the foundation published — and then audited live
// with `inferguard audit aws`, give the control results that `inferguard scan` gave on the assembly — except where
// moto cannot represent a property (listed below).
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CfnElement, Stack } from 'aws-cdk-lib';
import { buildExampleApp, EXAMPLE_STACK_NAME, FOUNDATION_STACK_NAME } from '../../stacks/aws/example-app';
import { FOUNDATION_OUTPUTS, foundationParameterName, type FoundationOutput } from '../../stacks/aws/foundation-stack';
import { simulatorClientEnv } from '../../sim/aws/client-env';
import { runCli } from '../bin/cli-harness';
import { startMoto, type RunningMoto } from '../support/moto';

const run = promisify(execFile);

/** moto's only account; the example is synthesized for it so ARNs in the template name the account moto serves. */
const MOTO_ACCOUNT = '123456789012';
const REGION = 'us-east-1';

interface ReportFinding {
  readonly controlId: string;
  readonly resourceId: string;
  readonly status: string;
  readonly message: string;
}

interface Report {
  readonly findings: readonly ReportFinding[];
  readonly gaps: readonly { readonly service?: string; readonly operation?: string }[];
}

/** What deploy_template_moto.py prints. */
interface Deployment {
  readonly stackStatus: string;
  readonly seconds: number;
  readonly resources: Readonly<Record<string, { readonly type: string; readonly physicalId: string }>>;
  readonly notDeployed: readonly { readonly logicalId: string; readonly type: string }[];
  readonly adaptations: readonly { readonly logicalId: string; readonly property: string; readonly why: string }[];
  readonly completions: readonly { readonly logicalId: string; readonly property: string; readonly call: string }[];
}

/** One (control, resource) pair: the scan's status on the template, the audit's on what moto deployed. */
interface Comparison {
  readonly controlId: string;
  /** Construct path under its stack (e.g. Realtime/Endpoint, Key): stable, unlike hashed logical ids. */
  readonly resource: string;
  readonly scan: string;
  /** 'absent' when the live audit reported nothing for this control and resource. */
  readonly live: string;
  readonly liveMessage: string;
}

// How the live audit identifies a resource moto created, from CloudFormation's physical id.
const LIVE_ID_BY_TYPE: Readonly<Record<string, (physicalId: string) => string>> = {
  'AWS::KMS::Key': (keyId) => `arn:aws:kms:${REGION}:${MOTO_ACCOUNT}:key/${keyId}`,
  'AWS::S3::Bucket': (name) => `arn:aws:s3:::${name}`,
  'AWS::ECR::Repository': (name) => `arn:aws:ecr:${REGION}:${MOTO_ACCOUNT}:repository/${name}`,
  'AWS::IAM::Role': (name) => `arn:aws:iam::${MOTO_ACCOUNT}:role/${name}`,
  'AWS::SageMaker::Endpoint': (arn) => arn,
  'AWS::EC2::VPC': (id) => id,
  'AWS::EC2::SecurityGroup': (id) => id,
};

interface MotoException {
  readonly controlId: string;
  readonly resource: string;
  readonly scan: string;
  readonly live: string;
  /** The moto limitation that makes the live result differ. */
  readonly cause: string;
  /** The live message must still show the rest of the judgement agreeing with the scan. */
  readonly liveMessage: RegExp;
}

// Where moto 5.2.1 cannot represent what the template declares. Each row pins the exact live status,
// so a moto upgrade (or a reader change) that alters it is noticed. None passes live what the scan did not pass.
const MOTO_EXCEPTIONS: readonly MotoException[] = [
  {
    controlId: 'model-network-isolation',
    resource: 'Realtime/Endpoint',
    scan: 'pass',
    live: 'fail',
    cause: "moto's SageMaker drops EnableNetworkIsolation (CloudFormation and CreateModel alike): DescribeModel always answers false",
    liveMessage: /network isolation is disabled/,
  },
  {
    controlId: 'model-monitoring-scheduled',
    resource: 'Realtime/Endpoint',
    scan: 'pass',
    live: 'unknown',
    cause: 'moto implements neither AWS::SageMaker::MonitoringSchedule (not deployed) nor ListMonitoringSchedules (HTTP 500): unreadable, so unknown',
    liveMessage: /ListMonitoringSchedules/,
  },
];

// Template resources the live audit does not reach: it starts from the endpoints and reads what they use.
const NOT_REACHED_LIVE: Readonly<Record<string, string>> = {
  AccessLogs: 'the access-log bucket holds no model artifacts or captured data (the scan says not_applicable)',
  'Realtime/MonitoringRole': 'used by the monitoring schedule, not by an endpoint (the scan says not_applicable)',
};

// Resource types moto 5.2.1's CloudFormation does not implement (it skips them and reports CREATE_COMPLETE).
const NOT_DEPLOYED_BY_MOTO = [
  'AWS::ApplicationAutoScaling::ScalableTarget', // no control reads auto scaling
  'AWS::ApplicationAutoScaling::ScalingPolicy',
  'AWS::S3::BucketPolicy', // applied by the deploy script through s3:PutBucketPolicy instead
  'AWS::SageMaker::DataQualityJobDefinition', // only the schedule counts, and moto has none
  'AWS::SageMaker::MonitoringSchedule', // see the model-monitoring-scheduled exception
];

let moto: RunningMoto;
let outdir: string;
let deployments: Record<string, Deployment>;
let scanCode: number;
let scan: Report;
let auditCode: number;
let live: Report;
let comparisons: Comparison[];

function constructPaths(stack: Stack): Map<string, string> {
  const paths = new Map<string, string>();
  for (const element of stack.node.findAll().filter((c): c is CfnElement => CfnElement.isCfnElement(c))) {
    const logicalId: unknown = stack.resolve(element.logicalId);
    const path = element.node.path.replace(`${stack.stackName}/`, '').replace(/\/Resource$/, '');
    if (typeof logicalId === 'string') paths.set(`${stack.stackName}/${logicalId}`, path);
  }
  return paths;
}

/** Synthesizes the example (both stacks, one assembly) for moto's account. */
function synthesizeForMoto(dir: string): Map<string, string> {
  const previous = process.env.CDK_DEFAULT_ACCOUNT;
  process.env.CDK_DEFAULT_ACCOUNT = MOTO_ACCOUNT;
  try {
    const { app, stack, foundation } = buildExampleApp({ outdir: dir });
    app.synth();
    return new Map([...constructPaths(foundation), ...constructPaths(stack)]);
  } finally {
    if (previous === undefined) delete process.env.CDK_DEFAULT_ACCOUNT;
    else process.env.CDK_DEFAULT_ACCOUNT = previous;
  }
}

async function deploy(dir: string, stackName: string): Promise<Deployment> {
  const { stdout } = await run('python3', [join(__dirname, 'deploy_template_moto.py'), moto.url, join(dir, `${stackName}.template.json`), stackName]);
  return JSON.parse(stdout) as Deployment;
}

/**
 * The foundation's SSM parameters as moto holds them, and the values moto's CloudFormation gave the endpoint stack's
 * SSM-typed parameters (by the SSM parameter each names: its Default in the template). AWS answers the parameter with
 * the SSM name and a ResolvedValue; moto 5.2.1 answers the resolved value as ParameterValue.
 */
async function readPublished(templateFile: string): Promise<{ published: Record<FoundationOutput, string>; resolved: Record<string, string> }> {
  const names = FOUNDATION_OUTPUTS.map((o) => foundationParameterName(FOUNDATION_STACK_NAME, o));
  const script =
    'import boto3, json, sys\n' +
    'kw = dict(endpoint_url=sys.argv[1], region_name=sys.argv[2], aws_access_key_id="test", aws_secret_access_key="test")\n' +
    'ssm = boto3.client("ssm", **kw)\n' +
    'declared = json.load(open(sys.argv[4]))["Parameters"]\n' +
    'stack = boto3.client("cloudformation", **kw).describe_stacks(StackName=sys.argv[3])["Stacks"][0]\n' +
    'print(json.dumps({"published": {p["Name"]: p["Value"] for p in ssm.get_parameters(Names=sys.argv[5:])["Parameters"]},\n' +
    '  "resolved": {declared[p["ParameterKey"]]["Default"]: p.get("ResolvedValue", p["ParameterValue"]) for p in stack.get("Parameters", [])\n' +
    '               if declared[p["ParameterKey"]]["Type"].startswith("AWS::SSM::Parameter::Value") and declared[p["ParameterKey"]]["Default"].startswith("/inferguard/")}}))';
  const { stdout } = await run('python3', ['-c', script, moto.url, REGION, EXAMPLE_STACK_NAME, templateFile, ...names]);
  const values = JSON.parse(stdout) as { published: Record<string, string>; resolved: Record<string, string> };
  return {
    published: Object.fromEntries(FOUNDATION_OUTPUTS.map((o) => [o, values.published[foundationParameterName(FOUNDATION_STACK_NAME, o)]])) as Record<FoundationOutput, string>,
    resolved: values.resolved,
  };
}

function compare(paths: ReadonlyMap<string, string>): Comparison[] {
  return scan.findings.map((finding) => {
    const [stackName, logicalId] = finding.resourceId.split('/');
    const deployed = deployments[stackName]?.resources[logicalId];
    const toLiveId = deployed ? LIVE_ID_BY_TYPE[deployed.type] : undefined;
    const liveId = deployed && toLiveId ? toLiveId(deployed.physicalId) : undefined;
    const match = live.findings.find((f) => f.controlId === finding.controlId && f.resourceId === liveId);
    return {
      controlId: finding.controlId,
      resource: paths.get(finding.resourceId) ?? finding.resourceId,
      scan: finding.status,
      live: match?.status ?? 'absent',
      liveMessage: match?.message ?? '',
    };
  });
}

let published: Record<FoundationOutput, string>;
/** SSM parameter name -> the value moto's CloudFormation gave the endpoint stack's parameter that reads it. */
let resolvedByMoto: Record<string, string>;

beforeAll(async () => {
  outdir = mkdtempSync(join(tmpdir(), 'inferguard-moto-deploy-'));
  moto = await startMoto();
  // One synth, as `cdk synth` of the app: nothing of the foundation is looked up at synth.
  const paths = synthesizeForMoto(outdir);
  // Phase 1: the foundation. (Here a user pushes the image and uploads the weights and baselines.)
  const foundation = await deploy(outdir, FOUNDATION_STACK_NAME);
  // Phase 2: the endpoint stack, whose SSM-typed parameters CloudFormation resolves from what the foundation published.
  const endpoints = await deploy(outdir, EXAMPLE_STACK_NAME);
  deployments = { [FOUNDATION_STACK_NAME]: foundation, [EXAMPLE_STACK_NAME]: endpoints };
  ({ published, resolved: resolvedByMoto } = await readPublished(join(outdir, `${EXAMPLE_STACK_NAME}.template.json`)));

  // The same fake credentials as for the simulator; the endpoint comes from --endpoint-url.
  const env = simulatorClientEnv(undefined, REGION);
  Object.assign(process.env, env);
  const scanned = await runCli(['scan', outdir, '--format', 'json'], { env });
  scanCode = scanned.code;
  scan = JSON.parse(scanned.stdout);
  const audited = await runCli(['audit', 'aws', '--endpoint-url', moto.url, '--regions', REGION, '--format', 'json'], { env });
  auditCode = audited.code;
  live = JSON.parse(audited.stdout);
  comparisons = compare(paths);
}, 240_000);

afterAll(async () => {
  await moto?.stop();
  if (outdir) rmSync(outdir, { recursive: true, force: true });
});

const exceptionFor = (c: Comparison) => MOTO_EXCEPTIONS.find((e) => e.controlId === c.controlId && e.resource === c.resource);
const describeRow = (c: Comparison) => `${c.controlId} on ${c.resource}: scan ${c.scan}, live ${c.live}`;

describe('the example stack deployed into moto by boto3 and audited live', () => {
  it('creates both stacks in order, with only the resource types moto does not implement left out', () => {
    expect(Object.values(deployments).map((d) => d.stackStatus)).toEqual(['CREATE_COMPLETE', 'CREATE_COMPLETE']);
    expect([...new Set(Object.values(deployments).flatMap((d) => d.notDeployed.map((r) => r.type)))].sort()).toEqual(NOT_DEPLOYED_BY_MOTO);
  });

  it("deploys the endpoint stack with what the deployed foundation published, read from SSM by moto's CloudFormation", () => {
    const foundation = deployments[FOUNDATION_STACK_NAME].resources;
    const physical = (type: string) => Object.values(foundation).filter((r) => r.type === type).map((r) => r.physicalId);
    expect(physical('AWS::S3::Bucket')).toEqual(expect.arrayContaining([published['bucket-name'], published['log-bucket-name']]));
    expect(physical('AWS::ECR::Repository')).toEqual([published['repository-name']]);
    expect(published['key-arn']).toBe(`arn:aws:kms:${REGION}:${MOTO_ACCOUNT}:key/${physical('AWS::KMS::Key')[0]}`);
    expect(resolvedByMoto).toEqual(Object.fromEntries(FOUNDATION_OUTPUTS.map((o) => [foundationParameterName(FOUNDATION_STACK_NAME, o), published[o]])));
  });

  it('scans clean on the assembly: no fail, no unknown', () => {
    expect(scanCode).toBe(0);
    expect(scan.findings.filter((f) => f.status === 'fail' || f.status === 'unknown').map((f) => `${f.controlId} ${f.resourceId}`)).toEqual([]);
  });

  it('gives every (control, resource) the scan judged the same live result, moto exceptions aside', () => {
    const compared = comparisons.filter((c) => !exceptionFor(c) && !(c.resource in NOT_REACHED_LIVE));
    expect(compared.length).toBeGreaterThanOrEqual(20);
    expect(compared.filter((c) => c.scan !== c.live).map(describeRow)).toEqual([]);
  });

  it.each(MOTO_EXCEPTIONS.map((e) => [e.controlId, e.resource, e] as const))('moto exception: %s on %s', (_control, _resource, exception) => {
    const row = comparisons.find((c) => c.controlId === exception.controlId && c.resource === exception.resource);
    expect(row && { scan: row.scan, live: row.live }).toEqual({ scan: exception.scan, live: exception.live });
    expect(row?.liveMessage).toMatch(exception.liveMessage);
  });

  it('never passes live what the scan did not pass', () => {
    expect(comparisons.filter((c) => c.live === 'pass' && c.scan !== 'pass' && !exceptionFor(c)).map(describeRow)).toEqual([]);
  });

  it('misses live only the template resources no endpoint uses', () => {
    const absent = [...new Set(comparisons.filter((c) => c.live === 'absent').map((c) => c.resource))].sort();
    expect(absent).toEqual(Object.keys(NOT_REACHED_LIVE).sort());
  });

  it('reports live only resources the template declares', () => {
    const declared = new Set(
      Object.values(deployments).flatMap((d) => Object.values(d.resources)).flatMap((r) => {
        const toLiveId = LIVE_ID_BY_TYPE[r.type];
        return toLiveId ? [toLiveId(r.physicalId)] : [];
      }),
    );
    expect(live.findings.filter((f) => !declared.has(f.resourceId)).map((f) => `${f.controlId} ${f.resourceId}`)).toEqual([]);
  });

  it('exits 1 live (the excepted fails) and names moto\'s missing ListMonitoringSchedules as the only gap', () => {
    expect(auditCode).toBe(1);
    expect(live.gaps.map((g) => `${g.service}:${g.operation}`)).toEqual(['sagemaker:ListMonitoringSchedules']);
  });
});
