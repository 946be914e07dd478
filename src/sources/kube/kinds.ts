// Every kind the engine reads from a cluster, with the versions to try in order. Istio kinds prefer v1 and
// fall back to what older control planes serve; discovery picks the first version the server has.

export interface WatchedKind {
  readonly kind: string;
  /** '' for the core group. */
  readonly group: string;
  readonly versions: readonly string[];
  readonly namespaced: boolean;
}

const NETWORKING = ['v1', 'v1beta1', 'v1alpha3'];
const SECURITY = ['v1', 'v1beta1'];

export const WATCHED_KINDS: readonly WatchedKind[] = [
  { kind: 'Namespace', group: '', versions: ['v1'], namespaced: false },
  { kind: 'Deployment', group: 'apps', versions: ['v1'], namespaced: true },
  { kind: 'StatefulSet', group: 'apps', versions: ['v1'], namespaced: true },
  { kind: 'DaemonSet', group: 'apps', versions: ['v1'], namespaced: true },
  { kind: 'ReplicaSet', group: 'apps', versions: ['v1'], namespaced: true },
  { kind: 'Pod', group: '', versions: ['v1'], namespaced: true },
  { kind: 'Service', group: '', versions: ['v1'], namespaced: true },
  // Only the mesh's ConfigMaps are read (see kube-source.ts), never every ConfigMap of the cluster.
  { kind: 'ConfigMap', group: '', versions: ['v1'], namespaced: true },
  { kind: 'PeerAuthentication', group: 'security.istio.io', versions: SECURITY, namespaced: true },
  { kind: 'AuthorizationPolicy', group: 'security.istio.io', versions: SECURITY, namespaced: true },
  { kind: 'DestinationRule', group: 'networking.istio.io', versions: NETWORKING, namespaced: true },
  { kind: 'VirtualService', group: 'networking.istio.io', versions: NETWORKING, namespaced: true },
  { kind: 'Gateway', group: 'networking.istio.io', versions: NETWORKING, namespaced: true },
  { kind: 'ServiceEntry', group: 'networking.istio.io', versions: NETWORKING, namespaced: true },
  { kind: 'WorkloadEntry', group: 'networking.istio.io', versions: NETWORKING, namespaced: true },
  { kind: 'Sidecar', group: 'networking.istio.io', versions: NETWORKING, namespaced: true },
];

/** A kind as the server serves it: the version discovery chose and the plural its URLs use. */
export interface ServedKind {
  readonly kind: string;
  readonly group: string;
  readonly version: string;
  readonly apiVersion: string;
  readonly plural: string;
  readonly namespaced: boolean;
}

/** `/api/v1` or `/apis/<group>/<version>`, then `namespaces/<ns>/` when scoped, then the plural. */
export function collectionPath(served: Pick<ServedKind, 'group' | 'version' | 'plural'>, namespace?: string): string {
  const base = served.group ? `/apis/${served.group}/${served.version}` : `/api/${served.version}`;
  return `${base}${namespace !== undefined ? `/namespaces/${encodeURIComponent(namespace)}` : ''}/${served.plural}`;
}

export function objectPath(served: Pick<ServedKind, 'group' | 'version' | 'plural' | 'namespaced'>, namespace: string, name: string): string {
  return `${collectionPath(served, served.namespaced ? namespace : undefined)}/${encodeURIComponent(name)}`;
}
