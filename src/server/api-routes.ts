// Registers every route of the table (src/api/routes.ts) with its handler. Inputs are parsed with the
// route's zod schemas before a handler sees them; handlers ask core (through the presenters) and return
// the route's response shape, which the compiler checks against the schema.
import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import { edgeReport, ObservedTraffic, queryEdges, type MeshObject, type MeshRevision, type ObjectRef } from '../core/index.js';
import { REVISION_HEADER, routes, type Route, type RouteName, type Routes } from '../api/routes.js';
import { certificatesReport } from '../reports/certificates.js';
import { configDetail, configPage } from '../reports/config.js';
import { graphResponse } from '../reports/graph.js';
import { namespaceHealthReport } from '../reports/graph-health.js';
import type { NamespaceHealthReport } from '../api/graph-schemas.js';
import { meshSummary, namespaceDetail, namespaceSummaries } from '../reports/mesh.js';
import { observeTraffic } from '../reports/observed-traffic.js';
import { filterPosture, postureCsv, postureRows } from '../reports/posture.js';
import { evidenceDownload, readinessReport } from '../reports/readiness.js';
import { ReportError } from '../reports/report-error.js';
import { objectAt, statusIn } from '../reports/revision.js';
import { validateText } from '../reports/validate.js';
import { validationReport } from '../reports/validation.js';
import { whatIfText } from '../reports/what-if.js';
import { serviceDetail, workloadDetail } from '../reports/workload.js';
import { servicePage } from '../reports/service-list.js';
import type { CertificateSource } from '../reports/certificate-facts.js';
import type { WriteResult } from '../sources/config-source.js';
import type { LiveMesh } from '../sources/live-mesh.js';
import type { TelemetrySource } from '../telemetry/telemetry-source.js';
import { HttpError, notFound, problemsOf } from './errors.js';
import type { ConsoleAuth, MeshStates } from './mesh-states.js';
import { SharedAnswers } from './shared-answers.js';

/** Workload and service pages show what was observed over the last minute. */
const PAGE_WINDOW_SECONDS = 60;

