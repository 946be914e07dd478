import { selectorMatches } from '../../model/labels.js';
import type { Checker } from '../checker.js';
import { isNamespaceWide, isPeerAuthentication } from '../policy-modes.js';

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
    const others = ctx.peerAuthenticationsIn(pa.namespace).filter((p) => p !== pa && p.selector !== undefined);
    if (others.length === 0) return [];
    const shared = ctx
      .workloadsMatching(pa.namespace, pa.selector)
      .some((w) => others.some((p) => p.selector !== undefined && selectorMatches(p.selector, w.podLabels)));
    return shared ? [{ path: ['spec', 'selector'] }] : [];
  },
};
