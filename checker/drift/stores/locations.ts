// Where a snapshot store is, parsed from the text a user gives (`--store`): an object-store URL or a
// local folder. Pure parsing, no SDK: open.ts loads only the SDK of the store a location names.
import { SnapshotStoreError } from '../store';
import { isLoopbackHost, normalisePrefix } from './object-store';

export interface S3Location {
  readonly kind: 's3';
  readonly bucket: string;
  /** `` or ending in `/`. */
  readonly prefix: string;
}

export interface BlobLocation {
  readonly kind: 'blob';
  /** The Blob service URL without the container: `https://ACCOUNT.blob.core.windows.net` or, for an emulator, `http://127.0.0.1:10000/ACCOUNT`. */
  readonly serviceUrl: string;
  readonly account: string;
  readonly container: string;
  readonly prefix: string;
}

export interface GcsLocation {
  readonly kind: 'gcs';
  readonly bucket: string;
  readonly prefix: string;
}

export interface LocalLocation {
  readonly kind: 'local';
  readonly folder: string;
}

export type StoreLocation = S3Location | BlobLocation | GcsLocation | LocalLocation;

export const ACCEPTED_FORMS = [
  's3://BUCKET[/PREFIX]',
  'gs://BUCKET[/PREFIX]',
  'https://ACCOUNT.blob.core.windows.net/CONTAINER[/PREFIX] (or another Azure cloud\'s blob host)',
  'http://127.0.0.1:PORT/ACCOUNT/CONTAINER[/PREFIX] (a local Blob emulator such as Azurite)',
  'a local folder path',
].join('; ');

/** A location that names no store: a SnapshotStoreError like every other store failure, so a caller catches one type. */
export class StoreLocationError extends SnapshotStoreError {
  constructor(location: string, problem: string) {
    super(`Snapshot store "${location}": ${problem}. Accepted forms: ${ACCEPTED_FORMS}.`, location, 'other');
    this.name = 'StoreLocationError';
  }
}

// S3: 3-63 characters, lower-case letters, digits, dots and hyphens (general purpose buckets; directory
// buckets add a `--azid--x-s3` suffix in the same alphabet). GCS: the same alphabet plus underscores, up
// to 222 characters when the name has dots.
const S3_BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const GCS_BUCKET = /^[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]$/;
const BLOB_ACCOUNT = /^[a-z0-9]{3,24}$/;
const BLOB_CONTAINER = /^(?:\$root|[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,62})$/;
/** Azure public cloud and the sovereign clouds: `ACCOUNT.blob.core.windows.net`, `.blob.core.chinacloudapi.cn`, `.blob.core.usgovcloudapi.net`. */
const BLOB_HOST = /^([a-z0-9]{3,24})\.blob\.core\.[a-z0-9.-]+$/;

/** A URL scheme such as `s3:` or `https:`; a Windows drive (`C:\…`) is a path, not a scheme. */
const SCHEME = /^([a-zA-Z][a-zA-Z0-9+.-]+):/;

