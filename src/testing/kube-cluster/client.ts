// A small HTTPS client for the test cluster's own set-up and assertions: it checks the server against the
// test CA and sends a bearer token. Deliberately not meshlock's transport, so the tests do not use the code
// they test to arrange and check the server's state.
import { Agent, request as httpsRequest } from 'node:https';

export interface ClusterResponse {
  readonly status: number;
  readonly body: unknown;
}

export type KubeObject = Record<string, unknown> & { readonly metadata?: Record<string, unknown> };

export interface ClusterClient {
  request(method: string, path: string, body?: unknown, contentType?: string): Promise<ClusterResponse>;
  /** Throws with the server's message unless the answer is 2xx. */
  create(object: KubeObject): Promise<KubeObject>;
  replace(object: KubeObject): Promise<KubeObject>;
  remove(apiVersion: string, kind: string, namespace: string, name: string): Promise<void>;
  get(apiVersion: string, kind: string, namespace: string, name: string): Promise<KubeObject | undefined>;
  /** Every object of a kind, cluster-wide, with kind and apiVersion set on each item. */
  list(apiVersion: string, kind: string): Promise<KubeObject[]>;
  /** Closes kept-alive connections. */
  close(): void;
}

const MAX_RETRIES_AFTER_429 = 10;
const CLUSTER_SCOPED = new Set(['Namespace', 'CustomResourceDefinition', 'ClusterRole', 'ClusterRoleBinding']);

/** The plural of the kinds the tests use: the kind in lower case plus s, or ies for a consonant and y (policy). */
function pluralOf(kind: string): string {
  const lower = kind.toLowerCase();
  return /[^aeiou]y$/.test(lower) ? `${lower.slice(0, -1)}ies` : `${lower}s`;
}

export function collectionUrl(apiVersion: string, kind: string, namespace?: string): string {
  const base = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
  const scoped = !CLUSTER_SCOPED.has(kind) && namespace !== undefined ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  return `${base}${scoped}/${pluralOf(kind)}`;
}

const metadataOf = (object: KubeObject) => (object.metadata ?? {}) as { name?: string; namespace?: string };

/**
 * `keepAlive` reuses connections, for loading many objects; without it every request has a connection of its
 * own, which no restart of the API server can leave stale.
 */
export function clusterClient(server: { host: string; port: number }, caPem: string, token: string, options: { keepAlive?: boolean } = {}): ClusterClient {
  const agent = options.keepAlive ? new Agent({ keepAlive: true, maxSockets: 32, ca: caPem }) : undefined;
  const send = (method: string, path: string, body: unknown, contentType: string) =>
    new Promise<ClusterResponse & { retryAfterSeconds: number }>((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const sent = httpsRequest(
        {
          host: server.host,
          port: server.port,
          method,
          path,
          ca: caPem,
          servername: 'localhost',
          ...(agent ? { agent } : {}),
          timeout: 30_000,
          headers: { authorization: `Bearer ${token}`, accept: 'application/json', ...(payload ? { 'content-type': contentType, 'content-length': Buffer.byteLength(payload) } : {}) },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown = text;
            try {
              parsed = text ? JSON.parse(text) : undefined;
            } catch {
              // Not JSON (/readyz answers "ok"): kept as text.
            }
            resolve({ status: response.statusCode ?? 0, body: parsed, retryAfterSeconds: Number(response.headers['retry-after'] ?? 1) || 1 });
          });
          response.on('error', reject);
        },
      );
      sent.on('timeout', () => sent.destroy(new Error(`${method} ${path}: timed out`)));
      sent.on('error', reject);
      sent.end(payload);
    });
  // A restarted API server answers 429 "storage is (re)initializing" until its caches are filled; like
  // client-go, wait as Retry-After says and ask again.
  const request = async (method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<ClusterResponse> => {
    for (let attempt = 1; ; attempt++) {
      const { retryAfterSeconds, ...response } = await send(method, path, body, contentType);
      if (response.status !== 429 || attempt >= MAX_RETRIES_AFTER_429) return response;
      await new Promise((resolve) => setTimeout(resolve, Math.min(retryAfterSeconds, 5) * 1000));
    }
  };
  const expectOk = (response: ClusterResponse, what: string) => {
    if (response.status >= 200 && response.status < 300) return response.body as KubeObject;
    const message = typeof response.body === 'object' && response.body !== null && 'message' in response.body ? String(response.body.message) : JSON.stringify(response.body);
    throw new Error(`${what}: HTTP ${response.status}: ${message}`);
  };
  const objectUrl = (apiVersion: string, kind: string, namespace: string, name: string) => `${collectionUrl(apiVersion, kind, namespace)}/${encodeURIComponent(name)}`;
  return {
    request,
    close: () => agent?.destroy(),
    async create(object) {
      const { namespace } = metadataOf(object);
      const url = collectionUrl(String(object.apiVersion), String(object.kind), namespace ?? 'default');
      return expectOk(await request('POST', url, object), `create ${String(object.kind)} ${namespace ?? ''}/${metadataOf(object).name ?? ''}`);
    },
    async replace(object) {
      const { namespace = 'default', name = '' } = metadataOf(object);
      return expectOk(await request('PUT', objectUrl(String(object.apiVersion), String(object.kind), namespace, name), object), `replace ${String(object.kind)} ${namespace}/${name}`);
    },
    async remove(apiVersion, kind, namespace, name) {
      expectOk(await request('DELETE', objectUrl(apiVersion, kind, namespace, name)), `delete ${kind} ${namespace}/${name}`);
    },
    async get(apiVersion, kind, namespace, name) {
      const response = await request('GET', objectUrl(apiVersion, kind, namespace, name));
      return response.status === 404 ? undefined : { apiVersion, kind, ...expectOk(response, `get ${kind} ${namespace}/${name}`) };
    },
    async list(apiVersion, kind) {
      const body = expectOk(await request('GET', collectionUrl(apiVersion, kind)), `list ${kind}`);
      const items = Array.isArray(body.items) ? (body.items as KubeObject[]) : [];
      return items.map((item) => ({ apiVersion, kind, ...item }));
    },
  };
}
