// A running lab as `meshlock lab` (and, later, `serve --demo`) starts it: the lab, traffic along the call
// graph, the control API on the listen address, and a watch on the SOURCE files that reconfigures it.
import type { Problem, Snapshot } from '../core/index.js';
import { loadSources } from '../sources/files/load.js';
import { serveControlApi, type ControlApi } from './control-api.js';
import { Lab } from './lab.js';
import { TrafficGenerator, type CallGraphEdge } from './traffic.js';
import { watchPaths, type Watcher } from './watch.js';

export interface LabSessionOptions {
  readonly snapshot: Snapshot;
  /** Files and directories to watch and reload; none for the built-in demo. */
  readonly watch: readonly string[];
  readonly cwd: string;
  readonly host: string;
  readonly port: number;
  readonly callGraph: readonly CallGraphEdge[];
  readonly ratePerSecond: number;
  readonly certLifetimeMs: number;
  readonly declaredPorts: boolean;
  /** Generated traffic stops after this long. */
  readonly trafficMs?: number;
  /** After each reload of the watched files: the load problems, or the error that kept the old config. */
  readonly onReload?: (result: { problems: readonly Problem[]; objects: number } | { error: Error }) => void;
}

export interface LabSession {
  readonly lab: Lab;
  readonly traffic: TrafficGenerator;
  /** Base URL of /metrics and the API. */
  readonly url: string;
  stop(): Promise<void>;
}

export async function startLabSession(options: LabSessionOptions): Promise<LabSession> {
  const lab = await Lab.start(options.snapshot, { certLifetimeMs: options.certLifetimeMs, declaredPorts: options.declaredPorts });
  const traffic = new TrafficGenerator(options.callGraph, (edge) => lab.call(edge.from, edge.to), {
    ratePerSecond: options.ratePerSecond,
    ...(options.trafficMs !== undefined && { durationMs: options.trafficMs }),
  });
  let api: ControlApi;
  try {
    api = await serveControlApi(lab, traffic, options.host, options.port);
  } catch (error) {
    await lab.stop();
    throw error;
  }
  let watcher: Watcher | undefined;
  if (options.watch.length > 0) {
    watcher = await watchPaths(options.watch, () => {
      loadSources(options.watch, options.cwd)
        .then(async (loaded) => {
          // A save that leaves nothing readable (a half-written file) keeps the running config.
          if (loaded.snapshot.objects.length === 0) throw new Error('nothing usable was read; keeping the running configuration');
          await lab.replaceSnapshot(loaded.snapshot);
          options.onReload?.({ problems: loaded.snapshot.problems, objects: loaded.snapshot.objects.length });
        })
        .catch((error: unknown) => options.onReload?.({ error: error instanceof Error ? error : new Error(String(error)) }));
    });
  }
  traffic.start();
  return {
    lab,
    traffic,
    url: api.url,
    async stop() {
      watcher?.close();
      await traffic.stop();
      await api.close();
      await lab.stop();
    },
  };
}
