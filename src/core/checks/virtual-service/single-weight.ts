import { field, list } from '../../model/read.js';
import type { Checker, Finding } from '../checker.js';
import { ROUTE_KINDS } from './routes.js';

// Istio sends all traffic to a route's only destination whatever its weight, so a weight below 100
// there suggests a missing second destination.
export const virtualServiceSingleWeight: Checker = {
  code: 'KIA1104',
  kinds: ['VirtualService'],
  severity: 'warning',
  message: 'The weight is assumed to be 100 because there is only one route destination',
  invalidates: false,
  check(vs) {
    if (!vs.apiVersion.startsWith('networking.istio.io/')) return [];
    const findings: Finding[] = [];
    for (const kind of ROUTE_KINDS) {
      list(field(vs.raw, 'spec', kind)).forEach((route, i) => {
        const destinations = list(field(route, 'route'));
        const weight = field(destinations[0], 'weight');
        if (destinations.length === 1 && typeof weight === 'number' && weight > 0 && weight < 100) {
          findings.push({ path: ['spec', kind, i, 'route', 0, 'weight'] });
        }
      });
    }
    return findings;
  },
};
