import type { Checker } from '../checker.js';
import { principalStatus } from './principals.js';
import { sourceEntries } from './rules.js';

// A principal no workload runs as never matches: an ALLOW rule on it admits nobody, a DENY rule on it
// stops nobody. Only judged when the files describe workloads (their service accounts).
export const principalNotFound: Checker = {
  code: 'KIA0106',
  kinds: ['AuthorizationPolicy'],
  severity: 'error',
  message: 'Service Account not found for this principal',
  invalidates: true,
  check(ap, ctx) {
    if (!ctx.hasWorkloads) return [];
    return sourceEntries(ap, 'principals')
      .filter((e) => principalStatus(e.value, ctx) === 'missing')
      .map((e) => ({ path: e.path }));
  },
};
