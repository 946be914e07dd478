import type { Checker, Finding } from '../checker.js';
import { hostKey, parseHost } from '../kiali-host.js';
import { findVisibleHost, findVisibleService } from '../service-entry/registry.js';
import { routeDestinations } from './routes.js';

// Istio drops traffic routed to a host that is neither a Service nor a ServiceEntry host the VirtualService's
// namespace can see. Kiali's host forms (`reviews`, `reviews.bookinfo`, `reviews.bookinfo.svc`) name a Service.
export const virtualServiceHostNotFound: Checker = {
  code: 'KIA1101',
  kinds: ['VirtualService'],
  severity: 'error',
  message: "DestinationWeight on route doesn't have a valid service (host not found)",
  invalidates: true,
  check(vs, ctx) {
    // Files without any Service or ServiceEntry say nothing about the registry.
    if (!vs.apiVersion.startsWith('networking.istio.io/') || !ctx.hasRegistry) return [];
    // With ALLOW_ANY (Istio's default) the host may be reachable outside the registry, so only a warning.
    const severity = ctx.outboundAllowAny ? 'warning' : 'error';
    const findings: Finding[] = [];
    for (const d of routeDestinations(vs)) {
      if (d.host === '') continue;
      const parsed = parseHost(d.host, vs.namespace, (ns) => ctx.namespaceExists(ns));
      const found = parsed.complete
        ? findVisibleService(ctx, parsed.service, parsed.namespace, vs.namespace) ?? findVisibleHost(ctx, hostKey(parsed), vs.namespace)
        : findVisibleHost(ctx, d.host, vs.namespace);
      if (!found) findings.push({ path: ['spec', d.kind, d.routeIndex, 'route', d.destinationIndex, 'destination', 'host'], severity });
    }
    return findings;
  },
};
