// `inferguard scan --parameters FILE`: the template judged as it will be deployed.
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Report } from '../../../../checker/run';
import { runCli, tempDir } from '../../../bin/cli-harness';

describe('inferguard scan --parameters', () => {
  const cwd = tempDir();
  copyFileSync(join(__dirname, 'fixtures', 'issue13', 'parameter-without-default.yaml'), join(cwd, 'stack.yaml'));
  const storageStatus = (stdout: string) => (JSON.parse(stdout) as Report).findings.find((f) => f.controlId === 'endpoint-storage-customer-key')?.status;

  it('without the value the storage key is unknown; with it, the verdict', async () => {
    const open = await runCli(['scan', 'stack.yaml', '--format', 'json'], { cwd });
    expect(storageStatus(open.stdout)).toBe('unknown');
    writeFileSync(join(cwd, 'params.json'), JSON.stringify([{ ParameterKey: 'EndpointInstanceType', ParameterValue: 'ml.m5.large' }]));
    const given = await runCli(['scan', 'stack.yaml', '--parameters', 'params.json', '--format', 'json'], { cwd });
    expect(storageStatus(given.stdout)).toBe('fail');
    expect(given.code).toBe(1);
  });

  it('a parameter the template does not declare, or an unreadable file, is a usage error (exit 2)', async () => {
    writeFileSync(join(cwd, 'typo.txt'), 'EndpointInstanceTyp=ml.m5.large\n');
    const typo = await runCli(['scan', 'stack.yaml', '--parameters', 'typo.txt'], { cwd });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('EndpointInstanceTyp is not a parameter of the template (it declares: EndpointInstanceType)');
    const missing = await runCli(['scan', 'stack.yaml', '--parameters', 'missing.json'], { cwd });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/missing.json: cannot be read/);
  });
});
