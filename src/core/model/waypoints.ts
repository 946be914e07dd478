// Waypoints and what binds to them, as istiod's ambient index decides (pilot/pkg/serviceregistry/ambient/
// waypoints.go): a Gateway of the mesh controller's class is a waypoint; `istio.io/use-waypoint` on a Service,
// ServiceEntry or pod (else on its namespace) binds to it when it exists, accepts the namespace and carries that
// kind of traffic (`istio.io/waypoint-for`).
import { field, isRecord, list, str, stringList, stringMap } from './read.js';
import type { Labels, MeshObject, NamespaceInfo, WaypointRef } from './types.js';

export const USE_WAYPOINT = 'istio.io/use-waypoint';
export const USE_WAYPOINT_NAMESPACE = 'istio.io/use-waypoint-namespace';
const WAYPOINT_FOR = 'istio.io/waypoint-for';
const GATEWAY_API_GROUP = 'gateway.networking.k8s.io';
/** Istio's built-in waypoint class, and the controller a waypoint GatewayClass names. */
const WAYPOINT_CLASS = 'istio-waypoint';
const MESH_CONTROLLER = 'istio.io/mesh-controller';
/** Labels istiod's gateway controller puts on the waypoints it deploys: they never use a waypoint themselves. */
const MANAGED_BY = 'gateway.istio.io/managed';

/** Which traffic a waypoint takes: addressed to Services, to workloads (pod IPs), or both. */
export type WaypointTraffic = 'service' | 'workload';

export interface Waypoint {
  readonly ref: WaypointRef;
  readonly gateway: MeshObject;
  /** `istio.io/waypoint-for` of the Gateway, else of its GatewayClass, else `service`. */
  readonly trafficFor: string;
}

export interface WaypointBinding {
  /** The waypoint Istio binds; undefined when none. */
  readonly waypoint: WaypointRef | undefined;
  /** What asked for a waypoint (`istio.io/use-waypoint` on the object or its namespace), when anything did. */
  readonly requested: WaypointRef | undefined;
  /** Why, in a sentence, for explanations. */
  readonly reason: string;
}

/** An IPv4 or IPv6 address (a DNS name is no workload address). */
const IP_ADDRESS = /^(\d{1,3}(\.\d{1,3}){3}|[0-9a-fA-F:]*:[0-9a-fA-F:.]*)$/;

const isGatewayApi = (object: MeshObject): boolean => object.apiVersion.split('/')[0] === GATEWAY_API_GROUP;

