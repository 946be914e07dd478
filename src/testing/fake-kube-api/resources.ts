// The resource table of the fake API server and the discovery documents built from it, shaped as
// kube-apiserver serves them (`/api`, `/api/v1`, `/apis`, `/apis/<group>`, `/apis/<group>/<version>`).

export interface FakeResource {
  /** '' for the core group. */
  readonly group: string;
  /** Served versions, most preferred first (the first is the storage and preferred version). */
  readonly versions: readonly string[];
  readonly kind: string;
  readonly plural: string;
  readonly namespaced: boolean;
  /** Custom resources (Istio) behave as CRDs do: list items keep kind and apiVersion. */
  readonly custom: boolean;
  readonly verbs: readonly string[];
}

const OBJECT_VERBS = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'];
const ISTIO_NETWORKING = ['v1', 'v1beta1', 'v1alpha3'];
const ISTIO_SECURITY = ['v1', 'v1beta1'];

const core = (kind: string, plural: string, namespaced = true): FakeResource => ({ group: '', versions: ['v1'], kind, plural, namespaced, custom: false, verbs: OBJECT_VERBS });
const apps = (kind: string, plural: string): FakeResource => ({ group: 'apps', versions: ['v1'], kind, plural, namespaced: true, custom: false, verbs: OBJECT_VERBS });
const istio = (group: string, versions: readonly string[], kind: string, plural: string): FakeResource => ({ group, versions, kind, plural, namespaced: true, custom: true, verbs: OBJECT_VERBS });

export const NAMESPACE_RESOURCE = core('Namespace', 'namespaces', false);

export const DEFAULT_RESOURCES: readonly FakeResource[] = [
  NAMESPACE_RESOURCE,
  core('Pod', 'pods'),
  core('Service', 'services'),
  core('ConfigMap', 'configmaps'),
  apps('Deployment', 'deployments'),
  apps('StatefulSet', 'statefulsets'),
  apps('DaemonSet', 'daemonsets'),
  apps('ReplicaSet', 'replicasets'),
  istio('security.istio.io', ISTIO_SECURITY, 'PeerAuthentication', 'peerauthentications'),
  istio('security.istio.io', ISTIO_SECURITY, 'AuthorizationPolicy', 'authorizationpolicies'),
  istio('security.istio.io', ISTIO_SECURITY, 'RequestAuthentication', 'requestauthentications'),
  istio('networking.istio.io', ISTIO_NETWORKING, 'DestinationRule', 'destinationrules'),
  istio('networking.istio.io', ISTIO_NETWORKING, 'VirtualService', 'virtualservices'),
  istio('networking.istio.io', ISTIO_NETWORKING, 'Gateway', 'gateways'),
  istio('networking.istio.io', ISTIO_NETWORKING, 'ServiceEntry', 'serviceentries'),
  istio('networking.istio.io', ISTIO_NETWORKING, 'WorkloadEntry', 'workloadentries'),
  istio('networking.istio.io', ISTIO_NETWORKING, 'Sidecar', 'sidecars'),
];

export const apiVersionOf = (group: string, version: string): string => (group ? `${group}/${version}` : version);

/** `peerauthentications.security.istio.io`, or `pods` for the core group: the resource as messages name it. */
export const qualifiedResource = (r: FakeResource): string => (r.group ? `${r.plural}.${r.group}` : r.plural);

export class ResourceTable {
  readonly all: readonly FakeResource[];

  constructor(resources: readonly FakeResource[]) {
    this.all = resources;
  }

  byPlural(group: string, version: string, plural: string): FakeResource | undefined {
    return this.all.find((r) => r.group === group && r.plural === plural && r.versions.includes(version));
  }

  /** The resource for an object's apiVersion and kind (any served version of its group). */
  byKind(apiVersion: string, kind: string): FakeResource | undefined {
    const group = apiVersion.includes('/') ? apiVersion.split('/')[0]! : '';
    return this.all.find((r) => r.group === group && r.kind === kind);
  }

  groups(): Map<string, readonly string[]> {
    const groups = new Map<string, readonly string[]>();
    for (const r of this.all) if (r.group && !groups.has(r.group)) groups.set(r.group, r.versions);
    return groups;
  }

  resourceList(group: string, version: string): Record<string, unknown> | undefined {
    const resources = this.all.filter((r) => r.group === group && r.versions.includes(version));
    if (resources.length === 0) return undefined;
    return {
      kind: 'APIResourceList',
      apiVersion: 'v1',
      groupVersion: apiVersionOf(group, version),
      resources: resources.map((r) => ({
        name: r.plural,
        singularName: r.kind.toLowerCase(),
        namespaced: r.namespaced,
        kind: r.kind,
        verbs: r.verbs,
      })),
    };
  }

  apiGroup(group: string): Record<string, unknown> | undefined {
    const versions = this.groups().get(group);
    if (!versions) return undefined;
    const entry = (v: string) => ({ groupVersion: `${group}/${v}`, version: v });
    return { kind: 'APIGroup', apiVersion: 'v1', name: group, versions: versions.map(entry), preferredVersion: entry(versions[0]!) };
  }

  apiGroupList(): Record<string, unknown> {
    return { kind: 'APIGroupList', apiVersion: 'v1', groups: [...this.groups().keys()].map((g) => this.apiGroup(g)) };
  }
}
