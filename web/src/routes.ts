// The console's pages and their URLs, in one place: the router matches these and links are built from them.
import { isWorkloadKind } from '../../src/api/kinds.js';

export type PageRoute =
  | { readonly page: 'overview' }
  | { readonly page: 'namespace'; readonly namespace: string }
  | { readonly page: 'workloads' }
  | { readonly page: 'services' }
  | { readonly page: 'workload'; readonly namespace: string; readonly name: string }
  | { readonly page: 'service'; readonly namespace: string; readonly name: string }
  | { readonly page: 'security' }
  | { readonly page: 'graph' }
  | { readonly page: 'readiness' }
  | { readonly page: 'certificates' }
  | { readonly page: 'istio-list' }
  | { readonly page: 'istio-new'; readonly kind: string }
  | { readonly page: 'istio-details'; readonly namespace: string; readonly kind: string; readonly name: string }
  | { readonly page: 'not-found'; readonly path: string };

const enc = encodeURIComponent;

export const paths = {
  overview: () => '/',
  namespace: (namespace: string) => `/namespaces/${enc(namespace)}`,
  workloads: () => '/workloads',
  services: () => '/services',
  workload: (namespace: string, name: string) => `/namespaces/${enc(namespace)}/workloads/${enc(name)}`,
  service: (namespace: string, name: string) => `/namespaces/${enc(namespace)}/services/${enc(name)}`,
  security: () => '/security',
  /** Graph settings go in the query (graph-settings.ts). */
  graph: (query = '') => `/graph${query}`,
  /** The namespace (and workload) to judge go in the query, so the page can be linked to. */
  readiness: (scope: { namespace?: string; workload?: string } = {}) => {
    const query = new URLSearchParams(Object.entries(scope).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== ''));
    return query.size > 0 ? `/readiness?${query}` : '/readiness';
  },
  certificates: () => '/certificates',
  istioList: (filter: { namespace?: string; kind?: string } = {}) => {
    const query = new URLSearchParams(Object.entries(filter).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== ''));
    return query.size > 0 ? `/istio?${query}` : '/istio';
  },
  /** No kind: create from pasted YAML. */
  istioNew: (kind = '') => (kind ? `/istio/new/${enc(kind)}` : '/istio/new'),
  istioDetails: (namespace: string, kind: string, name: string) => `/istio/${enc(namespace)}/${enc(kind)}/${enc(name)}`,
};

/** Workload kinds link to the workload page; Services to the service page; Istio objects to the editor. */
export function objectPath(ref: { kind: string; namespace: string; name: string }): string {
  if (ref.kind === 'Service') return paths.service(ref.namespace, ref.name);
  if (isWorkloadKind(ref.kind)) return paths.workload(ref.namespace, ref.name);
  return paths.istioDetails(ref.namespace, ref.kind, ref.name);
}

export function matchRoute(pathname: string): PageRoute {
  const parts = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const [a, b, c, d] = parts;
  if (parts.length === 0) return { page: 'overview' };
  if (a === 'security' && parts.length === 1) return { page: 'security' };
  if (a === 'workloads' && parts.length === 1) return { page: 'workloads' };
  if (a === 'services' && parts.length === 1) return { page: 'services' };
  if (a === 'graph' && parts.length === 1) return { page: 'graph' };
  if (a === 'readiness' && parts.length === 1) return { page: 'readiness' };
  if (a === 'certificates' && parts.length === 1) return { page: 'certificates' };
  if (a === 'namespaces' && b !== undefined) {
    if (parts.length === 2) return { page: 'namespace', namespace: b };
    if (parts.length === 4 && c === 'workloads' && d !== undefined) return { page: 'workload', namespace: b, name: d };
    if (parts.length === 4 && c === 'services' && d !== undefined) return { page: 'service', namespace: b, name: d };
  }
  if (a === 'istio') {
    if (parts.length === 1) return { page: 'istio-list' };
    if (parts.length === 2 && b === 'new') return { page: 'istio-new', kind: '' };
    if (parts.length === 3 && b === 'new' && c !== undefined) return { page: 'istio-new', kind: c };
    if (parts.length === 4 && b !== undefined && c !== undefined && d !== undefined) return { page: 'istio-details', namespace: b, kind: c, name: d };
  }
  return { page: 'not-found', path: pathname };
}
