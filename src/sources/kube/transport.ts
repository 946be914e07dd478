// HTTP to the API server through @kubernetes/client-node, which does the part worth not redoing: every
// kubeconfig auth method (token, client certificate, exec plugins, OIDC, in-cluster token file), the CA and
// proxies. Bodies are read as plain JSON rather than client-node's typed models: those drop fields they
// do not know and would cost a conversion per object at 50,000 objects.
import { HttpMethod, IsomorphicFetchHttpLibrary, RequestContext, Watch, type KubeConfig } from '@kubernetes/client-node';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface KubeResponse {
  readonly status: number;
  /** Parsed JSON, or the text when the body is not JSON. */
  readonly body: unknown;
}

export interface RequestOptions {
  readonly query?: Readonly<Record<string, string | undefined>>;
  readonly body?: unknown;
  readonly contentType?: string;
  readonly timeoutMs?: number;
}

/** An error that ended a watch; `statusCode` is set when the server answered the watch request with an error. */
export interface WatchEnd {
  readonly error: Error | null;
  readonly statusCode: number | undefined;
}

export interface KubeTransport {
  /** The API server's URL, for messages. */
  readonly server: string;
  request(method: Method, path: string, options?: RequestOptions): Promise<KubeResponse>;
  /**
   * Starts a watch; `onEvent` gets each event, `onEnd` is called once when the stream ends for any reason.
   * Returns the function that stops it.
   */
  watch(path: string, query: Readonly<Record<string, string | undefined>>, onEvent: (type: string, object: unknown) => void, onEnd: (end: WatchEnd) => void): Promise<() => void>;
}

const METHODS: Record<Method, HttpMethod> = { GET: HttpMethod.GET, POST: HttpMethod.POST, PUT: HttpMethod.PUT, PATCH: HttpMethod.PATCH, DELETE: HttpMethod.DELETE };
const DEFAULT_TIMEOUT_MS = 60_000;

function withQuery(url: string, query: RequestOptions['query']): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined) params.set(key, value);
  const text = params.toString();
  return text ? `${url}?${text}` : url;
}

export function kubeTransport(config: KubeConfig): KubeTransport {
  const cluster = config.getCurrentCluster();
  if (!cluster) throw new Error('the kubeconfig has no current cluster');
  const server = cluster.server.replace(/\/+$/, '');
  const http = new IsomorphicFetchHttpLibrary();
  return {
    server,
    async request(method, path, options = {}) {
      const context = new RequestContext(withQuery(server + path, options.query), METHODS[method]);
      context.setHeaderParam('Accept', 'application/json');
      if (options.body !== undefined) {
        context.setHeaderParam('Content-Type', options.contentType ?? 'application/json');
        context.setBody(JSON.stringify(options.body));
      }
      context.setSignal(AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS));
      await config.applySecurityAuthentication(context);
      const response = await http.send(context).toPromise();
      const text = await response.body.text();
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        // Not JSON (a proxy's HTML error page, say): the text is kept for the message.
      }
      return { status: response.httpStatusCode, body };
    },
    async watch(path, query, onEvent, onEnd) {
      const params: Record<string, string> = {};
      for (const [key, value] of Object.entries(query)) if (value !== undefined) params[key] = value;
      const controller = await new Watch(config).watch(path, params, (type, object) => onEvent(type, object), (error: unknown) => {
        const statusCode = typeof error === 'object' && error !== null && 'statusCode' in error && typeof error.statusCode === 'number' ? error.statusCode : undefined;
        onEnd({ error: error instanceof Error ? error : error ? new Error(String(error)) : null, statusCode });
      });
      return () => controller.abort();
    },
  };
}
