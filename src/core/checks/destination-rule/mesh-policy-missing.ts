import type { Checker } from '../checker.js';
import { isDestinationRule, isMeshWideRule, topTlsMode } from '../policy-modes.js';
import { enablingPolicyMissing } from './enabling-policy-missing.js';

// The mesh-wide counterpart of KIA0206: a `*.local` ISTIO_MUTUAL rule without a mesh policy enabling mTLS
// (auto mTLS off), or with a mesh mode of DISABLE, which rejects the mTLS it asks for.
export const meshPolicyMissing: Checker = {
  code: 'KIA0205',
  kinds: ['DestinationRule'],
  severity: 'error',
  message: 'PeerAuthentication enabling mTLS at mesh level is missing',
  invalidates: true,
  check(dr, ctx) {
    if (!isDestinationRule(dr) || !isMeshWideRule(dr) || topTlsMode(dr) !== 'ISTIO_MUTUAL') return [];
    return enablingPolicyMissing(ctx.engine.namespaceMode(ctx.rootNamespace), ctx.engine.meshConfig.enableAutoMtls)
      ? [{ path: ['spec', 'trafficPolicy', 'tls', 'mode'] }]
      : [];
  },
};
