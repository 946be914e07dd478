// The traffic graph from telemetry rows: one pass that folds rows into edges (per source, target and
// protocol), then health per edge, node and namespace, the mTLS share, and the engine's prediction beside
// what was observed. Plain data in, plain data out; the bench holds it to 300 ms for 25,000 edges, so the
// per-row work allocates little: small arrays instead of sets, node seeds made once per node.
import { hasSidecar } from '../model/dataplane.js';
import { EMPTY } from '../model/lists.js';
import type { Dataplane, Workload } from '../model/types.js';
import type { EdgeOutcome } from '../mtls/edge-outcome.js';
import { EDGE_LOCK, edgeSecurity } from '../mtls/locks.js';
import type { MtlsEngine } from '../mtls/engine.js';
import type { TrafficProtocol, TrafficRow } from '../telemetry/types.js';
import { HealthTally, percent, responsesHealth, toleranceMask, worst } from './health.js';
import { mismatchOf } from './mismatch.js';
import { destinationNode, serviceNode, sourceNode, workloadNode, type NodeSeed } from './nodes.js';
import { MAX_PREDICTIONS, Predictor, type MeshIndex } from './predict.js';
import type { EdgePrediction, GraphEdge, GraphNode, GraphType, HealthStatus, NamespaceHealth, TrafficGraph } from './types.js';

export interface BuildGraphOptions {
  readonly type: GraphType;
  /** The configuration: predicted outcomes, sidecars, the Service of a workload. Without it, telemetry only. */
  readonly engine?: MtlsEngine;
  /** Instead of `engine`: its predictions kept from earlier builds (predict.ts). */
  readonly predictor?: Predictor;
  /** With `engine`: add the workloads (services for a service graph) of these namespaces that carried no traffic. */
  readonly idleNamespaces?: readonly string[];
  /**
   * Destination-reported rows over a longer look-back than `rows`. A caller seen there but not in the window,
   * whose edge the configuration now predicts to fail (plaintext refused by STRICT, say), stays on the graph
   * as an edge without traffic (`observed: false`): a refused caller without sidecar reports nothing, so it
   * would otherwise vanish once the window no longer holds its last request.
   */
  readonly earlierRows?: readonly TrafficRow[];
}

const PROTOCOL_NUMBER: Record<TrafficProtocol, number> = { http: 0, grpc: 1, tcp: 2 };

/** Principals kept per edge and side: an edge with more is a wildcard caller, and the first few say so. */
const MAX_PRINCIPALS = 5;

interface Response {
  readonly code: string;
  readonly flags: string;
  rate: number;
  readonly error: boolean;
}

interface EdgeAcc {
  readonly source: NodeAcc;
  readonly target: NodeAcc;
  readonly protocol: TrafficProtocol;
  readonly responses: Response[];
  /** Tolerances each response matches (health.ts), by index into `responses`. */
  readonly masks: number[];
  tcpSent: number;
  tcpReceived: number;
  mtlsRequests: number;
  plainRequests: number;
  mtlsBytes: number;
  plainBytes: number;
  clientFailures: number;
  failureFlags: readonly string[];
  sourcePrincipals: readonly string[];
  destinationPrincipals: readonly string[];
  services: readonly string[];
  predictions: readonly EdgePrediction[];
  /** The distinct (source, target) peers already predicted. */
  readonly predicted: { readonly source: PeerSlot; readonly target: PeerSlot }[];
  /** Rows the configuration had nothing to say about: the edge's prediction is then incomplete. */
  unpredicted: boolean;
  /** false: added from `earlierRows`, no traffic in the window. */
  readonly observed: boolean;
}

interface NodeAcc {
  seed: NodeSeed;
  /** Insertion number, for cheap edge keys. */
  readonly number: number;
  /** Outgoing edges by target number × 3 + protocol number. */
  readonly edges: Map<number, EdgeAcc>;
  /** Evidence of a sidecar from telemetry: a destination report (server side) or a named client. */
  reported: boolean;
  readonly inbound: HealthTally;
  readonly outbound: HealthTally;
}

