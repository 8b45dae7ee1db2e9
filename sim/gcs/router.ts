// The Cloud Storage JSON API calls a snapshot store makes — objects insert (media and multipart
// uploads), get (metadata or alt=media), list (prefix, delimiter, maxResults, pageToken) and delete —
// over sim/core's path router, with generation preconditions and the JSON API's error bodies.
import { header, type SimRequest, type SimResponse } from '../core/http';
import { pathRouter, type PathRoute } from '../core/path-router';
import type { ErrorFault, SimRouter } from '../core/router';
import { crc32cBase64, gcsError, gcsJson, md5Base64, multipartParts } from './wire';
import type { GcsPermission, GcsWorld, StoredObject } from './world';

export const GCS_SERVER_NAME = 'inferguard-gcs-simulator';

/** Object names hold slashes, sent encoded (`o/a%2Fb`); the server decodes the path, so the name is re-encoded as one segment here. */
const OBJECT_PATH = /^((?:\/storage\/v1)?\/b\/[^/]+\/o\/)(.+)$/;

function withObjectSegment(request: SimRequest): SimRequest {
  const match = OBJECT_PATH.exec(request.path);
  return match ? { ...request, path: `${match[1]}${encodeURIComponent(match[2])}` } : request;
}

type Answer = (params: Readonly<Record<string, string>>, request: SimRequest, requestId: string) => SimResponse;

interface Context {
  readonly world: GcsWorld;
  /** The clock of generations: microseconds, increasing, as GCS's are. */
  nextGeneration(): string;
}

function objectResource(bucket: string, name: string, object: StoredObject, base: string): Record<string, string> {
  const encoded = encodeURIComponent(name);
  return {
    kind: 'storage#object',
    id: `${bucket}/${name}/${object.generation}`,
    selfLink: `${base}/storage/v1/b/${bucket}/o/${encoded}`,
    mediaLink: `${base}/download/storage/v1/b/${bucket}/o/${encoded}?generation=${object.generation}&alt=media`,
    name,
    bucket,
    generation: object.generation,
    metageneration: '1',
    contentType: object.contentType,
    storageClass: 'STANDARD',
    size: String(object.data.length),
    md5Hash: md5Base64(object.data),
    crc32c: crc32cBase64(object.data),
    etag: Buffer.from(object.generation).toString('base64'),
    timeCreated: object.created,
    updated: object.created,
    timeStorageClassUpdated: object.created,
  };
}

function baseUrl(request: SimRequest): string {
  return `http://${header(request, 'host') ?? '127.0.0.1'}`;
}

/** 401 without a token; 403 when the token lacks the permission; undefined when the call may go on. */
function refusal(world: GcsWorld, request: SimRequest, permission: GcsPermission, target: string, requestId: string): SimResponse | undefined {
  const token = /^Bearer (\S+)$/.exec(header(request, 'authorization') ?? '')?.[1];
  const kind = permission === 'storage.objects.list' ? 'bucket' : 'object';
  const access = permission.replace('storage.', '');
  if (token === undefined) {
    return gcsError(401, `Anonymous caller does not have storage.${access} access to the Google Cloud Storage ${kind}. Permission '${permission}' denied on resource (or it may not exist).`, requestId, {
      reason: 'required',
      locationType: 'header',
      location: 'Authorization',
    });
  }
  const granted = world.tokens.get(token);
  if (granted !== undefined && !granted.includes(permission)) {
    return gcsError(403, `caller does not have storage.${access} access to the Google Cloud Storage ${kind}. Permission '${permission}' denied on resource (or it may not exist).`, requestId, {
      reason: 'forbidden',
      message: `caller does not have ${permission} access to ${target}.`,
    });
  }
  return undefined;
}

function noBucket(requestId: string): SimResponse {
  return gcsError(404, 'The specified bucket does not exist.', requestId, { reason: 'notFound' });
}

/** `ifGenerationMatch` as GCS reads it: absent, or a generation (0: no live object may exist). */
function generationCondition(request: SimRequest, requestId: string): { value?: string } | SimResponse {
  const value = request.query.get('ifGenerationMatch');
  if (value === null) return {};
  if (!/^\d+$/.test(value)) return gcsError(400, `Invalid argument for ifGenerationMatch: ${value}`, requestId, { reason: 'invalid', locationType: 'parameter', location: 'ifGenerationMatch' });
  return { value };
}

function preconditionFailed(requestId: string): SimResponse {
  return gcsError(412, 'At least one of the pre-conditions you specified did not hold.', requestId, { reason: 'conditionNotMet', locationType: 'header', location: 'If-Match' });
}

