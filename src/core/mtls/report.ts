// The JSON contracts of `status`, `edges` and `explain` (docs/product.md in the shared brief), built from the engine.
import { hasSidecar, inMesh } from '../model/dataplane.js';
import { formatRef } from '../model/refs.js';
import type { Dataplane, ObjectRef, WaypointRef, Workload } from '../model/types.js';
import type { Client, ClientSends } from './client-decision.js';
import type { EdgeOutcome, ServerMode } from './edge-outcome.js';
import type { EdgeResult, Lock, MtlsEngine, NamespaceRollup, RollupMode } from './engine.js';
import { cite, citeZtunnel, ISTIO, ZTUNNEL } from './istio-source.js';
import type { KialiStatus } from './kiali-status.js';

const ref = (r: ObjectRef | null): string | null => (r ? formatRef(r) : null);

/** A waypoint as the contracts print it: `namespace/name`. */
export const waypointName = (w: WaypointRef | undefined): string | null => (w ? `${w.namespace}/${w.name}` : null);

export interface StatusReport {
  mesh: { rootNamespace: string; autoMtls: boolean; mode: RollupMode; lock: Lock; status: KialiStatus; decidedBy: string | null };
  namespaces: { name: string; mode: RollupMode; lock: Lock; status: KialiStatus; decidedBy: string | null }[];
  workloads: {
    namespace: string;
    name: string;
    sidecar: boolean;
    /** What carries the workload's traffic: its sidecar, its node's ztunnel (ambient), or nothing. */
    dataplane: Dataplane;
    /** The waypoint an ambient workload is bound to, as `namespace/name`; null for none. */
    waypoint: string | null;
    ports: { port: number; mode: ServerMode; decidedBy: string | null }[];
  }[];
}

export function statusReport(engine: MtlsEngine, namespaceFilter?: string): StatusReport {
  const mesh = engine.mesh();
  const names = engine.namespaceNames().filter((n) => namespaceFilter === undefined || n === namespaceFilter);
  const namespaces = names.map((name) => engine.namespace(name));
  return {
    mesh: { rootNamespace: mesh.rootNamespace, autoMtls: mesh.autoMtls, mode: mesh.mode, lock: mesh.lock, status: mesh.status, decidedBy: ref(mesh.decidedBy) },
    namespaces: namespaces.map((n) => ({ name: n.name, mode: n.mode, lock: n.lock, status: n.status, decidedBy: ref(n.decidedBy) })),
    workloads: workloadRows(namespaces),
  };
}

/** Every namespace's workloads by name, namespaces in order: a loop, as flatMap over 2,000 namespaces is slow. */
function workloadRows(namespaces: readonly NamespaceRollup[]): StatusReport['workloads'] {
  const rows: StatusReport['workloads'] = [];
  for (const n of namespaces) {
    for (const w of [...n.workloads].sort((a, b) => (a.workload.name < b.workload.name ? -1 : 1))) {
      rows.push({
        namespace: w.workload.namespace,
        name: w.workload.name,
        sidecar: hasSidecar(w.workload),
        dataplane: w.workload.dataplane,
        waypoint: waypointName(w.waypoint),
        ports: w.ports.map((p) => ({ port: p.targetPort, mode: p.mode, decidedBy: p.decision ? ref(p.decision.decidedBy) : null })),
      });
    }
  }
  return rows;
}

export interface EdgeReport {
  source: string;
  destination: { host: string; port: number; namespace: string; workload: string | null };
  clientSends: ClientSends;
  clientDecidedBy: string | null;
  serverMode: ServerMode;
  outcome: EdgeOutcome;
  reason: string;
}

export interface EdgeExplanation extends EdgeReport {
  /** The endpoint's data plane receives an HBONE tunnel (Istio mTLS between the data planes). */
  hbone: boolean;
  /** The waypoint the connection passes through, as `namespace/name`; clientSends is then the waypoint's hop. */
  waypoint: string | null;
  client: string[];
  server: string[];
}

export function clientName(client: Client): string {
  return client.type === 'outside' ? 'outside' : `${client.workload.namespace}/${client.workload.name}`;
}

export function edgeReport(edge: EdgeResult): EdgeReport {
  return {
    source: clientName(edge.client),
    destination: {
      host: edge.destination.hostname,
      port: edge.destination.servicePort.port,
      namespace: edge.destination.namespace,
      workload: edge.endpoint.workload?.name ?? null,
    },
    clientSends: edge.decision.sends,
    clientDecidedBy: ref(edge.decision.decidedBy),
    serverMode: edge.serverMode,
    outcome: edge.outcome.outcome,
    reason: edge.outcome.reason,
  };
}

/** The last step of a server-side explanation: who enforces the port's mode. */
const ENFORCER_STEP: Readonly<Record<Dataplane, (port: string, mode: ServerMode) => string>> = {
  sidecar: (port, mode) => cite(`target port ${port} is ${mode} at the sidecar`, ISTIO.inboundChains),
  ambient: (port, mode) => citeZtunnel(`target port ${port} is ${mode} at ztunnel (HBONE is always accepted)`, ZTUNNEL.inboundRbac),
  none: (port) => `target port ${port} has nothing in front of it`,
};

