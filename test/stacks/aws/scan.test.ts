// The example stack, synthesized as `cdk synth` does and scanned as a user would
// (`inferguard scan cdk.out --format json`): the construct's defaults meet the whole baseline.
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { App } from 'aws-cdk-lib';
import type { Status } from '../../../policies/control';
import { defaultBaseline } from '../../../policies/baseline';
import { examplePlugins } from '../../../bin/cdk-app';
import { buildExampleApp } from '../../../stacks/aws/example-app';
import { runCli } from '../../bin/cli-harness';
import { assemblyDir, resultsWithStatus, synthAndScan, type Scan } from './scan-support';

/**
 * Every endpoint-level control, for each of the example's endpoints. Serverless Inference has no VPC,
 * network isolation, data capture, instances to count or Model Monitor (SageMaker developer guide,
 * serverless-endpoints): those controls are not applicable to it, and say so. Its "no private Docker
 * registries" means registries other than ECR: its ECR image's account is still judged.
 */
const ENDPOINT_EXPECTATIONS: Readonly<Record<string, { readonly realtime: Status; readonly serverless: Status }>> = {
  'endpoint-storage-customer-key': { realtime: 'pass', serverless: 'pass' },
  'image-pinned-by-digest': { realtime: 'pass', serverless: 'pass' },
  'model-network-isolation': { realtime: 'pass', serverless: 'not_applicable' },
  'model-private-network': { realtime: 'pass', serverless: 'not_applicable' },
  'endpoint-multiple-instances': { realtime: 'pass', serverless: 'not_applicable' },
  'image-private-registry': { realtime: 'pass', serverless: 'pass' },
  'data-capture-customer-key': { realtime: 'pass', serverless: 'not_applicable' },
  'model-monitoring-scheduled': { realtime: 'pass', serverless: 'not_applicable' },
};

/**
 * Every other resource the scan judges, by construct path in its stack. The key, buckets and repository are the
 * foundation stack's (paths without an endpoint prefix); both endpoints use them.
 */
const SHARED_RESOURCE_EXPECTATIONS: Readonly<Record<string, Readonly<Record<string, Status>>>> = {
  Key: { 'key-rotation-enabled': 'pass', 'key-not-public': 'pass' },
  // The endpoints read the bucket's name from the foundation's SSM parameter; the scan of cdk.out resolves that to
  // this bucket resource, so the artifact-store controls judge it.
  ArtifactBucket: { 'artifact-store-private': 'pass', 'artifact-store-tls-only': 'pass', 'artifact-store-customer-key': 'pass' },
  // The server-access-log target: S3 cannot deliver access logs to an SSE-KMS bucket, and no model
  // artifacts or captured data live there, so the artifact-store controls do not judge it.
  AccessLogs: { 'artifact-store-private': 'not_applicable', 'artifact-store-tls-only': 'not_applicable', 'artifact-store-customer-key': 'not_applicable' },
  Repository: { 'image-repository-scan-on-push': 'pass', 'image-repository-immutable-tags': 'pass', 'image-repository-not-public': 'pass' },
  'Realtime/ExecutionRole': { 'identity-least-privilege': 'pass' },
  'Serverless/ExecutionRole': { 'identity-least-privilege': 'pass' },
  // The monitoring job's role: no inference deployment runs as it.
  'Realtime/MonitoringRole': { 'identity-least-privilege': 'not_applicable' },
  'Realtime/Vpc': { 'endpoint-private-api-path': 'pass' },
  'Realtime/ModelSecurityGroup': { 'firewall-no-public-ingress': 'pass' },
  'Realtime/VpcEndpointsSecurityGroup': { 'firewall-no-public-ingress': 'pass' },
};

const endpointControlIds = defaultBaseline()
  .entries.filter((e) => e.control.subject === 'endpoint' && e.control.providers.includes('aws'))
  .map((e) => e.control.id);

function statusesOf(scan: Scan, path: string): Record<string, Status> {
  return Object.fromEntries(scan.findings.filter((f) => scan.pathOf(f) === path).map((f) => [f.controlId, f.status]));
}

