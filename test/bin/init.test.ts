import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseConfig, defaultBaseline } from '../../policies/baseline';
import { allControls } from '../../policies/controls/index';
import { runCli, tempDir } from './cli-harness';

describe('inferguard init', () => {
  it('writes a starter config that lists every control and parameter at its defaults', async () => {
    const cwd = tempDir();
    const result = await runCli(['init'], { cwd });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('wrote inferguard.yaml');
    const text = readFileSync(join(cwd, 'inferguard.yaml'), 'utf8');
    for (const control of allControls) {
      expect(text).toContain(`    ${control.id}:\n`);
      for (const name of Object.keys(control.parameters.parse({}) as object)) expect(text).toContain(`        ${name}: `);
    }
    // As written, the file is the default baseline: the same controls, severities and parameters.
    const parsed = parseConfig(text, 'inferguard.yaml');
    const summary = (entries: typeof parsed.baseline.entries) => entries.map((e) => [e.control.id, e.severity, e.parameters]);
    expect(summary(parsed.baseline.entries)).toEqual(summary(defaultBaseline().entries));
    expect(parsed.waivers).toEqual([]);
  });

  it('has a waiver example that becomes a valid waiver when uncommented', async () => {
    const cwd = tempDir();
    await runCli(['init', '--output', 'starter.yaml'], { cwd });
    const text = readFileSync(join(cwd, 'starter.yaml'), 'utf8');
    const example = text.slice(text.indexOf('# waivers:')).replace(/^# ?/gm, '');
    const uncommented = text.slice(0, text.indexOf('waivers: []')) + example;
    const { waivers } = parseConfig(uncommented, 'starter.yaml');
    expect(waivers).toEqual([expect.objectContaining({ id: 'W-001', control: 'model-network-isolation', resource: 'arn:aws:sagemaker:*:*:endpoint/vendor-*' })]);
  });

  it('refuses to overwrite an existing file (exit 2) and leaves it as it was', async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'inferguard.yaml'), 'mine\n');
    const result = await runCli(['init'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/inferguard\.yaml already exists; inferguard init never overwrites a file\. .*--output/);
    expect(readFileSync(join(cwd, 'inferguard.yaml'), 'utf8')).toBe('mine\n');
  });
});
