// What the lab runs for a snapshot: one loopback address per workload (as a pod IP), and per workload
// port what the app speaks and whether a Service or ServiceEntry declares it HTTP (which changes how a
// sidecar treats TLS it cannot terminate, istio-mtls-semantics §1.6).
import type { MtlsEngine, Workload } from '../core/index.js';
import { spiffeId } from './ca.js';

export type AppProtocol = 'http' | 'tcp';

export interface LabPort {
  readonly targetPort: number;
  /** A Service or ServiceEntry port targeting it is declared HTTP (name prefix or appProtocol). */
  readonly declaredHttp: boolean;
  /** HTTP unless every such port (or, without one, the container port name) declares a TCP protocol. */
  readonly app: AppProtocol;
  /** Hostnames of the Services and ServiceEntries whose ports resolve to this target port. */
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
  const served = servedPorts(engine);
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
      ports: workloadPorts(engine, workload, served.get(workloadKey(workload))),
    };
  });
}

/** How the Service and ServiceEntry ports that resolve to one target port declare it. */
interface PortDeclarations {
  readonly services: string[];
  readonly protocols: string[];
  declaredHttp: boolean;
}

/**
 * Per workload, the target ports it serves as an endpoint, read from the same endpoints `meshlock edges`
 * lists: a ServiceEntry's workloadSelector (WorkloadEntries of a VM) makes a port as much as a Service does.
 */
function servedPorts(engine: MtlsEngine): Map<string, Map<number, PortDeclarations>> {
  const served = new Map<string, Map<number, PortDeclarations>>();
  for (const { hostname, object } of engine.services.all()) {
    for (const destination of engine.services.destinations(hostname, object)) {
      for (const { workload, targetPort } of destination.endpoints) {
        if (!workload || targetPort === undefined) continue;
        const key = workloadKey(workload);
        const ports = served.get(key) ?? new Map<number, PortDeclarations>();
        served.set(key, ports);
        let declared = ports.get(targetPort);
        if (!declared) ports.set(targetPort, (declared = { services: [], protocols: [], declaredHttp: false }));
        if (!declared.services.includes(hostname)) declared.services.push(hostname);
        declared.protocols.push(declaredProtocol(destination.servicePort.name, destination.servicePort.appProtocol));
        declared.declaredHttp ||= destination.http;
      }
    }
  }
  return served;
}

function workloadPorts(engine: MtlsEngine, workload: Workload, served: ReadonlyMap<number, PortDeclarations> | undefined): LabPort[] {
  const targetPorts = new Set([...engine.workloadPorts(workload), ...(served?.keys() ?? [])]);
  return [...targetPorts].sort((a, b) => a - b).map((targetPort) => labPort(workload, targetPort, served?.get(targetPort)));
}

function labPort(workload: Workload, targetPort: number, declared: PortDeclarations | undefined): LabPort {
  const protocols = declared ? declared.protocols : [declaredProtocol(workload.ports.find((p) => p.port === targetPort)?.name)];
  const app: AppProtocol = protocols.every((p) => TCP_PROTOCOLS.has(p)) ? 'tcp' : 'http';
  return { targetPort, declaredHttp: declared?.declaredHttp ?? false, app, services: declared?.services ?? [] };
}
