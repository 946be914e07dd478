// The test cluster's people: static bearer tokens (kube-apiserver's --token-auth-file) and what RBAC lets
// each of them do. Cluster roles are created at start; the namespaced grants once their namespaces exist.
import type { KubeObject } from './client.js';

export type ClusterUser = 'admin' | 'meshlock' | 'alice' | 'bob' | 'viewer' | 'no-configmaps';

export interface UserDefinition {
  readonly token: string;
  readonly groups: readonly string[];
}

export const USERS: Readonly<Record<ClusterUser, UserDefinition>> = {
  // The tests arrange and check the cluster as admin; meshlock's own kubeconfig is a second administrator, so
  // the audit log tells its requests apart. Both are system:masters: everything is allowed.
  admin: { token: 'admin-token', groups: ['system:masters'] },
  meshlock: { token: 'meshlock-token', groups: ['system:masters'] },
  // May list namespaces; reads and edits the mesh in travel-agency and travel-portal only.
  alice: { token: 'alice-token', groups: [] },
  // Reads and edits the mesh in travel-agency only, and may not list namespaces.
  bob: { token: 'bob-token', groups: [] },
  // Reads everything meshlock reads, cluster-wide; writes nothing.
  viewer: { token: 'viewer-token', groups: [] },
  // Reads everything meshlock reads but ConfigMaps.
  'no-configmaps': { token: 'no-configmaps-token', groups: [] },
};

/** The namespaces alice may read (RoleBindings in each). */
export const ALICE_NAMESPACES = ['travel-agency', 'travel-portal'] as const;
const BOB_NAMESPACES = ['travel-agency'] as const;

/** kube-apiserver's token file: token,user,uid,"group1,group2". */
export function tokenFile(): string {
  return Object.entries(USERS)
    .map(([user, definition]) => `${definition.token},${user},uid-${user},"${definition.groups.join(',')}"`)
    .join('\n');
}

const READ = ['get', 'list', 'watch'];
const WRITE = ['create', 'update', 'patch', 'delete'];
const ISTIO_GROUPS = ['security.istio.io', 'networking.istio.io'];
const CORE_READ = (withConfigMaps: boolean) => ({ apiGroups: [''], resources: ['namespaces', 'pods', 'services', ...(withConfigMaps ? ['configmaps'] : [])], verbs: READ });
const APPS_READ = { apiGroups: ['apps'], resources: ['deployments', 'replicasets', 'statefulsets', 'daemonsets'], verbs: READ };

const clusterRole = (name: string, rules: readonly object[]): KubeObject => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name }, rules });
const subject = (user: ClusterUser) => [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: user }];
const roleRef = (name: string) => ({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name });
const clusterBinding = (user: ClusterUser, role: string): KubeObject => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRoleBinding',
  metadata: { name: `${user}-${role}` },
  subjects: subject(user),
  roleRef: roleRef(role),
});
const namespaceBinding = (user: ClusterUser, role: string, namespace: string): KubeObject => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'RoleBinding',
  metadata: { name: `${user}-${role}`, namespace },
  subjects: subject(user),
  roleRef: roleRef(role),
});

/** Cluster roles and cluster-wide grants; need no namespace. */
export function clusterGrants(): KubeObject[] {
  return [
    clusterRole('mesh-reader', [CORE_READ(true), APPS_READ, { apiGroups: ISTIO_GROUPS, resources: ['*'], verbs: READ }]),
    clusterRole('mesh-reader-without-configmaps', [CORE_READ(false), APPS_READ, { apiGroups: ISTIO_GROUPS, resources: ['*'], verbs: READ }]),
    // Bound inside a namespace, `namespaces` grants get on that namespace itself.
    clusterRole('mesh-editor', [CORE_READ(true), APPS_READ, { apiGroups: ISTIO_GROUPS, resources: ['*'], verbs: [...READ, ...WRITE] }]),
    clusterRole('namespace-lister', [{ apiGroups: [''], resources: ['namespaces'], verbs: READ }]),
    clusterBinding('viewer', 'mesh-reader'),
    clusterBinding('no-configmaps', 'mesh-reader-without-configmaps'),
    clusterBinding('alice', 'namespace-lister'),
  ];
}

/** Grants inside namespaces; created once the namespaces exist. */
export function namespaceGrants(): KubeObject[] {
  return [...ALICE_NAMESPACES.map((ns) => namespaceBinding('alice', 'mesh-editor', ns)), ...BOB_NAMESPACES.map((ns) => namespaceBinding('bob', 'mesh-editor', ns))];
}
