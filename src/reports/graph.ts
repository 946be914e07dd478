// GET /api/graph and `meshlock graph -o json`: the telemetry source asked once (a constant number of backend
// queries), the graph built by core with the engine of the configuration for the predicted outcomes. A
// telemetry failure is part of the answer, next to the configured workloads, so the page explains itself
// instead of going blank; the CLI turns it into exit 2.
import { buildGraph, Predictor, type MtlsEngine } from '../core/index.js';
import { encodeGraph } from '../api/graph-columns.js';
import type { GraphType } from '../api/graph-schemas.js';
import type { TelemetrySource, TrafficResult } from '../telemetry/telemetry-source.js';

export interface GraphRequest {
  readonly type?: GraphType;
  readonly namespaces?: readonly string[];
  /** Seconds of look-back; default 10 minutes. */
  readonly duration?: number;
  readonly idleNodes?: 'true' | 'false';
}

/** The route's answer: the documented JSON, or the same graph in columns when asked (src/api/graph-columns.ts). */
export async function graphResponse(engine: MtlsEngine, traffic: TelemetrySource | undefined, request: GraphRequest & { readonly encoding?: 'json' | 'columns' }) {
  const report = await graphReport(engine, traffic, request);
  return request.encoding === 'columns' ? encodeGraph(report) : report;
}

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

export async function graphReport(engine: MtlsEngine, traffic: TelemetrySource | undefined, request: GraphRequest) {
  const type = request.type ?? 'workload';
  const durationSeconds = request.duration ?? DEFAULT_GRAPH_SECONDS;
  let result: TrafficResult | undefined;
  let error: string | null = null;
  if (traffic) {
    try {
      // The callers of the look-back come within the same queries (telemetry-source.ts `earlierCallersSeconds`).
      result = await traffic.traffic({ durationSeconds }, request.namespaces, { clientFailures: true, firstAndLastSeen: false, earlierCallersSeconds: Math.max(durationSeconds, CALLERS_LOOK_BACK_SECONDS) });
    } catch (failure) {
      error = failure instanceof Error ? failure.message : String(failure);
    }
  }
  // Without traffic to draw, the configured workloads are the graph; with it, only when asked (Kiali's idle nodes).
  const idle = !result || request.idleNodes === 'true';
  const built = buildGraph(result?.rows ?? [], {
    type,
    predictor: predictorFor(engine),
    ...(result?.earlierRows && { earlierRows: result.earlierRows }),
    ...(idle && { idleNamespaces: request.namespaces ?? engine.namespaceNames() }),
  });
  return {
    ...built,
    durationSeconds,
    endSeconds: result?.window.endSeconds ?? null,
    telemetry: { source: traffic?.description ?? null, queries: result?.queries ?? 0, error },
  };
}
