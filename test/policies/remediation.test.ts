// A suggested fix names the threshold the baseline requires: a config's value, not the control's default.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAudit } from '../../checker/run';
import { loadConfigFile } from '../../policies/baseline';
import { findControl } from '../../policies/controls/index';
import { fillParameters, remediationFor } from '../../policies/remediation';
import { InferguardValidation } from '../../providers/aws/enforce';
import { buildExampleApp } from '../../stacks/aws/example-app';

describe('remediation texts with the configured parameters', () => {
  let work: string;
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'inferguard-remediation-'));
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('fills {{name}} with the value, joins lists, and leaves unknown names as written', () => {
    expect(fillParameters('count >= {{minInstances}}; {{other}}', { minInstances: 3 })).toBe('count >= 3; {{other}}');
    expect(fillParameters('{{services}}', { services: ['sagemaker.api', 'sts'] })).toBe('sagemaker.api, sts');
  });

  it('the defaults fill in where no config sets a value', () => {
    const control = findControl('endpoint-multiple-instances')!;
    expect(remediationFor(control, 'aws', control.parameters.parse({})).iac).toContain('InitialInstanceCount >= 2');
  });

  it('the CDK plugin’s suggested fix and the report use minInstances: 3 from the config', () => {
    const configFile = join(work, 'inferguard.yaml');
    writeFileSync(configFile, 'baseline:\n  controls:\n    endpoint-multiple-instances: { parameters: { minInstances: 3 } }\n');
    const outdir = join(work, 'cdk.out');
    const { app, stack } = buildExampleApp({ outdir });
    const templatePath = app.synth().getStackArtifact(stack.artifactId).templateFullPath;

    const report = new InferguardValidation({ configFile }).validate({ templatePaths: [templatePath], appConstruct: app });
    const violation = report.violations.find((v) => v.ruleName === 'endpoint-multiple-instances');
    expect(violation?.description).toContain('fewer than 3');
    expect(violation?.fix).toContain('InitialInstanceCount >= 3');
    expect(violation?.fix).not.toContain('>= 2');

    const { baseline } = loadConfigFile(configFile);
    const audit = runAudit({ inventory: { provider: 'aws', source: 'template', scope: { accounts: [], regions: [] }, resources: [], gaps: [] }, baseline, waivers: [], now: new Date() });
    expect(audit.controls.find((c) => c.id === 'endpoint-multiple-instances')?.remediation.live).toContain('DesiredInstanceCount=3');
  });
});
