// One waiver file, every tool: the same config waives the same findings in `inferguard scan` (a
// cdk.out folder), the CDK policy-validation plugin and `inferguard audit aws` (the simulator's demo
// account). The resource is named `legacy-recommender` in both: the example stack is synthesized with
// that endpoint name and the demo account has an endpoint of that name with the same two failures.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Report } from '../../checker/run';
import { InferguardValidation } from '../../providers/aws/enforce';
import { awsScenarios, startAwsSimulator } from '../../sim/aws/index';
import { simulatorClientEnv } from '../../sim/aws/client-env';
import { buildExampleApp, EXAMPLE_STACK_NAME } from '../../stacks/aws/example-app';
import { runCli } from '../bin/cli-harness';

const CONFIG = `
waivers:
  - id: W-ARN
    control: model-network-isolation
    resource: "arn:aws:sagemaker:*:*:endpoint/legacy-*"
    reason: Vendor container calls its licence server (RISK-123)
    approvedBy: security@example.com
    expires: "2099-12-31"
  - id: W-PATH
    control: endpoint-multiple-instances
    resource: "${EXAMPLE_STACK_NAME}/Realtime/*"
    reason: Single-instance pilot (RISK-124)
    approvedBy: security@example.com
    expires: "2099-12-31"
`;

/** The example's real-time endpoint, named as the demo account's and failing the same two controls. */
const WEAKENED = { endpointName: 'legacy-recommender', networkIsolation: false, instanceCount: 1 } as const;

interface PluginReports {
  readonly pluginReports: readonly {
    readonly summary: { readonly pluginName: string; readonly status: string };
    readonly violations: readonly { readonly ruleName: string; readonly ruleMetadata?: Record<string, string> }[];
  }[];
}

/** Waived findings as `control -> waiver` on the named resource. */
const waivedOn = (findings: readonly { resourceName: string; controlId: string; waiver?: { id: string } }[], name: string) =>
  Object.fromEntries(findings.filter((f) => f.resourceName === name && f.waiver).map((f) => [f.controlId, f.waiver!.id]));

describe('one waiver file in scan, the CDK plugin and audit', () => {
  let work: string;
  let configFile: string;
  let cdkOut: string;

  const savedContext = process.env.CDK_CONTEXT_JSON;
  const savedEnv = { ...process.env };
  beforeAll(() => {
    // As `cdk synth` runs an app: the CLI passes this context, and CDK then records each resource's construct path.
    process.env.CDK_CONTEXT_JSON = JSON.stringify({ 'aws:cdk:enable-path-metadata': true, '@aws-cdk/core:validationReportJson': true });
    work = mkdtempSync(join(tmpdir(), 'inferguard-waivers-'));
    configFile = join(work, 'inferguard.yaml');
    writeFileSync(configFile, CONFIG);
    cdkOut = join(work, 'cdk.out');
    buildExampleApp({ outdir: cdkOut, realtime: WEAKENED }).app.synth();
  });
  afterAll(() => {
    rmSync(work, { recursive: true, force: true });
    if (savedContext === undefined) delete process.env.CDK_CONTEXT_JSON;
    else process.env.CDK_CONTEXT_JSON = savedContext;
  });

  it('scan: the ARN pattern and the construct-path pattern both match the template’s endpoint', async () => {
    const run = await runCli(['scan', cdkOut, '--config', configFile, '--format', 'json', '--quiet']);
    const report = JSON.parse(run.stdout) as Report;
    expect(waivedOn(report.findings, 'legacy-recommender')).toEqual({ 'model-network-isolation': 'W-ARN', 'endpoint-multiple-instances': 'W-PATH' });
    expect(report.unusedWaivers).toEqual([]);
  });

  it('the CDK plugin: the same waivers, so the weakened stack synthesizes', () => {
    // The plugin runs inside synthesis, as under `cdk synth`; CDK writes its report when asked to.
    const outdir = join(work, 'plugin.out');
    // CDK prints the report on the console as well: keep it out of the test output.
    const printed = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      buildExampleApp({ outdir, realtime: WEAKENED, plugins: [new InferguardValidation({ configFile })] }).app.synth();
    } finally {
      printed.mockRestore();
    }
    const report = JSON.parse(readFileSync(join(outdir, 'policy-validation-report.json'), 'utf8')) as PluginReports;
    const inferguard = report.pluginReports.find((r) => r.summary.pluginName === 'inferguard')!;
    expect(inferguard.summary.status).toBe('success');
    const waived = Object.fromEntries(inferguard.violations.filter((v) => v.ruleMetadata?.waiver).map((v) => [v.ruleName, v.ruleMetadata!.waiver]));
    expect(waived).toEqual({ 'model-network-isolation': 'W-ARN', 'endpoint-multiple-instances': 'W-PATH' });
  });

  it('audit aws: the ARN pattern matches the live endpoint; a construct path exists only in templates', async () => {
    const sim = await startAwsSimulator(awsScenarios.demo.build(), { host: '127.0.0.1', port: 0 });
    try {
      // The SDK reads credentials from the process environment.
      const env = simulatorClientEnv(undefined, 'us-east-1');
      Object.assign(process.env, env);
      const run = await runCli(['audit', 'aws', '--endpoint-url', sim.url, '--regions', 'us-east-1', '--config', configFile, '--format', 'json', '--quiet'], { env });
      const report = JSON.parse(run.stdout) as Report;
      const legacy = report.findings.filter((f) => f.resourceName === 'legacy-recommender');
      expect(legacy.find((f) => f.controlId === 'endpoint-multiple-instances')?.status).toBe('fail');
      expect(waivedOn(report.findings, 'legacy-recommender')).toEqual({ 'model-network-isolation': 'W-ARN' });
      expect(report.unusedWaivers.map((w) => w.id)).toEqual(['W-PATH']);
    } finally {
      for (const name of Object.keys(simulatorClientEnv(undefined, 'us-east-1'))) {
        if (savedEnv[name] === undefined) delete process.env[name];
        else process.env[name] = savedEnv[name];
      }
      await sim.close();
    }
  });
});
