// AWS's side of a simulated request: the SigV4 credential scope that names the service and region.
import { header, type SimRequest } from '../core/http';

export { bodyText, header } from '../core/http';
export type { SimRequest, SimResponse } from '../core/http';

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
