// meshlock's answers for one world against Istio's (the oracle's JSON), per workload port and per edge.
import { buildSnapshot, edgeReport, MtlsEngine, queryEdges, statusReport, waypointName, type EdgeReport, type StatusReport } from '../../core/index.js';
import { parseText } from '../../documents/parse.js';

/** What the oracle prints for one world (conformance/oracle/judge.go, `Result`). */
export interface OracleResult {
  readonly id: string;
  readonly workloads: readonly {
    namespace: string;
    name: string;
    sidecar: boolean;
    /** `sidecar`, `ambient` (istiod tells ztunnel the pod takes HBONE) or `none`. */
    dataplane: string;
    sidecarReason: string;
    ports: { port: number; mode: string }[];
  }[];
  readonly edges: readonly {
    source: string;
    destination: { host: string; port: number; namespace: string; workload: string | null };
    clientSends: string;
    serverMode: string;
    outcome: string;
    reason: string;
    /** The waypoint (`namespace/name`) the connection passes through; absent when none. */
    waypoint?: string;
  }[];
  /** Istio objects Istio's validation refuses; a cluster never stores them, so both sides judge the world without them. */
  readonly rejected: readonly { kind: string; namespace: string; name: string; reason: string }[];
  readonly error?: string;
}

export interface Disagreement {
  /** `sidecar` (the data plane), `port` or `edge`. */
  readonly kind: 'sidecar' | 'port' | 'edge';
  /** The workload or edge, as a person would name it. */
  readonly subject: string;
  readonly meshlock: string;
  readonly istio: string;
}

export interface MeshlockView {
  readonly engine: MtlsEngine;
  readonly status: StatusReport;
  /** `edges` as printed, plus the waypoint each connection passes through (`explain` shows it). */
  readonly edges: readonly (EdgeReport & { readonly waypoint: string | null })[];
}

export function meshlockView(yaml: string, rejected: OracleResult['rejected'] = []): MeshlockView {
  const parsed = parseText(yaml, 'world.yaml');
  const refused = new Set(rejected.map((r) => `${r.kind}/${r.namespace}/${r.name}`));
  const objects = parsed.objects.filter((o) => !refused.has(`${o.kind}/${o.namespace}/${o.name}`));
  const problems = parsed.problems;
  const engine = new MtlsEngine(buildSnapshot(objects, problems));
  const result = queryEdges(engine, {}, Number.MAX_SAFE_INTEGER);
  if ('error' in result) throw new Error(result.error);
  return { engine, status: statusReport(engine), edges: result.edges.map((e) => ({ ...edgeReport(e), waypoint: waypointName(e.decision.waypoint) })) };
}

export const edgeKey = (e: { source: string; destination: { host: string; port: number; workload: string | null } }): string =>
  `${e.source} → ${e.destination.host}:${e.destination.port} (${e.destination.workload ?? 'no workload'})`;

export function compare(view: MeshlockView, oracle: OracleResult): Disagreement[] {
  const out: Disagreement[] = [];
  const istioWorkloads = new Map(oracle.workloads.map((w) => [`${w.namespace}/${w.name}`, w]));
  for (const mine of view.status.workloads) {
    const key = `${mine.namespace}/${mine.name}`;
    const theirs = istioWorkloads.get(key);
    if (!theirs) {
      out.push({ kind: 'sidecar', subject: key, meshlock: `workload, sidecar=${mine.sidecar}`, istio: 'no such workload' });
      continue;
    }
    istioWorkloads.delete(key);
    if (mine.dataplane !== theirs.dataplane) {
      const reason = view.engine.findWorkload(mine.namespace, mine.name)?.dataplaneReason ?? '';
      out.push({ kind: 'sidecar', subject: key, meshlock: `dataplane=${mine.dataplane} (${reason})`, istio: `dataplane=${theirs.dataplane} (${theirs.sidecarReason})` });
      continue;
    }
    const istioPorts = new Map(theirs.ports.map((p) => [p.port, p.mode]));
    for (const port of mine.ports) {
      const mode = istioPorts.get(port.port);
      istioPorts.delete(port.port);
      if (mode !== port.mode) out.push({ kind: 'port', subject: `${key}:${port.port}`, meshlock: `${port.mode} (${port.decidedBy ?? 'default'})`, istio: mode ?? 'port not served' });
    }
    for (const [port, mode] of istioPorts) out.push({ kind: 'port', subject: `${key}:${port}`, meshlock: 'port not listed', istio: mode });
  }
  for (const key of istioWorkloads.keys()) out.push({ kind: 'sidecar', subject: key, meshlock: 'no such workload', istio: 'workload' });

  const istioEdges = new Map(oracle.edges.map((e) => [edgeKey(e), e]));
  for (const mine of view.edges) {
    const key = edgeKey(mine);
    const theirs = istioEdges.get(key);
    istioEdges.delete(key);
    if (!theirs) {
      out.push({ kind: 'edge', subject: key, meshlock: `${mine.clientSends} → ${mine.outcome}`, istio: 'no such edge' });
      continue;
    }
    const theirWaypoint = theirs.waypoint ?? null;
    if (mine.clientSends !== theirs.clientSends || mine.outcome !== theirs.outcome || mine.waypoint !== theirWaypoint) {
      const via = (waypoint: string | null) => (waypoint ? ` via waypoint ${waypoint}` : '');
      out.push({
        kind: 'edge',
        subject: key,
        meshlock: `${mine.clientSends}${via(mine.waypoint)} → ${mine.serverMode} → ${mine.outcome} (${mine.clientDecidedBy ?? 'auto'}; ${mine.reason})`,
        istio: `${theirs.clientSends}${via(theirWaypoint)} → ${theirs.serverMode} → ${theirs.outcome} (${theirs.reason})`,
      });
    }
  }
  for (const [key, theirs] of istioEdges) out.push({ kind: 'edge', subject: key, meshlock: 'no such edge', istio: `${theirs.clientSends} → ${theirs.outcome}` });
  return out;
}
