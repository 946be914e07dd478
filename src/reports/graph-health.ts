// GET /api/health: traffic health per namespace over a window, the graph's namespace health without the
// graph, for the overview's Health column (seed 001's 5xx anomalies). Health reads response codes, not the
// configuration, so the graph is built from telemetry alone; a telemetry failure is part of the answer.
import { buildGraph } from '../core/index.js';
import type { NamespaceHealthReport } from '../api/graph-schemas.js';
import type { TelemetrySource } from '../telemetry/telemetry-source.js';
import { DEFAULT_GRAPH_SECONDS } from './graph.js';

export async function namespaceHealthReport(traffic: TelemetrySource | undefined, request: { readonly duration?: number }): Promise<NamespaceHealthReport> {
  const durationSeconds = request.duration ?? DEFAULT_GRAPH_SECONDS;
  if (!traffic) return { durationSeconds, telemetry: { source: null, queries: 0, error: null }, namespaces: [] };
  try {
    const result = await traffic.traffic({ durationSeconds }, undefined, { clientFailures: true, firstAndLastSeen: false });
    const graph = buildGraph(result.rows, { type: 'workload' });
    return { durationSeconds, telemetry: { source: traffic.description, queries: result.queries, error: null }, namespaces: [...graph.namespaces] };
  } catch (failure) {
    return { durationSeconds, telemetry: { source: traffic.description, queries: 0, error: failure instanceof Error ? failure.message : String(failure) }, namespaces: [] };
  }
}