/** Kubernetes label selector (matchLabels and matchExpressions), as the Gateway API's namespace selector is. */
function labelSelectorMatches(selector: unknown, labels: Labels): boolean {
  for (const [key, value] of Object.entries(stringMap(field(selector, 'matchLabels')))) if (labels[key] !== value) return false;
  for (const expression of list(field(selector, 'matchExpressions'))) {
    const key = str(field(expression, 'key')) ?? '';
    const values = stringList(field(expression, 'values'));
    const has = labels[key] !== undefined;
    switch (str(field(expression, 'operator'))) {
      case 'In':
        if (!has || !values.includes(labels[key] ?? '')) return false;
        break;
      case 'NotIn':
        if (has && values.includes(labels[key] ?? '')) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/** `istio.io/use-waypoint` of one object: a waypoint, an explicit opt-out (`none`), or nothing said. */
function useWaypoint(labels: Labels, defaultNamespace: string): WaypointRef | 'none' | undefined {
  const name = labels[USE_WAYPOINT];
  if (name === undefined) return undefined;
  if (name === 'none') return 'none';
  return { name, namespace: labels[USE_WAYPOINT_NAMESPACE] ?? defaultNamespace };
}

const formatWaypoint = (ref: WaypointRef): string => `${ref.namespace}/${ref.name}`;

export class WaypointIndex {
  private readonly waypoints = new Map<string, Waypoint>();
  private readonly namespaces: ReadonlyMap<string, NamespaceInfo>;

  constructor(gateways: readonly MeshObject[], gatewayClasses: readonly MeshObject[], namespaces: ReadonlyMap<string, NamespaceInfo>) {
    this.namespaces = namespaces;
    const classes = new Map(gatewayClasses.filter(isGatewayApi).map((c) => [c.name, c]));
    for (const gateway of gateways) {
      if (!isGatewayApi(gateway)) continue;
      const className = str(field(gateway.raw, 'spec', 'gatewayClassName')) ?? '';
      const gatewayClass = classes.get(className);
      const meshClass = className === WAYPOINT_CLASS || str(field(gatewayClass?.raw, 'spec', 'controllerName')) === MESH_CONTROLLER;
      if (!meshClass) continue;
      const ref = { namespace: gateway.namespace, name: gateway.name };
      const trafficFor = gateway.labels[WAYPOINT_FOR] ?? gatewayClass?.labels[WAYPOINT_FOR] ?? 'service';
      this.waypoints.set(formatWaypoint(ref), { ref, gateway, trafficFor });
    }
  }

  get(ref: WaypointRef): Waypoint | undefined {
    return this.waypoints.get(formatWaypoint(ref));
  }

  /** The waypoint for traffic addressed to a Service or ServiceEntry (its labels, else its namespace's). */
  forService(service: MeshObject): WaypointBinding {
    if (service.labels[MANAGED_BY] !== undefined) return { waypoint: undefined, requested: undefined, reason: `${service.namespace}/${service.name} is a waypoint or gateway itself` };
    return this.bind(service.labels, service.namespace, 'service');
  }

  /** The waypoint for traffic addressed to a workload's pods (its pod labels, else its namespace's). */
  forWorkload(podLabels: Labels, namespace: string): WaypointBinding {
    return this.bind(podLabels, namespace, 'workload');
  }

  /**
   * The waypoint of a ServiceEntry's first inline endpoint with an IP address: istiod makes such endpoints
   * workloads of their own, bound by the endpoint's labels, else the entry's namespace (workloads.go
   * serviceEntryWorkloadBuilder). Undefined when the entry has no such endpoint.
   */
  forEntryEndpoint(entry: MeshObject): WaypointBinding | undefined {
    const endpoint = list(field(entry.raw, 'spec', 'endpoints')).find((e) => IP_ADDRESS.test(str(field(e, 'address')) ?? ''));
    return endpoint === undefined ? undefined : this.bind(stringMap(field(endpoint, 'labels')), entry.namespace, 'workload');
  }

  /** The waypoint the labels bind, whatever traffic it takes (undefined traffic), or for one kind of traffic. */
  bind(labels: Labels, namespace: string, traffic?: WaypointTraffic): WaypointBinding {
    const own = useWaypoint(labels, namespace);
    if (own === 'none') return { waypoint: undefined, requested: undefined, reason: `${USE_WAYPOINT}=none opts out of waypoints` };
    const inherited = own === undefined ? useWaypoint(this.namespaces.get(namespace)?.labels ?? {}, namespace) : undefined;
    const requested = own ?? (inherited === 'none' ? undefined : inherited);
    if (!requested) return { waypoint: undefined, requested: undefined, reason: `neither the object nor namespace ${namespace} sets ${USE_WAYPOINT}` };
    const where = own ? `${USE_WAYPOINT}=${requested.name}` : `namespace ${namespace}'s ${USE_WAYPOINT}=${requested.name}`;
    const waypoint = this.get(requested);
    if (!waypoint) return { waypoint: undefined, requested, reason: `${where} names ${formatWaypoint(requested)}, which is no waypoint Gateway (class ${WAYPOINT_CLASS})` };
    if (!this.acceptsNamespace(waypoint, namespace)) {
      return { waypoint: undefined, requested, reason: `${where}: waypoint ${formatWaypoint(requested)} does not allow namespace ${namespace} (its HBONE listener's allowedRoutes)` };
    }
    if (traffic !== undefined && waypoint.trafficFor !== traffic && waypoint.trafficFor !== 'all') {
      return { waypoint: undefined, requested, reason: `${where}: waypoint ${formatWaypoint(requested)} is for ${waypoint.trafficFor} traffic, not ${traffic} traffic` };
    }
    return { waypoint: requested, requested, reason: `${where} binds waypoint ${formatWaypoint(requested)}` };
  }

  /**
   * The namespaces a waypoint accepts: its HBONE listener (port 15008)'s `allowedRoutes.namespaces` — `Same`
   * (the default), `All`, or a `Selector` on namespace labels (waypoints.go makeAllowedRoutes).
   */
  private acceptsNamespace(waypoint: Waypoint, namespace: string): boolean {
    const listener = list(field(waypoint.gateway.raw, 'spec', 'listeners')).find((l) => field(l, 'protocol') === 'HBONE' && field(l, 'port') === 15008);
    const allowed = field(listener, 'allowedRoutes', 'namespaces');
    const from = isRecord(allowed) ? (str(allowed.from) ?? 'Same') : 'Same';
    if (from === 'All') return true;
    if (from === 'Selector') {
      const labels = { ...this.namespaces.get(namespace)?.labels, 'kubernetes.io/metadata.name': namespace };
      return labelSelectorMatches(field(allowed, 'selector'), labels);
    }
    return waypoint.ref.namespace === namespace;
  }
}
