import { field, list } from '../../model/read.js';
import type { Checker, Finding } from '../checker.js';
import type { CheckContext } from '../context.js';
import { hostRegistry, hostsMatch, type RegistryHost } from '../service-entry/registry.js';
import { visibleIn } from '../../model/visibility.js';
import { isIstioSidecar } from './sidecars.js';

/**
 * Whether `namespace/dns` imports anything, as Istio reads it: services of that namespace (`.` the
 * Sidecar's, `*` any) whose hostname matches dns (an FQDN, optionally with a leading wildcard) and that
 * are exported to the Sidecar's namespace.
 */
function importsSomething(ctx: CheckContext, scope: string, dns: string, sidecarNamespace: string): boolean {
  const registry = hostRegistry(ctx);
  const name = dns.toLowerCase();
  const candidates: readonly RegistryHost[] =
    scope !== '*'
      ? registry.byNamespace.get(scope === '.' ? sidecarNamespace : scope) ?? []
      : name.startsWith('*')
        ? registry.all
        : [...(registry.exact.get(name) ?? []), ...registry.wildcards];
  return candidates.some((h) => visibleIn(h.visibility, sidecarNamespace) && hostsMatch(name, h.hostname));
}

// An egress host that matches no service imports nothing; the sidecar gets no route to what was meant.
export const sidecarEgressHostNotFound: Checker = {
  code: 'KIA1004',
  kinds: ['Sidecar'],
  severity: 'warning',
  message: 'This host has no matching entry in the service registry',
  invalidates: false,
  check(sidecar, ctx) {
    if (!isIstioSidecar(sidecar) || !ctx.hasRegistry) return [];
    const findings: Finding[] = [];
    list(field(sidecar.raw, 'spec', 'egress')).forEach((listener, i) => {
      list(field(listener, 'hosts')).forEach((host, j) => {
        if (typeof host !== 'string') return;
        const slash = host.indexOf('/');
        if (slash < 0) return;
        const scope = host.slice(0, slash);
        const dns = host.slice(slash + 1);
        // `~/…` imports nothing on purpose; `ns/*` is everything a namespace offers.
        if (scope === '~' || dns === '*') return;
        if (!importsSomething(ctx, scope, dns, sidecar.namespace)) findings.push({ path: ['spec', 'egress', i, 'hosts', j] });
      });
    });
    return findings;
  },
};
