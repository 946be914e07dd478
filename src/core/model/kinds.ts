// Every kind meshlock knows, declared once: its API group and the versions to read it at (preferred first),
// its plural, whether it is namespaced, what part it plays, and where a selecting kind keeps its selector.
// Sources, the engine, the checks, the API and the web app all ask this table instead of keeping lists.

/**
 * - `workload`: pods of one controller (the engine's workloads);
 * - `service`: a name clients call (Service, ServiceEntry);
 * - `policy`: Istio or Gateway API config, always validated and reported;
 * - `mesh`: objects the mesh is made of that are not config (Namespace, the mesh ConfigMap).
 */
export type KindRole = 'workload' | 'service' | 'policy' | 'mesh';

export interface KindInfo {
  /** '' for Kubernetes' core group. */
  readonly group: string;
  /** Versions in order of preference: the first is written, a cluster is read at the first it serves. */
  readonly versions: readonly string[];
  readonly plural: string;
  readonly namespaced: boolean;
  readonly role: KindRole;
  /** Path of the label selector that picks workloads, for kinds that select them. */
  readonly selector?: readonly string[];
  /** A source that follows a cluster reads this kind (the engine or a check needs it). */
  readonly watched: boolean;
}

const NETWORKING = ['v1', 'v1beta1', 'v1alpha3'];
const SECURITY = ['v1', 'v1beta1'];
const MATCH_LABELS = ['spec', 'selector', 'matchLabels'];
const WORKLOAD_SELECTOR = ['spec', 'workloadSelector', 'labels'];

const workload = (group: string, plural: string): KindInfo => ({ group, versions: ['v1'], plural, namespaced: true, role: 'workload', watched: true });
const istio = (group: string, versions: readonly string[], plural: string, watched: boolean, selector?: readonly string[]): KindInfo => ({
  group,
  versions,
  plural,
  namespaced: true,
  role: 'policy',
  watched,
  ...(selector ? { selector } : {}),
});

export const KINDS = {
  Namespace: { group: '', versions: ['v1'], plural: 'namespaces', namespaced: false, role: 'mesh', watched: true },
  Deployment: workload('apps', 'deployments'),
  StatefulSet: workload('apps', 'statefulsets'),
  DaemonSet: workload('apps', 'daemonsets'),
  ReplicaSet: workload('apps', 'replicasets'),
  Pod: workload('', 'pods'),
  Service: { group: '', versions: ['v1'], plural: 'services', namespaced: true, role: 'service', watched: true },
  ConfigMap: { group: '', versions: ['v1'], plural: 'configmaps', namespaced: true, role: 'mesh', watched: true },
  PeerAuthentication: istio('security.istio.io', SECURITY, 'peerauthentications', true, MATCH_LABELS),
  AuthorizationPolicy: istio('security.istio.io', SECURITY, 'authorizationpolicies', true, MATCH_LABELS),
  RequestAuthentication: istio('security.istio.io', SECURITY, 'requestauthentications', false, MATCH_LABELS),
  DestinationRule: istio('networking.istio.io', NETWORKING, 'destinationrules', true),
  VirtualService: istio('networking.istio.io', NETWORKING, 'virtualservices', true),
  Gateway: istio('networking.istio.io', NETWORKING, 'gateways', true),
  ServiceEntry: { ...istio('networking.istio.io', NETWORKING, 'serviceentries', true), role: 'service' },
  WorkloadEntry: { ...istio('networking.istio.io', NETWORKING, 'workloadentries', true), role: 'workload' },
  WorkloadGroup: istio('networking.istio.io', NETWORKING, 'workloadgroups', false),
  Sidecar: istio('networking.istio.io', NETWORKING, 'sidecars', true, WORKLOAD_SELECTOR),
  EnvoyFilter: istio('networking.istio.io', ['v1alpha3'], 'envoyfilters', false, WORKLOAD_SELECTOR),
  Telemetry: istio('telemetry.istio.io', ['v1', 'v1alpha1'], 'telemetries', false, MATCH_LABELS),
  WasmPlugin: istio('extensions.istio.io', ['v1alpha1'], 'wasmplugins', false, MATCH_LABELS),
  HTTPRoute: istio('gateway.networking.k8s.io', ['v1', 'v1beta1'], 'httproutes', false),
  GRPCRoute: istio('gateway.networking.k8s.io', ['v1'], 'grpcroutes', false),
  ReferenceGrant: istio('gateway.networking.k8s.io', ['v1beta1'], 'referencegrants', false),
} as const satisfies Record<string, KindInfo>;

export type KnownKind = keyof typeof KINDS;

/** API groups whose objects are mesh configuration: always validated and listed, valid or not. */
const CONFIG_GROUPS: ReadonlySet<string> = new Set([
  'networking.istio.io',
  'security.istio.io',
  'telemetry.istio.io',
  'extensions.istio.io',
  'gateway.networking.k8s.io',
  'inference.networking.k8s.io',
]);

export function kindInfo(kind: string): KindInfo | undefined {
  return Object.hasOwn(KINDS, kind) ? KINDS[kind as KnownKind] : undefined;
}

/** The API group of an `apiVersion` (`security.istio.io/v1` → `security.istio.io`, `v1` → ''). */
export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** The apiVersion meshlock writes a kind at (its preferred version), or undefined for unknown kinds. */
export function preferredApiVersion(kind: string): string | undefined {
  const info = kindInfo(kind);
  if (!info) return undefined;
  return info.group ? `${info.group}/${info.versions[0]}` : (info.versions[0] ?? 'v1');
}

/** Whether `apiVersion` is a version of `kind` meshlock understands (`Gateway` at networking.istio.io, not Gateway API). */
export function isKnownVersion(kind: string, apiVersion: string): boolean {
  const info = kindInfo(kind);
  if (!info) return false;
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
  return group === info.group && info.versions.includes(version);
}

export const isWorkloadKind = (kind: string): boolean => kindInfo(kind)?.role === 'workload';

/** Kinds whose pods the engine takes from a controller's pod template or a Pod (not WorkloadEntry). */
export const POD_WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Pod'] as const satisfies readonly KnownKind[];

/** Workload kinds including WorkloadEntry, for checks and links. */
export const WORKLOAD_KINDS: readonly KnownKind[] = (Object.keys(KINDS) as KnownKind[]).filter((k) => KINDS[k].role === 'workload');

/** Kinds that pick workloads with a label selector, and where. */
export const SELECTING_KINDS: readonly KnownKind[] = (Object.keys(KINDS) as KnownKind[]).filter((k) => 'selector' in KINDS[k]);

/** Kinds a cluster source lists and watches. */
export const WATCHED_KINDS: readonly KnownKind[] = (Object.keys(KINDS) as KnownKind[]).filter((k) => KINDS[k].watched);

/** Istio and Gateway API objects are always reported, valid or not; other objects only when a check concerns them. */
export function isConfigObject(object: { readonly apiVersion: string }): boolean {
  return CONFIG_GROUPS.has(groupOf(object.apiVersion));
}

/**
 * The labels a selecting object picks workloads with, read where its kind keeps them; undefined when the
 * kind does not select or the selector is absent or empty (it then applies to every workload in scope).
 */
export function workloadSelectorOf(object: { readonly kind: string; readonly raw: Readonly<Record<string, unknown>> }): Readonly<Record<string, string>> | undefined {
  const path = kindInfo(object.kind)?.selector;
  if (!path) return undefined;
  let value: unknown = object.raw;
  for (const key of path) value = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>)[key] : undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const entries = Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string');
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}
