import type { Checker } from '../checker.js';
import { isDestinationRule, isMeshWideRule, isNamespaceWideRuleFor, topTlsMode } from '../policy-modes.js';

// A DISABLE rule (mesh-wide, or namespace-wide for a namespace that inherits the mesh mode) makes clients
// send plaintext where the mesh-wide PeerAuthentication is STRICT: every such request is reset.
export const strictMeshPolicy: Checker = {
  code: 'KIA0208',
  kinds: ['DestinationRule'],
  severity: 'error',
  message: 'PeerAuthentication enabling mTLS found, permissive mode needed',
  invalidates: true,
  check(dr, ctx) {
    if (!isDestinationRule(dr) || topTlsMode(dr) !== 'DISABLE') return [];
    const root = ctx.rootNamespace;
    let mode;
    if (isMeshWideRule(dr)) mode = ctx.engine.namespaceMode(root);
    else if (isNamespaceWideRuleFor(dr, dr.namespace)) mode = ctx.engine.namespaceMode(dr.namespace);
    else return [];
    const fromMesh = mode.decidedBy !== null && mode.decidedBy.namespace === root;
    return mode.mode === 'STRICT' && fromMesh ? [{ path: ['spec', 'trafficPolicy', 'tls', 'mode'] }] : [];
  },
};
