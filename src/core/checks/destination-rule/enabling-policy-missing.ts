import type { ModeDecision } from '../../mtls/server-mode.js';

/**
 * KIA0205/KIA0206's condition for an ISTIO_MUTUAL rule, given the mode the engine resolves for its scope:
 * DISABLE always rejects the mTLS the rule asks for; with auto mTLS off, no PeerAuthentication setting a mode
 * means nobody enabled mTLS on the server side (Kiali's rule, kept where auto mTLS cannot stand in for it).
 */
export function enablingPolicyMissing(mode: ModeDecision, autoMtls: boolean): boolean {
  return mode.mode === 'DISABLE' || (!autoMtls && mode.decidedBy === null);
}
