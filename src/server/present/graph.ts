// The traffic graph's nodes. Edges come from telemetry (requests actually seen), and no telemetry source is
// connected yet, so the edge list is empty rather than invented.
import { selectorMatches } from '../../core/index.js';
import type { Graph } from '../../api/schemas.js';
import type { MeshView } from '../mesh-view.js';

export function graph(view: MeshView, namespaces: readonly string[] | undefined): Graph {
  const wanted = namespaces ? new Set(namespaces) : undefined;
  const nodes = view.snapshot.workloads
    .filter((w) => !wanted || wanted.has(w.namespace))
    .map((w) => {
      const service = view.engine.services.servicesIn(w.namespace).find((s) => s.selector !== undefined && selectorMatches(s.selector, w.podLabels));
      return { id: `${w.namespace}/${w.name}`, namespace: w.namespace, workload: w.name, app: w.podLabels.app ?? null, service: service?.name ?? null, sidecar: w.sidecar };
    });
  return { nodes, edges: [] };
}