const notInMesh = (workload: Workload): string => `${workload.namespace}/${workload.name} has no sidecar and is not in ambient (${workload.dataplaneReason})`;

export function explainEdge(edge: EdgeResult): EdgeExplanation {
  const workload = edge.endpoint.workload;
  let server: string[];
  if (edge.destination.external && !(workload !== undefined && inMesh(workload))) server = [`${edge.destination.hostname} is outside the mesh (MESH_EXTERNAL)`];
  else if (!workload) server = [cite('the endpoints are not known; treated as a destination without sidecar', ISTIO.endpointServices)];
  else if (!inMesh(workload)) server = [cite(notInMesh(workload), ISTIO.injectRequired)];
  else server = [...(edge.server?.explanation ?? []), ENFORCER_STEP[workload.dataplane](String(edge.endpoint.targetPort ?? '(unresolved)'), edge.serverMode)];
  return { ...edgeReport(edge), hbone: edge.decision.hbone, waypoint: waypointName(edge.decision.waypoint), client: [...edge.decision.explanation], server };
}

export type EdgeQuery = { from?: string; to?: string };

/** Parses `--from`/`--to` and lists the matching edges; a bad query returns an error message. */
export function queryEdges(engine: MtlsEngine, query: EdgeQuery, limit = 200_000): { edges: EdgeResult[] } | { error: string } {
  let clients: Client[];
  if (query.from === undefined) {
    clients = [{ type: 'outside' }, ...engine.snapshot.workloads.map((workload): Client => ({ type: 'workload', workload }))];
  } else if (query.from === 'outside') {
    clients = [{ type: 'outside' }];
  } else {
    const [namespace, name, extra] = query.from.split('/');
    const workload = namespace && name && extra === undefined ? engine.findWorkload(namespace, name) : undefined;
    if (!workload) return { error: `--from ${query.from}: no such workload; use NAMESPACE/WORKLOAD or "outside"` };
    clients = [{ type: 'workload', workload }];
  }
  let targets;
  if (query.to === undefined) {
    targets = engine.services.all().map((t) => ({ ...t, port: undefined as number | undefined }));
  } else {
    const match = /^(.+?)(?::(\d+))?$/.exec(query.to);
    const host = match?.[1] ?? query.to;
    const found = engine.services.find(host);
    if (!found) return { error: `--to ${query.to}: no Service or ServiceEntry has host ${host}` };
    const port = match?.[2] ? Number(match[2]) : undefined;
    if (port !== undefined && !found.object.ports.some((p) => p.port === port)) {
      return { error: `--to ${query.to}: ${found.hostname} has no port ${port} (ports: ${found.object.ports.map((p) => p.port).join(', ') || 'none'})` };
    }
    targets = [{ ...found, port }];
  }
  const destinations = targets.flatMap((t) => engine.services.destinations(t.hostname, t.object, t.port));
  const count = clients.length * destinations.reduce((n, d) => n + d.endpoints.length, 0);
  if (count > limit) return { error: `${count} edges match; narrow the query with --from or --to` };
  const edges: EdgeResult[] = [];
  for (const client of clients) {
    for (const destination of destinations) {
      for (const endpoint of destination.endpoints) {
        if (client.type === 'workload' && endpoint.workload === client.workload) continue;
        edges.push(engine.edge(client, destination, endpoint));
      }
    }
  }
  return { edges };
}

export interface WorkloadExplanation {
  namespace: string;
  name: string;
  sidecar: boolean;
  sidecarReason: string;
  dataplane: Dataplane;
  waypoint: string | null;
  workload: { mode: ServerMode; decidedBy: string | null; explanation: string[] };
  ports: { port: number; mode: ServerMode; decidedBy: string | null; explanation: string[] }[];
}

export function explainWorkload(engine: MtlsEngine, namespace: string, name: string, port?: number): WorkloadExplanation | { error: string } {
  const workload = engine.findWorkload(namespace, name);
  if (!workload) return { error: `no workload ${namespace}/${name}` };
  const ports = port === undefined ? engine.workloadPorts(workload) : [port];
  const modes = engine.workloadModes(workload, ports);
  const noSidecar = [cite(`${notInMesh(workload)}; nothing enforces mTLS on its ports`, ISTIO.injectRequired)];
  return {
    namespace,
    name,
    sidecar: hasSidecar(workload),
    sidecarReason: workload.dataplaneReason,
    dataplane: workload.dataplane,
    waypoint: waypointName(modes.waypoint),
    workload: modes.workloadMode
      ? { mode: modes.workloadMode.mode, decidedBy: ref(modes.workloadMode.decidedBy), explanation: [...modes.workloadMode.explanation] }
      : { mode: 'NONE', decidedBy: null, explanation: noSidecar },
    ports: modes.ports.map((p) => ({
      port: p.targetPort,
      mode: p.mode,
      decidedBy: p.decision ? ref(p.decision.decidedBy) : null,
      explanation: p.decision ? [...p.decision.explanation] : noSidecar,
    })),
  };
}
