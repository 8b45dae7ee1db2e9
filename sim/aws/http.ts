// The request and response the simulator works with, independent of node:http.
import type { IncomingHttpHeaders } from 'node:http';

export interface SimRequest {
  readonly method: string;
  /** Decoded path, without the query string. */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

export interface SimResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | Buffer;
}

export function header(request: SimRequest, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** The region and service a SigV4 request was signed for; the signature itself is not checked. */
export interface CredentialScope {
  readonly accessKeyId: string;
  readonly date: string;
  readonly region: string;
  readonly service: string;
}

const CREDENTIAL = /Credential=([^/\s,]+)\/(\d{8})\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request/;

/** Reads the scope from the `Authorization` header, or from `X-Amz-Credential` of a presigned URL. */
export function credentialScope(request: SimRequest): CredentialScope | undefined {
  const fromHeader = header(request, 'authorization');
  const presigned = request.query.get('X-Amz-Credential');
  const text = fromHeader ?? (presigned === null ? undefined : `Credential=${presigned}`);
  const match = text === undefined ? null : CREDENTIAL.exec(text);
  if (!match) return undefined;
  const [, accessKeyId, date, region, service] = match;
  return { accessKeyId, date, region, service };
}

export function bodyText(request: SimRequest): string {
  return request.body.toString('utf8');
}
