// Shared commands dispatch through the registry: a second cloud plugs in with its own options,
// simulator and template reader, and nothing in shared code names it.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../bin/inferguard';
import { realDeps } from '../../bin/cli/deps';
import type { CliIo } from '../../bin/cli/io';
import { awsProvider, realAwsDeps } from '../../bin/cli/providers/aws';
import type { CloudProvider, CommonAuditOptions, SimStartOptions } from '../../bin/cli/registry';
import { compliantInventory } from '../support/builders';
import { NOW } from '../checker/sample-report';
import { tempDir } from './cli-harness';

function toyCloud() {
  const audits: { flags: Readonly<Record<string, unknown>>; common: CommonAuditOptions }[] = [];
  const sims: { scenario: string; options: SimStartOptions }[] = [];
  const scans: string[] = [];
  const provider: CloudProvider = {
    name: 'toy',
    title: 'Toy Cloud',
    audit: {
      description: 'audit the toy cloud',
      addOptions: (command) => void command.option('--projects <list>', 'toy projects'),
      describeTarget: (flags) => `toy projects ${String(flags.projects)}`,
      collect: async (flags, common) => (audits.push({ flags, common }), compliantInventory()),
    },
    templates: [{ describes: 'a toy plan (.toyplan)', accepts: (path) => path.endsWith('.toyplan'), read: async (path) => (scans.push(path), compliantInventory()) }],
    simulator: {
      scenarios: () => ({ tiny: { description: 'one toy' } }),
      checkFault: (rule) => {
        if (!rule.startsWith('toy')) throw new Error('toy faults start with toy');
      },
      start: async (scenario, options) => {
        sims.push({ scenario, options });
        return { url: 'http://127.0.0.1:1', port: 1, summary: 'toy simulator', clientEnv: { TOY_URL: 'http://127.0.0.1:1' }, close: async () => undefined };
      },
    },
  };
  return { provider, audits, sims, scans };
}

async function run(argv: string[], providers: readonly CloudProvider[], cwd = tempDir()) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: {},
    cwd,
    now: () => NOW,
    waitForStop: () => Promise.resolve('SIGINT'),
  };
  const code = await main(argv, io, realDeps(providers));
  return { code, stdout, stderr };
}

describe('the provider registry', () => {
  const aws = awsProvider({ ...realAwsDeps(), checkAwsCredentials: async () => undefined });

  it('gives each registered cloud its audit subcommand, with its own options and the shared ones', async () => {
    const toy = toyCloud();
    const audit = await run(['audit', 'toy', '--projects', 'p1,p2', '--concurrency', '5', '--quiet'], [aws, toy.provider]);
    expect(audit.code).toBe(0);
    expect(toy.audits).toHaveLength(1);
    expect(toy.audits[0].flags).toMatchObject({ projects: 'p1,p2' });
    expect(toy.audits[0].common).toMatchObject({ concurrency: 5, requestTimeoutMs: 30_000 });
    const help = await run(['audit', '--help'], [aws, toy.provider]);
    expect(help.stdout).toContain('clouds: aws, toy');
    const wrong = await run(['audit', 'toy', '--regions', 'us-east-1'], [aws, toy.provider]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain("unknown option '--regions'");
  });

  it('runs the named cloud\'s simulator, with its scenarios and fault rules', async () => {
    const toy = toyCloud();
    const ok = await run(['sim', 'toy', '--scenario', 'tiny', '--fault', 'toy=Empty', '--port', '0'], [aws, toy.provider]);
    expect(ok.code).toBe(0);
    expect(toy.sims).toEqual([{ scenario: 'tiny', options: { host: '127.0.0.1', port: 0, faults: ['toy=Empty'] } }]);
    expect(ok.stderr).toContain('export TOY_URL=http://127.0.0.1:1');
    expect(ok.stderr).toContain('inferguard audit toy');
    const badFault = await run(['sim', 'toy', '--scenario', 'tiny', '--fault', 'kms=Empty'], [aws, toy.provider]);
    expect(badFault.code).toBe(2);
    expect(badFault.stderr).toContain('--fault kms=Empty: toy faults start with toy');
  });

  it('hands scan a path to the first reader that takes it', async () => {
    const toy = toyCloud();
    const cwd = tempDir();
    writeFileSync(join(cwd, 'infra.toyplan'), '{}');
    const scanned = await run(['scan', 'infra.toyplan', '--quiet'], [toy.provider, aws], cwd);
    expect(scanned.code).toBe(0);
    expect(toy.scans).toEqual([join(cwd, 'infra.toyplan')]);
    const missing = await run(['scan', 'nothing.toyplan'], [toy.provider, aws], cwd);
    expect(missing.stderr).toContain('Give a toy plan (.toyplan); or a CloudFormation template (.json, .yaml, .yml) or a cdk.out folder.');
  });

  it('lists only what is registered', async () => {
    const run1 = await run(['sim', 'aws'], []);
    expect(run1.code).toBe(2);
    expect(run1.stderr).toContain('Unknown cloud "aws" for sim. Registered: none.');
  });
});
