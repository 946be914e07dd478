// Selector lookups shared by the kinds that select workloads with `spec.selector.matchLabels`.
import { workloadSelectorOf } from '../model/kinds.js';
import type { Labels, MeshObject } from '../model/types.js';
import type { CheckContext } from './context.js';

/** The same text for equal selectors whatever their key order, to share work between objects that select alike. */
export function selectorKey(selector: Labels | undefined): string {
  return selector === undefined ? '(none)' : JSON.stringify(Object.entries(selector).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The object's non-empty workload selector (where the kind table says its kind keeps it), or undefined. */
export function matchLabelsOf(object: MeshObject): Labels | undefined {
  return workloadSelectorOf(object);
}

/** KIA0004's question: labels that match no workload of the namespace (only asked when workloads are known). */
export function selectsNoWorkload(namespace: string, labels: Labels | undefined, ctx: CheckContext): boolean {
  return labels !== undefined && ctx.hasWorkloads && ctx.workloadsMatching(namespace, labels).length === 0;
}
