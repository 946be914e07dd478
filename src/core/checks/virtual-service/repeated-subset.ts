import { pushTo } from '../../model/lists.js';
import type { Checker, Finding } from '../checker.js';
import { hostKey, parseHost } from '../kiali-host.js';
import { routeDestinations } from './routes.js';

// Two destinations of one route that reach the same host, subset and port are the same Envoy cluster
// listed twice: the split says less than it seems to.
export const virtualServiceRepeatedSubset: Checker = {
  code: 'KIA1105',
  kinds: ['VirtualService'],
  severity: 'warning',
  message: 'This host subset combination is already referenced in another route destination',
  invalidates: false,
  check(vs, ctx) {
    if (!vs.apiVersion.startsWith('networking.istio.io/')) return [];
    const groups = new Map<string, { kind: string; routeIndex: number; destinationIndex: number }[]>();
    for (const d of routeDestinations(vs)) {
      const fqdn = hostKey(parseHost(d.host, vs.namespace, (ns) => ctx.namespaceExists(ns)));
      // Destination ports are part of the key: different ports are different Envoy clusters.
      const key = JSON.stringify([d.kind, d.routeIndex, fqdn, d.subset, d.port ?? null]);
      pushTo(groups, key, d);
    }
    const findings: Finding[] = [];
    for (const group of groups.values()) {
      if (group.length < 2) continue;
      // Kiali's path `route[j]/host` resolves to the duplicated route entry.
      for (const d of group) findings.push({ path: ['spec', d.kind, d.routeIndex, 'route', d.destinationIndex, 'host'] });
    }
    return findings;
  },
};
