import type { Labels, Workload } from '../../model/types.js';
import type { Checker } from '../checker.js';
import type { CheckContext } from '../context.js';
import { isNamespaceWide, isPeerAuthentication } from '../policy-modes.js';
import { selectorKey } from '../selectors.js';

/**
 * Per namespace: the workloads two or more selector PeerAuthentications match, and per distinct selector
 * whether it matches one of them. PAs that share a selector are counted together, so 5,000 PAs with one
 * selector cost one pass over the namespace's workloads, not 5,000 × 5,000 comparisons.
 */
function sharedSelectors(namespace: string, ctx: CheckContext): Map<string, boolean> {
  const all = ctx.cached('kia0003-shared-selectors', () => new Map<string, Map<string, boolean>>());
  let shared = all.get(namespace);
  if (shared) return shared;
  const bySelector = new Map<string, { selector: Labels; count: number }>();
  for (const pa of ctx.peerAuthenticationsIn(namespace)) {
    if (!pa.selector) continue;
    const key = selectorKey(pa.selector);
    const entry = bySelector.get(key);
    if (entry) entry.count++;
    else bySelector.set(key, { selector: pa.selector, count: 1 });
  }
  const matches = new Map<Workload, number>();
  const matched = new Map<string, Workload[]>();
  for (const [key, { selector, count }] of bySelector) {
    const workloads = ctx.workloadsMatching(namespace, selector);
    matched.set(key, workloads);
    for (const w of workloads) matches.set(w, (matches.get(w) ?? 0) + count);
  }
  shared = new Map([...matched].map(([key, workloads]) => [key, workloads.some((w) => (matches.get(w) ?? 0) >= 2)]));
  all.set(namespace, shared);
  return shared;
}

// Per workload Istio uses only the oldest matching selector PeerAuthentication, whole: a second one that
// matches the same workload is silently ignored for it. Selector PAs only reach workloads of their own
// namespace, and the root namespace's selector PAs reach none (istio-mtls-semantics §1.2–1.3).
export const multipleWorkloadMatch: Checker = {
  code: 'KIA0003',
  kinds: ['PeerAuthentication'],
  severity: 'error',
  message: 'More than one object applied to the same workload',
  invalidates: true,
  check(pa, ctx) {
    if (!isPeerAuthentication(pa) || isNamespaceWide(pa) || ctx.isRootNamespace(pa.namespace) || !pa.selector) return [];
    return sharedSelectors(pa.namespace, ctx).get(selectorKey(pa.selector)) ? [{ path: ['spec', 'selector'] }] : [];
  },
};
