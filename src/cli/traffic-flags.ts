// Observed traffic for `readiness` and `whatif`: Prometheus (--prometheus URL), a running lab (--lab URL), or
// none. Asking for telemetry and not getting it is an error (exit 2): judging without traffic would change
// the answer.
import type { Command } from 'commander';
import { LookBack } from '../api/schemas.js';
import type { SeenTrafficRow } from '../core/index.js';
import { labApiTrafficSource } from '../telemetry/embedded/traffic-source.js';
import type { TelemetrySource } from '../telemetry/telemetry-source.js';
import { CliExit } from './io.js';
import { PROMETHEUS_FLAG, prometheusSource } from './prometheus-flag.js';

export interface TrafficFlags {
  prometheus?: string;
  lab?: string;
  window: string;
}

export const DEFAULT_WINDOW = '10m';

export function addTrafficOptions(command: Command): Command {
  return command
    .option(PROMETHEUS_FLAG, 'observed traffic from a Prometheus that scrapes Istio\'s standard metrics')
    .option('--lab <URL>', 'observed traffic from a running `meshlock lab` (its --listen address)')
    .option('--window <DURATION>', 'look-back of the observed traffic: 30s, 10m, 1h, 7d', DEFAULT_WINDOW);
}

export function windowSeconds(flags: TrafficFlags): number {
  const parsed = LookBack.safeParse(flags.window);
  if (!parsed.success) throw new CliExit(2, `--window ${flags.window}: ${parsed.error.issues[0]?.message ?? 'not a duration'}`);
  return parsed.data;
}

function trafficSource(flags: TrafficFlags): TelemetrySource | undefined {
  if (flags.prometheus !== undefined && flags.lab !== undefined) throw new CliExit(2, 'give --prometheus or --lab, not both');
  if (flags.lab !== undefined) return labApiTrafficSource(flags.lab);
  return flags.prometheus === undefined ? undefined : prometheusSource(flags.prometheus);
}

/** The rows of the window, or undefined without a telemetry flag. */
export async function observedRows(flags: TrafficFlags, namespaces?: readonly string[]): Promise<{ rows: readonly SeenTrafficRow[] | undefined; source: string | null; windowSeconds: number }> {
  const seconds = windowSeconds(flags);
  const source = trafficSource(flags);
  if (!source) return { rows: undefined, source: null, windowSeconds: seconds };
  try {
    return { rows: (await source.traffic({ durationSeconds: seconds }, namespaces)).rows, source: source.description, windowSeconds: seconds };
  } catch (error) {
    throw new CliExit(2, `cannot read traffic from ${source.description}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
