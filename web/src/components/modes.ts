// Words for modes and Kiali's tooltip messages, keyed by the API's values so every value has its text.
import type { Lock, RollupMode, ServerMode } from '../../../src/api/schemas.js';

export const MODE_LABELS: Record<RollupMode | ServerMode, string> = {
  STRICT: 'Strict',
  PERMISSIVE: 'Permissive',
  DISABLE: 'Disabled',
  MIXED: 'Mixed',
  NONE: 'No sidecar',
};

/** Kiali's mesh tooltips (kiali-ui-reference §1.6), by lock. */
export const MESH_MESSAGES: Record<Lock, string> = {
  full: 'Mesh-wide mTLS is enabled',
  hollow: 'Mesh-wide TLS is partially enabled',
  none: 'Mesh-wide mTLS is disabled',
};

/** Kiali's namespace tooltips (kiali-ui-reference §1.4), by lock. */
export const NAMESPACE_MESSAGES: Record<Lock, string> = {
  full: 'mTLS is enabled for this namespace',
  hollow: 'mTLS is partially enabled for this namespace. Connection can be either plaintext or mTLS tunnel',
  none: 'mTLS is disabled for this namespace',
};

export function inheritedMessage(mode: RollupMode): string {
  return `mTLS is UNSET for the namespace. Inheriting mesh-wide ${mode} mTLS mode`;
}

export function decidedByText(decidedBy: string | null): string {
  return decidedBy ? `decided by ${decidedBy}` : "Istio's default (no PeerAuthentication sets a mode)";
}
