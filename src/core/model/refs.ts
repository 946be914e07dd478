import { groupOf, kindInfo } from './kinds.js';
import type { ObjectRef } from './types.js';

/** An object's identity as a map key: cluster, API group, kind, namespace and name. Built only by keyOf. */
export type RefKey = string & { readonly __brand: 'RefKey' };

/**
 * Where an object keeps its key once built: objects and refs never change, and a save asks for the same
 * keys in every layer it passes. A property of the object instead of a module-level WeakMap beside it: no
 * state outside the objects, and no table of 50,000 entries for the collector to trace (the lookups
 * themselves cost about the same). Not enumerable, so JSON, spreads and structured clones never carry it;
 * a copy builds its own.
 */
const KEY = Symbol('meshlock.refKey');

type Keyed = { [KEY]?: RefKey };

/**
 * The one key for an object's identity. It includes the API group (Istio's Gateway and Gateway API's are
 * different objects) and the cluster, so maps keyed by it stay right when several clusters are read.
 */
export function keyOf(ref: ObjectRef & { readonly apiVersion?: string }): RefKey {
  const kept = (ref as Keyed)[KEY];
  if (kept !== undefined) return kept;
  const group = ref.group ?? (ref.apiVersion !== undefined ? groupOf(ref.apiVersion) : (kindInfo(ref.kind)?.group ?? ''));
  // Joined, not a template: a template builds a tree of concatenations, which every map walks to hash and
  // compare a key, and which the collector copies as that many objects (a fifth of a large mesh's strings).
  const key = [ref.cluster ?? '', '|', group, '|', ref.kind, '/', ref.namespace, '/', ref.name].join('') as RefKey;
  if (Object.isExtensible(ref)) Object.defineProperty(ref, KEY, { value: key });
  return key;
}

/** The one printed form of an object reference; `decidedBy` in every contract uses it. */
export function formatRef(ref: ObjectRef): string {
  return `${ref.kind}/${ref.namespace}/${ref.name}`;
}

/** The bare reference of an object (kind, namespace, name, and the group that tells same-named kinds apart). */
export function refOf(object: ObjectRef & { readonly apiVersion?: string }): ObjectRef {
  const group = object.group ?? (object.apiVersion !== undefined ? groupOf(object.apiVersion) : undefined);
  return { kind: object.kind, namespace: object.namespace, name: object.name, ...(group !== undefined && group !== kindInfo(object.kind)?.group ? { group } : {}), ...(object.cluster ? { cluster: object.cluster } : {}) };
}

/**
 * Istio's order for "oldest wins": creation time, then name, then namespace (istio-mtls-semantics §1.3).
 * Objects without a timestamp sort first, as a zero time would.
 */
export function compareByAge(
  a: { creationTimestamp: string; name: string; namespace: string },
  b: { creationTimestamp: string; name: string; namespace: string },
): number {
  if (a.creationTimestamp !== b.creationTimestamp) return a.creationTimestamp < b.creationTimestamp ? -1 : 1;
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  if (a.namespace !== b.namespace) return a.namespace < b.namespace ? -1 : 1;
  return 0;
}
