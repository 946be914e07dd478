// Every kind the engine reads from a cluster, with the versions to try in order, taken from core's kind
// table. Istio kinds prefer v1 and fall back to what older control planes serve; discovery picks the first
// version the server has.
import { KINDS, WATCHED_KINDS as WATCHED } from '../../core/index.js';

export interface WatchedKind {
  readonly kind: string;
  /** '' for the core group. */
  readonly group: string;
  readonly versions: readonly string[];
  readonly namespaced: boolean;
}

// Only the mesh's ConfigMaps are read (see kube-source.ts), never every ConfigMap of the cluster.
export const WATCHED_KINDS: readonly WatchedKind[] = WATCHED.map((kind) => ({ kind, group: KINDS[kind].group, versions: KINDS[kind].versions, namespaced: KINDS[kind].namespaced }));

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
