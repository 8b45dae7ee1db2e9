// `inferguard sim gcp` serves the GCP simulator through the registry, with its scenarios and fault rules.
import { main } from '../../../bin/inferguard';
import { realDeps } from '../../../bin/cli/deps';
import type { CliIo } from '../../../bin/cli/io';
import { registeredProviders, realProviderDeps } from '../../../bin/cli/providers/index';

async function run(argv: string[], whileRunning: (stderr: () => string) => Promise<void> = async () => undefined) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: {},
    cwd: process.cwd(),
    now: () => new Date('2026-12-02T00:00:00Z'),
    waitForStop: async () => {
      await whileRunning(() => stderr);
      return 'SIGINT';
    },
  };
  const code = await main(argv, io, realDeps(registeredProviders(realProviderDeps())));
  return { code, stdout, stderr };
}

describe('inferguard sim gcp', () => {
  it('lists the GCP scenarios', async () => {
    const result = await run(['sim', 'gcp', '--list-scenarios']);
    expect(result.code).toBe(0);
    for (const name of ['demo', 'compliant', 'non-compliant', 'denied']) expect(result.stdout).toMatch(new RegExp(`^${name} `, 'm'));
  });

  it('serves the scenario with its faults and prints how to point clients at it', async () => {
    let answered = 0;
    const result = await run(['sim', 'gcp', '--scenario', 'non-compliant', '--port', '0', '--fault', 'cloudkms=Throttling'], async (stderr) => {
      const url = /at (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr())?.[1];
      const endpoints = await fetch(`${url}/v1/projects/ml-dev/locations/us-central1/endpoints`, { headers: { authorization: 'Bearer t' } });
      expect(endpoints.status).toBe(200);
      expect(((await endpoints.json()) as { endpoints: unknown[] }).endpoints).toHaveLength(2);
      const keys = await fetch(`${url}/v1/projects/ml-dev/locations/us-central1/keyRings`, { headers: { authorization: 'Bearer t' } });
      expect(keys.status).toBe(429);
      answered = 2;
    });
    expect(result.code).toBe(0);
    expect(answered).toBe(2);
    expect(result.stderr).toContain('Google Cloud simulator serving scenario "non-compliant" (projects ml-dev)');
    expect(result.stderr).toContain('export GOOGLE_OAUTH_ACCESS_TOKEN=');
    expect(result.stderr).toContain('inferguard audit gcp');
  });

  it('refuses an unknown GCP fault rule as a usage error', async () => {
    const result = await run(['sim', 'gcp', '--fault', 'kms:GetKeyPolicy']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Unknown service "kms"');
  });
});
