import type { Checker } from '../checker.js';
import { isDestinationRule } from '../policy-modes.js';
import { tlsBlocks } from './tls-blocks.js';

// SIMPLE/MUTUAL with a Kubernetes Secret credentialName works on gateways, but a sidecar builds the cluster
// without any TLS unless the rule has a workloadSelector: silent plaintext (istio-mtls-semantics §2.2).
// `configmap://` credentials are exempt.
export const credentialNameWithoutSelector: Checker = {
  code: 'MSL010',
  kinds: ['DestinationRule'],
  severity: 'warning',
  message: 'credentialName on a DestinationRule without workloadSelector: sidecars send plaintext (only gateways use the secret)',
  invalidates: false,
  check(dr) {
    if (!isDestinationRule(dr) || dr.workloadSelector) return [];
    return tlsBlocks(dr)
      .filter((b) => (b.tls.mode === 'SIMPLE' || b.tls.mode === 'MUTUAL') && b.tls.credentialName !== undefined && !b.tls.credentialName.startsWith('configmap://'))
      .map((b) => ({ path: [...b.path, 'credentialName'] }));
  },
};
