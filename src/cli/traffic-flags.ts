// Observed traffic for `readiness` and `whatif`: Prometheus (--prometheus URL), a running lab (--lab URL), or
// none, over a window that ends now or at --end. Asking for telemetry and not getting it is an error (exit 2):
// judging without traffic would change the answer.
import type { Command } from 'commander';
import { observeTraffic, trafficWindow, type Observed } from '../reports/observed-traffic.js';
import { labApiTrafficSource } from '../telemetry/embedded/traffic-source.js';
import type { TelemetrySource } from '../telemetry/telemetry-source.js';
import { CliExit } from './io.js';
import { PROMETHEUS_FLAG, prometheusSource } from './prometheus-flag.js';

export interface TrafficFlags {
  prometheus?: string;
  lab?: string;
  window: string;
  end?: string;
}

export const DEFAULT_WINDOW = '10m';

/** `--end` without telemetry would be ignored: the answer would read like one about that time, and is not. */
export const END_NEEDS_TELEMETRY = '--end needs --prometheus: without observed traffic there is no window to end';
/** What `--end` takes, for the help of every command that has it. */
export const END_HELP = 'RFC 3339 such as 2026-12-06T14:05:00Z, or whole seconds since the epoch';

export function addTrafficOptions(command: Command): Command {
  return command
    .option(PROMETHEUS_FLAG, 'observed traffic from a Prometheus that scrapes Istio\'s standard metrics')
    .option('--lab <URL>', 'observed traffic from a running `meshlock lab` (its --listen address)')
    .option('--window <DURATION>', 'look-back of the observed traffic: 30s, 10m, 1h, 7d', DEFAULT_WINDOW)
    .option('--end <TIME>', `end of that window: ${END_HELP} (default: now; --lab answers only now)`);
}

/** --window and --end in seconds, checked as the API checks `window` and `end`. */
async function windowOf(flags: TrafficFlags): Promise<{ seconds: number; end: number | undefined }> {
  // The API's schemas (zod) load only for commands that read traffic: the others start faster without them.
  const { LookBack, WindowEnd } = await import('../api/schemas.js');
  const seconds = LookBack.safeParse(flags.window);
  if (!seconds.success) throw new CliExit(2, `--window ${flags.window}: ${seconds.error.issues[0]?.message ?? 'not a duration'}`);
  if (flags.end === undefined) return { seconds: seconds.data, end: undefined };
  const end = WindowEnd.safeParse(flags.end);
  if (!end.success) throw new CliExit(2, `--end ${flags.end}: ${end.error.issues[0]?.message ?? 'not a time'}`);
  return { seconds: seconds.data, end: end.data };
}

/** The telemetry `--prometheus` or `--lab` names; undefined when neither is given. Both is exit 2. */
export function telemetryFlagSource(flags: Pick<TrafficFlags, 'prometheus' | 'lab'>): TelemetrySource | undefined {
  if (flags.prometheus !== undefined && flags.lab !== undefined) throw new CliExit(2, 'give --prometheus or --lab, not both');
  if (flags.lab !== undefined) return labApiTrafficSource(flags.lab);
  return flags.prometheus === undefined ? undefined : prometheusSource(flags.prometheus);
}

/** The traffic of the window (no rows without a telemetry flag); telemetry that does not answer is exit 2. */
export async function observedTraffic(flags: TrafficFlags, namespaces?: readonly string[]): Promise<Observed> {
  const window = await windowOf(flags);
  const source = telemetryFlagSource(flags);
  if (window.end !== undefined && !source) throw new CliExit(2, END_NEEDS_TELEMETRY);
  const observed = await observeTraffic(source, trafficWindow(window.seconds, window.end), namespaces);
  if (observed.info?.error != null) throw new CliExit(2, `cannot read traffic from ${observed.info.source}: ${observed.info.error}`);
  return observed;
}
