// Run as a child process by local.test.ts (bundled with esbuild): writes snapshots into a folder in a
// loop and prints each name once its write has returned, until it is killed.
import { readFileSync } from 'node:fs';
import { LocalSnapshotStore } from '../../../../checker/drift/stores/local';

async function main(): Promise<void> {
  const [folder, fixture] = process.argv.slice(2);
  const document = JSON.parse(readFileSync(fixture, 'utf8'));
  // About 1 MB, so a kill often lands inside a write.
  const body = Buffer.from(JSON.stringify({ ...document, padding: 'x'.repeat(1 << 20) }), 'utf8');
  const store = new LocalSnapshotStore(folder);
  for (let i = 0; ; i += 1) {
    const name = `${String(i).padStart(6, '0')}-${process.pid}-aws.json`;
    await store.write(name, body);
    process.stdout.write(`${name}\n`);
  }
}

void main();
