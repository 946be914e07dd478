import type { Checker } from '../checker.js';
import { isEffectiveNamespaceWide, isPeerAuthentication, meshRulesVisibleTo, namespaceRulesVisibleTo, sendsMutual, topTlsMode } from '../policy-modes.js';

// A namespace that accepts only plaintext while a namespace- or mesh-wide DestinationRule makes clients
// send mTLS: every such request fails (istio-mtls-semantics §4.2, ISTIO row, DISABLE column).
// A namespace-wide DISABLE rule, seen first, overrides the mesh-wide one.
export const namespaceDisableDrMissing: Checker = {
  code: 'KIA0505',
  kinds: ['PeerAuthentication'],
  severity: 'error',
  message: 'Destination Rule disabling namespace-wide mTLS is missing',
  invalidates: true,
  check(pa, ctx) {
    if (!isPeerAuthentication(pa) || ctx.isRootNamespace(pa.namespace) || !isEffectiveNamespaceWide(pa, ctx) || pa.mode !== 'DISABLE') return [];
    for (const dr of namespaceRulesVisibleTo(pa.namespace, ctx)) {
      const mode = topTlsMode(dr);
      if (sendsMutual(mode)) return [{ path: ['spec', 'mtls'] }];
      if (mode === 'DISABLE') return [];
    }
    return meshRulesVisibleTo(pa.namespace, ctx).some((dr) => sendsMutual(topTlsMode(dr))) ? [{ path: ['spec', 'mtls'] }] : [];
  },
};
