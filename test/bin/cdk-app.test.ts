// `cdk synth -c inferguard:config=FILE` runs bin/cdk-app: the CDK CLI passes its context in CDK_CONTEXT_JSON.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { synthExampleApp } from '../../bin/cdk-app';

describe('the example CDK app with -c inferguard:config=FILE', () => {
  let dir: string;
  const saved = { context: process.env.CDK_CONTEXT_JSON, outdir: process.env.CDK_OUTDIR };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'inferguard-cdk-app-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
    for (const [name, value] of [['CDK_CONTEXT_JSON', saved.context], ['CDK_OUTDIR', saved.outdir]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  const synthWith = (config: string) => {
    // What the CDK CLI passes the app: its context and where the cloud assembly goes.
    process.env.CDK_CONTEXT_JSON = JSON.stringify({ 'inferguard:config': config });
    process.env.CDK_OUTDIR = join(dir, 'cdk.out');
    let stderr = '';
    const code = synthExampleApp({ write: (text: string) => (stderr += text) });
    return { code, stderr };
  };

  it('a missing file is one line naming the file and the fix, exit 2', () => {
    const missing = join(dir, 'nope.yaml');
    const { code, stderr } = synthWith(missing);
    expect(code).toBe(2);
    expect(stderr).toBe(`inferguard: config ${missing}: the file does not exist. Fix: check the config file path and that the file is readable\n`);
  });

  it('an invalid file is one line per problem with its path in the file', () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'baseline:\n  controls:\n    endpoint-multiple-instances: { parameters: { minInstances: 0 } }\n');
    const { code, stderr } = synthWith(file);
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toEqual([expect.stringMatching(/^inferguard: config .*bad\.yaml baseline\.controls\.endpoint-multiple-instances\.parameters\.minInstances: .+\. Fix: .+/)]);
  });
});
