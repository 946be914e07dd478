import type { Checker } from '../checker.js';
import { sourceEntries, wildcardMatches } from './rules.js';

// A source namespace that does not exist never matches, so an ALLOW rule naming it admits nobody.
// Only judged when the files declare Namespace objects (otherwise existence is unknown).
export const namespaceNotFound: Checker = {
  code: 'KIA0101',
  kinds: ['AuthorizationPolicy'],
  severity: 'warning',
  message: 'Namespace not found for this rule',
  invalidates: false,
  check(ap, ctx) {
    if (!ctx.declaresNamespaces) return [];
    const names = ctx.namespaceNames();
    return sourceEntries(ap, 'namespaces')
      .filter((e) => (e.value.includes('*') ? !names.some((name) => wildcardMatches(e.value, name)) : !ctx.namespaceExists(e.value)))
      .map((e) => ({ path: e.path }));
  },
};
