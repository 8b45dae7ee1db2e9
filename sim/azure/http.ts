// The request and response of the ARM simulator's handler, independent of node:http, so the same handler
// plugs into its own small server (server.ts) or into a shared router.

export interface ArmRequest {
  readonly method: string;
  /** Decoded path, without the query string. */
  readonly path: string;
  readonly query: URLSearchParams;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  readonly body?: string | Buffer;
}

export interface ArmResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /**
   * Close the connection without an answer (the `Hang` fault, once its hold time has passed); `status` is 0.
   */
  readonly dropConnection?: boolean;
}

export function header(request: ArmRequest, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()];
  return typeof value === 'string' ? value : value?.[0];
}

export function jsonResponse(status: number, body: unknown, headers: Readonly<Record<string, string>> = {}): ArmResponse {
  return { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers }, body: JSON.stringify(body) };
}
