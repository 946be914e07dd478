// Which objects must be re-checked when one object changes. Every object gets two key sets:
//   reach(X): what a change of X can alter in the world checks see;
//   scope(O): what the checks of O read.
// O is re-checked when it is the changed object, or scope(O) meets reach(X) (for the old and the new X).
// Keys: `ns:<namespace>` (objects of a namespace and the hosts it owns), `kind:<Kind>` (objects of a kind
// anywhere), `external-hosts` (any name outside the cluster domain), or ALL. The rule, per kind, is listed in
// docs/validations.md ("Incremental validation").
import { isWorkloadKind } from '../model/kinds.js';
import { field, list, str } from '../model/read.js';
import type { MeshObject } from '../model/types.js';
import { hostNamespace } from './kiali-host.js';
import { rulesOf } from './authorization-policy/rules.js';

const ALL = 'all';
/** The key that meets every other key. */
export const ALL_KEYS = ALL;
/** External names are matched with wildcards (`*.example.com`), so they are not split by name. */
const EXTERNAL_HOSTS = 'external-hosts';
export type Keys = ReadonlySet<string>;

/** Hosts that cover every namespace: a rule for them concerns the whole mesh. */
const MESH_HOSTS = new Set(['*', '*.local', '*.cluster.local', '*.svc.cluster.local']);

/** A host's namespace key, or for a name outside the cluster domain one key shared by all such names. */
function hostKeys(host: string, namespace: string, keys: Set<string>): void {
  if (MESH_HOSTS.has(host)) keys.add(ALL);
  const ns = hostNamespace(host, namespace);
  keys.add(ns !== undefined ? `ns:${ns}` : EXTERNAL_HOSTS);
}

/** Destination hosts of a VirtualService's routes. */
function routeHosts(object: MeshObject): string[] {
  return ['http', 'tcp', 'tls'].flatMap((protocol) =>
    list(field(object.raw, 'spec', protocol)).flatMap((route) => list(field(route, 'route')).flatMap((r) => str(field(r, 'destination', 'host')) ?? [])),
  );
}

export function reachKeys(object: MeshObject, rootNamespace: string): Keys {
  const keys = new Set([`ns:${object.namespace}`, `kind:${object.kind}`]);
  if (object.kind === 'Namespace' || object.kind === 'ConfigMap' || object.namespace === rootNamespace) keys.add(ALL);
  if (isWorkloadKind(object.kind)) keys.add('kind:Workload');
  if (object.kind === 'DestinationRule') hostKeys(str(field(object.raw, 'spec', 'host')) ?? '', object.namespace, keys);
  if (object.kind === 'VirtualService') for (const host of routeHosts(object)) hostKeys(host, object.namespace, keys);
  return keys;
}

/**
 * `checked` says whether any checker looks at the object's kind: objects nobody checks depend on nothing
 * but themselves. Kinds whose checks this file does not describe read everything.
 */
export function scopeKeys(object: MeshObject, rootNamespace: string, checked: boolean): Keys {
  if (!checked) return new Set();
  const keys = new Set([`ns:${object.namespace}`]);
  switch (object.kind) {
    case 'Service':
      // Port names, and the Deployments its selector picks in its namespace (§2.4.11).
      return keys;
    case 'Telemetry':
    case 'WasmPlugin':
      // Ambient enrollment: namespace labels and waypoints (§2.4.12).
      keys.add('kind:Gateway');
      return keys;
    case 'PeerAuthentication':
      // The mesh policy's MSL007 asks what clients send to kubernetes.default; its KIA0401 whether any sidecar
      // workload of the mesh is STRICT (workloads and their policies everywhere).
      if (object.namespace === rootNamespace) keys.add('ns:default').add('kind:Workload').add('kind:PeerAuthentication');
      return keys;
    case 'DestinationRule': {
      const host = str(field(object.raw, 'spec', 'host')) ?? '';
      hostKeys(host, object.namespace, keys);
      keys.add('kind:ServiceEntry');
      // MSL011 asks what ambient clients send, which a Service's waypoint (a Gateway) changes.
      keys.add('kind:Gateway');
      return keys;
    }
    case 'AuthorizationPolicy': {
      keys.add('kind:Gateway');
      for (const { rule } of rulesOf(object)) {
        for (const from of list(rule.from)) {
          for (const principal of list(field(from, 'source', 'principals'))) {
            const match = typeof principal === 'string' ? /\/ns\/([^/*]+)\/sa\//.exec(principal) : null;
            keys.add(match?.[1] ? `ns:${match[1]}` : 'kind:Workload');
          }
        }
        if (list(rule.to).some((to) => list(field(to, 'operation', 'hosts')).length > 0)) {
          for (const kind of ['Service', 'ServiceEntry', 'VirtualService', 'Gateway']) keys.add(`kind:${kind}`);
        }
      }
      return keys;
    }
    case 'RequestAuthentication':
      keys.add('kind:Gateway');
      return keys;
    case 'VirtualService':
      // Destinations (Services, subsets of their DestinationRules), gateways, and the other VirtualServices
      // for the same hosts (kiali-backend-reference §2.4.5).
      for (const host of routeHosts(object)) hostKeys(host, object.namespace, keys);
      for (const kind of ['Gateway', 'ServiceEntry', 'VirtualService']) keys.add(`kind:${kind}`);
      return keys;
    default:
      if (isWorkloadKind(object.kind)) {
        // Policies of its namespace, and waypoints (Gateways and their workloads) it may be enrolled to.
        for (const key of ['kind:Gateway', 'kind:Workload']) keys.add(key);
        return keys;
      }
      return new Set([ALL]);
  }
}

export function meets(scope: Keys, reach: Keys): boolean {
  if (scope.has(ALL) || reach.has(ALL)) return scope.size > 0;
  for (const key of scope) if (reach.has(key)) return true;
  return false;
}
