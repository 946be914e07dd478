import type { Checker } from '../checker.js';
import { principalStatus } from './principals.js';
import { sourceEntries } from './rules.js';

// A principal from a trust domain that is neither the mesh's nor one of its aliases cannot be checked,
// and matches only callers whose certificates come from that domain (istio-mtls-semantics §6).
export const principalForeignTrustDomain: Checker = {
  code: 'KIA0108',
  kinds: ['AuthorizationPolicy'],
  severity: 'warning',
  message: 'Unable to verify principal, trust domain is not known to Kiali',
  invalidates: true,
  check(ap, ctx) {
    if (!ctx.hasWorkloads) return [];
    return sourceEntries(ap, 'principals')
      .filter((e) => principalStatus(e.value, ctx) === 'foreign')
      .map((e) => ({ path: e.path }));
  },
};
