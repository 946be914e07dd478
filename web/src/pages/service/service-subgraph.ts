// The part of a workload graph that concerns one service: the edges that reached it (by the service they
// named, predicted failures included) and the workloads behind it, with the callers of those edges.
import type { Graph } from '../../../../src/api/graph-schemas.js';

export interface ServiceScope {
  /** The service's FQDN, as edges name it in `services`. */
  readonly hostname: string;
  readonly namespace: string;
  /** Names of the workloads the service selects. */
  readonly workloads: readonly string[];
}

export function serviceSubgraph(graph: Graph, scope: ServiceScope): Graph {
  const backends = new Set(scope.workloads.map((w) => `workload:${scope.namespace}/${w}`));
  const edges = graph.edges.filter((e) => e.services.includes(scope.hostname));
  const kept = new Set(backends);
  for (const e of edges) {
    kept.add(e.source);
    kept.add(e.target);
  }
  const nodes = graph.nodes.filter((n) => kept.has(n.id));
  const namespaces = new Set(nodes.map((n) => n.namespace));
  return { ...graph, nodes, edges, namespaces: graph.namespaces.filter((n) => namespaces.has(n.namespace)) };
}
