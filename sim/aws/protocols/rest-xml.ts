// S3's REST-XML protocol, path style: the operation is the method, whether a bucket is named, and the
// sub-resource in the query (`GET /bucket?policy` is GetBucketPolicy). Errors as `<Error><Code>..`.
import { randomBytes } from 'node:crypto';
import { AwsApiError } from '../errors';
import { header, type SimRequest, type SimResponse } from '../http';
import type { ValidationProblem } from '../validation';
import { element, escapeXml, XML_DECLARATION } from '../xml';
import type { FaultErrors, Protocol } from './protocol';

export const S3_NAMESPACE = 'http://s3.amazonaws.com/doc/2006-03-01/';

export interface S3Route {
  readonly method: 'GET' | 'PUT' | 'HEAD' | 'DELETE' | 'POST';
  /** `service` for `/`, `bucket` for `/bucket`. */
  readonly target: 'service' | 'bucket';
  /** The query key that names the sub-resource (`policy`, `encryption`, ...); none for the bucket itself. */
  readonly subresource?: string;
  readonly operation: string;
}

export interface S3Input {
  readonly bucket?: string;
  readonly query: URLSearchParams;
  readonly body: Buffer;
}

export interface S3Output {
  readonly status?: number;
  /** An XML document body (the declaration is added). */
  readonly xml?: string;
  /** A body sent as is, e.g. a bucket policy. */
  readonly raw?: { readonly body: string; readonly contentType: string };
  readonly headers?: Readonly<Record<string, string>>;
}

const s3Faults: FaultErrors = {
  AccessDenied: () => new AwsApiError('AccessDenied', 'Access Denied', 403),
  Throttling: () => new AwsApiError('SlowDown', 'Please reduce your request rate.', 503),
  InternalError: () => new AwsApiError('InternalError', 'We encountered an internal error. Please try again.', 500),
};

function hostId(): string {
  return randomBytes(48).toString('base64');
}

/** Virtual-hosted style (`bucket.localhost:4566`) names the bucket in the Host header. */
function virtualHostBucket(request: SimRequest): string | undefined {
  const host = header(request, 'host') ?? '';
  return /^(.+)\.localhost(:\d+)?$/.exec(host)?.[1];
}

function bucketOf(request: SimRequest): { bucket?: string; key?: string } {
  const path = request.path;
  const virtual = virtualHostBucket(request);
  if (virtual !== undefined) {
    const key = path.replace(/^\/+/, '');
    return key === '' ? { bucket: virtual } : { bucket: virtual, key };
  }
  const trimmed = path.replace(/^\/+/, '');
  if (trimmed === '') return {};
  const slash = trimmed.indexOf('/');
  if (slash < 0) return { bucket: trimmed };
  const key = trimmed.slice(slash + 1);
  return key === '' ? { bucket: trimmed.slice(0, slash) } : { bucket: trimmed.slice(0, slash), key };
}

function s3ValidationFailure(problems: readonly ValidationProblem[]): AwsApiError {
  const detail = problems.map((p) => `${p.path.join('.')}: ${p.constraint}`).join('; ');
  return new AwsApiError('MalformedXML', `The XML you provided was not well-formed or did not validate against our published schema (${detail})`);
}

export function restXmlProtocol(routes: readonly S3Route[]): Protocol<S3Input, S3Output> {
  // A sub-resource is a query key without a value (`?policy`); keys with values are parameters (`?max-buckets=10`).
  const describe = (request: SimRequest) => {
    const { bucket, key } = bucketOf(request);
    const subresource = [...request.query.entries()].find(([k, v]) => v === '' && !/^(x-id|X-Amz-)/i.test(k))?.[0];
    return { bucket, key, subresource };
  };
  return {
    operation(request) {
      const { bucket, key, subresource } = describe(request);
      const target = bucket === undefined ? 'service' : 'bucket';
      const route = key === undefined ? routes.find((r) => r.method === request.method && r.target === target && r.subresource === subresource) : undefined;
      // An unrouted request is named by what it asked for, so the error and the call log say what is missing.
      return route?.operation ?? `${request.method} ${key === undefined ? target : 'object'}${subresource === undefined ? '' : `?${subresource}`}`;
    },
    input(request) {
      return { bucket: describe(request).bucket, query: request.query, body: request.body };
    },
    success(_operation, output, requestId): SimResponse {
      const headers: Record<string, string> = { 'x-amz-request-id': requestId, 'x-amz-id-2': hostId(), ...output.headers };
      if (output.raw !== undefined) {
        return { status: output.status ?? 200, headers: { ...headers, 'content-type': output.raw.contentType }, body: output.raw.body };
      }
      if (output.xml !== undefined) {
        return { status: output.status ?? 200, headers: { ...headers, 'content-type': 'application/xml' }, body: XML_DECLARATION + '\n' + output.xml };
      }
      return { status: output.status ?? 200, headers, body: '' };
    },
    failure(error, requestId): SimResponse {
      const host = hostId();
      const details = Object.entries(error.details)
        .map(([k, v]) => element(k, escapeXml(v)))
        .join('');
      const inner = element('Code', escapeXml(error.code)) + element('Message', escapeXml(error.message)) + details + element('RequestId', requestId) + element('HostId', host);
      return {
        status: error.status,
        headers: { 'content-type': 'application/xml', 'x-amz-request-id': requestId, 'x-amz-id-2': host, ...error.headers },
        body: XML_DECLARATION + '\n' + element('Error', inner),
      };
    },
    unknownOperation(operation) {
      return new AwsApiError('NotImplemented', `A header you provided implies functionality that is not implemented${operation === undefined ? '' : ` (${operation})`}.`, 501);
    },
    faultError(fault, context) {
      return s3Faults[fault](context);
    },
    unrecognizedClient: () => new AwsApiError('InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.', 403),
    validationFailure: s3ValidationFailure,
  };
}
