// A consumer project for the package test: its package.json and a lockfile that installs offline.
// npm's local cache holds the tarballs of every package the repository installed (by integrity) but
// not the registry's package documents an unlocked `npm install` would ask for; so the consumer gets a
// lockfile that pins each package (the versions and integrities of the repository's own lockfile).
// `npm ci` then installs exactly that tree and `npm ls` checks it satisfies every declared dependency.

interface LockEntry {
  readonly version?: string;
  readonly dev?: boolean;
  readonly devOptional?: boolean;
  readonly peer?: boolean;
  readonly link?: boolean;
  readonly [field: string]: unknown;
}

export interface ConsumerProjectInput {
  /** The consumer's own dependencies (name -> exact version), all present in the repository's lockfile. */
  readonly dependencies: Readonly<Record<string, string>>;
  readonly tarball: string;
  /** The packed package.json. */
  readonly manifest: Readonly<Record<string, unknown>>;
  /** `npm config get registry`: where the cached tarballs were fetched from (the cache is keyed by integrity). */
  readonly registry: string;
}

const packageName = (path: string): string => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);

/** Where npm finds `name` for the package installed at `from`: its own node_modules, then each parent's. */
function resolveFrom(packages: Readonly<Record<string, LockEntry>>, from: string, name: string): string | undefined {
  for (let base = from; ; base = base.slice(0, Math.max(0, base.lastIndexOf('/node_modules/')))) {
    const candidate = base === '' ? `node_modules/${name}` : `${base}/node_modules/${name}`;
    if (packages[candidate]) return candidate;
    if (base === '') return undefined;
  }
}

/** The lock paths of `roots` and everything they depend on (the repository may hold them as dev packages). */
export function dependencyClosure(packages: Readonly<Record<string, LockEntry>>, roots: readonly string[]): Set<string> {
  const seen = new Set<string>();
  const pending = roots.map((name) => `node_modules/${name}`);
  while (pending.length > 0) {
    const path = pending.pop()!;
    if (seen.has(path) || !packages[path]) continue;
    seen.add(path);
    const deps = { ...(packages[path].dependencies as Record<string, string> | undefined), ...(packages[path].optionalDependencies as Record<string, string> | undefined) };
    for (const name of Object.keys(deps)) {
      const found = resolveFrom(packages, path, name);
      if (found) pending.push(found);
    }
  }
  return seen;
}

/**
 * The repository's non-dev packages (what the package itself needs, peers included) plus the
 * consumer's own dependencies and theirs, at the paths the repository installed them, and the tarball.
 */
export function consumerLockfile(repoLock: { readonly packages: Readonly<Record<string, LockEntry>> }, input: ConsumerProjectInput) {
  const registry = input.registry.replace(/\/$/, '');
  const own = dependencyClosure(repoLock.packages, Object.keys(input.dependencies));
  const packages: Record<string, unknown> = {};
  for (const [path, entry] of Object.entries(repoLock.packages)) {
    if (path === '' || entry.link || (entry.dev && !own.has(path))) continue;
    const { dev: _dev, devOptional: _devOptional, peer: _peer, ...rest } = entry;
    const name = packageName(path);
    const file = `${name.slice(name.lastIndexOf('/') + 1)}-${entry.version}.tgz`;
    packages[path] = { ...rest, resolved: `${registry}/${name}/-/${file}` };
  }
  const manifest = input.manifest as Record<string, unknown> & { name: string; version: string };
  const dependencies = { ...input.dependencies, [manifest.name]: `file:${input.tarball}` };
  packages[''] = { name: 'consumer', version: '1.0.0', dependencies };
  const fields = ['version', 'license', 'dependencies', 'peerDependencies', 'peerDependenciesMeta', 'bin', 'engines'] as const;
  packages[`node_modules/${manifest.name}`] = {
    resolved: `file:${input.tarball}`,
    ...Object.fromEntries(fields.filter((f) => manifest[f] !== undefined).map((f) => [f, manifest[f]])),
  };
  return {
    packageJson: { name: 'consumer', version: '1.0.0', private: true, dependencies },
    lockfile: { name: 'consumer', version: '1.0.0', lockfileVersion: 3, requires: true, packages },
  };
}

/** The ```ts fenced blocks of a Markdown document. */
export function extractTypeScriptBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```(?:ts|typescript)\n([\s\S]*?)^```/gm)].map((m) => m[1]);
}

/**
 * A README snippet as a module of a CDK app: it may use `app` and `stack` (as the README's prose
 * does) without declaring them; anything else must be declared or imported by the snippet itself.
 */
export function snippetModule(snippet: string): string {
  const declares = (name: string) => new RegExp(`\\b(const|let|var|function|class)\\s+${name}\\b|import[^;]*\\b${name}\\b[^;]*from`).test(snippet);
  const prelude = [
    `import type * as inferguardReadmeCdk from 'aws-cdk-lib';`,
    declares('app') ? '' : 'declare const app: inferguardReadmeCdk.App;',
    declares('stack') ? '' : 'declare const stack: inferguardReadmeCdk.Stack;',
  ];
  return `${prelude.filter(Boolean).join('\n')}\n${snippet}\nexport {};\n`;
}
