// The lab's own HTTP endpoint on the --listen address: Prometheus text at /metrics, and a small JSON API
// for the config store, certificates, probes, traffic and in-process telemetry queries.
//   GET    /metrics                          Istio standard metrics (text format 0.0.4)
//   GET    /api/lab                          workloads, addresses, ports and their current mode
//   GET    /api/certificates                 the root and every workload certificate (issuer, SPIFFE ID, validity)
//   GET    /api/config                       objects in the config store
//   GET    /api/config/KIND/NAMESPACE/NAME   one object as loaded
//   PUT    /api/config                       YAML/JSON documents to create or replace
//   DELETE /api/config/KIND/NAMESPACE/NAME   delete one object
//   POST   /api/probe                        {"from","to","endpoint"?} → one request through the lab
//   GET    /api/traffic                      per call-graph edge: sent, ok, failed, last error
//   GET    /api/telemetry?metric=M&by=L,…&window=60&LABEL=VALUE…   sums from the in-process store
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { formatRef, hasSidecar } from '../core/index.js';
import { HttpError } from '../server/errors.js';
import { allowedHostNames, hostAllowed, isLoopbackHost } from '../net/host-names.js';
import type { AppliedConfig } from './config-door.js';
import { LabInputError, type Lab } from './lab.js';
import { probeResult } from './probe.js';
import { ISTIO_LABELS, type IstioLabel, type IstioLabels, type QueryableName } from '../telemetry/embedded/store.js';
import type { TrafficGenerator } from './traffic.js';

const MAX_BODY = 1024 * 1024;
const QUERYABLE: readonly string[] = [
  'istio_requests_total',
  'istio_tcp_sent_bytes_total',
  'istio_tcp_received_bytes_total',
  'istio_tcp_connections_opened_total',
  'istio_tcp_connections_closed_total',
  'istio_request_duration_milliseconds_count',
  'istio_request_duration_milliseconds_sum',
];

/** Bodies a browser can send to another origin without asking first (CORS "simple" requests) are refused. */
const JSON_ONLY = ['application/json'];
const JSON_OR_YAML = ['application/json', 'application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml'];

export interface ControlApi {
  readonly url: string;
  close(): Promise<void>;
}

/** What the API runs on: the lab, its traffic, and config writes that go to the lab's source. */
export interface LabControls {
  readonly lab: Lab;
  readonly traffic: TrafficGenerator | undefined;
  apply(text: string): Promise<AppliedConfig>;
  remove(ref: { kind: string; namespace: string; name: string }): Promise<boolean>;
}

/** Binds `host:port` (port 0: any free port); the host must be a loopback address. */
export async function serveControlApi(controls: LabControls, host: string, port: number): Promise<ControlApi> {
  if (!isLoopbackHost(host)) throw new Error(`refusing to listen on ${host}: the lab serves only loopback addresses`);
  const allowed = allowedHostNames(host);
  const server: Server = createServer((req, res) => {
    handle(controls, allowed, req, res).catch((error: unknown) => {
      const status = error instanceof HttpError ? error.status : error instanceof LabInputError ? 400 : 500;
      send(res, status, { error: error instanceof Error ? error.message : String(error) });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port }, () => resolve());
  });
  const address = server.address();
  const bound = typeof address === 'object' && address ? address.port : port;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${bound}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * What the console checks too: a page on another site could make a browser call this port by a DNS name
 * that resolves to 127.0.0.1 (Host), or send a form or a no-cors fetch from its own origin (Origin, and
 * bodies of a type a browser sends without a preflight).
 */
function refuseForeign(req: IncomingMessage, allowed: ReadonlySet<string>, bodyTypes: readonly string[] | undefined): void {
  const host = req.headers.host ?? '';
  if (!hostAllowed(host, allowed)) throw new HttpError(403, 'forbidden', `host ${host || '(none)'} is not a loopback name`);
  const method = req.method ?? 'GET';
  if (method === 'GET' || method === 'HEAD') return;
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== `http://${host}`) throw new HttpError(403, 'forbidden', `cross-origin request from ${origin} refused`);
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (bodyTypes && !bodyTypes.includes(type)) throw new HttpError(415, 'unsupported-media-type', `send the body as ${bodyTypes.join(' or ')}, not ${type || 'no content type'}`);
}

