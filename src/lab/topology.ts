// What the lab runs for a snapshot: one loopback address per workload (as a pod IP), and per workload
// port what the app speaks and whether a Service declares it HTTP (which changes how a sidecar treats
// TLS it cannot terminate, istio-mtls-semantics §1.6).
import { selectorMatches, serviceHostname, type MtlsEngine, type Workload } from '../core/index.js';
import { spiffeId } from './ca.js';

export type AppProtocol = 'http' | 'tcp';

export interface LabPort {
  readonly targetPort: number;
  /** A Service port targeting it is declared HTTP (name prefix or appProtocol). */
  readonly declaredHttp: boolean;
  /** HTTP unless every Service port (or, without one, the container port name) declares a TCP protocol. */
  readonly app: AppProtocol;
  /** Hostnames of the Services whose ports resolve to this target port. */
  readonly services: readonly string[];
}

export interface LabWorkload {
  /** `namespace/name`. */
  readonly key: string;
  readonly workload: Workload;
  readonly address: string;
  readonly spiffeId: string;
  readonly app: string;
  readonly version: string;
  readonly ports: readonly LabPort[];
}

/** Ports Istio treats as opaque TCP when named so (protocol selection by name prefix or appProtocol). */
const TCP_PROTOCOLS = new Set(['tcp', 'tls', 'https', 'mysql', 'mongo', 'redis']);

function declaredProtocol(name: string | undefined, appProtocol?: string): string {
  return (appProtocol ?? name?.split('-')[0] ?? '').toLowerCase();
}

export const workloadKey = (workload: { namespace: string; name: string }): string => `${workload.namespace}/${workload.name}`;

/** 127.0.0.2 upward, then 127.0.1.0 …: the whole of 127.0.0.0/8 is loopback on Linux without setup. */
function loopbackAddress(index: number): string {
  const n = index + 2;
  return `127.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
}

/**
 * Workloads with their addresses. Addresses in `previous` are kept, so a reconfiguration never moves a
 * workload that stays; new workloads take the lowest free address.
 */
export function planWorkloads(engine: MtlsEngine, previous: ReadonlyMap<string, string>): LabWorkload[] {
  const workloads = [...engine.snapshot.workloads].sort((a, b) => (workloadKey(a) < workloadKey(b) ? -1 : 1));
  const used = new Set<string>();
  for (const w of workloads) {
    const address = previous.get(workloadKey(w));
    if (address) used.add(address);
  }
  let next = 0;
  const trustDomain = engine.meshConfig.trustDomain;
  return workloads.map((workload) => {
    let address = previous.get(workloadKey(workload));
    if (!address) {
      while (used.has(loopbackAddress(next))) next++;
      address = loopbackAddress(next);
      used.add(address);
    }
    return {
      key: workloadKey(workload),
      workload,
      address,
      spiffeId: spiffeId(trustDomain, workload.namespace, workload.serviceAccount),
      app: workload.podLabels.app ?? workload.name,
      version: workload.podLabels.version ?? 'unknown',
      ports: engine.workloadPorts(workload).map((targetPort) => labPort(engine, workload, targetPort)),
    };
  });
}

function labPort(engine: MtlsEngine, workload: Workload, targetPort: number): LabPort {
  const services: string[] = [];
  const protocols: string[] = [];
  let declaredHttp = false;
  for (const service of engine.services.servicesIn(workload.namespace)) {
    if (!service.selector || !selectorMatches(service.selector, workload.podLabels)) continue;
    const hostname = serviceHostname(service.name, service.namespace);
    for (const port of service.ports) {
      const resolved = typeof port.targetPort === 'number' ? port.targetPort : workload.ports.find((p) => p.name === port.targetPort)?.port;
      if (resolved !== targetPort) continue;
      if (!services.includes(hostname)) services.push(hostname);
      protocols.push(declaredProtocol(port.name, port.appProtocol));
      declaredHttp ||= engine.services.destinations(hostname, service, port.port).some((d) => d.http);
    }
  }
  if (protocols.length === 0) protocols.push(declaredProtocol(workload.ports.find((p) => p.port === targetPort)?.name));
  const app: AppProtocol = protocols.every((p) => TCP_PROTOCOLS.has(p)) ? 'tcp' : 'http';
  return { targetPort, declaredHttp, app, services };
}
