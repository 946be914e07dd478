import type { ObjectRef } from './types.js';

/** The one printed form of an object reference; `decidedBy` in every contract uses it. */
export function formatRef(ref: ObjectRef): string {
  return `${ref.kind}/${ref.namespace}/${ref.name}`;
}

export function refOf(object: ObjectRef): ObjectRef {
  return { kind: object.kind, namespace: object.namespace, name: object.name };
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
