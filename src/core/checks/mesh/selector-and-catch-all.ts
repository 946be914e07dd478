import { qualifyHost } from '../../model/hosts.js';
import type { Checker } from '../checker.js';
import { isDestinationRule } from '../policy-modes.js';

// When a rule with workloadSelector and one without share a host and namespace, Istio may fold the
// catch-all into the selector rule, and workloads the selector does not match lose it
// (istio-mtls-semantics §2.7, marked inferred there).
const MESSAGE = 'A DestinationRule with workloadSelector and one without exist for this host in this namespace; the catch-all may not apply to other workloads';

export const selectorAndCatchAll: Checker = {
  code: 'MSL008',
  kinds: ['DestinationRule'],
  severity: 'warning',
  message: MESSAGE,
  invalidates: false,
  check(dr, ctx) {
    if (!isDestinationRule(dr) || !dr.host) return [];
    const host = qualifyHost(dr.host, dr.namespace);
    const partner = ctx.destinationRulesIn(dr.namespace).find(
      (other) => other !== dr && other.namespace === dr.namespace && qualifyHost(other.host, other.namespace) === host && (other.workloadSelector === undefined) !== (dr.workloadSelector === undefined),
    );
    if (!partner) return [];
    return [{ path: dr.workloadSelector ? ['spec', 'workloadSelector'] : ['spec', 'host'], message: `${MESSAGE} (see DestinationRule ${partner.namespace}/${partner.name})` }];
  },
};