interface PeerSlot {
  readonly app: string | undefined;
  readonly version: string | undefined;
  readonly service: string | undefined;
  readonly node: NodeAcc;
}

const OUTSIDE_PEER = { namespace: '', workload: '', app: undefined, version: undefined } as const;

/** A peer's node by its namespace and workload, then app, version and service, keyed by the row's own strings. */
class PeerIndex {
  private readonly byNamespace = new Map<string, Map<string, PeerSlot[]>>();

  find(namespace: string, workload: string, app: string | undefined, version: string | undefined, service: string | undefined): PeerSlot | undefined {
    const slots = this.byNamespace.get(namespace)?.get(workload);
    if (!slots) return undefined;
    for (const slot of slots) if (slot.app === app && slot.version === version && slot.service === service) return slot;
    return undefined;
  }

  add(namespace: string, workload: string, app: string | undefined, version: string | undefined, service: string | undefined, node: NodeAcc): PeerSlot {
    let workloads = this.byNamespace.get(namespace);
    if (!workloads) this.byNamespace.set(namespace, (workloads = new Map()));
    let slots = workloads.get(workload);
    if (!slots) workloads.set(workload, (slots = []));
    const slot = { app, version, service, node };
    slots.push(slot);
    return slot;
  }
}

/** The list with `value` added when absent and there is room; a new array, so EMPTY stays empty. */
function withValue<T>(list: readonly T[], value: T, max = Infinity): readonly T[] {
  return list.length < max && !list.includes(value) ? [...list, value] : list;
}

