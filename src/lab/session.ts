// A running lab as `meshlock lab` and `serve --demo` start it: the lab following a LiveMesh (every revision
// of the one store the process has reconfigures it), traffic along the call graph, and the control API on
// the listen address, whose config writes go to the same source.
import type { ObjectRef } from '../core/index.js';
import type { LiveMesh } from '../sources/live-mesh.js';
import { applyConfigText, removeConfig, type AppliedConfig } from './config-door.js';
import { serveControlApi, type ControlApi } from './control-api.js';
import { Lab } from './lab.js';
import { TrafficGenerator, type CallGraphEdge } from './traffic.js';

export interface LabSessionOptions {
  /** The mesh the lab runs and writes to. */
  readonly live: LiveMesh;
  readonly host: string;
  readonly port: number;
  readonly callGraph: readonly CallGraphEdge[];
  readonly ratePerSecond: number;
  readonly certLifetimeMs: number;
  readonly declaredPorts: boolean;
  /** Generated traffic stops after this long. */
  readonly trafficMs?: number;
  /** After a revision could not be run (a port that cannot be bound): the error; the lab keeps what it ran. */
  readonly onError?: (error: Error) => void;
}

export interface LabSession {
  readonly lab: Lab;
  readonly traffic: TrafficGenerator;
  /** Base URL of /metrics and the API. */
  readonly url: string;
  /** Creates or replaces the objects of a YAML text through the source; resolves once the lab runs them. */
  apply(text: string): Promise<AppliedConfig>;
  remove(ref: ObjectRef): Promise<boolean>;
  stop(): Promise<void>;
}

export async function startLabSession(options: LabSessionOptions): Promise<LabSession> {
  const { live } = options;
  const lab = await Lab.start(live.current.engine, { certLifetimeMs: options.certLifetimeMs, declaredPorts: options.declaredPorts });
  const unfollow = live.onRevision(({ revision }) => {
    lab.use(revision.engine).catch((error: unknown) => options.onError?.(error instanceof Error ? error : new Error(String(error))));
  });
  const traffic = new TrafficGenerator(options.callGraph, (edge) => lab.call(edge.from, edge.to), {
    ratePerSecond: options.ratePerSecond,
    ...(options.trafficMs !== undefined && { durationMs: options.trafficMs }),
  });
  const session = {
    lab,
    traffic,
    async apply(text: string) {
      const result = await applyConfigText(live, text);
      await lab.settled();
      return result;
    },
    async remove(ref: ObjectRef) {
      const removed = await removeConfig(live, ref);
      await lab.settled();
      return removed;
    },
  };
  let api: ControlApi;
  try {
    api = await serveControlApi(session, options.host, options.port);
  } catch (error) {
    unfollow();
    await lab.stop();
    throw error;
  }
  traffic.start();
  return {
    ...session,
    url: api.url,
    async stop() {
      unfollow();
      await traffic.stop();
      await api.close();
      await lab.stop();
    },
  };
}
