import type { Checker } from '../checker.js';
import { isEffectiveNamespaceWide, isPeerAuthentication, meshRulesVisibleTo, strictOnlyAtZtunnel, topTlsMode } from '../policy-modes.js';

// With auto mTLS off a client sends mTLS only when a DestinationRule asks for it, so a mesh-wide STRICT
// without a mesh-wide ISTIO_MUTUAL rule turns away every in-mesh caller (istio-mtls-semantics §3.4) — of
// sidecars: ambient workloads take HBONE whatever the rules say.
export const meshDrMissing: Checker = {
  code: 'KIA0401',
  kinds: ['PeerAuthentication'],
  severity: 'error',
  message: 'Mesh-wide Destination Rule enabling mTLS is missing',
  invalidates: true,
  check(pa, ctx) {
    if (!isPeerAuthentication(pa) || !ctx.isRootNamespace(pa.namespace) || ctx.autoMtls) return [];
    if (!isEffectiveNamespaceWide(pa, ctx) || pa.mode !== 'STRICT' || strictOnlyAtZtunnel(ctx.snapshot.workloads, ctx)) return [];
    const found = meshRulesVisibleTo(pa.namespace, ctx).some((dr) => topTlsMode(dr) === 'ISTIO_MUTUAL');
    return found ? [] : [{ path: ['spec', 'mtls'] }];
  },
};
