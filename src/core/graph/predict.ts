// What the configuration says about an observed edge: the engine's outcome for the client → service →
// endpoint that telemetry names (the same answer as `meshlock edges`). Telemetry carries no port, so every
// port of the service whose protocol matches is asked; distinct answers are all kept.
import { hasSidecar } from '../model/dataplane.js';
import { formatRef } from '../model/refs.js';
import { selectorMatches } from '../model/labels.js';
import type { Dataplane, Service, Workload } from '../model/types.js';
import { waypointName } from '../mtls/report.js';
import type { Client } from '../mtls/client-decision.js';
import type { Destination } from '../mtls/destinations.js';
import type { MtlsEngine } from '../mtls/engine.js';
import type { TrafficRow } from '../telemetry/types.js';
import type { EdgePrediction } from './types.js';

/** Most distinct predictions kept per edge: enough to show that parts disagree. */
export const MAX_PREDICTIONS = 4;

/** Snapshot lookups the builder makes per row, each answered once. */
export class MeshIndex {
  private readonly engine: MtlsEngine;
  private readonly workloads = new Map<string, Workload | undefined>();
  private readonly services = new Map<string, string | undefined>();
  private readonly apps = new Map<string, boolean | undefined>();
  private readonly appPlanes = new Map<string, AppDataplane | undefined>();

  constructor(engine: MtlsEngine) {
    this.engine = engine;
  }

  workload(namespace: string, name: string): Workload | undefined {
    const key = `${namespace}/${name}`;
    if (!this.workloads.has(key)) this.workloads.set(key, this.engine.findWorkload(namespace, name));
    return this.workloads.get(key);
  }

  /** The Service that selects a workload (first by name), for the service graph's source nodes. */
  serviceOf(namespace: string, name: string): string | undefined {
    const key = `${namespace}/${name}`;
    if (!this.services.has(key)) {
      const workload = this.workload(namespace, name);
      const selecting = workload
        ? this.engine.services
            .servicesIn(namespace)
            .filter((s: Service) => s.selector !== undefined && selectorMatches(s.selector, workload.podLabels))
            .map((s) => s.name)
            .sort()[0]
        : undefined;
      this.services.set(key, selecting);
    }
    return this.services.get(key);
  }

  /** Whether every workload of an app (canonical service) has a sidecar; undefined when none is known. */
  appSidecar(namespace: string, app: string): boolean | undefined {
    const key = `${namespace}/${app}`;
    if (!this.apps.has(key)) {
      const members = this.engine.services.workloadsIn(namespace).filter((w) => canonicalService(w) === app);
      this.apps.set(key, members.length === 0 ? undefined : members.every((w) => hasSidecar(w)));
    }
    return this.apps.get(key);
  }

  /** The data plane and waypoint of a workload; an ambient workload's waypoint as Istio binds it. */
  dataplaneOf(workload: Workload): AppDataplane {
    return { dataplane: workload.dataplane, waypoint: waypointName(this.engine.waypointOf(workload).waypoint) };
  }

  /** The data plane (and waypoint) every workload of an app shares; undefined when none is known or they differ. */
  appDataplane(namespace: string, app: string): AppDataplane | undefined {
    const key = `${namespace}/${app}`;
    if (!this.appPlanes.has(key)) {
      const members = this.engine.services.workloadsIn(namespace).filter((w) => canonicalService(w) === app).map((w) => this.dataplaneOf(w));
      const first = members[0];
      const shared = first !== undefined && members.every((m) => m.dataplane === first.dataplane && m.waypoint === first.waypoint);
      this.appPlanes.set(key, shared ? first : undefined);
    }
    return this.appPlanes.get(key);
  }

  workloadsIn(namespace: string): readonly Workload[] {
    return this.engine.services.workloadsIn(namespace);
  }

  appOf(workload: Workload): string {
    return canonicalService(workload);
  }
}

export interface AppDataplane {
  readonly dataplane: Dataplane;
  readonly waypoint: string | null;
}

/** Istio's canonical service of a workload: the label that names it, else its app label, else its name. */
function canonicalService(workload: Workload): string {
  const labels = workload.podLabels;
  return labels['service.istio.io/canonical-name'] ?? labels['app.kubernetes.io/name'] ?? labels.app ?? workload.name;
}

/**
 * Predictions for one engine, remembered: a console refreshing the same graph on an unchanged configuration
 * asks the engine only about edges it has not seen. Only for an engine nobody changes (the server's, one per
 * revision); the lab's engine changes in place, so each build over it gets a fresh Predictor.
 */
export class Predictor {
  readonly index: MeshIndex;
  private readonly engine: MtlsEngine;
  private readonly byKey = new Map<string, readonly EdgePrediction[]>();
  private readonly destinations = new Map<string, readonly Destination[]>();

  constructor(engine: MtlsEngine) {
    this.engine = engine;
    this.index = new MeshIndex(engine);
  }

  /** Empty when the configuration does not know the client, the service or the endpoint. */
  predict(row: TrafficRow): readonly EdgePrediction[] {
    const source = row.source.type === 'outside' ? 'outside' : `${row.source.namespace}/${row.source.workload}`;
    const key = `${source}|${row.destination.service ?? ''}|${row.destination.namespace}/${row.destination.workload}|${row.protocol === 'tcp' ? 'tcp' : 'http'}`;
    let found = this.byKey.get(key);
    if (!found) this.byKey.set(key, (found = this.compute(row)));
    return found;
  }

  private compute(row: TrafficRow): readonly EdgePrediction[] {
    let client: Client;
    if (row.source.type === 'outside') client = { type: 'outside' };
    else {
      const workload = this.index.workload(row.source.namespace, row.source.workload);
      if (!workload) return [];
      client = { type: 'workload', workload };
    }
    const host = row.destination.service;
    if (!host) return [];
    const all = this.destinationsOf(host);
    // Telemetry names no port: HTTP traffic went to an HTTP port, TCP to another, when the service says so.
    const matching = all.filter((d) => d.http === (row.protocol !== 'tcp'));
    const predictions = new Map<string, EdgePrediction>();
    for (const destination of matching.length > 0 ? matching : all) {
      for (const endpoint of destination.endpoints) {
        const w = endpoint.workload;
        if (row.destination.workload && w && (w.name !== row.destination.workload || w.namespace !== row.destination.namespace)) continue;
        const edge = this.engine.edge(client, destination, endpoint);
        const prediction: EdgePrediction = {
          outcome: edge.outcome.outcome,
          clientSends: edge.decision.sends,
          clientDecidedBy: edge.decision.decidedBy ? formatRef(edge.decision.decidedBy) : null,
          serverMode: edge.serverMode,
          serverDecidedBy: edge.server?.decidedBy ? formatRef(edge.server.decidedBy) : null,
          reason: edge.outcome.reason,
          port: destination.servicePort.port,
          waypoint: waypointName(edge.decision.waypoint),
        };
        const key = `${prediction.outcome}|${prediction.clientSends}|${prediction.serverMode}|${prediction.waypoint ?? ''}`;
        if (!predictions.has(key) && predictions.size < MAX_PREDICTIONS) predictions.set(key, prediction);
      }
    }
    return [...predictions.values()];
  }

  private destinationsOf(host: string): readonly Destination[] {
    let found = this.destinations.get(host);
    if (!found) {
      const target = this.engine.services.find(host);
      found = target ? this.engine.services.destinations(target.hostname, target.object) : [];
      this.destinations.set(host, found);
    }
    return found;
  }
}
