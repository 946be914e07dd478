// The traffic graph as plain data: what buildGraph returns and the API serialises (docs/graph.md).
import type { EdgeSecurity, Lock } from '../mtls/locks.js';
import type { EdgeOutcome, ServerMode } from '../mtls/edge-outcome.js';
import type { ClientSends } from '../mtls/client-decision.js';
import type { TrafficProtocol } from '../telemetry/types.js';
import type { Dataplane } from '../model/types.js';

/** Kiali's graph types (kiali-backend-reference §3.1). */
export type GraphType = 'workload' | 'app' | 'versionedApp' | 'service';

/** `outside`: callers that presented no identity (Kiali's `unknown` node). */
export type NodeKind = 'workload' | 'app' | 'service' | 'outside';

/** Kiali's health words; `idle` = no request in the window, so no rate to judge. */
export type HealthStatus = 'healthy' | 'degraded' | 'failure' | 'idle';

/** How an edge is drawn with Display → Security: by the share of requests the destination saw over mTLS. */
export type { EdgeSecurity } from '../mtls/locks.js';

export type MismatchKind = 'plaintext-where-mtls-expected' | 'mtls-where-plaintext-expected' | 'traffic-where-failure-expected' | 'failures-where-success-expected';

export interface TrafficHealth {
  readonly status: HealthStatus;
  /** Requests (connections for TCP) per second and the failed ones; see health.ts for what fails. */
  readonly requestRate: number;
  readonly errorRate: number;
  /** errorRate / requestRate × 100, one decimal; null without traffic. */
  readonly errorPercent: number | null;
}

export interface NodeHealth extends TrafficHealth {
  readonly inbound: TrafficHealth;
  readonly outbound: TrafficHealth;
}

export interface GraphNode {
  readonly id: string;
  readonly kind: NodeKind;
  /** `unknown` for the outside node, as Istio labels it. */
  readonly namespace: string;
  readonly workload: string | null;
  readonly app: string | null;
  readonly version: string | null;
  readonly service: string | null;
  /** false marks a workload (or an app with a workload) without sidecar; null when not known or not applicable. */
  readonly sidecar: boolean | null;
  /** What carries the node's traffic (an app's when all its workloads agree); null when not known or not applicable. */
  readonly dataplane: Dataplane | null;
  /** The waypoint an ambient workload (or every workload of an app) is bound to, as `namespace/name`. */
  readonly waypoint: string | null;
  readonly health: NodeHealth;
}

export interface ResponseRate {
  /** HTTP status or gRPC status; `-` for TCP. `0`: no response at all. */
  readonly code: string;
  /** Envoy response flags, `-` when none. */
  readonly flags: string;
  readonly rate: number;
  readonly error: boolean;
}

/** The engine's answer for the client → service → endpoint behind an edge (same as `meshlock edges`). */
export interface EdgePrediction {
  readonly outcome: EdgeOutcome;
  readonly clientSends: ClientSends;
  readonly clientDecidedBy: string | null;
  readonly serverMode: ServerMode;
  /** The object that set the server's mode (a PeerAuthentication, `Kind/namespace/name`); null for Istio's default or without a data plane. */
  readonly serverDecidedBy: string | null;
  readonly reason: string;
  /** The service port asked about (telemetry names no port); the host is the edge's `services`. */
  readonly port: number;
  /** The waypoint the connection passes through (`namespace/name`); clientSends is then the waypoint's hop. */
  readonly waypoint: string | null;
}

export interface Mismatch {
  readonly kind: MismatchKind;
  readonly message: string;
}

export interface GraphEdge {
  /** `SOURCE>TARGET>PROTOCOL`: one edge per protocol, as Kiali. */
  readonly id: string;
  readonly source: string;
  readonly target: string;
  readonly protocol: TrafficProtocol;
  /** Requests per second (HTTP, gRPC) or connections opened per second (TCP). */
  readonly requestRate: number;
  /** The failed part of requestRate, per second. */
  readonly errorRate: number;
  readonly errorPercent: number | null;
  readonly responses: readonly ResponseRate[];
  readonly tcpSentBytesRate: number;
  readonly tcpReceivedBytesRate: number;
  /** Share of what the destination received over mTLS (requests; bytes for TCP), one decimal; null = no destination data. */
  readonly mtlsPercent: number | null;
  readonly plaintextPercent: number | null;
  readonly security: EdgeSecurity;
  /** The lock drawn on the edge (core/mtls/locks.ts); null without data. */
  readonly lock: Lock | null;
  /** SPIFFE IDs seen by the destination (never `unknown`). */
  readonly sourcePrincipals: readonly string[];
  readonly destinationPrincipals: readonly string[];
  /** destination_service FQDNs the edge's traffic named. */
  readonly services: readonly string[];
  /** The one outcome the configuration predicts; null when unknown or when the edge's parts disagree. */
  readonly predictedOutcome: EdgeOutcome | null;
  /** Distinct predictions behind the edge (an app edge spans workloads), at most a few. */
  readonly predictions: readonly EdgePrediction[];
  /** The waypoint every prediction of the edge passes through; null when none does or they differ. */
  readonly waypoint: string | null;
  readonly mismatch: Mismatch | null;
  readonly health: HealthStatus;
  /**
   * false: no traffic in the window; the caller was seen over the longer look-back, and the configuration now
   * predicts the edge fails (`predictedOutcome` `fail`), so it is drawn as a predicted failure, not dropped.
   */
  readonly observed: boolean;
}

export interface NamespaceHealth {
  readonly namespace: string;
  /** The worst node status of the namespace. */
  readonly status: HealthStatus;
  readonly nodes: Readonly<Record<HealthStatus, number>>;
}

export interface TrafficGraph {
  readonly graphType: GraphType;
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
  readonly namespaces: readonly NamespaceHealth[];
}
