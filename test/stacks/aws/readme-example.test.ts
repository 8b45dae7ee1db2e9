// The README's construct example ("For cloud engineers"), exactly as written there, synthesized and scanned with the
// default baseline: the README promises that the defaults pass the whole baseline, and the scan must agree.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ts from 'typescript';
import { runCli } from '../../bin/cli-harness';

const ROOT = join(__dirname, '../../..');

/** Where the README's import specifiers live in this repository (the published package maps them the same way). */
const LOCAL_MODULES: Readonly<Record<string, string>> = {
  'inferguard/aws': join(ROOT, 'providers/aws/api'),
  'aws-cdk-lib': 'aws-cdk-lib',
};

/** The first TypeScript block of the README section `heading`. */
function readmeBlock(heading: string): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf(heading));
  const block = /```ts\n([\s\S]*?)```/.exec(section);
  if (!block) throw new Error(`README.md has no \`\`\`ts block under "${heading}"`);
  return block[1];
}

/** Runs TypeScript source as CommonJS with the README's imports resolved to this repository. */
function runExample(source: string): void {
  const { outputText, diagnostics } = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 }, reportDiagnostics: true });
  expect(diagnostics ?? []).toEqual([]);
  const localRequire = (specifier: string): unknown => {
    const local = LOCAL_MODULES[specifier];
    if (local === undefined) throw new Error(`the README example imports ${specifier}, which this test does not map to the repository: add it to LOCAL_MODULES`);
    return require(local);
  };
  new Function('require', 'exports', outputText)(localRequire, {});
}

describe("the README's construct example", () => {
  let outdir: string;
  let previousOutdir: string | undefined;

  beforeAll(() => {
    outdir = mkdtempSync(join(tmpdir(), 'inferguard-readme-'));
    previousOutdir = process.env.CDK_OUTDIR;
    // `new App()` writes its cloud assembly where CDK_OUTDIR says (as the CDK CLI sets it).
    process.env.CDK_OUTDIR = outdir;
    runExample(readmeBlock('## For cloud engineers'));
  });

  afterAll(() => {
    if (previousOutdir === undefined) delete process.env.CDK_OUTDIR;
    else process.env.CDK_OUTDIR = previousOutdir;
    rmSync(outdir, { recursive: true, force: true });
  });

  it('scans with no failing and no unknown finding, exit 0, on the default baseline', async () => {
    const run = await runCli(['scan', outdir, '--format', 'json']);
    const report = JSON.parse(run.stdout) as { findings: { controlId: string; status: string; resourceId: string }[] };
    expect(report.findings.filter((f) => f.status === 'fail' || f.status === 'unknown').map((f) => `${f.controlId} ${f.status} ${f.resourceId}`)).toEqual([]);
    expect(report.findings.find((f) => f.controlId === 'model-monitoring-scheduled')?.status).toBe('pass');
    expect(run.code).toBe(0);
  });
});
