import type { Checker } from '../checker.js';
import { isEffectiveNamespaceWide, isPeerAuthentication, meshRulesVisibleTo, sendsMutual, topTlsMode } from '../policy-modes.js';

// The mesh accepts only plaintext while a mesh-wide DestinationRule makes clients send mTLS: every such
// request fails (istio-mtls-semantics §4.2, ISTIO row, DISABLE column).
export const meshDisableDrMissing: Checker = {
  code: 'KIA0506',
  kinds: ['PeerAuthentication'],
  severity: 'error',
  message: 'Destination Rule disabling mesh-wide mTLS is missing',
  invalidates: true,
  check(pa, ctx) {
    if (!isPeerAuthentication(pa) || !ctx.isRootNamespace(pa.namespace) || !isEffectiveNamespaceWide(pa, ctx) || pa.mode !== 'DISABLE') return [];
    const found = meshRulesVisibleTo(pa.namespace, ctx).some((dr) => sendsMutual(topTlsMode(dr)));
    return found ? [{ path: ['spec', 'mtls'] }] : [];
  },
};
