// Runs a snapshot store in a child Node.js process and drives it from a test. @google-cloud/storage
// (through teeny-request and gaxios) loads node-fetch with a dynamic import(), which jest's CommonJS
// runtime refuses without --experimental-vm-modules; plain Node runs it as the CLI does. The child is the
// store module bundled by esbuild (node_modules stay external), talking JSON lines over stdin/stdout.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { buildSync } from 'esbuild';
import { SnapshotStoreError, type SnapshotRef, type SnapshotStore } from '../../checker/drift/store';

const REPO = resolve(__dirname, '..', '..');

interface Reply {
  readonly id: number;
  readonly value?: unknown;
  readonly error?: { readonly name: string; readonly message: string; readonly location?: string; readonly code?: SnapshotStoreError['code'] };
}

// The child: builds each store once per configuration and answers one JSON line per request.
const CHILD_SOURCE = (modulePath: string, exportName: string): string => `
const { createInterface } = require('node:readline');
const stores = new Map();
const module_ = require(${JSON.stringify(modulePath)});
function storeFor(config) {
  const key = JSON.stringify(config);
  if (!stores.has(key)) stores.set(key, new module_[${JSON.stringify(exportName)}](...config));
  return stores.get(key);
}
const reply = (message) => process.stdout.write(JSON.stringify(message) + '\\n');
createInterface({ input: process.stdin }).on('line', async (line) => {
  const { id, config, method, args } = JSON.parse(line);
  try {
    const store = storeFor(config);
    let value;
    if (method === 'description') value = store.description;
    else if (method === 'write') value = await store.write(args[0], Buffer.from(args[1], 'base64'));
    else if (method === 'read') value = Buffer.from(await store.read(args[0])).toString('base64');
    else value = await store[method](...args);
    reply({ id, value: value === undefined ? null : value });
  } catch (error) {
    reply({ id, error: { name: error && error.name, message: String(error && error.message), location: error && error.location, code: error && error.code } });
  }
});
`;

export interface StoreChild {
  /** A store whose calls run in the child, constructed there as `new Export(...constructorArgs)` (JSON only). */
  store(constructorArgs: readonly unknown[], description: string): SnapshotStore;
  /** The description the store built in the child gives itself. */
  description(constructorArgs: readonly unknown[]): Promise<string>;
  stop(): Promise<void>;
}

/** `sourcePath` relative to the repository, e.g. `checker/drift/stores/gcs.ts`. */
export function startStoreChild(sourcePath: string, exportName: string, env: Readonly<Record<string, string>> = {}): StoreChild {
  const dir = mkdtempSync(join(tmpdir(), 'store-child-'));
  const bundle = join(dir, 'store.js');
  buildSync({ entryPoints: [join(REPO, sourcePath)], bundle: true, platform: 'node', format: 'cjs', packages: 'external', outfile: bundle, logLevel: 'error' });
  const main = join(dir, 'child.js');
  writeFileSync(main, CHILD_SOURCE(bundle, exportName));
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [main], {
    env: { ...process.env, ...env, NODE_PATH: join(REPO, 'node_modules') },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const pending = new Map<number, (reply: Reply) => void>();
  createInterface({ input: child.stdout }).on('line', (line) => {
    const reply = JSON.parse(line) as Reply;
    pending.get(reply.id)?.(reply);
    pending.delete(reply.id);
  });
  child.on('exit', (code) => {
    for (const settle of pending.values()) settle({ id: -1, error: { name: 'Error', message: `store child exited (${code}): ${stderr}` } });
    pending.clear();
  });
  let next = 0;
  const call = (config: readonly unknown[], method: string, args: readonly unknown[]): Promise<unknown> =>
    new Promise((resolvePromise, reject) => {
      const id = (next += 1);
      pending.set(id, (reply) => {
        if (reply.error === undefined) return resolvePromise(reply.value);
        const { name, message, location, code } = reply.error;
        if (name === 'SnapshotStoreError' && location !== undefined) reject(new SnapshotStoreError(message, location, code));
        else reject(new Error(`${name}: ${message}`));
      });
      child.stdin.write(`${JSON.stringify({ id, config, method, args })}\n`);
    });
  return {
    store: (config, description) => ({
      description,
      list: () => call(config, 'list', []) as Promise<readonly SnapshotRef[]>,
      read: async (ref) => new Uint8Array(Buffer.from((await call(config, 'read', [ref])) as string, 'base64')),
      write: (name, body) => call(config, 'write', [name, Buffer.from(body).toString('base64')]) as Promise<SnapshotRef>,
      remove: async (ref) => {
        await call(config, 'remove', [ref]);
      },
    }),
    description: async (config) => (await call(config, 'description', [])) as string,
    stop: () =>
      new Promise<void>((resolveStop) => {
        const done = (): void => {
          rmSync(dir, { recursive: true, force: true });
          resolveStop();
        };
        if (child.exitCode !== null) return done();
        child.once('exit', done);
        child.stdin.end();
        child.kill('SIGTERM');
      }),
  };
}
