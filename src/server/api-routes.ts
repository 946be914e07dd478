// Registers every route of the table (src/api/routes.ts) with its handler. Inputs are parsed with the
// route's zod schemas before a handler sees them; handlers ask core (through the presenters) and return
// the route's response shape, which the compiler checks against the schema.
import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import { edgeReport, queryEdges, type MeshObject, type ObjectRef } from '../core/index.js';
import { routes, type Route, type RouteName, type Routes } from '../api/routes.js';
import type { CertificateSource } from '../sources/certificate-facts.js';
import type { TextWriteResult } from '../sources/text-source.js';
import type { TelemetrySource } from '../telemetry/telemetry-source.js';
import type { ComputePool } from './compute-pool.js';
import { HttpError, notFound, problemsOf } from './errors.js';
import type { MeshState } from './mesh-state.js';
import type { ConsoleAuth, MeshStates } from './mesh-states.js';
import type { MeshView } from './mesh-view.js';
import type { EdgeTelemetry } from './telemetry.js';
import { configDetail, configPage } from './present/config.js';
import { graphReport } from './present/graph.js';
import { meshSummary, namespaceDetail, namespaceSummaries } from './present/mesh.js';
import { filterPosture, postureCsv, postureRows } from './present/posture.js';
import { certificatesReport } from './present/certificates.js';
import { evidenceDownload, readinessReport } from './present/readiness.js';
import { DEFAULT_WINDOW_SECONDS, observeTraffic } from './present/observed-traffic.js';
import { SharedAnswers } from './shared-answers.js';
import { serviceDetail, workloadDetail } from './present/workload.js';

export interface ApiContext {
  /** The state of this request's identity (one for everyone, except per-person cluster sources). */
  readonly state: MeshState;
  readonly auth: ConsoleAuth;
  readonly csrfToken: string;
  readonly version: string;
  readonly telemetry: EdgeTelemetry | undefined;
  /** Observed traffic as rows, for readiness, what-if and evidence; none means "no data". */
  readonly traffic?: TelemetrySource;
  /** Certificates beyond the source's objects (the lab's CA and workload certificates). */
  readonly certificates?: CertificateSource;
  /** Validation and what-if of sent text, off the event loop and within a time budget. */
  readonly compute: ComputePool;
  /** Graphs of one revision and query, shared for a second: the telemetry moves on, a page refreshes every few seconds. */
  readonly graphs: SharedAnswers<Awaited<ReturnType<typeof graphReport>>>;
}

type Parsed<R, F extends 'params' | 'query' | 'body'> = R extends { readonly [P in F]: infer S extends z.ZodType } ? z.output<S> : undefined;
type Input<R> = { params: Parsed<R, 'params'>; query: Parsed<R, 'query'>; body: Parsed<R, 'body'> };
/** A download: the body as text with its media type and file name. */
interface Download {
  readonly type: string;
  readonly filename: string;
  readonly body: string;
}
/** Handlers may return readonly data (core's shapes are); the schema still decides every field. */
type DeepReadonly<T> = T extends readonly (infer U)[] ? readonly DeepReadonly<U>[] : T extends object ? { readonly [P in keyof T]: DeepReadonly<T[P]> } : T;
type Output<R> = R extends { produces: string } ? Download : R extends { response: infer S extends z.ZodType } ? DeepReadonly<z.input<S>> : never;
type Handler<K extends RouteName> = (input: Input<Routes[K]>, ctx: ApiContext, view: MeshView) => Output<Routes[K]> | Promise<Output<Routes[K]>>;
/** The event stream is not request/response; events.ts serves it. The connection must answer before a source is synced; connection.ts serves it. */
type HandledRoute = Exclude<RouteName, 'events' | 'connection'>;

function refused(result: Exclude<TextWriteResult, { ok: true }>): HttpError {
  switch (result.code) {
    case 'read-only':
      return new HttpError(403, 'read-only', result.message);
    case 'forbidden':
      return new HttpError(403, 'forbidden', result.message);
    case 'not-found':
      return new HttpError(404, 'not-found', result.message);
    case 'conflict':
      return new HttpError(409, 'conflict', result.message, undefined, result.current && { yaml: result.current.text, resourceVersion: result.current.version });
    case 'invalid':
      return new HttpError(400, 'invalid', result.message, problemsOf(result.problems));
    case 'unavailable':
      return new HttpError(503, 'unavailable', result.message);
  }
}

