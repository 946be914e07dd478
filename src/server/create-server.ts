// The console's HTTP server: the API of src/api/routes.ts, the event stream and the built web app on one
// port. Tests call it and use inject(); `meshlock serve` calls it and listens.
import Fastify, { type FastifyInstance } from 'fastify';
import type { TextSource } from '../sources/text-source.js';
import { openApiDocument } from '../api/openapi.js';
import { installApiRoutes } from './api-routes.js';
import { installErrorHandler } from './errors.js';
import { installEvents } from './events.js';
import { MeshState } from './mesh-state.js';
import { installSecurity, newToken } from './security.js';
import type { EdgeTelemetry } from './telemetry.js';
import { installWebApp } from './web-app.js';

export interface ServerOptions {
  readonly source: TextSource;
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
  /** Observed traffic, for mTLS shares on the workload and service pages; none means "no data". */
  readonly telemetry?: EdgeTelemetry;
}

const BODY_LIMIT = 1024 * 1024;
const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|::1)$/;

export async function createServer(options: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: options.logger ?? false, bodyLimit: BODY_LIMIT, return503OnClosing: true });
  const state = new MeshState(options.source);
  if (options.warm ?? true) state.view.warm();
  const csrfToken = newToken();
  const version = options.version ?? '0.0.0';
  installErrorHandler(app);
  installSecurity(app, { csrfToken, loopbackOnly: LOOPBACK.test(options.host ?? '127.0.0.1') });
  installApiRoutes(app, { state, csrfToken, version, telemetry: options.telemetry });
  installEvents(app, state);
  const openapi = openApiDocument(version);
  app.get('/api/openapi.json', () => openapi);
  await installWebApp(app, options.webRoot);
  app.addHook('onClose', async () => state.close());
  return app;
}
