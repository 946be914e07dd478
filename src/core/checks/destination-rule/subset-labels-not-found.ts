import { selectorMatches } from '../../model/labels.js';
import { field, isRecord, list, str } from '../../model/read.js';
import type { DestinationRule } from '../../model/types.js';
import type { Checker, Finding } from '../checker.js';
import type { CheckContext } from '../context.js';
import { hostKey, parseHost } from '../kiali-host.js';
import { isDestinationRule } from '../policy-modes.js';
import { findService, hostFound, parseRuleHost, serviceEntryEndpointLabels } from './host-registry.js';

/** Whether some VirtualService routes to this rule's host with `subset` (http, tcp or tls routes). */
function subsetRouted(dr: DestinationRule, subset: string, key: string, ctx: CheckContext): boolean {
  return ctx.objectsOfKind('VirtualService').some((vs) =>
    ['http', 'tcp', 'tls'].some((protocol) =>
      list(field(vs.raw, 'spec', protocol)).some((route) =>
        list(field(route, 'route')).some((r) => {
          const destination = field(r, 'destination');
          const host = str(field(destination, 'host'));
          if (!host || str(field(destination, 'subset')) !== subset) return false;
          return hostKey(parseHost(host, vs.namespace, (ns) => ctx.namespaceExists(ns))) === key;
        }),
      ),
    ),
  );
}

/** Whether a subset's labels select an endpoint of the rule's host (a wildcard host always does). */
export function subsetLabelsFound(dr: DestinationRule, labels: Record<string, string>, ctx: CheckContext): boolean {
  if (dr.host.startsWith('*')) return true;
  const parsed = parseRuleHost(dr, ctx);
  const service = findService(parsed, ctx);
  if (service?.selector) {
    const selector = service.selector;
    return ctx.workloadsIn(service.namespace).some((w) => selectorMatches(selector, w.podLabels) && selectorMatches(labels, w.podLabels));
  }
  return serviceEntryEndpointLabels(hostKey(parsed), ctx).some((endpoint) => selectorMatches(labels, endpoint));
}

// A subset whose labels select no endpoint sends its traffic nowhere (503 NoHealthyUpstream) once a
// VirtualService routes to it; unrouted, it is only a leftover.
export const subsetLabelsNotFound: Checker = {
  code: 'KIA0203',
  kinds: ['DestinationRule'],
  severity: 'error',
  message: "This subset's labels are not found in any matching host",
  invalidates: true,
  check(dr, ctx) {
    if (!isDestinationRule(dr) || !ctx.hasWorkloads || dr.subsets.length === 0 || !hostFound(dr, ctx)) return [];
    const key = hostKey(parseRuleHost(dr, ctx));
    const findings: Finding[] = [];
    list(field(dr.raw, 'spec', 'subsets')).forEach((raw, i) => {
      const subset = dr.subsets[i];
      if (!isRecord(raw) || !subset || Object.keys(subset.labels).length === 0) return;
      if (subsetLabelsFound(dr, subset.labels, ctx)) return;
      const routed = subsetRouted(dr, subset.name, key, ctx);
      findings.push({ path: ['spec', 'subsets', i], severity: routed ? 'error' : 'info', invalidates: routed });
    });
    return findings;
  },
};
