// A real Azure SDK pipeline (@azure/core-rest-pipeline) pointed at the simulator over plain HTTP: the bearer
// token policy refuses http, so a header policy sets a fake token instead (toolchain.md).
import {
  createDefaultHttpClient,
  createHttpHeaders,
  createPipelineFromOptions,
  createPipelineRequest,
  type PipelinePolicy,
  type PipelineResponse,
} from '@azure/core-rest-pipeline';

const fakeToken: PipelinePolicy = {
  name: 'inferguardFakeBearerToken',
  sendRequest: (request, next) => {
    request.headers.set('authorization', 'Bearer simulator-token');
    return next(request);
  },
};

export interface ArmClient {
  /** GET `pathOrUrl` (a path under the base URL, or an absolute nextLink). */
  get(pathOrUrl: string, options?: { readonly withToken?: boolean; readonly timeoutMs?: number }): Promise<PipelineResponse>;
  /** Every item of a list, following absolute nextLinks; also the number of pages. */
  listAll(path: string): Promise<{ items: Record<string, unknown>[]; pages: number }>;
}

export function armClient(baseUrl: string, maxRetries = 0): ArmClient {
  const pipeline = createPipelineFromOptions({ retryOptions: { maxRetries, retryDelayInMs: 10, maxRetryDelayInMs: 50 } });
  pipeline.addPolicy(fakeToken);
  const bare = createPipelineFromOptions({ retryOptions: { maxRetries: 0 } });
  const httpClient = createDefaultHttpClient();
  const get: ArmClient['get'] = (pathOrUrl, options = {}) => {
    const url = /^https?:/.test(pathOrUrl) ? pathOrUrl : `${baseUrl}${pathOrUrl}`;
    const request = createPipelineRequest({ url, method: 'GET', allowInsecureConnection: true, headers: createHttpHeaders({ accept: 'application/json' }), timeout: options.timeoutMs ?? 10_000 });
    return (options.withToken === false ? bare : pipeline).sendRequest(httpClient, request);
  };
  return {
    get,
    listAll: async (path) => {
      const items: Record<string, unknown>[] = [];
      let next: string | undefined = path;
      let pages = 0;
      while (next !== undefined) {
        const response = await get(next);
        if (response.status !== 200) throw new Error(`GET ${next} answered ${response.status}: ${response.bodyAsText ?? ''}`);
        const body = JSON.parse(response.bodyAsText ?? '') as { value: Record<string, unknown>[]; nextLink?: string };
        items.push(...body.value);
        pages += 1;
        next = body.nextLink;
      }
      return { items, pages };
    },
  };
}

export function jsonOf(response: PipelineResponse): Record<string, unknown> {
  return JSON.parse(response.bodyAsText ?? '') as Record<string, unknown>;
}
