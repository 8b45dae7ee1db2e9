// A small node:http server around the ARM handler, for tests and local use.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAzureArmHandler, type AzureArmHandler, type AzureCallRecord, type AzureSimOptions } from './handler';
import type { ArmRequest } from './http';
import type { AzureFaultRule } from './faults';
import type { AzureScenario } from './scenario';

export interface AzureServerOptions extends AzureSimOptions {
  /** 127.0.0.1 by default. */
  readonly host?: string;
  /** 0 (any free port) by default. */
  readonly port?: number;
}

export interface RunningAzureSimulator {
  /** `http://127.0.0.1:PORT`: the ARM base URL to give clients. */
  readonly url: string;
  readonly port: number;
  readonly handler: AzureArmHandler;
  calls(): AzureCallRecord[];
  resetCalls(): void;
  setFaults(rules: readonly AzureFaultRule[]): void;
  close(): Promise<void>;
}

async function readBody(message: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of message) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks);
}

function toArmRequest(message: IncomingMessage, body: Buffer): ArmRequest {
  const url = new URL(message.url ?? '/', 'http://localhost');
  let path = url.pathname;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    // Keep the raw path; the handler reports what it cannot find.
  }
  return { method: message.method ?? 'GET', path, query: url.searchParams, headers: message.headers, body };
}

export async function startAzureSimulator(scenario: AzureScenario, options: AzureServerOptions = {}): Promise<RunningAzureSimulator> {
  // Without a baseUrl, nextLinks use the request's Host header, i.e. this server's address.
  const handler = createAzureArmHandler(scenario, options);
  const server = createServer((req, res) => {
    readBody(req)
      .then((body) => handler.handle(toArmRequest(req, body)))
      .then((response) => {
        if (response.dropConnection) {
          res.destroy();
          return;
        }
        const body = Buffer.from(response.body, 'utf8');
        res.writeHead(response.status, { ...response.headers, 'content-length': String(body.length) });
        res.end(body);
      })
      .catch((error: unknown) => {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`simulator failure: ${error instanceof Error ? error.message : String(error)}`);
      });
  });
  // Longer than any client keeps an idle connection (undici 4 s): the client lets it go first, so a loaded machine
  // never reuses a socket the server is closing at that moment (ECONNRESET in a test).
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 0 }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  return {
    url,
    port: address.port,
    handler,
    calls: () => handler.calls(),
    resetCalls: () => handler.resetCalls(),
    setFaults: (rules) => handler.setFaults(rules),
    close: async () => {
      handler.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
