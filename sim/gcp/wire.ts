// Google API wire conventions: proto3 JSON (fields at their default value are omitted), the error
// body `{"error":{"code","message","status","details"}}`, and `pageSize`/`pageToken`/`nextPageToken` paging.
import type { SimRequest, SimResponse } from '../core/http';
import type { Json, JsonObject } from './world';

/** HTTP status of each canonical code Google APIs answer with. */
export const STATUS_CODES = {
  INVALID_ARGUMENT: 400,
  UNAUTHENTICATED: 401,
  PERMISSION_DENIED: 403,
  NOT_FOUND: 404,
  RESOURCE_EXHAUSTED: 429,
  INTERNAL: 500,
} as const;
export type GoogleStatus = keyof typeof STATUS_CODES;

/**
 * proto3 JSON: a scalar at its default (false, 0, "") and an empty repeated field are not written.
 * Nested messages are kept even when empty (`{}`), as a set message is.
 */
export function proto3(value: Json | undefined): Json | undefined {
  if (value === undefined || value === null || value === false || value === 0 || value === '') return undefined;
  if (Array.isArray(value)) {
    const items = value.map(proto3).filter((item): item is Json => item !== undefined);
    return items.length === 0 ? undefined : items;
  }
  if (typeof value === 'object') {
    const out: JsonObject = {};
    for (const [key, field] of Object.entries(value)) {
      const kept = proto3(field);
      if (kept !== undefined) out[key] = kept;
    }
    return out;
  }
  return value;
}

export function jsonResponse(body: JsonObject, requestId: string, status = 200): SimResponse {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=UTF-8', 'x-request-id': requestId, vary: 'Origin, X-Origin, Referer' },
    body: `${JSON.stringify(proto3(body) ?? {}, null, 2)}\n`,
  };
}

export function errorResponse(status: GoogleStatus, message: string, requestId: string, details: readonly JsonObject[] = []): SimResponse {
  const error: JsonObject = { code: STATUS_CODES[status], message, status };
  if (details.length > 0) error.details = [...details];
  // Error bodies are written as they are: `details` is omitted when empty, never stripped of zeros.
  return { status: STATUS_CODES[status], headers: { 'content-type': 'application/json; charset=UTF-8', 'x-request-id': requestId }, body: `${JSON.stringify({ error }, null, 2)}\n` };
}

export function errorInfo(reason: string, domain: string, metadata: Readonly<Record<string, string>>): JsonObject {
  return { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason, domain, metadata: { ...metadata } };
}

/** 403 as IAM answers it: the permission, the resource, and an ErrorInfo naming both. */
export function permissionDenied(permission: string, resource: string, service: string, requestId: string): SimResponse {
  return errorResponse(
    'PERMISSION_DENIED',
    `Permission '${permission}' denied on resource '//${service}.googleapis.com/${resource}' (or it may not exist).`,
    requestId,
    [errorInfo('IAM_PERMISSION_DENIED', 'iam.googleapis.com', { permission, resource })],
  );
}

export interface PageRequest {
  readonly size: number;
  readonly offset: number;
}

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 1000;

/** Page tokens are opaque to clients; this one carries the offset and what was listed, so a token from another listing is refused. */
function encodeToken(offset: number, listing: string): string {
  return Buffer.from(JSON.stringify({ o: offset, l: listing }), 'utf8').toString('base64url');
}

/** The page asked for, or the INVALID_ARGUMENT message for a bad `pageSize` or `pageToken`. */
export function readPage(request: SimRequest, listing: string, defaultSize = DEFAULT_PAGE_SIZE): PageRequest | string {
  const sizeText = request.query.get('pageSize');
  let size = defaultSize;
  if (sizeText !== null && sizeText !== '') {
    if (!/^-?\d+$/.test(sizeText)) return `Invalid value at 'page_size' (TYPE_INT32), "${sizeText}"`;
    const parsed = Number(sizeText);
    if (parsed < 0) return 'page_size must not be negative.';
    size = parsed === 0 ? defaultSize : Math.min(parsed, MAX_PAGE_SIZE);
  }
  const token = request.query.get('pageToken');
  if (token === null || token === '') return { size, offset: 0 };
  try {
    const decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { o?: unknown; l?: unknown };
    if (typeof decoded.o === 'number' && Number.isInteger(decoded.o) && decoded.o >= 0 && decoded.l === listing) return { size, offset: decoded.o };
  } catch {
    // Falls through to the error below.
  }
  return 'Invalid page token.';
}

/** The items of the page and, when more remain, its `nextPageToken`. */
export function page<T>(items: readonly T[], request: PageRequest, listing: string): { items: T[]; nextPageToken?: string } {
  const slice = items.slice(request.offset, request.offset + request.size);
  const next = request.offset + request.size;
  return next < items.length ? { items: slice, nextPageToken: encodeToken(next, listing) } : { items: slice };
}

/**
 * BigQuery v2 is not proto3 JSON: it writes fields as stored (an empty `access` list, `"0"` row counts),
 * leaving out only fields that were never set, which the seeds already omit.
 */
export function bigqueryResponse(body: JsonObject, requestId: string): SimResponse {
  return { status: 200, headers: { 'content-type': 'application/json; charset=UTF-8', 'x-request-id': requestId }, body: `${JSON.stringify(body, null, 2)}\n` };
}

/** BigQuery's 404: the canonical body plus its own `errors[]` with the `notFound` reason. */
export function bigqueryNotFound(what: string, requestId: string): SimResponse {
  const message = `Not found: ${what}`;
  const error = { code: 404, message, errors: [{ message, domain: 'global', reason: 'notFound' }], status: 'NOT_FOUND' };
  return { status: 404, headers: { 'content-type': 'application/json; charset=UTF-8', 'x-request-id': requestId }, body: `${JSON.stringify({ error }, null, 2)}\n` };
}
