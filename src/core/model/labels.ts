import type { Labels } from './types.js';

/** Plain subset matching, as Istio and Kubernetes selectors do (no expressions, no wildcards). */
export function selectorMatches(selector: Labels, labels: Labels): boolean {
  for (const key in selector) {
    if (labels[key] !== selector[key]) return false;
  }
  return true;
}

export function formatLabels(labels: Labels): string {
  return Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}
