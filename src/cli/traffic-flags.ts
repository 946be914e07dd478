// Observed traffic for `readiness` and `whatif`: Prometheus (--prometheus URL), a running lab (--lab URL), or
// none. Asking for telemetry and not getting it is an error (exit 2): judging without traffic would change
// the answer.
import type { Command } from 'commander';
import { observeTraffic, type Observed } from '../reports/observed-traffic.js';
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

async function windowSeconds(flags: TrafficFlags): Promise<number> {
  // The API's schemas (zod) load only for commands that read traffic: the others start faster without them.
  const { LookBack } = await import('../api/schemas.js');
  const parsed = LookBack.safeParse(flags.window);
  if (!parsed.success) throw new CliExit(2, `--window ${flags.window}: ${parsed.error.issues[0]?.message ?? 'not a duration'}`);
  return parsed.data;
}

function trafficSource(flags: TrafficFlags): TelemetrySource | undefined {
  if (flags.prometheus !== undefined && flags.lab !== undefined) throw new CliExit(2, 'give --prometheus or --lab, not both');
  if (flags.lab !== undefined) return labApiTrafficSource(flags.lab);
  return flags.prometheus === undefined ? undefined : prometheusSource(flags.prometheus);
}

/** The traffic of the window (no rows without a telemetry flag); telemetry that does not answer is exit 2. */
export async function observedTraffic(flags: TrafficFlags, namespaces?: readonly string[]): Promise<Observed & { readonly windowSeconds: number }> {
  const seconds = await windowSeconds(flags);
  const observed = await observeTraffic(trafficSource(flags), { durationSeconds: seconds }, namespaces);
  if (observed.info?.error != null) throw new CliExit(2, `cannot read traffic from ${observed.info.source}: ${observed.info.error}`);
  return { ...observed, windowSeconds: seconds };
}
