import type { Checker } from '../checker.js';
import { isNamespaceWide, isPeerAuthentication } from '../policy-modes.js';

// Istio keeps only the oldest selector-less PeerAuthentication of a namespace; every other one is dropped.
export const multipleNamespaceWide: Checker = {
  code: 'KIA0002',
  kinds: ['PeerAuthentication'],
  severity: 'error',
  message: 'More than one selector-less object in the same namespace',
  invalidates: true,
  check(pa, ctx) {
    if (!isPeerAuthentication(pa) || !isNamespaceWide(pa)) return [];
    return ctx.namespaceWidePolicies(pa.namespace).length > 1 ? [{ path: ['spec', 'selector'] }] : [];
  },
};
