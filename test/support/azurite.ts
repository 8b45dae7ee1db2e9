// Azurite's Blob service (Microsoft's Blob Storage emulator, independent of inferguard) on loopback,
// in memory, with the well-known development account.
import { join } from 'node:path';
import { freePort, startChildServer } from './child-server';

/** Azurite's documented development account and key (public, emulator only). */
export const AZURITE_ACCOUNT = 'devstoreaccount1';
export const AZURITE_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface RunningAzurite {
  /** `http://127.0.0.1:PORT/devstoreaccount1`: the Blob service URL of the development account. */
  readonly serviceUrl: string;
  /** A connection string with the account key, as AZURE_STORAGE_CONNECTION_STRING. */
  readonly connectionString: string;
  stop(): Promise<void>;
}

export async function startAzurite(): Promise<RunningAzurite> {
  const port = await freePort();
  const serviceUrl = `http://127.0.0.1:${port}/${AZURITE_ACCOUNT}`;
  const bin = join(__dirname, '..', '..', 'node_modules', '.bin', 'azurite-blob');
  const server = await startChildServer(
    'azurite-blob',
    bin,
    ['--blobHost', '127.0.0.1', '--blobPort', String(port), '--inMemoryPersistence', '--skipApiVersionCheck', '--disableTelemetry', '--silent'],
    { env: { ...process.env } },
    // Any HTTP answer means it serves; an unauthenticated list is refused with 403, which is fine here.
    async () => (await fetch(`${serviceUrl}?comp=list`)).status > 0,
  );
  return {
    serviceUrl,
    connectionString: `DefaultEndpointsProtocol=http;AccountName=${AZURITE_ACCOUNT};AccountKey=${AZURITE_KEY};BlobEndpoint=${serviceUrl};`,
    stop: server.stop,
  };
}