async function handle(controls: LabControls, allowed: ReadonlySet<string>, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { lab, traffic } = controls;
  const url = new URL(req.url ?? '/', 'http://lab');
  const parts = url.pathname.split('/').filter(Boolean);
  const route = `${req.method ?? 'GET'} /${parts.slice(0, 2).join('/')}`;
  refuseForeign(req, allowed, route === 'POST /api/probe' ? JSON_ONLY : route === 'PUT /api/config' ? JSON_OR_YAML : undefined);
  switch (route) {
    case 'GET /metrics':
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
      res.end(lab.telemetry.render());
      return;
    case 'GET /api/lab':
      return send(res, 200, labReport(lab));
    case 'GET /api/certificates':
      return send(res, 200, lab.certificateFacts());
    case 'GET /api/config':
      return configGet(lab, parts.slice(2), res);
    case 'PUT /api/config': {
      const result = await controls.apply(await readBody(req));
      return send(res, result.applied.length === 0 && result.problems.length > 0 ? 400 : 200, result);
    }
    case 'DELETE /api/config': {
      const [kind, namespace, name] = parts.slice(2);
      if (!kind || namespace === undefined || !name) throw new HttpError(400, 'bad-request', 'use DELETE /api/config/KIND/NAMESPACE/NAME');
      const removed = await controls.remove({ kind, namespace, name });
      return send(res, removed ? 200 : 404, removed ? { deleted: formatRef({ kind, namespace, name }) } : { error: `no ${formatRef({ kind, namespace, name })}` });
    }
    case 'POST /api/probe': {
      const body = parseJson(await readBody(req));
      const { from, to, endpoint } = body;
      if (typeof from !== 'string' || typeof to !== 'string') throw new HttpError(400, 'bad-request', 'expected {"from": "outside"|"NS/WORKLOAD", "to": "HOST:PORT"}');
      const call = await lab.call(from, to, typeof endpoint === 'string' ? { endpoint } : {});
      return send(res, 200, probeResult(call));
    }
    case 'GET /api/traffic':
      return send(res, 200, { running: traffic?.running ?? false, edges: traffic?.snapshot() ?? [] });
    case 'GET /api/telemetry':
      return send(res, 200, telemetryQuery(lab, url.searchParams));
    default:
      throw new HttpError(404, 'not-found', `no route ${route}`);
  }
}

function labReport(lab: Lab) {
  const listeners = lab.listenerInfo();
  const hbone = lab.hboneInfo();
  return {
    trustDomain: lab.engine.meshConfig.trustDomain,
    workloads: lab.workloads().map((w) => ({
      namespace: w.workload.namespace,
      name: w.workload.name,
      sidecar: hasSidecar(w.workload),
      dataplane: w.workload.dataplane,
      address: w.address,
      spiffeId: w.spiffeId,
      hbone: hbone.filter((l) => l.workload === w.key).map((l) => `${l.address}:${l.port}`)[0] ?? null,
      ports: w.ports.map((p) => {
        const listener = listeners.find((l) => l.workload === w.key && l.targetPort === p.targetPort);
        return { port: p.targetPort, listen: listener ? `${listener.address}:${listener.port}` : null, protocol: p.app, declaredHttp: p.declaredHttp, mode: lab.serverMode(w, p) };
      }),
    })),
    waypoints: lab.waypointInfo().map((w) => ({ name: w.key, address: w.address, spiffeId: w.spiffeId, hbone: `${w.hbone.host}:${w.hbone.port}` })),
  };
}

function configGet(lab: Lab, ref: string[], res: ServerResponse): void {
  const objects = lab.engine.snapshot.objects;
  if (ref.length === 0) return send(res, 200, objects.map((o) => ({ kind: o.kind, apiVersion: o.apiVersion, namespace: o.namespace, name: o.name })));
  const [kind, namespace, name] = ref;
  const object = objects.find((o) => o.kind === kind && o.namespace === namespace && o.name === name);
  if (!object) throw new HttpError(404, 'not-found', `no ${ref.join('/')}`);
  send(res, 200, object.raw);
}

function telemetryQuery(lab: Lab, params: URLSearchParams) {
  const metric = params.get('metric') ?? 'istio_requests_total';
  if (!QUERYABLE.includes(metric)) throw new HttpError(400, 'bad-request', `metric must be one of ${QUERYABLE.join(', ')}`);
  const by = (params.get('by') ?? '').split(',').filter(Boolean);
  const unknown = by.filter((label) => !(ISTIO_LABELS as readonly string[]).includes(label));
  if (unknown.length > 0) throw new HttpError(400, 'bad-request', `unknown labels: ${unknown.join(', ')}`);
  const match: Partial<Record<IstioLabel, string>> = {};
  for (const label of ISTIO_LABELS) {
    const value = params.get(label);
    if (value !== null) match[label] = value;
  }
  const window = params.get('window');
  if (window !== null && !(Number(window) > 0)) throw new HttpError(400, 'bad-request', 'window is a number of seconds');
  return lab.telemetry.query({
    metric: metric as QueryableName,
    by: by as IstioLabel[],
    match: match as Partial<IstioLabels>,
    ...(window !== null && { windowMs: Number(window) * 1000 }),
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body, null, 2) + '\n');
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) reject(new HttpError(413, 'too-large', 'body too large'));
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseJson(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // Falls through to the same error as a non-object.
  }
  throw new HttpError(400, 'bad-request', 'expected a JSON object');
}
