import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import {
  SNAPSHOT_FORMATS,
  SNAPSHOT_KIND,
  SNAPSHOT_VERSION,
  SnapshotFormatError,
  parseSnapshot,
  serializeSnapshot,
  snapshotOf,
  type SnapshotFormats,
} from '../../../checker/drift/snapshot';
import { sampleInventory, sampleReport } from '../sample-report';

const LOCATION = '/store/2026-03-01T12-00-00.000Z-aws.json';
const bytes = (text: string) => Buffer.from(text, 'utf8');

function sampleSnapshot() {
  const inventory = sampleInventory();
  return snapshotOf(sampleReport({ inventory }), inventory);
}

function formatError(run: () => unknown): SnapshotFormatError {
  try {
    run();
  } catch (error) {
    if (error instanceof SnapshotFormatError) return error;
    throw error;
  }
  throw new Error('expected a SnapshotFormatError');
}

describe('drift snapshots', () => {
  it('round-trips a snapshot of a report: findings, gaps, waiver state and the live resources', () => {
    const snapshot = sampleSnapshot();
    expect(snapshot.snapshotVersion).toBe(SNAPSHOT_VERSION);
    expect(snapshot.findings.some((f) => f.waiver !== undefined)).toBe(true);
    expect(snapshot.gaps).toHaveLength(1);
    expect(snapshot.waivers.expired.map((w) => w.id)).toEqual(['WVR-OLD']);
    const parsed = parseSnapshot(serializeSnapshot(snapshot), LOCATION);
    expect(parsed).toEqual(JSON.parse(JSON.stringify(snapshot)));
  });

  it.each([
    ['an empty file', '', 'corrupt', /is empty/],
    ['a truncated file', '', 'corrupt', /not valid JSON.*corrupt or truncated/],
    ['a JSON document of another tool', '{"reportVersion":1,"findings":[]}', 'foreign', /not an inferguard drift snapshot/],
    ['a JSON array', '[1,2]', 'foreign', /not an inferguard drift snapshot/],
    ['a snapshot without a version', `{"kind":"${SNAPSHOT_KIND}"}`, 'invalid', /no valid snapshotVersion/],
    ['a snapshot of a newer format', `{"kind":"${SNAPSHOT_KIND}","snapshotVersion":${SNAPSHOT_VERSION + 1},"tool":{"name":"inferguard","version":"9.0.0"}}`, 'newer', /format version 2 \(written by inferguard 9\.0\.0\).*Upgrade inferguard/],
  ])('refuses %s with an error naming the file', (_what, text, reason, message) => {
    const body = _what === 'a truncated file' ? serializeSnapshot(sampleSnapshot()).subarray(0, 500) : bytes(text);
    const error = formatError(() => parseSnapshot(body, LOCATION));
    expect(error.reason).toBe(reason);
    expect(error.location).toBe(LOCATION);
    expect(error.message).toContain(LOCATION);
    expect(error.message).toMatch(message);
  });

  it('refuses a snapshot whose findings are damaged, saying which field', () => {
    const document = JSON.parse(serializeSnapshot(sampleSnapshot()).toString());
    document.findings[1].status = 'great';
    delete document.resources[0].id;
    const error = formatError(() => parseSnapshot(bytes(JSON.stringify(document)), LOCATION));
    expect(error.reason).toBe('invalid');
    expect(error.message).toMatch(/findings\.1\.status/);
    expect(error.message).toMatch(/resources\.0\.id/);
  });

  it('reads the frozen version-1 fixture (a newer inferguard keeps reading it)', () => {
    const fixture = join(__dirname, 'fixtures', 'snapshot-v1.json');
    const parsed = parseSnapshot(readFileSync(fixture), fixture);
    expect(parsed.snapshotVersion).toBe(1);
    expect(parsed.provider).toBe('aws');
    expect(parsed.findings.length).toBeGreaterThan(0);
    expect(parsed.resources.map((r) => r.kind)).toContain('endpoint');
  });

  describe('the upgrade path', () => {
    // A pretend version 2 that renames `takenAt` to `capturedAt`, to prove older documents are upgraded step by step.
    const v2 = z.looseObject({ kind: z.literal(SNAPSHOT_KIND), snapshotVersion: z.literal(2), capturedAt: z.string() });
    const formats: SnapshotFormats = {
      current: 2,
      currentSchema: v2,
      upgrades: [
        {
          from: 1,
          schema: SNAPSHOT_FORMATS.currentSchema,
          upgrade: (document) => {
            const { takenAt, ...rest } = document as { takenAt: string };
            return { ...rest, snapshotVersion: 2, capturedAt: takenAt };
          },
        },
      ],
    };

    it('upgrades the version-1 fixture to the newer format', () => {
      const fixture = join(__dirname, 'fixtures', 'snapshot-v1.json');
      const upgraded = parseSnapshot(readFileSync(fixture), fixture, formats) as unknown as { snapshotVersion: number; capturedAt: string };
      expect(upgraded.snapshotVersion).toBe(2);
      expect(upgraded.capturedAt).toBe(JSON.parse(readFileSync(fixture, 'utf8')).takenAt);
    });

    it('checks the older document against its own schema before upgrading it', () => {
      const error = formatError(() => parseSnapshot(bytes(`{"kind":"${SNAPSHOT_KIND}","snapshotVersion":1}`), LOCATION, formats));
      expect(error.reason).toBe('invalid');
      expect(error.message).toMatch(/\(version 1\) is not valid/);
    });

    it('says so when no upgrade reads an old version any more', () => {
      const error = formatError(() => parseSnapshot(bytes(`{"kind":"${SNAPSHOT_KIND}","snapshotVersion":1}`), LOCATION, { ...formats, upgrades: [] }));
      expect(error.message).toMatch(/version 1, which this inferguard can no longer read/);
    });
  });
});
