import { createProgress } from '../../checker/progress';

function stream(isTTY: boolean) {
  const chunks: string[] = [];
  return { chunks, isTTY, write: (text: string) => chunks.push(text) };
}

describe('progress', () => {
  it('writes nothing when quiet', () => {
    const s = stream(true);
    const p = createProgress(s, { quiet: true });
    p.phase('Reading');
    p.update('1/2');
    p.log('hello');
    p.done();
    expect(s.chunks).toEqual([]);
  });

  it('writes plain lines, with updates at most once per interval, when not a terminal', () => {
    let now = 0;
    const s = stream(false);
    const p = createProgress(s, { clock: () => now, intervalMs: 1000 });
    p.phase('Reading AWS');
    now = 500;
    p.update('3 calls'); // too soon: dropped
    now = 1200;
    p.update('9 calls');
    now = 1500;
    p.update('10 calls'); // too soon after the last one
    now = 2500;
    p.done('12 resources');
    expect(s.chunks).toEqual([
      'inferguard: Reading AWS…\n',
      'inferguard: Reading AWS: 9 calls (1.2s)\n',
      'inferguard: Reading AWS: 12 resources (2.5s)\n',
    ]);
    expect(s.chunks.join('')).not.toContain('\r');
  });

  it('redraws one line in place on a terminal and ends it with a newline', () => {
    const s = stream(true);
    const p = createProgress(s, { clock: () => 0 });
    p.phase('Reading');
    p.update('1/3');
    p.update('2/3');
    p.done();
    const out = s.chunks.join('');
    expect(out).toContain('\r\u001b[2Kinferguard: Reading: 2/3');
    expect(out.endsWith('inferguard: Reading: done (0.0s)\n')).toBe(true);
    expect(out.split('\n')).toHaveLength(2);
  });

  it('ends the previous phase when a new one starts', () => {
    const s = stream(false);
    const p = createProgress(s, { clock: () => 0 });
    p.phase('One');
    p.phase('Two');
    expect(s.chunks).toEqual(['inferguard: One…\n', 'inferguard: One: done (0.0s)\n', 'inferguard: Two…\n']);
  });
});
