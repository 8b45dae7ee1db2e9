// Done-means check of "AWS construct + baseline enforced at synth time": the example stack's template,
// deployed into moto by boto3's CloudFormation client (a deploy tool and an AWS-compatible endpoint we
// did not write) and then audited live with `inferguard audit aws`, gives the control results that
// `inferguard scan` gave on the template — except where moto cannot represent a property (listed below).
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CfnElement, Stack } from 'aws-cdk-lib';
import { buildExampleApp, EXAMPLE_STACK_NAME } from '../../stacks/aws/example-app';
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
  /** Construct path under the stack (e.g. Realtime/Endpoint): stable, unlike hashed logical ids. */
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
// so a moto upgrade (or a reader change) that alters it is noticed. None of them passes live.
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
  'Realtime/AccessLogs': 'the access-log bucket holds no model artifacts or captured data (the scan says not_applicable)',
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
let deployment: Deployment;
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
    if (typeof logicalId === 'string') paths.set(logicalId, path);
  }
  return paths;
}

function synthesizeForMoto(dir: string): Map<string, string> {
  const previous = process.env.CDK_DEFAULT_ACCOUNT;
  process.env.CDK_DEFAULT_ACCOUNT = MOTO_ACCOUNT;
  try {
    const { app, stack } = buildExampleApp({ outdir: dir });
    app.synth();
    return constructPaths(stack);
  } finally {
    if (previous === undefined) delete process.env.CDK_DEFAULT_ACCOUNT;
    else process.env.CDK_DEFAULT_ACCOUNT = previous;
  }
}

function compare(paths: ReadonlyMap<string, string>): Comparison[] {
  return scan.findings.map((finding) => {
    const logicalId = finding.resourceId.slice(`${EXAMPLE_STACK_NAME}/`.length);
    const deployed = deployment.resources[logicalId];
    const toLiveId = deployed ? LIVE_ID_BY_TYPE[deployed.type] : undefined;
    const liveId = deployed && toLiveId ? toLiveId(deployed.physicalId) : undefined;
    const match = live.findings.find((f) => f.controlId === finding.controlId && f.resourceId === liveId);
    return {
      controlId: finding.controlId,
      resource: paths.get(logicalId) ?? logicalId,
      scan: finding.status,
      live: match?.status ?? 'absent',
      liveMessage: match?.message ?? '',
    };
  });
}

beforeAll(async () => {
  outdir = mkdtempSync(join(tmpdir(), 'inferguard-moto-deploy-'));
  moto = await startMoto();
  const paths = synthesizeForMoto(outdir);

  const template = join(outdir, `${EXAMPLE_STACK_NAME}.template.json`);
  const { stdout } = await run('python3', [join(__dirname, 'deploy_template_moto.py'), moto.url, template, EXAMPLE_STACK_NAME]);
  deployment = JSON.parse(stdout);

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
}, 180_000);

afterAll(async () => {
  await moto?.stop();
  if (outdir) rmSync(outdir, { recursive: true, force: true });
});

const exceptionFor = (c: Comparison) => MOTO_EXCEPTIONS.find((e) => e.controlId === c.controlId && e.resource === c.resource);
const describeRow = (c: Comparison) => `${c.controlId} on ${c.resource}: scan ${c.scan}, live ${c.live}`;

describe('the example stack deployed into moto by boto3 and audited live', () => {
  it('is created by moto, with only the resource types moto does not implement left out', () => {
    expect(deployment.stackStatus).toBe('CREATE_COMPLETE');
    expect([...new Set(deployment.notDeployed.map((r) => r.type))].sort()).toEqual(NOT_DEPLOYED_BY_MOTO);
  });

  it('scans clean on the template: no fail, no unknown', () => {
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
    expect(comparisons.filter((c) => c.live === 'pass' && c.scan !== 'pass').map(describeRow)).toEqual([]);
  });

  it('misses live only the template resources no endpoint uses', () => {
    const absent = [...new Set(comparisons.filter((c) => c.live === 'absent').map((c) => c.resource))].sort();
    expect(absent).toEqual(Object.keys(NOT_REACHED_LIVE).sort());
  });

  it('reports live only resources the template declares', () => {
    const declared = new Set(
      Object.values(deployment.resources).flatMap((r) => {
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