export function buildGraph(rows: readonly TrafficRow[], options: BuildGraphOptions): TrafficGraph {
  const predictor = options.predictor ?? (options.engine ? new Predictor(options.engine) : undefined);
  const index = predictor?.index;
  const nodes = new Map<string, NodeAcc>();
  const edges: EdgeAcc[] = [];
  const node = (seed: NodeSeed, reported: boolean): NodeAcc => {
    let found = nodes.get(seed.id);
    if (!found) nodes.set(seed.id, (found = { seed, number: nodes.size, reported, inbound: new HealthTally(), outbound: new HealthTally(), edges: new Map() }));
    else {
      if (reported) found.reported = true;
      // The first row may not have known the node's Service; a later one may.
      if (found.seed.service === null && seed.service !== null) found.seed = { ...found.seed, service: seed.service };
    }
    return found;
  };
  // Rows name the same peers over and over: each distinct peer becomes its node once, found by the row's own
  // strings (nested maps), so the hot loop builds no key strings.
  const sources = new PeerIndex();
  const targets = new PeerIndex();

  for (const row of rows) {
    const fromClient = row.reporter === 'source';
    const peer = row.source;
    const d = row.destination;
    const from = peer.type === 'outside' ? OUTSIDE_PEER : peer;
    // A named source proves its sidecar: only a sidecar sends the peer metadata that names it (§5.5).
    const sourceSlot =
      sources.find(from.namespace, from.workload, from.app, from.version, undefined) ??
      sources.add(from.namespace, from.workload, from.app, from.version, undefined, node(sourceNode(options.type, peer, index), peer.type === 'workload'));
    let targetSlot = targets.find(d.namespace, d.workload, d.app, d.version, d.service);
    if (!targetSlot) targetSlot = targets.add(d.namespace, d.workload, d.app, d.version, d.service, node(destinationNode(options.type, d), !fromClient));
    else if (!fromClient) targetSlot.node.reported = true;
    const source = sourceSlot.node;
    const target = targetSlot.node;
    const edgeKey = target.number * 3 + PROTOCOL_NUMBER[row.protocol];
    let edge = source.edges.get(edgeKey);
    if (!edge) edges.push((edge = newEdge(source, target, row.protocol, edgeKey, true)));
    const code = row.protocol === 'tcp' ? '-' : row.responseCode;
    const response = edge.responses.find((r) => r.code === code && r.flags === row.responseFlags);
    if (response) response.rate += row.requestsPerSecond;
    else {
      const mask = toleranceMask(row.protocol, code, row.responseFlags);
      edge.responses.push({ code, flags: row.responseFlags, rate: row.requestsPerSecond, error: mask !== 0 });
      edge.masks.push(mask);
    }
    edge.tcpSent += row.tcpSentBytesPerSecond;
    edge.tcpReceived += row.tcpReceivedBytesPerSecond;
    if (d.service) edge.services = withValue(edge.services, d.service);
    if (fromClient) {
      edge.clientFailures += row.requestsPerSecond;
      edge.failureFlags = withValue(edge.failureFlags, row.responseFlags);
    } else {
      // Destination side only: its security policy is the truth about the connection (§5.4).
      const bytes = row.tcpSentBytesPerSecond + row.tcpReceivedBytesPerSecond;
      if (row.securityPolicy === 'mutual_tls') {
        edge.mtlsRequests += row.requestsPerSecond;
        edge.mtlsBytes += bytes;
      } else {
        edge.plainRequests += row.requestsPerSecond;
        edge.plainBytes += bytes;
      }
      if (peer.type === 'workload' && peer.principal) edge.sourcePrincipals = withValue(edge.sourcePrincipals, peer.principal, MAX_PRINCIPALS);
      if (d.principal) edge.destinationPrincipals = withValue(edge.destinationPrincipals, d.principal, MAX_PRINCIPALS);
    }
    // One prediction per distinct client and destination behind the edge; most edges have one.
    if (predictor && !edge.predicted.some((k) => k.source === sourceSlot && k.target === targetSlot)) {
      edge.predicted.push({ source: sourceSlot, target: targetSlot });
      addPredictions(edge, predictor.predict(row));
    }
  }

  if (predictor && options.earlierRows) {
    for (const row of options.earlierRows) {
      if (row.reporter === 'source') continue;
      // Only an edge the configuration now refuses is kept; a caller that just stopped calling is gone.
      const predictions = predictor.predict(row);
      if (predictions.length === 0 || predictions.some((p) => p.outcome !== 'fail')) continue;
      const peer = row.source;
      const d = row.destination;
      const from = peer.type === 'outside' ? OUTSIDE_PEER : peer;
      const source = (
        sources.find(from.namespace, from.workload, from.app, from.version, undefined) ??
        sources.add(from.namespace, from.workload, from.app, from.version, undefined, node(sourceNode(options.type, peer, index), peer.type === 'workload'))
      ).node;
      const target = (targets.find(d.namespace, d.workload, d.app, d.version, d.service) ?? targets.add(d.namespace, d.workload, d.app, d.version, d.service, node(destinationNode(options.type, d), true))).node;
      const edgeKey = target.number * 3 + PROTOCOL_NUMBER[row.protocol];
      const known = source.edges.get(edgeKey);
      if (known && known.observed) continue;
      const edge = known ?? newEdge(source, target, row.protocol, edgeKey, false);
      if (!known) edges.push(edge);
      if (d.service) edge.services = withValue(edge.services, d.service);
      addPredictions(edge, predictions);
    }
  }

  if (index && options.idleNamespaces) addIdleNodes(options.type, index, options.idleNamespaces, node);

  // Sorted by id, compared as node ranks: 25,000 string comparisons of long ids cost more than the build.
  const sortedIds = [...nodes.keys()].sort();
  const rank = new Map(sortedIds.map((id, i) => [id, i]));
  const order = (e: EdgeAcc) => ((rank.get(e.source.seed.id) ?? 0) * nodes.size + (rank.get(e.target.seed.id) ?? 0)) * 3 + PROTOCOL_NUMBER[e.protocol];
  const graphEdges = edges
    .map((e) => ({ e, key: order(e) }))
    .sort((a, b) => a.key - b.key)
    .map(({ e }) => finishEdge(e));
  const graphNodes = sortedIds.map((id): GraphNode => {
    const { seed, reported, inbound, outbound } = nodes.get(id) as NodeAcc;
    const inHealth = inbound.health();
    const outHealth = outbound.health();
    const requestRate = inHealth.requestRate + outHealth.requestRate;
    const errorRate = inHealth.errorRate + outHealth.errorRate;
    return {
      ...seed,
      sidecar: sidecarOf(seed, reported, index),
      ...dataplaneOf(seed, index),
      health: { status: worst(inHealth.status, outHealth.status), requestRate, errorRate, errorPercent: percent(errorRate, requestRate), inbound: inHealth, outbound: outHealth },
    };
  });
  return { graphType: options.type, nodes: graphNodes, edges: graphEdges, namespaces: namespaceHealth(graphNodes) };
}

