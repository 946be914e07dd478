import type { Checker } from '../checker.js';
import { isNamespaceWide, isPeerAuthentication } from '../policy-modes.js';

// Istio skips PeerAuthentications with a selector in the root namespace, although the API field comment
// says they match in all namespaces (istio-mtls-semantics §1.2): this object has no effect at all.
export const rootSelectorIgnored: Checker = {
  code: 'MSL001',
  kinds: ['PeerAuthentication'],
  severity: 'warning',
  message: 'Istio ignores a PeerAuthentication with a selector in the root namespace; it applies to no workload',
  invalidates: false,
  check(pa, ctx) {
    if (!isPeerAuthentication(pa) || !ctx.isRootNamespace(pa.namespace) || isNamespaceWide(pa)) return [];
    return [{ path: ['spec', 'selector'] }];
  },
};
