// The traffic graph's JSON (GET /api/graph, `meshlock graph -o json`): product.md's contract, nodes with
// `id, namespace, workload, app, service, sidecar` and edges with `source, target, protocol, requestRate,
// errorRate, mtlsPercent, plaintextPercent, predictedOutcome`, plus what the graph page shows.
import * as z from 'zod';
import { Dataplane, EdgeOutcome, Lock, LookBack, ServerMode, WindowEnd } from './schemas.js';

export const GraphType = z.enum(['workload', 'app', 'versionedApp', 'service']);
const Health = z.enum(['healthy', 'degraded', 'failure', 'idle']);

/** Namespaces are DNS labels; the graph checks them before they reach a query. */
const NamespaceList = z
  .string()
  .transform((text) => text.split(',').map((n) => n.trim()).filter(Boolean))
  .refine((names) => names.every((n) => /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(n)), 'comma-separated namespace names');

/** Longest look-back: a day (the graph page's longest period). */
export const MAX_GRAPH_SECONDS = 86_400;

export const GraphQuery = z.object({
  namespaces: NamespaceList.optional().describe('comma-separated namespaces; all when absent'),
  duration: LookBack.refine((s) => s <= MAX_GRAPH_SECONDS, 'at most 1d').optional().describe('look-back window such as 15s, 1m, 10m (the default), 1h, 1d'),
  end: WindowEnd.optional().describe('end of the window: RFC 3339 such as 2026-12-06T14:05:00Z, or seconds since the epoch; now when absent (Kiali\'s queryTime)'),
  type: GraphType.optional().describe('workload (default), app, versionedApp or service'),
  idleNodes: z.enum(['true', 'false']).optional().describe('also the workloads of the namespaces that carried no traffic'),
  encoding: z.enum(['json', 'columns']).optional().describe('json (the default, the documented shape) or columns: the same graph with a string table and arrays, about a fifth of the size (src/api/graph-columns.ts decodes it)'),
});

const TrafficHealth = z.object({
  status: Health,
  requestRate: z.number(),
  errorRate: z.number(),
  errorPercent: z.number().nullable(),
});

export const GraphNode = z.object({
  id: z.string().describe('KIND:NAMESPACE/NAME[/VERSION]; `outside` for callers without identity'),
  kind: z.enum(['workload', 'app', 'service', 'outside']),
  namespace: z.string(),
  workload: z.string().nullable(),
  app: z.string().nullable(),
  version: z.string().nullable(),
  service: z.string().nullable(),
  /** false marks a workload without sidecar; null when unknown or not applicable (services). */
  sidecar: z.boolean().nullable(),
  dataplane: Dataplane.nullable().describe('what carries the traffic: sidecar, ambient (ztunnel) or none; an app\'s when all its workloads agree; null when unknown or for services'),
  waypoint: z.string().nullable().describe('the waypoint an ambient workload is bound to, `namespace/name`'),
  health: TrafficHealth.extend({ inbound: TrafficHealth, outbound: TrafficHealth }),
});

export const GraphEdge = z.object({
  id: z.string(),
  source: z.string(),
  target: z.string(),
  protocol: z.enum(['http', 'grpc', 'tcp']),
  requestRate: z.number().describe('requests per second; TCP: connections opened per second'),
  errorRate: z.number().describe('the failed part of requestRate, per second (5xx, 4xx, gRPC errors, no response, failed connections)'),
  errorPercent: z.number().nullable(),
  responses: z.array(z.object({ code: z.string(), flags: z.string(), rate: z.number(), error: z.boolean() })),
  tcpSentBytesRate: z.number(),
  tcpReceivedBytesRate: z.number(),
  mtlsPercent: z.number().nullable().describe('share of what the destination received over mTLS; null = no data, never a silent 0'),
  plaintextPercent: z.number().nullable(),
  security: z.enum(['mtls', 'partial', 'plaintext', 'no-data']),
  /** The lock the console draws: full (all mTLS), hollow (some), none (plaintext); null without data. */
  lock: Lock.nullable(),
  sourcePrincipals: z.array(z.string()),
  destinationPrincipals: z.array(z.string()),
  services: z.array(z.string()),
  predictedOutcome: EdgeOutcome.nullable().describe('what the configuration predicts; null when unknown or when the parts of the edge disagree'),
  predictions: z.array(
    z.object({
      outcome: EdgeOutcome,
      clientSends: z.enum(['ISTIO_MUTUAL', 'MUTUAL', 'SIMPLE', 'PLAINTEXT']),
      clientDecidedBy: z.string().nullable(),
      serverMode: ServerMode,
      serverDecidedBy: z.string().nullable().describe('the object that set the server\'s mode (a PeerAuthentication, `Kind/namespace/name`); null for Istio\'s default'),
      reason: z.string(),
      port: z.number().int().describe('the service port asked about; telemetry names no port'),
      waypoint: z.string().nullable().describe('the waypoint the connection passes through, `namespace/name`; clientSends is then the waypoint\'s hop'),
    }),
  ),
  waypoint: z.string().nullable().describe('the waypoint every prediction of the edge passes through; null when none does or they differ'),
  mismatch: z
    .object({
      kind: z.enum(['plaintext-where-mtls-expected', 'mtls-where-plaintext-expected', 'traffic-where-failure-expected', 'failures-where-success-expected']),
      message: z.string(),
    })
    .nullable(),
  health: Health,
  observed: z
    .boolean()
    .describe('false: no traffic in the window; the caller was seen over the last day and the configuration now predicts the edge fails (predictedOutcome `fail`)'),
});

export const Graph = z.object({
  graphType: GraphType,
  /** Seconds of look-back and the end of the window (seconds since the epoch). */
  durationSeconds: z.number().int(),
  endSeconds: z.number().int().nullable(),
  telemetry: z.object({
    /** "Prometheus at http://…"; null when the console has no telemetry source. */
    source: z.string().nullable(),
    /** Backend queries this graph cost (Prometheus HTTP queries; 0 in process). */
    queries: z.number().int(),
    /** Why telemetry failed; the graph then holds the configured workloads only. */
    error: z.string().nullable(),
  }),
  nodes: z.array(GraphNode),
  edges: z.array(GraphEdge),
  namespaces: z.array(z.object({ namespace: z.string(), status: Health, nodes: z.record(Health, z.number().int()) })),
});

/** GET /api/health: the graph's namespace health alone, for the overview. */
export const NamespaceHealthQuery = z.object({
  duration: GraphQuery.shape.duration,
});

export const NamespaceHealthReport = z.object({
  durationSeconds: z.number().int(),
  telemetry: Graph.shape.telemetry,
  /** Namespaces with traffic in the window (a namespace absent had none), each with its worst node status. */
  namespaces: Graph.shape.namespaces,
});

export type NamespaceHealthReport = z.infer<typeof NamespaceHealthReport>;
export type GraphType = z.infer<typeof GraphType>;
export type GraphNode = z.infer<typeof GraphNode>;
export type GraphEdge = z.infer<typeof GraphEdge>;
export type Graph = z.infer<typeof Graph>;
