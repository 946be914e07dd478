import type { DestinationRule } from '../../model/types.js';
import type { Checker } from '../checker.js';
import type { CheckContext } from '../context.js';
import { hostKey } from '../kiali-host.js';
import { exportedTo, isDestinationRule, isMeshWideRule, isNamespaceWideRuleFor, topTlsMode } from '../policy-modes.js';
import { parseRuleHost, rulesWithHostKey } from './host-registry.js';

/** Kiali leaves out the mesh- and namespace-wide ISTIO_MUTUAL rules: they are meant to sit under specific ones. */
function isBaseline(dr: DestinationRule): boolean {
  return topTlsMode(dr) === 'ISTIO_MUTUAL' && (isMeshWideRule(dr) || isNamespaceWideRuleFor(dr, dr.namespace));
}

const subsetNames = (dr: DestinationRule): string[] => (dr.subsets.length > 0 ? dr.subsets.map((s) => s.name) : ['~']);

function collides(a: DestinationRule, b: DestinationRule): boolean {
  const left = subsetNames(a);
  const right = subsetNames(b);
  return left.includes('~') || right.includes('~') || left.some((name) => right.includes(name));
}

/** Other rules visible to this rule's namespace for the same host that it collides with. */
function collidingRules(dr: DestinationRule, ctx: CheckContext): DestinationRule[] {
  if (isBaseline(dr)) return [];
  return rulesWithHostKey(hostKey(parseRuleHost(dr, ctx)), ctx).filter(
    (other) => other !== dr && !isBaseline(other) && exportedTo(other, dr.namespace, ctx) && collides(dr, other),
  );
}

// Rules for one host are merged by Istio: the oldest trafficPolicy wins whole and a repeated subset name
// from a younger rule is dropped (istio-mtls-semantics §2.7), so the second rule silently loses settings.
// Unlike Kiali, overlapping wildcards (`*.local` and `reviews`) are not reported: the most specific host
// wins at lookup, which is how they are meant to be used (§2.4).
export const multipleRulesSameHost: Checker = {
  code: 'KIA0201',
  kinds: ['DestinationRule'],
  severity: 'warning',
  message: 'More than one DestinationRules for the same host subset combination',
  invalidates: false,
  check(dr, ctx) {
    if (!isDestinationRule(dr)) return [];
    return collidingRules(dr, ctx).length > 0 ? [{ path: ['spec', 'host'] }] : [];
  },
};
