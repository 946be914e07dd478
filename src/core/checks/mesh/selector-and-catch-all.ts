import { qualifyHost } from '../../model/hosts.js';
import type { DestinationRule } from '../../model/types.js';
import type { Checker } from '../checker.js';
import type { CheckContext } from '../context.js';
import { isDestinationRule } from '../policy-modes.js';

// When a rule with workloadSelector and one without share a host and namespace, Istio may fold the
// catch-all into the selector rule, and workloads the selector does not match lose it
// (istio-mtls-semantics §2.7, marked inferred there).
const MESSAGE = 'A DestinationRule with workloadSelector and one without exist for this host in this namespace; the catch-all may not apply to other workloads';

interface HostRules {
  /** The first rule of the namespace (in its order) for the host with a workloadSelector, and without. */
  withSelector?: DestinationRule;
  catchAll?: DestinationRule;
}

/**
 * The namespace's rules per qualified host, built once per run and namespace: 5,000 rules for one host cost
 * 5,000 lookups, and re-checking one namespace after a save reads only that namespace's rules.
 */
function rulesByHost(ctx: CheckContext, namespace: string): ReadonlyMap<string, HostRules> {
  return ctx.cached(`msl008-rules-by-host\u0000${namespace}`, () => {
    const index = new Map<string, HostRules>();
    for (const dr of ctx.destinationRulesIn(namespace)) {
      const host = qualifyHost(dr.host, dr.namespace);
      let entry = index.get(host);
      if (!entry) index.set(host, (entry = {}));
      if (dr.workloadSelector) entry.withSelector ??= dr;
      else entry.catchAll ??= dr;
    }
    return index;
  });
}

export const selectorAndCatchAll: Checker = {
  code: 'MSL008',
  kinds: ['DestinationRule'],
  severity: 'warning',
  message: MESSAGE,
  invalidates: false,
  check(dr, ctx) {
    if (!isDestinationRule(dr) || !dr.host) return [];
    const rules = rulesByHost(ctx, dr.namespace).get(qualifyHost(dr.host, dr.namespace));
    const partner = dr.workloadSelector ? rules?.catchAll : rules?.withSelector;
    if (!partner) return [];
    return [{ path: dr.workloadSelector ? ['spec', 'workloadSelector'] : ['spec', 'host'], message: `${MESSAGE} (see DestinationRule ${partner.namespace}/${partner.name})` }];
  },
};
