// The route table: every endpoint once, with its method, path and schemas. The server registers these
// routes, the typed client calls them and /api/openapi.json is generated from them.
import * as z from 'zod';
import { GraphColumns } from './graph-columns.js';
import * as g from './graph-schemas.js';
import * as s from './schemas.js';

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface Route {
  readonly method: Method;
  /** Fastify syntax: `:name` for a path parameter. */
  readonly path: string;
  readonly summary: string;
  readonly params?: z.ZodType;
  readonly query?: z.ZodType;
  readonly body?: z.ZodType;
  /** The success body; for non-JSON routes, a string. */
  readonly response: z.ZodType;
  readonly status?: 200 | 201;
  /** Media type of the success body; JSON unless said. */
  readonly produces?: 'text/csv' | 'text/event-stream';
}

/** Every JSON answer names the configuration revision it was made from, as /api/events announces revisions. */
export const REVISION_HEADER = 'x-meshlock-revision';

export const routes = {
  session: { method: 'GET', path: '/api/session', summary: 'CSRF token, read-only state and source of this console', response: s.Session },
  connection: {
    method: 'GET',
    path: '/api/connection',
    summary: 'State of the connection to the cluster (connected, syncing, reconnecting, error), the last error and the namespaces left out, and why',
    response: s.Connection,
  },
  status: {
    method: 'GET',
    path: '/api/status',
    summary: 'Same JSON as `meshlock status -o json`: mesh, namespaces and every workload port',
    query: z.object({ namespace: z.string().optional() }),
    response: s.StatusReport,
  },
  edges: { method: 'GET', path: '/api/edges', summary: 'Same JSON as `meshlock edges -o json`', query: s.EdgesQuery, response: z.array(s.EdgeReport) },
  validations: { method: 'GET', path: '/api/validations', summary: 'Same JSON as `meshlock validate -o json`', response: s.ValidationReport },
  validate: {
    method: 'POST',
    path: '/api/validate',
    summary: 'Validates YAML text without saving it; checks come back with line and column in that text',
    body: s.ValidateBody,
    response: s.ValidateResponse,
  },
  mesh: { method: 'GET', path: '/api/mesh', summary: 'The mesh lock, its mode, the deciding object, auto mTLS and minimum TLS version', response: s.MeshSummary },
  namespaces: { method: 'GET', path: '/api/namespaces', summary: 'Every namespace with its lock, mode, sidecars and validation counts', response: z.array(s.NamespaceSummary) },
  namespace: { method: 'GET', path: '/api/namespaces/:namespace', summary: 'One namespace with its workloads, services and Istio config', params: s.NamespacePath, response: s.NamespaceDetail },
  workload: {
    method: 'GET',
    path: '/api/namespaces/:namespace/workloads/:name',
    summary: 'Effective mode per port with the deciding object, identity, and predicted callers and callees',
    params: s.NamePath,
    response: s.WorkloadDetail,
  },
  service: {
    method: 'GET',
    path: '/api/namespaces/:namespace/services/:name',
    summary: 'Ports, the workloads behind them with their modes, and predicted callers',
    params: s.NamePath,
    response: s.ServiceDetail,
  },
  services: {
    method: 'GET',
    path: '/api/services',
    summary: 'Every Service with the mTLS mode and lock of the workload ports behind it, filtered and paged',
    query: s.ServiceListQuery,
    response: s.ServiceListPage,
  },
  posture: { method: 'GET', path: '/api/posture', summary: 'Every namespace, workload and port with its effective mode, filtered and paged', query: s.PostureQuery, response: s.PosturePage },
  postureExport: {
    method: 'GET',
    path: '/api/posture/export',
    summary: 'The filtered posture as a CSV or JSON download',
    query: s.PostureExportQuery,
    response: z.string(),
    produces: 'text/csv',
  },
  configList: { method: 'GET', path: '/api/config', summary: 'Istio config objects with their validation state, filtered and paged', query: s.ConfigQuery, response: s.ConfigPage },
  configGet: {
    method: 'GET',
    path: '/api/config/:namespace/:kind/:name',
    summary: 'One object: its YAML document, resourceVersion, checks placed in the YAML, references',
    params: s.ConfigPath,
    response: s.ConfigDetail,
  },
  configCreate: { method: 'POST', path: '/api/config', summary: 'Creates one object from YAML', body: s.ConfigCreate, response: s.ConfigDetail, status: 201 },
  configUpdate: {
    method: 'PUT',
    path: '/api/config/:namespace/:kind/:name',
    summary: 'Replaces one object; 409 when resourceVersion is not the current one',
    params: s.ConfigPath,
    body: s.ConfigWrite,
    response: s.ConfigDetail,
  },
  configDelete: {
    method: 'DELETE',
    path: '/api/config/:namespace/:kind/:name',
    summary: 'Deletes one object; 409 when resourceVersion is not the current one',
    params: s.ConfigPath,
    query: s.ConfigDeleteQuery,
    response: s.Deleted,
  },
  graph: {
    method: 'GET',
    path: '/api/graph',
    summary: 'The traffic graph over a window: nodes with health, edges with rates, mTLS share, principals and the predicted outcome',
    query: g.GraphQuery,
    // Columns first: a JSON graph fails it at its first field, so the union costs nothing for either.
    response: z.union([GraphColumns, g.Graph]),
  },
  health: {
    method: 'GET',
    path: '/api/health',
    summary: 'Traffic health per namespace over a window (healthy, degraded, failure, idle, with node counts): the graph\'s namespace health without the graph',
    query: g.NamespaceHealthQuery,
    response: g.NamespaceHealthReport,
  },
  readiness: {
    method: 'GET',
    path: '/api/readiness',
    summary: 'STRICT readiness of a namespace or workload: callers observed without mTLS, callers predicted to fail, a verdict and the STRICT PeerAuthentication to apply',
    query: s.ReadinessQuery,
    response: s.Readiness,
  },
  whatif: {
    method: 'POST',
    path: '/api/whatif',
    summary: 'Edges whose outcome changes if the sent YAML were applied, with their observed traffic; it changes nothing, so it needs no CSRF token',
    body: s.WhatIfBody,
    response: s.WhatIfResponse,
  },
  certificates: { method: 'GET', path: '/api/certificates', summary: 'Mesh roots, intermediates and workload certificates with expiry and rotation warnings', response: s.Certificates },
  evidence: {
    method: 'GET',
    path: '/api/evidence',
    summary: 'mTLS coverage per namespace (share of ports STRICT, share of observed requests with mTLS) as a CSV or JSON download',
    query: s.EvidenceQuery,
    response: z.string(),
    produces: 'text/csv',
  },
  events: {
    method: 'GET',
    path: '/api/events',
    summary: 'Server-sent events: `change` with {revision, files} whenever the config changes; `connection` with the Connection JSON when a cluster connection changes state',
    response: z.string(),
    produces: 'text/event-stream',
  },
} as const satisfies Record<string, Route>;

export type Routes = typeof routes;
export type RouteName = keyof Routes;
/** Routes whose body is JSON, which the typed client can call. */
export type JsonRouteName = { [K in RouteName]: Routes[K] extends { produces: string } ? never : K }[RouteName];
