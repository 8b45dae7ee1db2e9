// Cloud Storage JSON API wire conventions: the error body `{"error":{"code","message","errors":[{"domain",
// "reason","message",…}]}}` (the JSON API's own format, older than other Google APIs' `status`/`details`),
// object resources with string-typed int64 fields, base64 hashes (MD5, big-endian CRC32C), multipart/related uploads.
import { createHash } from 'node:crypto';
import type { SimResponse } from '../core/http';

export interface ErrorItem {
  readonly reason: string;
  readonly message: string;
  readonly domain?: string;
  readonly locationType?: string;
  readonly location?: string;
}

export function gcsError(code: number, message: string, requestId: string, item: Omit<ErrorItem, 'message'> & { message?: string }): SimResponse {
  const errors = [{ domain: item.domain ?? 'global', reason: item.reason, message: item.message ?? message, ...(item.locationType ? { locationType: item.locationType } : {}), ...(item.location ? { location: item.location } : {}) }];
  return {
    status: code,
    headers: { 'content-type': 'application/json; charset=UTF-8', 'x-guploader-uploadid': requestId },
    body: `${JSON.stringify({ error: { code, message, errors } }, null, 2)}\n`,
  };
}

export function gcsJson(body: object, requestId: string, status = 200): SimResponse {
  return { status, headers: { 'content-type': 'application/json; charset=UTF-8', 'x-guploader-uploadid': requestId }, body: `${JSON.stringify(body, null, 2)}\n` };
}

const CRC32C_TABLE = ((): Uint32Array => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n += 1) {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC32C (Castagnoli), base64 of its four bytes in big-endian order, as GCS writes `crc32c`. */
export function crc32cBase64(data: Buffer): string {
  let crc = 0xffffffff;
  for (const byte of data) crc = CRC32C_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  const out = Buffer.alloc(4);
  out.writeUInt32BE((crc ^ 0xffffffff) >>> 0, 0);
  return out.toString('base64');
}

export function md5Base64(data: Buffer): string {
  return createHash('md5').update(data).digest('base64');
}

export interface UploadPart {
  readonly contentType: string;
  readonly body: Buffer;
}

/** The parts of a `multipart/related` body, or a message saying why it is not one. */
export function multipartParts(contentType: string, body: Buffer): UploadPart[] | string {
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (!/^multipart\/related/i.test(contentType) || boundary === undefined) return `Content-Type ${contentType || '(none)'} is not multipart/related with a boundary.`;
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: UploadPart[] = [];
  let at = body.indexOf(delimiter);
  if (at === -1) return 'The multipart body has no boundary line.';
  for (;;) {
    at += delimiter.length;
    if (body.subarray(at, at + 2).toString() === '--') break;
    const next = body.indexOf(delimiter, at);
    if (next === -1) return 'The multipart body does not end with a closing boundary.';
    // The part is CRLF, headers, CRLF CRLF, content, CRLF before the next boundary.
    const part = body.subarray(body.subarray(at, at + 2).toString() === '\r\n' ? at + 2 : at, next);
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd === -1) return 'A multipart part has no blank line after its headers.';
    const headers = part.subarray(0, headerEnd).toString('utf8');
    let content = part.subarray(headerEnd + 4);
    if (content.subarray(content.length - 2).toString() === '\r\n') content = content.subarray(0, content.length - 2);
    parts.push({ contentType: /^content-type:\s*(.+)$/im.exec(headers)?.[1]?.trim() ?? 'application/octet-stream', body: content });
    at = next;
  }
  return parts;
}
