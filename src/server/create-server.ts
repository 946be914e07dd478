// The console's HTTP server: the API of src/api/routes.ts, the event stream and the built web app on one
// port. Tests call it and use inject(); `meshlock serve` calls it and listens.
import Fastify, { type FastifyInstance } from 'fastify';
import { randomBytes } from 'node:crypto';
import type { CertificateSource } from '../reports/certificate-facts.js';
import type { LiveMesh } from '../sources/live-mesh.js';
import type { TelemetrySource } from '../telemetry/telemetry-source.js';
import { openApiDocument } from '../api/openapi.js';
import { installApiRoutes } from './api-routes.js';
import { installConnection } from './connection.js';
import { installErrorHandler, type ErrorLog } from './errors.js';
import { installEvents } from './events.js';
import { singleState, type MeshStates } from './mesh-states.js';
import { allowedHostNames } from '../net/host-names.js';
import { installSecurity, newToken } from './security.js';
import { trustedProxyCheck, type TrustedProxyOptions } from './trusted-proxy.js';
import { installWebApp } from './web-app.js';

export interface ServerOptions {
  /** One mesh for every request, or one per identity (a cluster with `--auth token|header`: cluster-states.ts). */
  readonly mesh: LiveMesh | MeshStates;
  /** Directory of the built web app; without it only the API is served. */
  readonly webRoot?: string;
  /**
   * The address the server will listen on (default 127.0.0.1). Requests must name a loopback host, this
   * address, or one of `allowedHosts` in their Host header, which stops DNS-rebinding pages.
   */
  readonly host?: string;
  /** More names the console answers to (`--allowed-host`): the name people reach it by through a proxy or DNS. */
  readonly allowedHosts?: readonly string[];
  /** Serve HTTPS with this certificate and key (PEM); `clientCa` asks clients for a certificate signed by it. */
  readonly tls?: { readonly cert: string; readonly key: string; readonly clientCa?: string };
  /** With `--auth header`: only requests through this proxy are answered (401 otherwise). */
  readonly trustedProxy?: TrustedProxyOptions;
  /** Where unexpected failures are written with their request id (default stderr). */
  readonly errorLog?: ErrorLog;
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
/** Request ids a 500's log line and answer share: random per process, counted per request (cheap under load). */
function requestIds(): () => string {
  const prefix = randomBytes(4).toString('hex');
  let count = 0;
  return () => `${prefix}-${(++count).toString(36)}`;
}

/** Fastify over HTTPS when given a certificate; typed as the HTTP instance, which is the API the routes use. */
/**
 * Requests are read with the zod schemas of src/api and no route declares a Fastify schema, so Fastify's own
 * compilers (ajv and fast-json-stringify, about 170 ms of module loading at start-up) are never loaded.
 */
const unusedCompiler = (): never => {
  throw new Error('Fastify route schemas are not used: requests are parsed with the zod schemas of src/api');
};
const NO_ROUTE_SCHEMAS = { compilersFactory: { buildValidator: () => unusedCompiler, buildSerializer: () => unusedCompiler } };

function fastifyFor(options: ServerOptions): FastifyInstance {
  const common = { logger: options.logger ?? false, bodyLimit: BODY_LIMIT, return503OnClosing: true, genReqId: requestIds(), schemaController: NO_ROUTE_SCHEMAS };
  if (!options.tls) return Fastify(common);
  const { cert, key, clientCa } = options.tls;
  // A client without a certificate still connects; the trusted-proxy check answers it with 401.
  const https = { cert, key, ...(clientCa !== undefined && { ca: clientCa, requestCert: true, rejectUnauthorized: false }) };
  return Fastify({ ...common, https }) as unknown as FastifyInstance;
}

export async function createServer(options: ServerOptions): Promise<FastifyInstance> {
  const app = fastifyFor(options);
  const states = 'forRequest' in options.mesh ? options.mesh : singleState(options.mesh, { warm: options.warm });
  const csrfToken = newToken();
  const version = options.version ?? '0.0.0';
  installErrorHandler(app, options.errorLog);
  installSecurity(app, {
    csrfToken,
    allowedHosts: allowedHostNames(options.host ?? '127.0.0.1', options.allowedHosts),
    ...(options.trustedProxy && { notFromProxy: trustedProxyCheck(options.trustedProxy) }),
  });
  installApiRoutes(app, { states, csrfToken, version, traffic: options.traffic, certificates: options.certificates });
  installConnection(app, states);
  installEvents(app, states);
  // Built on first request: converting every schema takes tens of milliseconds that start-up need not wait for.
  let openapi: ReturnType<typeof openApiDocument> | undefined;
  app.get('/api/openapi.json', () => (openapi ??= openApiDocument(version)));
  await installWebApp(app, options.webRoot);
  app.addHook('onClose', async () => states.close());
  return app;
}
