import type { Checker } from '../checker.js';
import { isDestinationRule, isNamespaceWideRuleFor, topTlsMode } from '../policy-modes.js';

// A namespace-wide DISABLE rule makes clients send plaintext into a namespace whose own PeerAuthentication
// is STRICT: every such request is reset (istio-mtls-semantics §4.2, PLAIN row, STRICT column). The
// namespace mode comes from the engine (oldest policy wins, UNSET inherits).
export const strictNamespacePolicy: Checker = {
  code: 'KIA0207',
  kinds: ['DestinationRule'],
  severity: 'error',
  message: 'PeerAuthentication with TLS strict mode found, it should be permissive',
  invalidates: true,
  check(dr, ctx) {
    if (!isDestinationRule(dr) || !isNamespaceWideRuleFor(dr, dr.namespace) || topTlsMode(dr) !== 'DISABLE') return [];
    const mode = ctx.engine.namespaceMode(dr.namespace);
    const ownPolicy = mode.decidedBy !== null && mode.decidedBy.namespace === dr.namespace && !ctx.isRootNamespace(dr.namespace);
    return mode.mode === 'STRICT' && ownPolicy ? [{ path: ['spec', 'trafficPolicy', 'tls', 'mode'] }] : [];
  },
};
