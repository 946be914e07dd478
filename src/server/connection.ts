// How the console's source is doing, answered at once (also while a cluster is still syncing, when the
// other routes wait): GET /api/connection for the masthead and the overview, /healthz for readiness probes
// (200 only when in step with the cluster; 503 with the state and last error otherwise), and /livez, which
// answers as long as the process serves, so a cluster that is away does not get the pod restarted.
import type { FastifyInstance } from 'fastify';
import { routes } from '../api/routes.js';
import type { Connection } from '../api/schemas.js';
import type { SourceStatus } from '../sources/config-source.js';
import type { MeshStates } from './mesh-states.js';

export function connectionOf(status: SourceStatus): Connection {
  return {
    cluster: true,
    source: status.source,
    state: status.state,
    lastError: status.lastError,
    lastSyncTime: status.lastSyncTime,
    forbiddenNamespaces: [...status.forbiddenNamespaces],
  };
}

export function installConnection(app: FastifyInstance, states: MeshStates): void {
  app.get(routes.connection.path, async (request): Promise<Connection> => {
    const status = states.connection(request);
    if (status) return connectionOf(status);
    const live = await states.forRequest(request);
    return { cluster: false, source: live.source.description, state: 'connected', lastError: null, lastSyncTime: null, forbiddenNamespaces: [] };
  });
  app.get('/healthz', async (_request, reply) => {
    const health = states.health();
    return reply.status(health.status === 'ok' ? 200 : 503).send(health);
  });
  app.get('/livez', async () => ({ status: 'ok' }));
}
