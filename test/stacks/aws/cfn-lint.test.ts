// cfn-lint (the CloudFormation linter AWS publishes, on this machine's image) over every template the example
// synthesizes: the example itself and each weakened variant. Zero errors: CloudFormation would accept them.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { buildExampleApp, type ExampleAppOptions } from '../../../stacks/aws/example-app';

const run = promisify(execFile);

/** The example and its weakened variants (test/stacks/aws/weakened.test.ts has what each must fail). */
const VARIANTS: Readonly<Record<string, ExampleAppOptions>> = {
  example: {},
  'networkIsolation: false': { realtime: { networkIsolation: false } },
  'privateNetwork: false': { realtime: { privateNetwork: false } },
  'addVpcEndpoints: false': { realtime: { addVpcEndpoints: false } },
  'all interface endpoints': { realtime: { additionalInterfaceEndpoints: ['sts', 'kms', 'ecr.api', 'ecr.dkr'] } },
  'instanceCount: 1': { realtime: { instanceCount: 1 } },
  'volumeEncryption: false': { realtime: { volumeEncryption: false }, serverless: { volumeEncryption: false } },
  'monitoring: false': { realtime: { monitoring: false } },
  'monitoring without a baseline': { realtime: { monitoring: {} } },
  'dataCapture: false': { realtime: { dataCapture: false, monitoring: undefined } },
  'key administrator': { foundation: { keyAdministratorArn: 'arn:aws:iam::111122223333:role/KeyAdmin' } },
  'keyProps.enableKeyRotation: false': { foundation: { keyProps: { enableKeyRotation: false } } },
  'bucketProps weakened': { foundation: { bucketProps: { blockPublicAccess: s3.BlockPublicAccess.BLOCK_ACLS, enforceSSL: false, encryption: s3.BucketEncryption.S3_MANAGED } } },
  'repositoryProps weakened': { foundation: { repositoryProps: { imageScanOnPush: false, imageTagMutability: ecr.TagMutability.MUTABLE } } },
};

interface LintMatch {
  readonly Level: string;
  readonly Rule: { readonly Id: string };
  readonly Message: string;
  readonly Filename: string;
}

let root: string;
let templates: string[];
let matches: LintMatch[];

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'inferguard-cfn-lint-'));
  templates = Object.entries(VARIANTS).flatMap(([name, options], i) => {
    const outdir = join(root, String(i));
    buildExampleApp({ ...options, outdir }).app.synth();
    expect(name).toBeTruthy();
    return readdirSync(outdir).filter((f) => f.endsWith('.template.json')).map((f) => join(outdir, f));
  });
  // cfn-lint exits non-zero when it finds anything; its JSON report on stdout is what counts.
  const output = await run('cfn-lint', ['--format', 'json', '--', ...templates], { maxBuffer: 64 * 1024 * 1024 }).catch((error: { stdout?: string; stderr?: string }) => {
    if (!error.stdout) throw new Error(`cfn-lint did not run (is it installed? python3 -m pip install cfn-lint): ${error.stderr ?? String(error)}`);
    return { stdout: error.stdout };
  });
  matches = JSON.parse(output.stdout) as LintMatch[];
}, 300_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('cfn-lint on every synthesized template', () => {
  it('lints both stacks of every variant', () => {
    expect(templates).toHaveLength(Object.keys(VARIANTS).length * 2);
  });

  it('reports no error', () => {
    expect(matches.filter((m) => m.Level === 'Error').map((m) => `${m.Filename}: ${m.Rule.Id} ${m.Message}`)).toEqual([]);
  });

  it('does report an error in a template that has one (the lint really runs)', async () => {
    const broken = join(root, 'broken.template.json');
    writeFileSync(broken, JSON.stringify({ Resources: { Endpoint: { Type: 'AWS::SageMaker::Endpoint', Properties: { EndpointConfigName: 'c', RetainAllVariantProperties: 'sometimes' } } } }));
    const output = await run('cfn-lint', ['--format', 'json', '--', broken]).catch((error: { stdout: string }) => error);
    const found = JSON.parse(output.stdout) as LintMatch[];
    expect(found.filter((m) => m.Level === 'Error').map((m) => m.Rule.Id)).toEqual(['E3012']);
  });
});
