import type { Checker, Finding } from '../checker.js';
import { hostKey, parseHost } from '../kiali-host.js';
import { destinationRulesFor } from './destination-rules-by-host.js';
import { routeDestinations } from './routes.js';

// A route to a subset that no visible DestinationRule defines has no Envoy cluster: Istio answers 503.
// Seen from the VirtualService's own namespace.
export const virtualServiceSubsetNotFound: Checker = {
  code: 'KIA1107',
  kinds: ['VirtualService'],
  severity: 'warning',
  message: 'Subset not found',
  invalidates: false,
  check(vs, ctx) {
    if (!vs.apiVersion.startsWith('networking.istio.io/')) return [];
    const findings: Finding[] = [];
    for (const d of routeDestinations(vs)) {
      if (d.host === '' || d.subset === '') continue;
      const fqdn = hostKey(parseHost(d.host, vs.namespace, (ns) => ctx.namespaceExists(ns)));
      const defined = destinationRulesFor(ctx, fqdn, vs.namespace).some((rule) => rule.subsets.some((s) => s.name === d.subset));
      if (!defined) findings.push({ path: ['spec', d.kind, d.routeIndex, 'route', d.destinationIndex, 'destination'] });
    }
    return findings;
  },
};
