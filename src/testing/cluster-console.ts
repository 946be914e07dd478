// Test builder: the console on a test cluster (a real kube-apiserver, src/testing/kube-cluster), as
// `meshlock serve --kubeconfig K [--auth MODE]` runs it, with short backoff so recovery is quick.
import type { KubeConfig } from '@kubernetes/client-node';
import type { FastifyInstance } from 'fastify';
import { clusterStates } from '../server/cluster-states.js';
import { createServer } from '../server/create-server.js';
import type { AuthMode } from '../sources/kube/auth-modes.js';
import type { KubeCluster } from './kube-cluster/cluster.js';
import { USERS } from './kube-cluster/users.js';
import { seededRandom } from './seeded-random.js';

export interface ClusterConsole {
  readonly cluster: KubeCluster;
  readonly app: FastifyInstance;
  readonly csrfToken: string;
  /** JSON and CSRF headers for state-changing requests. */
  readonly headers: Record<string, string>;
  /** http://127.0.0.1:PORT once listen() was called. */
  listen(): Promise<string>;
  /** Closes the console; the cluster belongs to the caller. */
  close(): Promise<void>;
}

export interface ClusterConsoleOptions {
  readonly cluster: KubeCluster;
  readonly auth?: AuthMode;
  readonly authHeader?: string;
  readonly viewOnly?: boolean;
  readonly webRoot?: string;
  /** A kubeconfig to use instead of the cluster's own (meshlock's identity there). */
  readonly kubeConfig?: KubeConfig;
  readonly readyWaitMs?: number;
}

export async function clusterConsole(options: ClusterConsoleOptions): Promise<ClusterConsole> {
  const states = clusterStates({
    kubeConfig: options.kubeConfig ?? options.cluster.kubeConfig('meshlock'),
    auth: options.auth ?? 'anonymous',
    authHeader: options.authHeader,
    viewOnly: options.viewOnly,
    readyWaitMs: options.readyWaitMs,
    sourceOptions: { random: seededRandom(11), backoff: { initialMs: 20, maxMs: 200 } },
  });
  const app = await createServer({ mesh: states, webRoot: options.webRoot, version: 'test' });
  const csrfToken = await sessionToken(app, options.auth);
  return {
    cluster: options.cluster,
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
    },
  };
}

/** The CSRF token is the same for every identity; with `token` auth it is fetched as admin. */
async function sessionToken(app: FastifyInstance, auth: AuthMode | undefined): Promise<string> {
  const headers = auth === 'token' || auth === 'header' ? { authorization: `Bearer ${USERS.admin.token}` } : {};
  const response = await app.inject({ url: '/api/session', headers });
  return response.statusCode === 200 ? response.json<{ csrfToken: string }>().csrfToken : '';
}
