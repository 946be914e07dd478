import { formatRef } from '../../model/refs.js';
import type { Checker } from '../checker.js';
import { isEffectiveNamespaceWide, isPeerAuthentication } from '../policy-modes.js';

const KUBE_API_PORT = 443;

// With auto mTLS off, mesh-wide STRICT needs a mesh-wide ISTIO_MUTUAL DestinationRule (KIA0401), and that
// rule also covers kubernetes.default.svc.cluster.local, whose endpoints have no sidecar: pods calling the
// API server then fail the TLS handshake unless a DISABLE rule for that host exists
// (istio-mtls-semantics §3.4, §4.3). The engine says what a sidecar client would send to it.
export const kubeApiIstioMutual: Checker = {
  code: 'MSL007',
  kinds: ['PeerAuthentication'],
  severity: 'error',
  message: 'Mesh-wide STRICT with auto mTLS off: clients send Istio mTLS to kubernetes.default.svc.cluster.local, which has no sidecar; add a DestinationRule with tls mode DISABLE for it',
  invalidates: true,
  check(pa, ctx) {
    if (!isPeerAuthentication(pa) || !ctx.isRootNamespace(pa.namespace) || ctx.autoMtls || !isEffectiveNamespaceWide(pa, ctx) || pa.mode !== 'STRICT') return [];
    const { destination, endpoint } = ctx.syntheticDestination('kubernetes', 'default', KUBE_API_PORT);
    const decision = ctx.engine.decide(ctx.probeClient('default'), destination, endpoint);
    if (decision.sends !== 'ISTIO_MUTUAL') return [];
    const by = decision.decidedBy ? ` (${formatRef(decision.decidedBy)})` : '';
    return [{ path: ['spec', 'mtls', 'mode'], message: `Mesh-wide STRICT with auto mTLS off: clients send Istio mTLS${by} to kubernetes.default.svc.cluster.local, which has no sidecar; add a DestinationRule with tls mode DISABLE for it` }];
  },
};
