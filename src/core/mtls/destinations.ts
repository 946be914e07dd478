// Services and ServiceEntries as clients address them, with their endpoints.
import { hostMatches, qualifyHost, serviceHostname } from '../model/hosts.js';
import { selectorMatches } from '../model/labels.js';
import { pushTo } from '../model/lists.js';
import { refOf } from '../model/refs.js';
import type { Labels, ObjectRef, Service, ServiceEntry, ServicePort, Workload } from '../model/types.js';

export interface Endpoint {
  /** undefined when the endpoints are not known (Service without selector, DNS ServiceEntry). */
  readonly workload: Workload | undefined;
  /** The container port the service port resolves to on this endpoint. */
  readonly targetPort: number | undefined;
}

export interface Destination {
  readonly ref: ObjectRef;
  readonly hostname: string;
  readonly namespace: string;
  readonly servicePort: ServicePort;
  readonly external: boolean;
  /** Headless Service or ServiceEntry resolution NONE: all-or-nothing auto mTLS (§3.3 d). */
  readonly passthrough: boolean;
  /** Clients address it by a virtual IP: a Service with a cluster IP, or a ServiceEntry with `addresses`. */
  readonly virtualIp: boolean;
  /** Declared HTTP (name prefix or appProtocol): TLS that a sidecar cannot terminate is closed, not passed through. */
  readonly http: boolean;
  readonly endpoints: readonly Endpoint[];
}

const HTTP_PROTOCOLS = new Set(['http', 'http2', 'grpc', 'grpc-web', 'kubernetes.io/h2c']);

/** Istio's protocol selection: appProtocol, else the port name's prefix before '-'. */
export function isHttpPort(port: ServicePort): boolean {
  const declared = (port.appProtocol ?? port.name?.split('-')[0] ?? '').toLowerCase();
  return HTTP_PROTOCOLS.has(declared);
}

function resolveTargetPort(port: ServicePort, workload: Workload): number | undefined {
  if (typeof port.targetPort === 'number') return port.targetPort;
  return workload.ports.find((p) => p.name === port.targetPort)?.port;
}

export class ServiceRegistry {
  private readonly byHostname = new Map<string, Service | ServiceEntry>();
  private readonly wildcardEntries: ServiceEntry[] = [];
  private readonly workloadsByNamespace = new Map<string, Workload[]>();
  private readonly hostsByNamespace = new Map<string, { hostname: string; object: Service | ServiceEntry }[]>();
  private readonly servicesByNamespace = new Map<string, Service[]>();
  private readonly serviceEntriesByNamespace = new Map<string, ServiceEntry[]>();

  constructor(services: readonly Service[], serviceEntries: readonly ServiceEntry[], workloads: readonly Workload[]) {
    // Index loops over every workload and Service, once per registry (see buildSnapshot).
    for (let i = 0; i < workloads.length; i++) pushTo(this.workloadsByNamespace, workloads[i]!.namespace, workloads[i]!);
    for (let i = 0; i < services.length; i++) {
      const s = services[i]!;
      this.byHostname.set(serviceHostname(s.name, s.namespace), s);
      pushTo(this.servicesByNamespace, s.namespace, s);
    }
    for (const se of serviceEntries) {
      pushTo(this.serviceEntriesByNamespace, se.namespace, se);
      for (const host of se.hosts) {
        if (host.startsWith('*')) this.wildcardEntries.push(se);
        else if (!this.byHostname.has(host)) this.byHostname.set(host, se);
      }
    }
  }

  servicesIn(namespace: string): readonly Service[] {
    return this.servicesByNamespace.get(namespace) ?? [];
  }

  /** Made once per namespace: every workload of the namespace asks for the same list. */
  private readonly selectingByNamespace = new Map<string, readonly { object: Service | ServiceEntry; selector: Labels | undefined }[]>();