function newEdge(source: NodeAcc, target: NodeAcc, protocol: TrafficProtocol, key: number, observed: boolean): EdgeAcc {
  const edge: EdgeAcc = {
    source,
    target,
    protocol,
    responses: [],
    masks: [],
    tcpSent: 0,
    tcpReceived: 0,
    mtlsRequests: 0,
    plainRequests: 0,
    mtlsBytes: 0,
    plainBytes: 0,
    clientFailures: 0,
    // Shared until the edge has something to list: most edges have no flags, many no principal.
    failureFlags: EMPTY,
    sourcePrincipals: EMPTY,
    destinationPrincipals: EMPTY,
    services: EMPTY,
    predictions: [],
    predicted: [],
    unpredicted: false,
    observed,
  };
  source.edges.set(key, edge);
  return edge;
}

function addPredictions(edge: EdgeAcc, predictions: readonly EdgePrediction[]): void {
  if (predictions.length === 0) edge.unpredicted = true;
  // Edges usually have one client and destination: keep the predictor's array rather than copy it.
  else if (edge.predictions.length === 0) edge.predictions = predictions;
  else {
    for (const p of predictions) {
      const known = edge.predictions.some((q) => q.outcome === p.outcome && q.clientSends === p.clientSends && q.serverMode === p.serverMode && q.waypoint === p.waypoint);
      if (!known && edge.predictions.length < MAX_PREDICTIONS) edge.predictions = [...edge.predictions, p];
    }
  }
}

function finishEdge(e: EdgeAcc): GraphEdge {
  for (let i = 0; i < e.responses.length; i++) {
    const rate = e.responses[i]?.rate ?? 0;
    const mask = e.masks[i] ?? 0;
    e.source.outbound.add(e.protocol, mask, rate);
    e.target.inbound.add(e.protocol, mask, rate);
  }
  const health = responsesHealth(e.protocol, e.responses, e.masks);
  // TCP: bytes say what flowed, also over connections opened before the window; connections when no byte moved.
  const useBytes = e.protocol === 'tcp' && e.mtlsBytes + e.plainBytes > 0;
  const mtls = useBytes ? e.mtlsBytes : e.mtlsRequests;
  const plain = useBytes ? e.plainBytes : e.plainRequests;
  const mtlsPercent = percent(mtls, mtls + plain);
  const outcomes = new Set(e.predictions.map((p) => p.outcome));
  const predictedOutcome: EdgeOutcome | null = outcomes.size === 1 && !e.unpredicted ? (e.predictions[0]?.outcome ?? null) : null;
  return {
    id: `${e.source.seed.id}>${e.target.seed.id}>${e.protocol}`,
    source: e.source.seed.id,
    target: e.target.seed.id,
    protocol: e.protocol,
    requestRate: health.requestRate,
    errorRate: health.errorRate,
    errorPercent: health.errorPercent,
    responses: e.responses.length > 1 ? e.responses.sort((a, b) => b.rate - a.rate) : e.responses,
    tcpSentBytesRate: e.tcpSent,
    tcpReceivedBytesRate: e.tcpReceived,
    mtlsPercent,
    plaintextPercent: mtlsPercent === null ? null : Math.round((100 - mtlsPercent) * 10) / 10,
    security: edgeSecurity(mtlsPercent),
    lock: EDGE_LOCK[edgeSecurity(mtlsPercent)],
    sourcePrincipals: sorted(e.sourcePrincipals),
    destinationPrincipals: sorted(e.destinationPrincipals),
    services: sorted(e.services),
    predictedOutcome,
    predictions: e.predictions,
    waypoint: sharedWaypoint(e.predictions, e.unpredicted),
    mismatch: mismatchOf(predictedOutcome, { mtls, plaintext: plain, clientFailures: e.clientFailures, failureFlags: sorted(e.failureFlags) }),
    health: health.status,
    observed: e.observed,
  };
}