export interface ApiContext {
  /** The mesh of this request's identity (one for everyone, except per-person cluster sources). */
  readonly live: LiveMesh;
  readonly auth: ConsoleAuth;
  readonly csrfToken: string;
  readonly version: string;
  /** Observed traffic as rows, for the graph, pages, readiness, what-if and evidence; none means "no data". */
  readonly traffic?: TelemetrySource;
  /** Certificates beyond the source's objects (the lab's CA and workload certificates). */
  readonly certificates?: CertificateSource;
  /** Graphs of one revision and query, shared for a second: the telemetry moves on, a page refreshes every few seconds. */
  readonly graphs: SharedAnswers<Awaited<ReturnType<typeof graphResponse>>>;
  /** Every open overview asks for the namespaces' health every half minute: one telemetry read serves them all. */
  readonly health: SharedAnswers<NamespaceHealthReport>;
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
type Handler<K extends RouteName> = (input: Input<Routes[K]>, ctx: ApiContext, revision: MeshRevision) => Output<Routes[K]> | Promise<Output<Routes[K]>>;
/** The event stream is not request/response; events.ts serves it. The connection must answer before a source is synced; connection.ts serves it. */
type HandledRoute = Exclude<RouteName, 'events' | 'connection'>;

function refused(result: Exclude<WriteResult, { ok: true }>): HttpError {
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
  const source = ctx.live.source;
  return source.readOnlyReason ?? (await source.writeAccess(object && { kind: object.kind, namespace: object.namespace, name: object.name }));
}

/** One object in the editor, with its document as this revision read it. */
async function detailOf(ctx: ApiContext, revision: MeshRevision, object: MeshObject) {
  return configDetail(revision, object, await readOnlyReason(ctx, object));
}

/** The saved object as the new revision sees it (the write resolved after the source announced it). */
async function saved(ctx: ApiContext, result: WriteResult) {
  if (!result.ok) throw refused(result);
  const revision = ctx.live.current;
  const object = objectAt(revision, result.ref);
  const detail = object && (await detailOf(ctx, revision, object));
  if (!detail) throw new HttpError(500, 'internal', `${result.ref.kind}/${result.ref.namespace}/${result.ref.name} was written but did not load back`);
  return detail;
}

const handlers: { [K in HandledRoute]: Handler<K> } = {
  session: async (_input, ctx, revision) => {
    const reason = await readOnlyReason(ctx);
    return {
      csrfToken: ctx.csrfToken,
      readOnly: reason !== undefined,
      readOnlyReason: reason ?? null,
      source: ctx.live.source.description,
      revision: revision.number,
      version: ctx.version,
      auth: ctx.auth,
    };
  },
  status: ({ query }, _ctx, revision) => {
    const report = statusIn(revision);
    if (query.namespace === undefined) return report;
    return { mesh: report.mesh, namespaces: report.namespaces.filter((n) => n.name === query.namespace), workloads: report.workloads.filter((w) => w.namespace === query.namespace) };
  },
  edges: ({ query }, _ctx, revision) => {
    const result = queryEdges(revision.engine, { from: query.from, to: query.to });
    if ('error' in result) throw new HttpError(400, 'bad-request', result.error.replace(/^--(from|to) /, '$1='));
    return result.edges.map(edgeReport);
  },
  validations: (_input, _ctx, revision) => validationReport(revision),
  validate: ({ body }, _ctx, revision) => validateText(revision, body.yaml, body.replaces),
  mesh: (_input, _ctx, revision) => meshSummary(revision),
  namespaces: (_input, _ctx, revision) => namespaceSummaries(revision),
  namespace: ({ params }, _ctx, revision) => namespaceDetail(revision, params.namespace) ?? throwError(notFound(`namespace ${params.namespace}`)),
  workload: async ({ params }, ctx, revision) => workloadDetail(revision, params.namespace, params.name, await observedOnPages(ctx)) ?? throwError(notFound(`workload ${params.namespace}/${params.name}`)),
  service: async ({ params }, ctx, revision) => serviceDetail(revision, params.namespace, params.name, await observedOnPages(ctx)) ?? throwError(notFound(`service ${params.namespace}/${params.name}`)),
  services: ({ query }, _ctx, revision) => servicePage(revision, query),
  posture: ({ query }, _ctx, revision) => {
    const rows = filterPosture(postureRows(revision), query);
    const offset = query.offset ?? 0;
    return { total: rows.length, rows: rows.slice(offset, offset + (query.limit ?? 100)) };
  },
  postureExport: ({ query }, _ctx, revision) => {
    const rows = filterPosture(postureRows(revision), query);
    return query.format === 'csv'
      ? { type: 'text/csv; charset=utf-8', filename: 'meshlock-posture.csv', body: postureCsv(rows) }
      : { type: 'application/json; charset=utf-8', filename: 'meshlock-posture.json', body: JSON.stringify(rows, null, 2) };
  },
  configList: ({ query }, _ctx, revision) => configPage(revision, query),
  configGet: async ({ params }, ctx, revision) => {
    const object = objectAt(revision, params);
    return (object && (await detailOf(ctx, revision, object))) ?? throwError(notFound(`${params.kind}/${params.namespace}/${params.name}`));
  },
  configCreate: async ({ body }, ctx) => saved(ctx, await ctx.live.write({ op: 'create', text: body.yaml })),
  configUpdate: async ({ params, body }, ctx) => saved(ctx, await ctx.live.write({ op: 'replace', ref: params, text: body.yaml, version: body.resourceVersion })),
  configDelete: async ({ params, query }, ctx) => {
    const result = await ctx.live.write({ op: 'delete', ref: params, version: query.resourceVersion });
    if (!result.ok) throw refused(result);
    const deleted: ObjectRef = { kind: params.kind, namespace: params.namespace, name: params.name };
    return { deleted };
  },
  graph: ({ query }, ctx, revision) => ctx.graphs.get(revision.engine, JSON.stringify(query), () => graphResponse(revision.engine, ctx.traffic, query)),
  health: ({ query }, ctx, revision) => ctx.health.get(revision.engine, JSON.stringify(query), () => namespaceHealthReport(ctx.traffic, query)),
  readiness: ({ query }, ctx, revision) => readinessReport(revision, ctx.traffic, query),
  whatif: ({ body }, ctx, revision) => whatIfText(revision, ctx.traffic, body),
  certificates: (_input, ctx, revision) => certificatesReport(revision.snapshot, ctx.certificates, Date.now()),
  evidence: ({ query }, ctx, revision) => evidenceDownload(revision, ctx.traffic, query, new Date()),
};

/** What telemetry saw over the last minute, joined per edge by the pages; undefined without telemetry. */
async function observedOnPages(ctx: ApiContext): Promise<ObservedTraffic | undefined> {
  const observed = await observeTraffic(ctx.traffic, { durationSeconds: PAGE_WINDOW_SECONDS });
  return observed.rows ? new ObservedTraffic(observed.rows) : undefined;
}

/** A report's refusal as the HTTP answer that says it. */
function reportRefusal(error: unknown): never {
  if (error instanceof ReportError) {
    if (error.code === 'not-found') throw new HttpError(404, 'not-found', error.message);
    if (error.code === 'too-complex') throw new HttpError(422, 'too-complex', error.message);
    throw new HttpError(400, 'bad-request', error.message);
  }
  throw error;
}

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

export function installApiRoutes(app: FastifyInstance, options: Omit<ApiContext, 'live' | 'auth' | 'graphs' | 'health'> & { readonly states: MeshStates }): void {
  const { states, ...rest } = options;
  const shared = { ...rest, graphs: new SharedAnswers<Awaited<ReturnType<typeof graphResponse>>>(1_000), health: new SharedAnswers<NamespaceHealthReport>(1_000) };
  for (const name of Object.keys(handlers) as HandledRoute[]) {
    const route: Route = routes[name];
    const handler = handlers[name] as (input: Input<Route>, ctx: ApiContext, revision: MeshRevision) => unknown;
    app.route({
      method: route.method,
      url: route.path,
      handler: async (request, reply) => {
        const live = await states.forRequest(request);
        const ctx: ApiContext = { ...shared, live, auth: states.auth };
        const input = {
          params: parse(route.params, request.params, 'path'),
          query: parse(route.query, request.query, 'query'),
          body: parse(route.body, request.body, 'body'),
        } as Input<Route>;
        // One revision for the whole answer: a change arriving meanwhile is the next request's.
        // Handlers that throw at once are refused the same way as those that reject.
        const result = await (async () => handler(input, ctx, live.current))().catch(reportRefusal);
        void reply.status(route.status ?? 200).header(REVISION_HEADER, String(live.current.number));
        if (isDownload(result)) {
          return reply.type(result.type).header('content-disposition', `attachment; filename="${result.filename}"`).send(result.body);
        }
        if (typeof result !== 'object' || result === null) return result;
        return reply.type('application/json; charset=utf-8').send(jsonOf(result));
      },
    });
  }
}
