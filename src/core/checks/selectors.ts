// Selector lookups shared by the kinds that select workloads with `spec.selector.matchLabels`.
import { workloadSelectorOf } from '../model/kinds.js';
import type { Labels, MeshObject } from '../model/types.js';
import type { CheckContext } from './context.js';

/** The same text for equal selectors whatever their key order, to share work between objects that select alike. */
export function selectorKey(selector: Labels | undefined): string {
  if (selector === undefined) return '(none)';
  // Asked once per Service and PeerAuthentication: sorted names and values joined, without entry arrays or JSON.
  // Label names and values never hold control characters, so the separators cannot occur inside them.
  const names = Object.keys(selector);
  if (names.length > 1) names.sort();
  let key = '';
  for (const name of names) key += `${name}\u0000${selector[name]}\u0001`;
  return key;
}

/** The object's non-empty workload selector (where the kind table says its kind keeps it), or undefined. */
export function matchLabelsOf(object: MeshObject): Labels | undefined {
  return workloadSelectorOf(object);
}

/** KIA0004's question: labels that match no workload of the namespace (only asked when workloads are known). */
export function selectsNoWorkload(namespace: string, labels: Labels | undefined, ctx: CheckContext): boolean {
  return labels !== undefined && ctx.hasWorkloads && ctx.workloadsMatching(namespace, labels).length === 0;
}
