import { field, list, str } from '../../model/read.js';
import type { Checker } from '../checker.js';
import type { CheckContext } from '../context.js';
import { operationEntries, wildcardMatches } from './rules.js';

/** Names a client may put in a Host header for something in the registry or a route (ports stripped). */
function knownHost(host: string, ctx: CheckContext): boolean {
  const labels = host.split('.');
  // A short name is resolved in the caller's namespace, which can be any namespace.
  if (labels.length === 1 && ctx.servicesNamed(host).length > 0) return true;
  if (labels.length === 2 && ctx.servicesNamed(labels[0] ?? '').some((s) => s.namespace === labels[1])) return true;
  const routed = [
    ...ctx.snapshot.serviceEntries.flatMap((se) => se.hosts),
    ...ctx.objectsOfKind('VirtualService').flatMap((vs) => list(field(vs.raw, 'spec', 'hosts')).map(str)),
    ...ctx.objectsOfKind('Gateway').flatMap((gw) => list(field(gw.raw, 'spec', 'servers')).flatMap((s) => list(field(s, 'hosts')).map(str))),
  ];
  return routed.some((h) => h !== undefined && wildcardMatches(h.includes('/') ? h.slice(h.indexOf('/') + 1) : h, host));
}

// Istio matches `operation.hosts` against the request's Host/:authority header, not against the service
// registry (users-and-peers §1.2, kiali#10188): a host nobody addresses never matches, but a Host header may
// legitimately name things outside the registry. meshlock therefore keeps Kiali's skips (wildcards, names
// with two dots or more, one-dot names not ending in a namespace), strips a `:port`, accepts a short name
// that is a Service in any namespace, and reports a warning that does not invalidate.
export const operationHostNotFound: Checker = {
  code: 'KIA0104',
  kinds: ['AuthorizationPolicy'],
  severity: 'warning',
  message: 'This host has no matching entry in the service registry',
  invalidates: false,
  check(ap, ctx) {
    if (!ctx.hasRegistry) return [];
    return operationEntries(ap, 'hosts')
      .filter(({ value }) => {
        const host = value.replace(/:\d+$/, '');
        if (host === '' || host.startsWith('*') || host.endsWith('*')) return false;
        const labels = host.split('.');
        if (labels.length > 2) return false;
        if (labels.length === 2 && labels[1] !== ap.namespace && !ctx.namespaceExists(labels[1] ?? '')) return false;
        return !knownHost(host, ctx);
      })
      .map((e) => ({ path: e.path }));
  },
};