describe('inferguard scan of the synthesized example stack', () => {
  let scan: Scan;

  let outdir: string;
  let templateFile: string;

  beforeAll(async () => {
    const { app, stack } = buildExampleApp({ outdir: assemblyDir() });
    outdir = app.outdir;
    templateFile = join(outdir, stack.templateFile);
    scan = await synthAndScan(app, stack);
  });

  it('scanning its template alone (without the foundation) leaves what it reads from the foundation unknown, never fail', async () => {
    const single = await runCli(['scan', templateFile, '--format', 'json']);
    const findings: { controlId: string; resourceId: string; status: Status; message: string }[] = JSON.parse(single.stdout).findings;
    const byKey = new Map(scan.findings.map((f) => [`${f.controlId} ${f.resourceId}`, f.status]));
    const differing = findings.filter((f) => byKey.get(`${f.controlId} ${f.resourceId}`) !== f.status);
    expect(findings.filter((f) => f.status === 'fail')).toEqual([]);
    // The key, image repository and bucket come from SSM parameters read at deploy time: the lone template cannot tell them.
    expect([...new Set(differing.map((f) => `${f.controlId} ${f.status}`))].sort()).toEqual([
      'data-capture-customer-key unknown',
      'endpoint-storage-customer-key unknown',
      'identity-least-privilege unknown',
      'image-pinned-by-digest unknown',
      'image-private-registry unknown',
    ]);
    for (const finding of differing) expect(finding.message).toMatch(/is read from SSM parameter \/inferguard\/InferguardFoundation\/[a-z-]+ at deploy time/);
    expect(single.code).toBe(3);
  });

  it('exits 0 with no failing, no unknown finding and no coverage gap', () => {
    expect(resultsWithStatus(scan, 'fail')).toEqual([]);
    // Every value the controls need is resolvable within the assembly (the foundation's SSM parameters included): nothing is left unknown.
    expect(resultsWithStatus(scan, 'unknown')).toEqual([]);
    expect(scan.gaps).toEqual([]);
    expect(scan.code).toBe(0);
    expect(scan.stderr).toContain('exit 0');
  });

  it('the expectation table names every endpoint-level control of the baseline', () => {
    expect(Object.keys(ENDPOINT_EXPECTATIONS).sort()).toEqual([...endpointControlIds].sort());
  });

  it.each(Object.entries(ENDPOINT_EXPECTATIONS))('%s: real-time and serverless endpoints as expected', (controlId, expected) => {
    expect({ controlId, realtime: statusesOf(scan, 'Realtime/Endpoint')[controlId], serverless: statusesOf(scan, 'Serverless/Endpoint')[controlId] }).toEqual({
      controlId,
      ...expected,
    });
  });

  it('not-applicable results on the serverless endpoint give the platform reason', () => {
    const notApplicable = scan.findings.filter((f) => scan.pathOf(f) === 'Serverless/Endpoint' && f.status === 'not_applicable');
    expect(notApplicable).toHaveLength(5);
    for (const finding of notApplicable) expect(finding.message).toMatch(/Serverless Inference/);
  });

  it('judges the key, bucket, repository, roles, network and firewalls exactly as expected', () => {
    const judged = [...new Set(scan.findings.map((f) => scan.pathOf(f)))].filter((p) => !p.endsWith('/Endpoint')).sort();
    expect(judged).toEqual(Object.keys(SHARED_RESOURCE_EXPECTATIONS).sort());
    for (const [path, expected] of Object.entries(SHARED_RESOURCE_EXPECTATIONS)) expect({ path, statuses: statusesOf(scan, path) }).toEqual({ path, statuses: expected });
  });
});

interface ValidationReport {
  readonly pluginReports: readonly {
    readonly pluginName: string;
    readonly violations: readonly {
      readonly ruleName: string;
      readonly severity: string;
      readonly violatingConstructs?: readonly { readonly constructPath: string; readonly cloudFormationResource?: { readonly templatePath: string } }[];
    }[];
  }[];
}

function validationReport(outdir: string): ValidationReport {
  return JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as ValidationReport;
}

describe("cdk synth of the example (bin/cdk-app.ts's plugins)", () => {
  it('runs the inferguard baseline next to the cdk-nag packs and synthesizes with no violation', () => {
    const { app } = buildExampleApp({ outdir: assemblyDir(), plugins: examplePlugins });
    let failure: unknown;
    try {
      app.synth();
    } catch (error) {
      failure = error;
    }
    expect(failure === undefined ? '' : String(failure)).toBe('');
    expect(examplePlugins(app).map((p) => p.name)).toEqual(['inferguard', 'AwsSolutions', 'NIST.800.53.R5']);
  });

  it('fails synthesis of a weakened example with the inferguard control id', () => {
    const { app } = buildExampleApp({ outdir: assemblyDir(), plugins: examplePlugins, realtime: { networkIsolation: false } });
    expect(() => app.synth()).toThrow(/model-network-isolation/);
    const inferguard = validationReport(app.outdir).pluginReports.find((p) => p.pluginName === 'inferguard');
    expect(inferguard?.violations.map((v) => [v.ruleName, v.severity])).toEqual([['model-network-isolation', 'error']]);
  });

  it("judges the foundation's bucket as the endpoints' artifact store: weakening it fails synthesis", () => {
    const { app } = buildExampleApp({ outdir: assemblyDir(), plugins: examplePlugins, foundation: { bucketProps: { enforceSSL: false } } });
    expect(() => app.synth()).toThrow(/artifact-store-tls-only/);
    const inferguard = validationReport(app.outdir).pluginReports.find((p) => p.pluginName === 'inferguard');
    expect(inferguard?.violations.map((v) => [v.ruleName, v.severity])).toEqual([['artifact-store-tls-only', 'error']]);
    // Reported on the foundation's template, where the bucket is declared.
    expect(inferguard?.violations[0].violatingConstructs?.map((c) => [c.constructPath, basename(c.cloudFormationResource?.templatePath ?? '')])).toEqual([
      ['InferguardFoundation/ArtifactBucket/Resource', 'InferguardFoundation.template.json'],
    ]);
  });

  it('takes the config file from the inferguard:config context, and refuses a value that is no file name', () => {
    expect(() => examplePlugins(new App({ outdir: assemblyDir(), context: { 'inferguard:config': 42 } }))).toThrow(/inferguard:config must be the path of a config file/);
    const missing = join(assemblyDir(), 'no-such-inferguard.yaml');
    expect(() => examplePlugins(new App({ outdir: assemblyDir(), context: { 'inferguard:config': missing } }))).toThrow(/no-such-inferguard\.yaml/);
  });
});
