import type { Checker } from '../checker.js';
import { isEffectiveNamespaceWide, isPeerAuthentication, meshRulesVisibleTo, namespaceRulesVisibleTo, strictOnlyAtZtunnel, topTlsMode } from '../policy-modes.js';

// With auto mTLS off a client sends mTLS only when a DestinationRule asks for it, so STRICT here without
// such a rule turns away every in-mesh caller (istio-mtls-semantics §3.4). MUTUAL does not count: it
// carries no mesh certificate. Ambient workloads take HBONE whatever the rules say: a namespace whose only
// STRICT ports are at ztunnel turns nobody away.
export const namespaceDrMissing: Checker = {
  code: 'KIA0501',
  kinds: ['PeerAuthentication'],
  severity: 'error',
  message: 'Destination Rule enabling namespace-wide mTLS is missing',
  invalidates: true,
  check(pa, ctx) {
    if (!isPeerAuthentication(pa) || ctx.isRootNamespace(pa.namespace) || ctx.autoMtls) return [];
    if (!isEffectiveNamespaceWide(pa, ctx) || pa.mode !== 'STRICT' || strictOnlyAtZtunnel(ctx.workloadsIn(pa.namespace), ctx)) return [];
    const rules = [...namespaceRulesVisibleTo(pa.namespace, ctx), ...meshRulesVisibleTo(pa.namespace, ctx)];
    const found = rules.some((dr) => topTlsMode(dr) === 'ISTIO_MUTUAL');
    return found ? [] : [{ path: ['spec', 'mtls'] }];
  },
};
