import type { DestinationRule } from '../../model/types.js';
import type { Checker } from '../checker.js';
import type { CheckContext } from '../context.js';
import { hostKey, namespaceWideHost, parseHost } from '../kiali-host.js';
import { exportedTo, isDestinationRule, isMeshWideRule, isNamespaceWideRuleFor, MESH_WIDE_HOST, topTlsMode } from '../policy-modes.js';
import { parseRuleHost, rulesWithHostKey } from './host-registry.js';

/** A rule that carries TLS settings somewhere: top level or a port-level entry. */
function setsTls(dr: DestinationRule): boolean {
  const policy = dr.trafficPolicy;
  return policy !== undefined && (policy.tls !== undefined || policy.portLevelSettings.some((p) => p.tls !== undefined));
}

/** The ISTIO_MUTUAL rules among `rules`, once per list and run: only they can be overridden. */
function mutualOnly(rules: readonly DestinationRule[], ctx: CheckContext): readonly DestinationRule[] {
  const kept = ctx.cached('kia0204-mutual-rules', () => new Map<readonly DestinationRule[], readonly DestinationRule[]>());
  let mutual = kept.get(rules);
  if (!mutual) kept.set(rules, (mutual = rules.filter((dr) => topTlsMode(dr) === 'ISTIO_MUTUAL')));
  return mutual;
}

// The most specific host wins at lookup and nothing is inherited from a wider rule (istio-mtls-semantics
// §2.5, §3.4): a rule for one host without tls drops the ISTIO_MUTUAL of the mesh- or namespace-wide
// rule for that host, leaving it to auto mTLS, or to plaintext when auto mTLS is off.
export const tlsSettingsOverridden: Checker = {
  code: 'KIA0204',
  kinds: ['DestinationRule'],
  severity: 'warning',
  message: 'mTLS settings of a non-local Destination Rule are overridden',
  invalidates: false,
  check(dr, ctx) {
    if (!isDestinationRule(dr) || setsTls(dr)) return [];
    const parsed = parseRuleHost(dr, ctx);
    const own = hostKey(parsed);
    // Only ISTIO_MUTUAL rules can be overridden; filtering them once keeps 5,000 rules for one host linear.
    const candidates = new Set([
      ...mutualOnly(ctx.destinationRulesWithHost(MESH_WIDE_HOST), ctx),
      ...(parsed.complete ? mutualOnly(ctx.destinationRulesWithHost(namespaceWideHost(parsed.namespace)), ctx) : []),
      ...mutualOnly(rulesWithHostKey(own, ctx), ctx),
    ]);
    const overridden = [...candidates].some((other) => {
      if (other === dr || !exportedTo(other, dr.namespace, ctx)) return false;
      if (isMeshWideRule(other) || isNamespaceWideRuleFor(other, other.namespace)) {
        const wide = parseHost(other.host, dr.namespace, (ns) => ctx.namespaceExists(ns));
        if (wide.service === MESH_WIDE_HOST || (wide.complete && parsed.complete && wide.namespace === parsed.namespace)) return true;
      }
      return parsed.complete && (other.host === namespaceWideHost(parsed.namespace) || hostKey(parseRuleHost(other, ctx)) === own);
    });
    return overridden ? [{ path: ['spec', 'trafficPolicy'] }] : [];
  },
};
