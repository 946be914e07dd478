// Which node a row's source and destination become in each graph type (kiali-backend-reference §3.1):
// workloads, apps (canonical service), versioned apps, services, and one node for callers outside the mesh.
// IDs are readable, `KIND:NAMESPACE/NAME[/VERSION]`, so scripts can name them.
import type { TrafficDestination, TrafficPeer } from '../telemetry/types.js';
import type { MeshIndex } from './predict.js';
import type { GraphType, NodeKind } from './types.js';

export interface NodeSeed {
  readonly id: string;
  readonly kind: NodeKind;
  readonly namespace: string;
  readonly workload: string | null;
  readonly app: string | null;
  readonly version: string | null;
  readonly service: string | null;
}

export const OUTSIDE: NodeSeed = { id: 'outside', kind: 'outside', namespace: 'unknown', workload: null, app: null, version: null, service: null };

/** `NAME.NAMESPACE.svc.DOMAIN` for Kubernetes Services; other hosts (ServiceEntries) stay whole. */
export function serviceName(host: string, fallbackNamespace: string): { name: string; namespace: string } {
  const match = /^([^.]+)\.([^.]+)\.svc(\.|$)/.exec(host);
  return match ? { name: match[1] ?? host, namespace: match[2] ?? fallbackNamespace } : { name: host, namespace: fallbackNamespace };
}

export function workloadNode(namespace: string, workload: string, app: string | undefined, version: string | undefined, service: string | null): NodeSeed {
  return { id: `workload:${namespace}/${workload}`, kind: 'workload', namespace, workload, app: app ?? null, version: version ?? null, service };
}

export function serviceNode(namespace: string, name: string): NodeSeed {
  return { id: `service:${namespace}/${name}`, kind: 'service', namespace, workload: null, app: null, version: null, service: name };
}

function appNode(type: GraphType, namespace: string, app: string, version: string | undefined): NodeSeed {
  const versioned = type === 'versionedApp' && version !== undefined;
  return {
    id: versioned ? `app:${namespace}/${app}/${version}` : `app:${namespace}/${app}`,
    kind: 'app',
    namespace,
    workload: null,
    app,
    version: versioned ? version : null,
    service: null,
  };
}

export function sourceNode(type: GraphType, peer: TrafficPeer, index: MeshIndex | undefined): NodeSeed {
  if (peer.type === 'outside') return OUTSIDE;
  const service = index?.serviceOf(peer.namespace, peer.workload) ?? null;
  switch (type) {
    case 'workload':
      return workloadNode(peer.namespace, peer.workload, peer.app, peer.version, service);
    case 'app':
    case 'versionedApp':
      return appNode(type, peer.namespace, peer.app ?? peer.workload, peer.version);
    case 'service':
      // A workload no Service selects is a root of the service graph (a traffic generator, a job): it stays a workload.
      return service ? serviceNode(peer.namespace, service) : workloadNode(peer.namespace, peer.workload, peer.app, peer.version, null);
  }
}

export function destinationNode(type: GraphType, destination: TrafficDestination): NodeSeed {
  const service = destination.service ? serviceName(destination.service, destination.namespace) : undefined;
  const workload = destination.workload !== '' && destination.workload !== 'unknown' ? destination.workload : undefined;
  // Without a workload (a client-reported failure with no endpoint, an external host) the service is all there is.
  if (type === 'service' || !workload) {
    if (service) return serviceNode(service.namespace, service.name);
    if (workload) return workloadNode(destination.namespace, workload, destination.app, destination.version, null);
    return serviceNode(destination.namespace || 'unknown', 'unknown');
  }
  if (type === 'workload') return workloadNode(destination.namespace, workload, destination.app, destination.version, service?.name ?? null);
  return appNode(type, destination.namespace, destination.app ?? workload, destination.version);
}
