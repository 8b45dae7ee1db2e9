// A loopback proxy in front of an AWS-compatible endpoint (moto) that notes every call: which access key
// signed it, the service (from the SigV4 credential scope) and the operation (X-Amz-Target for JSON
// protocols, Action= for query protocols). It can also answer a call itself with AWS's own error shape,
// for what the endpoint behind it cannot do (moto assumes any role, whatever its trust policy says).
import { createServer, request, type IncomingMessage, type Server } from 'node:http';

export interface RecordedCall {
  readonly accessKeyId: string;
  readonly service: string;
  readonly operation: string;
  /** The query-protocol parameters (e.g. RoleArn of sts:AssumeRole); empty for other protocols. */
  readonly parameters: Readonly<Record<string, string>>;
}

/** An answer the proxy gives instead of forwarding: an AWS error, in the call's protocol (JSON or query XML). */
export interface AwsError {
  readonly status: number;
  readonly code: string;
  readonly message: string;
}

export interface RunningRecorder {
  readonly url: string;
  calls(): readonly RecordedCall[];
  reset(): void;
  close(): Promise<void>;
}

const CREDENTIAL = /Credential=([^/,\s]+)\/[^/]+\/[^/]+\/([^/]+)\/aws4_request/;

function describe(request: IncomingMessage, body: string): RecordedCall {
  const [, accessKeyId = '', service = ''] = CREDENTIAL.exec(request.headers.authorization ?? '') ?? [];
  const target = request.headers['x-amz-target'];
  const parameters: Record<string, string> = {};
  if (typeof target !== 'string') for (const [name, value] of new URLSearchParams(body)) parameters[name] = value;
  const operation = typeof target === 'string' ? target.split('.').pop() ?? '' : parameters.Action ?? `${request.method} ${request.url}`;
  return { accessKeyId, service, operation, parameters };
}

export async function startCallRecorder(targetUrl: string, answer: (call: RecordedCall) => AwsError | undefined = () => undefined): Promise<RunningRecorder> {
  const target = new URL(targetUrl);
  const recorded: RecordedCall[] = [];
  const server: Server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const body = Buffer.concat(chunks);
      const call = describe(incoming, body.toString('utf8'));
      recorded.push(call);
      const error = answer(call);
      if (error) {
        if (incoming.headers['x-amz-target'] !== undefined) {
          outgoing.writeHead(error.status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': error.code });
          outgoing.end(JSON.stringify({ __type: error.code, message: error.message }));
        } else {
          outgoing.writeHead(error.status, { 'content-type': 'text/xml' });
          outgoing.end(`<ErrorResponse><Error><Type>Sender</Type><Code>${error.code}</Code><Message>${error.message}</Message></Error><RequestId>recorder</RequestId></ErrorResponse>`);
        }
        return;
      }
      const forwarded = request(
        { host: target.hostname, port: target.port, method: incoming.method, path: incoming.url, headers: incoming.headers },
        (response) => {
          outgoing.writeHead(response.statusCode ?? 502, response.headers);
          response.pipe(outgoing);
        },
      );
      forwarded.on('error', (e) => {
        outgoing.writeHead(502);
        outgoing.end(String(e));
      });
      forwarded.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    calls: () => [...recorded],
    reset: () => void recorded.splice(0),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