function insert(context: Context): Answer {
  return ({ bucket }, request, requestId) => {
    const objects = context.world.buckets.get(bucket);
    const uploadType = request.query.get('uploadType') ?? '';
    let name = request.query.get('name') ?? undefined;
    let data: Buffer;
    let contentType = header(request, 'content-type') ?? 'application/octet-stream';
    if (uploadType === 'media') {
      data = request.body;
    } else if (uploadType === 'multipart') {
      const parts = multipartParts(contentType, request.body);
      if (typeof parts === 'string') return gcsError(400, parts, requestId, { reason: 'invalid' });
      if (parts.length !== 2) return gcsError(400, `A multipart upload has two parts (metadata, then media), not ${parts.length}.`, requestId, { reason: 'invalid' });
      let metadata: { name?: unknown; contentType?: unknown };
      try {
        metadata = JSON.parse(parts[0].body.toString('utf8') || '{}') as typeof metadata;
      } catch {
        return gcsError(400, 'The metadata part is not JSON.', requestId, { reason: 'parseError' });
      }
      if (typeof metadata.name === 'string' && metadata.name !== '') name = metadata.name;
      contentType = typeof metadata.contentType === 'string' ? metadata.contentType : parts[1].contentType;
      data = parts[1].body;
    } else {
      return gcsError(400, `uploadType=${uploadType || '(none)'} is not served by this simulator (media and multipart are).`, requestId, { reason: 'invalidParameter', locationType: 'parameter', location: 'uploadType' });
    }
    if (name === undefined || name === '') return gcsError(400, 'Required', requestId, { reason: 'required', message: 'Required', locationType: 'parameter', location: 'name' });
    const denied = refusal(context.world, request, 'storage.objects.create', `${bucket}/${name}`, requestId);
    if (denied) return denied;
    if (objects === undefined) return noBucket(requestId);
    const condition = generationCondition(request, requestId);
    if ('status' in condition) return condition;
    const existing = objects.get(name);
    if (condition.value !== undefined && (condition.value === '0' ? existing !== undefined : existing?.generation !== condition.value)) return preconditionFailed(requestId);
    const stored: StoredObject = { data: Buffer.from(data), generation: context.nextGeneration(), contentType, created: new Date().toISOString() };
    objects.set(name, stored);
    return gcsJson(objectResource(bucket, name, stored, baseUrl(request)), requestId);
  };
}

function get(context: Context): Answer {
  return ({ bucket, object }, request, requestId) => {
    const name = decodeURIComponent(object);
    const denied = refusal(context.world, request, 'storage.objects.get', `${bucket}/${name}`, requestId);
    if (denied) return denied;
    const objects = context.world.buckets.get(bucket);
    if (objects === undefined) return noBucket(requestId);
    const stored = objects.get(name);
    if (stored === undefined) return gcsError(404, `No such object: ${bucket}/${name}`, requestId, { reason: 'notFound' });
    if (request.query.get('alt') !== 'media') return gcsJson(objectResource(bucket, name, stored, baseUrl(request)), requestId);
    return {
      status: 200,
      headers: {
        'content-type': stored.contentType,
        'x-goog-generation': stored.generation,
        'x-goog-metageneration': '1',
        'x-goog-stored-content-encoding': 'identity',
        'x-goog-stored-content-length': String(stored.data.length),
        'x-goog-hash': `crc32c=${crc32cBase64(stored.data)},md5=${md5Base64(stored.data)}`,
        'x-guploader-uploadid': requestId,
      },
      body: stored.data,
    };
  };
}

function remove(context: Context): Answer {
  return ({ bucket, object }, request, requestId) => {
    const name = decodeURIComponent(object);
    const denied = refusal(context.world, request, 'storage.objects.delete', `${bucket}/${name}`, requestId);
    if (denied) return denied;
    const objects = context.world.buckets.get(bucket);
    if (objects === undefined) return noBucket(requestId);
    if (!objects.has(name)) return gcsError(404, `No such object: ${bucket}/${name}`, requestId, { reason: 'notFound' });
    objects.delete(name);
    return { status: 204, headers: { 'x-guploader-uploadid': requestId }, body: '' };
  };
}

/** Page tokens are opaque to clients; this one names the last entry returned and the listing it belongs to. */
function pageToken(after: string, listing: string): string {
  return Buffer.from(JSON.stringify({ a: after, l: listing }), 'utf8').toString('base64url');
}

