// Offset pagination behind opaque tokens, as AWS hands them out: a token only works for the listing
// that issued it, and a forged or foreign one is rejected with the service's own error.
import type { AwsApiError } from './errors';

export interface Page<T> {
  readonly items: readonly T[];
  /** Present when more items follow. */
  readonly nextToken?: string;
}

interface TokenBody {
  readonly listing: string;
  readonly offset: number;
}

function encode(body: TokenBody): string {
  return Buffer.from(JSON.stringify(body), 'utf8').toString('base64');
}

function decode(token: string, listing: string): number | undefined {
  try {
    const body: unknown = JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
    if (typeof body !== 'object' || body === null) return undefined;
    const { listing: from, offset } = body as Partial<TokenBody>;
    return from === listing && typeof offset === 'number' && Number.isInteger(offset) && offset >= 0 ? offset : undefined;
  } catch {
    return undefined;
  }
}

/**
 * One page of `items`. `listing` names what is listed (an operation plus its filters) so a token
 * from another listing is refused; `invalidToken` is the service's error for that.
 */
export function paginate<T>(items: readonly T[], options: { readonly listing: string; readonly token?: string; readonly pageSize: number; readonly invalidToken: () => AwsApiError }): Page<T> {
  let offset = 0;
  if (options.token !== undefined && options.token !== '') {
    const decoded = decode(options.token, options.listing);
    if (decoded === undefined) throw options.invalidToken();
    offset = decoded;
  }
  const end = offset + options.pageSize;
  const page = items.slice(offset, end);
  return end < items.length ? { items: page, nextToken: encode({ listing: options.listing, offset: end }) } : { items: page };
}
