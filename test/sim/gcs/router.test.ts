// sim/gcs on the wire, as the Cloud Storage JSON API reference describes it: uploads with generation
// preconditions, object names holding slashes, pages, and the JSON API's error bodies.
import { gcsWorld, startGcsSimulator } from '../../../sim/gcs';
import { crc32cBase64 } from '../../../sim/gcs/wire';
import type { RunningSimServer } from '../../../sim/core/server';

let sim: RunningSimServer;
const world = gcsWorld(['bkt'], new Map([['reader', ['storage.objects.get'] as const]]));
const auth = { authorization: 'Bearer writer' };

beforeAll(async () => {
  sim = await startGcsSimulator(world);
});

afterAll(async () => {
  await sim.close();
});

async function upload(name: string, body: string, query = ''): Promise<Response> {
  return fetch(`${sim.url}/upload/storage/v1/b/bkt/o?uploadType=media&name=${encodeURIComponent(name)}${query}`, { method: 'POST', headers: { ...auth, 'content-type': 'text/plain' }, body });
}

interface ErrorBody {
  error: { code: number; message: string; errors: { reason: string; domain: string }[] };
}

test('CRC32C is Castagnoli, written big-endian in base64 (the check value of "123456789" is 0xE3069283)', () => {
  expect(crc32cBase64(Buffer.from('123456789'))).toBe(Buffer.from([0xe3, 0x06, 0x92, 0x83]).toString('base64'));
});

test('a media upload with ifGenerationMatch=0 creates the object once; the second answers 412 conditionNotMet', async () => {
  const first = await upload('a/b/c.json', '{"x":1}', '&ifGenerationMatch=0');
  expect(first.status).toBe(200);
  const resource = (await first.json()) as Record<string, string>;
  expect(resource).toMatchObject({ kind: 'storage#object', bucket: 'bkt', name: 'a/b/c.json', size: '7', contentType: 'text/plain', crc32c: crc32cBase64(Buffer.from('{"x":1}')) });
  expect(resource.generation).toMatch(/^\d+$/);
  const second = await upload('a/b/c.json', 'other', '&ifGenerationMatch=0');
  expect(second.status).toBe(412);
  const body = (await second.json()) as ErrorBody;
  expect(body.error).toMatchObject({ code: 412, message: 'At least one of the pre-conditions you specified did not hold.', errors: [{ reason: 'conditionNotMet', domain: 'global' }] });
  const media = await fetch(`${sim.url}/storage/v1/b/bkt/o/${encodeURIComponent('a/b/c.json')}?alt=media`, { headers: auth });
  expect(await media.text()).toBe('{"x":1}');
  expect(media.headers.get('x-goog-hash')).toContain(`crc32c=${crc32cBase64(Buffer.from('{"x":1}'))}`);
});

test('a matching non-zero generation replaces the object; a stale one is refused', async () => {
  const created = (await (await upload('gen.json', 'one')).json()) as { generation: string };
  expect((await upload('gen.json', 'two', `&ifGenerationMatch=${created.generation}`)).status).toBe(200);
  expect((await upload('gen.json', 'three', `&ifGenerationMatch=${created.generation}`)).status).toBe(412);
});

test('a list pages by maxResults and pageToken, with prefixes for the "folders" under a delimiter', async () => {
  for (const name of ['p/1', 'p/2', 'p/3', 'p/sub/4']) await upload(name, name);
  const seen: string[] = [];
  let token: string | undefined;
  let pages = 0;
  do {
    const url = `${sim.url}/storage/v1/b/bkt/o?prefix=p%2F&delimiter=%2F&maxResults=2${token ? `&pageToken=${token}` : ''}`;
    const page = (await (await fetch(url, { headers: auth })).json()) as { items?: { name: string }[]; prefixes?: string[]; nextPageToken?: string };
    seen.push(...(page.items ?? []).map((item) => item.name), ...(page.prefixes ?? []));
    token = page.nextPageToken;
    pages += 1;
  } while (token !== undefined);
  expect(seen).toEqual(['p/1', 'p/2', 'p/3', 'p/sub/']);
  expect(pages).toBe(2);
  const foreign = await fetch(`${sim.url}/storage/v1/b/bkt/o?prefix=q%2F&pageToken=${Buffer.from('{"a":"p/2","l":"bkt\\np/\\n/"}').toString('base64url')}`, { headers: auth });
  expect(foreign.status).toBe(400);
});

test('refusals: no token is 401 required, a token without the permission 403 forbidden, a missing object 404 notFound', async () => {
  const anonymous = await fetch(`${sim.url}/storage/v1/b/bkt/o`);
  expect(anonymous.status).toBe(401);
  expect(((await anonymous.json()) as ErrorBody).error.errors[0].reason).toBe('required');
  const reader = await fetch(`${sim.url}/upload/storage/v1/b/bkt/o?uploadType=media&name=x`, { method: 'POST', headers: { authorization: 'Bearer reader' }, body: 'x' });
  expect(reader.status).toBe(403);
  expect(((await reader.json()) as ErrorBody).error.message).toContain("Permission 'storage.objects.create' denied");
  const missing = await fetch(`${sim.url}/storage/v1/b/bkt/o/nothing-here?alt=media`, { headers: auth });
  expect(missing.status).toBe(404);
  expect(((await missing.json()) as ErrorBody).error.message).toBe('No such object: bkt/nothing-here');
  const noBucket = await fetch(`${sim.url}/storage/v1/b/other/o`, { headers: auth });
  expect(((await noBucket.json()) as ErrorBody).error.message).toBe('The specified bucket does not exist.');
});

test('a resumable upload is refused with a message saying which upload types are served', async () => {
  const resumable = await fetch(`${sim.url}/upload/storage/v1/b/bkt/o?uploadType=resumable&name=x`, { method: 'POST', headers: auth });
  expect(resumable.status).toBe(400);
  expect(((await resumable.json()) as ErrorBody).error.message).toContain('media and multipart are');
});