/** Why this request's identity may not edit `object` (or anything, without one); undefined when it may. */
async function readOnlyReason(ctx: ApiContext, object?: MeshObject): Promise<string | undefined> {
  const source = ctx.state.source;
  return source.readOnlyReason ?? (await source.writeAccess?.(object && { kind: object.kind, namespace: object.namespace, name: object.name }));
}

/** One object in the editor: its document from its file, or from the source when it has no file (a cluster). */
async function detailOf(ctx: ApiContext, view: MeshView, object: MeshObject) {
  const source = ctx.state.source;
  return configDetail(view, object, await readOnlyReason(ctx, object), source.document?.({ kind: object.kind, namespace: object.namespace, name: object.name }));
}

/** The saved object as the new revision sees it. */
async function saved(ctx: ApiContext, result: TextWriteResult) {
  if (!result.ok) throw refused(result);
  const view = ctx.state.view;
  const object = view.object(result.ref.kind, result.ref.namespace, result.ref.name);
  const detail = object && (await detailOf(ctx, view, object));
  if (!detail) throw new HttpError(500, 'internal', `${result.ref.kind}/${result.ref.namespace}/${result.ref.name} was written but did not load back`);
  return detail;
}

const handlers: { [K in HandledRoute]: Handler<K> } = {
  session: async (_input, ctx, view) => {
    const reason = await readOnlyReason(ctx);
    return {
      csrfToken: ctx.csrfToken,
      readOnly: reason !== undefined,
      readOnlyReason: reason ?? null,
      source: ctx.state.source.description,
      revision: view.revision,
      version: ctx.version,
      auth: ctx.auth,
    };
  },
  status: ({ query }, _ctx, view) => {
    const report = view.status();
    if (query.namespace === undefined) return report;
    return { mesh: report.mesh, namespaces: report.namespaces.filter((n) => n.name === query.namespace), workloads: report.workloads.filter((w) => w.namespace === query.namespace) };
  },
  edges: ({ query }, _ctx, view) => {
    const result = queryEdges(view.engine, { from: query.from, to: query.to });
    if ('error' in result) throw new HttpError(400, 'bad-request', result.error.replace(/^--(from|to) /, '$1='));
    return result.edges.map(edgeReport);
  },
  validations: (_input, _ctx, view) => view.report(),
  validate: ({ body }, ctx, view) => ctx.compute.run(view.snapshot, { type: 'validate', yaml: body.yaml, ...(body.replaces && { replaces: body.replaces }) }),
  mesh: (_input, _ctx, view) => meshSummary(view),
  namespaces: (_input, _ctx, view) => namespaceSummaries(view),
  namespace: ({ params }, _ctx, view) => namespaceDetail(view, params.namespace) ?? throwError(notFound(`namespace ${params.namespace}`)),
  workload: ({ params }, ctx, view) => workloadDetail(view, params.namespace, params.name, ctx.telemetry) ?? throwError(notFound(`workload ${params.namespace}/${params.name}`)),
  service: ({ params }, ctx, view) => serviceDetail(view, params.namespace, params.name, ctx.telemetry) ?? throwError(notFound(`service ${params.namespace}/${params.name}`)),
  posture: ({ query }, _ctx, view) => {
    const rows = filterPosture(postureRows(view), query);
    const offset = query.offset ?? 0;
    return { total: rows.length, rows: rows.slice(offset, offset + (query.limit ?? 100)) };
  },
  postureExport: ({ query }, _ctx, view) => {
    const rows = filterPosture(postureRows(view), query);
    return query.format === 'csv'
      ? { type: 'text/csv; charset=utf-8', filename: 'meshlock-posture.csv', body: postureCsv(rows) }
      : { type: 'application/json; charset=utf-8', filename: 'meshlock-posture.json', body: JSON.stringify(rows, null, 2) };
  },
  configList: ({ query }, _ctx, view) => configPage(view, query),
  configGet: async ({ params }, ctx, view) => {
    const object = view.object(params.kind, params.namespace, params.name);
    return (object && (await detailOf(ctx, view, object))) ?? throwError(notFound(`${params.kind}/${params.namespace}/${params.name}`));
  },
  configCreate: async ({ body }, ctx) => saved(ctx, await ctx.state.source.create(body.yaml)),
  configUpdate: async ({ params, body }, ctx) => saved(ctx, await ctx.state.source.update(params, body.yaml, body.resourceVersion)),
  configDelete: async ({ params, query }, ctx) => {
    const result = await ctx.state.source.remove(params, query.resourceVersion);
    if (!result.ok) throw refused(result);
    const deleted: ObjectRef = { kind: params.kind, namespace: params.namespace, name: params.name };
    return { deleted };
  },
  graph: ({ query }, ctx, view) => ctx.graphs.get(view.engine, JSON.stringify(query), () => graphReport(view.engine, ctx.traffic, query)),
  readiness: ({ query }, ctx, view) => readinessReport(view, ctx.traffic, query),
  whatif: async ({ body }, ctx, view) => {
    const observed = await observeTraffic(ctx.traffic, body.window ?? DEFAULT_WINDOW_SECONDS);
    const result = await ctx.compute.run(view.snapshot, { type: 'whatif', yaml: body.yaml, rows: observed.rows, ...(body.replaces && { replaces: body.replaces }) });
    return { ...result, telemetry: observed.info };
  },
  certificates: (_input, ctx, view) => certificatesReport(view.snapshot, ctx.certificates, Date.now()),
  evidence: ({ query }, ctx, view) => evidenceDownload(view, ctx.traffic, query, new Date()),
};