function bucketAndPrefix(location: string, kind: 's3' | 'gcs', rest: string): { bucket: string; prefix: string } {
  const scheme = kind === 's3' ? 's3' : 'gs';
  const slash = rest.indexOf('/');
  const bucket = slash === -1 ? rest : rest.slice(0, slash);
  const rawPrefix = slash === -1 ? '' : rest.slice(slash + 1);
  if (bucket === '') throw new StoreLocationError(location, `no bucket after ${scheme}://`);
  const pattern = kind === 's3' ? S3_BUCKET : GCS_BUCKET;
  if (!pattern.test(bucket)) {
    const rule = kind === 's3' ? '3-63 lower-case letters, digits, dots or hyphens' : '3-222 lower-case letters, digits, dots, hyphens or underscores';
    throw new StoreLocationError(location, `"${bucket}" is not a bucket name (${rule}, starting and ending with a letter or digit)`);
  }
  if (/[?#]/.test(rawPrefix)) throw new StoreLocationError(location, 'a query or fragment (? or #) has no meaning in a store location');
  const prefix = normalisePrefix(rawPrefix);
  if ('problem' in prefix) throw new StoreLocationError(location, prefix.problem);
  return { bucket, prefix: prefix.prefix };
}

function blobLocation(location: string): BlobLocation {
  let url: URL;
  try {
    url = new URL(location);
  } catch {
    throw new StoreLocationError(location, 'not a URL');
  }
  if (url.search !== '' || url.hash !== '') {
    throw new StoreLocationError(location, 'a query or fragment has no meaning in a store location (put a SAS token in AZURE_STORAGE_CONNECTION_STRING instead)');
  }
  if (url.username !== '' || url.password !== '') throw new StoreLocationError(location, 'credentials do not belong in the location');
  const segments = url.pathname.split('/').filter((segment) => segment !== '').map(decodeURIComponent);
  const loopback = isLoopbackHost(url.hostname);
  let account: string;
  let serviceUrl: string;
  if (loopback) {
    // Emulators address the account in the path: http://127.0.0.1:10000/devstoreaccount1/container.
    account = segments.shift() ?? '';
    serviceUrl = `${url.protocol}//${url.host}/${account}`;
  } else {
    if (url.protocol !== 'https:') {
      throw new StoreLocationError(location, `plain ${url.protocol}// to ${url.hostname} refused: credentials would travel unencrypted (http is accepted only to 127.0.0.1, localhost or [::1])`);
    }
    const host = BLOB_HOST.exec(url.hostname);
    if (!host) throw new StoreLocationError(location, `${url.hostname} is not a Blob Storage host (ACCOUNT.blob.core.windows.net)`);
    account = host[1];
    serviceUrl = `https://${url.host}`;
  }
  if (!BLOB_ACCOUNT.test(account)) throw new StoreLocationError(location, `"${account}" is not a storage account name (3-24 lower-case letters or digits)`);
  const container = segments.shift() ?? '';
  if (container === '') throw new StoreLocationError(location, 'no container after the account');
  if (!BLOB_CONTAINER.test(container)) {
    throw new StoreLocationError(location, `"${container}" is not a container name (3-63 lower-case letters, digits or single hyphens, starting with a letter or digit)`);
  }
  const prefix = normalisePrefix(segments.join('/'));
  if ('problem' in prefix) throw new StoreLocationError(location, prefix.problem);
  return { kind: 'blob', serviceUrl, account, container, prefix: prefix.prefix };
}

export function parseStoreLocation(location: string): StoreLocation {
  const text = location.trim();
  if (text === '') throw new StoreLocationError(location, 'empty');
  const scheme = SCHEME.exec(text)?.[1]?.toLowerCase();
  if (scheme === undefined) return { kind: 'local', folder: text };
  const rest = text.slice(scheme.length + 1);
  if (!rest.startsWith('//')) {
    if (scheme === 'file') throw new StoreLocationError(location, 'write a local folder as a path, not a file: URL');
    throw new StoreLocationError(location, `"${scheme}:" is followed by no //`);
  }
  switch (scheme) {
    case 's3':
      return { kind: 's3', ...bucketAndPrefix(location, 's3', rest.slice(2)) };
    case 'gs':
      return { kind: 'gcs', ...bucketAndPrefix(location, 'gcs', rest.slice(2)) };
    case 'https':
    case 'http':
      return blobLocation(text);
    case 'azblob':
    case 'az':
    case 'abfs':
    case 'abfss':
    case 'wasb':
    case 'wasbs':
      // Tools disagree on these (some put the container first and the account in the environment): one unambiguous form instead.
      throw new StoreLocationError(location, `"${scheme}://" is not accepted for Azure; write the container's URL, https://ACCOUNT.blob.core.windows.net/CONTAINER/PREFIX`);
    case 'file':
      throw new StoreLocationError(location, 'write a local folder as a path, not a file:// URL');
    default:
      throw new StoreLocationError(location, `unknown scheme "${scheme}://"`);
  }
}
