import type { Checker } from '../checker.js';
import { isDestinationRule, isNamespaceWideRuleFor, topTlsMode } from '../policy-modes.js';
import { enablingPolicyMissing } from './enabling-policy-missing.js';

// A namespace-wide ISTIO_MUTUAL rule is half of a manual mTLS setup: with auto mTLS off (the seeds' setup)
// the namespace still accepts plaintext until a PeerAuthentication enables mTLS there, as Kiali says. With
// auto mTLS on, clients already send mTLS and only a DISABLE namespace rejects it (istio-mtls-semantics §1.4,
// §4.2); Kiali's reading differs there, see docs/validations.md.
export const namespacePolicyMissing: Checker = {
  code: 'KIA0206',
  kinds: ['DestinationRule'],
  severity: 'error',
  message: 'PeerAuthentication enabling namespace-wide mTLS is missing',
  invalidates: true,
  check(dr, ctx) {
    if (!isDestinationRule(dr) || !isNamespaceWideRuleFor(dr, dr.namespace) || topTlsMode(dr) !== 'ISTIO_MUTUAL') return [];
    return enablingPolicyMissing(ctx.engine.namespaceMode(dr.namespace), ctx.engine.meshConfig.enableAutoMtls)
      ? [{ path: ['spec', 'trafficPolicy', 'tls', 'mode'] }]
      : [];
  },
};
