// The package as a user gets it: `npm pack`, the tarball installed offline into a fresh CDK project
// that already uses aws-cdk-lib, the README's TypeScript examples type-checked there under `strict`,
// a small app of the consumer's own synthesized with the inferguard plugin and scanned with 0 failures.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { awsScenarios, startAwsSimulator } from '../../sim/aws/index';
import { simulatorClientEnv } from '../../sim/aws/client-env';
import { consumerLockfile, dependencyClosure, extractTypeScriptBlocks, snippetModule } from './consumer-project';

const run = promisify(execFile);
const REPO = join(__dirname, '..', '..');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
/** The consumer's own pins: the same aws-cdk-lib and constructs the repository tests with. */
const repoLock = JSON.parse(readFileSync(join(REPO, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string }> };
const pinned = (name: string): string => repoLock.packages[`node_modules/${name}`]!.version!;

let work: string;
let tarball: string;
let consumer: string;
let packed: { files: readonly string[]; manifest: Record<string, unknown> };

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'inferguard-package-'));
  // `npm pack` runs the prepack build: the tarball holds a fresh dist/.
  const { stdout } = await run(NPM, ['pack', '--json', '--pack-destination', work], { cwd: REPO, maxBuffer: 64 * 1024 * 1024 });
  const [info] = JSON.parse(stdout.slice(stdout.indexOf('['))) as { filename: string; files: { path: string }[] }[];
  tarball = join(work, info.filename);
  packed = { files: info.files.map((f) => f.path), manifest: JSON.parse((await run('tar', ['-xOzf', tarball, 'package/package.json'])).stdout) };

  consumer = join(work, 'consumer');
  const npmConfig = await run(NPM, ['config', 'get', 'registry']);
  const dependencies = { 'aws-cdk-lib': pinned('aws-cdk-lib'), constructs: pinned('constructs'), typescript: pinned('typescript'), '@types/node': pinned('@types/node') };
  const project = consumerLockfile(repoLock, { dependencies, tarball, manifest: packed.manifest, registry: npmConfig.stdout.trim() });
  await run('mkdir', ['-p', consumer]);
  writeFileSync(join(consumer, 'package.json'), JSON.stringify(project.packageJson, null, 2));
  writeFileSync(join(consumer, 'package-lock.json'), JSON.stringify(project.lockfile, null, 2));
  // Offline: every package comes from the local npm cache, by the integrity the lockfile pins.
  await run(NPM, ['ci', '--offline', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: consumer, maxBuffer: 64 * 1024 * 1024 });
}, 600_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the packed tarball', () => {
  it('ships declarations and the documented entry points, no source maps, no build on install', () => {
    const manifest = packed.manifest as { exports: Record<string, unknown>; scripts?: Record<string, string>; main: string; types: string };
    expect(packed.files.filter((f) => f.endsWith('.map'))).toEqual([]);
    expect(packed.files.filter((f) => f.startsWith('test/') || f.startsWith('dist/test/'))).toEqual([]);
    expect(packed.files).toEqual(expect.arrayContaining([manifest.main, manifest.types, 'providers/aws/construct/README.md', 'providers/aws/live/auditor-policy.json', 'README.md']));
    for (const entry of ['.', './aws', './azure', './gcp']) {
      const target = manifest.exports[entry] as { types: string; default: string };
      expect(packed.files).toEqual(expect.arrayContaining([target.types.replace(/^\.\//, ''), target.default.replace(/^\.\//, '')]));
    }
    const jsFiles = packed.files.filter((f) => f.startsWith('dist/') && f.endsWith('.js'));
    expect(jsFiles.filter((f) => !packed.files.includes(f.replace(/\.js$/, '.d.ts')))).toEqual([]);
    for (const script of ['prepare', 'preinstall', 'install', 'postinstall']) expect(manifest.scripts?.[script]).toBeUndefined();
  });

  it('installs for a CLI-only user without the CDK, Pulumi or the snapshot-store SDKs (each an optional peer)', () => {
    const manifest = packed.manifest as { dependencies: Record<string, string>; peerDependenciesMeta: Record<string, { optional?: boolean }> };
    const heavy = ['aws-cdk-lib', 'constructs', 'cdk-nag', '@pulumi/pulumi', '@pulumi/azure-native', '@pulumi/gcp', '@azure/storage-blob', '@google-cloud/storage'];
    const installed = [...dependencyClosure(repoLock.packages, Object.keys(manifest.dependencies))].map((path) => path.replace(/^.*node_modules\//, ''));
    expect(installed.filter((name) => heavy.includes(name))).toEqual([]);
    for (const name of heavy.filter((n) => n !== 'cdk-nag')) expect(manifest.peerDependenciesMeta[name]).toEqual({ optional: true });
  });

  it('installs into a CDK app with the app’s own aws-cdk-lib: one copy, every dependency satisfied', async () => {
    // `npm ls` fails on a missing, invalid or unmet peer dependency anywhere in the tree.
    await run(NPM, ['ls', '--all', '--offline'], { cwd: consumer, maxBuffer: 64 * 1024 * 1024 });
    const copies = findPackageDirs(join(consumer, 'node_modules'), 'aws-cdk-lib').map((d) => relative(consumer, d));
    expect(copies).toEqual(['node_modules/aws-cdk-lib']);
    expect(findPackageDirs(join(consumer, 'node_modules'), 'constructs').map((d) => relative(consumer, d))).toEqual(['node_modules/constructs']);
    // The IaC libraries of other clouds are optional peers: not installed for a CDK user.
    expect(existsSync(join(consumer, 'node_modules', '@pulumi'))).toBe(false);
  });

  it('type-checks the README’s TypeScript examples and a consumer app under strict in the consumer project', async () => {
    const blocks = extractTypeScriptBlocks(readFileSync(join(REPO, 'README.md'), 'utf8'));
    expect(blocks.length).toBeGreaterThanOrEqual(2);
    const readmeFiles = blocks.map((block, index) => {
      const file = `readme-${index + 1}.ts`;
      writeFileSync(join(consumer, file), snippetModule(block));
      return file;
    });
    writeFileSync(join(consumer, 'app.ts'), CONSUMER_APP);
    writeFileSync(join(consumer, 'scan.ts'), CONSUMER_SCAN);
    // One compiler run for all of them (each loads aws-cdk-lib's declarations).
    writeFileSync(join(consumer, 'tsconfig.json'), JSON.stringify({ compilerOptions: { ...CONSUMER_COMPILER_OPTIONS, outDir: 'build' }, files: [...readmeFiles, 'app.ts', 'scan.ts'] }));
    await tsc(['-p', 'tsconfig.json']);
  }, 300_000);

  it('synthesizes the consumer app with the construct and the plugin; the CLI and the checker API scan it with 0 failures', async () => {
    // The plugin fails synthesis on any failing finding: a synth that completes is the first check.
    await run(process.execPath, ['build/app.js'], { cwd: consumer });
    const template = JSON.parse(readFileSync(join(consumer, 'cdk.out', 'Consumer.template.json'), 'utf8')) as { Resources: Record<string, { Type: string }> };
    expect(Object.values(template.Resources).filter((r) => r.Type === 'AWS::SageMaker::Endpoint')).toHaveLength(1);

    const scan = await run(join(consumer, 'node_modules', '.bin', 'inferguard'), ['scan', 'cdk.out', '--format', 'json', '--quiet'], { cwd: consumer, maxBuffer: 64 * 1024 * 1024 });
    const report = JSON.parse(scan.stdout) as { findings: { status: string; controlId: string }[] };
    expect(report.findings.length).toBeGreaterThan(0);
    expect(report.findings.filter((f) => f.status === 'fail' || f.status === 'unknown')).toEqual([]);

    // The root entry point: judging a template loads neither the AWS SDK nor aws-cdk-lib.
    const api = JSON.parse((await run(process.execPath, ['build/scan.js'], { cwd: consumer })).stdout) as { failing: number; judged: number; loaded: string[] };
    expect(api).toEqual({ failing: 0, judged: report.findings.length, loaded: [] });
  }, 300_000);

  it('audits the simulator with the installed CLI, without the AWS SDK’s Node-version notice', async () => {
    const sim = await startAwsSimulator(awsScenarios.demo.build());
    try {
      const { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: _set, ...inherited } = process.env;
      const env = { ...inherited, ...simulatorClientEnv(sim.url, 'us-east-1'), AWS_CONFIG_FILE: join(work, 'no-config'), AWS_SHARED_CREDENTIALS_FILE: join(work, 'no-credentials') };
      const audit = run(join(consumer, 'node_modules', '.bin', 'inferguard'), ['audit', 'aws', '--format', 'json', '--quiet'], { cwd: consumer, env, maxBuffer: 64 * 1024 * 1024 });
      // The demo account holds non-compliant endpoints: exit 1, with the report on stdout and nothing on stderr.
      const failed = (await audit.then(() => null, (error: unknown) => error)) as { code: number; stdout: string; stderr: string } | null;
      expect(failed?.code).toBe(1);
      expect(JSON.parse(failed!.stdout).findings.length).toBeGreaterThan(0);
      expect(failed!.stderr).toBe('');
    } finally {
      await sim.close();
    }
  }, 120_000);

  it('ships the Azure and Google Cloud entry points: their auditor roles load anywhere, the Pulumi components name the peer they need', async () => {
    for (const cloud of ['azure', 'gcp']) {
      const role = await run(process.execPath, ['-e', `process.stdout.write(JSON.stringify(require('inferguard/${cloud}/auditor-role.json')))`], { cwd: consumer });
      expect(JSON.parse(role.stdout)).toEqual(JSON.parse(readFileSync(join(REPO, 'providers', cloud, 'live', 'auditor-role.json'), 'utf8')));
      // This consumer is a CDK app without Pulumi (an optional peer): the entry point says what is missing.
      const components = run(process.execPath, ['-e', `require('inferguard/${cloud}')`], { cwd: consumer });
      await expect(components).rejects.toMatchObject({ stderr: expect.stringContaining("Cannot find module '@pulumi/") });
    }
  });
});

const CONSUMER_COMPILER_OPTIONS = {
  target: 'ES2022',
  module: 'nodenext',
  moduleResolution: 'nodenext',
  strict: true,
  skipLibCheck: true,
  types: ['node'],
};

async function tsc(args: readonly string[]): Promise<void> {
  try {
    await run(process.execPath, [join(consumer, 'node_modules', 'typescript', 'bin', 'tsc'), ...args], { cwd: consumer });
  } catch (error) {
    // tsc reports type errors on stdout: show them in the failure.
    throw new Error(`tsc ${args.join(' ')} failed:\n${(error as { stdout?: string }).stdout ?? String(error)}`);
  }
}

/** Every installed copy of a package: node_modules/NAME at any depth. */
function findPackageDirs(nodeModules: string, name: string): string[] {
  const found: string[] = [];
  const visit = (dir: string): void => {
    for (const entry of readdirSync(dir)) {
      const packages = entry.startsWith('@') ? readdirSync(join(dir, entry)).map((scoped) => `${entry}/${scoped}`) : [entry];
      for (const pkg of packages) {
        const full = join(dir, pkg);
        if (!statSync(full).isDirectory()) continue;
        if (pkg === name) found.push(full);
        if (existsSync(join(full, 'node_modules'))) visit(join(full, 'node_modules'));
      }
    }
  };
  visit(nodeModules);
  return found.sort();
}

const CONSUMER_APP = `import { App, Stack, Validations } from 'aws-cdk-lib';
import { InferguardValidation, SecureSageMakerEndpoint } from 'inferguard/aws';

const region = 'us-east-1';
const account = '111122223333';
const app = new App({ outdir: 'cdk.out', context: { ['availability-zones:account=' + account + ':region=' + region]: ['us-east-1a', 'us-east-1b', 'us-east-1c'] } });
const stack = new Stack(app, 'Consumer', { env: { account, region } });
new SecureSageMakerEndpoint(stack, 'Churn', {
  imageDigest: 'sha256:4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945',
  modelDataKey: 'models/churn/model.tar.gz',
  monitoring: {
    analyzerImageUri: '156813124566.dkr.ecr.us-east-1.amazonaws.com/sagemaker-model-monitor-analyzer',
    baselineStatisticsKey: 'baselines/churn/statistics.json',
    baselineConstraintsKey: 'baselines/churn/constraints.json',
  },
});
Validations.of(app).addPlugins(new InferguardValidation({ failOn: 'low' }));
app.synth();
`;

const CONSUMER_SCAN = `import { defaultBaseline, readCloudFormation, runAudit } from 'inferguard';

async function main(): Promise<void> {
  const inventory = await readCloudFormation('cdk.out');
  const report = runAudit({ inventory, baseline: defaultBaseline(), waivers: [], now: new Date() });
  const loaded = Object.keys(require.cache).filter((file) => /node_modules[\\\\/](@aws-sdk|aws-cdk-lib)[\\\\/]/.test(file));
  const failing = report.findings.filter((f) => f.status === 'fail' || f.status === 'unknown').length;
  process.stdout.write(JSON.stringify({ failing, judged: report.findings.length, loaded }));
}
void main();
`;
