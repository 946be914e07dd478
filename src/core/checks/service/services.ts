// Kubernetes Services as the Service checks read them: in the mesh or not, and the protocol names Istio knows.
import { field, list, str } from '../../model/read.js';
import type { MeshObject, Service } from '../../model/types.js';
import type { CheckContext } from '../context.js';

export function asService(object: MeshObject): Service | undefined {
  return object.kind === 'Service' && 'ports' in object ? (object as Service) : undefined;
}


/** Some pod behind the Service runs a sidecar or is captured by ztunnel. */
export function inMesh(ctx: CheckContext, service: Service): boolean {
  return ctx.engine.services.workloadsSelectedBy(service).some((w) => w.dataplane !== 'none');
}

/** Istio's protocol.Parse (case-insensitive). */
const PROTOCOLS = new Set(['tcp', 'udp', 'grpc', 'grpc-web', 'http', 'http_proxy', 'http2', 'https', 'tls', 'mongo', 'redis', 'mysql']);
/** appProtocol values Istio maps beyond its own names. */
const KUBERNETES_APP_PROTOCOLS = new Set(['kubernetes.io/h2c', 'kubernetes.io/ws', 'kubernetes.io/wss']);

/** How Istio reads a port name: `grpc-web…`, else the part before the first `-`. */
export function namedProtocolKnown(name: string): boolean {
  const lower = name.toLowerCase();
  return lower.startsWith('grpc-web') || PROTOCOLS.has(lower.split('-')[0] ?? '');
}

export function appProtocolKnown(appProtocol: string): boolean {
  const lower = appProtocol.toLowerCase();
  return PROTOCOLS.has(lower) || KUBERNETES_APP_PROTOCOLS.has(lower);
}

export interface MeshPort {
  readonly index: number;
  readonly name: string;
  readonly appProtocol: string | undefined;
}

/**
 * The ports whose protocol declaration matters: non-UDP ports of Services whose pods are in the mesh, except
 * the `kiali_wizard` Services Kiali generates itself.
 */
export function meshPorts(ctx: CheckContext, object: MeshObject): readonly MeshPort[] {
  // Two checks ask per Service; like inMesh, the answer lasts as long as the workloads and the Service do.
  const known = ctx.memoOn(ctx.snapshot.workloads, 'mesh-ports', () => new WeakMap<MeshObject, readonly MeshPort[]>());
  let ports = known.get(object);
  if (!ports) {
    ports = portsOf(ctx, object);
    known.set(object, ports);
  }
  return ports;
}

function portsOf(ctx: CheckContext, object: MeshObject): readonly MeshPort[] {
  const service = asService(object);
  if (!service || service.labels['kiali_wizard'] !== undefined || !inMesh(ctx, service)) return [];
  const ports: MeshPort[] = [];
  list(field(service.raw, 'spec', 'ports')).forEach((port, index) => {
    if ((str(field(port, 'protocol')) ?? '').toLowerCase() !== 'udp') ports.push({ index, name: str(field(port, 'name')) ?? '', appProtocol: str(field(port, 'appProtocol')) });
  });
  return ports;
}
