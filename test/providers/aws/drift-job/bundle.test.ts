// The Lambda asset, built as the construct builds it: its size against Lambda's deployment-package limits, and a
// fresh `node` process that loads it and reaches the handler (the measurement behind choosing Lambda over Fargate).
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { bundleDriftJob, esbuildTarget, LAMBDA_UNZIPPED_LIMIT_BYTES, LAMBDA_ZIPPED_LIMIT_BYTES, type DriftJobBundle } from '../../../../providers/aws/drift-job/bundle';
import { DRIFT_JOB_RUNTIME } from '../../../../providers/aws/drift-job/defaults';
import { toolInfo } from '../../../../checker/package-info';
import { scratchDir } from '../../../support/scratch';

function filesOf(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesOf(join(folder, e.name)) : [join(folder, e.name)]));
}

/** What a .zip of the folder weighs: every file deflated at the highest level, plus zip's per-file headers. */
function zippedBytes(folder: string): number {
  return filesOf(folder).reduce((sum, file) => sum + deflateRawSync(readFileSync(file), { level: 9 }).length + 100 + 2 * file.length, 0);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

describe('the drift job bundle', () => {
  let bundle: DriftJobBundle;

  beforeAll(() => {
    bundle = bundleDriftJob(scratchDir('inferguard-bundle-'));
  }, 120_000);

  it('fits Lambda\'s .zip deployment package limits with room to spare', () => {
    const zipped = zippedBytes(bundle.directory);
    process.stdout.write(`drift job bundle: index.js ${bundle.bundleBytes} B, folder ${bundle.totalBytes} B unzipped, about ${zipped} B zipped\n`);
    expect(bundle.totalBytes).toBe(filesOf(bundle.directory).reduce((sum, f) => sum + statSync(f).size, 0));
    expect(bundle.totalBytes).toBeLessThan(LAMBDA_UNZIPPED_LIMIT_BYTES / 5);
    expect(zipped).toBeLessThan(LAMBDA_ZIPPED_LIMIT_BYTES / 5);
  });

  it('is built for the function\'s runtime and names inferguard and its version', () => {
    expect(esbuildTarget(DRIFT_JOB_RUNTIME.name)).toBe('node24');
    expect(() => esbuildTarget('python3.13')).toThrow('not a Node.js Lambda runtime name');
    const manifest = JSON.parse(readFileSync(join(bundle.directory, 'package.json'), 'utf8')) as { name: string; version: string };
    expect(manifest).toMatchObject({ name: toolInfo().name, version: toolInfo().version });
  });

  it('loads in a fresh node process and its handler runs (refusing a missing store, as deployed without the construct)', () => {
    const script = `
      const t0 = process.hrtime.bigint();
      const job = require(${JSON.stringify(join(bundle.directory, 'index.js'))});
      const loadMs = Number(process.hrtime.bigint() - t0) / 1e6;
      job.handler().then(() => console.log(JSON.stringify({ loadMs, outcome: 'resolved' })), (e) => console.log(JSON.stringify({ loadMs, outcome: e.name + ': ' + e.message })));`;
    const env = { PATH: process.env.PATH ?? '', AWS_EC2_METADATA_DISABLED: 'true' };
    const runs = [1, 2, 3, 4, 5].map(() => JSON.parse(execFileSync(process.execPath, ['-e', script], { env, encoding: 'utf8' }).trim()) as { loadMs: number; outcome: string });
    const loads = runs.map((r) => r.loadMs);
    process.stdout.write(`drift job cold load: median ${median(loads).toFixed(0)} ms of ${loads.map((l) => l.toFixed(0)).join(', ')}\n`);
    expect(runs[0].outcome).toMatch(/^DriftJobConfigurationError: INFERGUARD_DRIFT_STORE is not set/);
    // Seconds would make Lambda's cold start matter for a daily job; this is a sanity bound, not a benchmark.
    expect(median(loads)).toBeLessThan(5000);
  });
});
