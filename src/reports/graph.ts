// GET /api/graph and `meshlock graph -o json`: the telemetry source asked once (a constant number of backend
// queries), the graph built by core with the engine of the configuration for the predicted outcomes. A
// telemetry failure is part of the answer, next to the configured workloads, so the page explains itself
// instead of going blank; the CLI turns it into exit 2.
import { buildGraph, Predictor, type MtlsEngine, type TrafficGraph, type TrafficRow } from '../core/index.js';
import { encodeGraph, encodeGraphParts, type GraphParts } from '../api/graph-columns.js';
import type { GraphType } from '../api/graph-schemas.js';
import type { TelemetrySource, TrafficResult } from '../telemetry/telemetry-source.js';
import { trafficWindow } from './observed-traffic.js';

export interface GraphRequest {
  readonly type?: GraphType;
  readonly namespaces?: readonly string[];
  /** Seconds of look-back; default 10 minutes. */
  readonly duration?: number;
  /** End of the window in seconds since the epoch; default now. */
  readonly end?: number;
  readonly idleNodes?: 'true' | 'false';
}

/** The route's answer: the documented JSON, or the same graph in columns when asked (src/api/graph-columns.ts). */
export async function graphResponse(engine: MtlsEngine, traffic: TelemetrySource | undefined, request: GraphRequest & { readonly encoding?: 'json' | 'columns' }) {
  const report = await graphReport(engine, traffic, request);
  if (request.encoding !== 'columns') return report;
  // The graph's columns are kept with the graph: a reload over unchanged telemetry encodes only the window.
  let parts = encodedParts.get(report.nodes);
  if (!parts) encodedParts.set(report.nodes, (parts = encodeGraphParts(report)));
  return encodeGraph(report, parts);
}

/** The columns of a kept graph, by its node list (a rebuilt graph has a new one). */
const encodedParts = new WeakMap<object, GraphParts>();

export const DEFAULT_GRAPH_SECONDS = 600;

/**
 * How far back callers are remembered: an edge seen within the last day that the configuration now refuses
 * stays on the graph as a predicted failure (core/graph/build-graph.ts `earlierRows`). The lab's store holds
 * 15 minutes, so there it is those.
 */
export const CALLERS_LOOK_BACK_SECONDS = 86_400;

/** One per engine: the server's engines are per revision and never change, so refreshes reuse predictions. */
const predictors = new WeakMap<MtlsEngine, Predictor>();

function predictorFor(engine: MtlsEngine): Predictor {
  let found = predictors.get(engine);
  if (!found) predictors.set(engine, (found = new Predictor(engine)));
  return found;
}

interface KeptGraph {
  readonly rows: readonly TrafficRow[];
  readonly earlierRows: readonly TrafficRow[] | undefined;
  readonly graph: TrafficGraph;
}

/** Questions kept per engine: the settings a few open pages use. */
const KEPT_QUESTIONS = 16;

/**
 * The last graph per engine and question, with the telemetry it was built from. The build is a function of
 * the configuration, the question and the rows alone, so rows equal to the kept ones (a reload before the
 * next scrape, a source whose counters did not move) give the kept graph instead of a new build.
 */
const keptGraphs = new WeakMap<MtlsEngine, Map<string, KeptGraph>>();

function graphFor(engine: MtlsEngine, question: string, rows: readonly TrafficRow[], earlierRows: readonly TrafficRow[] | undefined, build: () => TrafficGraph): TrafficGraph {
  let byQuestion = keptGraphs.get(engine);
  if (!byQuestion) keptGraphs.set(engine, (byQuestion = new Map()));
  const kept = byQuestion.get(question);
  if (kept && sameData(kept.rows, rows) && sameData(kept.earlierRows, earlierRows)) return kept.graph;
  const graph = build();
  // Most recent last, so the oldest question goes first.
  byQuestion.delete(question);
  byQuestion.set(question, { rows, earlierRows, graph });
  if (byQuestion.size > KEPT_QUESTIONS) byQuestion.delete(byQuestion.keys().next().value as string);
  return graph;
}

/** Plain data (rows: objects, arrays, strings, numbers) equal field by field; a fifth of util.isDeepStrictEqual's time on rows. */
function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameData(a[i], b[i])) return false;
    return true;
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  for (const key in left) if (!(key in right) || !sameData(left[key], right[key])) return false;
  for (const key in right) if (!(key in left)) return false;
  return true;
}

export async function graphReport(engine: MtlsEngine, traffic: TelemetrySource | undefined, request: GraphRequest) {
  const type = request.type ?? 'workload';
  const durationSeconds = request.duration ?? DEFAULT_GRAPH_SECONDS;
  let result: TrafficResult | undefined;
  let error: string | null = null;
  if (traffic) {
    try {
      // The callers of the look-back come within the same queries (telemetry-source.ts `earlierCallersSeconds`).
      result = await traffic.traffic(trafficWindow(durationSeconds, request.end), request.namespaces, { clientFailures: true, firstAndLastSeen: false, earlierCallersSeconds: Math.max(durationSeconds, CALLERS_LOOK_BACK_SECONDS) });
    } catch (failure) {
      error = failure instanceof Error ? failure.message : String(failure);
    }
  }
  // Without traffic to draw, the configured workloads are the graph; with it, only when asked (Kiali's idle nodes).
  const idle = !result || request.idleNodes === 'true';
  const rows = result?.rows ?? [];
  const earlierRows = result?.earlierRows;
  const idleNamespaces = idle ? (request.namespaces ?? engine.namespaceNames()) : undefined;
  const built = graphFor(engine, JSON.stringify([type, idleNamespaces]), rows, earlierRows, () =>
    buildGraph(rows, { type, predictor: predictorFor(engine), ...(earlierRows && { earlierRows }), ...(idleNamespaces && { idleNamespaces }) }),
  );
  return {
    ...built,
    durationSeconds,
    // The asked end even when telemetry failed: the answer names the window it was about.
    endSeconds: result?.window.endSeconds ?? request.end ?? null,
    telemetry: { source: traffic?.description ?? null, queries: result?.queries ?? 0, error },
  };
}