/** The waypoint of every prediction, when they all name the same one and every row was predicted. */
function sharedWaypoint(predictions: readonly EdgePrediction[], unpredicted: boolean): string | null {
  const first = predictions[0]?.waypoint ?? null;
  return !unpredicted && predictions.every((p) => p.waypoint === first) ? first : null;
}

function sorted(list: readonly string[]): readonly string[] {
  return list.length > 1 ? [...list].sort() : list;
}


const sidecarOfWorkload = (workload: Workload | undefined): boolean | undefined => (workload ? hasSidecar(workload) : undefined);

/** The snapshot knows workloads; telemetry proves a sidecar where one reported; apps are all-or-nothing. */
function sidecarOf(seed: NodeSeed, reported: boolean, index: MeshIndex | undefined): boolean | null {
  if (seed.kind === 'outside') return false;
  if (seed.kind === 'service') return null;
  const known = seed.kind === 'workload' && seed.workload ? sidecarOfWorkload(index?.workload(seed.namespace, seed.workload)) : seed.app ? index?.appSidecar(seed.namespace, seed.app) : undefined;
  if (known !== undefined) return known;
  return reported ? true : null;
}

const UNKNOWN_DATAPLANE = { dataplane: null, waypoint: null } as const;

/** The data plane the snapshot gives a workload node, or an app node whose workloads agree; telemetry does not say. */
function dataplaneOf(seed: NodeSeed, index: MeshIndex | undefined): { dataplane: Dataplane | null; waypoint: string | null } {
  if (!index || seed.kind === 'outside' || seed.kind === 'service') return UNKNOWN_DATAPLANE;
  if (seed.kind === 'workload' && seed.workload) {
    const workload = index.workload(seed.namespace, seed.workload);
    return workload ? index.dataplaneOf(workload) : UNKNOWN_DATAPLANE;
  }
  return (seed.app ? index.appDataplane(seed.namespace, seed.app) : undefined) ?? UNKNOWN_DATAPLANE;
}

function addIdleNodes(type: GraphType, index: MeshIndex, namespaces: readonly string[], node: (seed: NodeSeed, reported: boolean) => void): void {
  for (const namespace of namespaces) {
    for (const w of index.workloadsIn(namespace)) {
      const app = index.appOf(w);
      const version = w.podLabels['service.istio.io/canonical-revision'] ?? w.podLabels['app.kubernetes.io/version'] ?? w.podLabels.version;
      const service = index.serviceOf(namespace, w.name) ?? null;
      if (type === 'workload') node(workloadNode(namespace, w.name, app, version, service), false);
      else if (type === 'service') node(service ? serviceNode(namespace, service) : workloadNode(namespace, w.name, app, version, null), false);
      else node(sourceNode(type, { type: 'workload', namespace, workload: w.name, app, version, principal: undefined }, index), false);
    }
  }
}

function namespaceHealth(nodes: readonly GraphNode[]): NamespaceHealth[] {
  const byNamespace = new Map<string, { status: HealthStatus; nodes: Record<HealthStatus, number> }>();
  for (const n of nodes) {
    if (n.kind === 'outside') continue;
    let entry = byNamespace.get(n.namespace);
    if (!entry) byNamespace.set(n.namespace, (entry = { status: 'idle', nodes: { healthy: 0, degraded: 0, failure: 0, idle: 0 } }));
    entry.status = worst(entry.status, n.health.status);
    entry.nodes[n.health.status]++;
  }
  return [...byNamespace.keys()].sort().map((namespace) => ({ namespace, ...(byNamespace.get(namespace) as { status: HealthStatus; nodes: Record<HealthStatus, number> }) }));
}