  /** Services and ServiceEntries of a namespace with the selector that picks their endpoints. */
  selectingObjectsIn(namespace: string): readonly { object: Service | ServiceEntry; selector: Labels | undefined }[] {
    let selecting = this.selectingByNamespace.get(namespace);
    if (!selecting) {
      selecting = [
        ...this.servicesIn(namespace).map((object) => ({ object, selector: object.selector })),
        ...(this.serviceEntriesByNamespace.get(namespace) ?? []).map((object) => ({ object, selector: object.workloadSelector })),
      ];
      this.selectingByNamespace.set(namespace, selecting);
    }
    return selecting;
  }

  /** Hostnames defined in a namespace (Services and non-wildcard ServiceEntry hosts). */
  hostsIn(namespace: string): readonly { hostname: string; object: Service | ServiceEntry }[] {
    if (this.hostsByNamespace.size === 0) this.byHostname.forEach((object, hostname) => pushTo(this.hostsByNamespace, object.namespace, { hostname, object }));
    return this.hostsByNamespace.get(namespace) ?? [];
  }

  workloadsIn(namespace: string): readonly Workload[] {
    return this.workloadsByNamespace.get(namespace) ?? [];
  }

  selectedWorkloads(namespace: string, selector: Labels | undefined): Workload[] {
    if (!selector) return [];
    return this.workloadsIn(namespace).filter((w) => selectorMatches(selector, w.podLabels));
  }

  /** The registry never changes, so each Service's or ServiceEntry's endpoints are looked up once. */
  private readonly selectedByObject = new Map<Service | ServiceEntry, readonly Workload[]>();

  /** The workloads a Service's selector (a ServiceEntry's workloadSelector) picks in its namespace. */
  workloadsSelectedBy(object: Service | ServiceEntry): readonly Workload[] {
    let selected = this.selectedByObject.get(object);
    if (!selected) {
      const selector = object.kind === 'Service' ? (object as Service).selector : (object as ServiceEntry).workloadSelector;
      selected = this.selectedWorkloads(object.namespace, selector);
      this.selectedByObject.set(object, selected);
    }
    return selected;
  }

  /** Accepts an FQDN, `name.namespace`, or a short name with `defaultNamespace`. */
  find(host: string, defaultNamespace = 'default'): { hostname: string; object: Service | ServiceEntry } | undefined {
    const parts = host.split('.');
    const candidates = [host, qualifyHost(host, defaultNamespace)];
    if (parts.length === 2 || (parts.length === 3 && parts[2] === 'svc')) candidates.push(serviceHostname(parts[0] ?? '', parts[1] ?? ''));
    for (const hostname of candidates) {
      const object = this.byHostname.get(hostname);
      if (object) return { hostname, object };
    }
    const wildcard = this.wildcardEntries.find((se) => se.hosts.some((h) => hostMatches(h, host)));
    return wildcard ? { hostname: host, object: wildcard } : undefined;
  }

  all(): { hostname: string; object: Service | ServiceEntry }[] {
    return [...this.byHostname].map(([hostname, object]) => ({ hostname, object }));
  }

  destinations(hostname: string, object: Service | ServiceEntry, servicePort?: number): Destination[] {
    const ports = object.ports.filter((p) => servicePort === undefined || p.port === servicePort);
    const workloads = this.workloadsSelectedBy(object);
    const external = object.kind === 'ServiceEntry' && (object as ServiceEntry).location === 'MESH_EXTERNAL';
    const passthrough = object.kind === 'Service' ? (object as Service).headless : (object as ServiceEntry).resolution === 'NONE';
    // A ServiceEntry's `addresses` are virtual IPs whatever its resolution; a headless Service has none.
    const virtualIp = object.kind === 'Service' ? !(object as Service).headless : (object as ServiceEntry).addresses.length > 0;
    return ports.map((port) => ({
      ref: refOf(object),
      hostname,
      namespace: object.namespace,
      servicePort: port,
      external,
      passthrough,
      virtualIp,
      // ServiceEntries declare the protocol in `protocol`; Services only carry L4 there (TCP/UDP).
      http: object.kind === 'ServiceEntry' ? HTTP_PROTOCOLS.has(port.protocol.toLowerCase()) : isHttpPort(port),
      endpoints: workloads.length > 0 ? workloads.map((w) => ({ workload: w, targetPort: resolveTargetPort(port, w) })) : [{ workload: undefined, targetPort: undefined }],
    }));
  }
}

