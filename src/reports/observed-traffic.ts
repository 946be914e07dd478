// Observed traffic for readiness, what-if and evidence: one call to the telemetry source per request. A
// source that fails does not fail the answer: it is computed without traffic, and says why.
import type { SeenTrafficRow, TrafficWindow } from '../core/index.js';
import type { TelemetryInfo } from '../api/schemas.js';
import type { TelemetrySource } from '../telemetry/telemetry-source.js';

/** Ten minutes: two Prometheus scrapes of a slow job, and within the lab store's fifteen minutes. */
export const DEFAULT_WINDOW_SECONDS = 600;

export interface Observed {
  /** undefined: no telemetry (none configured, or it failed). */
  readonly rows: readonly SeenTrafficRow[] | undefined;
  readonly info: TelemetryInfo;
  /** The window asked for: its length, and its end when it does not end now. */
  readonly window: TrafficWindow;
}

/** The window of `windowSeconds` that ends at `endSeconds`, or now when that is absent. */
export function trafficWindow(windowSeconds: number, endSeconds: number | undefined): TrafficWindow {
  return endSeconds === undefined ? { durationSeconds: windowSeconds } : { durationSeconds: windowSeconds, endSeconds };
}

export async function observeTraffic(source: TelemetrySource | undefined, window: TrafficWindow, namespaces?: readonly string[]): Promise<Observed> {
  if (!source) return { rows: undefined, info: null, window };
  const windowSeconds = window.durationSeconds;
  try {
    const result = await source.traffic(window, namespaces);
    return { rows: result.rows, info: { source: source.description, windowSeconds, error: null }, window };
  } catch (error) {
    return { rows: undefined, info: { source: source.description, windowSeconds, error: error instanceof Error ? error.message : String(error) }, window };
  }
}
