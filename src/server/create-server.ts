// The console's HTTP server: the API of src/api/routes.ts, the event stream and the built web app on one
// port. Tests call it and use inject(); `meshlock serve` calls it and listens.
import Fastify, { type FastifyInstance } from 'fastify';
import type { CertificateSource } from '../reports/certificate-facts.js';
import type { LiveMesh } from '../sources/live-mesh.js';
import type { TelemetrySource } from '../telemetry/telemetry-source.js';
import { openApiDocument } from '../api/openapi.js';
import { installApiRoutes } from './api-routes.js';
import { installConnection } from './connection.js';
import { installErrorHandler } from './errors.js';
import { installEvents } from './events.js';
import { singleState, type MeshStates } from './mesh-states.js';
import { installSecurity, newToken } from './security.js';
import { installWebApp } from './web-app.js';

export interface ServerOptions {
  /** One mesh for every request, or one per identity (a cluster with `--auth token|header`: cluster-states.ts). */
  readonly mesh: LiveMesh | MeshStates;
  /** Directory of the built web app; without it only the API is served. */
  readonly webRoot?: string;
  /**
   * The address the server will listen on. On loopback (the default), requests must name a loopback
   * host, which stops DNS-rebinding pages.
   */
  readonly host?: string;
  readonly version?: string;
  readonly logger?: boolean;
  /** Compute status and validations before the first request (default true). */
  readonly warm?: boolean;
  /** Observed traffic: the graph, mTLS shares on the workload and service pages, readiness, what-if, evidence. */
  readonly traffic?: TelemetrySource;
  /** Certificates beyond the source's objects: the lab's CA and workload certificates. */
  readonly certificates?: CertificateSource;
}

const BODY_LIMIT = 1024 * 1024;
const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|::1)$/;

export async function createServer(options: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: options.logger ?? false, bodyLimit: BODY_LIMIT, return503OnClosing: true });
  const states = 'forRequest' in options.mesh ? options.mesh : singleState(options.mesh, { warm: options.warm });
  const csrfToken = newToken();
  const version = options.version ?? '0.0.0';
  installErrorHandler(app);
  installSecurity(app, { csrfToken, loopbackOnly: LOOPBACK.test(options.host ?? '127.0.0.1') });
  installApiRoutes(app, { states, csrfToken, version, traffic: options.traffic, certificates: options.certificates });
  installConnection(app, states);
  installEvents(app, states);
  const openapi = openApiDocument(version);
  app.get('/api/openapi.json', () => openapi);
  await installWebApp(app, options.webRoot);
  app.addHook('onClose', async () => states.close());
  return app;
}