function throwError(error: HttpError): never {
  throw error;
}

function parse(schema: z.ZodType | undefined, value: unknown, where: string): unknown {
  if (!schema) return undefined;
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const at = issue && issue.path.length > 0 ? `${where}.${issue.path.join('.')}` : where;
  throw new HttpError(400, 'bad-request', `${at}: ${issue?.message ?? 'invalid'}`);
}

const isDownload = (value: unknown): value is Download => typeof value === 'object' && value !== null && 'filename' in value && 'body' in value;

/**
 * JSON of answers by identity. Answers that are the same object for many requests (a revision's status, a
 * shared graph) are serialized once; core's shapes are never changed after they are made.
 */
const serialized = new WeakMap<object, string>();

function jsonOf(value: object): string {
  let json = serialized.get(value);
  if (json === undefined) serialized.set(value, (json = JSON.stringify(value)));
  return json;
}

export function installApiRoutes(app: FastifyInstance, options: Omit<ApiContext, 'state' | 'auth' | 'graphs'> & { readonly states: MeshStates }): void {
  const { states, ...rest } = options;
  const shared = { ...rest, graphs: new SharedAnswers<Awaited<ReturnType<typeof graphReport>>>(1_000) };
  for (const name of Object.keys(handlers) as HandledRoute[]) {
    const route: Route = routes[name];
    const handler = handlers[name] as (input: Input<Route>, ctx: ApiContext, view: MeshView) => unknown;
    app.route({
      method: route.method,
      url: route.path,
      handler: async (request, reply) => {
        const state = await states.forRequest(request);
        const ctx: ApiContext = { ...shared, state, auth: states.auth };
        const input = {
          params: parse(route.params, request.params, 'path'),
          query: parse(route.query, request.query, 'query'),
          body: parse(route.body, request.body, 'body'),
        } as Input<Route>;
        const result = await handler(input, ctx, state.view);
        void reply.status(route.status ?? 200);
        if (isDownload(result)) {
          return reply.type(result.type).header('content-disposition', `attachment; filename="${result.filename}"`).send(result.body);
        }
        if (typeof result !== 'object' || result === null) return result;
        return reply.type('application/json; charset=utf-8').send(jsonOf(result));
      },
    });
  }
}
