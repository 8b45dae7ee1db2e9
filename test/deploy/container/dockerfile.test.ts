// The container image definition (Docker is not on this machine, so the image is not built here): a base image
// that must be named by the builder (by digest), a non-root user, the CLI as entry point, and only files that exist.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '../../..');
const lines = readFileSync(join(ROOT, 'deploy/container/Dockerfile'), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '' && !line.startsWith('#'));
const instruction = (name: string) => lines.filter((line) => line.startsWith(`${name} `));

describe('deploy/container/Dockerfile', () => {
  it('takes its base image only from the NODE_IMAGE build argument, which has no default', () => {
    expect(instruction('ARG')).toEqual(['ARG NODE_IMAGE']);
    expect(instruction('FROM')).toEqual(['FROM ${NODE_IMAGE} AS build', 'FROM ${NODE_IMAGE}']);
  });

  it('runs the CLI as a non-root user, by number', () => {
    const users = instruction('USER');
    expect(users).toEqual(['USER 1000:1000']);
    expect(lines.indexOf(users[0])).toBeGreaterThan(lines.lastIndexOf(instruction('COPY').at(-1) ?? ''));
    expect(instruction('ENTRYPOINT')).toEqual(['ENTRYPOINT ["node", "dist/bin/inferguard.js"]']);
  });

  it('copies only files and folders that exist in the repository, and builds the entry point it runs', () => {
    const sources = instruction('COPY')
      .filter((line) => !line.includes('--from='))
      .flatMap((line) => line.split(/\s+/).slice(1, -1));
    expect(sources.filter((source) => !existsSync(join(ROOT, source)))).toEqual([]);
    expect(existsSync(join(ROOT, 'bin/inferguard.ts'))).toBe(true);
    const build = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string>; bin: Record<string, string> };
    expect(build.bin.inferguard).toBe('dist/bin/inferguard.js');
    expect(build.scripts.build).toContain('tsc -p tsconfig.build.json');
  });
});
