import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderToFile, writeFileAtomic } from '../../checker/atomic-write';
import { emit } from '../../checker/output';

describe('atomic output', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'inferguard-write-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the whole text and leaves no temporary file', () => {
    const path = join(dir, 'report.json');
    writeFileAtomic(path, '{"ok":true}\n');
    expect(readFileSync(path, 'utf8')).toBe('{"ok":true}\n');
    expect(readdirSync(dir)).toEqual(['report.json']);
  });

  it('replaces an existing file whole', () => {
    const path = join(dir, 'report.txt');
    writeFileSync(path, 'old contents that are longer than the new ones');
    writeFileAtomic(path, 'new');
    expect(readFileSync(path, 'utf8')).toBe('new');
  });

  it.each(['600', '640', '755'])('keeps the permissions (%s) of the file it replaces', (octal) => {
    const mode = parseInt(octal, 8);
    const path = join(dir, 'report.json');
    writeFileSync(path, 'old');
    chmodSync(path, mode);
    writeFileAtomic(path, 'new');
    expect(readFileSync(path, 'utf8')).toBe('new');
    expect(statSync(path).mode & 0o777).toBe(mode);
  });

  it('writes nothing, and keeps the old file, when rendering throws', () => {
    const path = join(dir, 'report.sarif');
    writeFileSync(path, 'previous report');
    expect(() =>
      renderToFile(path, () => {
        throw new Error('renderer bug');
      }),
    ).toThrow('renderer bug');
    expect(readFileSync(path, 'utf8')).toBe('previous report');
    expect(readdirSync(dir)).toEqual(['report.sarif']);
  });

  it('creates no file at all when rendering throws and none existed', () => {
    expect(() =>
      emit(
        () => {
          throw new Error('renderer bug');
        },
        { output: 'new.json', cwd: dir, stdout: { write: () => true } },
      ),
    ).toThrow('renderer bug');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('cleans up its temporary file when the rename fails', () => {
    const target = join(dir, 'a-folder');
    writeFileSync(join(dir, 'keep'), 'x');
    // Renaming a file over a non-empty folder fails.
    mkdirSync(target);
    writeFileSync(join(target, 'inside'), 'y');
    expect(() => writeFileAtomic(target, 'text')).toThrow();
    expect(readdirSync(dir).sort()).toEqual(['a-folder', 'keep']);
  });

  it('writes to stdout when no output file is given', () => {
    const written: string[] = [];
    expect(emit(() => 'report\n', { cwd: dir, stdout: { write: (t: string) => written.push(t) } })).toBeUndefined();
    expect(written).toEqual(['report\n']);
  });

  it('resolves the output file against the working folder', () => {
    expect(emit(() => 'x', { output: 'out.txt', cwd: dir, stdout: { write: () => true } })).toBe(join(dir, 'out.txt'));
    expect(readFileSync(join(dir, 'out.txt'), 'utf8')).toBe('x');
  });
});