function list(context: Context): Answer {
  return ({ bucket }, request, requestId) => {
    const denied = refusal(context.world, request, 'storage.objects.list', bucket, requestId);
    if (denied) return denied;
    const objects = context.world.buckets.get(bucket);
    if (objects === undefined) return noBucket(requestId);
    const prefix = request.query.get('prefix') ?? '';
    const delimiter = request.query.get('delimiter') ?? '';
    const sizeText = request.query.get('maxResults');
    const size = sizeText === null ? context.world.defaultPageSize : Number(sizeText);
    if (!Number.isInteger(size) || size < 1) return gcsError(400, `Invalid value for maxResults: ${sizeText ?? ''}`, requestId, { reason: 'invalid', locationType: 'parameter', location: 'maxResults' });
    const pageSize = Math.min(size, 1000);
    const listing = `${bucket}\n${prefix}\n${delimiter}`;
    let after: string | undefined;
    const token = request.query.get('pageToken');
    if (token !== null && token !== '') {
      try {
        const decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { a?: unknown; l?: unknown };
        if (typeof decoded.a !== 'string' || decoded.l !== listing) throw new Error('foreign token');
        after = decoded.a;
      } catch {
        return gcsError(400, 'Invalid page token.', requestId, { reason: 'invalid', locationType: 'parameter', location: 'pageToken' });
      }
    }
    // Entries in name order: objects, and with a delimiter the "folders" they fall in, each counted once.
    const entries: { name: string; isPrefix: boolean }[] = [];
    const seenPrefixes = new Set<string>();
    for (const name of [...objects.keys()].filter((key) => key.startsWith(prefix)).sort()) {
      const cut = delimiter === '' ? -1 : name.indexOf(delimiter, prefix.length);
      if (cut === -1) entries.push({ name, isPrefix: false });
      else {
        const folder = name.slice(0, cut + delimiter.length);
        if (!seenPrefixes.has(folder)) entries.push({ name: folder, isPrefix: true });
        seenPrefixes.add(folder);
      }
    }
    const start = after === undefined ? 0 : entries.findIndex((entry) => entry.name > after);
    const pageEntries = start === -1 ? [] : entries.slice(start, start + pageSize);
    const more = start !== -1 && start + pageSize < entries.length;
    const base = baseUrl(request);
    const items = pageEntries.filter((entry) => !entry.isPrefix).map((entry) => objectResource(bucket, entry.name, objects.get(entry.name) as StoredObject, base));
    const prefixes = pageEntries.filter((entry) => entry.isPrefix).map((entry) => entry.name);
    return gcsJson(
      {
        kind: 'storage#objects',
        ...(more ? { nextPageToken: pageToken(pageEntries[pageEntries.length - 1].name, listing) } : {}),
        ...(prefixes.length > 0 ? { prefixes } : {}),
        ...(items.length > 0 ? { items } : {}),
      },
      requestId,
    );
  };
}

function routes(context: Context): PathRoute[] {
  const served: { method: PathRoute['method']; path: string; operation: string; answer: Answer }[] = [
    { method: 'POST', path: '/upload/storage/v1/b/{bucket}/o', operation: 'objects.insert', answer: insert(context) },
    { method: 'GET', path: '/storage/v1/b/{bucket}/o', operation: 'objects.list', answer: list(context) },
    { method: 'GET', path: '/storage/v1/b/{bucket}/o/{object}', operation: 'objects.get', answer: get(context) },
    { method: 'DELETE', path: '/storage/v1/b/{bucket}/o/{object}', operation: 'objects.delete', answer: remove(context) },
  ];
  // The Node.js client sends JSON API calls to STORAGE_EMULATOR_HOST as it is (`http://host:port/b/...`) when
  // that variable is set in its process, so the paths are served without `/storage/v1` too.
  const bare = served.filter((route) => route.path.startsWith('/storage/v1/')).map((route) => ({ ...route, path: route.path.slice('/storage/v1'.length) }));
  return [...served, ...bare].map((route) => ({ ...route, service: 'storage' }));
}

const faultBodies: Readonly<Record<ErrorFault, (requestId: string) => SimResponse>> = {
  AccessDenied: (requestId) => gcsError(403, 'caller does not have storage.objects access to the Google Cloud Storage bucket.', requestId, { reason: 'forbidden' }),
  Throttling: (requestId) => gcsError(429, 'The rate of change requests to the object exceeds the rate limit. Please reduce the rate of create, update, and delete requests.', requestId, { domain: 'usageLimits', reason: 'rateLimitExceeded' }),
  InternalError: (requestId) => gcsError(500, 'Backend Error', requestId, { reason: 'backendError' }),
};

export function gcsRouter(world: GcsWorld): SimRouter {
  let generation = Date.now() * 1000;
  const context: Context = { world, nextGeneration: () => String((generation += 1)) };
  const inner = pathRouter({
    serverName: GCS_SERVER_NAME,
    routes: routes(context),
    errorResponse: (fault, _call, requestId) => faultBodies[fault](requestId),
    notFound: (request, requestId) => gcsError(404, `Not Found: ${request.method} ${request.path}`, requestId, { reason: 'notFound' }),
  });
  return { serverName: inner.serverName, catalog: inner.catalog, route: (request, requestId) => inner.route(withObjectSegment(request), requestId) };
}
