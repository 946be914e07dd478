// `--prometheus URL` for `serve` and `graph`: observed traffic from a Prometheus that scrapes Istio's metrics.
// A URL that cannot be one is a usage error (exit 2), found before anything starts.
import { PrometheusTelemetry } from '../telemetry/prometheus/prometheus-source.js';
import { CliExit } from './io.js';

export const PROMETHEUS_FLAG = '--prometheus <URL>';

export function prometheusSource(url: string): PrometheusTelemetry {
  try {
    return new PrometheusTelemetry({ url });
  } catch (error) {
    throw new CliExit(2, error instanceof Error ? error.message : String(error));
  }
}
