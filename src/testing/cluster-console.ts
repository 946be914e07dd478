// Test builder: the console on the fake Kubernetes API server holding the demo cluster, as `meshlock serve
// --kubeconfig K [--auth MODE]` runs it, with short backoff so recovery is quick.
import type { FastifyInstance } from 'fastify';
import { clusterStates } from '../server/cluster-states.js';
import { createServer } from '../server/create-server.js';
import type { AuthMode } from '../sources/kube/user-sources.js';
import { loadDemoCluster } from './fake-kube-api/demo-cluster.js';
import { fakeKubeConfig } from './fake-kube-api/kube-config.js';
import { startFakeKubeApi, type FakeKubeApi } from './fake-kube-api/server.js';
import { seededRandom } from './seeded-random.js';

export interface ClusterConsole {
  readonly api: FakeKubeApi;
  readonly app: FastifyInstance;
  readonly csrfToken: string;
  /** JSON and CSRF headers for state-changing requests. */
  readonly headers: Record<string, string>;
  /** http://127.0.0.1:PORT once listen() was called. */
  listen(): Promise<string>;
  close(): Promise<void>;
}

export interface ClusterConsoleOptions {
  readonly auth?: AuthMode;
  readonly authHeader?: string;
  readonly viewOnly?: boolean;
  readonly webRoot?: string;
  /** An API server to use instead of a new one with the demo cluster. */
  readonly api?: FakeKubeApi;
  readonly readyWaitMs?: number;
}

export async function clusterConsole(options: ClusterConsoleOptions = {}): Promise<ClusterConsole> {
  const api = options.api ?? (await startFakeKubeApi({ bookmarkIntervalMs: 200 }));
  if (!options.api) loadDemoCluster(api);
  const states = clusterStates({
    kubeConfig: fakeKubeConfig(api),
    auth: options.auth ?? 'anonymous',
    authHeader: options.authHeader,
    viewOnly: options.viewOnly,
    readyWaitMs: options.readyWaitMs,
    sourceOptions: { random: seededRandom(11), backoff: { initialMs: 20, maxMs: 200 } },
  });
  const app = await createServer({ mesh: states, webRoot: options.webRoot, version: 'test' });
  const csrfToken = await sessionToken(app, options.auth);
  return {
    api,
    app,
    csrfToken,
    headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken },
    async listen() {
      await app.listen({ port: 0, host: '127.0.0.1' });
      const address = app.server.address();
      return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    },
    async close() {
      await app.close();
      if (!options.api) await api.close();
    },
  };
}

/** The CSRF token is the same for every identity; with `token` auth any token may fetch it. */
async function sessionToken(app: FastifyInstance, auth: AuthMode | undefined): Promise<string> {
  const headers = auth === 'token' || auth === 'header' ? { authorization: 'Bearer meshlock-test' } : {};
  const response = await app.inject({ url: '/api/session', headers });
  return response.statusCode === 200 ? response.json<{ csrfToken: string }>().csrfToken : '';
}
