import { formatRef } from '../../model/refs.js';
import type { Checker } from '../checker.js';
import { isNamespaceWide, isPeerAuthentication } from '../policy-modes.js';

// Of several selector-less PeerAuthentications in one namespace Istio keeps only the oldest (creation time,
// then name) and drops the others with a log line (istio-mtls-semantics §1.3). KIA0002 says there are
// several; this says which one is ignored and which one is in effect.
export const duplicateNamespaceWideIgnored: Checker = {
  code: 'MSL002',
  kinds: ['PeerAuthentication'],
  severity: 'warning',
  message: 'Istio ignores this PeerAuthentication: an older selector-less one in the same namespace is in effect',
  invalidates: false,
  check(pa, ctx) {
    if (!isPeerAuthentication(pa) || !isNamespaceWide(pa)) return [];
    const effective = ctx.namespaceWidePolicies(pa.namespace)[0];
    if (!effective || effective === pa) return [];
    return [{ path: ['metadata', 'name'], message: `Istio ignores this PeerAuthentication: ${formatRef(effective)} is older and is the one in effect` }];
  },
};
